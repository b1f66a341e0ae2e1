/**
 * `mindscience view <file> [options]`: writes a self-contained three.js page (no network; opens from
 * file://) for a trajectory, structure or CAD file, using the packages' own readers:
 *   .xyz .extxyz   all frames (Å in the file), element per atom, box from the extxyz Lattice (a, b, c edges)
 *   .pdb           all MODELs (Å in the file), elements (element column, else the atom name's letters),
 *                  CONECT bonds when present (else guessed by distance), CRYST1 box edges
 *   .dcd           all frames; DCD stores no elements, so --element (default Ar) names every atom and
 *                  --length-unit says what the file's lengths are (A, the default as CHARMM/NAMD/LAMMPS
 *                  real units write them; or sigma for reduced LJ units, drawn with argon's σ = 0.3405 nm)
 *   .step .stp .iges .igs .brep .stl .obj   solids (mm); --voxels N voxelizes them on about N cells
 *                  (mindelec's voxelizer) and overlays the material ids
 * Non-orthorhombic cells are drawn by their edge lengths only (the view's box is orthorhombic).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { meshVoxelViewHtml, moleculeViewHtml, type VoxelInput } from '@mindscience/viz';

type Vec3 = [number, number, number];

const HELP = `usage: mindscience view <file> [--out FILE.html] [--stride K] [--element SYMBOL] [--length-unit A|nm|sigma]
                        [--voxels N] [--no-bonds] [--title TEXT]

Writes a self-contained 3-D view (three.js, opens from file:// with no network):
  .xyz .extxyz .pdb .dcd      trajectory/structure: atoms coloured by element, bonds, box, frame slider
  .step .stp .iges .igs .brep .stl .obj    CAD solids (mm); --voxels N overlays a voxelization on ~N cells
options:
  --out FILE.html     output (default: <file name>.html in the current directory)
  --stride K          keep every K-th frame (default 1)
  --element SYMBOL    element of every atom in a DCD (default Ar)
  --length-unit U     lengths in a DCD: A (default), nm, or sigma (reduced LJ units)
  --no-bonds          do not guess bonds by distance
  --title TEXT        page title (default: the file name)`;

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

class UsageError extends Error {}

/** Frames, boxes and labels of a DCD file in its own length unit; boxes only when every frame has a cell. */
export async function readDcdForView(path: string): Promise<{ nAtoms: number; frames: Float64Array[]; boxes?: Vec3[]; labels: string[] }> {
  const { readDcd } = await import('@mindscience/mindsponge');
  const dcd = readDcd(path);
  if (dcd.frames.length === 0) throw new Error(`${path}: the DCD has no frames`);
  // DCD cell: (A, cos γ, B, cos β, cos α, C); writers that have no cell store zeros.
  const boxes = dcd.frames.map((f) => (f.cell && f.cell[0]! > 0 && f.cell[2]! > 0 && f.cell[5]! > 0 ? [f.cell[0]!, f.cell[2]!, f.cell[5]!] as Vec3 : null));
  return {
    nAtoms: dcd.nAtoms,
    frames: dcd.frames.map((f) => f.positions),
    boxes: boxes.every((b) => b !== null) ? (boxes as Vec3[]) : undefined,
    labels: dcd.frames.map((_, k) => `step ${dcd.firstStep + k * dcd.every}`),
  };
}

interface Flags { out?: string; stride: number; element: string; lengthUnit: string; voxels?: number; bonds: boolean; title?: string }

function parseArgs(argv: string[]): { file: string; flags: Flags } {
  const flags: Flags = { stride: 1, element: 'Ar', lengthUnit: 'A', bonds: true };
  let file: string | undefined;
  const value = (k: number, name: string): string => {
    const v = argv[k];
    if (v === undefined) throw new UsageError(`${name} needs a value`);
    return v;
  };
  const positiveInt = (s: string, name: string): number => {
    const v = Number(s);
    if (!Number.isInteger(v) || v < 1) throw new UsageError(`${name} must be a positive integer, got '${s}'`);
    return v;
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--out') flags.out = value(++k, a);
    else if (a === '--stride') flags.stride = positiveInt(value(++k, a), a);
    else if (a === '--element') flags.element = value(++k, a);
    else if (a === '--length-unit') {
      flags.lengthUnit = value(++k, a);
      if (!['A', 'nm', 'sigma'].includes(flags.lengthUnit)) throw new UsageError(`--length-unit must be A, nm or sigma, got '${flags.lengthUnit}'`);
    } else if (a === '--voxels') flags.voxels = positiveInt(value(++k, a), a);
    else if (a === '--no-bonds') flags.bonds = false;
    else if (a === '--title') flags.title = value(++k, a);
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else if (file === undefined) file = a;
    else throw new UsageError(`one file at a time (got '${file}' and '${a}')`);
  }
  if (file === undefined) throw new UsageError('expected a file to view');
  return { file, flags };
}

function everyKth<T>(items: readonly T[], k: number): T[] {
  return items.filter((_, i) => i % k === 0);
}

