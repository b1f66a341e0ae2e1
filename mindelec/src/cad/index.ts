/** CAD import and CAD-to-tensor public API. */
export {};
