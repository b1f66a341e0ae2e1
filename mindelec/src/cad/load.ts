/**
 * Loading solids from files by format: STEP/IGES/BREP through OpenCascade (occt.ts), STL and OBJ by
 * our parsers. Returns meshes in millimetres with their names and face groups, and the three.js
 * BufferGeometry of each on request (toBufferGeometry).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importOcct, formatFromName, CadImportError, type CadFormat, type CadImportOptions } from './occt.ts';
import { parseStl } from './stl.ts';
import { parseObj } from './obj.ts';
import { mmPer } from './units.ts';
import type { TriangleMesh } from './mesh.ts';

export interface LoadedSolid extends TriangleMesh {
  /** Assembly path within the file ('' for single-solid formats). */
  path: string;
  file: string;
}

/**
 * Import solids from in-memory CAD bytes: STEP/IGES/BREP through OpenCascade (importOcct), STL and OBJ through our
 * parsers. Positions are in millimetres: STEP/IGES convert their own unit; BREP/STL/OBJ are scaled from options.unit
 * (default 'mm').
 * @param options Tessellation (linearDeflection, angularDeflection), unit, and `source` (the file name used in errors
 *   and stored as each solid's `file`).
 * @returns One welded, outward-oriented triangle mesh per solid, with its assembly path ('' for STL/OBJ).
 * @throws CadImportError / StlParseError / ObjParseError naming the source; Error for an unknown unit.
 */
export async function importCadBytes(bytes: Uint8Array, format: CadFormat, options: CadImportOptions = {}): Promise<LoadedSolid[]> {
  const source = options.source ?? `<${format}>`;
  const file = options.source ?? '';
  if (format === 'step' || format === 'iges' || format === 'brep') {
    return (await importOcct(bytes, format, options)).map((m) => ({ ...m, file }));
  }
  const scale = mmPer(options.unit ?? 'mm', `${source}: unit`);
  const meshes = format === 'stl' ? parseStl(bytes, source, scale) : parseObj(new TextDecoder().decode(bytes), source, scale);
  return meshes.map((m) => ({ ...m, path: '', file }));
}

/** Reads a CAD/mesh file; the format comes from the extension unless given. */
export async function importCadFile(path: string, options: CadImportOptions & { format?: CadFormat } = {}): Promise<LoadedSolid[]> {
  const format = options.format ?? formatFromName(path);
  if (!format) throw new CadImportError(`${path}: unknown CAD format; expected .step/.stp, .iges/.igs, .brep, .stl or .obj (or state the format)`);
  let bytes: Uint8Array;
  try { bytes = readFileSync(path); } catch (e) { throw new CadImportError(`${path}: cannot read: ${(e as Error).message}`); }
  const solids = await importCadBytes(bytes, format, { ...options, source: options.source ?? path });
  if (format === 'stl' || format === 'obj') {
    const stem = basename(path).replace(/\.[^.]+$/, '');
    if (solids.length === 1) solids[0]!.name = solids[0]!.name === 'stl' || solids[0]!.name === 'obj' ? stem : solids[0]!.name;
  }
  return solids;
}
