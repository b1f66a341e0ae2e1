/**
 * `mindelec fdtd <config.json> [--json] [--quiet]`: run a 3-D FDTD simulation described by a JSON file
 * (grid, materials, primitives or an eps_r .npy tensor, sources, lumped ports, probes) and write
 * Touchstone, CSV spectra and a JSON summary. The config format is documented in
 * mindelec/src/solvers/cli/config.ts. Exit codes: 0 ok, 2 bad input, 3 blow-up.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError, formatHelp, parseOptions } from '../../solvers/cli/args.ts';
import { ConfigError, parseFdtdConfig } from '../../solvers/cli/config.ts';
import { runPlan, SimulationBlowUp } from '../../solvers/cli/runConfig.ts';

const spec = {
  json: { type: 'flag' as const, help: 'print the run summary as JSON' },
  quiet: { type: 'flag' as const, help: 'no progress messages' },
  check: { type: 'flag' as const, help: 'validate the config and exit' },
  help: { type: 'flag' as const, help: 'this help' },
};

export default {
  summary: '3-D FDTD from a JSON config: ports -> S-parameters (Touchstone), probes -> CSV',
  async run(argv: string[]): Promise<number> {
    try {
      const { options, positional } = parseOptions('fdtd', argv, spec);
      if (options.help || positional.length === 0) {
        console.log(formatHelp('usage: mindelec fdtd <config.json> [options]\n(config format: see mindelec/src/solvers/cli/config.ts)', spec));
        return options.help ? 0 : 2;
      }
      if (positional.length > 1) throw new CliError(`fdtd: expected one config file, got ${positional.length}: ${positional.join(' ')}`);
      const file = resolve(positional[0]!);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliError(`fdtd: cannot read ${file}: ${(e as Error).message}`);
      }
      const plan = parseFdtdConfig(text, file);
      if (options.check) {
        console.log(`${file}: ok (${plan.size.join('x')} cells, ${plan.ports.length} ports, ${plan.sources.length} sources)`);
        return 0;
      }
      const summary = runPlan(plan, dirname(file), options.quiet ? () => {} : (m) => console.error(m));
      if (options.json) console.log(JSON.stringify(summary));
      else {
        console.log(`fdtd: ${summary.cells.join('x')} cells, ${summary.steps} steps x ${summary.runs} run(s), ${summary.seconds.toFixed(1)} s`);
        for (const r of summary.minReflection) console.log(`  port ${r.port}: min |S${r.port}${r.port}| = ${r.db.toFixed(2)} dB at ${(r.frequency / 1e9).toFixed(4)} GHz`);
        for (const f of summary.files) console.log(`  wrote ${f}`);
      }
      return 0;
    } catch (e) {
      if (e instanceof CliError || e instanceof ConfigError) {
        console.error(e.message);
        return 2;
      }
      if (e instanceof SimulationBlowUp) {
        console.error(e.message);
        return 3;
      }
      throw e;
    }
  },
};
