/**
 * The 3-D views in a real browser: Debian's chromium, headless, WebGL in software (SwiftShader), driven
 * by playwright-core (no browser download). Each page is written to results/browser/, loaded from
 * file:// (no server, no network), and must (1) set window.__viz.ready after its first frame with no
 * page error or console error, (2) draw: enough non-background pixels, in the expected element or
 * material colours, (3) react: the frame slider moves atoms; hiding both layers leaves a blank canvas.
 * Screenshots land in results/browser/*.png. Without chromium the suite skips locally and fails in CI.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedView, meshVoxelViewHtml, moleculeViewHtml } from '@mindscience/viz';
import { decodePng, type RgbaImage } from '@mindscience/mindelec';
import { runTour } from '../cli/src/tour.ts';
import type { Browser, Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const OUT = resolve('results/browser');

if (!haveChromium && process.env.CI) {
  describe('browser', () => {
    it('needs chromium in CI', () => {
      throw new Error(`${CHROMIUM} not found: CI must install Debian's chromium (apt-get install chromium) for the 3-D view test`);
    });
  });
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Pixels that are not the white background (any channel below 235). */
function inkFraction(img: RgbaImage): number {
  let ink = 0;
  for (let p = 0; p < img.width * img.height; p++) {
    const o = 4 * p;
    if (img.rgba[o]! < 235 || img.rgba[o + 1]! < 235 || img.rgba[o + 2]! < 235) ink++;
  }
  return ink / (img.width * img.height);
}

/** Pixels whose colour is dominated by one channel: shading scales a CPK colour, it does not change its hue. */
function count(img: RgbaImage, test: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let o = 0; o < img.rgba.length; o += 4) if (test(img.rgba[o]!, img.rgba[o + 1]!, img.rgba[o + 2]!)) n++;
  return n;
}
const reddish = (r: number, g: number, b: number) => r > 120 && r > 2.2 * g && r > 2.2 * b;
const bluish = (r: number, g: number, b: number) => b > 120 && b > 1.8 * r && b > 1.4 * g;
const yellowish = (r: number, g: number, b: number) => r > 120 && g > 110 && Math.min(r, g) - b > 50 && Math.abs(r - g) < 60;

function changedPixels(a: RgbaImage, b: RgbaImage): number {
  let n = 0;
  for (let o = 0; o < a.rgba.length; o += 4) {
    if (Math.abs(a.rgba[o]! - b.rgba[o]!) + Math.abs(a.rgba[o + 1]! - b.rgba[o + 1]!) + Math.abs(a.rgba[o + 2]! - b.rgba[o + 2]!) > 30) n++;
  }
  return n;
}

