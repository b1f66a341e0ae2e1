/**
 * Electromagnetic materials: relative permeability mu_r, relative permittivity eps_r, conductivity
 * sigma (S/m) and dielectric loss tangent tan_delta (dimensionless, at the quoted frequency).
 *
 * The built-in library holds common values; sources are given per entry (handbook or datasheet values
 * at room temperature; dispersive materials are represented by one frequency). PEC is a conductor with
 * sigma = 1e12 S/m and `pec: true` so solvers can treat it as a perfect conductor instead.
 * Names are case-insensitive. User materials extend or override the library.
 */

export interface Material {
  mu_r: number;
  eps_r: number;
  /** S/m */
  sigma: number;
  tan_delta: number;
  pec?: boolean;
  /** Where the numbers come from. */
  source?: string;
}

export const MATERIAL_LIBRARY: Readonly<Record<string, Material>> = {
  vacuum: { mu_r: 1, eps_r: 1, sigma: 0, tan_delta: 0, source: 'definition' },
  air: { mu_r: 1.00000037, eps_r: 1.00059, sigma: 0, tan_delta: 0, source: 'CRC Handbook of Chemistry and Physics, dry air at 20 °C, 1 atm' },
  pec: { mu_r: 1, eps_r: 1, sigma: 1e12, tan_delta: 0, pec: true, source: 'perfect electric conductor (idealisation)' },
  copper: { mu_r: 0.999994, eps_r: 1, sigma: 5.8e7, tan_delta: 0, source: 'IACS annealed copper, 5.80e7 S/m at 20 °C' },
  aluminium: { mu_r: 1.000022, eps_r: 1, sigma: 3.77e7, tan_delta: 0, source: 'CRC Handbook, 20 °C' },
  gold: { mu_r: 1, eps_r: 1, sigma: 4.1e7, tan_delta: 0, source: 'CRC Handbook, 20 °C' },
  silver: { mu_r: 1, eps_r: 1, sigma: 6.3e7, tan_delta: 0, source: 'CRC Handbook, 20 °C' },
  fr4: { mu_r: 1, eps_r: 4.3, sigma: 0, tan_delta: 0.025, source: "CST material library 'FR-4 (lossy)'" },
  ro4003c: { mu_r: 1, eps_r: 3.38, sigma: 0, tan_delta: 0.0027, source: 'Rogers RO4003C datasheet, process Dk at 10 GHz' },
  ro4350b: { mu_r: 1, eps_r: 3.48, sigma: 0, tan_delta: 0.0037, source: 'Rogers RO4350B datasheet, process Dk at 10 GHz' },
  ptfe: { mu_r: 1, eps_r: 2.1, sigma: 0, tan_delta: 0.0002, source: 'PTFE, typical at 1–10 GHz' },
  alumina: { mu_r: 1, eps_r: 9.8, sigma: 0, tan_delta: 0.0001, source: '99.5% Al2O3 substrate, typical at 10 GHz' },
  silicon: { mu_r: 1, eps_r: 11.68, sigma: 4.4e-4, tan_delta: 0, source: 'intrinsic Si at 300 K (resistivity 2.3e3 Ω·m)' },
  water: { mu_r: 0.999992, eps_r: 80.1, sigma: 5.5e-6, tan_delta: 0, source: 'pure water at 20 °C, static permittivity' },
  seawater: { mu_r: 1, eps_r: 81, sigma: 4, tan_delta: 0, source: 'sea water, typical low-frequency values' },
};

export const MATERIAL_FIELDS = ['mu_r', 'eps_r', 'sigma', 'tan_delta'] as const;

/** Checks a material record, naming `where` and the field in errors. */
export function validateMaterial(value: unknown, where: string): Material {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: expected an object with mu_r, eps_r, sigma, tan_delta, got ${JSON.stringify(value)}`);
  const v = value as Record<string, unknown>;
  const known = new Set<string>([...MATERIAL_FIELDS, 'pec', 'source']);
  for (const k of Object.keys(v)) if (!known.has(k)) throw new Error(`${where}.${/^[A-Za-z_]\w*$/.test(k) ? k : JSON.stringify(k)}: unknown field, expected ${[...known].join(', ')}`);
  const num = (k: (typeof MATERIAL_FIELDS)[number], dflt: number, positive: boolean): number => {
    const x = v[k] ?? dflt;
    if (typeof x !== 'number' || !Number.isFinite(x) || (positive ? !(x > 0) : x < 0)) {
      throw new Error(`${where}.${k}: expected a finite number ${positive ? '> 0' : '>= 0'}, got ${JSON.stringify(v[k])}`);
    }
    return x;
  };
  if (v['pec'] !== undefined && typeof v['pec'] !== 'boolean') throw new Error(`${where}.pec: expected a boolean, got ${JSON.stringify(v['pec'])}`);
  if (v['source'] !== undefined && typeof v['source'] !== 'string') throw new Error(`${where}.source: expected a string, got ${JSON.stringify(v['source'])}`);
  if (v['eps_r'] === undefined && v['pec'] !== true) throw new Error(`${where}.eps_r: required (relative permittivity)`);
  return { mu_r: num('mu_r', 1, true), eps_r: num('eps_r', 1, true), sigma: num('sigma', 0, false), tan_delta: num('tan_delta', 0, false), pec: v['pec'] as boolean | undefined, source: v['source'] as string | undefined };
}

/** Library plus user materials (user wins), keyed by lower-case name. */
export function materialTable(user: Record<string, Material> = {}): Map<string, Material> {
  const t = new Map<string, Material>();
  for (const [k, m] of Object.entries(MATERIAL_LIBRARY)) t.set(k.toLowerCase(), m);
  for (const [k, m] of Object.entries(user)) t.set(k.toLowerCase(), m);
  return t;
}

/**
 * The material named `name` (case-insensitive) in a table built by materialTable: mu_r, eps_r, sigma (S/m), tan_delta.
 * @throws Error naming `where`, the unknown name and the known names.
 */
export function lookupMaterial(table: Map<string, Material>, name: string, where: string): Material {
  const m = table.get(name.toLowerCase());
  if (!m) throw new Error(`${where}: unknown material '${name}'; known: ${[...table.keys()].join(', ')}`);
  return m;
}
