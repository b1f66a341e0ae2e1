/**
 * `mindsponge <command> [args]` — dispatches to src/cli/commands/<command>.ts, whose default export is
 * `{ summary: string, run(argv: string[]): Promise<number> }` (exit code). Each command owns its file.
 */
import { readdirSync } from 'node:fs';
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

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log('usage: mindsponge <command> [options]   (each command takes --help)\n\ncommands:');
    for (const c of listCommands()) console.log(`  ${c.padEnd(14)} ${(await loadCommand(c))!.summary}`);
    return name ? 0 : 1;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    console.error(`mindsponge: unknown command '${name}'; commands: ${listCommands().join(', ')}`);
    return 2;
  }
  return cmd.run(rest);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
