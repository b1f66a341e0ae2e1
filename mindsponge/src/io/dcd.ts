/**
 * DCD trajectories (CHARMM/NAMD binary layout, little endian), readable by VMD and MDTraj.
 *
 * Header: Fortran record [84] "CORD" + 20 int32 (NSET, ISTART, NSAVC, NSTEP, 0..., DELTA as float32 at
 * index 9, unit-cell flag 1 at 10, CHARMM version 24 at 19) [84]; title record; [4] N [4].
 * Frame: [48] unit cell as float64 (A, cos γ, B, cos β, cos α, C) [48], then X, Y, Z records of N float32.
 * Lengths are written in Å (internal nm x 10) for molecular units or as-is for reduced units
 * (`lengthScale`). DELTA is the time between frames' steps in AKMA time units (48.88821 fs) for
 * molecular units. NSET is patched after each frame, so a partial file is always valid.
 */
import { closeSync, openSync, writeSync, readFileSync } from 'node:fs';
import type { Box } from '../space.ts';

/**
 * A malformed or truncated DCD file on read, or a frame with the wrong atom count on write; names the file, byte
 * offset or record and what was expected.
 */
export class DcdError extends Error {
  override name = 'DcdError';
}

const AKMA_PS = 0.04888821;

function record(payload: Buffer): Buffer {
  const b = Buffer.alloc(payload.length + 8);
  b.writeInt32LE(payload.length, 0);
  payload.copy(b, 4);
  b.writeInt32LE(payload.length, payload.length + 4);
  return b;
}

export interface DcdWriterOptions {
  nAtoms: number;
  /** Steps between frames, first step, MD time step (ps or τ). */
  every: number;
  firstStep?: number;
  dt: number;
  /** Internal length -> file length factor (10 for nm -> Å, 1 for reduced). */
  lengthScale?: number;
  molecularTime?: boolean;
  title?: string;
}

export interface DcdWriter {
  write(positions: Float64Array, box: Box | null): void;
  readonly frames: number;
  close(): void;
}

/**
 * Open a CHARMM/NAMD DCD trajectory for writing (little endian, unit cell per frame). Positions are written as float32
 * × lengthScale (default 10: nm → Å); DELTA is dt in AKMA units unless molecularTime is false. NSET is patched after
 * every frame, so a partial file is always readable.
 * @param o nAtoms, every (steps between frames), firstStep, dt (ps or τ), lengthScale, molecularTime, title.
 * @returns write(positions [3N], box | null), frames, close(). write throws DcdError on a wrong atom count.
 */
export function dcdWriter(path: string, o: DcdWriterOptions): DcdWriter {
  const n = o.nAtoms, s = o.lengthScale ?? 10;
  const fd = openSync(path, 'w');
  const head = Buffer.alloc(84);
  head.write('CORD', 0, 'latin1');
  head.writeInt32LE(0, 4); // NSET, patched per frame
  head.writeInt32LE(o.firstStep ?? o.every, 8);
  head.writeInt32LE(o.every, 12);
  head.writeInt32LE(0, 16);
  head.writeFloatLE(o.molecularTime === false ? o.dt : o.dt / AKMA_PS, 4 + 9 * 4);
  head.writeInt32LE(1, 4 + 10 * 4);
  head.writeInt32LE(24, 4 + 19 * 4);
  writeSync(fd, record(head));
  const title = Buffer.alloc(4 + 80, ' ');
  title.writeInt32LE(1, 0);
  title.write((o.title ?? 'Created by MindSPONGE-TS').slice(0, 80), 4, 'latin1');
  writeSync(fd, record(title));
  const nb = Buffer.alloc(4);
  nb.writeInt32LE(n, 0);
  writeSync(fd, record(nb));
  let frames = 0;
  const cell = Buffer.alloc(48), xyz = [Buffer.alloc(4 * n), Buffer.alloc(4 * n), Buffer.alloc(4 * n)];
  const count = Buffer.alloc(4);
  return {
    write(positions, box) {
      if (positions.length !== 3 * n) throw new DcdError(`dcd: frame has ${positions.length / 3} atoms, file was opened for ${n}`);
      if (box) {
        const A = box.lx, B = Math.hypot(box.xy, box.ly), C = Math.hypot(box.xz, box.yz, box.lz);
        const cosG = box.xy / B, cosB = box.xz / C, cosA = (box.xy * box.xz + box.ly * box.yz) / (B * C);
        [A * s, cosG, B * s, cosB, cosA, C * s].forEach((v, k) => cell.writeDoubleLE(v, 8 * k));
      } else cell.fill(0);
      writeSync(fd, record(cell));
      for (let d = 0; d < 3; d++) {
        for (let i = 0; i < n; i++) xyz[d]!.writeFloatLE(positions[3 * i + d]! * s, 4 * i);
        writeSync(fd, record(xyz[d]!));
      }
      frames++;
      count.writeInt32LE(frames, 0);
      writeSync(fd, count, 0, 4, 8); // NSET inside the header record
      const nstep = Buffer.alloc(4);
      nstep.writeInt32LE(frames * o.every, 0);
      writeSync(fd, nstep, 0, 4, 4 + 4 + 12);
    },
    get frames() { return frames; },
    close() { closeSync(fd); },
  };
}

