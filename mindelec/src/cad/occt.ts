/**
 * STEP, IGES and BREP import through occt-import-js (OpenCascade compiled to wasm).
 *
 * Contract: `importCad(bytes, format)` returns one `CadSolid` per tessellated OpenCascade mesh, named by
 * its assembly path ("AS1_PE_ASM/PLATE"), with its colour and its B-rep faces as triangle groups, in
 * millimetres (STEP/IGES units are read from the file and converted by OpenCascade; BREP carries no
 * unit, so `unit` states it). Vertices are welded so separately meshed faces share edges. Garbage,
 * truncated or empty input throws a `CadImportError` quoting OpenCascade's own message.
 * Tessellation: `linearDeflection` (fraction of the bounding box by default) and `angularDeflection`
 * (radians) as in occt-import-js / BRepMesh_IncrementalMesh.
 */
import { mmPer } from './units.ts';
import { weldVertices, validateMesh, type TriangleMesh, type FaceGroup } from './mesh.ts';

export type CadFormat = 'step' | 'iges' | 'brep' | 'stl' | 'obj';

/**
 * A CAD file OpenCascade cannot import (wrong format, empty, truncated, corrupt, no solids, external
 * references only); the message names the source and quotes OpenCascade's own message.
 */
export class CadImportError extends Error {
  override name = 'CadImportError';
}

export interface TessellationOptions {
  /** Chordal deflection; a fraction of the bounding box unless `deflectionType` is 'absolute' (mm). */
  linearDeflection?: number;
  deflectionType?: 'bounding_box_ratio' | 'absolute_value';
  /** Angular deflection in radians (default 0.5). */
  angularDeflection?: number;
}

export interface CadImportOptions extends TessellationOptions {
  /** Unit of files without one (BREP, STL, OBJ); default 'mm'. */
  unit?: string;
  /** Source name used in error messages. */
  source?: string;
}

interface OcctMesh {
  name?: string;
  color?: [number, number, number];
  brep_faces?: { first: number; last: number; color: [number, number, number] | null }[];
  attributes: { position: { array: number[] } };
  index: { array: number[] };
}
interface OcctNode { name: string; meshes: number[]; children: OcctNode[] }
interface OcctResult { success: boolean; root?: OcctNode; meshes?: OcctMesh[] }
interface Occt {
  ReadStepFile(content: Uint8Array, params: object | null): OcctResult;
  ReadIgesFile(content: Uint8Array, params: object | null): OcctResult;
  ReadBrepFile(content: Uint8Array, params: object | null): OcctResult;
}

let occtPromise: Promise<Occt> | undefined;
const occtMessages: string[] = [];

/** The wasm module, instantiated once per process; its console output is captured for error messages. */
export function loadOcct(): Promise<Occt> {
  if (!occtPromise) {
    const capture = (s: string) => { occtMessages.push(String(s)); if (occtMessages.length > 50) occtMessages.shift(); };
    // A non-literal specifier keeps bundlers from inlining the 7.6 MB wasm glue; works from ESM and CJS.
    const specifier = 'occt-import-js';
    occtPromise = (import(specifier) as Promise<{ default?: OcctFactory }>).then((mod) => {
      const factory = typeof mod === 'function' ? (mod as OcctFactory) : mod.default!;
      return factory({ print: capture, printErr: capture });
    });
  }
  return occtPromise;
}

type OcctFactory = (module: object) => Promise<Occt>;

/** Format from the file name's extension, or undefined. */
export function formatFromName(name: string): CadFormat | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(name)?.[1]?.toLowerCase();
  switch (ext) {
    case 'step': case 'stp': case 'p21': return 'step';
    case 'iges': case 'igs': return 'iges';
    case 'brep': case 'brp': return 'brep';
    case 'stl': return 'stl';
    case 'obj': return 'obj';
    default: return undefined;
  }
}

/** Cheap content check so a wrong or garbage file fails with a clear message before OpenCascade. */
export function sniffFormat(bytes: Uint8Array, format: CadFormat, source: string): void {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const head = new TextDecoder('latin1').decode(bytes.subarray(bom, bom + 2048));
  if (bytes.length === 0) throw new CadImportError(`${source}: file is empty`);
  if (format === 'step' && !/^\s*ISO-10303-21\s*;/.test(head)) {
    throw new CadImportError(`${source}: not a STEP file: expected it to begin with 'ISO-10303-21;', found ${JSON.stringify(head.slice(0, 40))}`);
  }
  if (format === 'brep' && !/CASCADE Topology|DBRep_DrawableShape/.test(head)) {
    throw new CadImportError(`${source}: not an OpenCascade BREP file: expected a 'CASCADE Topology' header, found ${JSON.stringify(head.slice(0, 40))}`);
  }
  if (format === 'iges') {
    const line = head.split(/\r?\n/)[0] ?? '';
    if (line.length < 73 || !/[SG]/.test(line[72]!)) throw new CadImportError(`${source}: not an IGES file: expected 80-column records with section letter 'S' in column 73, found ${JSON.stringify(line.slice(0, 40))}`);
  }
}

