/** Trajectory analysis (g(r), coordination, dihedral angles). Re-exported by the package index. */
export * from './rdf.ts';
