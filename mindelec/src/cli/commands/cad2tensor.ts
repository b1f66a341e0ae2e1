/**
 * `mindelec cad2tensor <project.json | model.step> (--spacing <mm> | --dims nx,ny,nz | --points N)
 *  [--out tensor.npy] [--vtk grid.vti] [--ids ids.npy] [--png slice.png] [--svg slice.svg] [--slice z:40]`
 *
 * Converts a CAD project (or one CAD file, all solids one material) into the (Nx, Ny, Nz, 8) material
 * tensor (channels x, y, z [mm], solid id, mu_r, eps_r, sigma [S/m], tan delta), written as .npy; the
 * id grid and a VTK image can be written too. Prints a per-solid table of mesh volume (divergence
 * theorem) and voxel volume, warns about non-watertight solids, and shows a progress bar on a TTY.
 */
import { extname } from 'node:path';
import {
  loadProject, parseProject, loadProjectSolids, solidsToTensor, meshesToSvg, surfacePointCloud, formatFromName, writeNpy, writeVti, writePng, extractSlice, sliceToImage,
  sliceToSvg, writeFileAtomic, TENSOR_CHANNELS, type Project, type CadTensorResult, type SliceAxis,
} from '../../cad/index.ts';

const HELP = `usage: mindelec cad2tensor <project.json | model.(step|stp|iges|igs|brep|stl|obj)> [options]

grid (one of; overrides the project's grid):
  --spacing <mm>        cell size (at least 3 cells per axis)
  --dims nx,ny,nz       explicit cell counts
  --points <N>          total point budget, split by the box extents
outputs:
  --out <file.npy>      (Nx, Ny, Nz, 8) tensor: x, y, z [mm], solid id, mu_r, eps_r, sigma [S/m], tan delta
  --ids <file.npy>      (Nx, Ny, Nz) uint16 solid ids (0 = background)
  --vtk <file.vti>      VTK image data (solid_id, mu_r, eps_r, sigma, tan_delta) for ParaView
  --png <file.png>      picture of one slice of the id grid (see --slice)
  --svg <file.svg>      the same slice as SVG with a legend
  --slice <axis:index>  slice for --png/--svg (default z at the middle)
  --mesh-svg <file.svg> shaded picture of the imported solids
  --json <file.json>    machine-readable summary
  --surface <N>         also sample N surface points (spread by area over the solids) ...
  --surface-out <file>  ... into this .npy, rows (x, y, z, nx, ny, nz, solid id)
options for a bare CAD file:
  --material <name>     material of every solid (default pec)
  --margin <mm>         sampling box = model box grown by this margin (default 0)
  --unit <unit>         unit of STL/OBJ/BREP files (default mm)
other:
  --supersample <s>     s^3 sub-samples per cell: volume-fraction material averaging (default 1)
  --float64             write float64 (default float32)
  --quiet               no summary table
  -h, --help            this help`;

interface Args { input?: string; flags: Map<string, string> }

const VALUED = ['spacing', 'dims', 'points', 'out', 'ids', 'vtk', 'png', 'svg', 'mesh-svg', 'slice', 'json', 'surface', 'surface-out', 'material', 'margin', 'unit', 'supersample'];
const BOOLEAN = ['float64', 'quiet', 'help'];

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string>();
  let input: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h') { flags.set('help', ''); continue; }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (BOOLEAN.includes(name)) { flags.set(name, ''); continue; }
      if (!VALUED.includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else if (input === undefined) input = a;
    else throw new UsageError(`unexpected argument '${a}' (one input file only)`);
  }
  return { input, flags };
}

class UsageError extends Error {}

function positive(flags: Map<string, string>, name: string, integer: boolean): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x))) throw new UsageError(`--${name}: expected a positive ${integer ? 'integer' : 'number'}, got '${v}'`);
  return x;
}

