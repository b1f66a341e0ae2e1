/**
 * `mindscience <command>`: the suite's front door.
 *   mindscience tour [--out dir] [--quick]   runs one small job per package, writes an HTML results page
 *   mindscience view <file> [--out x.html]   a self-contained 3-D view (three.js) of a trajectory or CAD file
 *   mindscience sponge <cmd> ...             = mindsponge <cmd> ...   (molecular dynamics)
 *   mindscience elec <cmd> ...               = mindelec <cmd> ...     (electromagnetics)
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const usage = `usage: mindscience <command> [options]

commands:
  tour [--out DIR] [--quick]   run the tour: LJ NVT, FDTD + S11, CAD to tensor, a PINN; writes DIR/index.html
  view <file> [--out X.html]   3-D view of a trajectory/structure (.xyz .pdb .dcd) or CAD file (.step .stl ...)
  sponge <cmd> [...]           molecular dynamics (same as \`mindsponge <cmd>\`); \`mindscience sponge --help\`
  elec <cmd> [...]             electromagnetics (same as \`mindelec <cmd>\`); \`mindscience elec --help\`
  --version                    versions, and the numeric kernels in use (core backend, threads)
`;

/** The numeric kernels in use (core's backend), through mindsponge's CLI, which this package depends on. */
async function kernelsLine(): Promise<string> {
  return (await import('@mindscience/mindsponge/cli')).kernelsLine();
}

/** Runs `mindscience <command> ...`; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(usage);
      console.log(await kernelsLine());
      return cmd === undefined ? 1 : 0;
    case '-V':
    case '--version': {
      const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      console.log(`mindscience ${version}\n${await kernelsLine()}`);
      return 0;
    }
    case 'tour':
      return (await import('./tour.ts')).runTour(rest);
    case 'view':
      return (await import('./view.ts')).runView(rest);
    case 'sponge':
    case 'mindsponge':
      return (await import('@mindscience/mindsponge/cli')).main(rest);
    case 'elec':
    case 'mindelec':
      return (await import('@mindscience/mindelec/cli')).main(rest);
    default:
      console.error(`mindscience: unknown command '${cmd}'\n\n${usage}`);
      return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
