import { describe, it, expect, vi, afterEach } from 'vitest';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import cad2tensor from '../cli/commands/cad2tensor.ts';
import { readNpy, readVti, decodePng, loadProject, projectToTensor } from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const project = join(here, '..', '..', 'test-data', 'two-blocks', 'project.json');
const testFiles = join(dirname(createRequire(import.meta.url).resolve('occt-import-js/package.json')), 'test', 'testfiles');

async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => { out.push(a.join(' ')); });
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => { err.push(a.join(' ')); });
  try {
    return { code: await cad2tensor.run(argv), out: out.join('\n'), err: err.join('\n') };
  } finally { log.mockRestore(); error.mockRestore(); }
}

afterEach(() => vi.restoreAllMocks());

describe('cad2tensor (API and CLI)', () => {
  it('the two-block project gives exact volumes, priorities and material channels (API)', async () => {
    const r = await projectToTensor(loadProject(project));
    expect(r.grid.dims).toEqual([44, 24, 10]);
    expect(r.solids.map((s) => [s.name, s.material, s.meshVolume, s.voxelVolume, s.assignedVolume])).toEqual([
      ['substrate', 'FR4', 400, 400, 368], ['trace', 'copper', 64, 64, 64],
    ]);
    const { data } = r.tensor, [nx, ny, nz] = r.grid.dims;
    const at = (x: number, y: number, z: number) => 8 * ((Math.floor((x + 1) / 0.5) * ny + Math.floor((y + 1) / 0.5)) * nz + Math.floor((z + 1) / 0.5));
    expect(Array.from(data.subarray(at(10.2, 5.2, 1.7), at(10.2, 5.2, 1.7) + 8))).toEqual([10.25, 5.25, 1.75, 2, Math.fround(0.999994), 1, 5.8e7, 0]);
    expect(Array.from(data.subarray(at(10.2, 1.2, 0.2) + 3, at(10.2, 1.2, 0.2) + 8))).toEqual([1, 1, Math.fround(4.3), 0, Math.fround(0.025)]);
    expect(Array.from(data.subarray(at(-0.6, -0.6, -0.6), at(-0.6, -0.6, -0.6) + 8))).toEqual([-0.75, -0.75, -0.75, 0, 1, Math.fround(1.05), 0, Math.fround(1e-4)]);
    void nx;
  });

  it('writes .npy, ids, .vti, PNG, SVG and a JSON summary from a project file (CLI)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c2t-'));
    const o = (f: string) => join(dir, f);
    const r = await runCli([project, '--out', o('t.npy'), '--ids', o('ids.npy'), '--vtk', o('g.vti'), '--png', o('s.png'), '--svg', o('s.svg'), '--slice', 'y:12', '--json', o('s.json'), '--mesh-svg', o('m.svg'), '--surface', '1000', '--surface-out', o('cloud.npy')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/two-blocks: 2 solid\(s\), grid 44 x 24 x 10 = 10560 cells/);
    expect(r.out).toMatch(/substrate\s+FR4\s+400\.000\s+400\.000\s+368\.000\s+0\.00%/);
    const t = readNpy(o('t.npy'));
    expect(t.shape).toEqual([44, 24, 10, 8]);
    expect(t.data).toBeInstanceOf(Float32Array);
    const ids = readNpy(o('ids.npy'));
    expect(ids.data).toBeInstanceOf(Uint16Array);
    for (let c = 0; c < ids.data.length; c++) expect(t.data[8 * c + 3]).toBe(ids.data[c]);
    const vti = readVti(o('g.vti'));
    expect(vti.origin).toEqual([-0.75, -0.75, -0.75]);
    expect(Array.from(vti.fields['solid_id']!.data)).toEqual(Array.from(ids.data));
    const png = decodePng(readFileSync(o('s.png')));
    expect([png.width, png.height]).toEqual([44 * 11, 10 * 11]);
    expect(readFileSync(o('s.svg'), 'utf8')).toContain('trace (copper)');
    expect(readFileSync(o('m.svg'), 'utf8').match(/<polygon/g)!.length).toBe(24); // 12 + 12 triangles
    const cloud = readNpy(o('cloud.npy'));
    expect(cloud.shape).toEqual([1000, 7]);
    // areas: substrate 2(200 + 40 + 20) = 520, trace 2(32 + 32 + 4) = 136
    let onTrace = 0;
    for (let i = 0; i < 1000; i++) if (cloud.data[7 * i + 6] === 2) onTrace++;
    expect(onTrace).toBe(Math.round((1000 * 136) / 656));
    const summary = JSON.parse(readFileSync(o('s.json'), 'utf8'));
    expect(summary.ports[0].name).toBe('P1');
    expect(summary.channels).toEqual(['x', 'y', 'z', 'solid_id', 'mu_r', 'eps_r', 'sigma', 'tan_delta']);
  });

  it('converts a STEP file with --dims and --float64, and NumPy reads the result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c2t-'));
    const r = await runCli([join(testFiles, 'cube-10x10mm', 'Cube 10x10.stp'), '--dims', '10,10,10', '--margin', '0', '--material', 'copper', '--float64', '--out', join(dir, 'c.npy'), '--quiet']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('');
    const t = readNpy(join(dir, 'c.npy'));
    expect(t.shape).toEqual([10, 10, 10, 8]);
    expect(t.data).toBeInstanceOf(Float64Array);
    // the box is the cube itself: every cell centre is inside
    for (let c = 0; c < 1000; c++) expect(t.data[8 * c + 6]).toBe(5.8e7);
    let py = '';
    try { py = execFileSync('/usr/bin/python3', ['-c', `import numpy as np; t = np.load('${join(dir, 'c.npy')}'); print(t.shape, t.dtype, t[..., 3].sum())`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* no numpy */ }
    if (py) expect(py).toBe('(10, 10, 10, 8) float64 1000.0');
  });

  it('usage errors exit 2 with help; bad input exits 1 naming the file', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    expect((await runCli(['--help'])).out).toMatch(/usage: mindelec cad2tensor/);
    const noInput = await runCli([]);
    expect([noInput.code, noInput.err]).toEqual([2, expect.stringMatching(/missing input file/)]);
    expect((await runCli([project, '--dims', '4,4'])).err).toMatch(/--dims: expected three integers >= 3 like 64,64,32, got '4,4'/);
    expect((await runCli([project, '--spacing', '1', '--points', '1000'])).err).toMatch(/give one of --spacing, --dims, --points/);
    expect((await runCli([project, '--bogus'])).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'c2t-'));
    const fake = join(dir, 'fake.step');
    (await import('node:fs')).writeFileSync(fake, 'this is not STEP');
    const bad = await runCli([fake, '--points', '1000']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/fake\.step: not a STEP file/);
    expect(existsSync(join(dir, 'out.npy'))).toBe(false);
  });

  it('a non-watertight solid is reported with a warning naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c2t-'));
    const fs = await import('node:fs');
    fs.writeFileSync(join(dir, 'open.obj'), 'o lid\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 0 0 1\nf 1 2 3\nf 1 3 4\nf 1 5 2\n');
    const r = await runCli([join(dir, 'open.obj'), '--dims', '4,4,4', '--margin', '0.5']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: solid 'lid' is not watertight: \d+ open \(boundary\) edges/);
  });
});
