// Builds each workspace package for CommonJS hosts such as the tslab notebook kernel:
//   <pkg>/dist/index.cjs   — esbuild bundle of src/index.ts (sibling packages bundled, npm deps external)
//   <pkg>/dist/types/      — declarations (tsc), with `.ts` import specifiers rewritten to `.js` so that
//                            older TypeScript (tslab bundles 5.0 with node10 resolution) can read them.
// TypeScript sources stay the ESM entry (tsx/vitest run them directly); this build is only for such hosts.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const packages = ['core', 'mindsponge', 'mindelec', 'datasets', 'viz'];
const alias = Object.fromEntries(packages.map((p) => [`@mindscience/${p}`, `./${p}/src/index.ts`]));

for (const name of packages) {
  const entry = `${name}/src/index.ts`;
  if (!existsSync(entry)) continue;
  await build({
    entryPoints: [entry],
    outfile: `${name}/dist/index.cjs`,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    packages: 'external',
    // Each package's bundle is self-contained for its siblings' code it uses.
    alias: Object.fromEntries(Object.entries(alias).filter(([k]) => k !== `@mindscience/${name}`)),
    logLevel: 'warning',
  });
  console.log(`built ${name}/dist/index.cjs`);
}

// Declarations for all packages in one tsc run, then split per package.
const tmp = 'dist-types.tmp';
rmSync(tmp, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [
    'node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', tmp,
  ], { stdio: 'inherit' });
} catch {
  console.warn('build: tsc reported type errors; declarations were still emitted (see `npm run typecheck`).');
}
const rewrite = (dir) => {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) rewrite(p);
    else if (p.endsWith('.d.ts')) {
      const src = readFileSync(p, 'utf8');
      writeFileSync(p, src.replace(/((?:from\s+|import\()\s*['"]\.{1,2}\/[^'"]*?)\.ts(['"])/g, '$1.js$2'));
    }
  }
};
for (const name of packages) {
  const from = join(tmp, name, 'src');
  if (!existsSync(from)) continue;
  rewrite(from);
  const to = join(name, 'dist', 'types');
  rmSync(to, { recursive: true, force: true });
  mkdirSync(join(name, 'dist'), { recursive: true });
  renameSync(from, to);
  console.log(`built ${to}/`);
}
rmSync(tmp, { recursive: true, force: true });
