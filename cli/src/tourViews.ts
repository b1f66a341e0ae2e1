/**
 * The tour's 3-D views (three.js pages from @mindscience/viz), built from what the tour steps wrote:
 *   trajectoryView  md/traj.dcd (reduced LJ units, lengths in σ) -> md/trajectory.html: atoms drawn as
 *                   argon (σ = 0.3405 nm) spheres of radius 0.3 σ, the periodic box, one frame per DCD frame.
 *   cadVoxelView    the STEP assembly (mm) re-imported + cad/ids.npy and cad/summary.json (grid) ->
 *                   cad/view.html: the solids' meshes with the voxelized material ids overlaid.
 * Each writes its page atomically and returns facts for the tour page.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { meshVoxelViewHtml, moleculeViewHtml } from '@mindscience/viz';
import { importCadFile, readNpy } from '@mindscience/mindelec';
import { readDcdForView } from './view.ts';

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Writes the trajectory page for a reduced-unit LJ DCD; returns [frames, atoms]. */
export async function trajectoryView(dcdPath: string, htmlPath: string, title: string): Promise<{ frames: number; atoms: number }> {
  const dcd = await readDcdForView(dcdPath);
  writeAtomic(htmlPath, moleculeViewHtml({
    elements: new Array<string>(dcd.nAtoms).fill('Ar'),
    frames: dcd.frames, box: dcd.boxes, bonds: 'none', radius: 0.3, nmPerUnit: 0.3405, lengthUnit: 'σ (reduced LJ units)',
    frameLabels: dcd.labels, title,
  }));
  return { frames: dcd.frames.length, atoms: dcd.nAtoms };
}

interface CadSummary {
  grid: { min: [number, number, number]; max: [number, number, number]; dims: [number, number, number] };
  spacing_mm: [number, number, number];
}

/** Writes the CAD + voxel page; returns the number of solids and drawn voxels. */
export async function cadVoxelView(stepPath: string, idsPath: string, summaryPath: string, htmlPath: string): Promise<{ solids: number; triangles: number }> {
  const solids = await importCadFile(stepPath);
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as CadSummary;
  const ids = readNpy(idsPath);
  const dims = summary.grid.dims;
  if (ids.shape.join('x') !== dims.join('x')) throw new Error(`${idsPath}: shape ${ids.shape.join('x')} does not match the grid ${dims.join('x')} in ${summaryPath}`);
  writeAtomic(htmlPath, meshVoxelViewHtml({
    meshes: solids.map((s) => ({ name: s.name || s.path, positions: s.positions, triangles: s.triangles, color: s.color })),
    voxels: { origin: summary.grid.min, spacing: summary.spacing_mm, dims, ids: ids.data },
    lengthUnit: 'mm', title: 'CAD assembly and its voxel material ids',
  }));
  return { solids: solids.length, triangles: solids.reduce((a, s) => a + s.triangles.length / 3, 0) };
}
