/**
 * `mindelec fdtd <config.json>` configuration: parse and validate into a typed plan (SI units).
 * Every error is a ConfigError naming the file, the JSON path, the value and what was expected, e.g.
 *   `run.json: grid.cell[2]: expected a number > 0 (m), got "abc"`.
 *
 * {
 *   "grid": { "size": [nx, ny, nz], "cell": [dx, dy, dz] (m), "origin": [x, y, z] (m, node 0; default 0) },
 *   "pml": { "cells": 8, "faces": ["x-", ...] },          // optional; default 8 cells on all faces
 *   "materials": { "<name>": { "epsR": 3.38, "sigma": 0 (S/m), "pec": false,
 *                  "drude": { "omegaP": rad/s, "gamma": 1/s } | "lorentz": { "deltaEps", "omega0": rad/s, "gamma": 1/s } } },
 *   "geometry": [ { "shape": "box", "min": [..], "max": [..], "material": "<name>" },
 *                 { "shape": "sphere", "center": [..], "radius": r, "material": ... },
 *                 { "shape": "cylinder", "center": [..], "radius": r, "height": h, "axis": "z", "material": ... } ],
 *   "materialTensor": { "epsR": "eps.npy" },             // optional [nx, ny, nz] per-node eps_r (float64/32)
 *   "waveform": { "type": "gaussian", "f0": Hz, "fc": Hz } | { "type": "cw", "f0": Hz },
 *   "sources": [ { "position": [x, y, z], "component": "ex"|"ey"|"ez", "amplitude": A/m^2 } ],
 *   "ports": [ { "position": [x, y], "z": [z0, z1], "resistance": 50, "width": 0, "axis": "y" } ],  // lumped, along z;
 *                                         width (m) > 0: parallel Ez columns centred on position along axis
 *   "frequencies": { "start": Hz, "stop": Hz, "count": n },
 *   "probes": [ { "position": [x, y, z], "component": "ez" } ],
 *   "snapshots": { "every": n, "components": ["ez", "hy", ...] },  // VTK .vti files (first run)
 *   "duration": s | "steps": n,
 *   "z0": 50,
 *   "threads": 1 | 2,                                    // 2: bulk sweeps on two threads
 *   "output": { "dir": "out", "name": "run" }
 * }
 */
