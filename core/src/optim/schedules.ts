/**
 * Learning-rate schedules: step -> learning rate, step counted from 0 (MindSpore/optax forms).
 *   constantSchedule(lr)
 *   stepDecay(lr, stepSize, gamma)                      lr gamma^floor(step / stepSize)
 *   exponentialDecay(lr, rate, decaySteps, staircase)   lr rate^(step / decaySteps)  (floored if staircase)
 *   cosineDecay(lr, decaySteps, alpha)                  lr ((1-alpha) (1 + cos(pi min(step,T)/T))/2 + alpha)
 *   polynomialDecay(lr, endLr, decaySteps, power)       (lr - end)(1 - min(step,T)/T)^power + end
 *   piecewiseConstant(boundaries, values)               values[i] for boundaries[i-1] <= step < boundaries[i]
 *   warmup(schedule, warmupSteps, startLr)              linear from startLr to schedule(0), then schedule(step - W)
 */
import type { Schedule } from './types.ts';

function positive(op: string, name: string, v: number, integer = false): void {
  if (!(v > 0) || (integer && !Number.isInteger(v))) throw new RangeError(`${op}: ${name} ${v}; expected a positive ${integer ? 'integer' : 'number'}`);
}

/** The schedule step -> lr (constant). */
export const constantSchedule = (lr: number): Schedule => () => lr;

/**
 * Step decay: lr · gamma^floor(step / stepSize).
 * @throws RangeError when stepSize is not a positive integer.
 */
export function stepDecay(lr: number, stepSize: number, gamma: number): Schedule {
  positive('stepDecay', 'stepSize', stepSize, true);
  return (step) => lr * gamma ** Math.floor(step / stepSize);
}

/**
 * Exponential decay: lr · decayRate^(step / decaySteps), with the exponent floored when `staircase` (default false).
 * @throws RangeError when decaySteps or decayRate is not positive.
 */
export function exponentialDecay(lr: number, decayRate: number, decaySteps: number, staircase = false): Schedule {
  positive('exponentialDecay', 'decaySteps', decaySteps);
  positive('exponentialDecay', 'decayRate', decayRate);
  return (step) => lr * decayRate ** (staircase ? Math.floor(step / decaySteps) : step / decaySteps);
}

/**
 * Cosine decay (Loshchilov & Hutter 2017, no restarts): lr · ((1 - alpha)(1 + cos(π min(step, T)/T))/2 + alpha),
 * T = decaySteps; reaches lr · alpha (alpha default 0) at step T and stays there.
 * @throws RangeError when decaySteps is not positive.
 */
export function cosineDecay(lr: number, decaySteps: number, alpha = 0): Schedule {
  positive('cosineDecay', 'decaySteps', decaySteps);
  return (step) => lr * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * Math.min(step, decaySteps)) / decaySteps)) + alpha);
}

/**
 * Polynomial decay from lr to endLr over decaySteps: (lr - endLr)(1 - min(step, T)/T)^power + endLr (power default 1, linear).
 * @throws RangeError when decaySteps is not positive.
 */
export function polynomialDecay(lr: number, endLr: number, decaySteps: number, power = 1): Schedule {
  positive('polynomialDecay', 'decaySteps', decaySteps);
  return (step) => (lr - endLr) * (1 - Math.min(step, decaySteps) / decaySteps) ** power + endLr;
}

/**
 * Piecewise-constant schedule: values[0] for step < boundaries[0], values[i] for boundaries[i-1] ≤ step < boundaries[i],
 * values[last] afterwards.
 * @throws RangeError unless values.length = boundaries.length + 1 and boundaries strictly increase.
 */
export function piecewiseConstant(boundaries: readonly number[], values: readonly number[]): Schedule {
  if (values.length !== boundaries.length + 1) throw new RangeError(`piecewiseConstant: ${values.length} values for ${boundaries.length} boundaries; expected boundaries.length + 1`);
  for (let i = 1; i < boundaries.length; i++) if (!(boundaries[i]! > boundaries[i - 1]!)) throw new RangeError(`piecewiseConstant: boundaries must increase, got ${boundaries.join(', ')}`);
  return (step) => {
    let i = 0;
    while (i < boundaries.length && step >= boundaries[i]!) i++;
    return values[i]!;
  };
}

/**
 * Linear warm-up from startLr (default 0) to schedule(0) over warmupSteps steps, then schedule(step - warmupSteps).
 * `schedule` may be a constant learning rate.
 * @throws RangeError when warmupSteps is not a positive integer.
 */
export function warmup(schedule: Schedule | number, warmupSteps: number, startLr = 0): Schedule {
  positive('warmup', 'warmupSteps', warmupSteps, true);
  const s = typeof schedule === 'number' ? constantSchedule(schedule) : schedule;
  return (step) => (step < warmupSteps ? startLr + ((s(0) - startLr) * step) / warmupSteps : s(step - warmupSteps));
}
