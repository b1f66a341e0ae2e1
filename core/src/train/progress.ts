/**
 * A one-line progress bar for interactive terminals only: enabled by default when stdout is a TTY
 * and the CI environment variable is unset, so logs and CI output stay clean. Redraws at most every
 * `minIntervalMs` (default 100 ms) with a carriage return; `done()` ends the line.
 */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar {
  update(done: number, text?: string): void;
  done(text?: string): void;
  readonly enabled: boolean;
}

export interface ProgressOptions {
  /** Force on/off; default: stream.isTTY && !process.env.CI. */
  enabled?: boolean;
  stream?: ProgressStream;
  label?: string;
  minIntervalMs?: number;
}

/** True when `stream` (default process.stdout) is a TTY and the CI environment variable is unset. */
export function isInteractive(stream: ProgressStream = process.stdout): boolean {
  return stream.isTTY === true && !process.env.CI;
}

/**
 * A one-line progress bar over `total` units, drawn with carriage returns on an interactive stream only (see
 * `isInteractive`; `options.enabled` forces it) and redrawn at most every minIntervalMs (default 100 ms).
 * `update(done, text)` redraws; `done(text)` draws 100 % and ends the line. A no-op when disabled.
 */
export function progressBar(total: number, options: ProgressOptions = {}): ProgressBar {
  const stream = options.stream ?? process.stdout;
  const enabled = options.enabled ?? isInteractive(stream);
  const minInterval = options.minIntervalMs ?? 100;
  const label = options.label ?? '';
  let last = -Infinity;
  let drawn = false;
  const draw = (n: number, text: string) => {
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - label.length - text.length - 20));
    const frac = total > 0 ? Math.min(1, n / total) : 1;
    const fill = Math.round(frac * width);
    stream.write(`\r${label}[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${String(Math.round(frac * 100)).padStart(3)}% ${text}\x1b[K`);
    drawn = true;
  };
  return {
    enabled,
    update(n, text = '') {
      if (!enabled) return;
      const now = performance.now();
      if (now - last < minInterval && n < total) return;
      last = now;
      draw(n, text);
    },
    done(text = '') {
      if (!enabled) return;
      draw(total, text);
      if (drawn) stream.write('\n');
    },
  };
}
