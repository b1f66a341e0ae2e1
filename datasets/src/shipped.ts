/**
 * Data files shipped in datasets/data (provenance in datasets/data/README.md), read with the units they
 * were written in; results are in MindSPONGE units (nm, kJ/mol, kJ/mol/nm).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLabelledXyz, type LabelledFrame } from './extxyz.ts';

/** Absolute path of a file in datasets/data. */
export function shippedDataPath(file: string): string {
  // src/ (ESM, tsx/vitest) and dist/ (the CommonJS build the notebook kernel loads) both sit beside data/.
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  return join(here, '..', 'data', file);
}

/** Three MD17 ethanol frames (SchNetPack test data; kcal/mol, Angstrom, kcal/mol/Angstrom in the file). */
export function md17EthanolSnippet(): LabelledFrame[] {
  const path = shippedDataPath('md17_ethanol_snip.xyz');
  return readLabelledXyz(readFileSync(path, 'utf8'), { energyUnit: 'kcal/mol', lengthUnit: 'Angstrom', source: path });
}

/** GFN2-xTB-labelled ethanol conformers from 500 K xtb MD (eV, Angstrom, eV/Angstrom in the file). */
export function ethanolXtb(): LabelledFrame[] {
  const path = shippedDataPath('ethanol_xtb.extxyz');
  return readLabelledXyz(readFileSync(path, 'utf8'), { energyUnit: 'eV', lengthUnit: 'Angstrom', source: path });
}
