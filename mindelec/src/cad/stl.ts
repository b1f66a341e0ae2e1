/**
 * STL reader (binary and ASCII) into welded triangle meshes.
 *
 * Contract: binary when the size is exactly 84 + 50·n for the triangle count n in the header (the
 * test OpenCascade and most tools use), else ASCII. ASCII files may hold several `solid … endsolid`
 * blocks; each becomes one mesh named after the solid. Vertex order is taken as the outward
 * (counter-clockwise) orientation; facet normals are ignored. Coordinates are scaled by `scale` (mm per
 * file unit). Errors name the source, line and token.
 */
import { weldVertices, type TriangleMesh } from './mesh.ts';

/** A malformed STL file; the message names the source, line and token. */
export class StlParseError extends Error {
  override name = 'StlParseError';
}

/**
 * Parse STL bytes, binary (when the size is exactly 84 + 50·n) or ASCII (one mesh per solid … endsolid block), into
 * welded triangle meshes; vertex order is taken as outward, facet normals are ignored.
 * @param scale Length factor applied to coordinates (mm per file unit, default 1).
 * @throws StlParseError naming the source (and line) when the bytes are neither binary nor ASCII STL or are malformed.
 */
export function parseStl(bytes: Uint8Array, source = 'stl', scale = 1): TriangleMesh[] {
  if (bytes.length >= 84) {
    const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(80, true);
    if (84 + 50 * n === bytes.length) return [parseBinary(bytes, n, source, scale)];
  }
  const text = new TextDecoder('latin1').decode(bytes);
  if (!/^\s*solid\b/.test(text)) {
    throw new StlParseError(`${source}: not an STL file: binary size ${bytes.length} does not match 84 + 50·n, and the text does not begin with 'solid'`);
  }
  return parseAscii(text, source, scale);
}

function parseBinary(bytes: Uint8Array, n: number, source: string, scale: number): TriangleMesh {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const positions = new Float64Array(9 * n), triangles = new Uint32Array(3 * n);
  for (let t = 0; t < n; t++) {
    const off = 84 + 50 * t + 12;
    for (let k = 0; k < 9; k++) {
      const v = view.getFloat32(off + 4 * k, true);
      if (!Number.isFinite(v)) throw new StlParseError(`${source}: triangle ${t} has non-finite coordinate ${v}`);
      positions[9 * t + k] = v * scale;
    }
    triangles[3 * t] = 3 * t; triangles[3 * t + 1] = 3 * t + 1; triangles[3 * t + 2] = 3 * t + 2;
  }
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, 80)).replace(/\0.*$/s, '').trim();
  const name = /^solid\s+(\S+)/.exec(header)?.[1] ?? 'stl';
  return weldVertices({ name, positions, triangles, faceGroups: [{ start: 0, count: n }] });
}

function parseAscii(text: string, source: string, scale: number): TriangleMesh[] {
  const lines = text.split(/\r?\n/);
  const out: TriangleMesh[] = [];
  let coords: number[] | null = null, name = '', inLoop = 0, vertsInLoop = 0, solidLine = 0;
  for (let ln = 0; ln < lines.length; ln++) {
    const tok = lines[ln]!.trim().split(/\s+/);
    const where = `${source}:${ln + 1}`;
    switch (tok[0]) {
      case '': break;
      case 'solid':
        if (coords) throw new StlParseError(`${where}: 'solid' inside solid '${name}' opened at line ${solidLine}`);
        coords = []; name = tok.slice(1).join(' ') || `solid${out.length + 1}`; solidLine = ln + 1;
        break;
      case 'facet': case 'endfacet': break;
      case 'outer':
        if (!coords) throw new StlParseError(`${where}: 'outer loop' outside a solid`);
        inLoop = 1; vertsInLoop = 0;
        break;
      case 'vertex': {
        if (!coords || !inLoop) throw new StlParseError(`${where}: 'vertex' outside an 'outer loop'`);
        if (tok.length !== 4) throw new StlParseError(`${where}: vertex needs 3 coordinates, got ${tok.length - 1}`);
        for (let k = 1; k < 4; k++) {
          const v = Number(tok[k]);
          if (!Number.isFinite(v) || tok[k] === '') throw new StlParseError(`${where}: vertex coordinate '${tok[k]}' is not a number`);
          coords.push(v * scale);
        }
        vertsInLoop++;
        break;
      }
      case 'endloop':
        if (vertsInLoop !== 3) throw new StlParseError(`${where}: facet has ${vertsInLoop} vertices, expected 3`);
        inLoop = 0;
        break;
      case 'endsolid': {
        if (!coords) throw new StlParseError(`${where}: 'endsolid' without 'solid'`);
        if (inLoop) throw new StlParseError(`${where}: 'endsolid' inside an unfinished facet`);
        const n = coords.length / 9;
        if (n === 0) throw new StlParseError(`${where}: solid '${name}' has no facets`);
        const positions = Float64Array.from(coords), triangles = Uint32Array.from({ length: 3 * n }, (_, i) => i);
        out.push(weldVertices({ name, positions, triangles, faceGroups: [{ start: 0, count: n }] }));
        coords = null;
        break;
      }
      default:
        throw new StlParseError(`${where}: unexpected token '${tok[0]!.slice(0, 40)}'`);
    }
  }
  if (coords) throw new StlParseError(`${source}: truncated: solid '${name}' opened at line ${solidLine} has no 'endsolid'`);
  if (out.length === 0) throw new StlParseError(`${source}: no solids found`);
  return out;
}

/** Binary STL bytes for a mesh (for tests and export). */
export function encodeStl(mesh: TriangleMesh): Uint8Array {
  const n = mesh.triangles.length / 3, out = new Uint8Array(84 + 50 * n), view = new DataView(out.buffer);
  view.setUint32(80, n, true);
  for (let t = 0; t < n; t++) for (let k = 0; k < 3; k++) {
    const v = mesh.triangles[3 * t + k]!;
    for (let a = 0; a < 3; a++) view.setFloat32(84 + 50 * t + 12 + 12 * k + 4 * a, mesh.positions[3 * v + a]!, true);
  }
  return out;
}