describe.skipIf(!haveChromium)('3-D views in headless chromium', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const { chromium } = await import('playwright-core');
    // playwright gives every launch a fresh temporary --user-data-dir.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => { await browser?.close(); });

  async function open(file: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    page.on('pageerror', (e) => problems.push(`${file}: page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`${file}: console error: ${m.text()}`); });
    // Self-contained means no request leaves the file: fail any that tries.
    await page.route(/^(?!file:|data:|blob:)/, (route) => { problems.push(`${file}: network request ${route.request().url()}`); return route.abort(); });
    await page.goto(pathToFileURL(join(OUT, file)).href);
    await page.waitForFunction(() => window.__viz?.ready === true || window.__viz?.error !== undefined, null, { timeout: 20_000 });
    const error = await page.evaluate(() => window.__viz.error);
    expect(error, `${file}: the viewer reported an error`).toBeUndefined();
    return page;
  }

  /** Screenshot of the canvas only (not the toolbar), after the next rendered frame. */
  async function shot(page: Page, name: string): Promise<RgbaImage> {
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const png = await page.locator('#viz-canvas-host canvas').screenshot({ path: join(OUT, name) });
    return decodePng(new Uint8Array(png), name);
  }

  it('molecule view: CPK-coloured atoms, bonds, and a frame slider that moves them', async () => {
    // Three small molecules (nm): water (O red), ammonia (N blue), H2S (S yellow); frame 1 moves them 0.3 nm in x.
    const elements = ['O', 'H', 'H', 'N', 'H', 'H', 'H', 'S', 'H', 'H'];
    const frame0 = [0, 0, 0, 0.096, 0, 0, -0.024, 0.093, 0,
      0.5, 0, 0, 0.6, 0.02, 0, 0.47, 0.095, 0, 0.47, -0.03, 0.09,
      0, 0.5, 0, 0.134, 0.5, 0, -0.03, 0.63, 0];
    const frame1 = frame0.map((v, k) => (k % 3 === 0 ? v + 0.3 : v));
    const html = moleculeViewHtml({ elements, frames: [frame0, frame1], box: [1, 1, 1], radius: elements.map((e) => (e === 'H' ? 0.03 : 0.07)), title: 'browser test: three molecules' });
    writeAtomic(join(OUT, 'molecule.html'), html);
    const page = await open('molecule.html');
    expect(await page.evaluate(() => [window.__viz.frames, window.__viz.frame])).toEqual([2, 0]);
    const a = await shot(page, 'molecule-frame0.png');
    expect(inkFraction(a)).toBeGreaterThan(0.01);
    expect(count(a, reddish), 'oxygen red').toBeGreaterThan(100);
    expect(count(a, bluish), 'nitrogen blue').toBeGreaterThan(100);
    expect(count(a, yellowish), 'sulfur yellow').toBeGreaterThan(100);
    await page.locator('#viz-frame').fill('1');
    await page.waitForFunction(() => window.__viz.frame === 1);
    expect(await page.locator('#viz-frame-label').textContent()).toBe('frame 2 / 2');
    const b = await shot(page, 'molecule-frame1.png');
    expect(changedPixels(a, b), 'moving to frame 2 changes the picture').toBeGreaterThan(500);
    await page.close();
    // The same page embedded as an <iframe srcdoc> (how a notebook shows it inline) renders too.
    writeAtomic(join(OUT, 'embedded.html'), `<!doctype html><html><body><h1>host</h1>${embedView(html, { height: 400 })}</body></html>`);
    const host = await browser.newPage({ viewport: { width: 800, height: 600 } });
    host.on('pageerror', (e) => problems.push(`embedded.html: page error: ${e.message}`));
    await host.goto(pathToFileURL(join(OUT, 'embedded.html')).href);
    const frame = host.frames().find((f) => f !== host.mainFrame())!;
    await frame.waitForFunction(() => window.__viz?.ready === true || window.__viz?.error !== undefined, null, { timeout: 20_000 });
    expect(await frame.evaluate(() => window.__viz.error)).toBeUndefined();
    const png = await host.locator('iframe').screenshot({ path: join(OUT, 'embedded.png') });
    expect(count(decodePng(new Uint8Array(png), 'embedded.png'), reddish), 'oxygen red inside the iframe').toBeGreaterThan(50);
    await host.close();
    expect(problems).toEqual([]);
  });

  it('CAD view: mesh and voxel layers both draw, and hiding both leaves an empty canvas', async () => {
    // A closed cube mesh (mm) and a 6x6x6 voxel grid: a blue slab (id 1) and a red one (id 2).
    const c = [0, 0, 0, 6, 0, 0, 6, 6, 0, 0, 6, 0, 0, 0, 6, 6, 0, 6, 6, 6, 6, 0, 6, 6];
    const t = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7];
    const ids = new Uint16Array(216);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) for (let k = 0; k < 6; k++) if (j < 2) ids[(i * 6 + j) * 6 + k] = k < 3 ? 1 : 2;
    const html = meshVoxelViewHtml({
      meshes: [{ name: 'cube', positions: c, triangles: t, color: 0xe0c040 }],
      voxels: { origin: [0, 0, 0], spacing: [1, 1, 1], dims: [6, 6, 6], ids, colors: { 1: 0x2050ff, 2: 0xff2020 } },
      meshOpacity: 0.5, voxelOpacity: 0.6, title: 'browser test: cube with voxels',
    });
    writeAtomic(join(OUT, 'cad.html'), html);
    const page = await open('cad.html');
    const both = await shot(page, 'cad-both.png');
    expect(inkFraction(both)).toBeGreaterThan(0.05);
    await page.locator('#viz-layer-mesh').uncheck();
    const voxelsOnly = await shot(page, 'cad-voxels.png');
    expect(count(voxelsOnly, reddish), 'id 2 voxels red').toBeGreaterThan(200);
    expect(count(voxelsOnly, bluish), 'id 1 voxels blue').toBeGreaterThan(200);
    expect(count(voxelsOnly, yellowish), 'mesh hidden').toBeLessThan(20);
    await page.locator('#viz-layer-mesh').check();
    await page.locator('#viz-layer-voxels').uncheck();
    const meshOnly = await shot(page, 'cad-mesh.png');
    expect(count(meshOnly, reddish) + count(meshOnly, bluish), 'voxels hidden').toBeLessThan(20);
    expect(count(meshOnly, yellowish), 'the yellow cube mesh').toBeGreaterThan(500);
    await page.locator('#viz-layer-mesh').uncheck();
    const none = await shot(page, 'cad-none.png');
    expect(inkFraction(none), 'nothing left to draw').toBeLessThan(0.001);
    await page.close();
    expect(problems).toEqual([]);
  });

  it("the tour's views: the LJ trajectory from traj.dcd and the STEP assembly with its voxels", async () => {
    const tour = join(OUT, 'tour');
    const log = console.log;
    console.log = () => {};
    let code: number;
    try { code = await runTour(['--quick', '--only', 'md,cad', '--out', tour]); } finally { console.log = log; }
    expect(code).toBe(0);
    const md = await open('tour/md/trajectory.html');
    const frames = await md.evaluate(() => window.__viz.frames!);
    expect(frames).toBeGreaterThan(1);
    const a = await shot(md, 'tour-trajectory-first.png');
    // Argon's Jmol colour 0x80d1e3, shaded: cyan-ish pixels over a good part of the canvas.
    expect(count(a, (r, g, b) => b > 90 && g > 0.8 * b && r < 0.75 * b)).toBeGreaterThan(5000);
    await md.locator('#viz-frame').fill(String(frames - 1));
    await md.waitForFunction((k) => window.__viz.frame === k, frames - 1);
    expect(changedPixels(a, await shot(md, 'tour-trajectory-last.png')), 'the liquid moved').toBeGreaterThan(1000);
    await md.close();
    const cad = await open('tour/cad/view.html');
    const both = await shot(cad, 'tour-cad.png');
    expect(inkFraction(both)).toBeGreaterThan(0.05);
    await cad.locator('#viz-layer-mesh').uncheck();
    expect(inkFraction(await shot(cad, 'tour-cad-voxels.png')), 'voxels alone still draw the assembly').toBeGreaterThan(0.03);
    await cad.locator('#viz-layer-voxels').uncheck();
    expect(inkFraction(await shot(cad, 'tour-cad-none.png'))).toBeLessThan(0.001);
    await cad.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('says so on the page when the browser has no WebGL', async () => {
    const { chromium } = await import('playwright-core');
    const noGl = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-webgl', '--disable-webgl2', '--disable-software-rasterizer'] });
    try {
      writeAtomic(join(OUT, 'nogl.html'), moleculeViewHtml({ elements: ['Ar'], frames: [[0, 0, 0]] }));
      const page = await noGl.newPage();
      await page.goto(pathToFileURL(join(OUT, 'nogl.html')).href);
      await page.waitForFunction(() => window.__viz?.ready === true || window.__viz?.error !== undefined, null, { timeout: 20_000 });
      expect(await page.evaluate(() => window.__viz.error)).toMatch(/WebGL is not available/);
      expect(await page.locator('#viz-error').isVisible()).toBe(true);
    } finally {
      await noGl.close();
    }
  });
});
