/**
 * Tiny option parser for the solver CLI commands: `--name value`, `--flag`, `--name=value`.
 * Unknown options and malformed values throw CliError naming the option, the value and what was expected.
 */
export class CliError extends Error {
  override name = 'CliError';
}

export interface OptionSpec {
  /** 'number' | 'string' | 'flag' | 'numbers' (comma-separated) */
  type: 'number' | 'string' | 'flag' | 'numbers';
  help: string;
  /** For numbers: require > 0. */
  positive?: boolean;
  choices?: string[];
}

export type ParsedOptions = Record<string, number | string | boolean | number[] | undefined>;

export function parseOptions(cmd: string, argv: readonly string[], spec: Record<string, OptionSpec>): { options: ParsedOptions; positional: string[] } {
  const options: ParsedOptions = {};
  const positional: string[] = [];
  for (let a = 0; a < argv.length; a++) {
    const tok = argv[a]!;
    if (!tok.startsWith('--')) {
      positional.push(tok);
      continue;
    }
    let name = tok.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const s = spec[name];
    if (!s) throw new CliError(`${cmd}: unknown option --${name}; expected one of ${Object.keys(spec).map((k) => `--${k}`).join(', ')}`);
    if (s.type === 'flag') {
      options[name] = true;
      continue;
    }
    if (value === undefined) {
      value = argv[++a];
      if (value === undefined) throw new CliError(`${cmd}: --${name} expects a ${s.type === 'string' ? 'value' : 'number'}, got nothing`);
    }
    if (s.type === 'string') {
      if (s.choices && !s.choices.includes(value)) throw new CliError(`${cmd}: --${name} expects one of ${s.choices.join(', ')}, got '${value}'`);
      options[name] = value;
    } else {
      const parts = s.type === 'numbers' ? value.split(',') : [value];
      const nums = parts.map((p) => {
        const v = Number(p);
        if (p.trim() === '' || !Number.isFinite(v) || (s.positive && !(v > 0))) {
          throw new CliError(`${cmd}: --${name} expects ${s.positive ? 'a number > 0' : 'a finite number'}${s.type === 'numbers' ? ' (comma-separated list)' : ''}, got '${value}'`);
        }
        return v;
      });
      options[name] = s.type === 'numbers' ? nums : nums[0];
    }
  }
  return { options, positional };
}

export function formatHelp(usage: string, spec: Record<string, OptionSpec>): string {
  const lines = [usage, '', 'options:'];
  for (const [k, s] of Object.entries(spec)) lines.push(`  --${(k + (s.type === 'flag' ? '' : ' <' + s.type + '>')).padEnd(24)} ${s.help}`);
  return lines.join('\n');
}
