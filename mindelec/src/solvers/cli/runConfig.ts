/**
 * Execute an FdtdPlan (config.ts) with fdtd3d: one run per port (each port excited once, the others
 * terminated in their resistance) to fill the S-matrix, or one run when there are no ports.
 * Writes (atomically) <dir>/<name>.sNp (Touchstone), <name>_sparams.csv, <name>_probes.csv, <name>.json,
 * <name>_eps.vti (per-node eps_r, PEC = -1) and <name>_<step>.vti snapshots (components sampled at their
 * own Yee positions, stored on the node lattice).
 * Positions snap to the nearest node; NaN / blow-up stops the run with the step number.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { readNpy, writeVti } from '../../io/index.ts';
import { fdtd3d, type Fdtd3DState } from '../fdtd3d.ts';
import { rasterizeMedium } from '../medium3d.ts';
import { portMonitor, sParameters, type Complex } from '../sparams.ts';
import { formatTouchstone, writeAtomic } from '../touchstone.ts';
import { continuousWave, openEmsGaussian, type WaveformFn } from '../waveforms.ts';
import { ConfigError, type FdtdPlan } from './config.ts';

export interface RunSummary {
  cells: [number, number, number];
  dt: number;
  steps: number;
  runs: number;
  seconds: number;
  files: string[];
  /** Per port: frequency of min |S_pp| (Hz) and its value (dB). */
  minReflection: { port: number; frequency: number; db: number }[];
}

/** A run's fields became non-finite or exceeded 1e30 (V/m); the message gives the step and the run number. */
export class SimulationBlowUp extends Error {
  override name = 'SimulationBlowUp';
}

function waveformOf(plan: FdtdPlan): WaveformFn {
  const w = plan.waveform;
  if (w.type === 'cw') return continuousWave({ f0: w.f0 });
  return openEmsGaussian(w.f0, w.fc); // 20 dB down at f0 +- fc
}

/**
 * Runs a parsed plan with fdtd3d (file header): rasterises the geometry (optionally replacing node eps_r by
 * the materialTensor .npy), snaps positions to the nearest node, runs once per port (that port driven, the
 * others terminated in their resistance; point sources only in the first run) or once without ports, for
 * `steps` or ceil(duration / dt) steps at 0.99 of the Courant limit, and writes the output files atomically.
 * The waveform is the plan's cw (continuousWave) or a Gaussian-modulated cosine, 20 dB down at f0 +- fc,
 * peak at t0 = 3 tau.
 * @param plan From {@link parseFdtdConfig} (SI units).
 * @param configDir Directory that relative paths (output.dir, materialTensor.epsR) resolve against (default '.').
 * @param log Progress callback (every 2000 steps); default silent.
 * @returns {@link RunSummary}: cells [nx, ny, nz], dt (s), steps per run, runs, wall seconds, the files
 *   written (<name>_eps.vti, snapshots, .sNp, _sparams.csv, _probes.csv, .json) and, per port, the
 *   frequency (Hz) and value (dB) of min |S_pp|.
 * @throws ConfigError (FdtdFileConfigError) when the materialTensor shape is not [nx, ny, nz] or holds a value
 *   that is not a finite eps_r >= 1, or a port's z range spans no Ez edge; {@link SimulationBlowUp} when the
 *   sampled E field is non-finite or above 1e30 (checked every 200 steps); FdtdConfigError from fdtd3d and
 *   fs/.npy errors otherwise.
 */
