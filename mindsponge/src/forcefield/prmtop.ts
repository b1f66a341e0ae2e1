/**
 * Amber parm7 (prmtop) reader.
 *
 * Contract: `parsePrmtop(text, file?)` returns the raw sections (by %FLAG name, values parsed with the
 * section's Fortran %FORMAT) plus a checked, 0-based, still-in-Amber-units view (`AmberPrmtop`):
 * charges in Amber's internal units (e * 18.2223), lengths in Angstrom, energies in kcal/mol, angles
 * in radians. Unit conversion to nm / kJ/mol happens in `amberParams.ts`.
 * Every malformed input throws `PrmtopError` naming the file, %FLAG and line and what was expected.
 * Format reference: https://ambermd.org/prmtop.pdf (Amber file format specification).
 */

export class PrmtopError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrmtopError';
  }
}

/** One %FLAG section: its parsed values and the 1-based line of its %FLAG. */
export interface PrmtopSection {
  flag: string;
  format: string;
  kind: 'int' | 'float' | 'string';
  values: (number | string)[];
  line: number;
}

/** A bonded list in 0-based atom indices with 0-based parameter-type indices. */
export interface AmberBondList { i: Int32Array; j: Int32Array; type: Int32Array }
export interface AmberAngleList { i: Int32Array; j: Int32Array; k: Int32Array; type: Int32Array }
export interface AmberDihedralList {
  i: Int32Array; j: Int32Array; k: Int32Array; l: Int32Array; type: Int32Array;
  /** 1 where Amber's negative third index says: do not compute the 1-4 pair for this term. */
  skip14: Uint8Array;
  /** 1 where Amber's negative fourth index marks an improper torsion. */
  improper: Uint8Array;
}

export interface AmberPrmtop {
  file: string;
  title: string;
  nAtoms: number;
  nTypes: number;
  atomNames: string[];
  residueLabels: string[];
  /** [nResidues] 0-based first atom of each residue. */
  residuePointer: Int32Array;
  /** [nAtoms] Amber internal charge units (e * 18.2223). */
  charge: Float64Array;
  /** [nAtoms] amu. */
  mass: Float64Array;
  /** [nAtoms] 0-based LJ type. */
  atomType: Int32Array;
  atomicNumber: Int32Array | null;
  amberAtomType: string[];
  /** [nTypes*nTypes] index into ljA/ljB (0-based), or -1 for a 10-12 (H-bond) pair. */
  nonbondedParmIndex: Int32Array;
  /** kcal/mol * A^12 and kcal/mol * A^6. */
  ljA: Float64Array;
  ljB: Float64Array;
  /** Optional CHARMM-style 1-4 tables (LENNARD_JONES_14_ACOEF/BCOEF). */
  lj14A: Float64Array | null;
  lj14B: Float64Array | null;
  /** kcal/mol/A^2 (E = k (r - r0)^2) and A. */
  bondK: Float64Array; bondR0: Float64Array;
  /** kcal/mol/rad^2 (E = k (theta - theta0)^2) and rad. */
  angleK: Float64Array; angleTheta0: Float64Array;
  /** kcal/mol (E = k (1 + cos(n phi - phase))), periodicity, rad. */
  dihedralK: Float64Array; dihedralPeriodicity: Float64Array; dihedralPhase: Float64Array;
  scee: Float64Array; scnb: Float64Array;
  bonds: AmberBondList;
  /** [nBonds] 1 if the bond involves hydrogen (from BONDS_INC_HYDROGEN). */
  bondHasHydrogen: Uint8Array;
  angles: AmberAngleList;
  dihedrals: AmberDihedralList;
  /** CSR: excluded partners (j > i, 0-based) of atom i are excludedList[excludedStart[i] .. excludedStart[i+1]). */
  excludedStart: Int32Array;
  excludedList: Int32Array;
  /** Urey-Bradley (CHARMM prmtops): pairs, kcal/mol/A^2 (E = k (r - r0)^2), A. */
  ureyBradley: AmberBondList | null;
  ureyBradleyK: Float64Array | null;
  ureyBradleyR0: Float64Array | null;
  /** Box from BOX_DIMENSIONS: [a, b, c] Angstrom and beta in degrees, or null when IFBOX = 0. */
  box: { lengths: [number, number, number]; beta: number } | null;
  sections: Map<string, PrmtopSection>;
}

