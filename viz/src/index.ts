/** @mindscience/viz — dependency-free SVG plots for the CLI, reports and tslab notebooks. */
export * from './line.ts';
export * from './heatmap.ts';
export { niceTicks } from './scale.ts';
