/**
 * VTK XML image data (.vti) writer and reader, for ParaView/VisIt.
 *
 * Contract: a field is a typed array in our tensor order — shape (Nx, Ny, Nz, components), C order, z
 * fastest — and is written as VTK PointData on a grid with `origin` (first point) and `spacing` (same
 * length unit as the caller, e.g. mm). VTK stores x fastest, so the writer transposes; the reader
 * transposes back. Data go in one raw little-endian AppendedData block with UInt64 size headers
 * (VTK XML format 1.0). The reader accepts what this writer produces (and equivalent raw-appended files).
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic.ts';

export type VtiData = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

export interface VtiField {
  data: VtiData;
  /** Components per point (default 1). */
  components?: number;
}

export interface VtiImage {
  dims: readonly [number, number, number];
  origin: readonly [number, number, number];
  spacing: readonly [number, number, number];
  fields: Record<string, VtiField>;
}

const VTK_TYPE: [string, new (n: number) => VtiData][] = [
  ['Float64', Float64Array], ['Float32', Float32Array], ['Int32', Int32Array], ['UInt32', Uint32Array],
  ['Int16', Int16Array], ['UInt16', Uint16Array], ['Int8', Int8Array], ['UInt8', Uint8Array],
];

function vtkType(data: VtiData): string {
  for (const [name, ctor] of VTK_TYPE) if (data instanceof ctor) return name;
  throw new Error(`vti: unsupported array type ${(data as object).constructor.name}`);
}

/** (Nx,Ny,Nz,c) C order -> x-fastest VTK order. */
function toVtkOrder(data: VtiData, dims: readonly number[], c: number): VtiData {
  const [nx, ny, nz] = dims as [number, number, number];
  const out = new (data.constructor as new (n: number) => VtiData)(data.length);
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) {
    const src = (i * ny + j) * nz, dst = i + nx * j;
    for (let k = 0; k < nz; k++) for (let q = 0; q < c; q++) out[(dst + nx * ny * k) * c + q] = data[(src + k) * c + q]!;
  }
  return out;
}

function fromVtkOrder(data: VtiData, dims: readonly number[], c: number): VtiData {
  const [nx, ny, nz] = dims as [number, number, number];
  const out = new (data.constructor as new (n: number) => VtiData)(data.length);
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) {
    const dst = (i * ny + j) * nz, src = i + nx * j;
    for (let k = 0; k < nz; k++) for (let q = 0; q < c; q++) out[(dst + k) * c + q] = data[(src + nx * ny * k) * c + q]!;
  }
  return out;
}

/**
 * Encode fields on a regular grid as VTK XML ImageData (.vti) chunks for ParaView: each field (Nx, Ny, Nz, components)
 * in our C order (z fastest) is transposed to VTK's x-fastest order into one raw appended block; origin and spacing in
 * the caller's length unit.
 * @throws Error when dims are not three positive integers, a field name is not a plain identifier, or a field has the
 *   wrong length.
 */
export function encodeVti(image: VtiImage): Uint8Array[] {
  const { dims, origin, spacing, fields } = image;
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1)) throw new Error(`vti: dims must be three positive integers, got [${dims.join(', ')}]`);
  const n = dims[0] * dims[1] * dims[2];
  const extent = `0 ${dims[0] - 1} 0 ${dims[1] - 1} 0 ${dims[2] - 1}`;
  const arrays: string[] = [], blocks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, field] of Object.entries(fields)) {
    if (!/^[A-Za-z_][\w .-]*$/.test(name)) throw new Error(`vti: field name '${name}' must be a plain identifier`);
    const c = field.components ?? 1;
    if (field.data.length !== n * c) throw new Error(`vti: field '${name}' has ${field.data.length} values, expected ${n}×${c}`);
    const v = toVtkOrder(field.data, dims, c);
    const size = new Uint8Array(8);
    new DataView(size.buffer).setBigUint64(0, BigInt(v.byteLength), true);
    blocks.push(size, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    arrays.push(`        <DataArray type="${vtkType(field.data)}" Name="${name}" NumberOfComponents="${c}" format="appended" offset="${offset}"/>`);
    offset += 8 + v.byteLength;
  }
  const xml = [
    '<?xml version="1.0"?>',
    '<VTKFile type="ImageData" version="1.0" byte_order="LittleEndian" header_type="UInt64">',
    `  <ImageData WholeExtent="${extent}" Origin="${origin.join(' ')}" Spacing="${spacing.join(' ')}">`,
    `    <Piece Extent="${extent}">`,
    '      <PointData>',
    ...arrays,
    '      </PointData>',
    '    </Piece>',
    '  </ImageData>',
    '  <AppendedData encoding="raw">',
    '   _',
  ].join('\n');
  return [new TextEncoder().encode(xml), ...blocks, new TextEncoder().encode('\n  </AppendedData>\n</VTKFile>\n')];
}

