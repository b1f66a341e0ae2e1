/**
 * The `validate` cases: each takes parsed options, runs FDTD and the analytic reference and returns
 * { ours, analytic, error, tolerance, pass } as plain JSON-able data (SI units).
 */
import { readFileSync } from 'node:fs';
import { slabFdtd } from '../validation/slab.ts';
import { mie2dFdtd } from '../validation/mie2d.ts';
import { waveguideFdtd } from '../validation/waveguide.ts';
import { cavityFdtd } from '../validation/cavity.ts';
import { patchFdtd } from '../validation/patch.ts';
import { lumpedLineFdtd } from '../validation/lumpedLine.ts';
import { modeGuideFdtd } from '../validation/modeGuide.ts';
import { rectStepFdtd } from '../validation/rectStep.ts';
import { hPlaneStepModeMatching } from '../validation/hPlaneStep.ts';
import { CliError, type OptionSpec, type ParsedOptions } from './args.ts';

export interface CaseReport {
  case: string;
  params: Record<string, unknown>;
  ours: unknown;
  analytic: unknown;
  error: Record<string, number>;
  tolerance: Record<string, number>;
  pass: boolean;
  seconds: number;
}

export interface ValidationCase {
  summary: string;
  options: Record<string, OptionSpec>;
  run(o: ParsedOptions): Omit<CaseReport, 'case' | 'seconds'>;
}

const num = (o: ParsedOptions, k: string, d: number): number => (o[k] === undefined ? d : (o[k] as number));

