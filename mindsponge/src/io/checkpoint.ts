/**
 * Restart checkpoints: the full `MDState` (arrays stored bit-exactly as base64 of their bytes) plus
 * the force provider's restart data (e.g. the neighbour list's build positions, so the rebuilt list
 * — and hence the floating-point summation order — is identical) and free-form metadata.
 * Written atomically (tmp file + rename), so a crash never leaves a half-written checkpoint.
 * A run resumed from a checkpoint continues bit-for-bit as if it had not stopped.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { MDState } from '../simulate/state.ts';
import type { Box } from '../space.ts';
import { makeBox } from '../space.ts';

/**
 * A restart checkpoint that is not valid JSON, has the wrong format/version, or has a missing or mis-sized field;
 * names the file and field.
 */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

const FORMAT = 'mindsponge-checkpoint';
const VERSION = 1;

type Typed = Float64Array | Int32Array | Uint32Array;
const enc = (a: Typed): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function dec<T extends Typed>(s: unknown, ctor: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, field: string, path: string): T {
  if (typeof s !== 'string') throw new CheckpointError(`${path}: field '${field}' is missing or not a base64 string`);
  const b = Buffer.from(s, 'base64');
  if (b.length % ctor.BYTES_PER_ELEMENT !== 0) throw new CheckpointError(`${path}: field '${field}' has ${b.length} bytes, not a multiple of ${ctor.BYTES_PER_ELEMENT}`);
  const ab = new ArrayBuffer(b.length);
  new Uint8Array(ab).set(b);
  return new ctor(ab);
}

export interface Checkpoint {
  state: MDState;
  /** Provider restart arrays by name (see ForceProvider.saveState). */
  provider: Record<string, Float64Array>;
  meta: Record<string, unknown>;
}

/**
 * The checkpoint as JSON text: MDState arrays as base64 of their bytes (bit-exact), provider restart arrays and
 * metadata.
 */
export function serializeCheckpoint(c: Checkpoint): string {
  const s = c.state;
  return JSON.stringify({
    format: FORMAT, version: VERSION, meta: c.meta,
    step: s.step, time: s.time, box: s.box, potentialEnergy: s.potentialEnergy, terms: s.terms,
    positions: enc(s.positions), velocities: enc(s.velocities), forces: enc(s.forces), masses: enc(s.masses),
    species: enc(s.species), virial: enc(s.virial), rng: enc(s.rng), extended: enc(s.extended),
    provider: Object.fromEntries(Object.entries(c.provider).map(([k, v]) => [k, enc(v)])),
    // Bit-exact scalars (JSON numbers round-trip doubles exactly, but keep the bytes to be explicit).
    scalars: enc(new Float64Array([s.time, s.potentialEnergy])),
  });
}

/** Write a checkpoint to `path` atomically (temporary file + rename). */
export function writeCheckpoint(path: string, c: Checkpoint): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, serializeCheckpoint(c));
  renameSync(tmp, path);
}

/**
 * Parse checkpoint JSON text back into {state, provider, meta}, validating every field (per-atom arrays must be
 * [3N], species [N], virial [6], box a valid Box).
 * @throws CheckpointError naming `path` and the offending field.
 */
export function parseCheckpoint(text: string, path = 'checkpoint'): Checkpoint {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new CheckpointError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (j === null || typeof j !== 'object' || j['format'] !== FORMAT) throw new CheckpointError(`${path}: format is '${String((j as Record<string, unknown> | null)?.['format'])}', expected '${FORMAT}'`);
  if (j['version'] !== VERSION) throw new CheckpointError(`${path}: version ${String(j['version'])}, expected ${VERSION}`);
  const scalars = dec(j['scalars'], Float64Array, 'scalars', path);
  const positions = dec(j['positions'], Float64Array, 'positions', path);
  const masses = dec(j['masses'], Float64Array, 'masses', path);
  const n = masses.length;
  const need3n = (a: Float64Array, f: string): Float64Array => {
    if (a.length !== 3 * n) throw new CheckpointError(`${path}: field '${f}' has ${a.length} values, expected 3 x ${n} atoms`);
    return a;
  };
  const step = j['step'];
  if (!Number.isInteger(step) || (step as number) < 0) throw new CheckpointError(`${path}: step = ${String(step)}, expected a non-negative integer`);
  const b = j['box'] as Box | null;
  let box: Box | null = null;
  if (b !== null) {
    if (typeof b !== 'object') throw new CheckpointError(`${path}: box must be an object or null`);
    try { box = makeBox(b.lx, b.ly, b.lz, b.xy, b.xz, b.yz); } catch (e) { throw new CheckpointError(`${path}: ${(e as Error).message}`); }
  }
  const species = dec(j['species'], Int32Array, 'species', path);
  if (species.length !== n) throw new CheckpointError(`${path}: field 'species' has ${species.length} values, expected ${n}`);
  const virial = dec(j['virial'], Float64Array, 'virial', path);
  if (virial.length !== 6) throw new CheckpointError(`${path}: field 'virial' has ${virial.length} values, expected 6`);
  const state: MDState = {
    positions: need3n(positions, 'positions'), velocities: need3n(dec(j['velocities'], Float64Array, 'velocities', path), 'velocities'),
    forces: need3n(dec(j['forces'], Float64Array, 'forces', path), 'forces'), masses, species, box,
    step: step as number, time: scalars[0]!, potentialEnergy: scalars[1]!, virial,
    terms: (j['terms'] ?? {}) as Record<string, number>, rng: dec(j['rng'], Uint32Array, 'rng', path), extended: dec(j['extended'], Float64Array, 'extended', path),
  };
  const prov = (j['provider'] ?? {}) as Record<string, unknown>;
  const provider = Object.fromEntries(Object.entries(prov).map(([k, v]) => [k, dec(v, Float64Array, `provider.${k}`, path)]));
  return { state, provider, meta: (j['meta'] ?? {}) as Record<string, unknown> };
}

/** Read and parse the checkpoint at `path` (see parseCheckpoint). */
export function readCheckpoint(path: string): Checkpoint {
  return parseCheckpoint(readFileSync(path, 'utf8'), path);
}
