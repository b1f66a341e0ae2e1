/** The README's main job: `mindscience tour --quick` runs every step and writes a linked results page. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTour } from '../cli/src/tour.ts';
import { main } from '../cli/src/main.ts';

describe('mindscience tour --quick', () => {
  it('runs every step and writes index.html linking real outputs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tour-'));
    const code = await runTour(['--quick', '--out', out]);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { id: string; ok: boolean; error?: string; files: string[]; pictures: string[]; views?: { href: string }[]; facts: [string, string][] }[];
    expect(results.filter((r) => !r.ok).map((r) => `${r.id}: ${r.error}`)).toEqual([]);
    expect(code).toBe(0);
    expect(results.map((r) => r.id)).toEqual(['md', 'fdtd', 'cad', 'pinn']);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    for (const r of results) {
      for (const f of [...r.files, ...r.pictures, ...(r.views ?? []).map((v) => v.href)]) {
        expect(existsSync(join(out, f)), f).toBe(true);
        expect(html).toContain(`"${f}"`);
      }
    }
    // The 3-D views (checked in a browser by tests/browser.test.ts) carry the trajectory and the CAD data.
    expect(results.flatMap((r) => (r.views ?? []).map((v) => v.href))).toEqual(['md/trajectory.html', 'cad/view.html']);
    const traj = readFileSync(join(out, 'md', 'trajectory.html'), 'utf8');
    expect(traj).toMatch(/"nAtoms":256,"nFrames":\d+/);
    expect(readFileSync(join(out, 'cad', 'view.html'), 'utf8')).toMatch(/"mode":"boxes","occupied":[1-9]\d*/);
    const fact = (id: string, key: string) => Number(results.find((r) => r.id === id)!.facts.find(([k]) => k === key)![1]);
    // NVT at T* = 0.72 from a T* = 1.44 start: the thermostat has pulled the temperature to the target.
    expect(Math.abs(fact('md', 'mean T* (second half)') - 0.72)).toBeLessThan(0.08);
    // Liquid LJ at rho* = 0.8442: potential energy per atom near LAMMPS's -5.64 (small system, short run).
    expect(Math.abs(fact('md', 'mean PE/atom (second half)') + 5.64)).toBeLessThan(0.25);
    // The slab tolerance.
    expect(fact('fdtd', 'max | |R|²_FDTD − |R|²_analytic |')).toBeLessThan(0.01);
    // Complex S11 of the two-layer window (Smith chart): FDTD within 0.02 of the transfer matrix.
    expect(fact('fdtd', 'window: max |S11_FDTD − S11_exact|')).toBeLessThan(0.02);
    const pinn = JSON.parse(readFileSync(join(out, 'pinn', 'result.json'), 'utf8')) as { history: { l2: number[] }[] };
    expect(pinn.history[pinn.history.length - 1]!.l2[0]!).toBeLessThan(pinn.history[0]!.l2[0]!);
  }, 600_000);

  it('rejects unknown options and steps with a clear message', async () => {
    expect(await runTour(['--bogus'])).toBe(2);
    expect(await runTour(['--only', 'md,nope'])).toBe(2);
    expect(await main(['nonsense'])).toBe(2);
  });
});