export interface DcdFile {
  nAtoms: number;
  nSet: number;
  every: number;
  firstStep: number;
  delta: number;
  title: string;
  /** Per frame: positions [n*3] (file units) and unit cell [A, cosγ, B, cosβ, cosα, C] or null. */
  frames: { positions: Float64Array; cell: Float64Array | null }[];
}

/** Reads a DCD written by this module or by CHARMM/NAMD/LAMMPS (little endian, 32-bit markers). */
export function readDcd(path: string): DcdFile {
  const b = readFileSync(path);
  let o = 0;
  const rec = (what: string): Buffer => {
    if (o + 4 > b.length) throw new DcdError(`${path}: truncated before ${what} at byte ${o}`);
    const len = b.readInt32LE(o);
    if (len < 0 || o + 8 + len > b.length) throw new DcdError(`${path}: ${what} record at byte ${o} claims ${len} bytes, file has ${b.length - o - 8}`);
    const end = b.readInt32LE(o + 4 + len);
    if (end !== len) throw new DcdError(`${path}: ${what} record at byte ${o}: end marker ${end} != start marker ${len}`);
    const p = b.subarray(o + 4, o + 4 + len);
    o += len + 8;
    return p;
  };
  const h = rec('header');
  if (h.length !== 84 || h.toString('latin1', 0, 4) !== 'CORD') throw new DcdError(`${path}: not a DCD file (expected an 84-byte 'CORD' header)`);
  const nSet = h.readInt32LE(4), firstStep = h.readInt32LE(8), every = h.readInt32LE(12), delta = h.readFloatLE(40), hasCell = h.readInt32LE(44) === 1;
  const t = rec('title');
  const nt = t.length >= 4 ? t.readInt32LE(0) : -1;
  if (nt < 0 || t.length !== 4 + 80 * nt) throw new DcdError(`${path}: title record of ${t.length} bytes does not hold ${nt} 80-character lines (expected 4 + 80 * count bytes)`);
  const title = t.toString('latin1', 4, 4 + 80 * nt).trim();
  const na = rec('atom count');
  if (na.length !== 4) throw new DcdError(`${path}: atom count record has ${na.length} bytes, expected 4`);
  const nAtoms = na.readInt32LE(0);
  // Each frame stores 12 bytes per atom, so a count the file cannot hold is corruption, not a huge system.
  if (nAtoms < 0) throw new DcdError(`${path}: atom count ${nAtoms} is negative`);
  const frames: DcdFile['frames'] = [];
  while (o < b.length) {
    let cell: Float64Array | null = null;
    if (hasCell) {
      const c = rec(`frame ${frames.length + 1} unit cell`);
      if (c.length !== 48) throw new DcdError(`${path}: frame ${frames.length + 1} unit cell record has ${c.length} bytes, expected 48 (six doubles)`);
      cell = new Float64Array(6);
      for (let k = 0; k < 6; k++) cell[k] = c.readDoubleLE(8 * k);
    }
    // A frame stores 12 bytes per atom: a count the rest of the file cannot hold is corruption.
    if (12 * nAtoms > b.length - o) throw new DcdError(`${path}: frame ${frames.length + 1} at byte ${o}: ${b.length - o} bytes left, ${nAtoms} atoms need ${12 * nAtoms}`);
    const positions = new Float64Array(3 * nAtoms);
    for (let d = 0; d < 3; d++) {
      const r = rec(`frame ${frames.length + 1} ${'XYZ'[d]}`);
      if (r.length !== 4 * nAtoms) throw new DcdError(`${path}: frame ${frames.length + 1} ${'XYZ'[d]} has ${r.length / 4} values, expected ${nAtoms}`);
      for (let i = 0; i < nAtoms; i++) positions[3 * i + d] = r.readFloatLE(4 * i);
    }
    frames.push({ positions, cell });
  }
  if (frames.length !== nSet) throw new DcdError(`${path}: header says ${nSet} frames, file holds ${frames.length}`);
  return { nAtoms, nSet, every, firstStep, delta, title, frames };
}
