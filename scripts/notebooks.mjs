// Builds notebooks/<name>.ipynb from notebooks/src/<name>.ts, so notebooks are reviewed as plain code.
// Cell markers: a line `// %%` starts a code cell; `// %% [markdown]` starts a markdown cell whose lines
// are written as `// text`. `node scripts/notebooks.mjs --check` exits 1 if an .ipynb is out of date.
import { readdirSync, readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const srcDir = 'notebooks/src';
const check = process.argv.includes('--check');

export function toNotebook(text, name) {
  const cells = [];
  let cur = null;
  const flush = () => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1].trim() === '') cur.lines.pop();
    while (cur.lines.length && cur.lines[0].trim() === '') cur.lines.shift();
    if (cur.lines.length) {
      const source = cur.lines.map((l, i) => (i < cur.lines.length - 1 ? l + '\n' : l));
      const id = `${name}-${cells.length}`.replace(/[^A-Za-z0-9-]/g, '-');
      cells.push(cur.kind === 'markdown'
        ? { cell_type: 'markdown', id, metadata: {}, source }
        : { cell_type: 'code', execution_count: null, id, metadata: {}, outputs: [], source });
    }
    cur = null;
  };
  for (const line of text.split('\n')) {
    const m = /^\/\/ %%(.*)$/.exec(line);
    if (m) { flush(); cur = { kind: m[1].includes('[markdown]') ? 'markdown' : 'code', lines: [] }; continue; }
    if (!cur) cur = { kind: 'code', lines: [] };
    cur.lines.push(cur.kind === 'markdown' ? line.replace(/^\/\/ ?/, '') : line);
  }
  flush();
  return JSON.stringify({
    cells,
    metadata: {
      kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' },
      language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1) + '\n';
}

let stale = 0;
for (const f of readdirSync(srcDir).filter((f) => f.endsWith('.ts')).sort()) {
  const name = f.slice(0, -3);
  const out = join('notebooks', `${name}.ipynb`);
  const nb = toNotebook(readFileSync(join(srcDir, f), 'utf8'), name);
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current === nb) continue;
  if (check) { console.error(`notebooks: ${out} is out of date with ${srcDir}/${f}; run node scripts/notebooks.mjs`); stale++; continue; }
  writeFileSync(`${out}.tmp`, nb);
  renameSync(`${out}.tmp`, out);
  console.log(`wrote ${out}`);
}
process.exitCode = stale ? 1 : 0;
