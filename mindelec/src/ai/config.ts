/**
 * Field validation for the AI command configs (JSON). Every error names the file, the field path, the
 * value found and what was expected: `pinn.json: net.widths[2] = -3; expected a positive integer`.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Typed reader over a parsed JSON config object (`ConfigReader.parse(file, text)`), used by the
 * `mindelec pinn` and `mindelec surrogate` configs. Fields are addressed by dotted paths
 * (`'train.steps'`); `number`, `numbers`, `string` return the value or the given fallback when the field
 * is absent (a missing field with an undefined fallback is an error), `optionalString` returns
 * undefined when absent, and `only(path, allowed)` rejects unknown keys so typos do not pass silently.
 * Values carry whatever units the config schema defines; the reader itself is unit-free.
 * @throws ConfigError on invalid JSON, a non-object top level, a missing required field, an unknown key
 *   or a value of the wrong type/range; the message names the file, the field path, the value found and
 *   what was expected.
 */
export class ConfigReader {
  constructor(readonly file: string, readonly root: Record<string, unknown>) {}

  static parse(file: string, text: string): ConfigReader {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(`${file}: not valid JSON (${(e as Error).message})`);
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${file}: expected a JSON object at the top level, got ${Array.isArray(v) ? 'an array' : JSON.stringify(v)}`);
    return new ConfigReader(file, v as Record<string, unknown>);
  }

  /** The raw value at a dotted path (undefined when absent), for fields that accept more than one shape. */
  get(path: string): unknown {
    let cur: unknown = this.root;
    for (const part of path.split('.')) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  }

  fail(path: string, value: unknown, expected: string): never {
    throw new ConfigError(`${this.file}: ${path} = ${JSON.stringify(value)}; expected ${expected}`);
  }

  /** Reject keys not in `allowed` under `path` ('' = top level), so typos do not pass silently. */
  only(path: string, allowed: readonly string[]): void {
    const v = path === '' ? this.root : this.get(path);
    if (v === undefined) return;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, v, 'an object');
    for (const k of Object.keys(v as object)) {
      if (!allowed.includes(k)) throw new ConfigError(`${this.file}: unknown field '${path ? path + '.' : ''}${k}'; expected one of ${allowed.join(', ')}`);
    }
  }

  number(path: string, fallback: number | undefined, opts: { min?: number; max?: number; integer?: boolean; positive?: boolean } = {}): number {
    const v = this.get(path);
    if (v === undefined) {
      if (fallback === undefined) throw new ConfigError(`${this.file}: missing required field ${path}`);
      return fallback;
    }
    const what = `${opts.integer ? 'an integer' : 'a number'}${opts.positive ? ' > 0' : ''}${opts.min !== undefined ? ` >= ${opts.min}` : ''}${opts.max !== undefined ? ` <= ${opts.max}` : ''}`;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, v, what);
    if (opts.integer && !Number.isInteger(v)) this.fail(path, v, what);
    if (opts.positive && !(v > 0)) this.fail(path, v, what);
    if (opts.min !== undefined && v < opts.min) this.fail(path, v, what);
    if (opts.max !== undefined && v > opts.max) this.fail(path, v, what);
    return v;
  }

  string<T extends string>(path: string, fallback: T | undefined, choices?: readonly T[]): T {
    const v = this.get(path);
    if (v === undefined) {
      if (fallback === undefined) throw new ConfigError(`${this.file}: missing required field ${path}`);
      return fallback;
    }
    if (typeof v !== 'string') this.fail(path, v, choices ? `one of ${choices.join(', ')}` : 'a string');
    if (choices && !choices.includes(v as T)) this.fail(path, v, `one of ${choices.join(', ')}`);
    return v as T;
  }

  numbers(path: string, fallback: number[] | undefined, opts: { length?: number; minLength?: number; integer?: boolean; positive?: boolean } = {}): number[] {
    const v = this.get(path);
    if (v === undefined) {
      if (fallback === undefined) throw new ConfigError(`${this.file}: missing required field ${path}`);
      return fallback;
    }
    const what = `an array of ${opts.length ?? (opts.minLength ? `at least ${opts.minLength}` : '')} ${opts.integer ? 'integers' : 'numbers'}${opts.positive ? ' > 0' : ''}`.replace('  ', ' ');
    if (!Array.isArray(v)) this.fail(path, v, what);
    if (opts.length !== undefined && v.length !== opts.length) this.fail(path, v, what);
    if (opts.minLength !== undefined && v.length < opts.minLength) this.fail(path, v, what);
    v.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x) || (opts.integer && !Number.isInteger(x)) || (opts.positive && !(x > 0))) {
        this.fail(`${path}[${i}]`, x, `${opts.integer ? 'an integer' : 'a number'}${opts.positive ? ' > 0' : ''}`);
      }
    });
    return v as number[];
  }

  boolean(path: string, fallback: boolean): boolean {
    const v = this.get(path);
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(path, v, 'true or false');
    return v;
  }

  optionalString(path: string): string | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length === 0) this.fail(path, v, 'a non-empty string');
    return v;
  }
}