import type { MaterialSpec } from '../medium3d.ts';
/** Invalid `mindelec fdtd` JSON config (exported as FdtdFileConfigError); the message names file, JSON path, value and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Vec3 = [number, number, number];
export type ShapeSpec =
  | { kind: 'box'; min: Vec3; max: Vec3 }
  | { kind: 'sphere'; center: Vec3; radius: number }
  | { kind: 'cylinder'; center: Vec3; radius: number; height: number; axis: 'x' | 'y' | 'z' };

export interface FdtdPlan {
  size: Vec3;
  cell: Vec3;
  origin: Vec3;
  pml: { cells: number; faces: string[] };
  geometry: { shape: ShapeSpec; material: MaterialSpec }[];
  epsTensor?: string;
  waveform: { type: 'gaussian'; f0: number; fc: number } | { type: 'cw'; f0: number };
  sources: { position: Vec3; component: 'ex' | 'ey' | 'ez'; amplitude: number }[];
  ports: { position: [number, number]; z: [number, number]; resistance: number; width: number; axis: 'x' | 'y' }[];
  frequencies: number[];
  probes: { position: Vec3; component: 'ex' | 'ey' | 'ez' | 'hx' | 'hy' | 'hz' }[];
  snapshots?: { every: number; components: ('ex' | 'ey' | 'ez' | 'hx' | 'hy' | 'hz')[] };
  duration?: number;
  steps?: number;
  z0: number;
  threads: 1 | 2;
  output: { dir: string; name: string };
}

type Json = unknown;

class Ctx {
  constructor(readonly file: string) {}
  fail(path: string, value: Json, expected: string): never {
    const shown = value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 60);
    throw new ConfigError(`${this.file}: ${path || '(top level)'}: expected ${expected}, got ${shown}`);
  }
  obj(v: Json, path: string): Record<string, Json> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, v, 'an object');
    return v as Record<string, Json>;
  }
  keys(o: Record<string, Json>, path: string, allowed: string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(`${path ? path + '.' : ''}${k}`, o[k], `no such field (allowed: ${allowed.join(', ')})`);
  }
  num(v: Json, path: string, opts: { positive?: boolean; min?: number; int?: boolean; unit?: string } = {}): number {
    const unit = opts.unit ? ` (${opts.unit})` : '';
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, v, `a finite number${unit}`);
    const n = v as number;
    if (opts.int && !Number.isInteger(n)) this.fail(path, v, `an integer${unit}`);
    if (opts.positive && !(n > 0)) this.fail(path, v, `a number > 0${unit}`);
    if (opts.min !== undefined && n < opts.min) this.fail(path, v, `a number >= ${opts.min}${unit}`);
    return n;
  }
  vec(v: Json, path: string, len: number, opts: { positive?: boolean; int?: boolean; unit?: string } = {}): number[] {
    if (!Array.isArray(v) || v.length !== len) this.fail(path, v, `an array of ${len} numbers${opts.unit ? ` (${opts.unit})` : ''}`);
    return (v as Json[]).map((x, i) => this.num(x, `${path}[${i}]`, opts));
  }
  str<T extends string>(v: Json, path: string, choices?: readonly T[]): T {
    if (typeof v !== 'string' || v.length === 0) this.fail(path, v, choices ? `one of ${choices.join(', ')}` : 'a non-empty string');
    if (choices && !choices.includes(v as T)) this.fail(path, v, `one of ${choices.join(', ')}`);
    return v as T;
  }
  arr(v: Json, path: string): Json[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail(path, v, 'an array');
    return v as Json[];
  }
}

/**
 * Parses and validates the text of an `mindelec fdtd` JSON config (format in the file header) into a plan
 * in SI units. Pure: reads no files (the `materialTensor.epsR` path and `output.dir` are returned as given).
 * @param text The JSON text.
 * @param file Name used in error messages (default 'config.json').
 * @returns The {@link FdtdPlan}: grid size [nx, ny, nz] (nodes), cell (m), origin (m); pml (default 8 cells,
 *   all six faces); geometry as shape + resolved material; waveform (gaussian f0/fc Hz, or cw f0 Hz);
 *   sources (position m, component, amplitude A/m^2, default 1); ports (position [x, y] m, z [z0, z1] m,
 *   resistance ohm default 50, width m default 0, axis default 'y'); frequencies (Hz, `count` values linearly
 *   from start to stop); probes; snapshots; duration (s) or steps; z0 (ohm, default 50); threads (1 or 2,
 *   default 1); output {dir default '.', name default 'fdtd'}.
 * @throws ConfigError (FdtdFileConfigError) naming the file, the JSON path, the value and what was expected:
 *   invalid JSON, unknown fields, wrong types or units, non-positive sizes, a grid size < 3 or over 2e8 nodes,
 *   a PML too thick for the grid, undefined material names, both drude and lorentz on one material,
 *   positions outside the grid, no source and no port, ports without frequencies, neither duration nor steps,
 *   steps > 1e7, more than 10000 frequencies or 1000 snapshots, threads other than 1 or 2.
 */
