/** @mindscience/datasets — public API. */
export {};
