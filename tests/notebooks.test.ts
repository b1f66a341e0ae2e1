/**
 * Executes every notebook in notebooks/ with Debian's Jupyter (`jupyter nbconvert --execute`) on the
 * tslab kernel, and fails on any cell error. Also checks each .ipynb is built from notebooks/src/<name>.ts.
 * Needs: `npm run build` (CommonJS bundles the kernel loads; run here in beforeAll) and the tslab kernel
 * (`scripts/install-notebook-kernel.sh`, also run here when missing). Without Jupyter the suite is
 * skipped locally and fails in CI.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
// Async child processes: a blocking spawnSync would starve vitest's worker RPC during long notebooks.
const run = (cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }) =>
  promisify(execFile)(cmd, args, { ...opts, encoding: 'utf8', maxBuffer: 64 << 20 }).then(
    (r) => ({ status: 0, stderr: r.stderr }),
    (e: { code?: number; stderr?: string }) => ({ status: typeof e.code === 'number' ? e.code : 1, stderr: e.stderr ?? String(e) }),
  );
const jupyterPath = join(root, '.tslab', 'share', 'jupyter');
const hasJupyter = spawnSync('jupyter-nbconvert', ['--version']).status === 0;
const notebooks = readdirSync(join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();

describe('notebooks', () => {
  it('are built from notebooks/src', () => {
    const r = spawnSync(process.execPath, ['scripts/notebooks.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  if (!hasJupyter && !process.env.CI) {
    it.skip('execute (jupyter-nbconvert not installed; see .ci/run for the apt packages)', () => {});
    return;
  }

  beforeAll(async () => {
    const build = await run(process.execPath, ['scripts/build.mjs'], { cwd: root });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
    if (!existsSync(join(jupyterPath, 'kernels', 'tslab'))) {
      const k = await run('bash', ['scripts/install-notebook-kernel.sh'], { cwd: root });
      if (k.status !== 0) throw new Error(`tslab kernel install failed:\n${k.stderr}`);
    }
  }, 300_000);

  for (const nb of notebooks) {
    it(`${nb} executes without errors`, async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'nb-'));
      const r = await run('jupyter-nbconvert', [
        '--to', 'notebook', '--execute', `--ExecutePreprocessor.timeout=180`,
        '--output-dir', outDir, join(root, 'notebooks', nb),
      ], { cwd: join(root, 'notebooks'), env: { ...process.env, JUPYTER_PATH: jupyterPath, PYDEVD_DISABLE_FILE_VALIDATION: '1' } });
      const tail = (r.stderr ?? '').split('\n').filter((l) => !/debugger|frozen|breakpoints|PYDEVD/i.test(l)).slice(-25).join('\n');
      expect(r.status, `${nb} failed:\n${tail}`).toBe(0);
      const executed = JSON.parse(readFileSync(join(outDir, nb), 'utf8')) as { cells: { cell_type: string; outputs?: { output_type: string }[] }[] };
      const errors = executed.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error'));
      expect(errors).toEqual([]);
    }, 300_000);
  }
});