export function parseFdtdConfig(text: string, file = 'config.json'): FdtdPlan {
  let raw: Json;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const c = new Ctx(file);
  const top = c.obj(raw, '');
  c.keys(top, '', ['grid', 'pml', 'materials', 'geometry', 'materialTensor', 'waveform', 'sources', 'ports', 'frequencies', 'probes', 'snapshots', 'duration', 'steps', 'z0', 'threads', 'output', 'comment']);
  const grid = c.obj(top.grid, 'grid');
  c.keys(grid, 'grid', ['size', 'cell', 'origin']);
  const size = c.vec(grid.size, 'grid.size', 3, { int: true, positive: true }) as Vec3;
  size.forEach((n, i) => { if (n < 3) c.fail(`grid.size[${i}]`, n, 'an integer >= 3 (nodes)'); });
  if (size[0] * size[1] * size[2] > 200e6) c.fail('grid.size', size, 'at most 2e8 nodes in total');
  const cell = c.vec(grid.cell, 'grid.cell', 3, { positive: true, unit: 'm' }) as Vec3;
  const origin = (grid.origin === undefined ? [0, 0, 0] : c.vec(grid.origin, 'grid.origin', 3, { unit: 'm' })) as Vec3;
  let pml = { cells: 8, faces: ['x-', 'x+', 'y-', 'y+', 'z-', 'z+'] };
  if (top.pml !== undefined) {
    const p = c.obj(top.pml, 'pml');
    c.keys(p, 'pml', ['cells', 'faces']);
    const cells = p.cells === undefined ? 8 : c.num(p.cells, 'pml.cells', { int: true, min: 0 });
    const faces = p.faces === undefined ? pml.faces : c.arr(p.faces, 'pml.faces').map((f, i) => c.str(f, `pml.faces[${i}]`, ['x-', 'x+', 'y-', 'y+', 'z-', 'z+'] as const));
    for (let a = 0; a < 3; a++) if (2 * cells + 2 > size[a]!) c.fail('pml.cells', cells, `at most ${Math.floor((size[a]! - 2) / 2)} for grid.size[${a}] = ${size[a]}`);
    pml = { cells, faces };
  }
  const materials = new Map<string, MaterialSpec>();
  if (top.materials !== undefined) {
    const ms = c.obj(top.materials, 'materials');
    for (const [name, v] of Object.entries(ms)) {
      const path = `materials.${name}`;
      const m = c.obj(v, path);
      c.keys(m, path, ['epsR', 'sigma', 'pec', 'drude', 'lorentz']);
      const epsR = m.epsR === undefined ? 1 : c.num(m.epsR, `${path}.epsR`, { min: 1 });
      const sigma = m.sigma === undefined ? 0 : c.num(m.sigma, `${path}.sigma`, { min: 0, unit: 'S/m' });
      if (m.pec !== undefined && typeof m.pec !== 'boolean') c.fail(`${path}.pec`, m.pec, 'true or false');
      const spec: MaterialSpec = { epsR, sigma, pec: m.pec === true };
      if (m.drude !== undefined && m.lorentz !== undefined) c.fail(`${path}.lorentz`, m.lorentz, 'either drude or lorentz, not both (one pole per material)');
      if (m.drude !== undefined) {
        const d = c.obj(m.drude, `${path}.drude`);
        c.keys(d, `${path}.drude`, ['omegaP', 'gamma']);
        spec.drude = { omegaP: c.num(d.omegaP, `${path}.drude.omegaP`, { positive: true, unit: 'rad/s' }), gamma: d.gamma === undefined ? 0 : c.num(d.gamma, `${path}.drude.gamma`, { min: 0, unit: '1/s' }) };
      }
      if (m.lorentz !== undefined) {
        const d = c.obj(m.lorentz, `${path}.lorentz`);
        c.keys(d, `${path}.lorentz`, ['deltaEps', 'omega0', 'gamma']);
        spec.lorentz = {
          deltaEps: c.num(d.deltaEps, `${path}.lorentz.deltaEps`, { positive: true }),
          omega0: c.num(d.omega0, `${path}.lorentz.omega0`, { positive: true, unit: 'rad/s' }),
          gamma: d.gamma === undefined ? 0 : c.num(d.gamma, `${path}.lorentz.gamma`, { min: 0, unit: '1/s' }),
        };
      }
      materials.set(name, spec);
    }
  }
  const geometry = c.arr(top.geometry, 'geometry').map((g, i) => {
    const path = `geometry[${i}]`;
    const o = c.obj(g, path);
    const kind = c.str(o.shape, `${path}.shape`, ['box', 'sphere', 'cylinder'] as const);
    const matName = c.str(o.material, `${path}.material`);
    const material = materials.get(matName);
    if (!material) c.fail(`${path}.material`, matName, `a name defined in materials (${[...materials.keys()].join(', ') || 'none defined'})`);
    let shape: ShapeSpec;
    if (kind === 'box') {
      c.keys(o, path, ['shape', 'material', 'min', 'max']);
      const min = c.vec(o.min, `${path}.min`, 3, { unit: 'm' }) as Vec3, max = c.vec(o.max, `${path}.max`, 3, { unit: 'm' }) as Vec3;
      for (let a = 0; a < 3; a++) if (max[a]! < min[a]!) c.fail(`${path}.max[${a}]`, max[a], `a value >= min[${a}] = ${min[a]}`);
      shape = { kind, min, max };
    } else if (kind === 'sphere') {
      c.keys(o, path, ['shape', 'material', 'center', 'radius']);
      shape = { kind, center: c.vec(o.center, `${path}.center`, 3, { unit: 'm' }) as Vec3, radius: c.num(o.radius, `${path}.radius`, { positive: true, unit: 'm' }) };
    } else {
      c.keys(o, path, ['shape', 'material', 'center', 'radius', 'height', 'axis']);
      shape = {
        kind,
        center: c.vec(o.center, `${path}.center`, 3, { unit: 'm' }) as Vec3,
        radius: c.num(o.radius, `${path}.radius`, { positive: true, unit: 'm' }),
        height: c.num(o.height, `${path}.height`, { positive: true, unit: 'm' }),
        axis: o.axis === undefined ? 'z' : c.str(o.axis, `${path}.axis`, ['x', 'y', 'z'] as const),
      };
    }
    return { shape, material: material! };
  });
  let epsTensor: string | undefined;
  if (top.materialTensor !== undefined) {
    const t = c.obj(top.materialTensor, 'materialTensor');
    c.keys(t, 'materialTensor', ['epsR']);
    epsTensor = c.str(t.epsR, 'materialTensor.epsR');
  }
  const w = c.obj(top.waveform, 'waveform');
  const wtype = c.str(w.type, 'waveform.type', ['gaussian', 'cw'] as const);
  let waveform: FdtdPlan['waveform'];
  if (wtype === 'gaussian') {
    c.keys(w, 'waveform', ['type', 'f0', 'fc']);
    waveform = { type: 'gaussian', f0: c.num(w.f0, 'waveform.f0', { min: 0, unit: 'Hz' }), fc: c.num(w.fc, 'waveform.fc', { positive: true, unit: 'Hz (20 dB half-bandwidth)' }) };
  } else {
    c.keys(w, 'waveform', ['type', 'f0']);
    waveform = { type: 'cw', f0: c.num(w.f0, 'waveform.f0', { positive: true, unit: 'Hz' }) };
  }
  const inside = (p: number[], path: string) => {
    p.forEach((x, a) => {
      const lo = origin[a]!, hi = origin[a]! + (size[a]! - 1) * cell[a]!;
      if (x < lo || x > hi) c.fail(`${path}[${a}]`, x, `a coordinate inside the grid [${lo}, ${hi}] m`);
    });
  };
  const comps = ['ex', 'ey', 'ez'] as const;
  const sources = c.arr(top.sources, 'sources').map((s, i) => {
    const path = `sources[${i}]`;
    const o = c.obj(s, path);
    c.keys(o, path, ['position', 'component', 'amplitude']);
    const position = c.vec(o.position, `${path}.position`, 3, { unit: 'm' }) as Vec3;
    inside(position, `${path}.position`);
    return { position, component: c.str(o.component, `${path}.component`, comps), amplitude: o.amplitude === undefined ? 1 : c.num(o.amplitude, `${path}.amplitude`, { unit: 'A/m^2' }) };
  });
  const ports = c.arr(top.ports, 'ports').map((p, i) => {
    const path = `ports[${i}]`;
    const o = c.obj(p, path);
    c.keys(o, path, ['position', 'z', 'resistance', 'width', 'axis']);
    const position = c.vec(o.position, `${path}.position`, 2, { unit: 'm' }) as [number, number];
    const z = c.vec(o.z, `${path}.z`, 2, { unit: 'm' }) as [number, number];
    if (!(z[1] > z[0])) c.fail(`${path}.z`, z, '[z0, z1] with z1 > z0 (m)');
    inside([position[0], position[1], z[0]], `${path}.position`);
    inside([position[0], position[1], z[1]], `${path}.position`);
    const width = o.width === undefined ? 0 : c.num(o.width, `${path}.width`, { min: 0, unit: 'm' });
    const axis = (o.axis === undefined ? 'y' : c.str(o.axis, `${path}.axis`, ['x', 'y'])) as 'x' | 'y';
    const a = axis === 'x' ? 0 : 1;
    for (const sgn of [-1, 1]) {
      const end: Vec3 = [position[0], position[1], z[0]];
      end[a] += (sgn * width) / 2;
      inside(end, `${path}.width`);
    }
    return { position, z, resistance: o.resistance === undefined ? 50 : c.num(o.resistance, `${path}.resistance`, { positive: true, unit: 'ohm' }), width, axis };
  });
  if (sources.length === 0 && ports.length === 0) c.fail('sources', top.sources, 'at least one source or port');
  let frequencies: number[] = [];
  if (top.frequencies !== undefined) {
    const f = c.obj(top.frequencies, 'frequencies');
    c.keys(f, 'frequencies', ['start', 'stop', 'count']);
    const start = c.num(f.start, 'frequencies.start', { positive: true, unit: 'Hz' });
    const stop = c.num(f.stop, 'frequencies.stop', { positive: true, unit: 'Hz' });
    const count = c.num(f.count, 'frequencies.count', { int: true, positive: true });
    if (stop < start) c.fail('frequencies.stop', stop, `a value >= start = ${start}`);
    if (count > 10000) c.fail('frequencies.count', count, 'at most 10000');
    frequencies = Array.from({ length: count }, (_, q) => (count === 1 ? start : start + ((stop - start) * q) / (count - 1)));
  }
  if (ports.length && frequencies.length === 0) c.fail('frequencies', top.frequencies, '{start, stop, count} when ports are given');
  const probes = c.arr(top.probes, 'probes').map((p, i) => {
    const path = `probes[${i}]`;
    const o = c.obj(p, path);
    c.keys(o, path, ['position', 'component']);
    const position = c.vec(o.position, `${path}.position`, 3, { unit: 'm' }) as Vec3;
    inside(position, `${path}.position`);
    return { position, component: c.str(o.component, `${path}.component`, ['ex', 'ey', 'ez', 'hx', 'hy', 'hz'] as const) };
  });
  let snapshots: FdtdPlan['snapshots'];
  if (top.snapshots !== undefined) {
    const o = c.obj(top.snapshots, 'snapshots');
    c.keys(o, 'snapshots', ['every', 'components']);
    const every = c.num(o.every, 'snapshots.every', { int: true, positive: true });
    const components = c.arr(o.components, 'snapshots.components').map((x, i) => c.str(x, `snapshots.components[${i}]`, ['ex', 'ey', 'ez', 'hx', 'hy', 'hz'] as const));
    if (components.length === 0) c.fail('snapshots.components', o.components, 'at least one of ex, ey, ez, hx, hy, hz');
    snapshots = { every, components };
  }
  if (top.duration === undefined && top.steps === undefined) c.fail('duration', undefined, "'duration' (s) or 'steps'");
  const duration = top.duration === undefined ? undefined : c.num(top.duration, 'duration', { positive: true, unit: 's' });
  const steps = top.steps === undefined ? undefined : c.num(top.steps, 'steps', { int: true, positive: true });
  if (steps !== undefined && steps > 1e7) c.fail('steps', steps, 'at most 1e7');
  const z0 = top.z0 === undefined ? 50 : c.num(top.z0, 'z0', { positive: true, unit: 'ohm' });
  const threads = top.threads === undefined ? 1 : c.num(top.threads, 'threads', { int: true, positive: true });
  if (threads !== 1 && threads !== 2) c.fail('threads', threads, '1 or 2');
  let output = { dir: '.', name: 'fdtd' };
  if (top.output !== undefined) {
    const o = c.obj(top.output, 'output');
    c.keys(o, 'output', ['dir', 'name']);
    output = { dir: o.dir === undefined ? '.' : c.str(o.dir, 'output.dir'), name: o.name === undefined ? 'fdtd' : c.str(o.name, 'output.name') };
    if (!/^[A-Za-z0-9_.-]+$/.test(output.name)) c.fail('output.name', output.name, 'a file stem of letters, digits, _ . -');
  }
  if (snapshots && steps !== undefined && steps / snapshots.every > 1000) c.fail('snapshots.every', snapshots.every, `a value giving at most 1000 snapshots (steps = ${steps})`);
  return { size, cell, origin, pml, geometry, epsTensor, waveform, sources, ports, frequencies, probes, snapshots, duration, steps, z0, threads: threads as 1 | 2, output };
}
