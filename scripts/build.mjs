// Bundles each workspace package to dist/index.cjs (CommonJS) so that CommonJS hosts such as the
// tslab notebook kernel can `require('@mindscience/<pkg>')`. TypeScript sources stay the ESM entry
// (run through tsx/vitest); this build is only for hosts that cannot load .ts.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const packages = ['core', 'mindsponge', 'mindelec', 'datasets'];
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
    // Sibling workspace packages are bundled in, third-party packages stay external.
    packages: 'external',
    alias: {
      '@mindscience/core': './core/src/index.ts',
      '@mindscience/mindsponge': './mindsponge/src/index.ts',
      '@mindscience/mindelec': './mindelec/src/index.ts',
      '@mindscience/datasets': './datasets/src/index.ts',
    },
    logLevel: 'warning',
  });
  console.log(`built ${name}/dist/index.cjs`);
}
