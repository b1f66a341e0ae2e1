/**
 * Shared helpers of the Claisen scripts (claisen-path.ts, claisen-label.ts): the atom numbering, a
 * hand-built chair geometry, and xtb runs that the library's `labelWithXtb` does not cover
 * (constrained optimisation, MD with restraints, Hessian). Units here: Angstrom and Hartree (xtb's own),
 * converted by the callers.
 *
 * Numbering (allyl vinyl ether, CH2=CH-O-CH2-CH=CH2): 0 C1, 1 C2, 2 O3, 3 C4, 4 C5, 5 C6, 6-13 H.
 * The reaction forms C1-C6 (atoms 0,5) and breaks O3-C4 (atoms 2,3); product 4-pentenal
 * O3=C2H-C1H2-C6H2-C5H=C4H2. Reaction coordinate xi = d(C1-C6) - d(O3-C4): about +3.6 Angstrom in the
 * extended reactant, about +0.2 at the chair transition state, about -2.9 in the extended product.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SYMBOLS = ['C', 'C', 'O', 'C', 'C', 'C', 'H', 'H', 'H', 'H', 'H', 'H', 'H', 'H'];
/** Forming bond C1-C6 and breaking bond O3-C4 (0-based atom indices). */
export const FORMING: readonly [number, number] = [0, 5];
export const BREAKING: readonly [number, number] = [2, 3];
export const HARTREE_KCAL = 627.5094740631;

/** Chair six-ring guess (ring C1 C2 O3 C4 C5 C6, all ring bonds ~1.5 A) with hydrogens; Angstrom [14*3]. */
export function chairGuess(): Float64Array {
  const R = 1.45, h = 0.25, nH = [2, 1, 0, 2, 1, 2];
  const x: number[] = [];
  for (let k = 0; k < 6; k++) { const t = (Math.PI / 3) * k; x.push(R * Math.cos(t), R * Math.sin(t), k % 2 === 0 ? h : -h); }
  for (let k = 0; k < 6; k++) {
    const [px, py, pz] = [x[3 * k]!, x[3 * k + 1]!, x[3 * k + 2]!];
    const rx = px / R, ry = py / R, s = pz > 0 ? 1 : -1;
    if (nH[k] === 1) x.push(px + 1.09 * rx, py + 1.09 * ry, pz);
    if (nH[k] === 2) x.push(px + 1.02 * rx, py + 1.02 * ry, pz - s * 0.35, px, py, pz + s * 1.09);
  }
  return Float64Array.from(x);
}

export function distance(x: ArrayLike<number>, i: number, j: number): number {
  return Math.hypot(x[3 * i]! - x[3 * j]!, x[3 * i + 1]! - x[3 * j + 1]!, x[3 * i + 2]! - x[3 * j + 2]!);
}

/** xi = d(C1-C6) - d(O3-C4) in the units of x. */
export function reactionCoordinate(x: ArrayLike<number>): number {
  return distance(x, FORMING[0], FORMING[1]) - distance(x, BREAKING[0], BREAKING[1]);
}

export function xyzText(x: ArrayLike<number>, comment = 'claisen'): string {
  const lines = [String(SYMBOLS.length), comment];
  SYMBOLS.forEach((s, i) => lines.push(`${s} ${x[3 * i]!.toFixed(8)} ${x[3 * i + 1]!.toFixed(8)} ${x[3 * i + 2]!.toFixed(8)}`));
  return lines.join('\n') + '\n';
}

/** All frames of an xyz/trj file written by xtb: positions (Angstrom) and the 'energy:' of the comment (Hartree, NaN if none). */
export function readXtbFrames(text: string, n = SYMBOLS.length): { x: Float64Array; energy: number }[] {
  const lines = text.split('\n'), out: { x: Float64Array; energy: number }[] = [];
  for (let li = 0; li + n + 2 <= lines.length && lines[li]!.trim() !== ''; li += n + 2) {
    if (Number(lines[li]!.trim()) !== n) throw new Error(`readXtbFrames: line ${li + 1}: atom count '${lines[li]}', expected ${n}`);
    const m = /energy:\s*(\S+)/.exec(lines[li + 1]!);
    const x = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const f = lines[li + 2 + i]!.trim().split(/\s+/);
      for (let d = 0; d < 3; d++) {
        x[3 * i + d] = Number(f[d + 1]);
        if (!Number.isFinite(x[3 * i + d])) throw new Error(`readXtbFrames: line ${li + 3 + i}: '${lines[li + 2 + i]}' is not 'El x y z'`);
      }
    }
    out.push({ x, energy: m ? Number(m[1]) : NaN });
  }
  return out;
}

export interface DistanceConstraint { i: number; j: number; angstrom: number }

