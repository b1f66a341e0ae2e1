/** @mindscience/core — public API. */
export {};
