/** Trajectory analysis (g(r), coordination numbers, mean-squared displacement and diffusion, block averages). Re-exported by the package index. */
export * from './rdf.ts';
export * from './blocks.ts';
export * from './msd.ts';
