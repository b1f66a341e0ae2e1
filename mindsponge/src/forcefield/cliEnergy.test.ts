/** `mindsponge energy` prints the per-term keys in kJ/mol, matching OpenMM's committed numbers. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import energy from '../cli/commands/energy.ts';

const dir = join(import.meta.dirname, '../../test-data/amber');
const ref = JSON.parse(readFileSync(join(import.meta.dirname, '../../reference/openmm/ala_di.json'), 'utf8')) as { energies: Record<string, number> };

describe('mindsponge energy', () => {
  afterEach(() => vi.restoreAllMocks());
  it('--json gives every key within 1e-6 relative of OpenMM', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => { lines.push(s); });
    const code = await energy.run(['--prmtop', join(dir, 'ala_di.parm7'), '--rst7', join(dir, 'ala_di.rst7'), '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(lines.join('\n')) as Record<string, number>;
    expect(Object.keys(out)).toEqual(['bond', 'angle', 'dihedral', 'lj', 'lj14', 'coulomb', 'coulomb14', 'total']);
    for (const k of Object.keys(out)) expect(Math.abs(out[k]! / ref.energies[k]! - 1)).toBeLessThan(1e-6);
  });
  it('bad input: exit 1 with the file and problem named; --help exits 0', async () => {
    const errs: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((s: string) => { errs.push(s); });
    vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await energy.run(['--prmtop', join(dir, 'ala_di.rst7'), '--rst7', join(dir, 'ala_di.rst7')])).toBe(1);
    expect(errs.join('\n')).toMatch(/ala_di\.rst7:1: data before the first %FLAG/);
    expect(await energy.run(['--prmtop', join(dir, 'ala_di.parm7')])).toBe(2);
    expect(await energy.run(['--help'])).toBe(0);
  });
});
