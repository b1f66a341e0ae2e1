/**
 * `mindsponge <command> [args]` — dispatches to src/cli/commands/<command>.ts, whose default export is
 * `{ summary: string, run(argv: string[]): Promise<number> }` (exit code). Each command owns its file.
 * The dispatcher itself is core's `commandLine` (shared with the other package CLIs).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commandLine, kernelsLine as coreKernelsLine, type CliCommand } from '@mindscience/core';

/** A subcommand module's default export. */
export type Command = CliCommand;

const cli = commandLine('mindsponge', join(dirname(fileURLToPath(import.meta.url)), 'commands'), new URL('../../package.json', import.meta.url));

/** Command names, sorted. */
export const listCommands = cli.listCommands;
/** A command's module default export, or undefined. */
export const loadCommand = cli.loadCommand;
/** Runs `mindsponge <argv>` and resolves to the exit code. */
export const main = cli.main;

/** One line naming the numeric kernels in use. */
export async function kernelsLine(): Promise<string> {
  return coreKernelsLine();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
