/**
 * The CAD-to-tensor project description (JSON), validated field by field.
 *
 * ```json
 * { "name": "patch", "unit": "mm",
 *   "solids": [ { "file": "board.step", "material": "FR4", "priority": 0,
 *                 "parts": { "PATCH": "copper" } } ],
 *   "materials": { "ceramic": { "eps_r": 9.8, "tan_delta": 1e-4 } },
 *   "background": "air",
 *   "ports": [ { "name": "P1", "type": "lumped", "position": [0, 0, 0.8], "direction": "z", "impedance": 50 } ],
 *   "box": { "margin": [5, 5, 10] },          // or { "min": [..], "max": [..] } (static)
 *   "grid": { "spacing": 0.5 },               // or { "dims": [nx, ny, nz] } or { "points": 1000000 }
 *   "supersample": 1, "dtype": "float32",
 *   "tessellation": { "linearDeflection": 0.001, "angularDeflection": 0.5 } }
 * ```
 * Lengths (positions, margins, spacing, box) are in `unit` (default mm) and converted to mm. Solid
 * files are relative to the project file. A multi-solid file (assembly) gives one solid per part; `parts`
 * maps a part name (or assembly path suffix) to its own material. Errors name the file and the JSON path
 * (`patch.json: solids[1].material: unknown material 'FR5'; known: ...`).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { mmPer } from './units.ts';
import { validateMaterial, materialTable, lookupMaterial, type Material } from './materials.ts';

/** An invalid CAD-to-tensor project description; the message names the source file and the JSON path of the field. */
export class ProjectError extends Error {
  override name = 'ProjectError';
}

export interface ProjectSolid {
  file: string;
  name?: string;
  material: string;
  priority: number;
  parts: Record<string, string>;
  /** Unit of STL/OBJ/BREP files (no unit inside); default the project unit. */
  unit?: string;
}

export interface ProjectPort {
  name: string;
  type: 'lumped' | 'waveguide' | 'discrete';
  /** mm */
  position: [number, number, number];
  direction: 'x' | 'y' | 'z' | '-x' | '-y' | '-z';
  /** Ohm */
  impedance: number;
}

export type ProjectBox = { kind: 'static'; min: [number, number, number]; max: [number, number, number] } | { kind: 'model'; margin: [number, number, number] };
export type ProjectGrid = { kind: 'dims'; dims: [number, number, number] } | { kind: 'spacing'; spacing: number } | { kind: 'points'; points: number };

export interface Project {
  name: string;
  /** Directory solid files are resolved against. */
  baseDir: string;
  unit: string;
  solids: ProjectSolid[];
  materials: Map<string, Material>;
  background: string;
  ports: ProjectPort[];
  box: ProjectBox;
  grid: ProjectGrid;
  supersample: number;
  dtype: 'float32' | 'float64';
  tessellation: { linearDeflection?: number; angularDeflection?: number };
}

type Obj = Record<string, unknown>;

/**
 * Validate a parsed project JSON value field by field into a Project: lengths converted from `unit` (default mm) to
 * mm, materials resolved against the library plus user materials, solid files relative to baseDir.
 * @param source File name used in errors.
 * @throws ProjectError naming source and the JSON path (e.g. `solids[1].material`) for unknown fields or bad values.
 */
