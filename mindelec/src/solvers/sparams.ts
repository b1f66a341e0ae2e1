/**
 * Port voltages/currents to S-parameters (power waves, Kurokawa 1965; the openEMS convention):
 *   a = (V + Z0 I) / (2 sqrt(Z0)),  b = (V - Z0 I) / (2 sqrt(Z0)),  S_pe = b_p / a_e,  Z_in = V_e / I_e
 * with V (V) the port voltage and I (A) the current flowing into the device, as phasors from running
 * DFTs (V at the E time, I at the H time, so both carry their true time stamps).
 */
import { dftMonitor, type DftState } from './dft.ts';
import type { Fdtd3D, Fdtd3DState } from './fdtd3d.ts';

export interface PortMonitorState {
  readonly v: DftState;
  readonly i: DftState;
  /** Scratch for the per-step samples (one per port). */
  readonly scratch: Float64Array;
}

export interface PortMonitor {
  readonly freqs: Float64Array;
  readonly nPorts: number;
  init(): PortMonitorState;
  update(m: PortMonitorState, s: Fdtd3DState): PortMonitorState;
}

/**
 * Running DFTs of the lumped-port voltages and currents of an fdtd3d simulator, as `{init, update}`.
 * @param sim The fdtd3d simulator; its ports 0..nPorts-1 are sampled with `sim.portVoltage`/`portCurrent`.
 * @param nPorts Number of ports to monitor (at most the number configured in `sim`; not checked).
 * @param freqs Frequencies (Hz), nFreq of them.
 * @returns `freqs` (Float64Array [nFreq]), `nPorts`; `update(m, s)` (once per step after `sim.step`) adds
 *   V (V) sampled at s.time and I (A, into the device) at s.time - dt/2 to the state's DftStates `v`, `i`
 *   (re/im Float64Array [nFreq * nPorts], entry q * nPorts + p; units V s and A s), in place.
 *   Pass the state to {@link sParameters}. Throws nothing itself.
 */
export function portMonitor(sim: Fdtd3D, nPorts: number, freqs: readonly number[]): PortMonitor {
  const vd = dftMonitor(freqs, nPorts, sim.dt);
  const id = dftMonitor(freqs, nPorts, sim.dt);
  return {
    freqs: Float64Array.from(freqs),
    nPorts,
    init: () => ({ v: vd.init(), i: id.init(), scratch: new Float64Array(nPorts) }),
    update(m, s) {
      for (let p = 0; p < nPorts; p++) m.scratch[p] = sim.portVoltage(s, p);
      vd.update(m.v, m.scratch, s.time);
      for (let p = 0; p < nPorts; p++) m.scratch[p] = sim.portCurrent(s, p);
      id.update(m.i, m.scratch, s.time - sim.dt / 2);
      return m;
    },
  };
}

export interface Complex {
  re: number;
  im: number;
}

export interface SParameterResult {
  freqs: number[];
  /** S[f][p] = S_{p, excited} (one column of the matrix), complex. */
  S: Complex[][];
  /** Input impedance at the excited port (ohm). */
  zin: Complex[];
  /** Reference impedance (ohm). */
  z0: number;
  excited: number;
}

const div = (a: Complex, b: Complex): Complex => {
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
};

/**
 * One column of the S-matrix (power waves, file header) and the input impedance from a port monitor's DFTs.
 * The source spectrum cancels in every ratio, so no normalisation by the waveform is needed.
 * @param m State of {@link portMonitor} after the run (fields decayed for accurate results).
 * @param nPorts Number of monitored ports (the monitor's nPorts).
 * @param excited Index (0-based) of the driven port e.
 * @param z0 Reference impedance (ohm), default 50.
 * @returns `freqs` (Hz), `S[f][p]` = S_{p,e} = b_p / a_e (complex, dimensionless) for every port p,
 *   `zin[f]` = V_e / I_e (ohm), `z0` and `excited`.
 * @throws Error when z0 <= 0 or `excited` is outside 0..nPorts-1.
 */
export function sParameters(m: PortMonitorState, nPorts: number, excited: number, z0 = 50): SParameterResult {
  if (!(z0 > 0)) throw new Error(`sParameters: z0 must be > 0 ohm, got ${z0}`);
  if (!(excited >= 0 && excited < nPorts)) throw new Error(`sParameters: excited port ${excited} outside 0..${nPorts - 1}`);
  const nf = m.v.freqs.length;
  const sq = 2 * Math.sqrt(z0);
  const S: Complex[][] = [];
  const zin: Complex[] = [];
  for (let q = 0; q < nf; q++) {
    const V = (p: number): Complex => ({ re: m.v.re[q * nPorts + p]!, im: m.v.im[q * nPorts + p]! });
    const I = (p: number): Complex => ({ re: m.i.re[q * nPorts + p]!, im: m.i.im[q * nPorts + p]! });
    const ve = V(excited), ie = I(excited);
    const a: Complex = { re: (ve.re + z0 * ie.re) / sq, im: (ve.im + z0 * ie.im) / sq };
    const col: Complex[] = [];
    for (let p = 0; p < nPorts; p++) {
      const v = V(p), i = I(p);
      col.push(div({ re: (v.re - z0 * i.re) / sq, im: (v.im - z0 * i.im) / sq }, a));
    }
    S.push(col);
    zin.push(div(ve, ie));
  }
  return { freqs: Array.from(m.v.freqs), S, zin, z0, excited };
}

/** Magnitude of a complex amplitude ratio in decibels, 20 log10 |c| (dB; -Infinity for 0), e.g. |S11| in dB. */
export const magnitudeDb = (c: Complex): number => 10 * Math.log10(c.re * c.re + c.im * c.im);