interface FortranFormat { perLine: number; width: number; kind: 'int' | 'float' | 'string' }

function parseFormat(fmt: string, file: string, flag: string, line: number): FortranFormat {
  const m = /^\(?\s*(\d*)\s*([aAiIeEfFdDgG])\s*(\d+)(?:\.\d+)?\s*\)?$/.exec(fmt.trim());
  if (!m) throw new PrmtopError(`${file}:${line}: %FLAG ${flag}: unsupported %FORMAT '${fmt}', expected e.g. (10I8), (5E16.8), (20a4)`);
  const perLine = m[1] ? Number(m[1]) : 1;
  const width = Number(m[3]);
  if (!(perLine >= 1 && width >= 1 && perLine * width <= 1024)) {
    throw new PrmtopError(`${file}:${line}: %FLAG ${flag}: %FORMAT '${fmt}' has an invalid count or width`);
  }
  const c = m[2]!.toLowerCase();
  return { perLine, width, kind: c === 'a' ? 'string' : c === 'i' ? 'int' : 'float' };
}

/** Split the raw text into sections and parse each with its %FORMAT. */
export function readPrmtopSections(text: string, file = '<prmtop>'): Map<string, PrmtopSection> {
  const lines = text.split(/\r?\n/);
  const sections = new Map<string, PrmtopSection>();
  let current: PrmtopSection | null = null;
  let fmt: FortranFormat | null = null;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const lineNo = n + 1;
    if (raw.startsWith('%')) {
      if (raw.startsWith('%FLAG')) {
        const flag = raw.slice(5).trim();
        if (!/^[A-Z0-9_]+$/i.test(flag)) throw new PrmtopError(`${file}:${lineNo}: malformed %FLAG line '${raw.trim()}', expected '%FLAG NAME'`);
        if (sections.has(flag)) throw new PrmtopError(`${file}:${lineNo}: %FLAG ${flag} appears twice (first at line ${sections.get(flag)!.line})`);
        current = { flag, format: '', kind: 'string', values: [], line: lineNo };
        sections.set(flag, current);
        fmt = null;
      } else if (raw.startsWith('%FORMAT')) {
        if (!current) throw new PrmtopError(`${file}:${lineNo}: %FORMAT before any %FLAG`);
        const inner = raw.slice(7).trim();
        fmt = parseFormat(inner, file, current.flag, lineNo);
        current.format = inner;
        current.kind = fmt.kind;
      } else if (!raw.startsWith('%VERSION') && !raw.startsWith('%COMMENT')) {
        throw new PrmtopError(`${file}:${lineNo}: unknown directive '${raw.slice(0, 20).trim()}', expected %VERSION, %FLAG, %FORMAT or %COMMENT`);
      }
      continue;
    }
    if (!current) {
      if (raw.trim() === '') continue;
      throw new PrmtopError(`${file}:${lineNo}: data before the first %FLAG; is this an Amber parm7 file?`);
    }
    if (!fmt) throw new PrmtopError(`${file}:${lineNo}: %FLAG ${current.flag} (line ${current.line}) has data but no %FORMAT line`);
    if (fmt.kind === 'string') {
      if (fmt.perLine === 1) { current.values.push(raw.trimEnd()); continue; }
      for (let p = 0; p < raw.length && p / fmt.width < fmt.perLine; p += fmt.width) current.values.push(raw.slice(p, p + fmt.width).trim());
      continue;
    }
    const count = Math.min(fmt.perLine, Math.ceil(raw.trimEnd().length / fmt.width));
    for (let c = 0; c < count; c++) {
      const field = raw.slice(c * fmt.width, (c + 1) * fmt.width).trim();
      if (field === '') continue;
      const v = fmt.kind === 'int' ? (/^[+-]?\d+$/.test(field) ? Number(field) : NaN) : Number(field.replace(/[dD]/, 'E'));
      if (!Number.isFinite(v)) {
        throw new PrmtopError(`${file}:${lineNo}: %FLAG ${current.flag}: field ${c + 1} '${field}' is not ${fmt.kind === 'int' ? 'an integer' : 'a number'} (format ${current.format})`);
      }
      current.values.push(v);
    }
  }
  return sections;
}