export function parseProject(value: unknown, source = 'project', baseDir = '.'): Project {
  const fail = (path: string, msg: string): never => { throw new ProjectError(`${source}: ${path}: ${msg}`); };
  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(value)) fail('(root)', `expected a JSON object, got ${brief(value)}`);
  const root = value as Obj;
  const allowed = ['name', 'unit', 'solids', 'materials', 'background', 'ports', 'box', 'grid', 'supersample', 'dtype', 'tessellation', 'description'];
  for (const k of Object.keys(root)) if (!allowed.includes(k)) fail(jsonKey(k), `unknown field, expected one of ${allowed.join(', ')}`);
  const str = (v: unknown, path: string): string => (typeof v === 'string' && v.length > 0 ? v : fail(path, `expected a non-empty string, got ${brief(v)}`));
  const num = (v: unknown, path: string, test: (x: number) => boolean, what: string): number =>
    typeof v === 'number' && Number.isFinite(v) && test(v) ? v : fail(path, `expected ${what}, got ${brief(v)}`);
  const unit = root['unit'] === undefined ? 'mm' : str(root['unit'], 'unit');
  let scale = 1;
  try { scale = mmPer(unit, 'unit'); } catch (e) { fail('unit', (e as Error).message.replace(/^unit: /, '')); }
  const vec3 = (v: unknown, path: string, test: (x: number) => boolean = () => true, what = 'a number'): [number, number, number] => {
    if (typeof v === 'number') { const x = num(v, path, test, what) * scale; return [x, x, x]; }
    if (!Array.isArray(v) || v.length !== 3) return fail(path, `expected [x, y, z], got ${brief(v)}`);
    return v.map((x, a) => num(x, `${path}[${a}]`, test, what) * scale) as [number, number, number];
  };

  const userMaterials: Record<string, Material> = {};
  if (root['materials'] !== undefined) {
    if (!isObj(root['materials'])) fail('materials', `expected an object of name → material, got ${brief(root['materials'])}`);
    for (const [k, m] of Object.entries(root['materials'] as Obj)) {
      try { userMaterials[k] = validateMaterial(m, `materials.${jsonKey(k)}`); } catch (e) { throw new ProjectError(`${source}: ${(e as Error).message}`); }
    }
  }
  const materials = materialTable(userMaterials);
  const material = (v: unknown, path: string): string => {
    const name = str(v, path);
    try { lookupMaterial(materials, name, path); } catch (e) { throw new ProjectError(`${source}: ${(e as Error).message}`); }
    return name;
  };

  if (!Array.isArray(root['solids']) || root['solids'].length === 0) fail('solids', `expected a non-empty array of solids, got ${brief(root['solids'])}`);
  const solids = (root['solids'] as unknown[]).map((s, i): ProjectSolid => {
    const p = `solids[${i}]`;
    if (!isObj(s)) return fail(p, `expected an object with file and material, got ${brief(s)}`);
    for (const k of Object.keys(s)) if (!['file', 'name', 'material', 'priority', 'parts', 'unit'].includes(k)) fail(`${p}.${jsonKey(k)}`, 'unknown field, expected file, name, material, priority, parts, unit');
    const parts: Record<string, string> = {};
    if (s['parts'] !== undefined) {
      if (!isObj(s['parts'])) fail(`${p}.parts`, `expected an object of part name → material, got ${brief(s['parts'])}`);
      for (const [k, m] of Object.entries(s['parts'] as Obj)) parts[k] = material(m, `${p}.parts.${jsonKey(k)}`);
    }
    const u = s['unit'] === undefined ? undefined : str(s['unit'], `${p}.unit`);
    if (u !== undefined) { try { mmPer(u); } catch (e) { fail(`${p}.unit`, (e as Error).message.replace(/^unit: /, '')); } }
    return {
      file: str(s['file'], `${p}.file`),
      name: s['name'] === undefined ? undefined : str(s['name'], `${p}.name`),
      material: material(s['material'], `${p}.material`),
      priority: s['priority'] === undefined ? 0 : num(s['priority'], `${p}.priority`, Number.isInteger, 'an integer'),
      parts,
      unit: u ?? unit,
    };
  });

  const ports: ProjectPort[] = [];
  if (root['ports'] !== undefined) {
    if (!Array.isArray(root['ports'])) fail('ports', `expected an array, got ${brief(root['ports'])}`);
    (root['ports'] as unknown[]).forEach((q, i) => {
      const p = `ports[${i}]`;
      if (!isObj(q)) return fail(p, `expected an object, got ${brief(q)}`);
      const type = q['type'] ?? 'lumped';
      if (!['lumped', 'waveguide', 'discrete'].includes(type as string)) fail(`${p}.type`, `expected 'lumped', 'waveguide' or 'discrete', got ${brief(type)}`);
      const dir = q['direction'] ?? 'z';
      if (!['x', 'y', 'z', '-x', '-y', '-z'].includes(dir as string)) fail(`${p}.direction`, `expected one of x, y, z, -x, -y, -z, got ${brief(dir)}`);
      ports.push({
        name: q['name'] === undefined ? `port${i + 1}` : str(q['name'], `${p}.name`),
        type: type as ProjectPort['type'],
        position: vec3(q['position'], `${p}.position`),
        direction: dir as ProjectPort['direction'],
        impedance: q['impedance'] === undefined ? 50 : num(q['impedance'], `${p}.impedance`, (x) => x > 0, 'a positive number (Ohm)'),
      });
    });
  }

  let box: ProjectBox = { kind: 'model', margin: [0, 0, 0] };
  if (root['box'] !== undefined) {
    const b = root['box'];
    if (!isObj(b)) fail('box', `expected {min, max} or {margin}, got ${brief(b)}`);
    const bo = b as Obj;
    if (bo['min'] !== undefined || bo['max'] !== undefined) {
      if (bo['margin'] !== undefined) fail('box', 'give either min/max (static box) or margin (model box), not both');
      const min = vec3(bo['min'], 'box.min'), max = vec3(bo['max'], 'box.max');
      for (let a = 0; a < 3; a++) if (!(max[a]! > min[a]!)) fail(`box.max[${a}]`, `must exceed box.min[${a}] (${min[a]! / scale}), got ${max[a]! / scale}`);
      box = { kind: 'static', min, max };
    } else if (bo['margin'] !== undefined) {
      box = { kind: 'model', margin: vec3(bo['margin'], 'box.margin', (x) => x >= 0, 'a number >= 0') };
    } else fail('box', 'expected min/max or margin');
  }

  let grid: ProjectGrid = { kind: 'points', points: 1_000_000 };
  if (root['grid'] !== undefined) {
    const g = root['grid'];
    if (!isObj(g)) fail('grid', `expected {dims}, {spacing} or {points}, got ${brief(g)}`);
    const go = g as Obj, keys = Object.keys(go);
    if (keys.length !== 1) fail('grid', `expected exactly one of dims, spacing, points, got ${keys.length ? keys.join(', ') : 'none'}`);
    if (go['dims'] !== undefined) {
      const d = go['dims'];
      if (!Array.isArray(d) || d.length !== 3) fail('grid.dims', `expected [nx, ny, nz], got ${brief(d)}`);
      grid = { kind: 'dims', dims: (d as unknown[]).map((x, a) => num(x, `grid.dims[${a}]`, (v) => Number.isInteger(v) && v >= 3, 'an integer >= 3')) as [number, number, number] };
    } else if (go['spacing'] !== undefined) {
      grid = { kind: 'spacing', spacing: num(go['spacing'], 'grid.spacing', (x) => x > 0, `a positive length (${unit})`) * scale };
    } else if (go['points'] !== undefined) {
      grid = { kind: 'points', points: num(go['points'], 'grid.points', (x) => Number.isInteger(x) && x >= 27, 'an integer >= 27') };
    } else fail(`grid.${jsonKey(keys[0]!)}`, 'unknown field, expected dims, spacing or points');
  }

  const tess: Project['tessellation'] = {};
  if (root['tessellation'] !== undefined) {
    const t = root['tessellation'];
    if (!isObj(t)) fail('tessellation', `expected an object, got ${brief(t)}`);
    for (const [k, v] of Object.entries(t as Obj)) {
      if (k !== 'linearDeflection' && k !== 'angularDeflection') fail(`tessellation.${jsonKey(k)}`, 'unknown field, expected linearDeflection, angularDeflection');
      tess[k as 'linearDeflection'] = num(v, `tessellation.${k}`, (x) => x > 0, 'a positive number');
    }
  }
  const dtype = root['dtype'] ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') fail('dtype', `expected 'float32' or 'float64', got ${brief(dtype)}`);
  return {
    name: root['name'] === undefined ? 'project' : str(root['name'], 'name'),
    baseDir, unit, solids, materials,
    background: root['background'] === undefined ? 'air' : material(root['background'], 'background'),
    ports, box, grid,
    supersample: root['supersample'] === undefined ? 1 : num(root['supersample'], 'supersample', (x) => Number.isInteger(x) && x >= 1 && x <= 8, 'an integer 1..8'),
    dtype: dtype as Project['dtype'],
    tessellation: tess,
  };
}

/** A JSON key as it should appear in a field path: bare if identifier-like, else quoted. */
function jsonKey(k: string): string {
  return /^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k);
}

function brief(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Reads and validates a project file; JSON syntax errors give the line and column. */
export function loadProject(path: string): Project {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) { throw new ProjectError(`${path}: cannot read: ${(e as Error).message}`); }
  return parseProjectText(text, path, dirname(resolve(path)));
}

/**
 * Parse project JSON text and validate it with parseProject.
 * @throws ProjectError naming source with the line and column of a JSON syntax error, or the field path of a bad value.
 */
export function parseProjectText(text: string, source = 'project', baseDir = '.'): Project {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const pos = Number(/position (\d+)/.exec((e as Error).message)?.[1]);
    const where = Number.isFinite(pos) ? (() => { const before = text.slice(0, pos).split('\n'); return ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`; })() : '';
    throw new ProjectError(`${source}: invalid JSON${where}: ${(e as Error).message}`);
  }
  return parseProject(value, source, baseDir);
}
