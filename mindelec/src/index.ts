/** @mindscience/mindelec — public API. */
export {};
