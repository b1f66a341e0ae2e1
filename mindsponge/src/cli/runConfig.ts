/**
 * `mindsponge run` configuration: parsing with field-level validation (every error names the field
 * path, the value and what was expected). The format is documented in mindsponge/README.md.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface RunConfig {
  units: 'reduced' | 'molecular';
  system:
    | { kind: 'lattice'; lattice: 'sc' | 'bcc' | 'fcc'; density: number; cells: [number, number, number]; mass: number; element: string }
    | { kind: 'file'; file: string; mass: number | null; lengthScale: number | null }
    | { kind: 'amber'; prmtop: string; rst7: string; nonbondedMethod: 'NoCutoff' | 'CutoffNonPeriodic' | 'CutoffPeriodic' | 'Ewald' | 'PME' | null; cutoff: number | null; constraints: 'none' | 'HBonds'; rigidWater: boolean; hydrogenMass: number | null };
  /** null for Amber systems (the force field comes from the prmtop). */
  potential: null | { lj: { epsilon: number | number[]; sigma: number | number[]; cutoff: number; shift: boolean; tailCorrection: boolean; skin: number } };
  ensemble: 'nve' | 'nvt' | 'npt';
  integrator: 'verlet' | 'leapfrog' | 'baoab' | 'middle' | null;
  temperature: number | null;
  thermostat: { kind: 'langevin' | 'berendsen' | 'bussi' | 'andersen' | 'nose-hoover'; temperature: number; tau: number; gamma: number; collisionFrequency: number; chainLength: number } | null;
  barostat: { kind: 'monte-carlo' | 'berendsen' | 'mtk'; pressure: number; anisotropic: boolean; frequency: number; tau: number; compressibility: number | null } | null;
  dt: number;
  steps: { equilibration: number; production: number };
  seed: number;
  minimize: { method: 'fire' | 'steepest-descent'; forceTolerance: number; maxSteps: number } | null;
  outputs: {
    directory: string;
    thermo: { file: string; every: number } | null;
    trajectory: { file: string; every: number; format: 'dcd' | 'xyz' | 'extxyz'; velocities: boolean } | null;
    checkpoint: { file: string; every: number } | null;
    summary: string | null;
    sampleEvery: number;
  };
  resume: string | null;
  maxKineticPerAtom: number | null;
  threads: number;
}

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: Json): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));

class Reader {
  constructor(readonly src: string) {}
  fail(path: string, value: Json, expected: string): never {
    throw new ConfigError(`${this.src}: ${path} = ${show(value)}, expected ${expected}`);
  }
  obj(v: Json, path: string, allowed: readonly string[]): Record<string, Json> {
    if (!isObj(v)) this.fail(path, v, 'an object');
    for (const k of Object.keys(v)) if (!allowed.includes(k)) throw new ConfigError(`${this.src}: ${path}: unknown field '${k}'; expected one of ${allowed.join(', ')}`);
    return v;
  }
  num(v: Json, path: string, o: { min?: number; exclusiveMin?: number; int?: boolean; def?: number } = {}): number {
    if (v === undefined && o.def !== undefined) return o.def;
    if (v === undefined) throw new ConfigError(`${this.src}: ${path} is required`);
    const what = `${o.int ? 'an integer' : 'a number'}${o.exclusiveMin !== undefined ? ` > ${o.exclusiveMin}` : o.min !== undefined ? ` >= ${o.min}` : ''}`;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, v, what);
    if (o.int && !Number.isInteger(v)) this.fail(path, v, what);
    if (o.exclusiveMin !== undefined && !(v > o.exclusiveMin)) this.fail(path, v, what);
    if (o.min !== undefined && !(v >= o.min)) this.fail(path, v, what);
    return v;
  }
  numOrList(v: Json, path: string): number | number[] {
    if (Array.isArray(v)) {
      if (v.length === 0) this.fail(path, v, 'a number > 0 or a non-empty list of them (one per species)');
      return v.map((x, k) => this.num(x, `${path}[${k}]`, { exclusiveMin: 0 }));
    }
    return this.num(v, path, { min: 0 });
  }
  bool(v: Json, path: string, def: boolean): boolean {
    if (v === undefined) return def;
    if (typeof v !== 'boolean') this.fail(path, v, 'true or false');
    return v;
  }
  str(v: Json, path: string, def?: string): string {
    if (v === undefined && def !== undefined) return def;
    if (typeof v !== 'string' || v === '') this.fail(path, v, 'a non-empty string');
    return v;
  }
  oneOf<T extends string>(v: Json, path: string, options: readonly T[], def?: T): T {
    if (v === undefined && def !== undefined) return def;
    if (typeof v !== 'string' || !options.includes(v as T)) this.fail(path, v, `one of ${options.map((o) => `'${o}'`).join(', ')}`);
    return v as T;
  }
}

