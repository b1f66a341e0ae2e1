/**
 * Training history: one entry per epoch, kept as parallel plain arrays so it serialises as JSON
 * and plots directly. `historySeries` returns series in @mindscience/viz's linePlot format
 * ({label, x, y}); validation loss is NaN on epochs without validation (linePlot breaks the line).
 */
export interface History {
  epoch: number[];
  trainLoss: number[];
  valLoss: number[];
  /** Learning rate at the epoch's last step (NaN when the optimizer has no schedule to report). */
  learningRate: number[];
  /** Wall-clock seconds spent in the epoch. */
  seconds: number[];
}

/** A new History with empty per-epoch columns (epoch, trainLoss, valLoss, learningRate, seconds). */
export const emptyHistory = (): History => ({ epoch: [], trainLoss: [], valLoss: [], learningRate: [], seconds: [] });

export interface HistorySeries { label: string; x: number[]; y: number[] }

/**
 * Training curves as @mindscience/viz linePlot series {label, x: epoch, y: loss}: 'train loss', plus
 * 'validation loss' when any epoch has a finite one.
 */
export function historySeries(h: History): HistorySeries[] {
  const out: HistorySeries[] = [{ label: 'train loss', x: h.epoch, y: h.trainLoss }];
  if (h.valLoss.some((v) => Number.isFinite(v))) out.push({ label: 'validation loss', x: h.epoch, y: h.valLoss });
  return out;
}
