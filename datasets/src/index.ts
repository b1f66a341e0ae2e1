/** @mindscience/datasets — labelled molecular data: (ext)XYZ with energies/forces, units, splits, xtb labelling. */
export * from './units.ts';
export * from './xyzFrames.ts';
export * from './extxyz.ts';
export * from './splits.ts';
export * from './xtb.ts';
export * from './shipped.ts';