export function parseRunConfig(json: Json, source = 'config'): RunConfig {
  const r = new Reader(source);
  const c = r.obj(json, 'config', ['$schema', 'description', 'units', 'system', 'potential', 'ensemble', 'integrator', 'temperature', 'thermostat', 'barostat', 'dt', 'steps', 'seed', 'minimize', 'outputs', 'resume', 'maxKineticPerAtom', 'threads']);
  const units = r.oneOf(c['units'], 'units', ['reduced', 'molecular'] as const);
  const sys = r.obj(c['system'], 'system', ['lattice', 'density', 'cells', 'mass', 'element', 'file', 'lengthScale', 'amber']);
  let system: RunConfig['system'];
  if (sys['amber'] !== undefined) {
    if (units !== 'molecular') throw new ConfigError(`${source}: system.amber needs units 'molecular', got '${units}'`);
    const a = r.obj(sys['amber'], 'system.amber', ['prmtop', 'rst7', 'nonbondedMethod', 'cutoff', 'constraints', 'rigidWater', 'hydrogenMass']);
    system = {
      kind: 'amber', prmtop: r.str(a['prmtop'], 'system.amber.prmtop'), rst7: r.str(a['rst7'], 'system.amber.rst7'),
      nonbondedMethod: a['nonbondedMethod'] === undefined ? null : r.oneOf(a['nonbondedMethod'], 'system.amber.nonbondedMethod', ['NoCutoff', 'CutoffNonPeriodic', 'CutoffPeriodic', 'Ewald', 'PME'] as const),
      cutoff: a['cutoff'] === undefined ? null : r.num(a['cutoff'], 'system.amber.cutoff', { exclusiveMin: 0 }),
      constraints: r.oneOf(a['constraints'], 'system.amber.constraints', ['none', 'HBonds'] as const, 'HBonds'), rigidWater: r.bool(a['rigidWater'], 'system.amber.rigidWater', true),
      hydrogenMass: a['hydrogenMass'] === undefined ? null : r.num(a['hydrogenMass'], 'system.amber.hydrogenMass', { exclusiveMin: 0 }),
    };
  } else if (sys['file'] !== undefined) {
    if (sys['lattice'] !== undefined) throw new ConfigError(`${source}: system: give either 'file' or 'lattice', not both`);
    system = { kind: 'file', file: r.str(sys['file'], 'system.file'), mass: sys['mass'] === undefined ? null : r.num(sys['mass'], 'system.mass', { exclusiveMin: 0 }), lengthScale: sys['lengthScale'] === undefined ? null : r.num(sys['lengthScale'], 'system.lengthScale', { exclusiveMin: 0 }) };
  } else {
    const cellsRaw = sys['cells'];
    if (!Array.isArray(cellsRaw) || cellsRaw.length !== 3) r.fail('system.cells', cellsRaw, 'three positive integers [nx, ny, nz]');
    const cells = cellsRaw as Json[];
    if (units === 'molecular' && sys['mass'] === undefined) throw new ConfigError(`${source}: system.mass is required in molecular units (amu)`);
    system = {
      kind: 'lattice', lattice: r.oneOf(sys['lattice'], 'system.lattice', ['sc', 'bcc', 'fcc'] as const), density: r.num(sys['density'], 'system.density', { exclusiveMin: 0 }),
      cells: cells.map((v, k) => r.num(v, `system.cells[${k}]`, { int: true, min: 1 })) as [number, number, number],
      mass: r.num(sys['mass'], 'system.mass', { exclusiveMin: 0, def: 1 }), element: r.str(sys['element'], 'system.element', 'Ar'),
    };
  }
  let potential: RunConfig['potential'] = null;
  if (system.kind === 'amber') {
    if (c['potential'] !== undefined) throw new ConfigError(`${source}: potential: an Amber system takes its force field from the prmtop; remove 'potential'`);
  } else {
    const pot = r.obj(c['potential'], 'potential', ['lj']);
    const lj = r.obj(pot['lj'], 'potential.lj', ['epsilon', 'sigma', 'cutoff', 'shift', 'tailCorrection', 'skin']);
    potential = { lj: {
      epsilon: r.numOrList(lj['epsilon'], 'potential.lj.epsilon'), sigma: r.numOrList(lj['sigma'], 'potential.lj.sigma'),
      cutoff: r.num(lj['cutoff'], 'potential.lj.cutoff', { exclusiveMin: 0 }), shift: r.bool(lj['shift'], 'potential.lj.shift', false),
      tailCorrection: r.bool(lj['tailCorrection'], 'potential.lj.tailCorrection', false), skin: r.num(lj['skin'], 'potential.lj.skin', { min: 0, def: units === 'reduced' ? 0.3 : 0.1 }),
    } };
  }
  if (potential?.lj.shift && potential.lj.tailCorrection) throw new ConfigError(`${source}: potential.lj: shift and tailCorrection together are inconsistent (the tail correction assumes an unshifted potential)`);
  const ensemble = r.oneOf(c['ensemble'], 'ensemble', ['nve', 'nvt', 'npt'] as const);
  const integrator = c['integrator'] === undefined ? null : r.oneOf(c['integrator'], 'integrator', ['verlet', 'leapfrog', 'baoab', 'middle'] as const);
  const temperature = c['temperature'] === undefined ? null : r.num(c['temperature'], 'temperature', { min: 0 });
  let thermostat: RunConfig['thermostat'] = null;
  if (c['thermostat'] !== undefined) {
    const t = r.obj(c['thermostat'], 'thermostat', ['kind', 'temperature', 'tau', 'gamma', 'collisionFrequency', 'chainLength']);
    const kind = r.oneOf(t['kind'], 'thermostat.kind', ['langevin', 'berendsen', 'bussi', 'andersen', 'nose-hoover'] as const);
    const T = t['temperature'] === undefined && temperature !== null ? temperature : r.num(t['temperature'], 'thermostat.temperature', { exclusiveMin: 0 });
    thermostat = {
      kind, temperature: T, tau: r.num(t['tau'], 'thermostat.tau', { exclusiveMin: 0, def: units === 'reduced' ? 0.5 : 1 }),
      gamma: r.num(t['gamma'], 'thermostat.gamma', { exclusiveMin: 0, def: 1 }), collisionFrequency: r.num(t['collisionFrequency'], 'thermostat.collisionFrequency', { exclusiveMin: 0, def: 1 }),
      chainLength: r.num(t['chainLength'], 'thermostat.chainLength', { int: true, min: 1, def: 3 }),
    };
  }
  let barostat: RunConfig['barostat'] = null;
  if (c['barostat'] !== undefined) {
    const b = r.obj(c['barostat'], 'barostat', ['kind', 'pressure', 'anisotropic', 'frequency', 'tau', 'compressibility']);
    barostat = {
      kind: r.oneOf(b['kind'], 'barostat.kind', ['monte-carlo', 'berendsen', 'mtk'] as const), pressure: r.num(b['pressure'], 'barostat.pressure'),
      anisotropic: r.bool(b['anisotropic'], 'barostat.anisotropic', false), frequency: r.num(b['frequency'], 'barostat.frequency', { int: true, min: 1, def: 25 }),
      tau: r.num(b['tau'], 'barostat.tau', { exclusiveMin: 0, def: units === 'reduced' ? 5 : 1 }),
      compressibility: b['compressibility'] === undefined ? null : r.num(b['compressibility'], 'barostat.compressibility', { exclusiveMin: 0 }),
    };
  }
  if (ensemble === 'nve' && (thermostat || barostat)) throw new ConfigError(`${source}: ensemble 'nve' takes no thermostat or barostat`);
  if (ensemble !== 'nve' && !thermostat) throw new ConfigError(`${source}: ensemble '${ensemble}' needs a thermostat {kind, temperature, ...}`);
  if (ensemble === 'npt' && !barostat) throw new ConfigError(`${source}: ensemble 'npt' needs a barostat {kind, pressure, ...}`);
  if (ensemble !== 'npt' && barostat) throw new ConfigError(`${source}: a barostat needs ensemble 'npt', got '${ensemble}'`);
  if (barostat?.kind === 'mtk' && (thermostat?.kind !== 'nose-hoover' || barostat.anisotropic || (integrator !== null && integrator !== 'verlet'))) {
    throw new ConfigError(`${source}: barostat.kind 'mtk' needs thermostat.kind 'nose-hoover', the 'verlet' integrator and anisotropic false`);
  }
  if ((integrator === 'baoab' || integrator === 'middle') && thermostat?.kind !== 'langevin') throw new ConfigError(`${source}: integrator '${integrator}' needs thermostat.kind 'langevin'`);
  const st = r.obj(c['steps'], 'steps', ['equilibration', 'production']);
  const steps = { equilibration: r.num(st['equilibration'], 'steps.equilibration', { int: true, min: 0, def: 0 }), production: r.num(st['production'], 'steps.production', { int: true, min: 0 }) };
  let minimize: RunConfig['minimize'] = null;
  if (c['minimize'] !== undefined) {
    const m = r.obj(c['minimize'], 'minimize', ['method', 'forceTolerance', 'maxSteps']);
    minimize = { method: r.oneOf(m['method'], 'minimize.method', ['fire', 'steepest-descent'] as const, 'fire'), forceTolerance: r.num(m['forceTolerance'], 'minimize.forceTolerance', { exclusiveMin: 0, def: units === 'reduced' ? 1e-3 : 10 }), maxSteps: r.num(m['maxSteps'], 'minimize.maxSteps', { int: true, min: 1, def: 5000 }) };
  }
  const o = c['outputs'] === undefined ? {} : r.obj(c['outputs'], 'outputs', ['directory', 'thermo', 'trajectory', 'checkpoint', 'summary', 'sampleEvery']);
  const every = (v: Json, path: string, def: number): number => r.num(v, path, { int: true, min: 1, def });
  const thermo = o['thermo'] === false ? null : (() => {
    const t = o['thermo'] === undefined ? {} : r.obj(o['thermo'], 'outputs.thermo', ['file', 'every']);
    return { file: r.str(t['file'], 'outputs.thermo.file', 'thermo.csv'), every: every(t['every'], 'outputs.thermo.every', 100) };
  })();
  let trajectory: RunConfig['outputs']['trajectory'] = null;
  if (o['trajectory'] !== undefined) {
    const t = r.obj(o['trajectory'], 'outputs.trajectory', ['file', 'every', 'format', 'velocities']);
    const file = r.str(t['file'], 'outputs.trajectory.file');
    const inferred = file.endsWith('.dcd') ? 'dcd' : file.endsWith('.extxyz') ? 'extxyz' : file.endsWith('.xyz') ? 'xyz' : undefined;
    trajectory = { file, every: every(t['every'], 'outputs.trajectory.every', 1000), format: r.oneOf(t['format'], 'outputs.trajectory.format', ['dcd', 'xyz', 'extxyz'] as const, inferred), velocities: r.bool(t['velocities'], 'outputs.trajectory.velocities', false) };
  }
  let checkpoint: RunConfig['outputs']['checkpoint'] = null;
  if (o['checkpoint'] !== undefined) {
    const t = r.obj(o['checkpoint'], 'outputs.checkpoint', ['file', 'every']);
    checkpoint = { file: r.str(t['file'], 'outputs.checkpoint.file', 'restart.json'), every: every(t['every'], 'outputs.checkpoint.every', 10_000) };
  }
  return {
    units, system, potential, ensemble, integrator, temperature, thermostat, barostat,
    dt: r.num(c['dt'], 'dt', { exclusiveMin: 0 }), steps, seed: r.num(c['seed'], 'seed', { int: true, min: 0, def: 1 }), minimize,
    outputs: {
      directory: r.str(o['directory'], 'outputs.directory', '.'), thermo, trajectory, checkpoint,
      summary: o['summary'] === false ? null : r.str(o['summary'], 'outputs.summary', 'summary.json'), sampleEvery: every(o['sampleEvery'], 'outputs.sampleEvery', 10),
    },
    resume: c['resume'] === undefined ? null : r.str(c['resume'], 'resume'),
    maxKineticPerAtom: c['maxKineticPerAtom'] === undefined ? null : r.num(c['maxKineticPerAtom'], 'maxKineticPerAtom', { exclusiveMin: 0 }),
    threads: r.num(c['threads'], 'threads', { int: true, min: 1, def: 1 }),
  };
}
