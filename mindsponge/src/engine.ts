/** MD engine public API (space, partition, energy, simulate, io, quantities). */
export {};