function buildProject(input: string, flags: Map<string, string>): Project {
  let project: Project;
  if (extname(input).toLowerCase() === '.json') project = loadProject(input);
  else {
    if (!formatFromName(input)) throw new UsageError(`${input}: expected a project .json or a .step/.stp/.iges/.igs/.brep/.stl/.obj file`);
    project = parseProject({
      name: input, unit: 'mm',
      solids: [{ file: input, material: flags.get('material') ?? 'pec', ...(flags.has('unit') ? { unit: flags.get('unit') } : {}) }],
      box: { margin: flags.has('margin') ? Number(flags.get('margin')) : 0 },
    }, 'command line', process.cwd());
  }
  const grids = ['spacing', 'dims', 'points'].filter((g) => flags.has(g));
  if (grids.length > 1) throw new UsageError(`give one of --spacing, --dims, --points, not ${grids.map((g) => `--${g}`).join(' and ')}`);
  const spacing = positive(flags, 'spacing', false), points = positive(flags, 'points', true);
  if (spacing !== undefined) project.grid = { kind: 'spacing', spacing };
  if (points !== undefined) {
    if (points < 27) throw new UsageError(`--points: at least 27 (3 per axis), got ${points}`);
    project.grid = { kind: 'points', points };
  }
  if (flags.has('dims')) {
    const d = flags.get('dims')!.split(',').map(Number);
    if (d.length !== 3 || d.some((x) => !Number.isInteger(x) || x < 3)) throw new UsageError(`--dims: expected three integers >= 3 like 64,64,32, got '${flags.get('dims')}'`);
    project.grid = { kind: 'dims', dims: d as [number, number, number] };
  }
  const ss = positive(flags, 'supersample', true);
  if (ss !== undefined) {
    if (ss > 8) throw new UsageError(`--supersample: at most 8, got ${ss}`);
    project.supersample = ss;
  }
  if (flags.has('float64')) project.dtype = 'float64';
  return project;
}

