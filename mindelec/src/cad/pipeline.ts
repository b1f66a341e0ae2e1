/**
 * CAD to tensor, end to end: project → solids (meshes, materials, priorities) → grid → voxels →
 * (Nx, Ny, Nz, 8) material tensor + id grid, with a per-solid summary (mesh volume by the divergence
 * theorem, voxel volume, watertightness). All lengths in mm, volumes in mm³.
 */
import { isAbsolute, join } from 'node:path';
import { importCadFile, type LoadedSolid } from './load.ts';
import { checkWatertight, describeWatertight, meshVolume, type WatertightReport } from './mesh.ts';
import { lookupMaterial, type Material } from './materials.ts';
import type { Project } from './project.ts';
import { boxAround, dimsFromBudget, dimsFromSpacing, voxelize, type GridSpec, type VoxelResult } from './voxelize.ts';
import { materialTensor, type MaterialTensor } from './tensor.ts';

export interface ProjectSolidMesh {
  mesh: LoadedSolid;
  materialName: string;
  material: Material;
  priority: number;
}

export interface SolidSummary {
  id: number;
  name: string;
  file: string;
  material: string;
  /** mm³ enclosed by the mesh (divergence theorem). */
  meshVolume: number;
  /** mm³ of cells inside the solid, before overlap resolution. */
  voxelVolume: number;
  /** mm³ of cells assigned to the solid after overlap resolution. */
  assignedVolume: number;
  triangles: number;
  watertight: WatertightReport;
}

export interface CadTensorResult {
  grid: GridSpec;
  voxels: VoxelResult;
  tensor: MaterialTensor;
  /** materials[id], id 0 = background. */
  materials: Material[];
  solids: SolidSummary[];
  warnings: string[];
  /** Wall time (s) of CAD import/tessellation and of voxelization + tensor assembly. */
  seconds: { import: number; voxelize: number };
}

/** Loads every solid of the project; parts of assemblies take `parts` overrides or the entry's material. */
export async function loadProjectSolids(project: Project): Promise<ProjectSolidMesh[]> {
  const out: ProjectSolidMesh[] = [];
  for (const [i, s] of project.solids.entries()) {
    const file = isAbsolute(s.file) ? s.file : join(project.baseDir, s.file);
    const meshes = await importCadFile(file, { unit: s.unit, ...project.tessellation });
    for (const m of meshes) {
      const override = Object.entries(s.parts).find(([part]) => m.name === part || m.path === part || m.path.endsWith(`/${part}`));
      const materialName = override ? override[1] : s.material;
      if (s.name) m.name = meshes.length === 1 ? s.name : `${s.name}/${m.name}`;
      out.push({ mesh: m, materialName, material: lookupMaterial(project.materials, materialName, `solids[${i}].material`), priority: s.priority });
    }
  }
  return out;
}

/**
 * The voxel grid of a project: the static box, or the meshes' bounds grown by the margin (mm), with dims given, derived
 * from a spacing (mm) or from a total point budget.
 * @throws Error when the box is flat along an axis.
 */
export function projectGrid(project: Project, meshes: readonly LoadedSolid[]): GridSpec {
  const box = project.box.kind === 'static' ? { min: project.box.min, max: project.box.max } : boxAround(meshes, project.box.margin);
  const extent = [0, 1, 2].map((a) => box.max[a]! - box.min[a]!) as [number, number, number];
  if (extent.some((e) => !(e > 0))) throw new Error(`${project.name}: sampling box is flat (extent ${extent.join(' x ')} mm); add a margin or a static box`);
  const g = project.grid;
  const dims = g.kind === 'dims' ? g.dims : g.kind === 'spacing' ? dimsFromSpacing(extent, g.spacing) : dimsFromBudget(extent, g.points);
  return { min: box.min, max: box.max, dims };
}

export interface CadToTensorOptions {
  onProgress?: (fraction: number) => void;
  /** Overrides the project's grid. */
  grid?: GridSpec;
}

/**
 * CAD to tensor end to end: load every solid of the project (import/tessellate files, apply part materials), then
 * solidsToTensor. Lengths mm, volumes mm³.
 * @returns grid, voxels (ids (Nx, Ny, Nz)), the (Nx, Ny, Nz, 8) material tensor, materials[id], per-solid summary,
 *   warnings and timings (s).
 */
export async function projectToTensor(project: Project, options: CadToTensorOptions = {}): Promise<CadTensorResult> {
  const t0 = performance.now();
  const solids = await loadProjectSolids(project);
  const t1 = performance.now();
  const result = solidsToTensor(solids, project, options);
  result.seconds.import = (t1 - t0) / 1000;
  return result;
}

/**
 * Voxelize already loaded solids on the project's grid (or options.grid) and assemble the (Nx, Ny, Nz, 8) material
 * tensor: id 0 is the background material, solid s has id s + 1; higher priority wins overlaps. The summary reports,
 * per solid, mesh volume (divergence theorem), voxel and assigned volume (mm³), triangle count and watertightness;
 * non-watertight solids add a warning.
 */
export function solidsToTensor(solids: readonly ProjectSolidMesh[], project: Pick<Project, 'box' | 'grid' | 'name' | 'supersample' | 'dtype' | 'background' | 'materials'>, options: CadToTensorOptions = {}): CadTensorResult {
  const t0 = performance.now();
  const warnings: string[] = [];
  const reports = solids.map((s) => checkWatertight(s.mesh));
  for (const r of reports) if (!r.watertight) warnings.push(`${describeWatertight(r)}; inside/outside uses ray parity and may be wrong near the holes`);
  const grid = options.grid ?? projectGrid(project as Project, solids.map((s) => s.mesh));
  const voxels = voxelize(solids.map((s) => ({ mesh: s.mesh, priority: s.priority })), grid, { supersample: project.supersample, onProgress: options.onProgress });
  const materials = [lookupMaterial(project.materials, project.background, 'background'), ...solids.map((s) => s.material)];
  const tensor = materialTensor(voxels, materials, project.dtype);
  const cell = voxels.spacing[0] * voxels.spacing[1] * voxels.spacing[2];
  const summary = solids.map((s, i): SolidSummary => ({
    id: i + 1, name: s.mesh.name, file: s.mesh.file, material: s.materialName,
    meshVolume: Math.abs(meshVolume(s.mesh)), voxelVolume: voxels.solidCells[i]! * cell, assignedVolume: voxels.assignedCells[i]! * cell,
    triangles: s.mesh.triangles.length / 3, watertight: reports[i]!,
  }));
  return { grid, voxels, tensor, materials, solids: summary, warnings, seconds: { import: 0, voxelize: (performance.now() - t0) / 1000 } };
}
