/** nn public API (see core/API.md, section "nn, optim, train"). */
export * from './init.ts';
export * from './activations.ts';
export * from './layers.ts';
export * from './conv.ts';
export * from './radial.ts';
export * from './attention.ts';
export * from './multiscale.ts';
export * from './losses.ts';
