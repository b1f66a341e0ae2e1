/** MD engine public API (space, partition, energy, simulate, io, quantities). See mindsponge/API.md. */
export * from './space.ts';
export * from './partition.ts';
export * from './units.ts';
export * from './rng.ts';
export * from './system.ts';
export * from './quantities.ts';
export * from './energy/provider.ts';
export * from './energy/species.ts';
export * from './energy/lennardJones.ts';
