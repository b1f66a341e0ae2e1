/**
 * File-level entry points: read a prmtop (+ rst7) from disk into parameters, positions and box.
 * Positions [3N] nm, velocities [3N] nm/ps, box as the engine's `Box` (orthorhombic only for now).
 */
import { readFileSync } from 'node:fs';
import { makeBox, type Box } from '../space.ts';
import { amberToParams, type ForceFieldParams } from './amberParams.ts';
import { parsePrmtop, type AmberPrmtop } from './prmtop.ts';
import { parseRst7, type Rst7 } from './rst7.ts';

export interface AmberSystem {
  prmtop: AmberPrmtop;
  params: ForceFieldParams;
  coordinates: Rst7 | null;
  positions: Float64Array | null;
  velocities: Float64Array | null;
  box: Box | null;
}

/**
 * Read an Amber prmtop (and optionally an rst7/inpcrd) from disk: the parsed topology, ForceFieldParams, coordinates,
 * positions [3N] nm, velocities [3N] nm/ps (or null) and the box (from the rst7, else the prmtop; orthorhombic only).
 * @throws PrmtopError / Rst7Error from the parsers; Error when atom counts differ or the box is not orthorhombic.
 */
export function loadAmberSystem(prmtopPath: string, rst7Path?: string): AmberSystem {
  const prmtop = parsePrmtop(readFileSync(prmtopPath, 'utf8'), prmtopPath);
  const params = amberToParams(prmtop);
  let coordinates: Rst7 | null = null;
  if (rst7Path) {
    coordinates = parseRst7(readFileSync(rst7Path, 'utf8'), rst7Path);
    if (coordinates.nAtoms !== prmtop.nAtoms) {
      throw new Error(`${rst7Path}: ${coordinates.nAtoms} atoms, but ${prmtopPath} has ${prmtop.nAtoms} (POINTERS NATOM)`);
    }
  }
  let box: Box | null = null;
  const b = coordinates?.box ?? null;
  if (b) {
    if (b.angles.some((a) => Math.abs(a - 90) > 1e-3)) throw new Error(`${rst7Path}: box angles ${b.angles.join(', ')}; only orthorhombic (90, 90, 90) boxes are supported`);
    box = makeBox(b.lengths[0], b.lengths[1], b.lengths[2]);
  } else if (params.box) {
    box = makeBox(params.box[0], params.box[1], params.box[2]);
  }
  return { prmtop, params, coordinates, positions: coordinates?.positions ?? null, velocities: coordinates?.velocities ?? null, box };
}
