import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dcdWriter, formatPdb, type PdbAtom } from '@mindscience/mindsponge';
import { boxMesh, encodeStl } from '@mindscience/mindelec';
import { runView } from './view.ts';
import { main } from './main.ts';

const dir = mkdtempSync(join(tmpdir(), 'view-'));

function pageData(path: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="viz-data">(.*?)<\/script>/s.exec(readFileSync(path, 'utf8'));
  return JSON.parse(m![1]!) as Record<string, unknown>;
}
const u32 = (b64: string) => new Uint32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);
const f32 = (b64: string) => new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);

describe('mindscience view', () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { errors.push(a.join(' ')); });
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => { vi.restoreAllMocks(); });

  it('views an extxyz trajectory: elements, bonds, Lattice box, Å read as nm, --stride', async () => {
    const frame = (dx: number) => `3\nLattice="20 0 0 0 21 0 0 0 22" Properties=species:S:1:pos:R:3\nO ${dx} 0 0\nH ${dx + 0.957} 0 0\nH ${dx - 0.24} 0.927 0\n`;
    writeFileSync(join(dir, 'w.xyz'), frame(0) + frame(1) + frame(2));
    expect(await runView([join(dir, 'w.xyz'), '--out', join(dir, 'w.html'), '--stride', '2'])).toBe(0);
    const d = pageData(join(dir, 'w.html'));
    expect([d['nAtoms'], d['nFrames'], d['nBonds']]).toEqual([3, 2, 2]);
    expect(f32(d['positions'] as string)[9]).toBeCloseTo(0.2, 6); // frame 2 (x = 2 Å) -> 0.2 nm
    expect([...f32(d['boxes'] as string)].map((v) => +v.toFixed(5))).toEqual([2, 2.1, 2.2, 2, 2.1, 2.2]);
  });

  it('views a PDB with its CONECT bonds and CRYST1 cell', async () => {
    const atom = (serial: number, name: string, element: string): PdbAtom => ({ serial, name, altLoc: '', residueName: 'HOH', chain: 'A', residueNumber: 1, insertionCode: '', occupancy: 1, bFactor: 0, element, hetero: true });
    writeFileSync(join(dir, 'w.pdb'), formatPdb({
      atoms: [atom(1, 'O', 'O'), atom(2, 'H1', 'H'), atom(3, 'H2', 'H')],
      positions: new Float64Array([0, 0, 0, 0.0957, 0, 0, -0.024, 0.0927, 0]),
      cell: { lengths: [1, 1, 1], angles: [90, 90, 90] }, bonds: [[0, 1]],
    }));
    expect(await runView([join(dir, 'w.pdb'), '--out', join(dir, 'p.html')])).toBe(0);
    const d = pageData(join(dir, 'p.html'));
    expect([...u32(d['bonds'] as string)]).toEqual([0, 1]); // CONECT wins over guessing (which would add 0-2)
    expect(u32(d['colors'] as string)[0]).toBe(0xff0d0d);
    expect(d['boxes']).not.toBeNull();
  });

  it('views a DCD with --element and --length-unit, and no box when the file has no cell', async () => {
    const w = dcdWriter(join(dir, 't.dcd'), { nAtoms: 2, every: 10, dt: 0.005, lengthScale: 1, molecularTime: false });
    w.write(new Float64Array([0, 0, 0, 1.1, 0, 0]), null);
    w.write(new Float64Array([0, 0, 0, 1.2, 0, 0]), null);
    w.close();
    expect(await runView([join(dir, 't.dcd'), '--out', join(dir, 't.html'), '--element', 'Ne', '--length-unit', 'sigma'])).toBe(0);
    const d = pageData(join(dir, 't.html'));
    expect([d['nAtoms'], d['nFrames'], d['boxes'], d['frameLabels']]).toEqual([2, 2, null, ['step 10', 'step 20']]);
    expect(u32(d['colors'] as string)[1]).toBe(0xb3e3f5);
    expect(readFileSync(join(dir, 't.html'), 'utf8')).toContain('lengths in σ (reduced LJ units)');
  });

  it('views an STL with a voxel overlay', async () => {
    writeFileSync(join(dir, 'cube.stl'), encodeStl(boxMesh('cube', [0, 0, 0], [10, 20, 30])));
    expect(await runView([join(dir, 'cube.stl'), '--out', join(dir, 'c.html'), '--voxels', '3000'])).toBe(0);
    const d = pageData(join(dir, 'c.html')) as { meshes: unknown[]; voxels: { occupied: number; drawn: number; size: number[] } };
    expect(d.meshes.length).toBe(1);
    // A box voxelized on its own bounding box fills the grid: all ~3000 cells occupied, only the shell drawn.
    expect(d.voxels.occupied).toBeGreaterThan(2000);
    expect(d.voxels.drawn).toBeLessThan(d.voxels.occupied);
  });

  it('says what is wrong: help, usage, unknown type, unreadable file', async () => {
    expect(await runView(['--help'])).toBe(0);
    expect(await main(['view', '--help'])).toBe(0);
    expect(await runView([])).toBe(2);
    expect(errors.pop()).toMatch(/expected a file to view/);
    expect(await runView(['x.xyz', '--stride', '0'])).toBe(2);
    expect(errors.pop()).toMatch(/--stride must be a positive integer, got '0'/);
    expect(await runView(['model.docx'])).toBe(2);
    expect(errors.pop()).toMatch(/unknown file type '.docx'/);
    expect(await runView([join(dir, 'missing.xyz'), '--out', join(dir, 'm.html')])).toBe(1);
    expect(errors.pop()).toMatch(/missing\.xyz/);
    writeFileSync(join(dir, 'bad.xyz'), '3\ncomment\nO 0 0 0\nH 1 0\n');
    expect(await runView([join(dir, 'bad.xyz'), '--out', join(dir, 'b.html')])).toBe(1);
    expect(errors.pop()).toMatch(/bad\.xyz/);
  });
});
