/**
 * @mindscience/viz — plots and views for the CLI, reports and tslab notebooks: dependency-free SVG charts
 * (linePlot, heatmap, smithChart, s11DbPlot) and self-contained three.js 3-D pages (moleculeViewHtml,
 * meshVoxelViewHtml; embedView for inline display).
 */
export * from './line.ts';
export * from './heatmap.ts';
export { niceTicks } from './scale.ts';
export { moleculeViewHtml, moleculeViewData, type MoleculeViewOptions, type MoleculeViewData } from './view3d/molecule.ts';
export { meshVoxelViewHtml, meshVoxelViewData, voxelSurfaceCells, type MeshVoxelViewOptions, type MeshVoxelViewData, type MeshInput, type VoxelInput } from './view3d/meshVoxel.ts';
export { bondsByDistance, type BondOptions } from './view3d/bonds.ts';
export { embedView } from './view3d/page.ts';
export { elementColor, covalentRadiusNm, vdwRadiusNm, normalizeElement, isKnownElement } from './view3d/elements.ts';
export { smithChart, smithXY, s11DbPlot, reflectionFromImpedance, impedanceFromReflection, type SmithTrace, type SmithChartOptions, type S11Series } from './smith.ts';
