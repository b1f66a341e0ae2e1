/** MindSPONGE neural force fields: SchNet and MolCT potentials, training, and an MD force provider. */
export * from './blocks.ts';
export * from './graph.ts';
export * from './schnet.ts';
export * from './molct.ts';
export * from './model.ts';
export * from './train.ts';
export * from './provider.ts';
export * from './config.ts';
export * from './guard.ts';
export * from './reaction.ts';
