/**
 * moleculeViewHtml: a self-contained HTML page (three.js, no network) showing a trajectory as
 * ball-and-stick atoms coloured by element (Jmol CPK colours), bonds guessed by distance on the first
 * frame, an optional orthorhombic periodic box from the origin, a frame slider and a play button.
 * Input is plain arrays, so viz does not depend on any MD package: callers read XYZ/DCD/PDB themselves.
 *
 * Units: positions, box and radii in nm by default. Other length units (reduced LJ units, Å) are
 * fine: set `nmPerUnit` (e.g. 0.1 for Å, σ in nm for LJ) so bond guessing and default radii scale.
 * The caller writes the returned string to disk (atomically).
 */
import { bondsByDistance } from './bonds.ts';
import { covalentRadiusNm, elementColor, vdwRadiusNm } from './elements.ts';
import { base64Of, viewerPage } from './page.ts';

type Vec3 = readonly [number, number, number];

export interface MoleculeViewOptions {
  /** Element symbol per atom, n entries ('C', 'Cl', 'Ar', ...). */
  elements: readonly string[];
  /** Frames of positions, each [n, 3] flattened, in nm (or the unit set by nmPerUnit). At least one. */
  frames: readonly ArrayLike<number>[];
  /** Orthorhombic box edges [a, b, c] with a corner at the origin: one for all frames, or one per frame. */
  box?: Vec3 | readonly Vec3[];
  /** 'auto' (default): guessed by distance on frame 0; 'none'; or explicit pairs [nBonds, 2] flattened. */
  bonds?: 'auto' | 'none' | ArrayLike<number>;
  /** Sphere radius (length unit): one for all atoms or one per atom. Default 0.25 × van der Waals radius. */
  radius?: number | ArrayLike<number>;
  /** Bond cylinder radius (length unit); default 0.012 nm. */
  bondRadius?: number;
  /** nm per length unit of the input (default 1: input in nm). */
  nmPerUnit?: number;
  /** Name of the length unit shown on the page (default 'nm'). */
  lengthUnit?: string;
  title?: string;
  /** Label per frame shown after 'frame k / n', e.g. 't = 2.0 ps'. */
  frameLabels?: readonly string[];
  /** Playback speed, frames per second (default 10). */
  fps?: number;
  /** Background colour 0xRRGGBB (default white). */
  background?: number;
}

/** What the page carries to the browser (typed arrays as base64). Exported for the browser code's types. */
export interface MoleculeViewData {
  nAtoms: number;
  nFrames: number;
  nBonds: number;
  positions: string;
  radii: string;
  colors: string;
  bonds: string;
  bondCutoffs: string;
  bondRadius: number;
  boxes: string | null;
  boxColor: number;
  frameLabels: string[] | null;
  fps: number;
  background: number;
}

function isVec3(b: unknown): b is Vec3 {
  return Array.isArray(b) && b.length === 3 && b.every((v) => typeof v === 'number');
}

