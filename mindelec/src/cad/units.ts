/** Length units for CAD input. Internally the model unit is millimetres (as CST and most MCAD export). */
export const LENGTH_UNITS = { mm: 1, cm: 10, m: 1000, um: 1e-3, in: 25.4, ft: 304.8, mil: 0.0254 } as const;
export type LengthUnit = keyof typeof LENGTH_UNITS;

/** Millimetres per `unit`; throws naming the field for an unknown unit. */
export function mmPer(unit: string, where = 'unit'): number {
  const f = (LENGTH_UNITS as Record<string, number>)[unit];
  if (f === undefined) throw new Error(`${where}: unknown length unit '${unit}', expected one of ${Object.keys(LENGTH_UNITS).join(', ')}`);
  return f;
}
