/** Trajectory analysis (g(r), coordination numbers, block averages). Re-exported by the package index. */
export * from './rdf.ts';
export * from './blocks.ts';
