import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseCheckpoint, readCheckpoint, serializeCheckpoint, writeCheckpoint, CheckpointError } from './checkpoint.ts';
import { lattice, maxwellBoltzmann } from '../system.ts';
import { lennardJones } from '../energy/lennardJones.ts';
import { simulator, barostatOp } from '../simulate/integrators.ts';
import { langevinThermostat } from '../simulate/thermostats.ts';
import { reducedUnits as units } from '../units.ts';
import type { MDState } from '../simulate/state.ts';

// 864 atoms: big enough for the cell-list path, whose pair order depends on when the list was built.
const sys = lattice({ kind: 'fcc', density: 0.8, cells: [6, 6, 6] });
const make = () => {
  const lj = lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5, tailCorrection: true });
  const sim = simulator(lj, { dt: 0.005, units, scheme: 'baoab', thermostat: langevinThermostat(1.2, 1), barostat: barostatOp({ kind: 'monte-carlo', pressure: 1, frequency: 10 }, 1.2, units) });
  return { lj, sim };
};

describe('checkpoint', () => {
  it('a resumed run continues bit-for-bit (Langevin + Monte Carlo barostat, neighbour list restored)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const a = make();
    let s: MDState = a.sim.init({ ...sys, velocities: maxwellBoltzmann(sys.masses, 1.2, 1, 9), seed: 4 });
    for (let k = 0; k < 137; k++) s = a.sim.step(s);
    writeCheckpoint(join(dir, 'c.json'), { state: s, provider: a.lj.saveState(), meta: { note: 'x' } });
    for (let k = 0; k < 300; k++) s = a.sim.step(s);
    expect(readdirSync(dir)).toEqual(['c.json']); // no tmp file left behind

    const b = make();
    const c = readCheckpoint(join(dir, 'c.json'));
    b.lj.restoreState(c.provider);
    let r = b.sim.init({ ...c.state, velocities: c.state.velocities, rng: c.state.rng, extended: c.state.extended, step: c.state.step, time: c.state.time });
    for (let k = 0; k < 300; k++) r = b.sim.step(r);
    expect(r.step).toBe(s.step);
    expect(r.box).toEqual(s.box);
    expect(Buffer.from(r.positions.buffer).equals(Buffer.from(s.positions.buffer))).toBe(true);
    expect(Buffer.from(r.velocities.buffer).equals(Buffer.from(s.velocities.buffer))).toBe(true);
    expect(r.potentialEnergy).toBe(s.potentialEnergy);
    expect(c.meta).toEqual({ note: 'x' });
  });

  it('fuzz: garbled checkpoints throw CheckpointError', () => {
    const a = make();
    const s = a.sim.init({ ...sys, seed: 1 });
    const text = serializeCheckpoint({ state: s, provider: {}, meta: {} });
    expect(parseCheckpoint(text).state.positions).toEqual(s.positions);
    fc.assert(fc.property(fc.integer({ min: 0, max: text.length }), fc.array(fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 1 })), { maxLength: 3 }), (cut, edits) => {
      const chars = text.slice(0, cut).split('');
      for (const [p, ch] of edits) if (chars.length) chars[p % chars.length] = ch;
      try { parseCheckpoint(chars.join('')); } catch (e) { expect(e).toBeInstanceOf(CheckpointError); }
    }), { numRuns: 200 });
  });
});