/** Parse an Amber parm7 topology. */
export function parsePrmtop(text: string, file = '<prmtop>'): AmberPrmtop {
  const sections = readPrmtopSections(text, file);
  const where = (flag: string): string => {
    const s = sections.get(flag);
    return s ? `${file}:${s.line}: %FLAG ${flag}` : `${file}: %FLAG ${flag}`;
  };
  const section = (flag: string, kind: 'int' | 'float' | 'string', required = true): PrmtopSection | null => {
    const s = sections.get(flag);
    if (!s) {
      if (required) throw new PrmtopError(`${file}: missing required %FLAG ${flag}`);
      return null;
    }
    if (s.values.length > 0 && s.kind !== kind && !(kind === 'float' && s.kind === 'int')) {
      throw new PrmtopError(`${where(flag)}: format ${s.format} gives ${s.kind} values, expected ${kind}`);
    }
    return s;
  };
  const nums = (flag: string, expected: number | null, kind: 'int' | 'float' = 'float', required = true): number[] | null => {
    const s = section(flag, kind, required);
    if (!s) return null;
    if (expected !== null && s.values.length !== expected) {
      throw new PrmtopError(`${where(flag)} has ${s.values.length} values, expected ${expected} (from POINTERS)`);
    }
    return s.values as number[];
  };
  const strs = (flag: string, expected: number | null, required = true): string[] | null => {
    const s = section(flag, 'string', required);
    if (!s) return null;
    if (expected !== null && s.values.length < expected) {
      throw new PrmtopError(`${where(flag)} has ${s.values.length} names, expected ${expected} (from POINTERS)`);
    }
    return (s.values as string[]).slice(0, expected ?? undefined);
  };

  const pointers = nums('POINTERS', null, 'int')!;
  if (pointers.length < 30) throw new PrmtopError(`${where('POINTERS')} has ${pointers.length} values, expected at least 30`);
  for (let p = 0; p < 30; p++) {
    if (!Number.isInteger(pointers[p]) || pointers[p]! < 0) throw new PrmtopError(`${where('POINTERS')}: value ${p + 1} is ${pointers[p]}, expected a non-negative integer`);
  }
  const [nAtoms, nTypes, nBondH, nBondA, nThetH, nThetA, nPhiH, nPhiA] = pointers as [number, number, number, number, number, number, number, number];
  const nExcl = pointers[10]!, nRes = pointers[11]!, nUBond = pointers[15]!, nUTheta = pointers[16]!, nUPhi = pointers[17]!, nPhb = pointers[19]!;
  const ifbox = pointers[27]!;
  if (nAtoms === 0) throw new PrmtopError(`${where('POINTERS')}: NATOM is 0, expected at least one atom`);
  if (nAtoms > 50_000_000 || nTypes > 100_000) throw new PrmtopError(`${where('POINTERS')}: NATOM=${nAtoms}, NTYPES=${nTypes} are implausibly large`);

  const titleSec = sections.get('TITLE') ?? sections.get('CTITLE');
  const title = titleSec ? (titleSec.values as string[]).join('').trim() : '';
  const atomNames = strs('ATOM_NAME', nAtoms)!;
  const charge = Float64Array.from(nums('CHARGE', nAtoms)!);
  const mass = Float64Array.from(nums('MASS', nAtoms)!);
  for (let a = 0; a < nAtoms; a++) {
    if (!(mass[a]! >= 0)) throw new PrmtopError(`${where('MASS')}: atom ${a + 1} has mass ${mass[a]}, expected >= 0 amu`);
  }
  const atomType = Int32Array.from(nums('ATOM_TYPE_INDEX', nAtoms, 'int')!, (t, a) => {
    if (t < 1 || t > nTypes) throw new PrmtopError(`${where('ATOM_TYPE_INDEX')}: atom ${a + 1} has type ${t}, expected 1..${nTypes} (NTYPES)`);
    return t - 1;
  });
  const atomicNumberRaw = nums('ATOMIC_NUMBER', nAtoms, 'int', false);
  const amberAtomType = strs('AMBER_ATOM_TYPE', nAtoms, false) ?? [];
  const residueLabels = strs('RESIDUE_LABEL', nRes)!;
  const residuePointer = Int32Array.from(nums('RESIDUE_POINTER', nRes, 'int')!, (p, r) => {
    if (p < 1 || p > nAtoms) throw new PrmtopError(`${where('RESIDUE_POINTER')}: residue ${r + 1} starts at atom ${p}, expected 1..${nAtoms}`);
    return p - 1;
  });

  const nPairTypes = (nTypes * (nTypes + 1)) / 2;
  const ljA = Float64Array.from(nums('LENNARD_JONES_ACOEF', nPairTypes)!);
  const ljB = Float64Array.from(nums('LENNARD_JONES_BCOEF', nPairTypes)!);
  const lj14ARaw = nums('LENNARD_JONES_14_ACOEF', nPairTypes, 'float', false);
  const lj14BRaw = nums('LENNARD_JONES_14_BCOEF', nPairTypes, 'float', false);
  const nonbondedParmIndex = Int32Array.from(nums('NONBONDED_PARM_INDEX', nTypes * nTypes, 'int')!, (ix, q) => {
    if (ix === 0 || ix > nPairTypes || -ix > Math.max(nPhb, 1)) {
      throw new PrmtopError(`${where('NONBONDED_PARM_INDEX')}: entry ${q + 1} is ${ix}, expected 1..${nPairTypes} (or negative for 10-12)`);
    }
    return ix > 0 ? ix - 1 : -1;
  });

  const bondK = Float64Array.from(nums('BOND_FORCE_CONSTANT', nUBond)!);
  const bondR0 = Float64Array.from(nums('BOND_EQUIL_VALUE', nUBond)!);
  const angleK = Float64Array.from(nums('ANGLE_FORCE_CONSTANT', nUTheta)!);
  const angleTheta0 = Float64Array.from(nums('ANGLE_EQUIL_VALUE', nUTheta)!);
  const dihedralK = Float64Array.from(nums('DIHEDRAL_FORCE_CONSTANT', nUPhi)!);
  const dihedralPeriodicity = Float64Array.from(nums('DIHEDRAL_PERIODICITY', nUPhi)!);
  const dihedralPhase = Float64Array.from(nums('DIHEDRAL_PHASE', nUPhi)!);
  // Old prmtops lack SCEE/SCNB; Amber's defaults are 1.2 and 2.0.
  const scee = Float64Array.from(nums('SCEE_SCALE_FACTOR', nUPhi, 'float', false) ?? new Array<number>(nUPhi).fill(1.2));
  const scnb = Float64Array.from(nums('SCNB_SCALE_FACTOR', nUPhi, 'float', false) ?? new Array<number>(nUPhi).fill(2.0));

  // Amber stores atom indices as 3*(i-1) (coordinate offsets), types 1-based.
  const atomIndex = (flag: string, v: number, record: number, col: number, signed: boolean): number => {
    const a = signed ? Math.abs(v) : v;
    if (a % 3 !== 0 || a / 3 >= nAtoms || (!signed && v < 0)) {
      throw new PrmtopError(`${where(flag)}: entry ${record + 1} column ${col + 1} is ${v}, expected a non-negative multiple of 3 below ${3 * nAtoms}`);
    }
    return a / 3;
  };
  const typeIndex = (flag: string, v: number, record: number, nTypesOf: number): number => {
    if (!Number.isInteger(v) || v < 1 || v > nTypesOf) throw new PrmtopError(`${where(flag)}: entry ${record + 1} has parameter type ${v}, expected 1..${nTypesOf}`);
    return v - 1;
  };

  // Fetch (and length-check) every list before allocating, so absurd POINTERS fail cleanly.
  const bondSets = [['BONDS_INC_HYDROGEN', nBondH], ['BONDS_WITHOUT_HYDROGEN', nBondA]] as const;
  const angleSets = [['ANGLES_INC_HYDROGEN', nThetH], ['ANGLES_WITHOUT_HYDROGEN', nThetA]] as const;
  const dihSets = [['DIHEDRALS_INC_HYDROGEN', nPhiH], ['DIHEDRALS_WITHOUT_HYDROGEN', nPhiA]] as const;
  for (const [flag, count] of bondSets) nums(flag, 3 * count, 'int');
  for (const [flag, count] of angleSets) nums(flag, 4 * count, 'int');
  for (const [flag, count] of dihSets) nums(flag, 5 * count, 'int');
  const nBonds = nBondH + nBondA;
  const bonds: AmberBondList = { i: new Int32Array(nBonds), j: new Int32Array(nBonds), type: new Int32Array(nBonds) };
  const bondHasHydrogen = new Uint8Array(nBonds);
  let b = 0;
  for (const [flag, count] of bondSets) {
    const v = nums(flag, 3 * count, 'int')!;
    for (let r = 0; r < count; r++, b++) {
      bonds.i[b] = atomIndex(flag, v[3 * r]!, r, 0, false);
      bonds.j[b] = atomIndex(flag, v[3 * r + 1]!, r, 1, false);
      bonds.type[b] = typeIndex(flag, v[3 * r + 2]!, r, nUBond);
      bondHasHydrogen[b] = flag === 'BONDS_INC_HYDROGEN' ? 1 : 0;
    }
  }

  const nAngles = nThetH + nThetA;
  const angles: AmberAngleList = { i: new Int32Array(nAngles), j: new Int32Array(nAngles), k: new Int32Array(nAngles), type: new Int32Array(nAngles) };
  let t = 0;
  for (const [flag, count] of angleSets) {
    const v = nums(flag, 4 * count, 'int')!;
    for (let r = 0; r < count; r++, t++) {
      angles.i[t] = atomIndex(flag, v[4 * r]!, r, 0, false);
      angles.j[t] = atomIndex(flag, v[4 * r + 1]!, r, 1, false);
      angles.k[t] = atomIndex(flag, v[4 * r + 2]!, r, 2, false);
      angles.type[t] = typeIndex(flag, v[4 * r + 3]!, r, nUTheta);
    }
  }

  const nDih = nPhiH + nPhiA;
  const dihedrals: AmberDihedralList = {
    i: new Int32Array(nDih), j: new Int32Array(nDih), k: new Int32Array(nDih), l: new Int32Array(nDih),
    type: new Int32Array(nDih), skip14: new Uint8Array(nDih), improper: new Uint8Array(nDih),
  };
  let d = 0;
  for (const [flag, count] of dihSets) {
    const v = nums(flag, 5 * count, 'int')!;
    for (let r = 0; r < count; r++, d++) {
      dihedrals.i[d] = atomIndex(flag, v[5 * r]!, r, 0, false);
      dihedrals.j[d] = atomIndex(flag, v[5 * r + 1]!, r, 1, false);
      dihedrals.k[d] = atomIndex(flag, v[5 * r + 2]!, r, 2, true);
      dihedrals.l[d] = atomIndex(flag, v[5 * r + 3]!, r, 3, true);
      dihedrals.skip14[d] = v[5 * r + 2]! < 0 ? 1 : 0;
      dihedrals.improper[d] = v[5 * r + 3]! < 0 ? 1 : 0;
      dihedrals.type[d] = typeIndex(flag, v[5 * r + 4]!, r, nUPhi);
    }
  }

  const numExcluded = nums('NUMBER_EXCLUDED_ATOMS', nAtoms, 'int')!;
  const exclRaw = nums('EXCLUDED_ATOMS_LIST', nExcl, 'int')!;
  const excludedStart = new Int32Array(nAtoms + 1);
  const exclTmp: number[] = [];
  let e = 0;
  for (let a = 0; a < nAtoms; a++) {
    const cnt = numExcluded[a]!;
    if (cnt < 0 || e + cnt > nExcl) throw new PrmtopError(`${where('NUMBER_EXCLUDED_ATOMS')}: atom ${a + 1} has ${cnt} exclusions, which overruns EXCLUDED_ATOMS_LIST (${nExcl} entries)`);
    for (let c = 0; c < cnt; c++, e++) {
      const j = exclRaw[e]!;
      if (j === 0) continue; // Amber's placeholder for "no exclusions"
      if (j < 1 || j > nAtoms) throw new PrmtopError(`${where('EXCLUDED_ATOMS_LIST')}: entry ${e + 1} is ${j}, expected 0 or 1..${nAtoms}`);
      exclTmp.push(j - 1);
    }
    excludedStart[a + 1] = exclTmp.length;
  }
  if (e !== nExcl) throw new PrmtopError(`${where('NUMBER_EXCLUDED_ATOMS')} sums to ${e}, expected NEXT=${nExcl}`);

  let ureyBradley: AmberBondList | null = null;
  let ureyBradleyK: Float64Array | null = null;
  let ureyBradleyR0: Float64Array | null = null;
  const ubCount = nums('CHARMM_UREY_BRADLEY_COUNT', null, 'int', false);
  if (ubCount) {
    const [nUB, nUBTypes] = [ubCount[0] ?? 0, ubCount[1] ?? 0];
    const v = nums('CHARMM_UREY_BRADLEY', 3 * nUB, 'int')!;
    ureyBradleyK = Float64Array.from(nums('CHARMM_UREY_BRADLEY_FORCE_CONSTANT', nUBTypes)!);
    ureyBradleyR0 = Float64Array.from(nums('CHARMM_UREY_BRADLEY_EQUIL_VALUE', nUBTypes)!);
    ureyBradley = { i: new Int32Array(nUB), j: new Int32Array(nUB), type: new Int32Array(nUB) };
    for (let r = 0; r < nUB; r++) {
      // CHARMM_UREY_BRADLEY stores plain 1-based atom numbers, not coordinate offsets.
      const i = v[3 * r]!, j = v[3 * r + 1]!;
      if (i < 1 || i > nAtoms || j < 1 || j > nAtoms) throw new PrmtopError(`${where('CHARMM_UREY_BRADLEY')}: entry ${r + 1} has atoms ${i}, ${j}, expected 1..${nAtoms}`);
      ureyBradley.i[r] = i - 1;
      ureyBradley.j[r] = j - 1;
      ureyBradley.type[r] = typeIndex('CHARMM_UREY_BRADLEY', v[3 * r + 2]!, r, nUBTypes);
    }
  }

  let box: AmberPrmtop['box'] = null;
  if (ifbox > 0) {
    const bd = nums('BOX_DIMENSIONS', 4, 'float')!;
    if (!(bd[1]! > 0 && bd[2]! > 0 && bd[3]! > 0)) throw new PrmtopError(`${where('BOX_DIMENSIONS')}: box lengths ${bd.slice(1).join(', ')}, expected positive Angstrom`);
    box = { beta: bd[0]!, lengths: [bd[1]!, bd[2]!, bd[3]!] };
  }

  return {
    file, title, nAtoms, nTypes, atomNames, residueLabels, residuePointer, charge, mass, atomType,
    atomicNumber: atomicNumberRaw ? Int32Array.from(atomicNumberRaw) : null, amberAtomType,
    nonbondedParmIndex, ljA, ljB,
    lj14A: lj14ARaw ? Float64Array.from(lj14ARaw) : null, lj14B: lj14BRaw ? Float64Array.from(lj14BRaw) : null,
    bondK, bondR0, angleK, angleTheta0, dihedralK, dihedralPeriodicity, dihedralPhase, scee, scnb,
    bonds, bondHasHydrogen, angles, dihedrals,
    excludedStart, excludedList: Int32Array.from(exclTmp),
    ureyBradley, ureyBradleyK, ureyBradleyR0, box, sections,
  };
}
