/**
 * Browser side of moleculeViewHtml (see ../molecule.ts for the data contract): atoms as instanced
 * spheres, bonds as instanced cylinders, an optional orthorhombic box outline, and a frame slider with
 * a play button. Frame updates write instance matrices in place (no allocation per atom).
 */
import * as THREE from 'three';
import { createStage, f32, readData, u32, viz, fail } from './stage.ts';
import type { MoleculeViewData } from '../molecule.ts';

function main(): void {
  const d = readData<MoleculeViewData>();
  const n = d.nAtoms;
  const positions = f32(d.positions);
  const radii = f32(d.radii);
  const colors = u32(d.colors);
  const bonds = u32(d.bonds);
  const bondCut = f32(d.bondCutoffs);
  const boxes = d.boxes ? f32(d.boxes) : null;
  const stage = createStage(d.background);

  // Fewer facets per sphere for big systems keeps the triangle count near a few million.
  const facets = n > 50_000 ? 8 : n > 5_000 ? 12 : 20;
  const atoms = new THREE.InstancedMesh(new THREE.SphereGeometry(1, facets, Math.round(facets * 0.7)), new THREE.MeshStandardMaterial({ roughness: 0.45, metalness: 0.05 }), Math.max(1, n));
  atoms.count = n;
  const color = new THREE.Color();
  for (let i = 0; i < n; i++) atoms.setColorAt(i, color.setHex(colors[i]!));
  atoms.frustumCulled = false;
  stage.scene.add(atoms);

  const nb = bonds.length / 2;
  const sticks = new THREE.InstancedMesh(new THREE.CylinderGeometry(1, 1, 1, 10, 1, true), new THREE.MeshStandardMaterial({ color: 0xb8b8b8, roughness: 0.5 }), Math.max(1, nb));
  sticks.count = nb;
  sticks.frustumCulled = false;
  stage.scene.add(sticks);

  const boxLines = new THREE.LineSegments(new THREE.EdgesGeometry(new THREE.BoxGeometry(1, 1, 1)), new THREE.LineBasicMaterial({ color: d.boxColor }));
  boxLines.visible = boxes !== null;
  stage.scene.add(boxLines);

  const up = new THREE.Vector3(0, 1, 0);
  const dir = new THREE.Vector3();
  const mid = new THREE.Vector3();
  const quat = new THREE.Quaternion();
  const scale = new THREE.Vector3();
  const m = new THREE.Matrix4();
  const slider = document.getElementById('viz-frame') as HTMLInputElement;
  const label = document.getElementById('viz-frame-label')!;

  const setFrame = (k: number): void => {
    const f = Math.max(0, Math.min(d.nFrames - 1, Math.round(k)));
    const base = f * 3 * n;
    const a = atoms.instanceMatrix.array as Float32Array;
    for (let i = 0; i < n; i++) {
      const r = radii[i]!;
      const o = 16 * i;
      a[o] = r; a[o + 1] = 0; a[o + 2] = 0; a[o + 3] = 0;
      a[o + 4] = 0; a[o + 5] = r; a[o + 6] = 0; a[o + 7] = 0;
      a[o + 8] = 0; a[o + 9] = 0; a[o + 10] = r; a[o + 11] = 0;
      a[o + 12] = positions[base + 3 * i]!; a[o + 13] = positions[base + 3 * i + 1]!; a[o + 14] = positions[base + 3 * i + 2]!; a[o + 15] = 1;
    }
    atoms.instanceMatrix.needsUpdate = true;
    for (let b = 0; b < nb; b++) {
      const i = bonds[2 * b]!, j = bonds[2 * b + 1]!;
      dir.set(positions[base + 3 * j]! - positions[base + 3 * i]!, positions[base + 3 * j + 1]! - positions[base + 3 * i + 1]!, positions[base + 3 * j + 2]! - positions[base + 3 * i + 2]!);
      const len = dir.length();
      // A bond stretched past its cutoff in this frame crossed the periodic wall (or broke): hide it.
      const show = len > 0 && len <= 1.3 * bondCut[b]!;
      mid.set(positions[base + 3 * i]!, positions[base + 3 * i + 1]!, positions[base + 3 * i + 2]!).addScaledVector(dir, 0.5);
      quat.setFromUnitVectors(up, show ? dir.multiplyScalar(1 / len) : up);
      scale.set(show ? d.bondRadius : 0, show ? len : 0, show ? d.bondRadius : 0);
      sticks.setMatrixAt(b, m.compose(mid, quat, scale));
    }
    sticks.instanceMatrix.needsUpdate = true;
    if (boxes) {
      const bx = boxes[3 * f]!, by = boxes[3 * f + 1]!, bz = boxes[3 * f + 2]!;
      boxLines.scale.set(bx, by, bz);
      boxLines.position.set(bx / 2, by / 2, bz / 2);
    }
    viz.frame = f;
    slider.value = String(f);
    label.textContent = `frame ${f + 1} / ${d.nFrames}${d.frameLabels ? `: ${d.frameLabels[f]}` : ''}`;
    stage.requestRender();
  };

  viz.frames = d.nFrames;
  viz.setFrame = setFrame;
  slider.max = String(d.nFrames - 1);
  slider.addEventListener('input', () => setFrame(Number(slider.value)));
  const play = document.getElementById('viz-play') as HTMLButtonElement;
  let timer = 0;
  play.addEventListener('click', () => {
    if (timer) { clearInterval(timer); timer = 0; play.textContent = '▶'; return; }
    play.textContent = '❚❚';
    timer = window.setInterval(() => setFrame(((viz.frame ?? 0) + 1) % d.nFrames), 1000 / d.fps);
  });
  if (d.nFrames < 2) { slider.disabled = true; play.disabled = true; }

  setFrame(0);
  const box = new THREE.Box3();
  const p = new THREE.Vector3();
  for (let i = 0; i < n; i++) box.expandByPoint(p.set(positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!));
  if (boxes) box.expandByPoint(p.set(0, 0, 0)).expandByPoint(p.set(boxes[0]!, boxes[1]!, boxes[2]!));
  if (box.isEmpty()) box.expandByPoint(p.set(0, 0, 0));
  box.expandByScalar(radii.reduce((a, r) => Math.max(a, r), 0));
  stage.fit(box);
}

try { main(); } catch (e) { if (!viz.error) fail(`viewer error: ${(e as Error).message}`); }
