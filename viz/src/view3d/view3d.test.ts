import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bondsByDistance } from './bonds.ts';
import { covalentRadiusNm, elementColor, normalizeElement, vdwRadiusNm } from './elements.ts';
import { meshVoxelViewData, meshVoxelViewHtml, voxelSurfaceCells } from './meshVoxel.ts';
import { moleculeViewData, moleculeViewHtml } from './molecule.ts';

const f32 = (b64: string) => new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);
const u32 = (b64: string) => new Uint32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);

// Water and methane 0.5 nm apart, nm (O-H 0.0957 nm, C-H 0.109 nm).
const elements = ['O', 'H', 'H', 'C', 'H', 'H', 'H', 'H'];
const frame = [0, 0, 0, 0.0957, 0, 0, -0.024, 0.0927, 0, 0.5, 0.5, 0.5, 0.609, 0.5, 0.5, 0.464, 0.603, 0.5, 0.464, 0.449, 0.589, 0.464, 0.449, 0.411];

function bruteForceBonds(p: ArrayLike<number>, el: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < el.length; i++) for (let j = i + 1; j < el.length; j++) {
    const d = Math.hypot(p[3 * j]! - p[3 * i]!, p[3 * j + 1]! - p[3 * i + 1]!, p[3 * j + 2]! - p[3 * i + 2]!);
    if (d > 0.04 && d < covalentRadiusNm(el[i]!) + covalentRadiusNm(el[j]!) + 0.045) out.push(i, j);
  }
  return out;
}

describe('element table', () => {
  it('has the Jmol colours and normalises case', () => {
    expect(elementColor('C')).toBe(0x909090);
    expect(elementColor('o')).toBe(0xff0d0d);
    expect(elementColor('CL')).toBe(0x1ff01f);
    expect(normalizeElement(' cl ')).toBe('Cl');
    expect(normalizeElement('Xx')).toBe('X');
    expect(elementColor('Xq')).toBe(0xff1493);
    expect(vdwRadiusNm('H')).toBeCloseTo(0.11, 6);
  });
});

describe('bondsByDistance', () => {
  it('finds the O-H and C-H bonds of water and methane, and no H-H or intermolecular bond', () => {
    expect([...bondsByDistance(frame, elements)]).toEqual([0, 1, 0, 2, 3, 4, 3, 5, 3, 6, 3, 7]);
  });
  it('matches the O(n^2) definition on random clouds (cell list is exact)', () => {
    const symbols = ['H', 'C', 'N', 'O', 'S', 'Fe'];
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom(...symbols), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -0.3, max: 0.3, noNaN: true })), { minLength: 0, maxLength: 120 }),
      (atoms) => {
        const el = atoms.map((a) => a[0]);
        const p = atoms.flatMap((a) => [a[1], a[2], a[3]]);
        expect([...bondsByDistance(p, el)]).toEqual(bruteForceBonds(p, el));
      }), { numRuns: 60 });
  });
  it('names the bad input', () => {
    expect(() => bondsByDistance([0, 0], ['C'])).toThrow(/2 coordinates for 1 atoms \(expected 3\)/);
    expect(() => bondsByDistance([0, 0, 0, NaN, 0, 0], ['C', 'C'])).toThrow(/atom 1 coordinate x is NaN/);
  });
});

describe('voxelSurfaceCells', () => {
  it('keeps the shell of a block and drops its interior', () => {
    const dims = [5, 5, 5] as const;
    const ids = new Uint8Array(125);
    for (let i = 1; i < 4; i++) for (let j = 1; j < 4; j++) for (let k = 1; k < 4; k++) ids[(i * 5 + j) * 5 + k] = 1;
    const shell = voxelSurfaceCells(ids, dims);
    expect(shell.length).toBe(26);
    expect([...shell]).not.toContain((2 * 5 + 2) * 5 + 2);
    expect(voxelSurfaceCells(ids, dims, true).length).toBe(27);
    // A cell between two materials is a surface of both.
    ids[(2 * 5 + 2) * 5 + 2] = 2;
    expect(voxelSurfaceCells(ids, dims).length).toBe(27);
    expect(voxelSurfaceCells(new Uint8Array(64).fill(3), [4, 4, 4]).length).toBe(64 - 8);
  });
  it('checks the grid size', () => {
    expect(() => voxelSurfaceCells(new Uint8Array(10), [2, 2, 2])).toThrow(/10 ids for dims 2x2x2 \(expected 8\)/);
    expect(() => voxelSurfaceCells(new Uint8Array(0), [0, 2, 2])).toThrow(/dims\[0\] is 0/);
  });
});