/** Checks the inputs and packs them for the page; throws an Error naming the bad field and value. */
export function moleculeViewData(o: MoleculeViewOptions): MoleculeViewData {
  const n = o.elements.length;
  const nFrames = o.frames.length;
  if (nFrames === 0) throw new Error('moleculeViewHtml: frames is empty (expected at least one frame of [n, 3] positions)');
  const scale = o.nmPerUnit ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`moleculeViewHtml: nmPerUnit is ${scale} (expected a positive number)`);
  const positions = new Float32Array(nFrames * 3 * n);
  o.frames.forEach((frame, f) => {
    if (frame.length !== 3 * n) throw new Error(`moleculeViewHtml: frame ${f} has ${frame.length} coordinates, expected ${3 * n} (${n} atoms x 3)`);
    for (let k = 0; k < 3 * n; k++) {
      const v = frame[k]!;
      if (!Number.isFinite(v)) throw new Error(`moleculeViewHtml: frame ${f} atom ${Math.floor(k / 3)} coordinate ${'xyz'[k % 3]} is ${v} (expected a finite number)`);
      positions[f * 3 * n + k] = v;
    }
  });
  const radii = new Float32Array(n);
  const colors = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    colors[i] = elementColor(o.elements[i]!);
    const r = o.radius === undefined ? (0.25 * vdwRadiusNm(o.elements[i]!)) / scale : typeof o.radius === 'number' ? o.radius : o.radius[i];
    if (r === undefined || !(r >= 0) || !Number.isFinite(r)) throw new Error(`moleculeViewHtml: radius of atom ${i} is ${r} (expected a finite number >= 0)`);
    radii[i] = r;
  }
  let pairs: Uint32Array;
  if (o.bonds === undefined || o.bonds === 'auto') {
    const nm = scale === 1 ? positions.subarray(0, 3 * n) : positions.subarray(0, 3 * n).map((v) => v * scale);
    pairs = bondsByDistance(nm, o.elements);
  } else if (o.bonds === 'none') {
    pairs = new Uint32Array(0);
  } else {
    if (o.bonds.length % 2 !== 0) throw new Error(`moleculeViewHtml: bonds has ${o.bonds.length} entries (expected pairs, an even count)`);
    pairs = new Uint32Array(o.bonds.length);
    for (let k = 0; k < o.bonds.length; k++) {
      const a = o.bonds[k]!;
      if (!Number.isInteger(a) || a < 0 || a >= n) throw new Error(`moleculeViewHtml: bond ${k >> 1} names atom ${a} (expected an index 0..${n - 1})`);
      pairs[k] = a;
    }
  }
  const cut = new Float32Array(pairs.length / 2);
  for (let b = 0; b < cut.length; b++) {
    cut[b] = (covalentRadiusNm(o.elements[pairs[2 * b]!]!) + covalentRadiusNm(o.elements[pairs[2 * b + 1]!]!) + 0.045) / scale;
  }
  let boxes: Float32Array | null = null;
  if (o.box !== undefined) {
    const list: readonly Vec3[] = isVec3(o.box) ? Array.from({ length: nFrames }, () => o.box as Vec3) : (o.box as readonly Vec3[]);
    if (list.length !== nFrames) throw new Error(`moleculeViewHtml: box has ${list.length} entries for ${nFrames} frames (expected one [a, b, c] or one per frame)`);
    boxes = new Float32Array(3 * nFrames);
    list.forEach((b, f) => {
      for (let a = 0; a < 3; a++) {
        if (!(b[a]! > 0) || !Number.isFinite(b[a]!)) throw new Error(`moleculeViewHtml: box of frame ${f} has edge ${'abc'[a]} = ${b[a]} (expected a positive length)`);
        boxes![3 * f + a] = b[a]!;
      }
    });
  }
  if (o.frameLabels && o.frameLabels.length !== nFrames) throw new Error(`moleculeViewHtml: ${o.frameLabels.length} frame labels for ${nFrames} frames`);
  return {
    nAtoms: n, nFrames, nBonds: cut.length,
    positions: base64Of(positions), radii: base64Of(radii), colors: base64Of(colors),
    bonds: base64Of(pairs), bondCutoffs: base64Of(cut), bondRadius: o.bondRadius ?? 0.012 / scale,
    boxes: boxes ? base64Of(boxes) : null, boxColor: 0x555555,
    frameLabels: o.frameLabels ? [...o.frameLabels] : null,
    fps: o.fps ?? 10, background: o.background ?? 0xffffff,
  };
}

/** The page as one HTML string (write it with a tmp file + rename). */
export function moleculeViewHtml(o: MoleculeViewOptions): string {
  const data = moleculeViewData(o);
  const unit = o.lengthUnit ?? 'nm';
  const elements = [...new Set(o.elements)].slice(0, 12).join(' ');
  return viewerPage({
    title: o.title ?? 'Trajectory',
    viewer: 'molecule',
    data,
    toolbar: '<button id="viz-play" title="play / pause">▶</button><input id="viz-frame" type="range" min="0" max="0" value="0" step="1" style="width:260px"><span id="viz-frame-label"></span>',
    caption: `${data.nAtoms} atoms (${elements}), ${data.nBonds} bonds, ${data.nFrames} frames; lengths in ${unit}; drag to rotate, wheel to zoom`,
  });
}
