/** Atomic file output: write `<path>.tmp-<pid>` then rename, so readers never see a partial file. */
import { writeFileSync, renameSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Write `data` (bytes, text, or a list of byte chunks written back to back) to `path` atomically: create the parent
 * directory, write <path>.tmp-<pid>, rename over path; the temporary file is removed on failure.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string | readonly Uint8Array[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    if (Array.isArray(data)) {
      writeFileSync(tmp, Buffer.concat(data as Uint8Array[]));
    } else {
      writeFileSync(tmp, data as Uint8Array | string);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
