import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseStl, encodeStl, parseObj, StlParseError, ObjParseError, boxMesh, sphereMesh, meshVolume, checkWatertight, type TriangleMesh } from './index.ts';

function asciiStl(mesh: TriangleMesh, name = 'part'): string {
  const lines = [`solid ${name}`];
  for (let t = 0; t < mesh.triangles.length; t += 3) {
    lines.push('  facet normal 0 0 0', '    outer loop');
    for (let k = 0; k < 3; k++) {
      const v = mesh.triangles[t + k]!;
      lines.push(`      vertex ${mesh.positions[3 * v]} ${mesh.positions[3 * v + 1]} ${mesh.positions[3 * v + 2]}`);
    }
    lines.push('    endloop', '  endfacet');
  }
  lines.push(`endsolid ${name}`);
  return lines.join('\n');
}

function obj(mesh: TriangleMesh, name = 'part'): string {
  const lines = [`o ${name}`];
  for (let v = 0; v < mesh.positions.length; v += 3) lines.push(`v ${mesh.positions[v]} ${mesh.positions[v + 1]} ${mesh.positions[v + 2]}`);
  lines.push('g side');
  for (let t = 0; t < mesh.triangles.length; t += 3) lines.push(`f ${mesh.triangles[t]! + 1}/1/1 ${mesh.triangles[t + 1]! + 1}//2 ${-(mesh.positions.length / 3 - mesh.triangles[t + 2]!)}`);
  return lines.join('\n');
}

/** A parse result is sane: finite coordinates, indices in range. */
function sane(meshes: TriangleMesh[]): boolean {
  return meshes.every((m) => m.positions.every(Number.isFinite) && m.triangles.every((i) => i < m.positions.length / 3) && m.triangles.length % 3 === 0);
}

const cube = boxMesh('cube', [0, 0, 0], [2, 3, 4], 2), ball = sphereMesh('ball', [1, 1, 1], 0.5, 6, 10);

describe('STL', () => {
  it('ASCII and binary round-trip to watertight meshes with the right volume', () => {
    const [a] = parseStl(new TextEncoder().encode(asciiStl(cube)));
    expect(a!.name).toBe('part');
    expect(meshVolume(a!)).toBeCloseTo(24, 12);
    expect(checkWatertight(a!).watertight).toBe(true);
    const [b] = parseStl(encodeStl(ball));
    expect(meshVolume(b!)).toBeCloseTo(meshVolume(ball), 5); // float32 storage
    expect(b!.positions.length).toBe(ball.positions.length); // welded back to shared vertices
    const two = parseStl(new TextEncoder().encode(`${asciiStl(cube, 'a')}\n${asciiStl(ball, 'b')}`), 'two.stl', 10);
    expect(two.map((m) => m.name)).toEqual(['a', 'b']);
    expect(meshVolume(two[0]!)).toBeCloseTo(24000, 8); // cm → mm
  });

  it('errors name the line and token', () => {
    const text = asciiStl(cube).replace('vertex 0 0 0', 'vertex 0 zero 0');
    expect(() => parseStl(new TextEncoder().encode(text), 'bad.stl')).toThrow(/bad\.stl:\d+: vertex coordinate 'zero' is not a number/);
    expect(() => parseStl(new TextEncoder().encode('hello'), 'x.stl')).toThrow(/x\.stl: not an STL file/);
  });

  it('fuzz: truncated, garbled or random input throws StlParseError or yields sane meshes, never hangs', () => {
    const text = asciiStl(cube), bin = encodeStl(ball);
    fc.assert(fc.property(fc.integer({ min: 0, max: text.length }), (cut) => {
      try { return sane(parseStl(new TextEncoder().encode(text.slice(0, cut)))); } catch (e) { return e instanceof StlParseError; }
    }), { numRuns: 200 });
    fc.assert(fc.property(fc.integer({ min: 0, max: bin.length - 1 }), (cut) => {
      try { return sane(parseStl(bin.subarray(0, cut))); } catch (e) { return e instanceof StlParseError; }
    }), { numRuns: 200 });
    fc.assert(fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.string({ maxLength: 8 }), (at, junk) => {
      try { return sane(parseStl(new TextEncoder().encode(text.slice(0, at) + junk + text.slice(at)))); } catch (e) { return e instanceof StlParseError; }
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      try { return sane(parseStl(bytes)); } catch (e) { return e instanceof StlParseError; }
    }), { numRuns: 300 });
  });
});

describe('OBJ', () => {
  it('reads objects, groups, slashes and negative indices', () => {
    const [m] = parseObj(obj(cube));
    expect(m!.name).toBe('part');
    expect(meshVolume(m!)).toBeCloseTo(24, 12);
    expect(checkWatertight(m!).watertight).toBe(true);
    const quads = parseObj('o q\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 0 0 1\nf 1 2 3 4\ng top\nf 5 1 2\n');
    expect(quads[0]!.triangles.length).toBe(9);
    expect(quads[0]!.faceGroups).toEqual([{ start: 0, count: 2 }, { start: 2, count: 1 }]);
    const two = parseObj(`${obj(cube, 'a')}\n${obj(ball, 'b').replace(/^v .*$/gm, (l) => l)}`);
    expect(two.map((o) => o.name)).toEqual(['a', 'b']);
  });

  it('errors name the line and token', () => {
    expect(() => parseObj('v 0 0 0\nv 1 0 0\nf 1 2 3\n', 'tri.obj')).toThrow(/tri\.obj:3: face vertex 3 out of range, 2 vertices defined so far/);
    expect(() => parseObj('v 0 0\n', 'short.obj')).toThrow(/short\.obj:1: 'v' needs 3 coordinates/);
    expect(() => parseObj('vx 0 0 0\n', 'odd.obj')).toThrow(/odd\.obj:1: unknown statement 'vx'/);
    expect(() => parseObj('# nothing\n', 'empty.obj')).toThrow(/empty\.obj: no faces found/);
  });

  it('fuzz: truncated, garbled or random input throws ObjParseError or yields sane meshes', () => {
    const text = obj(ball);
    fc.assert(fc.property(fc.integer({ min: 0, max: text.length }), (cut) => {
      try { return sane(parseObj(text.slice(0, cut))); } catch (e) { return e instanceof ObjParseError; }
    }), { numRuns: 200 });
    fc.assert(fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.string({ maxLength: 8 }), (at, junk) => {
      try { return sane(parseObj(text.slice(0, at) + junk + text.slice(at))); } catch (e) { return e instanceof ObjParseError; }
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      try { return sane(parseObj(s)); } catch (e) { return e instanceof ObjParseError; }
    }), { numRuns: 300 });
  });
});
