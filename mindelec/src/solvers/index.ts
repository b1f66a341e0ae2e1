/** FDTD/FDFD reference solvers public API. */
export {};
