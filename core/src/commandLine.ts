/**
 * The suite's subcommand dispatcher, shared by the `mindsponge` and `mindelec` CLIs (and any package that
 * follows the same layout): `<program> <command> [args]` runs `<commandsDir>/<command>.ts`, whose default
 * export is a `CliCommand` `{ summary, run(argv) }` returning the exit code. `--help`/`-h`/`help` (or no
 * command) lists the commands with their summaries and the kernels in use; `--version`/`-V` prints the
 * package version from its package.json. An unknown command exits 2 naming the known ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { backendReport } from './backends/index.ts';

/** One subcommand: a one-line summary for the listing and `run(argv)` resolving to the exit code. */
export interface CliCommand {
  summary: string;
  run(argv: string[]): Promise<number>;
}

/** A program's dispatcher (see `commandLine`). */
export interface CommandLine {
  /** Command names (the .ts files of the commands directory, tests excluded), sorted. */
  listCommands(): string[];
  /** The command's module default export, or undefined when there is no such command. */
  loadCommand(name: string): Promise<CliCommand | undefined>;
  /** Runs `argv` (without node and the script) and resolves to the exit code. */
  main(argv: string[]): Promise<number>;
}

/** One line naming the numeric kernels in use (MINDSCIENCE_BACKEND / MINDSCIENCE_THREADS select them). */
export function kernelsLine(): string {
  return `kernels: ${backendReport().description}; set MINDSCIENCE_BACKEND=js|wasm|gpu, MINDSCIENCE_THREADS=n`;
}

/**
 * A dispatcher for `program` over the command modules in `commandsDir` (an absolute path); `packageJson`
 * is the URL of the package.json whose `version` `--version` prints.
 */
export function commandLine(program: string, commandsDir: string, packageJson: URL): CommandLine {
  const listCommands = (): string[] =>
    readdirSync(commandsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort();
  const loadCommand = async (name: string): Promise<CliCommand | undefined> => {
    if (!listCommands().includes(name)) return undefined;
    return ((await import(pathToFileURL(join(commandsDir, `${name}.ts`)).href)) as { default: CliCommand }).default;
  };
  const main = async (argv: string[]): Promise<number> => {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      console.log(`usage: ${program} <command> [options]   (each command takes --help; --version)\n\ncommands:`);
      for (const c of listCommands()) console.log(`  ${c.padEnd(14)} ${(await loadCommand(c))!.summary}`);
      console.log(`\n${kernelsLine()}`);
      return name ? 0 : 1;
    }
    if (name === '--version' || name === '-V') {
      const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
      console.log(`${program} ${version}\n${kernelsLine()}`);
      return 0;
    }
    const cmd = await loadCommand(name);
    if (!cmd) {
      console.error(`${program}: unknown command '${name}'; commands: ${listCommands().join(', ')}`);
      return 2;
    }
    return cmd.run(rest);
  };
  return { listCommands, loadCommand, main };
}
