/** Biomolecular force fields public API (Amber prmtop/rst7, PDB, bonded terms, Ewald/PME, constraints). */
export {};
