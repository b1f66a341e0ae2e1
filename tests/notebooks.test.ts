/**
 * Executes every notebook in notebooks/ with Debian's Jupyter (`jupyter nbconvert --execute`) on the
 * tslab kernel, and fails on any cell error. Also checks each .ipynb is built from notebooks/src/<name>.ts.
 * Needs: `npm run build` (CommonJS bundles the kernel loads; run here in beforeAll) and the tslab kernel
 * (`scripts/install-notebook-kernel.sh`, also run here when missing). Without Jupyter the suite is
 * skipped locally and fails in CI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
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

  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
    if (!existsSync(join(jupyterPath, 'kernels', 'tslab'))) {
      execFileSync('bash', ['scripts/install-notebook-kernel.sh'], { cwd: root, stdio: 'pipe' });
    }
  }, 300_000);

  for (const nb of notebooks) {
    it(`${nb} executes without errors`, () => {
      const outDir = mkdtempSync(join(tmpdir(), 'nb-'));
      const r = spawnSync('jupyter-nbconvert', [
        '--to', 'notebook', '--execute', `--ExecutePreprocessor.timeout=180`,
        '--output-dir', outDir, join(root, 'notebooks', nb),
      ], { cwd: join(root, 'notebooks'), env: { ...process.env, JUPYTER_PATH: jupyterPath, PYDEVD_DISABLE_FILE_VALIDATION: '1' }, encoding: 'utf8' });
      const tail = (r.stderr ?? '').split('\n').filter((l) => !/debugger|frozen|breakpoints|PYDEVD/i.test(l)).slice(-25).join('\n');
      expect(r.status, `${nb} failed:\n${tail}`).toBe(0);
      const executed = JSON.parse(readFileSync(join(outDir, nb), 'utf8')) as { cells: { cell_type: string; outputs?: { output_type: string }[] }[] };
      const errors = executed.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error'));
      expect(errors).toEqual([]);
    }, 300_000);
  }
});
