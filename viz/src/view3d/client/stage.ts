/**
 * Browser side, shared by the 3-D viewers (bundled into each page by viewerBundle.ts; never imported
 * by Node code). Sets up a three.js renderer, scene, lights, perspective camera and orbit controls,
 * renders on demand, and publishes `window.__viz` for tests and scripts:
 *   ready   true after the first frame reached the screen (two animation frames after the first render)
 *   renders number of renders so far; error: a message when the page could not draw (e.g. no WebGL).
 * Data arrive in <script type="application/json" id="viz-data">; typed arrays as base64 little-endian.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

export interface VizHandle {
  ready: boolean;
  renders: number;
  error?: string;
  frame?: number;
  frames?: number;
  setFrame?: (k: number) => void;
  setLayer?: (name: string, visible: boolean) => void;
}

declare global {
  interface Window { __viz: VizHandle }
}

export const viz: VizHandle = { ready: false, renders: 0 };
window.__viz = viz;

export function fail(message: string): void {
  viz.error = message;
  const box = document.getElementById('viz-error');
  if (box) { box.textContent = message; box.style.display = 'block'; }
}

window.addEventListener('error', (e) => fail(`viewer error: ${e.message}`));

export function readData<T>(): T {
  const el = document.getElementById('viz-data');
  if (!el?.textContent) throw new Error('viewer: the page has no viz-data element');
  return JSON.parse(el.textContent) as T;
}

function bytes(b64: string): ArrayBuffer {
  const s = atob(b64);
  const u = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
  return u.buffer;
}
export const f32 = (b64: string): Float32Array => new Float32Array(bytes(b64));
export const u32 = (b64: string): Uint32Array => new Uint32Array(bytes(b64));
export const u16 = (b64: string): Uint16Array => new Uint16Array(bytes(b64));

export interface Stage {
  scene: THREE.Scene;
  camera: THREE.PerspectiveCamera;
  renderer: THREE.WebGLRenderer;
  controls: OrbitControls;
  requestRender(): void;
  fit(box: THREE.Box3): void;
}

/** Creates the renderer in #viz-canvas-host; throws (with fail() shown) when WebGL is unavailable. */
export function createStage(background: number): Stage {
  const host = document.getElementById('viz-canvas-host')!;
  let renderer: THREE.WebGLRenderer;
  try {
    renderer = new THREE.WebGLRenderer({ antialias: true });
  } catch (e) {
    fail(`WebGL is not available in this browser: ${(e as Error).message}`);
    throw e;
  }
  renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
  renderer.setClearColor(background);
  host.appendChild(renderer.domElement);
  const scene = new THREE.Scene();
  const camera = new THREE.PerspectiveCamera(40, 1, 0.01, 1000);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x444455, 1.6));
  const sun = new THREE.DirectionalLight(0xffffff, 1.8);
  sun.position.set(1, 2, 3);
  camera.add(sun); // the light follows the viewer, so the side you look at is lit
  scene.add(camera);
  const controls = new OrbitControls(camera, renderer.domElement);
  let pending = false;
  const draw = (): void => {
    pending = false;
    renderer.render(scene, camera);
    viz.renders++;
    if (!viz.ready) requestAnimationFrame(() => requestAnimationFrame(() => { viz.ready = true; document.documentElement.dataset['vizReady'] = '1'; }));
  };
  const requestRender = (): void => {
    if (!pending) { pending = true; requestAnimationFrame(draw); }
  };
  const resize = (): void => {
    const w = host.clientWidth || 800;
    const h = host.clientHeight || 600;
    renderer.setSize(w, h);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
    requestRender();
  };
  window.addEventListener('resize', resize);
  controls.addEventListener('change', requestRender);
  const fit = (box: THREE.Box3): void => {
    const centre = box.getCenter(new THREE.Vector3());
    const radius = Math.max(1e-9, box.getSize(new THREE.Vector3()).length() / 2);
    const dist = radius / Math.sin((camera.fov * Math.PI) / 360) * 1.05;
    camera.position.copy(centre).add(new THREE.Vector3(0.9, 0.6, 1.3).normalize().multiplyScalar(dist));
    camera.near = dist / 100;
    camera.far = dist * 100;
    camera.updateProjectionMatrix();
    controls.target.copy(centre);
    controls.update();
    requestRender();
  };
  resize();
  return { scene, camera, renderer, controls, requestRender, fit };
}
