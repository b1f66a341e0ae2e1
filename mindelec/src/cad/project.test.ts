import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseProject, parseProjectText, ProjectError, validateMaterial } from './index.ts';

const valid = {
  name: 'patch', unit: 'mm',
  solids: [{ file: 'board.step', material: 'FR4', priority: 1, parts: { PATCH: 'copper' } }, { file: 'feed.stl', material: 'ceramic', unit: 'cm' }],
  materials: { ceramic: { eps_r: 9.8, tan_delta: 1e-4 } },
  background: 'air',
  ports: [{ name: 'P1', type: 'lumped', position: [0, 0, 0.8], direction: 'z', impedance: 50 }],
  box: { margin: [5, 5, 10] },
  grid: { spacing: 0.5 },
  supersample: 2,
};

describe('project JSON', () => {
  it('parses a full project, converting lengths to mm', () => {
    const p = parseProject({ ...valid, unit: 'cm' }, 'p.json', '/base');
    expect(p.solids[0]).toMatchObject({ file: 'board.step', material: 'FR4', priority: 1, parts: { PATCH: 'copper' }, unit: 'cm' });
    expect(p.box).toEqual({ kind: 'model', margin: [50, 50, 100] });
    expect(p.grid).toEqual({ kind: 'spacing', spacing: 5 });
    expect(p.ports[0]!.position).toEqual([0, 0, 8]);
    expect(p.materials.get('ceramic')).toMatchObject({ eps_r: 9.8, mu_r: 1, sigma: 0, tan_delta: 1e-4 });
    expect(p.materials.get('fr4')!.eps_r).toBe(4.3);
    expect(p.dtype).toBe('float32');
    const stat = parseProject({ solids: [{ file: 'a.obj', material: 'pec' }], box: { min: [0, 0, 0], max: [1, 2, 3] }, grid: { dims: [4, 5, 6] } });
    expect(stat.box).toEqual({ kind: 'static', min: [0, 0, 0], max: [1, 2, 3] });
    expect(stat.grid).toEqual({ kind: 'dims', dims: [4, 5, 6] });
  });

  it.each([
    [{ solids: [] }, /p\.json: solids: expected a non-empty array/],
    [{ solids: [{ file: 'a.step', material: 'FR5' }] }, /p\.json: solids\[0\]\.material: unknown material 'FR5'; known: vacuum, air/],
    [{ solids: [{ file: 'a.step' }] }, /solids\[0\]\.material: expected a non-empty string, got nothing/],
    [{ solids: [{ file: 'a.step', material: 'pec', colour: 'red' }] }, /solids\[0\]\.colour: unknown field/],
    [{ ...valid, grid: { dims: [10, 2, 10] } }, /grid\.dims\[1\]: expected an integer >= 3, got 2/],
    [{ ...valid, grid: { dims: [10, 10, 10], spacing: 1 } }, /grid: expected exactly one of dims, spacing, points, got dims, spacing/],
    [{ ...valid, box: { min: [0, 0, 0], max: [1, 0, 1] } }, /box\.max\[1\]: must exceed box\.min\[1\] \(0\), got 0/],
    [{ ...valid, box: { margin: -1 } }, /box\.margin: expected a number >= 0, got -1/],
    [{ ...valid, ports: [{ position: [0, 0], direction: 'z' }] }, /ports\[0\]\.position: expected \[x, y, z\], got \[0,0\]/],
    [{ ...valid, ports: [{ position: [0, 0, 0], direction: 'w' }] }, /ports\[0\]\.direction: expected one of x, y, z/],
    [{ ...valid, ports: [{ position: [0, 0, 0], impedance: 0 }] }, /ports\[0\]\.impedance: expected a positive number \(Ohm\), got 0/],
    [{ ...valid, materials: { bad: { eps_r: -2 } } }, /materials\.bad\.eps_r: expected a finite number > 0, got -2/],
    [{ ...valid, materials: { bad: { mu_r: 2 } } }, /materials\.bad\.eps_r: required/],
    [{ ...valid, unit: 'furlong' }, /unit: unknown length unit 'furlong'/],
    [{ ...valid, supersample: 9 }, /supersample: expected an integer 1\.\.8, got 9/],
    [{ ...valid, dtype: 'int8' }, /dtype: expected 'float32' or 'float64', got "int8"/],
    [{ ...valid, extra: 1 }, /extra: unknown field/],
    [[1, 2], /\(root\): expected a JSON object/],
  ])('rejects %j with a field-level error', (value, message) => {
    expect(() => parseProject(value, 'p.json')).toThrow(message);
    expect(() => parseProject(value, 'p.json')).toThrow(ProjectError);
  });

  it('JSON syntax errors give line and column', () => {
    expect(() => parseProjectText('{\n  "solids": [\n    {"file": "a.step",, }\n  ]\n}', 'syn.json')).toThrow(/syn\.json: invalid JSON at line 3, column \d+/);
  });

  it('material records are validated field by field', () => {
    expect(validateMaterial({ eps_r: 2.2, sigma: 1e-3 }, 'm')).toMatchObject({ mu_r: 1, eps_r: 2.2, sigma: 1e-3, tan_delta: 0 });
    expect(() => validateMaterial({ eps_r: 2, sigma: -1 }, 'm')).toThrow(/m\.sigma: expected a finite number >= 0, got -1/);
    expect(validateMaterial({ pec: true }, 'm').pec).toBe(true);
  });

  it('fuzz: any JSON value, or a valid project with one field replaced, parses or throws a ProjectError naming a field', () => {
    const check = (v: unknown) => {
      try {
        const p = parseProject(v, 'f.json');
        return p.solids.length > 0 && p.solids.every((s) => p.materials.has(s.material.toLowerCase()));
      } catch (e) {
        return e instanceof ProjectError && /^f\.json: \S.*: \S/.test(e.message);
      }
    };
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 300 });
    const keys = Object.keys(valid) as (keyof typeof valid)[];
    fc.assert(fc.property(fc.constantFrom(...keys), fc.jsonValue(), (k, v) => check({ ...valid, [k]: v })), { numRuns: 500 });
    fc.assert(fc.property(fc.constantFrom('file', 'material', 'priority', 'parts', 'unit', 'name'), fc.jsonValue(), (k, v) => check({ ...valid, solids: [{ ...valid.solids[0], [k]: v }] })), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      try { parseProjectText(s, 'f.json'); return true; } catch (e) { return e instanceof ProjectError; }
    }), { numRuns: 200 });
  });
});
