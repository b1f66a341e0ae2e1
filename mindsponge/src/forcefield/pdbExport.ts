/**
 * Amber topology + coordinates -> PDB structure (atom/residue names, elements from ATOMIC_NUMBER,
 * bonds as CONECT, box as CRYST1). Positions [3N] nm; box lengths nm.
 */
import type { PdbAtom, PdbStructure } from '../io/pdb.ts';
import type { AmberPrmtop } from './prmtop.ts';

const ELEMENTS = ['', 'H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne', 'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar', 'K', 'Ca'];

/**
 * A PdbStructure from an Amber topology and positions [3N] nm: atom and residue names, elements from ATOMIC_NUMBER,
 * bonds (CONECT) from the prmtop, and a CRYST1 cell from box lengths (nm) when given.
 * @throws Error when positions do not have 3·nAtoms values.
 */
export function pdbFromAmber(top: AmberPrmtop, positions: Float64Array, box: readonly [number, number, number] | null = null): PdbStructure {
  if (positions.length !== 3 * top.nAtoms) throw new Error(`pdbFromAmber: ${positions.length / 3} positions for ${top.nAtoms} atoms`);
  const atoms: PdbAtom[] = [];
  for (let r = 0; r < top.residuePointer.length; r++) {
    const end = r + 1 < top.residuePointer.length ? top.residuePointer[r + 1]! : top.nAtoms;
    for (let a = top.residuePointer[r]!; a < end; a++) {
      const z = top.atomicNumber ? top.atomicNumber[a]! : 0;
      atoms.push({
        serial: a + 1, name: top.atomNames[a]!, altLoc: '', residueName: top.residueLabels[r]!, chain: 'A', residueNumber: r + 1,
        insertionCode: '', occupancy: 1, bFactor: 0, element: ELEMENTS[z] ?? top.atomNames[a]!.slice(0, 1), hetero: false,
      });
    }
  }
  const bonds: [number, number][] = [];
  for (let b = 0; b < top.bonds.i.length; b++) bonds.push([Math.min(top.bonds.i[b]!, top.bonds.j[b]!), Math.max(top.bonds.i[b]!, top.bonds.j[b]!)]);
  return {
    title: top.title, atoms, positions: Float64Array.from(positions), frames: [],
    cell: box ? { lengths: [box[0], box[1], box[2]], angles: [90, 90, 90] } : null, bonds,
  };
}
