/**
 * `mindelec validate <case> [options] [--json]`: run an analytic validation case of the FDTD solvers
 * (slab, mie2d, waveguide, cavity, patch) and print ours, the reference and the error. Exit code 0 when
 * the error is within the stated tolerance, 1 when not, 2 on bad input.
 */
import { CliError, formatHelp, parseOptions } from '../../solvers/cli/args.ts';
import { validationCases } from '../../solvers/cli/validateCases.ts';

function usage(): string {
  const lines = ['usage: mindelec validate <case> [options] [--json]', '', 'cases:'];
  for (const [k, c] of Object.entries(validationCases)) lines.push(`  ${k.padEnd(10)} ${c.summary}`);
  lines.push('', 'mindelec validate <case> --help lists the options of a case.');
  return lines.join('\n');
}

export default {
  summary: 'run an analytic validation case of the FDTD solvers (slab, mie2d, waveguide, cavity, patch)',
  async run(argv: string[]): Promise<number> {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h') {
      console.log(usage());
      return name ? 0 : 2;
    }
    const c = validationCases[name];
    if (!c) {
      console.error(`validate: unknown case '${name}'; expected one of ${Object.keys(validationCases).join(', ')}`);
      return 2;
    }
    const spec = { ...c.options, json: { type: 'flag' as const, help: 'print one JSON object' }, help: { type: 'flag' as const, help: 'this help' } };
    try {
      const { options, positional } = parseOptions(`validate ${name}`, rest, spec);
      if (options.help) {
        console.log(formatHelp(`usage: mindelec validate ${name} [options]\n${c.summary}`, spec));
        return 0;
      }
      if (positional.length) throw new CliError(`validate ${name}: unexpected argument '${positional[0]}'`);
      const t0 = performance.now();
      const r = c.run(options);
      const report = { case: name, ...r, seconds: (performance.now() - t0) / 1000 };
      if (options.json) console.log(JSON.stringify(report));
      else {
        console.log(`${name}: ${report.pass ? 'PASS' : 'FAIL'} in ${report.seconds.toFixed(1)} s`);
        for (const [k, v] of Object.entries(report.error)) console.log(`  ${k.padEnd(16)} ${v.toExponential(3)}  (tolerance ${report.tolerance[k] ?? '-'})`);
        console.log(`  params ${JSON.stringify(report.params)}`);
      }
      return report.pass ? 0 : 1;
    } catch (e) {
      if (e instanceof CliError || (e instanceof Error && /expected|must|need|below/.test(e.message))) {
        console.error(e.message);
        return 2;
      }
      throw e;
    }
  },
};
