// %% [markdown]
// # CAD to material tensor with `@mindscience/mindelec`
//
// A STEP assembly (the CAx-IF AS1 test model shipped with occt-import-js) is imported through OpenCascade
// (wasm), voxelized onto a regular grid, and packed into the (Nx, Ny, Nz, 8) tensor
// (x, y, z [mm], solid id, mu_r, eps_r, sigma [S/m], tan delta) that MindElec's AI models read.
// %%
import * as tslab from 'tslab';
import { dirname, join } from 'node:path';
import {
  importCadFile, meshVolume, meshArea, checkWatertight, meshesToSvg, voxelize, boxAround, dimsFromBudget,
  materialTensor, MATERIAL_LIBRARY, extractSlice, sliceToSvg, surfacePointCloud, MeshGeometry, sampleGeometry, parseSamplingConfig,
} from '@mindscience/mindelec';
const testFiles = join(dirname(require.resolve('occt-import-js/package.json')), 'test', 'testfiles');
// %% [markdown]
// ## Import: one mesh per solid, names, colours and B-rep faces kept, units converted to mm
// %%
const solids = await importCadFile(join(testFiles, 'cax-if', 'as1_pe_203.stp'));
console.log(solids.map((s) => `${s.path}: ${s.triangles.length / 3} triangles, ${s.faceGroups.length} faces, V = ${meshVolume(s).toExponential(4)} mm³, watertight ${checkWatertight(s).watertight}`).join('\n'));
tslab.display.html(meshesToSvg(solids.map((s) => ({ positions: s.positions, index: s.triangles, colour: s.color }))));
// %% [markdown]
// ## Voxelize: the voxel volume converges to the mesh volume (divergence theorem)
// The error of each solid stays below the surface-layer bound ½·area·h, and shrinks with h.
// %%
const box = boxAround(solids, 50);
const extent = [0, 1, 2].map((a) => box.max[a]! - box.min[a]!) as [number, number, number];
for (const points of [1e5, 8e5, 6.4e6]) {
  const dims = dimsFromBudget(extent, points);
  const vox = voxelize(solids.map((mesh) => ({ mesh })), { ...box, dims });
  const cell = vox.spacing[0] * vox.spacing[1] * vox.spacing[2];
  const total = solids.reduce((s, m) => s + meshVolume(m), 0), voxTotal = solids.reduce((s, _, i) => s + vox.solidCells[i]! * cell, 0);
  console.log(`${dims.join(' x ')} (h = ${vox.spacing[0].toFixed(1)} mm): total volume error ${(100 * (voxTotal - total) / total).toFixed(2)}%`);
}
// %% [markdown]
// ## The material tensor, and a slice of it (plate and brackets aluminium, rods copper)
// %%
const dims = dimsFromBudget(extent, 1e6);
const vox = voxelize(solids.map((mesh) => ({ mesh })), { ...box, dims });
const materials = [MATERIAL_LIBRARY['air']!, ...solids.map((s) => (s.name.startsWith('ROD') ? MATERIAL_LIBRARY['copper']! : MATERIAL_LIBRARY['aluminium']!))];
const t = materialTensor(vox, materials);
console.log('tensor shape', t.shape, t.data.constructor.name, 'channels', t.channels.join(', '));
tslab.display.html(sliceToSvg(extractSlice(vox.ids, dims, 'z', Math.floor(dims[2] / 2)), 3, { 1: 'PLATE', 2: 'L bracket', 16: 'rod' }));
// %% [markdown]
// ## Point clouds for PINNs: surface points with normals, and interior points of a CAD solid
// %%
const cloud = surfacePointCloud(solids, { total: 5000 }, { seed: 1 });
console.log('surface cloud', cloud.shape, 'per solid', cloud.counts.slice(0, 4), '...');
const plate = new MeshGeometry(solids[0]!);
const parts = parseSamplingConfig({ domain: { size: 2000, sampler: 'sobol' }, BC: { size: 1000, sampler: 'lhs', withNormal: true } });
console.log('plate interior', sampleGeometry(plate, parts, 'domain').count, 'boundary', sampleGeometry(plate, parts, 'BC').count, 'area', meshArea(solids[0]!).toExponential(3), 'mm²');
