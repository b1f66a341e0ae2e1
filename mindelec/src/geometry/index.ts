/** Geometry and sampling public API. */
export {};