/** Encode a VtiImage and write it to `path` atomically (see encodeVti). */
export function writeVti(path: string, image: VtiImage): void {
  writeFileAtomic(path, encodeVti(image));
}

/**
 * Decode a raw-appended .vti (as written by encodeVti) back into dims, origin, spacing and fields in our C order.
 * @throws Error naming `source` when the appended block, header type or attributes are missing or a field's size is wrong.
 */
export function decodeVti(bytes: Uint8Array, source = 'vti'): VtiImage {
  const marker = new TextEncoder().encode('<AppendedData encoding="raw">');
  let at = -1;
  outer: for (let i = 0; i + marker.length <= Math.min(bytes.length, 1 << 20); i++) {
    for (let k = 0; k < marker.length; k++) if (bytes[i + k] !== marker[k]) continue outer;
    at = i;
    break;
  }
  if (at < 0) throw new Error(`${source}: no raw <AppendedData> block (only raw-appended .vti files are read)`);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, at));
  const underscore = bytes.indexOf(0x5f, at + marker.length);
  if (underscore < 0) throw new Error(`${source}: AppendedData lacks the '_' start marker`);
  const base = underscore + 1;
  const attr = (tag: string, name: string): string => {
    const m = new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`).exec(head);
    if (!m) throw new Error(`${source}: <${tag}> lacks ${name}`);
    return m[1]!;
  };
  if (!/header_type="UInt64"/.test(head)) throw new Error(`${source}: only header_type="UInt64" is supported`);
  const ext = attr('ImageData', 'WholeExtent').trim().split(/\s+/).map(Number);
  if (ext.length !== 6 || ext.some((v) => !Number.isInteger(v))) throw new Error(`${source}: bad WholeExtent`);
  const dims = [ext[1]! - ext[0]! + 1, ext[3]! - ext[2]! + 1, ext[5]! - ext[4]! + 1] as [number, number, number];
  const origin = attr('ImageData', 'Origin').trim().split(/\s+/).map(Number) as unknown as [number, number, number];
  const spacing = attr('ImageData', 'Spacing').trim().split(/\s+/).map(Number) as unknown as [number, number, number];
  const fields: Record<string, VtiField> = {};
  const n = dims[0] * dims[1] * dims[2];
  for (const m of head.matchAll(/<DataArray\b([^>]*)\/>/g)) {
    const a = (name: string): string => {
      const r = new RegExp(`\\b${name}="([^"]*)"`).exec(m[1]!);
      if (!r) throw new Error(`${source}: DataArray lacks ${name}`);
      return r[1]!;
    };
    const type = VTK_TYPE.find(([t]) => t === a('type'));
    if (!type) throw new Error(`${source}: unsupported DataArray type '${a('type')}'`);
    const c = Number(a('NumberOfComponents')), off = base + Number(a('offset'));
    if (off + 8 > bytes.length) throw new Error(`${source}: field '${a('Name')}' offset runs past the end of the file`);
    const nbytes = Number(new DataView(bytes.buffer, bytes.byteOffset + off, 8).getBigUint64(0, true));
    const arr = new type[1](n * c);
    if (nbytes !== arr.byteLength || off + 8 + nbytes > bytes.length) throw new Error(`${source}: field '${a('Name')}' has ${nbytes} bytes, expected ${arr.byteLength}`);
    new Uint8Array(arr.buffer).set(bytes.subarray(off + 8, off + 8 + nbytes));
    fields[a('Name')] = { data: fromVtkOrder(arr, dims, c), components: c };
  }
  return { dims, origin, spacing, fields };
}

/** Read and decode the .vti file at `path` (see decodeVti). */
export function readVti(path: string): VtiImage {
  return decodeVti(readFileSync(path), path);
}