export const validationCases: Record<string, ValidationCase> = {
  slab: {
    summary: 'dielectric slab |R|^2, |T|^2 vs transfer matrix (1-D FDTD)',
    options: {
      eps: { type: 'number', positive: true, help: 'slab relative permittivity (default 4)' },
      thickness: { type: 'number', positive: true, help: 'slab thickness, m (default 0.05)' },
      fmin: { type: 'number', positive: true, help: 'lowest frequency, Hz (default 1e9)' },
      fmax: { type: 'number', positive: true, help: 'highest frequency, Hz (default 6e9)' },
      nfreq: { type: 'number', positive: true, help: 'number of frequencies (default 21)' },
      ppw: { type: 'number', positive: true, help: 'cells per wavelength in the slab at fmax (default 30)' },
      boundary: { type: 'string', choices: ['cpml', 'mur'], help: 'absorbing boundary (default cpml)' },
    },
    run(o) {
      const params = { epsR: num(o, 'eps', 4), thickness: num(o, 'thickness', 0.05), fMin: num(o, 'fmin', 1e9), fMax: num(o, 'fmax', 6e9), nFreq: num(o, 'nfreq', 21), cellsPerWavelength: num(o, 'ppw', 30), boundary: (o.boundary as 'cpml' | 'mur' | undefined) ?? 'cpml' };
      const r = slabFdtd(params);
      return {
        params,
        ours: { freqs: r.freqs, R: r.R, T: r.T },
        analytic: { R: r.Ranalytic, T: r.Tanalytic },
        error: { maxAbsR: r.maxErrorR, maxAbsT: r.maxErrorT },
        tolerance: { maxAbsR: 0.01, maxAbsT: 0.01 },
        pass: r.maxErrorR < 0.01 && r.maxErrorT < 0.01,
      };
    },
  },
  mie2d: {
    summary: 'bistatic echo width of a PEC or dielectric cylinder vs Bessel/Hankel series (2-D FDTD)',
    options: {
      ka: { type: 'number', positive: true, help: 'k a (default 2)' },
      eps: { type: 'number', positive: true, help: 'dielectric cylinder eps_r (default 4)' },
      pec: { type: 'flag', help: 'PEC cylinder instead of dielectric' },
      pol: { type: 'string', choices: ['TM', 'TE'], help: 'TM (Ez) or TE (Hz) (default TM)' },
      ppw: { type: 'number', positive: true, help: 'cells per wavelength in the cylinder (default 20)' },
      staircase: { type: 'flag', help: 'PEC: plain staircase instead of conformal cells' },
      'diagonal-only': { type: 'flag', help: 'dielectric TE: drop the off-diagonal terms of the anisotropic average' },
      'lorentz-delta': { type: 'number', positive: true, help: 'TM: Lorentz cylinder, delta eps (--eps is then eps_infinity)' },
      'lorentz-f0': { type: 'number', positive: true, help: 'Lorentz resonance, Hz (default 1.3e9; the case runs at 1 GHz)' },
      'lorentz-gamma': { type: 'number', positive: true, help: 'Lorentz damping gamma / 2 pi, Hz (default 0.2e9)' },
      'drude-fp': { type: 'number', positive: true, help: 'TM: Drude cylinder, plasma frequency f_p = omega_p / 2 pi, Hz (--eps is eps_infinity; runs at 1 GHz)' },
      'drude-gamma': { type: 'number', positive: true, help: 'Drude collision rate gamma / 2 pi, Hz (default 0.1e9)' },
    },
    run(o) {
      const params = { ka: num(o, 'ka', 2), pol: (o.pol as 'TM' | 'TE' | undefined) ?? 'TM', epsR: o.pec ? undefined : num(o, 'eps', 4), cellsPerWavelength: num(o, 'ppw', 20), conformal: !o.staircase, offDiagonal: !o['diagonal-only'],
        ...(o['lorentz-delta'] !== undefined ? { lorentz: { deltaEps: o['lorentz-delta'] as number, omega0: 2 * Math.PI * num(o, 'lorentz-f0', 1.3e9), gamma: 2 * Math.PI * num(o, 'lorentz-gamma', 0.2e9) } } : {}),
        ...(o['drude-fp'] !== undefined ? { drude: { omegaP: 2 * Math.PI * (o['drude-fp'] as number), gamma: 2 * Math.PI * num(o, 'drude-gamma', 0.1e9) } } : {}) };
      if (o.pec && o.eps !== undefined) throw new CliError('validate mie2d: give --eps or --pec, not both');
      const r = mie2dFdtd(params);
      const tol = 0.02;
      return {
        params: { ...params, pec: params.epsR === undefined },
        ours: { anglesDeg: r.anglesDeg, sigmaOverLambda: r.ours },
        analytic: { sigmaOverLambda: r.analytic },
        error: { maxRelToPeak: r.maxRelError },
        tolerance: { maxRelToPeak: tol },
        pass: r.maxRelError < tol,
      };
    },
  },
  waveguide: {
    summary: 'rectangular waveguide TE10 cutoff, beta and wave impedance (3-D FDTD)',
    options: {
      a: { type: 'number', positive: true, help: 'broad wall, m (default 0.02286, WR-90)' },
      b: { type: 'number', positive: true, help: 'narrow wall, m (default 0.01016)' },
      f: { type: 'numbers', positive: true, help: 'frequencies, Hz, comma-separated (default 1.25,1.5,1.75 f_c)' },
      cells: { type: 'number', positive: true, help: 'cells across a (default 20)' },
    },
    run(o) {
      const params = { a: num(o, 'a', 0.02286), b: num(o, 'b', 0.01016), freqs: o.f as number[] | undefined, cellsAcross: num(o, 'cells', 20) };
      const r = waveguideFdtd(params);
      return {
        params,
        ours: { cutoff: r.cutoff, beta: r.rows.map((x) => x.beta), impedance: r.rows.map((x) => x.impedance), freqs: r.rows.map((x) => x.f) },
        analytic: { cutoff: r.cutoffAnalytic, beta: r.rows.map((x) => x.betaAnalytic), impedance: r.rows.map((x) => x.impedanceAnalytic), betaYeeDiscrete: r.rows.map((x) => x.betaDiscrete) },
        error: { cutoffRel: r.relErrorCutoff, betaRel: r.maxRelErrorBeta, impedanceRel: r.maxRelErrorImpedance },
        tolerance: { cutoffRel: 0.01, betaRel: 0.01, impedanceRel: 0.02 },
        pass: r.relErrorCutoff < 0.01 && r.maxRelErrorBeta < 0.01 && r.maxRelErrorImpedance < 0.02,
      };
    },
  },
  cavity: {
    summary: 'rectangular PEC cavity resonances (3-D FDTD)',
    options: {
      size: { type: 'numbers', positive: true, help: 'Lx,Ly,Lz in m (default 1.0,0.8,0.6)' },
      dx: { type: 'number', positive: true, help: 'cell size, m (default min(L)/12)' },
      modes: { type: 'number', positive: true, help: 'number of lowest modes (default 5)' },
      plasma: { type: 'number', positive: true, help: 'fill with a lossless Drude plasma of this f_p (Hz): modes move to sqrt(f^2 + f_p^2)' },
    },
    run(o) {
      const size = (o.size as number[] | undefined) ?? [1.0, 0.8, 0.6];
      if (size.length !== 3) throw new CliError(`validate cavity: --size expects 3 lengths Lx,Ly,Lz, got ${size.length}`);
      const params = { size: size as [number, number, number], dx: o.dx as number | undefined, modes: num(o, 'modes', 5), plasmaFrequency: o.plasma as number | undefined };
      const r = cavityFdtd(params);
      const err = Math.max(...r.map((m) => m.relErrorAnalytic));
      return {
        params,
        ours: r.map((m) => ({ mnp: m.mnp, f: m.ours })),
        analytic: r.map((m) => ({ mnp: m.mnp, f: m.analytic, fYeeDiscrete: m.discrete })),
        error: { maxRel: err, maxRelToYee: Math.max(...r.map((m) => m.relErrorDiscrete)) },
        tolerance: { maxRel: 0.01 },
        pass: err < 0.01,
      };
    },
  },
  patch: {
    summary: 'microstrip patch S11 resonance vs openEMS (committed reference; 3-D FDTD, minutes)',
    options: {
      dxy: { type: 'number', positive: true, help: 'in-plane cell, m (default 1e-3)' },
      'sub-cells': { type: 'number', positive: true, help: 'cells across the substrate (default 2)' },
      duration: { type: 'number', positive: true, help: 'simulated time, s (default 8e-9)' },
      reference: { type: 'string', help: 'openEMS JSON (default: the committed run on the same grid, mindelec/reference/patch/patch_openems_uniform{_h1,_h2,}.json for 1, 2, 4 sub-cells)' },
    },
    run(o) {
      const params = { dxy: num(o, 'dxy', 1e-3), substrateCells: num(o, 'sub-cells', 2), duration: num(o, 'duration', 8e-9), margin: 0.01 };
      const sameGrid = { 1: '_h1', 2: '_h2', 4: '' }[params.substrateCells] ?? '';
      const refPath = (o.reference as string | undefined) ?? new URL(`../../../reference/patch/patch_openems_uniform${sameGrid}.json`, import.meta.url).pathname;
      const ref = JSON.parse(readFileSync(refPath, 'utf8')) as { resonance_hz: number; source: string };
      const r = patchFdtd(params);
      const err = Math.abs(r.resonance - ref.resonance_hz) / ref.resonance_hz;
      return {
        params: { ...params, reference: ref.source },
        ours: { resonance: r.resonance, s11MinDb: r.s11MinDb, cells: r.cells, steps: r.steps },
        analytic: { resonance: ref.resonance_hz },
        error: { resonanceRel: err },
        tolerance: { resonanceRel: 0.02 },
        pass: err < 0.02,
      };
    },
  },
  line: {
    summary: 'lumped ports on a one-cell-high TEM line vs its discrete-Laplace Z0 (3-D FDTD, seconds)',
    options: {
      eps: { type: 'number', positive: true, help: 'relative permittivity filling the box (default 1)' },
      load: { type: 'number', positive: true, help: 'load resistance / Z0 (default 1, matched)' },
      strip: { type: 'number', positive: true, help: 'strip width in nodes, odd (default 1); ports span as many columns' },
    },
    run(o) {
      const params = { epsR: num(o, 'eps', 1), loadFactor: num(o, 'load', 1), stripNodes: num(o, 'strip', 1) };
      const r = lumpedLineFdtd(params);
      const L = params.loadFactor, gamma = Math.abs(L - 1) / (L + 1);
      // |S11| = |Gamma_L| at every frequency up to 4.5 GHz (open-end fringing adds reflection above)
      let s11Err = 0, zErr = 0;
      r.freqs.forEach((f, q) => {
        if (f > 4.5e9) return;
        s11Err = Math.max(s11Err, Math.abs(Math.hypot(r.s11[q]!.re, r.s11[q]!.im) - gamma));
        if (L === 1) zErr = Math.max(zErr, Math.hypot(r.zin[q]!.re - r.z0, r.zin[q]!.im) / r.z0);
      });
      return {
        params,
        ours: { freqs: r.freqs, zin: r.zin, s11: r.s11, s21: r.s21 },
        analytic: { z0: r.z0, abs_s11: gamma },
        error: { maxAbsS11: s11Err, ...(L === 1 ? { maxZinRel: zErr } : {}) },
        tolerance: { maxAbsS11: 0.035, ...(L === 1 ? { maxZinRel: 0.06 } : {}) },
        pass: s11Err < 0.035 && (L !== 1 || zErr < 0.06),
      };
    },
  },
  modeport: {
    summary: '2-D TM waveguide mode ports on a slab guide (optional width step) vs FDFD with the same ports',
    options: {
      w1: { type: 'number', positive: true, help: 'core width before the step, mm (default 6)' },
      w2: { type: 'number', positive: true, help: 'core width after the step, mm (default 6)' },
    },
    run(o) {
      const params = { w1: num(o, 'w1', 6), w2: num(o, 'w2', 6) };
      const rows = modeGuideFdtd(params);
      let dS = 0, dPhase = 0;
      for (const r of rows) {
        dS = Math.max(dS, Math.hypot(r.fdtd.S11.re - r.fdfd.S11.re, r.fdtd.S11.im - r.fdfd.S11.im), Math.hypot(r.fdtd.S21.re - r.fdfd.S21.re, r.fdtd.S21.im - r.fdfd.S21.im));
        if (params.w1 === params.w2) {
          const d = Math.atan2(r.fdtd.S21.im, r.fdtd.S21.re) - r.pathPhase;
          dPhase = Math.max(dPhase, Math.abs(Math.atan2(Math.sin(d), Math.cos(d))));
        }
      }
      return {
        params,
        ours: rows.map((r) => ({ freq: r.freq, S11: r.fdtd.S11, S21: r.fdtd.S21 })),
        analytic: rows.map((r) => ({ freq: r.freq, S11: r.fdfd.S11, S21: r.fdfd.S21, pathPhase: r.pathPhase, reference: 'FDFD, same grid and ports' })),
        error: { maxAbsDiffS: dS, ...(params.w1 === params.w2 ? { maxS21PhaseRad: dPhase } : {}) },
        tolerance: { maxAbsDiffS: 1e-3, ...(params.w1 === params.w2 ? { maxS21PhaseRad: 1e-3 } : {}) },
        pass: dS < 1e-3 && dPhase < 1e-3,
      };
    },
  },
  modeport3d: {
    summary: '3-D TE10 mode ports in WR-90 with an optional H-plane step: |S11| vs mode matching and power balance; straight guide S21 = exp(-j beta L)',
    options: {
      narrow: { type: 'number', positive: true, help: 'input section width in cells of the 20 across a (default 16; 20 = straight guide)' },
    },
    run(o) {
      const params = { narrow: num(o, 'narrow', 16) };
      const rows = rectStepFdtd(params);
      const straight = params.narrow === 20;
      let err = 0;
      for (const r of rows) {
        if (straight) {
          const d = Math.atan2(r.S21.im, r.S21.re) - r.pathPhase;
          err = Math.max(err, Math.hypot(r.S11.re, r.S11.im), Math.abs(Math.hypot(r.S21.re, r.S21.im) - 1), Math.abs(Math.atan2(Math.sin(d), Math.cos(d))));
        } else {
          err = Math.max(err, Math.abs(r.S11.re ** 2 + r.S11.im ** 2 + r.S21.re ** 2 + r.S21.im ** 2 - 1));
        }
      }
      const key = straight ? 'maxDeviationFromExpMinusJBetaL' : 'maxPowerImbalance';
      const a = 22.86e-3;
      const mm = straight ? [] : rows.map((r) => hPlaneStepModeMatching((params.narrow / 20) * a, a, r.freq, 60));
      const s11Err = straight ? 0 : Math.max(...rows.map((r, q) => Math.abs(Math.hypot(r.S11.re, r.S11.im) - Math.hypot(mm[q]!.S11.re, mm[q]!.S11.im))));
      return {
        params,
        ours: rows.map((r) => ({ freq: r.freq, S11: r.S11, S21: r.S21 })),
        analytic: straight ? rows.map((r) => ({ freq: r.freq, S11: 0, S21phase: r.pathPhase })) : rows.map((r, q) => ({ freq: r.freq, absS11ModeMatching: Math.hypot(mm[q]!.S11.re, mm[q]!.S11.im), absS21ModeMatching: Math.hypot(mm[q]!.S21.re, mm[q]!.S21.im) })),
        error: { [key]: err, ...(straight ? {} : { maxAbsS11VsModeMatching: s11Err }) },
        tolerance: { [key]: 1e-4, ...(straight ? {} : { maxAbsS11VsModeMatching: 2e-3 }) },
        pass: err < 1e-4 && s11Err < 2e-3,
      };
    },
  },
};
