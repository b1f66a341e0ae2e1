/**
 * GFN2-xTB labelling (Bannwarth, Ehlert, Grimme, JCTC 15, 1652 (2019)) through the `xtb` program
 * (Debian package `xtb`; `sh scripts/peers/xtb.sh` installs it). One call = one process in a private
 * temporary directory: `xtb mol.xyz --gfn 2 --grad`, then the Turbomole-style `gradient` file is parsed
 * (SCF energy in Hartree, gradient in Hartree/bohr, coordinates in bohr, which are checked against the
 * input so a stale or foreign file cannot be read back).
 * In/out units: positions nm [n*3]; energy kJ/mol; forces = -gradient, kJ/mol/nm.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNumber } from './xyzFrames.ts';
import { ENERGY_TO_KJ_PER_MOL, LENGTH_TO_NM } from './units.ts';

/** xtb could not be run or its output could not be read; the message names the file/command and what was expected. */
export class XtbError extends Error {
  override name = 'XtbError';
}

export interface XtbOptions {
  /** Executable (default 'xtb' on PATH). */
  executable?: string;
  /** GFN level (default 2). */
  gfn?: 0 | 1 | 2;
  /** Molecular charge (default 0). */
  charge?: number;
  /** Unpaired electrons (default 0). */
  uhf?: number;
  /** Electronic temperature in K (xtb default 300). */
  electronicTemperature?: number;
  /** Keep the work directory (for debugging). */
  keep?: boolean;
  /** Kill xtb after this many ms (default 120000). */
  timeoutMs?: number;
}

export interface XtbLabel {
  /** Total energy, kJ/mol. */
  energy: number;
  /** -dE/dR [n*3], kJ/mol/nm. */
  forces: Float64Array;
}

/** True when an `xtb` executable answers `--version`. */
export function xtbAvailable(executable = 'xtb'): boolean {
  const r = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 10000 });
  return r.status === 0 || /xtb version/.test(`${r.stdout ?? ''}${r.stderr ?? ''}`);
}

/**
 * Parses xtb's `gradient` file (Turbomole $grad): returns energy (Hartree), coordinates (bohr) and
 * gradient (Hartree/bohr) for the last cycle. Errors name the line.
 */
export function parseXtbGradient(text: string, nAtoms: number, source = 'gradient'): { energy: number; coords: Float64Array; gradient: Float64Array } {
  const lines = text.split(/\r?\n/);
  let cycleLine = -1;
  for (let k = 0; k < lines.length; k++) if (/^\s*cycle\s*=/.test(lines[k]!)) cycleLine = k;
  if (cycleLine < 0) throw new XtbError(`${source}: no 'cycle =' line; expected a Turbomole $grad block`);
  const m = /SCF energy\s*=\s*(\S+)/.exec(lines[cycleLine]!);
  const energy = m ? parseNumber(m[1]!) : NaN;
  if (!Number.isFinite(energy)) throw new XtbError(`${source}: line ${cycleLine + 1}: SCF energy '${m?.[1] ?? ''}' is not a finite number`);
  const coords = new Float64Array(3 * nAtoms), gradient = new Float64Array(3 * nAtoms);
  for (let i = 0; i < 2 * nAtoms; i++) {
    const k = cycleLine + 1 + i;
    const raw = lines[k];
    if (raw === undefined || /^\s*\$/.test(raw)) throw new XtbError(`${source}: expected ${nAtoms} coordinate and ${nAtoms} gradient lines after line ${cycleLine + 1}, the block ends at line ${k + 1}`);
    const f = raw.trim().split(/\s+/);
    const target = i < nAtoms ? coords : gradient;
    const a = i < nAtoms ? i : i - nAtoms;
    for (let d = 0; d < 3; d++) {
      const v = parseNumber(f[d] ?? '');
      if (!Number.isFinite(v)) throw new XtbError(`${source}: line ${k + 1}: field ${d + 1} '${f[d] ?? ''}' is not a finite number`);
      target[3 * a + d] = v;
    }
  }
  return { energy, coords, gradient };
}

/** Labels one structure (symbols [n], positions nm [n*3]) with GFN-xTB energy and forces. */
export function labelWithXtb(symbols: readonly string[], positions: Float64Array, options: XtbOptions = {}): XtbLabel {
  const n = symbols.length;
  if (positions.length !== 3 * n) throw new XtbError(`labelWithXtb: ${n} symbols but positions has length ${positions.length}, expected ${3 * n}`);
  const dir = mkdtempSync(join(tmpdir(), 'xtb-'));
  try {
    const xyz = [String(n), 'mindscience-ts'];
    for (let i = 0; i < n; i++) xyz.push(`${symbols[i]} ${(positions[3 * i]! * 10).toFixed(10)} ${(positions[3 * i + 1]! * 10).toFixed(10)} ${(positions[3 * i + 2]! * 10).toFixed(10)}`);
    writeFileSync(join(dir, 'mol.xyz'), xyz.join('\n') + '\n');
    const args = ['mol.xyz', '--gfn', String(options.gfn ?? 2), '--grad', '--chrg', String(options.charge ?? 0), '--uhf', String(options.uhf ?? 0)];
    if (options.electronicTemperature !== undefined) args.push('--etemp', String(options.electronicTemperature));
    const r = spawnSync(options.executable ?? 'xtb', args, { cwd: dir, encoding: 'utf8', timeout: options.timeoutMs ?? 120000, env: { ...process.env, OMP_NUM_THREADS: '1', OMP_STACKSIZE: '200M' } });
    if (r.error) throw new XtbError(`labelWithXtb: could not run '${options.executable ?? 'xtb'}': ${r.error.message} (install with sh scripts/peers/xtb.sh)`);
    if (r.signal === 'SIGTERM') throw new XtbError(`labelWithXtb: xtb timed out after ${options.timeoutMs ?? 120000} ms for ${n} atoms; raise options.timeoutMs`);
    if (r.signal) throw new XtbError(`labelWithXtb: xtb crashed with ${r.signal} for ${n} atoms${r.signal === 'SIGSEGV' ? ' (large systems need a bigger stack: run under `ulimit -s unlimited`)' : ''}`);
    if (r.status !== 0) throw new XtbError(`labelWithXtb: xtb exited with status ${r.status}: ${(r.stdout + r.stderr).split('\n').filter((l) => /error|abnormal|not converged/i.test(l)).slice(0, 3).join(' | ') || 'no message'}`);
    let text: string;
    try { text = readFileSync(join(dir, 'gradient'), 'utf8'); } catch { throw new XtbError(`labelWithXtb: xtb wrote no gradient file in ${dir}`); }
    const g = parseXtbGradient(text, n, join(dir, 'gradient'));
    const bohr = LENGTH_TO_NM.bohr;
    for (let k = 0; k < 3 * n; k++) {
      if (Math.abs(g.coords[k]! * bohr - positions[k]!) > 1e-7) throw new XtbError(`labelWithXtb: gradient file coordinate ${k} = ${g.coords[k]} bohr does not match the input ${positions[k]} nm`);
    }
    const ha = ENERGY_TO_KJ_PER_MOL.Hartree;
    const forces = Float64Array.from(g.gradient, (v) => -v * ha / bohr);
    return { energy: g.energy * ha, forces };
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}
