/**
 * Wavefront OBJ reader (geometry only) into welded triangle meshes.
 *
 * Contract: `v x y z [w]` vertices, `f` faces with `v`, `v/vt`, `v/vt/vn` or `v//vn` references
 * (1-based, negative = relative to the end), polygons fan-triangulated. Each `o` object becomes one mesh;
 * `g` groups within it become face groups. Other statements (vt, vn, usemtl, mtllib, s, l) are skipped.
 * Coordinates are scaled by `scale` (mm per file unit). Errors name the source, line and token.
 */
import { weldVertices, type TriangleMesh, type FaceGroup } from './mesh.ts';

/** A malformed Wavefront OBJ statement; the message names the source, line and token. */
export class ObjParseError extends Error {
  override name = 'ObjParseError';
}

/**
 * Parse Wavefront OBJ text (geometry only) into welded triangle meshes: one per `o` object, `g` groups as face groups,
 * polygons fan-triangulated, vertex indices 1-based or negative (relative).
 * @param source Name used in errors.
 * @param scale Length factor applied to coordinates (mm per file unit, default 1).
 * @throws ObjParseError naming source:line and the token for bad vertices, out-of-range indices or unknown statements.
 */
export function parseObj(text: string, source = 'obj', scale = 1): TriangleMesh[] {
  const verts: number[] = [];
  const objects: { name: string; tris: number[]; groups: FaceGroup[] }[] = [];
  let current: (typeof objects)[number] | undefined;
  const open = (name: string) => { current = { name, tris: [], groups: [] }; objects.push(current); };
  const group = () => {
    if (!current) open('obj');
    const g = current!.groups;
    const start = current!.tris.length / 3;
    if (g.length && g[g.length - 1]!.count === 0) g[g.length - 1]!.start = start;
    else g.push({ start, count: 0 });
  };
  const lines = text.split(/\r?\n/);
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!.replace(/#.*/, '').trim();
    if (!line) continue;
    const tok = line.split(/\s+/), where = `${source}:${ln + 1}`;
    switch (tok[0]) {
      case 'v': {
        if (tok.length < 4 || tok.length > 5) throw new ObjParseError(`${where}: 'v' needs 3 coordinates (4 with w), got ${tok.length - 1}`);
        for (let k = 1; k < 4; k++) {
          const x = Number(tok[k]);
          if (!Number.isFinite(x)) throw new ObjParseError(`${where}: vertex coordinate '${tok[k]!.slice(0, 40)}' is not a number`);
          verts.push(x * scale);
        }
        break;
      }
      case 'f': {
        if (tok.length < 4) throw new ObjParseError(`${where}: face needs at least 3 vertices, got ${tok.length - 1}`);
        if (!current) open('obj');
        if (!current!.groups.length) group();
        const nv = verts.length / 3, ids: number[] = [];
        for (let k = 1; k < tok.length; k++) {
          const ref = tok[k]!.split('/')[0]!, i = Number(ref);
          if (!Number.isInteger(i) || i === 0) throw new ObjParseError(`${where}: face vertex '${tok[k]!.slice(0, 40)}' is not a non-zero integer index`);
          const v = i > 0 ? i - 1 : nv + i;
          if (v < 0 || v >= nv) throw new ObjParseError(`${where}: face vertex ${i} out of range, ${nv} vertices defined so far`);
          ids.push(v);
        }
        for (let k = 1; k + 1 < ids.length; k++) current!.tris.push(ids[0]!, ids[k]!, ids[k + 1]!);
        current!.groups[current!.groups.length - 1]!.count += ids.length - 2;
        break;
      }
      case 'o': open(tok.slice(1).join(' ') || `object${objects.length + 1}`); break;
      case 'g': group(); break;
      case 'vt': case 'vn': case 'vp': case 'usemtl': case 'mtllib': case 's': case 'l': case 'p': break;
      default: throw new ObjParseError(`${where}: unknown statement '${tok[0]!.slice(0, 40)}'`);
    }
  }
  const meshes = objects.filter((o) => o.tris.length > 0);
  if (meshes.length === 0) throw new ObjParseError(`${source}: no faces found`);
  const positions = Float64Array.from(verts);
  return meshes.map((o) => {
    // compact to the vertices this object uses
    const map = new Map<number, number>(), pos: number[] = [];
    const tris = Uint32Array.from(o.tris, (v) => {
      let w = map.get(v);
      if (w === undefined) { w = map.size; map.set(v, w); pos.push(positions[3 * v]!, positions[3 * v + 1]!, positions[3 * v + 2]!); }
      return w;
    });
    return weldVertices({ name: o.name, positions: Float64Array.from(pos), triangles: tris, faceGroups: o.groups.filter((g) => g.count > 0) });
  });
}