export function runPlan(plan: FdtdPlan, configDir = '.', log: (msg: string) => void = () => {}): RunSummary {
  const [nx, ny, nz] = plan.size;
  const [dx, dy, dz] = plan.cell;
  const N = nx * ny * nz;
  const t0 = performance.now();
  const medium = rasterizeMedium({ nx, ny, nz, dx, dy, dz, origin: plan.origin }, plan.geometry.map((g) => ({ shape: g.shape, material: g.material })));
  if (plan.epsTensor) {
    const path = resolve(configDir, plan.epsTensor);
    const t = readNpy(path);
    if (t.shape.length !== 3 || t.shape[0] !== nx || t.shape[1] !== ny || t.shape[2] !== nz) {
      throw new ConfigError(`${path}: materialTensor.epsR has shape [${t.shape.join(', ')}], expected [${nx}, ${ny}, ${nz}] (grid.size)`);
    }
    for (let q = 0; q < N; q++) {
      const v = Number(t.data[q]);
      if (!(v >= 1) || !Number.isFinite(v)) throw new ConfigError(`${path}: materialTensor.epsR[${q}] = ${v}, expected a finite eps_r >= 1`);
      medium.epsR![q] = v;
    }
    // the tensor is per node: let edges average their two nodes
    delete medium.epsRx;
    delete medium.epsRy;
    delete medium.epsRz;
  }
  const node = (x: number, a: number) => Math.round((x - plan.origin[a]!) / plan.cell[a]!);
  const idx = (i: number, j: number, k: number) => (i * ny + j) * nz + k;
  const waveform = waveformOf(plan);
  const ports = plan.ports.map((p) => {
    // width > 0: parallel columns from position - width/2 to position + width/2 along the axis
    const a = p.axis === 'x' ? 0 : 1;
    const lo = node(p.position[a]! - p.width / 2, a), hi = node(p.position[a]! + p.width / 2, a);
    const start: [number, number] = [node(p.position[0], 0), node(p.position[1], 1)];
    start[a] = lo;
    return { i: start[0], j: start[1], k0: node(p.z[0], 2), k1: node(p.z[1], 2), resistance: p.resistance, columns: { axis: p.axis, count: hi - lo + 1 } };
  });
  ports.forEach((p, q) => {
    if (p.k1 <= p.k0) throw new ConfigError(`ports[${q}].z: [${plan.ports[q]!.z.join(', ')}] m spans no Ez edge on this grid (dz = ${dz} m)`);
  });
  const runs = Math.max(ports.length, 1);
  const outDir = resolve(configDir, plan.output.dir);
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, plan.output.name);
  const files: string[] = [];
  // VTK image data is x-fastest; our arrays are z-fastest
  const toVtk = (a: Float64Array | Uint8Array, f: (v: number, q: number) => number = (v) => v): Float64Array => {
    const out = new Float64Array(N);
    for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) for (let k = 0; k < nz; k++) {
      const q = idx(i, j, k);
      out[(k * ny + j) * nx + i] = f(a[q]!, q);
    }
    return out;
  };
  const vtiBase = { dims: [nx, ny, nz] as const, origin: plan.origin, spacing: plan.cell };
  writeVti(`${base}_eps.vti`, { ...vtiBase, fields: { epsR: { data: toVtk(medium.epsR!, (v, q) => (medium.pec![q] ? -1 : v)) } } });
  files.push(`${base}_eps.vti`);
  const sCols: Complex[][][] = []; // [excited][freq][port]
  const zin: Complex[][] = [];
  let probeTrace: Float64Array[] = [];
  let dt = 0, steps = 0;
  for (let e = 0; e < runs; e++) {
    const sim = fdtd3d({
      nx, ny, nz, dx, dy, dz, medium,
      pml: { cells: plan.pml.cells, faces: plan.pml.faces },
      sources: e === 0 ? plan.sources.map((s) => ({ component: s.component, indices: Int32Array.of(idx(node(s.position[0], 0), node(s.position[1], 1), node(s.position[2], 2))), amplitudes: Float64Array.of(s.amplitude), waveform })) : [],
      ports: ports.map((p, q) => ({ ...p, waveform: q === e ? waveform : undefined })),
      threads: plan.threads,
    });
    dt = sim.dt;
    steps = plan.steps ?? Math.ceil(plan.duration! / sim.dt);
    const mon = ports.length ? portMonitor(sim, ports.length, plan.frequencies) : null;
    let m = mon?.init();
    const probeIdx = plan.probes.map((p) => idx(node(p.position[0], 0), node(p.position[1], 1), node(p.position[2], 2)));
    const trace = e === 0 ? plan.probes.map(() => new Float64Array(steps)) : [];
    let s: Fdtd3DState = sim.init();
    for (let t = 0; t < steps; t++) {
      s = sim.step(s);
      if (mon && m) m = mon.update(m, s);
      for (let p = 0; p < trace.length; p++) trace[p]![t] = s[plan.probes[p]!.component][probeIdx[p]!]!;
      if (e === 0 && plan.snapshots && (t + 1) % plan.snapshots.every === 0) {
        const fields: Record<string, { data: Float64Array }> = {};
        for (const comp of plan.snapshots.components) fields[comp] = { data: toVtk(s[comp]) };
        const path = `${base}_${String(t + 1).padStart(6, '0')}.vti`;
        writeVti(path, { ...vtiBase, fields });
        files.push(path);
      }
      if (t % 200 === 0) {
        let mx = 0;
        for (let q = 0; q < N; q += 97) mx = Math.max(mx, Math.abs(s.ez[q]!), Math.abs(s.ex[q]!), Math.abs(s.ey[q]!));
        if (!Number.isFinite(mx) || mx > 1e30) throw new SimulationBlowUp(`fdtd: field became ${mx} at step ${t} (run ${e + 1}/${runs}); check materials and dt`);
        if (t % 2000 === 0) log(`run ${e + 1}/${runs}: step ${t}/${steps}`);
      }
    }
    sim.dispose();
    if (e === 0) probeTrace = trace;
    if (mon && m) {
      const sp = sParameters(m, ports.length, e, plan.z0);
      sCols.push(sp.S);
      zin.push(sp.zin);
    }
  }
  const minReflection: RunSummary['minReflection'] = [];
  if (ports.length) {
    const P = ports.length;
    const full = plan.frequencies.map((_, q) => {
      const row: Complex[] = [];
      for (let r = 0; r < P; r++) for (let c = 0; c < P; c++) row.push(sCols[c]![q]![r]!);
      return row;
    });
    const ts = `${base}.s${P}p`;
    writeAtomic(ts, formatTouchstone(plan.frequencies, full, P, plan.z0, `MindElec FDTD, ${nx}x${ny}x${nz} cells, dt ${dt.toExponential(4)} s, ${steps} steps`));
    files.push(ts);
    const head = ['frequency_hz'];
    for (let r = 0; r < P; r++) for (let c = 0; c < P; c++) head.push(`S${r + 1}${c + 1}_db`, `S${r + 1}${c + 1}_re`, `S${r + 1}${c + 1}_im`);
    for (let p = 0; p < P; p++) head.push(`Zin${p + 1}_re`, `Zin${p + 1}_im`);
    const lines = [head.join(',')];
    plan.frequencies.forEach((f, q) => {
      const vals = [f.toExponential(9)];
      for (const s of full[q]!) vals.push((10 * Math.log10(s.re * s.re + s.im * s.im)).toFixed(4), s.re.toExponential(7), s.im.toExponential(7));
      for (let p = 0; p < P; p++) vals.push(zin[p]![q]!.re.toExponential(7), zin[p]![q]!.im.toExponential(7));
      lines.push(vals.join(','));
    });
    writeAtomic(`${base}_sparams.csv`, lines.join('\n') + '\n');
    files.push(`${base}_sparams.csv`);
    for (let p = 0; p < P; p++) {
      let best = 0;
      const mag = (q: number) => Math.hypot(sCols[p]![q]![p]!.re, sCols[p]![q]![p]!.im);
      for (let q = 1; q < plan.frequencies.length; q++) if (mag(q) < mag(best)) best = q;
      minReflection.push({ port: p + 1, frequency: plan.frequencies[best]!, db: 20 * Math.log10(mag(best)) });
    }
  }
  if (probeTrace.length) {
    const lines = [['time_s', ...plan.probes.map((p, q) => `probe${q + 1}_${p.component}`)].join(',')];
    for (let t = 0; t < steps; t++) lines.push([((t + 1) * dt).toExponential(9), ...probeTrace.map((tr) => tr[t]!.toExponential(7))].join(','));
    writeAtomic(`${base}_probes.csv`, lines.join('\n') + '\n');
    files.push(`${base}_probes.csv`);
  }
  const summary: RunSummary = { cells: [nx, ny, nz], dt, steps, runs, seconds: (performance.now() - t0) / 1000, files: [...files, `${base}.json`], minReflection };
  writeAtomic(`${base}.json`, JSON.stringify({ ...summary, plan }, null, 1) + '\n');
  void dirname;
  return summary;
}