describe('moleculeViewData', () => {
  it('packs positions, colours, bonds and a per-frame box losslessly (float32)', () => {
    const f1 = frame.map((v) => v + 0.25);
    const d = moleculeViewData({ elements, frames: [frame, f1], box: [[1, 1, 1], [1.1, 1.2, 1.3]] });
    expect(d.nAtoms).toBe(8);
    expect(d.nFrames).toBe(2);
    const pos = f32(d.positions);
    expect(pos.length).toBe(48);
    expect(pos[24 + 3]).toBeCloseTo(0.0957 + 0.25, 6);
    expect(u32(d.colors)[0]).toBe(0xff0d0d);
    expect([...u32(d.bonds)]).toEqual([0, 1, 0, 2, 3, 4, 3, 5, 3, 6, 3, 7]);
    expect([...f32(d.boxes!)].map((v) => +v.toFixed(4))).toEqual([1, 1, 1, 1.1, 1.2, 1.3]);
    expect(f32(d.radii)[1]).toBeCloseTo(0.25 * 0.11, 6);
  });
  it('guesses the same bonds in Å when told nmPerUnit = 0.1', () => {
    const d = moleculeViewData({ elements, frames: [frame.map((v) => v * 10)], nmPerUnit: 0.1 });
    expect([...u32(d.bonds)]).toEqual([0, 1, 0, 2, 3, 4, 3, 5, 3, 6, 3, 7]);
    expect(f32(d.radii)[0]).toBeCloseTo((0.25 * 0.152) / 0.1, 5);
  });
  it('names the frame, atom or field that is wrong', () => {
    expect(() => moleculeViewData({ elements, frames: [] })).toThrow(/frames is empty/);
    expect(() => moleculeViewData({ elements, frames: [frame, frame.slice(3)] })).toThrow(/frame 1 has 21 coordinates, expected 24/);
    const bad = frame.slice(); bad[7] = Infinity;
    expect(() => moleculeViewData({ elements, frames: [bad] })).toThrow(/frame 0 atom 2 coordinate y is Infinity/);
    expect(() => moleculeViewData({ elements, frames: [frame], box: [1, 0, 1] })).toThrow(/edge b = 0/);
    expect(() => moleculeViewData({ elements, frames: [frame, frame], box: [[1, 1, 1]] })).toThrow(/box has 1 entries for 2 frames/);
    expect(() => moleculeViewData({ elements, frames: [frame], bonds: [0, 9] })).toThrow(/bond 0 names atom 9/);
  });
});

describe('meshVoxelViewData', () => {
  it('places voxel centres at origin + (i + 1/2) spacing and colours id k like mesh k-1', () => {
    const ids = new Uint16Array(2 * 3 * 4);
    ids[(1 * 3 + 2) * 4 + 3] = 1; // cell (1, 2, 3)
    const d = meshVoxelViewData({
      meshes: [{ name: 'a', positions: [0, 0, 0, 1, 0, 0, 0, 1, 0], triangles: [0, 1, 2], color: [1, 0, 0] }],
      voxels: { origin: [10, 20, 30], spacing: [0.5, 1, 2], dims: [2, 3, 4], ids },
    });
    expect([...f32(d.voxels!.centers)]).toEqual([10.75, 22.5, 37]);
    expect(d.voxels!.colors[1]).toBe(0xff0000);
    expect(d.voxels!.occupied).toBe(1);
    expect(d.voxels!.mode).toBe('boxes');
    expect(d.meshOpacity).toBeLessThan(1);
  });
  it('switches to points above maxBoxes and names bad meshes', () => {
    const d = meshVoxelViewData({ meshes: [], voxels: { origin: [0, 0, 0], spacing: [1, 1, 1], dims: [3, 3, 3], ids: new Uint8Array(27).fill(1) }, maxBoxes: 10 });
    expect(d.voxels!.mode).toBe('points');
    expect(d.voxels!.drawn).toBe(26);
    expect(() => meshVoxelViewData({ meshes: [{ name: 'm', positions: [0, 0, 0], triangles: [0, 0, 1] }] })).toThrow(/mesh 'm' triangle 0 names vertex 1 \(expected 0..0\)/);
    expect(() => meshVoxelViewData({ meshes: [] })).toThrow(/nothing to show/);
  });
});

describe('view pages', () => {
  it('are self-contained: one inline viewer script, inline data, no external resource', () => {
    for (const html of [
      moleculeViewHtml({ elements, frames: [frame], title: 'water & <methane>' }),
      meshVoxelViewHtml({ meshes: [{ positions: [0, 0, 0, 1, 0, 0, 0, 1, 0], triangles: [0, 1, 2] }] }),
    ]) {
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).not.toMatch(/<script[^>]*\ssrc=|<link\b|<img\b|@import/i);
      const scripts = html.match(/<script\b[^>]*>/g)!;
      expect(scripts).toEqual(['<script type="application/json" id="viz-data">', '<script>']);
      expect(html.match(/<\/script>/g)!.length).toBe(2); // nothing inside closes a script early
      expect(html.length).toBeGreaterThan(100_000); // three.js is inlined
    }
    expect(moleculeViewHtml({ elements, frames: [frame], title: 'water & <methane>' })).toContain('<title>water &amp; &lt;methane&gt;</title>');
  });
});
