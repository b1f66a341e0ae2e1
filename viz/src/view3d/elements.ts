/**
 * Element data for molecule views: CPK/Jmol colours, covalent radii (bond detection) and van der Waals
 * radii (sphere size), all radii in nm.
 * Sources: colours from Jmol's element colour table (jmol.sourceforge.net/jscolors); covalent radii from
 * Cordero et al., Dalton Trans. 2008, 2832 (sp3 carbon); van der Waals radii from Bondi, J. Phys. Chem.
 * 68, 441 (1964), with H = 0.110 nm (Rowland & Taylor 1996) and metals from Alvarez 2013 where Bondi has none.
 * Unknown symbols get Jmol's "unknown" pink and 0.15 nm radii, never an error: a viewer must still draw.
 */

/** [Jmol colour, covalent radius nm, van der Waals radius nm] per element symbol. */
const TABLE: Record<string, readonly [number, number, number]> = {
  H: [0xffffff, 0.031, 0.110], He: [0xd9ffff, 0.028, 0.140],
  Li: [0xcc80ff, 0.128, 0.182], Be: [0xc2ff00, 0.096, 0.153], B: [0xffb5b5, 0.084, 0.192],
  C: [0x909090, 0.076, 0.170], N: [0x3050f8, 0.071, 0.155], O: [0xff0d0d, 0.066, 0.152],
  F: [0x90e050, 0.057, 0.147], Ne: [0xb3e3f5, 0.058, 0.154],
  Na: [0xab5cf2, 0.166, 0.227], Mg: [0x8aff00, 0.141, 0.173], Al: [0xbfa6a6, 0.121, 0.184],
  Si: [0xf0c8a0, 0.111, 0.210], P: [0xff8000, 0.107, 0.180], S: [0xffff30, 0.105, 0.180],
  Cl: [0x1ff01f, 0.102, 0.175], Ar: [0x80d1e3, 0.106, 0.188],
  K: [0x8f40d4, 0.203, 0.275], Ca: [0x3dff00, 0.176, 0.231],
  Fe: [0xe06633, 0.132, 0.204], Cu: [0xc88033, 0.132, 0.140], Zn: [0x7d80b0, 0.122, 0.139],
  Br: [0xa62929, 0.120, 0.185], I: [0x940094, 0.139, 0.198],
};

const UNKNOWN: readonly [number, number, number] = [0xff1493, 0.15, 0.15];

/**
 * Normalises an element symbol's case and spaces: 'CL', 'cl', ' Cl ' -> 'Cl'. Input is an element symbol,
 * not a PDB atom name ('CA' is calcium here); a two-letter form not in the table falls back to its first letter.
 */
export function normalizeElement(symbol: string): string {
  const s = symbol.trim();
  if (s.length === 0) return s;
  const two = s[0]!.toUpperCase() + (s[1] ?? '').toLowerCase();
  if (s.length >= 2 && /[a-z]/i.test(s[1]!) && TABLE[two]) return two;
  return s[0]!.toUpperCase();
}

function entry(symbol: string): readonly [number, number, number] {
  return TABLE[normalizeElement(symbol)] ?? UNKNOWN;
}

/** Jmol/CPK colour of an element as 0xRRGGBB (unknown: 0xff1493). */
export function elementColor(symbol: string): number {
  return entry(symbol)[0];
}

/** Covalent radius (nm) used for bond detection (unknown: 0.15 nm). */
export function covalentRadiusNm(symbol: string): number {
  return entry(symbol)[1];
}

/** Van der Waals radius (nm) used for sphere sizes (unknown: 0.15 nm). */
export function vdwRadiusNm(symbol: string): number {
  return entry(symbol)[2];
}

/** True when the symbol (after normalisation) is in the table. */
export function isKnownElement(symbol: string): boolean {
  return TABLE[normalizeElement(symbol)] !== undefined;
}
