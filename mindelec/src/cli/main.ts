/**
 * `mindelec <command> [args]` — dispatches to src/cli/commands/<command>.ts, whose default export is
 * `{ summary: string, run(argv: string[]): Promise<number> }` (exit code). Each command owns its file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

export function listCommands(): string[] {
  return readdirSync(commandsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort();
}

export async function loadCommand(name: string): Promise<Command | undefined> {
  if (!listCommands().includes(name)) return undefined;
  return ((await import(pathToFileURL(join(commandsDir, `${name}.ts`)).href)) as { default: Command }).default;
}

/** One line naming the numeric kernels in use (MINDSCIENCE_BACKEND / MINDSCIENCE_THREADS select them). */
export async function kernelsLine(): Promise<string> {
  const { backendReport } = await import('@mindscience/core');
  return `kernels: ${backendReport().description}; set MINDSCIENCE_BACKEND=js|wasm, MINDSCIENCE_THREADS=n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log('usage: mindelec <command> [options]   (each command takes --help; --version)\n\ncommands:');
    for (const c of listCommands()) console.log(`  ${c.padEnd(14)} ${(await loadCommand(c))!.summary}`);
    console.log(`\n${await kernelsLine()}`);
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-V') {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(`mindelec ${version}\n${await kernelsLine()}`);
    return 0;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    console.error(`mindelec: unknown command '${name}'; commands: ${listCommands().join(', ')}`);
    return 2;
  }
  return cmd.run(rest);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