function progressBar(): ((f: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return (f) => {
    const pct = Math.floor(100 * f);
    if (pct === last) return;
    last = pct;
    const width = 30, full = Math.round((width * pct) / 100);
    process.stderr.write(`\r  voxelizing [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(pct).padStart(3)}%${pct >= 100 ? '\n' : ''}`);
  };
}

function summaryTable(r: CadTensorResult): string {
  const rows = r.solids.map((s) => [String(s.id), s.name, s.material, s.meshVolume.toPrecision(6), s.voxelVolume.toPrecision(6), s.assignedVolume.toPrecision(6),
    `${(100 * (s.voxelVolume - s.meshVolume) / (s.meshVolume || 1)).toFixed(2)}%`, String(s.triangles), s.watertight.watertight ? 'yes' : 'NO']);
  const head = ['id', 'solid', 'material', 'mesh mm³', 'voxel mm³', 'assigned mm³', 'voxel err', 'triangles', 'watertight'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const fmt = (row: string[]) => row.map((v, c) => (c <= 2 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

function parseSlice(spec: string | undefined, dims: readonly [number, number, number]): [SliceAxis, number] {
  if (spec === undefined) return ['z', Math.floor(dims[2] / 2)];
  const m = /^([xyz]):(\d+)$/.exec(spec);
  if (!m) throw new UsageError(`--slice: expected axis:index like z:40, got '${spec}'`);
  return [m[1] as SliceAxis, Number(m[2])];
}

async function run(argv: string[]): Promise<number> {
  let args: Args;
  try { args = parseArgs(argv); } catch (e) { console.error(`cad2tensor: ${(e as Error).message}\n\n${HELP}`); return 2; }
  if (args.flags.has('help')) { console.log(HELP); return 0; }
  if (!args.input) { console.error(`cad2tensor: missing input file\n\n${HELP}`); return 2; }
  const { flags } = args;
  try {
    const project = buildProject(args.input, flags);
    const t0 = performance.now();
    const solids = await loadProjectSolids(project);
    const result = solidsToTensor(solids, project, { onProgress: progressBar() });
    const seconds = { ...result.seconds, import: (performance.now() - t0) / 1000 - result.seconds.voxelize };
    const { dims } = result.grid, cells = dims[0] * dims[1] * dims[2];
    for (const w of result.warnings) console.error(`warning: ${w}`);
    const outputs: string[] = [];
    if (flags.has('out')) { writeNpy(flags.get('out')!, result.tensor); outputs.push(`${flags.get('out')} (${result.tensor.shape.join('x')} ${project.dtype})`); }
    if (flags.has('ids')) { writeNpy(flags.get('ids')!, { data: result.voxels.ids, shape: dims }); outputs.push(`${flags.get('ids')} (${dims.join('x')} uint16)`); }
    if (flags.has('vtk')) {
      const t = result.tensor.data, n = cells, chan = (c: number) => { const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = t[8 * i + c]!; return a; };
      const sp = result.voxels.spacing;
      writeVti(flags.get('vtk')!, {
        dims, spacing: sp, origin: [0, 1, 2].map((a) => result.grid.min[a]! + sp[a]! / 2) as [number, number, number],
        fields: { solid_id: { data: result.voxels.ids }, mu_r: { data: chan(4) }, eps_r: { data: chan(5) }, sigma: { data: chan(6) }, tan_delta: { data: chan(7) } },
      });
      outputs.push(flags.get('vtk')!);
    }
    if (flags.has('png') || flags.has('svg')) {
      const [axis, index] = parseSlice(flags.get('slice'), dims);
      const slice = extractSlice(result.voxels.ids, dims, axis, index);
      const scale = Math.max(1, Math.floor(512 / Math.max(slice.width, slice.height)));
      if (flags.has('png')) { writePng(flags.get('png')!, sliceToImage(slice, scale)); outputs.push(flags.get('png')!); }
      if (flags.has('svg')) {
        writeFileAtomic(flags.get('svg')!, sliceToSvg(slice, scale, Object.fromEntries(result.solids.map((s) => [s.id, `${s.name} (${s.material})`]))));
        outputs.push(flags.get('svg')!);
      }
    }
    if (flags.has('surface') !== flags.has('surface-out')) throw new UsageError('--surface and --surface-out go together');
    if (flags.has('surface')) {
      const cloud = surfacePointCloud(solids.map((s) => s.mesh), { total: positive(flags, 'surface', true)! }, { dtype: project.dtype });
      writeNpy(flags.get('surface-out')!, cloud);
      outputs.push(`${flags.get('surface-out')} (${cloud.shape.join('x')} surface points)`);
    }
    if (flags.has('mesh-svg')) {
      writeFileAtomic(flags.get('mesh-svg')!, meshesToSvg(solids.map((s) => ({ positions: s.mesh.positions, index: s.mesh.triangles, colour: s.mesh.color }))));
      outputs.push(flags.get('mesh-svg')!);
    }
    if (flags.has('json')) {
      writeFileAtomic(flags.get('json')!, JSON.stringify({
        project: project.name, grid: result.grid, spacing_mm: result.voxels.spacing, channels: TENSOR_CHANNELS, seconds,
        solids: result.solids, ports: project.ports, warnings: result.warnings,
      }, null, 2) + '\n');
      outputs.push(flags.get('json')!);
    }
    if (!flags.has('quiet')) {
      console.log(`${project.name}: ${result.solids.length} solid(s), grid ${dims.join(' x ')} = ${cells} cells, spacing ${result.voxels.spacing.map((h) => h.toPrecision(4)).join(' x ')} mm, import ${seconds.import.toFixed(2)} s, voxelize ${seconds.voxelize.toFixed(2)} s (${(cells / seconds.voxelize / 1e6).toFixed(1)} M cells/s)`);
      console.log(summaryTable(result));
      for (const o of outputs) console.log(`wrote ${o}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) { console.error(`cad2tensor: ${e.message}\n\n${HELP}`); return 2; }
    console.error(`cad2tensor: ${(e as Error).message}`);
    return 1;
  }
}

export default { summary: 'CAD project or STEP/IGES/BREP/STL/OBJ file -> (Nx,Ny,Nz,8) material tensor (.npy/.vti)', run };
