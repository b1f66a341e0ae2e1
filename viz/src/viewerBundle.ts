/**
 * Bundles a 3-D viewer's browser code (viz/src/view3d/client/<name>.ts with three.js) into one
 * minified IIFE string with esbuild, once per process, so pages are self-contained: no network, no
 * module loading, and file:// works. three.js's MIT licence comment is kept at the end of the bundle.
 * Lives at viz/src/ (not deeper) so that `__dirname` of the CommonJS build (viz/dist) and this file's
 * directory (viz/src) are both one level below the package root.
 */
import { buildSync } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ViewerName = 'molecule' | 'meshVoxel';

const cache = new Map<ViewerName, string>();

function clientEntry(name: ViewerName): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  const path = join(here, '..', 'src', 'view3d', 'client', `${name}.ts`);
  if (!existsSync(path)) throw new Error(`viz: viewer source ${path} not found (is the @mindscience/viz package complete?)`);
  return path;
}

/** The viewer's JavaScript, safe to place inside an inline <script> element. */
export function viewerScript(name: ViewerName): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const result = buildSync({
    entryPoints: [clientEntry(name)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'silent',
  });
  // `</script` inside the code would end the element early; `<\/script` means the same to JavaScript.
  const code = result.outputFiles[0]!.text.replace(/<\/(script)/gi, '<\\/$1');
  cache.set(name, code);
  return code;
}