/** Runs xtb in a private directory; returns the directory's files of interest read back. */
function runXtb(x: ArrayLike<number>, args: string[], input: string, files: string[], timeoutMs = 600000): Record<string, string> & { stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'claisen-'));
  try {
    writeFileSync(join(dir, 'mol.xyz'), xyzText(x));
    if (input) writeFileSync(join(dir, 'x.inp'), input);
    const r = spawnSync('xtb', ['mol.xyz', '--gfn', '2', ...args, ...(input ? ['--input', 'x.inp'] : [])], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, timeout: timeoutMs, env: { ...process.env, OMP_NUM_THREADS: '1', OMP_STACKSIZE: '200M' } });
    if (r.status !== 0) throw new Error(`xtb ${args.join(' ')} failed (status ${r.status}, signal ${r.signal}): ${(r.stdout + r.stderr).split('\n').filter((l) => /error|abnormal/i.test(l)).slice(0, 3).join(' | ')}`);
    const out: Record<string, string> & { stdout: string } = { stdout: r.stdout };
    for (const f of files) out[f] = readFileSync(join(dir, f), 'utf8');
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function constrainBlock(cs: readonly DistanceConstraint[], forceConstant: number): string {
  if (!cs.length) return '';
  return `$constrain\n force constant=${forceConstant}\n${cs.map((c) => ` distance: ${c.i + 1}, ${c.j + 1}, ${c.angstrom.toFixed(4)}\n`).join('')}$end\n`;
}

/** GFN2 optimisation (optionally with harmonic distance constraints, force constant Hartree/bohr^2). */
export function xtbOptimise(x: ArrayLike<number>, constraints: readonly DistanceConstraint[] = [], level = 'normal', forceConstant = 1.0): { x: Float64Array; energy: number } {
  const r = runXtb(x, ['--opt', level], constrainBlock(constraints, forceConstant), ['xtbopt.xyz']);
  const f = readXtbFrames(r['xtbopt.xyz']!)[0]!;
  const m = /TOTAL ENERGY\s+(\S+)\s+Eh/g;
  let e = NaN, k: RegExpExecArray | null;
  while ((k = m.exec(r.stdout))) e = Number(k[1]);
  return { x: f.x, energy: e };
}

/** Harmonic frequencies (cm^-1, imaginary ones negative) from `xtb --hess`. */
export function xtbFrequencies(x: ArrayLike<number>): number[] {
  const r = runXtb(x, ['--hess'], '', ['vibspectrum']);
  const freqs: number[] = [];
  for (const line of r['vibspectrum']!.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (!/^\d+$/.test(f[0] ?? '')) continue;
    const w = f.slice(1).find((t) => /^-?\d+\.\d+$/.test(t)); // mode [symmetry] wavenumber intensity ...
    if (w !== undefined) freqs.push(Number(w));
  }
  return freqs;
}

/**
 * GFN2 Born-Oppenheimer MD with xtb's integrator (Berendsen NVT, H mass 1 amu, no SHAKE, 0.5 fs), with
 * optional harmonic distance restraints; returns the dumped frames (Angstrom, Hartree).
 */
export function xtbMd(x: ArrayLike<number>, opts: { temperature: number; ps: number; dumpFs: number; constraints?: readonly DistanceConstraint[]; forceConstant?: number }): { x: Float64Array; energy: number }[] {
  const md = `$md\n   temp=${opts.temperature}\n   time=${opts.ps}\n   dump=${opts.dumpFs}\n   step=0.5\n   hmass=1\n   shake=0\n   nvt=true\n$end\n`;
  const r = runXtb(x, ['--md'], md + constrainBlock(opts.constraints ?? [], opts.forceConstant ?? 0.5), ['xtb.trj']);
  return readXtbFrames(r['xtb.trj']!);
}

/** `xtbMd` in a background process (so independent runs can overlap); same result. */
export function xtbMdAsync(x: ArrayLike<number>, opts: Parameters<typeof xtbMd>[1]): Promise<{ x: Float64Array; energy: number }[]> {
  const md = `$md\n   temp=${opts.temperature}\n   time=${opts.ps}\n   dump=${opts.dumpFs}\n   step=0.5\n   hmass=1\n   shake=0\n   nvt=true\n$end\n`;
  const dir = mkdtempSync(join(tmpdir(), 'claisen-md-'));
  writeFileSync(join(dir, 'mol.xyz'), xyzText(x));
  writeFileSync(join(dir, 'x.inp'), md + constrainBlock(opts.constraints ?? [], opts.forceConstant ?? 0.5));
  return new Promise((resolvePromise, reject) => {
    const p = spawn('xtb', ['mol.xyz', '--gfn', '2', '--md', '--input', 'x.inp'], { cwd: dir, stdio: 'ignore', env: { ...process.env, OMP_NUM_THREADS: '1', OMP_STACKSIZE: '200M' } });
    p.on('error', (e) => { rmSync(dir, { recursive: true, force: true }); reject(e); });
    p.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`xtb --md exited with status ${code} in ${dir}`);
        resolvePromise(readXtbFrames(readFileSync(join(dir, 'xtb.trj'), 'utf8')));
      } catch (e) { reject(e); } finally { rmSync(dir, { recursive: true, force: true }); }
    });
  });
}
