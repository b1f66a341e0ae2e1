/** CAD import and CAD-to-tensor public API (also re-exports the I/O writers in ../io). */
export {
  type TriangleMesh, type FaceGroup, type WatertightReport, type SurfaceSamples,
  meshVolume, meshArea, meshBounds, weldVertices, checkWatertight, describeWatertight, validateMesh,
  toBufferGeometry, fromBufferGeometry, sampleSurface, scaleMesh, triangleCount,
} from './mesh.ts';
export { LENGTH_UNITS, mmPer, type LengthUnit } from './units.ts';
export { loadOcct, importOcct, formatFromName, sniffFormat, CadImportError, type CadFormat, type CadImportOptions, type TessellationOptions } from './occt.ts';
export { parseStl, encodeStl, StlParseError } from './stl.ts';
export { parseObj, ObjParseError } from './obj.ts';
export { importCadFile, importCadBytes, type LoadedSolid } from './load.ts';
export { MeshGeometry } from './meshGeometry.ts';
export { surfacePointCloud, type PointCloud } from './pointCloud.ts';
export { orientSign, exactOrientSign } from './predicates.ts';
export { boxMesh, sphereMesh, cylinderMesh, translateMesh } from './shapes.ts';
export { columnCrossings, forEachInsideSpan, type ColumnCrossings, type InsideRule } from './columns.ts';
export {
  voxelize, axisCentres, dimsFromBudget, dimsFromSpacing, boxAround,
  type GridSpec, type VoxelSolid, type VoxelResult, type VoxelizeOptions, type MixedCells,
} from './voxelize.ts';
export { MATERIAL_LIBRARY, validateMaterial, materialTable, lookupMaterial, type Material } from './materials.ts';
export { parseProject, parseProjectText, loadProject, ProjectError, type Project, type ProjectSolid, type ProjectPort, type ProjectBox, type ProjectGrid } from './project.ts';
export { materialTensor, TENSOR_CHANNELS, type MaterialTensor } from './tensor.ts';
export {
  projectToTensor, solidsToTensor, loadProjectSolids, projectGrid,
  type CadTensorResult, type SolidSummary, type ProjectSolidMesh, type CadToTensorOptions,
} from './pipeline.ts';
export * from '../io/index.ts';
