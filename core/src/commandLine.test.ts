import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandLine } from './commandLine.ts';

function program(): ReturnType<typeof commandLine> {
  const root = mkdtempSync(join(tmpdir(), 'cli-'));
  const dir = join(root, 'commands');
  mkdirSync(dir);
  writeFileSync(join(dir, 'echo.ts'), "export default { summary: 'prints its arguments', async run(argv: string[]) { console.log(argv.join(' ')); return argv.length === 0 ? 3 : 0; } };\n");
  writeFileSync(join(dir, 'echo.test.ts'), '// not a command\n');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ version: '9.8.7' }));
  return commandLine('demo', dir, pathToFileURL(join(root, 'package.json')));
}

describe('commandLine', () => {
  const out: string[] = [], err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((m: unknown) => { out.push(String(m)); });
  vi.spyOn(console, 'error').mockImplementation((m: unknown) => { err.push(String(m)); });
  afterEach(() => { out.length = 0; err.length = 0; });

  it('lists commands (tests excluded), dispatches with the rest of argv and returns the exit code', async () => {
    const cli = program();
    expect(cli.listCommands()).toEqual(['echo']);
    expect(await cli.main(['echo', 'a', 'b'])).toBe(0);
    expect(out).toContain('a b');
    expect(await cli.main(['echo'])).toBe(3);
  });

  it('help lists summaries and the kernels line; no command at all exits 1', async () => {
    const cli = program();
    expect(await cli.main(['--help'])).toBe(0);
    expect(out.join('\n')).toMatch(/usage: demo <command>[\s\S]*echo\s+prints its arguments[\s\S]*kernels: /);
    expect(await cli.main([])).toBe(1);
  });

  it('--version prints the package version', async () => {
    expect(await program().main(['--version'])).toBe(0);
    expect(out[0]).toMatch(/^demo 9\.8\.7\nkernels: /);
  });

  it('an unknown command exits 2 naming the known ones', async () => {
    const cli = program();
    expect(await cli.main(['nope'])).toBe(2);
    expect(err[0]).toBe("demo: unknown command 'nope'; commands: echo");
    expect(await cli.loadCommand('echo.test')).toBeUndefined();
  });
});
