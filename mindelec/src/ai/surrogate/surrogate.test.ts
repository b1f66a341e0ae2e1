/**
 * S11 surrogate pipeline: the FDTD family agrees with the transfer-matrix result (and the exact result
 * with the solvers' independent slab formula), the dataset parser rejects truncated/garbled input with
 * a named field (fast-check), the generator resumes from its partial file, and the skip-MLP learns
 * held-out designs of an analytic family; model files round-trip.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slabAnalytic } from '../../solvers/index.ts';
import { layerS11Exact, layerS11Fdtd, layerFrequencies, snapLayers, LAYER_PARAMETERS } from './layerFamily.ts';
import { parseS11Dataset, DatasetError, S11_FORMAT, writeS11Dataset, readS11Dataset, type S11Dataset } from './dataset.ts';
import { generateS11Dataset, layerDesigns, patchDesigns } from './generate.ts';
import { concatS11Datasets, datasetFamily, runGenerate, runTrain } from './run.ts';
import { PATCH_PARAMETERS, patchCavityResonance, patchDesignGrid, patchFrequencies } from './patchFamily.ts';
import { compileS11Predictor } from './s11Fast.ts';
import { trainS11Surrogate, predictS11, predictS11Tensor, s11Metrics, splitIndices, subset, writeS11Model, parseS11Model, normaliseDesign, designFeatures, predictS11Batch, blendWeight } from './s11Surrogate.ts';
import { evalRatio } from './resonanceFit.ts';

describe('two-layer family', () => {
  it('exact S11 with dB -> 0 reduces to the single slab |r|^2 of solvers/slabAnalytic', () => {
    // layer B of zero thickness: only layer A remains (an independent closed form)
    const freqs = [2e9, 4.4e9, 7.3e9, 10e9];
    const r = layerS11Exact({ epsA: 5, dA: 9, dB: 0 }, freqs);
    freqs.forEach((f, q) => expect(r[q]!.re ** 2 + r[q]!.im ** 2).toBeCloseTo(slabAnalytic(5, 9e-3, f).R, 12));
    // passivity: |S11| <= 1 for the lossy stack
    for (const s of layerS11Exact({ epsA: 9, dA: 13, dB: 7 }, layerFrequencies())) expect(Math.hypot(s.re, s.im)).toBeLessThanOrEqual(1);
  });
  it('1-D FDTD S11 (complex, at the front face) matches the transfer matrix within 0.01 over 2-10 GHz', () => {
    const d = snapLayers({ epsA: 6.5, dA: 8.25, dB: 4.5 });
    const r = layerS11Fdtd(d, { nFreq: 33 });
    const e = layerS11Exact(d, r.freqs);
    let worst = 0;
    r.s11.forEach((s, q) => (worst = Math.max(worst, Math.hypot(s.re - e[q]!.re, s.im - e[q]!.im))));
    expect(worst).toBeLessThan(0.01);
    expect(worst).toBeGreaterThan(0); // a real simulation, not the formula
  }, 30_000);
  it('designs outside the parameter ranges are rejected with the parameter named', () => {
    expect(() => snapLayers({ epsA: 11, dA: 5, dB: 5 })).toThrow(/epsA = 11 1; expected 2\.\.10 1/);
    expect(() => snapLayers({ epsA: 3, dA: 5, dB: Number.NaN })).toThrow(/dB = NaN mm; expected 2\.\.12 mm/);
    const ds = layerDesigns(20, 3);
    for (const d of ds) for (const p of LAYER_PARAMETERS) expect(d[p.name]).toBeGreaterThanOrEqual(p.min);
  });
});

const tiny = (): S11Dataset => ({
  format: S11_FORMAT, family: 'test',
  parameters: [{ name: 'a', unit: 'mm', min: 0, max: 1 }],
  designs: [[0.5], [0.25]], freqs: [1e9, 2e9],
  s11: { re: [[0.1, 0.2], [0.3, 0.4]], im: [[0, -0.1], [0.2, 0]] },
  provenance: { note: 'unit test' },
});

describe('dataset format', () => {
  it('datasets of one family concatenate; other frequencies or parameters are refused by file name', () => {
    const b = { ...tiny(), designs: [[0.75]], s11: { re: [[0.5, 0.6]], im: [[0.1, 0.1]] } };
    const both = concatS11Datasets(['a.json', 'b.json'], [tiny(), b]);
    expect(both.designs).toEqual([[0.5], [0.25], [0.75]]);
    expect(both.s11.re[2]).toEqual([0.5, 0.6]);
    expect(() => concatS11Datasets(['a.json', 'b.json'], [tiny(), { ...b, freqs: [1e9, 3e9] }])).toThrow(/b\.json: 2 frequencies differ from a\.json's 2/);
    expect(() => concatS11Datasets(['a.json', 'c.json'], [tiny(), { ...b, parameters: [{ name: 'z', unit: 'mm', min: 0, max: 1 }] }])).toThrow(/c\.json: parameters .* differ from a\.json's/);
  });
  it('round-trips through an atomic write', () => {
    const dir = mkdtempSync(join(tmpdir(), 's11-'));
    writeS11Dataset(join(dir, 'd.json'), tiny());
    expect(readS11Dataset(join(dir, 'd.json'))).toEqual(tiny());
  });
  it('names the bad field', () => {
    const bad = tiny();
    bad.s11.re[1]![1] = Number.NaN;
    expect(() => parseS11Dataset('x.json', JSON.stringify(bad).replace('null', '"nan"'))).toThrow(/x\.json: s11\.re\[1\]\[1\] = "nan"; expected a finite number/);
    expect(() => parseS11Dataset('x.json', JSON.stringify({ ...tiny(), freqs: [2e9, 1e9] }))).toThrow(/freqs\[1\] = 1000000000; expected increasing positive Hz/);
    expect(() => parseS11Dataset('x.json', JSON.stringify({ ...tiny(), format: 'v0' }))).toThrow(/format = "v0"; expected "mindscience-s11\/1"/);
  });
  it('fuzz: truncated or garbled files raise DatasetError, never return garbage', () => {
    const text = JSON.stringify(tiny());
    fc.assert(fc.property(fc.nat(text.length - 1), fc.nat(text.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (cut, at, ch) => {
      const variants = [text.slice(0, cut), text.slice(0, at) + ch + text.slice(at + 1)];
      for (const v of variants) {
        try {
          const ds = parseS11Dataset('f.json', v);
          // a garbled file that still parses must still be a consistent dataset
          expect(ds.s11.re.length).toBe(ds.designs.length);
          ds.s11.re.forEach((row) => expect(row.length).toBe(ds.freqs.length));
        } catch (e) {
          expect(e).toBeInstanceOf(DatasetError);
        }
      }
    }), { numRuns: 300 });
  });
});

describe('generator', () => {
  it('resumes from its partial file (designs already there are not recomputed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's11gen-'));
    const out = join(dir, 'ds.json');
    const grid = { cell: 0.5, durationNs: 1.5, nFreq: 4 };
    const key = JSON.stringify({ family: 'two-layer', count: 3, seed: 5, grid });
    // a finished design 1 with sentinel values, plus a line cut short by a kill
    writeFileSync(`${out}.partial.jsonl`, `${key}\n${JSON.stringify({ index: 1, re: [0.5, 0.5, 0.5, 0.5], im: [0, 0, 0, 0], steps: 1, wallSeconds: 0 })}\n{"index": 2, "re": [0.1`);
    const progress: number[] = [];
    const ds = await generateS11Dataset({ out, count: 3, seed: 5, workers: 1, grid, onProgress: (d) => progress.push(d) });
    expect(ds.s11.re[1]).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(ds.s11.re[0]!.every((v) => v !== 0.5)).toBe(true);
    expect(progress[0]).toBe(1);
    expect(progress[progress.length - 1]).toBe(3);
    expect(existsSync(`${out}.partial.jsonl`)).toBe(false);
    expect(readS11Dataset(out).designs).toEqual(ds.designs);
    // a partial file from other settings is refused, not mixed in
    writeFileSync(`${out}.partial.jsonl`, '{"family":"other"}\n');
    await expect(generateS11Dataset({ out, count: 3, seed: 5, workers: 1, grid })).rejects.toThrow(/made with other settings/);
  }, 60_000);
  it('patch family through the worker: one lattice design at 4 mm, passive, with the patch provenance', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's11patch-'));
    const out = join(dir, 'p.json');
    const grid = { cell: 4, durationNs: 20, nFreq: 5 };
    const ds = await generateS11Dataset({ out, family: 'patch', count: 1, seed: 2, workers: 1, grid });
    expect(ds.parameters.map((p) => p.name)).toEqual(['L', 'W', 'inset']);
    expect(patchDesigns(1, 2, 4)).toEqual(ds.designs);
    expect(datasetFamily(readS11Dataset(out))).toBe('patch');
    expect(ds.provenance.grid).toMatchObject({ cellMm: 4, durationNs: 20 });
    expect(ds.provenance.maxRingDownResidual as number).toBeLessThan(0.02);
    ds.s11.re[0]!.forEach((r, q) => expect(Math.hypot(r, ds.s11.im[0]![q]!)).toBeLessThanOrEqual(1.002));
    await expect(generateS11Dataset({ out, family: 'bowtie' as 'patch', workers: 1 })).rejects.toThrow(/family = "bowtie"; expected "two-layer" or "patch"/);
  }, 60_000);
  it('configs: an unknown family or a bad holdOut is refused naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's11cfg-'));
    const gen = join(dir, 'g.json');
    writeFileSync(gen, JSON.stringify({ out: join(dir, 'x.json'), family: 'horn', count: 2 }));
    await expect(runGenerate(gen, () => {})).rejects.toThrow(/family/);
    const dsPath = join(dir, 'ds.json');
    writeS11Dataset(dsPath, { ...tiny(), designs: [[0.5], [0.25], [0.75]], s11: { re: [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], im: [[0, 0], [0, 0], [0, 0]] } });
    const train = (holdOut: unknown) => {
      const f = join(dir, 't.json');
      writeFileSync(f, JSON.stringify({ dataset: dsPath, holdOut, train: { steps: 1 } }));
      return () => runTrain(f, () => {});
    };
    // Fields used only after training are still checked before it: no step is logged.
    const logged: string[] = [];
    const f0 = join(dir, 't0.json');
    writeFileSync(f0, JSON.stringify({ dataset: dsPath, fdtdTimingDesigns: 0, train: { steps: 1, logEvery: 1 } }));
    expect(() => runTrain(f0, (l) => logged.push(l))).toThrow(/fdtdTimingDesigns = 0; expected an integer > 0/);
    expect(logged).toEqual([]);
    const f1 = join(dir, 't1.json');
    writeFileSync(f1, JSON.stringify({ dataset: dsPath, train: { steps: 1, lrDecay: 2 } }));
    expect(() => runTrain(f1, () => {})).toThrow(/train\.lrDecay = 2/);
    writeFileSync(f1, JSON.stringify({ dataset: dsPath, net: { features: 'both' }, train: { steps: 1 } }));
    expect(() => runTrain(f1, () => {})).toThrow(/net\.features = "both".*patch\+modes/);
    expect(train({ parameter: 'z', values: [0.5] })).toThrow(/holdOut\.parameter.*one of a/);
    expect(train({ parameter: 'a', values: 'half' })).toThrow(/holdOut\.values.*non-empty array of numbers/);
    expect(train({ parameter: 'a', values: [0.5, 0.25, 0.75] })).toThrow(/holdOut\.values.*some but not all/);
    expect(train({ parameter: 'a', values: [0.9] })).toThrow(/holdOut\.values.*some but not all/);
    expect(() => datasetFamily(tiny())).toThrow(/dataset family: .*parameters a; expected a two-layer or patch dataset/);
  });
});

describe('skip-MLP surrogate', () => {
  // Analytic two-layer S11 (fast) for 120 designs at 16 frequencies.
  const freqs = layerFrequencies({ nFreq: 16 });
  const designs = layerDesigns(120, 11);
  const exact = designs.map((d) => layerS11Exact(d, freqs));
  const ds: S11Dataset = {
    format: S11_FORMAT, family: 'analytic', parameters: LAYER_PARAMETERS.map((p) => ({ ...p })), freqs,
    designs: designs.map((d) => [d.epsA, d.dA, d.dB]),
    s11: { re: exact.map((r) => r.map((c) => c.re)), im: exact.map((r) => r.map((c) => c.im)) }, provenance: {},
  };
  it('learns held-out designs (error falls well below the mean predictor) and the model file round-trips', () => {
    const { train, test } = splitIndices(120, 0.2, 0);
    expect(train.length + test.length).toBe(120);
    expect(new Set([...train, ...test]).size).toBe(120);
    const model = trainS11Surrogate(ds, train, { width: 64, depth: 3, steps: 400, batch: 32, lr: 1e-2 });
    const m = s11Metrics(predictS11(model, test.map((i) => ds.designs[i]!)), subset(ds, test));
    // the mean predictor (network output 0) as the baseline
    const zero = { ...model, params: { ...model.params, head: { w: model.params.head.w.mul(0), b: model.params.head.b.mul(0) } } };
    const base = s11Metrics(predictS11(zero, test.map((i) => ds.designs[i]!)), subset(ds, test));
    expect(m.relativeComplex).toBeLessThan(0.6 * base.relativeComplex);
    const dir = mkdtempSync(join(tmpdir(), 's11m-'));
    writeS11Model(join(dir, 'm.json'), model);
    const back = parseS11Model('m.json', readFileSync(join(dir, 'm.json'), 'utf8'));
    expect(predictS11(back, [[5, 10, 5]])).toEqual(predictS11(model, [[5, 10, 5]]));
    expect(() => parseS11Model('m.json', '{"format":"x"}')).toThrow(/m\.json: format = "x"/);
    expect(() => parseS11Model('m.json', 'null')).toThrow(/m\.json: expected a JSON object \(an S11 surrogate model\), got null/);
    expect(() => parseS11Model('m.json', '[1]')).toThrow(/got an array/);
    expect(() => normaliseDesign(model.parameters, [1, 2])).toThrow(/design has 2 values, expected 3 \(epsA, dA, dB\)/);
    // the compiled typed-array forward pass equals the tensor network
    const some = test.slice(0, 5).map((i) => ds.designs[i]!);
    const fast = predictS11(model, some), slow = predictS11Tensor(model, some).data();
    some.forEach((_, r) => fast.re[r]!.forEach((v, q) => {
      expect(v).toBeCloseTo(slow[r * 2 * freqs.length + q]!, 12);
      expect(fast.im[r]![q]!).toBeCloseTo(slow[r * 2 * freqs.length + freqs.length + q]!, 12);
    }));
  }, 60_000);
  it('optical-thickness features and an ensemble: inputs as documented, mean of members, file round-trip', () => {
    const P = ds.parameters;
    const f = designFeatures(P, 'optical', [10, 20, 2]);
    expect(f).toEqual([1, 1, -1, 1]);
    expect(designFeatures(P, 'optical', [2, 4, 12])[3]).toBeCloseTo(-1, 12);
    expect(designFeatures(P, 'optical', [5, 10, 5])[3]).toBeCloseTo((2 * (Math.sqrt(5) * 10 - Math.sqrt(2) * 4)) / (Math.sqrt(10) * 20 - Math.sqrt(2) * 4) - 1, 12);
    expect(() => designFeatures([{ name: 'a', unit: 'mm', min: 0, max: 1 }], 'optical', [0.5])).toThrow(/needs parameters epsA and dA, the dataset has a/);
    // fourier: the optical features, then sin/cos(pi m u) of u = (optical thickness of A, dB), m = 1..8
    const four = designFeatures(P, 'fourier', [5, 10, 5]);
    expect(four.length).toBe(4 + 2 * 2 * 8);
    expect(four.slice(0, 4)).toEqual(designFeatures(P, 'optical', [5, 10, 5]));
    expect(four[4 + 2 * 2]).toBeCloseTo(Math.sin(3 * Math.PI * four[3]!), 12);
    expect(four[4 + 16 + 1]).toBeCloseTo(Math.cos(Math.PI * four[2]!), 12);
    const { train, test } = splitIndices(120, 0.2, 0);
    const model = trainS11Surrogate(ds, train, { width: 16, depth: 2, steps: 40, batch: 16, lr: 1e-2, features: 'optical', ensemble: 2 });
    expect(model.params.input.w.shape).toEqual([4, 16]);
    expect(model.members!.length).toBe(1);
    const some = test.slice(0, 3).map((i) => ds.designs[i]!);
    const both = predictS11(model, some);
    const a = predictS11({ ...model, members: undefined }, some), b = predictS11({ ...model, params: model.members![0]!, members: undefined }, some);
    both.re.forEach((row, r) => row.forEach((v, q) => expect(v).toBeCloseTo((a.re[r]![q]! + b.re[r]![q]!) / 2, 12)));
    const batched = predictS11Batch(model, some);
    both.re.forEach((row, r) => row.forEach((v, q) => expect(Math.abs(batched.re[r * freqs.length + q]! - v)).toBeLessThan(1e-5)));
    both.im.forEach((row, r) => row.forEach((v, q) => expect(Math.abs(batched.im[r * freqs.length + q]! - v)).toBeLessThan(1e-5)));
    const slow = predictS11Tensor(model, some).data();
    both.im[1]!.forEach((v, q) => expect(v).toBeCloseTo(slow[2 * freqs.length + freqs.length + q]!, 12));
    const dir = mkdtempSync(join(tmpdir(), 's11e-'));
    writeS11Model(join(dir, 'e.json'), model);
    expect(predictS11(parseS11Model('e.json', readFileSync(join(dir, 'e.json'), 'utf8')), some)).toEqual(both);
    expect(() => parseS11Model('e.json', readFileSync(join(dir, 'e.json'), 'utf8').replace('"optical"', '"cubic"'))).toThrow(/features = "cubic"; expected "raw", "optical", "fourier", "patch" or "modes"/);
    expect(() => trainS11Surrogate(ds, train, { steps: 1, ensemble: 0 })).toThrow(/ensemble = 0; expected a positive integer/);
  }, 60_000);
});

describe('frequency warp (patch family)', () => {
  // A resonant family like the patch: parallel RLC at 0.96 x the cavity resonance of (L, W), Q 25, coupling
  // set by the inset; the dip moves by about two of its widths between neighbouring L.
  const freqs = patchFrequencies({ nFreq: 201 });
  const lattice = patchDesignGrid().map((d) => [d.L, d.W, d.inset]);
  const curve = (d: number[]) => freqs.map((f) => {
    const fr = 0.96 * patchCavityResonance(d[0]!, d[1]!), R = 50 * (0.4 + d[2]! / 6), x = 25 * (f / fr - fr / f);
    // Z = R / (1 + j x); S11 = (Z - 50) / (Z + 50)
    const zr = R / (1 + x * x), zi = (-R * x) / (1 + x * x);
    const nr = zr - 50, dr = zr + 50, den = dr * dr + zi * zi;
    return { re: (nr * dr + zi * zi) / den, im: (zi * dr - nr * zi) / den };
  });
  const rows = lattice.map(curve);
  const ds: S11Dataset = {
    format: S11_FORMAT, family: 'synthetic patch', parameters: PATCH_PARAMETERS.map((p) => ({ ...p })), freqs, designs: lattice,
    s11: { re: rows.map((r) => r.map((c) => c.re)), im: rows.map((r) => r.map((c) => c.im)) }, provenance: { familyKey: 'patch' },
  };
  it('learns a moving resonance far better on the normalised-frequency grid; batched, float64 and file agree', () => {
    const { train, test } = splitIndices(lattice.length, 0.2, 0);
    const opts = { width: 48, depth: 2, steps: 600, batch: 32, lr: 1e-2 } as const;
    const warped = trainS11Surrogate(ds, train, { ...opts, warp: 'cavity', warpPoints: 301 });
    const plain = trainS11Surrogate(ds, train, opts);
    const held = test.map((i) => ds.designs[i]!);
    const mw = s11Metrics(predictS11(warped, held), subset(ds, test)), mp = s11Metrics(predictS11(plain, held), subset(ds, test));
    expect(warped.warp!.nu.length).toBe(301);
    expect(warped.mu.length).toBe(602);
    // nu spans the band of every training design: min f_min / f_r .. max f_max / f_r
    const frs = train.map((i) => patchCavityResonance(lattice[i]![0]!, lattice[i]![1]!));
    expect(warped.warp!.nu[0]).toBeCloseTo(1.5e9 / Math.max(...frs), 12);
    expect(warped.warp!.nu[300]).toBeCloseTo(4e9 / Math.min(...frs), 12);
    expect(mw.relativeComplex).toBeLessThan(0.5 * mp.relativeComplex);
    expect(mw.relativeComplex).toBeLessThan(0.1);
    const batched = predictS11Batch(warped, held.slice(0, 3)), exact = predictS11(warped, held.slice(0, 3));
    exact.re.forEach((row, r) => row.forEach((v, q) => expect(Math.abs(batched.re[r * freqs.length + q]! - v)).toBeLessThan(1e-5)));
    const dir = mkdtempSync(join(tmpdir(), 's11w-'));
    writeS11Model(join(dir, 'w.json'), warped);
    const text = readFileSync(join(dir, 'w.json'), 'utf8');
    expect(predictS11(parseS11Model('w.json', text), held.slice(0, 3))).toEqual(exact);
    expect(() => parseS11Model('w.json', text.replace('"kind":"cavity"', '"kind":"log"'))).toThrow(/w\.json: warp = .*expected \{kind: "cavity"/);
    expect(() => predictS11Tensor(warped, held.slice(0, 1))).toThrow(/does not support the 'cavity' frequency warp/);
    expect(() => trainS11Surrogate({ ...ds, parameters: [{ name: 'a', unit: 'mm', min: 0, max: 1 }, ...ds.parameters.slice(1)] }, train, { steps: 1, warp: 'cavity' })).toThrow(/warp 'cavity' needs parameters L and W/);
  }, 60_000);
  it("'cavity2' anchors TM10 at nu = 1 and TM02 at nu = 2; batched, float64 and file agree", () => {
    const { train, test } = splitIndices(lattice.length, 0.2, 0);
    const m = trainS11Surrogate(ds, train, { width: 16, depth: 1, steps: 30, batch: 16, lr: 1e-2, warp: 'cavity2', warpPoints: 201 });
    expect(m.warp!.kind).toBe('cavity2');
    // the grid starts at min f_min / f10 and ends at max 1 + (f_max - f10) / (f02 - f10) over the training designs
    const ends = train.map((i) => {
      const [L, W] = lattice[i]!;
      const a = patchCavityResonance(L!, W!), b = 2 * patchCavityResonance(W!, L!);
      return [1.5e9 / a, 1 + (4e9 - a) / (b - a)];
    });
    expect(m.warp!.nu[0]).toBeCloseTo(Math.min(...ends.map((e) => e[0]!)), 12);
    expect(m.warp!.nu[200]).toBeCloseTo(Math.max(...ends.map((e) => e[1]!)), 12);
    const held = test.slice(0, 3).map((i) => ds.designs[i]!);
    const exact = predictS11(m, held), batched = predictS11Batch(m, held);
    exact.im.forEach((row, r) => row.forEach((v, q) => expect(Math.abs(batched.im[r * freqs.length + q]! - v)).toBeLessThan(1e-5)));
    const dir = mkdtempSync(join(tmpdir(), 's11w2-'));
    writeS11Model(join(dir, 'w2.json'), m);
    expect(predictS11(parseS11Model('w2.json', readFileSync(join(dir, 'w2.json'), 'utf8')), held)).toEqual(exact);
  });
  it("anchors 'fitted': the training designs' resonances (0.96 x the cavity model here) calibrate the warp; file round-trip", () => {
    const { train, test } = splitIndices(lattice.length, 0.2, 0);
    const m = trainS11Surrogate(ds, train, { width: 16, depth: 1, steps: 5, batch: 16, lr: 1e-2, warp: 'cavity2', warpPoints: 201, anchors: 'fitted' });
    const fit = m.warp!.fit!;
    // no TM02 in this family: its ratio falls back to the mean TM10 ratio
    expect(fit.tm02.degree).toBe(0);
    expect(Math.abs(fit.tm02.coef[0]! - 0.96)).toBeLessThan(2e-4);
    // nor TM20: the cavity model's 2 f10
    expect(fit.tm20).toEqual({ degree: 0, coef: [2] });
    for (const i of test) expect(Math.abs(evalRatio(fit.tm10, normaliseDesign(ds.parameters, lattice[i]!)) - 0.96)).toBeLessThan(2e-4);
    // the warp grid starts at f_min over the largest fitted TM10 anchor
    const a = train.map((i) => 0.96 * patchCavityResonance(lattice[i]![0]!, lattice[i]![1]!));
    expect(m.warp!.nu[0]! / (1.5e9 / Math.max(...a))).toBeCloseTo(1, 3);
    const held = test.slice(0, 2).map((i) => ds.designs[i]!);
    const dir = mkdtempSync(join(tmpdir(), 's11fit-'));
    writeS11Model(join(dir, 'fit.json'), m);
    const text = readFileSync(join(dir, 'fit.json'), 'utf8');
    expect(predictS11(parseS11Model('fit.json', text), held)).toEqual(predictS11(m, held));
    expect(predictS11({ ...m, warp: { ...m.warp!, fit: undefined } }, held)).not.toEqual(predictS11(m, held));
    expect(() => parseS11Model('fit.json', text.replace('"tm02":{"degree":0,"coef":[', '"tm02":{"degree":0,"coef":["x",'))).toThrow(/fit\.json: warp\.fit = .*expected \{tm10: \{degree, coef/);
    expect(() => trainS11Surrogate({ ...ds, parameters: [{ name: 'a', unit: 'mm', min: 0, max: 1 }, ...ds.parameters.slice(1)] }, train, { steps: 1, warp: 'cavity2', anchors: 'fitted' })).toThrow(/needs? parameters L and W/);
    // scale 'global': one spread for every output, the RMS of the per-output spreads; same means
    const g = trainS11Surrogate(ds, train, { width: 16, depth: 1, steps: 1, warp: 'cavity2', warpPoints: 201, anchors: 'fitted', scale: 'global' });
    const rms = Math.sqrt(m.sd.reduce((acc, v) => acc + v * v, 0) / m.sd.length);
    for (const v of g.sd) expect(v).toBeCloseTo(rms, 12);
    expect(g.mu).toEqual(m.mu);
  });
  it("'patch' features: coupling and both cavity resonances on the dataset's substrate; the model keeps the substrate", () => {
    const P = ds.parameters;
    const f = designFeatures(P, 'patch', [30, 36, 6]);
    expect(f.slice(0, 3)).toEqual(normaliseDesign(P, [30, 36, 6]));
    expect(f[3]).toBeCloseTo(2 * Math.cos(Math.PI / 5) ** 2 - 1, 12);
    expect(f[4]).toBeCloseTo((patchCavityResonance(30, 36) - 2.75e9) / 1.25e9, 12);
    expect(f[5]).toBeCloseTo((2 * patchCavityResonance(36, 30) - 2.75e9) / 1.25e9, 12);
    expect(f.length).toBe(6);
    // another substrate moves the resonances (lower permittivity: higher f10)
    expect(designFeatures(P, 'patch', [30, 36, 6], { epsR: 2.2 })[4]).toBeGreaterThan(f[4]! + 0.1);
    expect(() => designFeatures([{ name: 'a', unit: 'mm', min: 0, max: 1 }], 'patch', [0.5])).toThrow(/'patch' needs parameters L, W and inset \(mm\), the dataset has a/);
    const { train, test } = splitIndices(lattice.length, 0.2, 0);
    const sub = { ...ds, provenance: { familyKey: 'patch', substrate: { epsR: 2.2, hMm: 1.524 } } };
    const m = trainS11Surrogate(sub, train, { width: 16, depth: 1, steps: 5, batch: 16, lr: 1e-2, features: 'patch', warp: 'cavity2' });
    expect(m.substrate).toEqual({ epsR: 2.2, hMm: 1.524 });
    expect(m.params.input.w.shape[0]).toBe(6);
    const held = test.slice(0, 2).map((i) => ds.designs[i]!);
    const dir = mkdtempSync(join(tmpdir(), 's11pf-'));
    writeS11Model(join(dir, 'pf.json'), m);
    const text = readFileSync(join(dir, 'pf.json'), 'utf8');
    expect(predictS11(parseS11Model('pf.json', text), held)).toEqual(predictS11(m, held));
    // the stored substrate is what prediction uses
    expect(predictS11({ ...m, substrate: undefined }, held)).not.toEqual(predictS11(m, held));
    expect(() => parseS11Model('pf.json', text.replace('"epsR":2.2', '"epsR":-1'))).toThrow(/pf\.json: substrate = .*expected \{epsR\?, hMm\?\} positive numbers/);
  });
  it("'blend' weighs the 'cavity' half by its TM20 proximity and the 'cavity2' half by TM02's, per frequency; batched and file agree", () => {
    const { train, test } = splitIndices(lattice.length, 0.2, 0);
    const m = trainS11Surrogate(ds, train, { width: 16, depth: 1, steps: 20, batch: 16, lr: 1e-2, warp: 'blend', ensemble: 2 });
    expect(m.blend).toEqual({ width: 0.08, floor: 0.01 });
    expect(m.warp!.kind).toBe('cavity');
    expect(m.others![0]!.warp!.kind).toBe('cavity2');
    expect(m.warp!.fit).toEqual(m.others![0]!.warp!.fit);
    const held = test.slice(0, 3).map((i) => ds.designs[i]!);
    const both = predictS11(m, held), a = predictS11({ ...m, others: undefined, blend: undefined }, held), b = predictS11(m.others![0]!, held);
    const fit = m.warp!.fit!;
    held.forEach((d, r) => {
      const u = normaliseDesign(ds.parameters, d);
      const f20 = patchCavityResonance(d[0]!, d[1]!) * evalRatio(fit.tm10, u) * evalRatio(fit.tm20!, u), f02 = 2 * patchCavityResonance(d[1]!, d[0]!) * evalRatio(fit.tm02, u);
      const c20 = Math.cos((2 * Math.PI * d[2]!) / d[0]!) ** 2;
      const w = blendWeight(m, d);
      freqs.forEach((f, q) => {
        const p20 = c20 * Math.exp(-(((f - f20) / (0.08 * f20)) ** 2)), p02 = Math.exp(-(((f - f02) / (0.08 * f02)) ** 2));
        expect(w[q]).toBeCloseTo((p20 + 0.01) / (p20 + p02 + 0.02), 12);
        expect(both.re[r]![q]).toBeCloseTo(w[q]! * a.re[r]![q]! + (1 - w[q]!) * b.re[r]![q]!, 12);
        expect(both.im[r]![q]).toBeCloseTo(w[q]! * a.im[r]![q]! + (1 - w[q]!) * b.im[r]![q]!, 12);
      });
      // far below both modes the halves share equally
      expect(w[0]).toBeCloseTo(0.5, 6);
    });
    const batched = predictS11Batch(m, held);
    both.im.forEach((row, r) => row.forEach((v, q) => expect(Math.abs(batched.im[r * freqs.length + q]! - v)).toBeLessThan(1e-5)));
    // more parts: parts of one kind share its weight by network count (a copy of the 'cavity' half changes nothing)
    const again = predictS11({ ...m, others: [m.others![0]!, { ...m, others: undefined, blend: undefined }] }, held);
    again.re.forEach((row, r) => row.forEach((v, q) => expect(v).toBeCloseTo(both.re[r]![q]!, 12)));
    expect(() => predictS11({ ...m, others: [{ ...m, others: undefined, blend: undefined }] }, held)).toThrow(/blended model needs a 'cavity' model with 'cavity' and 'cavity2' sub-models, got cavity, cavity/);
    const dir = mkdtempSync(join(tmpdir(), 's11blend-'));
    writeS11Model(join(dir, 'blend.json'), m);
    const text = readFileSync(join(dir, 'blend.json'), 'utf8');
    expect(predictS11(parseS11Model('blend.json', text), held)).toEqual(both);
    expect(() => parseS11Model('blend.json', text.replace('"blend":{"width":0.08', '"blend":{"width":0'))).toThrow(/blend\.json: blend = .*expected \{width > 0, floor >= 0\}/);
    expect(() => trainS11Surrogate(ds, train, { steps: 1, warp: 'blend', ensemble: 3 })).toThrow(/warp 'blend' needs an even ensemble >= 2/);
    expect(() => trainS11Surrogate(ds, train, { steps: 1, warp: 'blend', ensemble: 2, blendWidth: -1 })).toThrow(/blendWidth = -1/);
    // scale 'both': a quarter of the networks per warp and scale, as four parts
    const q = trainS11Surrogate(ds, train, { width: 8, depth: 1, steps: 2, batch: 16, warp: 'blend', ensemble: 4, scale: 'both' });
    expect([q, ...q.others!].map((p) => [p.warp!.kind, new Set(p.sd).size === 1 ? 'global' : 'output'])).toEqual([['cavity', 'output'], ['cavity2', 'output'], ['cavity', 'global'], ['cavity2', 'global']]);
    // each part is the network a separate run of its warp and scale trains (so parts trained apart can be merged)
    const alone = trainS11Surrogate(ds, train, { width: 8, depth: 1, steps: 2, batch: 16, warp: 'cavity', anchors: 'fitted', scale: 'global' });
    expect(Array.from(q.others![1]!.params.head.w.data())).toEqual(Array.from(alone.params.head.w.data()));
    expect(q.others![1]!.sd).toEqual(alone.sd);
    expect(() => trainS11Surrogate(ds, train, { steps: 1, warp: 'blend', ensemble: 6, scale: 'both' })).toThrow(/scale 'both' needs an ensemble divisible by 4/);
    expect(() => trainS11Surrogate(ds, train, { steps: 1, warp: 'cavity', scale: 'both' })).toThrow(/scale 'both' needs warp 'mixed' or 'blend', got 'cavity'/);
  });
  it("'mixed' averages a 'cavity' and a 'cavity2' half by network count; batched and file agree", () => {
    const { train, test } = splitIndices(lattice.length, 0.2, 0);
    const m = trainS11Surrogate(ds, train, { width: 16, depth: 1, steps: 20, batch: 16, lr: 1e-2, warp: 'mixed', ensemble: 4 });
    expect(m.warp!.kind).toBe('cavity');
    expect(m.members!.length).toBe(1);
    expect(m.others!.length).toBe(1);
    expect(m.others![0]!.warp!.kind).toBe('cavity2');
    const held = test.slice(0, 2).map((i) => ds.designs[i]!);
    const both = predictS11(m, held), a = predictS11({ ...m, others: undefined }, held), b = predictS11(m.others![0]!, held);
    both.re.forEach((row, r) => row.forEach((v, q) => expect(v).toBeCloseTo((a.re[r]![q]! + b.re[r]![q]!) / 2, 12)));
    const batched = predictS11Batch(m, held);
    both.im.forEach((row, r) => row.forEach((v, q) => expect(Math.abs(batched.im[r * freqs.length + q]! - v)).toBeLessThan(1e-5)));
    const dir = mkdtempSync(join(tmpdir(), 's11mix-'));
    writeS11Model(join(dir, 'mix.json'), m);
    const text = readFileSync(join(dir, 'mix.json'), 'utf8');
    expect(predictS11(parseS11Model('mix.json', text), held)).toEqual(both);
    expect(() => parseS11Model('mix.json', text.replace('"others":[', '"others":[null,'))).toThrow(/mix\.json: others\[0\] is not a model object/);
    expect(() => trainS11Surrogate(ds, train, { steps: 1, warp: 'mixed', ensemble: 3 })).toThrow(/even ensemble >= 2/);
  });
  it("'modes' features: TM20 coupling, fitted resonances and the TM20-TM02 detuning; 'patch+modes' trains half of each group with each", () => {
    const { train } = splitIndices(lattice.length, 0.2, 0);
    const m = trainS11Surrogate(ds, train, { width: 8, depth: 1, steps: 2, batch: 16, warp: 'cavity', anchors: 'fitted', features: 'modes' });
    const fit = m.warp!.fit!;
    expect(m.features).toBe('modes');
    for (const d of [[30, 36, 6], [42, 40, 2], [24, 28, 10]]) {
      const x = designFeatures(ds.parameters, 'modes', d, {}, fit), u = normaliseDesign(ds.parameters, d);
      expect(x.slice(0, 6)).toEqual(designFeatures(ds.parameters, 'patch', d));
      const F10 = patchCavityResonance(d[0]!, d[1]!) * evalRatio(fit.tm10, u), F20 = F10 * evalRatio(fit.tm20!, u), F02 = 2 * patchCavityResonance(d[1]!, d[0]!) * evalRatio(fit.tm02, u);
      expect(x[6]).toBeCloseTo(2 * Math.cos((2 * Math.PI * d[2]!) / d[0]!) ** 2 - 1, 12);
      expect(x[7]).toBeCloseTo((F10 - 2.75e9) / 1.25e9, 12);
      expect(x[8]).toBeCloseTo((F20 - 2.75e9) / 1.25e9, 12);
      expect(x[9]).toBeCloseTo((F20 - F02) / F10, 12);
    }
    expect(() => designFeatures(ds.parameters, 'modes', [30, 36, 6])).toThrow(/features 'modes' need the fitted warp anchors/);
    // lrDecay sets the schedule: 0.1 is the default, another value trains other weights
    const head = (o: { lrDecay?: number }) => Array.from(trainS11Surrogate(ds, train, { width: 8, depth: 1, steps: 3, batch: 16, warp: 'cavity', ...o }).params.head.w.data());
    expect(head({ lrDecay: 0.1 })).toEqual(head({}));
    expect(head({ lrDecay: 0.01 })).not.toEqual(head({}));
    expect(() => trainS11Surrogate(ds, train, { steps: 1, warp: 'cavity', features: 'modes' })).toThrow(/features 'modes' need the fitted warp anchors/);
    const q = trainS11Surrogate(ds, train, { width: 8, depth: 1, steps: 2, batch: 16, warp: 'blend', scale: 'both', features: 'patch+modes', ensemble: 8 });
    expect([q, ...q.others!].map((p) => p.features)).toEqual(['patch', 'patch', 'patch', 'patch', 'modes', 'modes', 'modes', 'modes']);
    const alone = trainS11Surrogate(ds, train, { width: 8, depth: 1, steps: 2, batch: 16, warp: 'cavity2', anchors: 'fitted', scale: 'output', features: 'modes' });
    expect(Array.from(q.others![4]!.params.head.w.data())).toEqual(Array.from(alone.params.head.w.data()));
    expect(() => trainS11Surrogate(ds, train, { steps: 1, warp: 'blend', scale: 'both', features: 'patch+modes', ensemble: 4 })).toThrow(/needs an ensemble divisible by 8/);
    expect(() => trainS11Surrogate(ds, train, { steps: 1, warp: 'cavity', features: 'patch+modes' })).toThrow(/features 'patch\+modes' needs warp 'mixed' or 'blend', got 'cavity'/);
  });
  it('a model written with its sub-models in files of their own reads back the same; a missing one is named', () => {
    const { train, test } = splitIndices(lattice.length, 0.2, 0);
    const m = trainS11Surrogate(ds, train, { width: 8, depth: 1, steps: 2, batch: 16, warp: 'blend', scale: 'both', ensemble: 4 });
    const held = test.slice(0, 2).map((i) => ds.designs[i]!);
    const dir = mkdtempSync(join(tmpdir(), 's11split-'));
    writeS11Model(join(dir, 'big.json'), m, { splitOthers: true });
    const main = readFileSync(join(dir, 'big.json'), 'utf8');
    expect(JSON.parse(main).others).toEqual([{ file: 'big.json.others-0.json' }, { file: 'big.json.others-1.json' }, { file: 'big.json.others-2.json' }]);
    expect(predictS11(parseS11Model(join(dir, 'big.json'), main), held)).toEqual(predictS11(m, held));
    rmSync(join(dir, 'big.json.others-1.json'));
    expect(() => parseS11Model(join(dir, 'big.json'), main)).toThrow(/others\[1\] refers to .*big\.json\.others-1\.json, which cannot be read/);
  });
  it('the compiled one-design predictor equals predictS11: blend x both scalings, mixed, no warp; float64 to rounding, float32 to 1e-6', () => {
    const { train, test } = splitIndices(lattice.length, 0.2, 0);
    const held = test.slice(0, 4).map((i) => ds.designs[i]!);
    const models = [
      trainS11Surrogate(ds, train, { width: 16, depth: 2, steps: 10, batch: 16, lr: 1e-2, warp: 'blend', scale: 'both', ensemble: 8 }),
      trainS11Surrogate(ds, train, { width: 16, depth: 1, steps: 10, batch: 16, lr: 1e-2, warp: 'mixed', ensemble: 4 }),
      trainS11Surrogate(ds, train, { width: 12, depth: 1, steps: 10, batch: 16, lr: 1e-2, ensemble: 3 }),
    ];
    for (const m of models) {
      const ref = predictS11(m, held);
      const f64 = compileS11Predictor(m, { precision: 'float64' }), f32 = compileS11Predictor(m);
      held.forEach((d, r) => {
        const a = f64(d), b = f32(d);
        ref.re[r]!.forEach((v, q) => {
          expect(Math.abs(a.re[q]! - v)).toBeLessThan(1e-13);
          expect(Math.abs(a.im[q]! - ref.im[r]![q]!)).toBeLessThan(1e-13);
          expect(Math.abs(b.re[q]! - v)).toBeLessThan(1e-6);
          expect(Math.abs(b.im[q]! - ref.im[r]![q]!)).toBeLessThan(1e-6);
        });
      });
      // calls do not leak into each other (cached head outputs are per call)
      expect(Array.from(f32(held[0]!).re)).toEqual(Array.from(compileS11Predictor(m)(held[0]!).re));
    }
    const nested = { ...models[1]!, others: [models[1]!] };
    expect(() => compileS11Predictor(nested)).toThrow(/sub-models with sub-models of their own are not supported/);
  });
});
