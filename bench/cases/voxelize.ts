/**
 * voxelize: the CAx-IF AS1 assembly (as1_pe_203.stp from occt-import-js's test files, 18 solids),
 * tessellated to ~5000 triangles, voxelized onto a 256³ grid (box = model box + 10 mm), then packed into
 * the (256, 256, 256, 8) float32 material tensor. Reports seconds (median of 3 after one warm-up) and
 * cells/s. No peer is installed (none of the peers voxelizes CAD), so peer = "none".
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Benchmark } from '../harness.ts';
import { timeIt } from '../harness.ts';
import { importCadFile, voxelize, boxAround, materialTensor, MATERIAL_LIBRARY, type VoxelResult } from '@mindscience/mindelec';

const bench: Benchmark = {
  name: 'voxelize',
  description: 'AS1 STEP assembly (18 solids, ~5000 triangles) -> 256^3 material ids and (256,256,256,8) float32 tensor',
  async run() {
    const require = createRequire(import.meta.url);
    const step = join(dirname(require.resolve('occt-import-js/package.json', { paths: [join(import.meta.dirname, '..', '..', 'mindelec')] })), 'test', 'testfiles', 'cax-if', 'as1_pe_203.stp');
    const t0 = performance.now();
    const solids = await importCadFile(step, { linearDeflection: 0.0007, angularDeflection: 0.35 });
    const importMs = performance.now() - t0;
    const triangles = solids.reduce((n, s) => n + s.triangles.length / 3, 0);
    const grid = { ...boxAround(solids, 10), dims: [256, 256, 256] as [number, number, number] };
    const cells = 256 ** 3;
    let vox: VoxelResult | undefined;
    const voxMs = await timeIt(() => { vox = voxelize(solids.map((mesh) => ({ mesh })), grid); }, 3, 1);
    const materials = [MATERIAL_LIBRARY['air']!, ...solids.map(() => MATERIAL_LIBRARY['aluminium']!)];
    const tensorMs = await timeIt(() => materialTensor(vox!, materials, 'float32'), 3, 1);
    const ssGrid = { ...grid, dims: [128, 128, 128] as [number, number, number] };
    const ssMs = await timeIt(() => voxelize(solids.map((mesh) => ({ mesh })), ssGrid, { supersample: 2 }), 3, 1);
    const common = { peer: 'none', peerValue: null, ratio: null };
    return [
      { name: `voxelize-ids-256^3-${triangles}tri`, metric: 'time', unit: 's', ours: voxMs / 1000, ...common,
        notes: `${(cells / (voxMs / 1000) / 1e6).toFixed(1)} M cells/s; ${solids.length} solids, ${triangles} triangles; STEP import + tessellation took ${(importMs / 1000).toFixed(2)} s (not included); target < 10 s` },
      { name: 'tensor-256^3x8-f32', metric: 'time', unit: 's', ours: tensorMs / 1000, ...common,
        notes: `${(cells / (tensorMs / 1000) / 1e6).toFixed(1)} M cells/s packing x,y,z,id,mu,eps,sigma,tan_delta (537 MB)` },
      { name: 'voxelize+total-256^3', metric: 'time', unit: 's', ours: (voxMs + tensorMs) / 1000, ...common,
        notes: `${(cells / ((voxMs + tensorMs) / 1000) / 1e6).toFixed(1)} M cells/s, ids + tensor` },
      { name: 'voxelize-128^3-supersample2', metric: 'time', unit: 's', ours: ssMs / 1000, ...common,
        notes: `${(128 ** 3 / (ssMs / 1000) / 1e6).toFixed(1)} M cells/s with 8 sub-samples per cell (volume fractions)` },
    ];
  },
};
export default bench;
