/**
 * Touchstone v1 (.sNp) writer (IBIS Touchstone 1.1 spec): option line `# HZ S RI R <z0>`, one row per
 * frequency. For 2 ports the row order is S11 S21 S12 S22. Written atomically (tmp file + rename).
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { Complex } from './sparams.ts';

/** S[f] is the full nPorts x nPorts matrix, row-major: S[f][r * nPorts + c] = S_{r+1, c+1}. */
export function formatTouchstone(freqs: readonly number[], S: readonly (readonly Complex[])[], nPorts: number, z0: number, comment = ''): string {
  if (S.length !== freqs.length) throw new Error(`touchstone: ${S.length} S rows for ${freqs.length} frequencies`);
  const lines: string[] = [];
  for (const c of comment.split('\n').filter((l) => l.length > 0)) lines.push(`! ${c}`);
  lines.push(`# HZ S RI R ${z0}`);
  const order: [number, number][] = [];
  if (nPorts === 2) order.push([0, 0], [1, 0], [0, 1], [1, 1]);
  else for (let r = 0; r < nPorts; r++) for (let c = 0; c < nPorts; c++) order.push([r, c]);
  freqs.forEach((f, q) => {
    const row = S[q]!;
    if (row.length !== nPorts * nPorts) throw new Error(`touchstone: row ${q} has ${row.length} entries, expected ${nPorts * nPorts}`);
    const vals = order.map(([r, c]) => {
      const s = row[r * nPorts + c]!;
      return `${s.re.toExponential(9)} ${s.im.toExponential(9)}`;
    });
    lines.push(`${f.toExponential(9)} ${vals.join(' ')}`);
  });
  return lines.join('\n') + '\n';
}

/**
 * Writes `text` (UTF-8) to `path` atomically: to `<path>.tmp-<pid>` first, then renamed over `path`,
 * so readers never see a partial file. Throws the fs error (e.g. ENOENT for a missing directory).
 */
export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