async function moleculePage(file: string, ext: string, f: Flags, title: string): Promise<string> {
  const { readXyz, parsePdb } = await import('@mindscience/mindsponge');
  const text = (): string => readFileSync(file, 'utf8');
  let elements: string[];
  let frames: Float64Array[];
  let boxes: Vec3[] | undefined;
  let labels: string[] | undefined;
  let bonds: 'auto' | 'none' | number[] = f.bonds ? 'auto' : 'none';
  let nmPerUnit = 1;
  let lengthUnit = 'nm';
  if (ext === '.xyz' || ext === '.extxyz') {
    const xyz = readXyz(text(), { source: file }); // nm
    if (xyz.length === 0) throw new Error(`${file}: no frames`);
    elements = xyz[0]!.names;
    xyz.forEach((fr, k) => { if (fr.names.length !== elements.length) throw new Error(`${file}: frame ${k} has ${fr.names.length} atoms, frame 0 has ${elements.length}`); });
    frames = xyz.map((fr) => fr.positions);
    const b = xyz.map((fr) => (fr.box ? [fr.box.lx, fr.box.ly, fr.box.lz] as Vec3 : null));
    boxes = b.every((v) => v !== null) ? (b as Vec3[]) : undefined;
  } else if (ext === '.pdb') {
    const pdb = parsePdb(text(), file); // nm
    elements = pdb.atoms.map((a) => a.element || a.name.replace(/[^A-Za-z]/g, '').slice(0, 1));
    frames = [pdb.positions, ...pdb.frames];
    if (pdb.cell) boxes = frames.map(() => pdb.cell!.lengths);
    if (pdb.bonds.length && f.bonds) bonds = pdb.bonds.flat();
  } else {
    const dcd = await readDcdForView(file);
    elements = new Array<string>(dcd.nAtoms).fill(f.element);
    frames = dcd.frames;
    boxes = dcd.boxes;
    labels = dcd.labels;
    nmPerUnit = f.lengthUnit === 'A' ? 0.1 : f.lengthUnit === 'sigma' ? 0.3405 : 1;
    lengthUnit = f.lengthUnit === 'A' ? 'Å' : f.lengthUnit === 'sigma' ? 'σ (reduced LJ units)' : 'nm';
  }
  return moleculeViewHtml({
    elements, frames: everyKth(frames, f.stride), box: boxes && everyKth(boxes, f.stride),
    frameLabels: labels && everyKth(labels, f.stride), bonds, nmPerUnit, lengthUnit, title,
  });
}

async function cadPage(file: string, f: Flags, title: string): Promise<string> {
  const { importCadFile, voxelize, boxAround, dimsFromBudget } = await import('@mindscience/mindelec');
  const solids = await importCadFile(file);
  if (solids.length === 0) throw new Error(`${file}: no solids`);
  let voxels: VoxelInput | undefined;
  if (f.voxels !== undefined) {
    const { min, max } = boxAround(solids);
    const dims = dimsFromBudget([max[0] - min[0], max[1] - min[1], max[2] - min[2]], f.voxels);
    const v = voxelize(solids.map((mesh) => ({ mesh })), { min, max, dims });
    voxels = { origin: min, spacing: v.spacing, dims, ids: v.ids, names: Object.fromEntries(solids.map((s, k) => [k + 1, s.name])) };
  }
  return meshVoxelViewHtml({
    meshes: solids.map((s) => ({ name: s.name || s.path, positions: s.positions, triangles: s.triangles, color: s.color })),
    voxels, lengthUnit: 'mm', title,
  });
}

/** Runs `mindscience view`; returns the exit code (0 written, 1 bad file, 2 bad usage). */
export async function runView(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { console.log(HELP); return 0; }
  let file: string;
  let flags: Flags;
  try {
    ({ file, flags } = parseArgs(argv));
  } catch (e) {
    if (e instanceof UsageError) { console.error(`mindscience view: ${e.message}\n\n${HELP}`); return 2; }
    throw e;
  }
  const ext = extname(file).toLowerCase();
  const molecular = ['.xyz', '.extxyz', '.pdb', '.dcd'];
  const cad = ['.step', '.stp', '.iges', '.igs', '.brep', '.stl', '.obj'];
  if (!molecular.includes(ext) && !cad.includes(ext)) {
    console.error(`mindscience view: ${file}: unknown file type '${ext}' (expected ${[...molecular, ...cad].join(' ')})`);
    return 2;
  }
  const out = resolve(flags.out ?? `${basename(file, extname(file))}.html`);
  try {
    const title = flags.title ?? basename(file);
    const html = molecular.includes(ext) ? await moleculePage(file, ext, flags, title) : await cadPage(file, flags, title);
    writeAtomic(out, html);
  } catch (e) {
    console.error(`mindscience view: ${(e as Error).message}`);
    return 1;
  }
  console.log(`mindscience view: wrote ${out}`);
  return 0;
}

export default { summary: 'write a self-contained 3-D view (three.js) of a trajectory, structure or CAD file', run: runView };