export interface ImportedMesh extends TriangleMesh {
  /** Assembly path of the node holding the mesh. */
  path: string;
}

/**
 * Import STEP, IGES or BREP bytes through occt-import-js (OpenCascade in wasm): one welded triangle mesh per tessellated
 * solid, named by its assembly path, with colour and B-rep faces as face groups, in millimetres (STEP/IGES units
 * converted by OpenCascade; BREP scaled from options.unit, default 'mm').
 * @param options linearDeflection (default 0.001 of the bounding box), angularDeflection (radians, default 0.5),
 *   deflectionType, unit, source.
 * @throws CadImportError naming the source when the content is not the stated format or OpenCascade fails.
 */
export async function importOcct(bytes: Uint8Array, format: 'step' | 'iges' | 'brep', options: CadImportOptions = {}): Promise<ImportedMesh[]> {
  const source = options.source ?? `<${format} bytes>`;
  sniffFormat(bytes, format, source);
  // OpenCascade's STEP lexer rejects a UTF-8 byte-order mark, which some exporters write
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const occt = await loadOcct();
  const params = {
    linearUnit: 'millimeter',
    linearDeflectionType: options.deflectionType ?? 'bounding_box_ratio',
    linearDeflection: options.linearDeflection ?? 0.001,
    angularDeflection: options.angularDeflection ?? 0.5,
  };
  occtMessages.length = 0;
  let result: OcctResult;
  try {
    result = format === 'step' ? occt.ReadStepFile(bytes, params) : format === 'iges' ? occt.ReadIgesFile(bytes, params) : occt.ReadBrepFile(bytes, params);
  } catch (e) {
    throw new CadImportError(`${source}: OpenCascade failed while reading ${format.toUpperCase()}: ${(e as Error).message ?? e}`);
  }
  const why = occtMessages.filter((m) => /ERR|Fail|error/i.test(m)).map((m) => m.replace(/\*+/g, '').trim()).join('; ');
  if (!result.success) throw new CadImportError(`${source}: OpenCascade could not read this ${format.toUpperCase()} file${why ? `: ${why}` : ' (truncated or corrupt?)'}`);
  const meshes = result.meshes ?? [];
  if (meshes.length === 0) {
    if (format === 'step') {
      const text = new TextDecoder('latin1').decode(bytes);
      const refs = [...new Set([...text.matchAll(/DOCUMENT_FILE\s*\(\s*'([^']+)'/g)].map((m) => m[1]!))];
      if (refs.length) throw new CadImportError(`${source}: this STEP assembly only references external part files (${refs.join(', ')}), which are not read from here; list those files as solids instead`);
    }
    throw new CadImportError(`${source}: the ${format.toUpperCase()} file has no solids with a surface (nothing to tessellate)${why ? `: ${why}` : ''}`);
  }
  const scale = format === 'brep' ? mmPer(options.unit ?? 'mm', `${source}: unit`) : 1;
  const paths = new Map<number, string>();
  const walk = (node: OcctNode, prefix: string) => {
    const here = node.name ? (prefix ? `${prefix}/${node.name}` : node.name) : prefix;
    for (const m of node.meshes) paths.set(m, here);
    for (const c of node.children) walk(c, here);
  };
  if (result.root) walk(result.root, '');
  const used = new Map<string, number>();
  return meshes.map((m, i) => {
    const path = paths.get(i) ?? '';
    const leaf = path.split('/').pop() || m.name || `solid${i}`;
    let name = leaf;
    const seen = used.get(leaf) ?? 0;
    used.set(leaf, seen + 1);
    if (seen > 0) name = `${leaf}#${seen + 1}`;
    const positions = Float64Array.from(m.attributes.position.array, (v) => v * scale);
    const triangles = Uint32Array.from(m.index.array);
    const faceGroups: FaceGroup[] = (m.brep_faces ?? []).map((f) => ({ start: f.first, count: f.last - f.first + 1, color: f.color ?? undefined }));
    const mesh: ImportedMesh = { name, path, positions, triangles, faceGroups: faceGroups.length ? faceGroups : [{ start: 0, count: triangles.length / 3 }], color: m.color };
    validateMesh(mesh);
    return { ...weldVertices(mesh), path } as ImportedMesh;
  });
}
