/**
 * Browser side of meshVoxelViewHtml (see ../meshVoxel.ts for the data contract): meshes with computed
 * normals, voxels as one translucent InstancedMesh of unit boxes (or a point cloud), layer check boxes.
 */
import * as THREE from 'three';
import { createStage, f32, readData, u16, u32, viz, fail } from './stage.ts';
import type { MeshVoxelViewData } from '../meshVoxel.ts';

function main(): void {
  const d = readData<MeshVoxelViewData>();
  const stage = createStage(d.background);
  const bounds = new THREE.Box3();
  const meshGroup = new THREE.Group();
  for (const m of d.meshes) {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(f32(m.positions), 3));
    g.setIndex(new THREE.BufferAttribute(u32(m.triangles), 1));
    g.computeVertexNormals();
    g.computeBoundingBox();
    bounds.union(g.boundingBox!);
    const transparent = d.meshOpacity < 1;
    meshGroup.add(new THREE.Mesh(g, new THREE.MeshStandardMaterial({
      color: m.color, roughness: 0.6, metalness: 0.1, side: THREE.DoubleSide,
      transparent, opacity: d.meshOpacity, depthWrite: !transparent,
    })));
  }
  stage.scene.add(meshGroup);

  const voxelGroup = new THREE.Group();
  if (d.voxels) {
    const v = d.voxels;
    const centers = f32(v.centers);
    const ids = u16(v.ids);
    const n = ids.length;
    const color = new THREE.Color();
    if (v.mode === 'boxes') {
      const boxes = new THREE.InstancedMesh(new THREE.BoxGeometry(v.size[0] * 0.92, v.size[1] * 0.92, v.size[2] * 0.92),
        new THREE.MeshLambertMaterial({ transparent: true, opacity: v.opacity, depthWrite: false }), Math.max(1, n));
      boxes.count = n;
      const a = boxes.instanceMatrix.array as Float32Array;
      for (let i = 0; i < n; i++) {
        a.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], 16 * i);
        a[16 * i + 12] = centers[3 * i]!; a[16 * i + 13] = centers[3 * i + 1]!; a[16 * i + 14] = centers[3 * i + 2]!; a[16 * i + 15] = 1;
        boxes.setColorAt(i, color.setHex(v.colors[ids[i]!] ?? 0x888888));
      }
      boxes.frustumCulled = false;
      voxelGroup.add(boxes);
    } else {
      const cols = new Float32Array(3 * n);
      for (let i = 0; i < n; i++) { color.setHex(v.colors[ids[i]!] ?? 0x888888); cols[3 * i] = color.r; cols[3 * i + 1] = color.g; cols[3 * i + 2] = color.b; }
      const g = new THREE.BufferGeometry();
      g.setAttribute('position', new THREE.BufferAttribute(centers, 3));
      g.setAttribute('color', new THREE.BufferAttribute(cols, 3));
      voxelGroup.add(new THREE.Points(g, new THREE.PointsMaterial({ size: Math.min(...v.size), vertexColors: true, transparent: true, opacity: Math.min(1, 2 * v.opacity) })));
    }
    const p = new THREE.Vector3();
    for (let i = 0; i < n; i++) bounds.expandByPoint(p.set(centers[3 * i]!, centers[3 * i + 1]!, centers[3 * i + 2]!));
  }
  stage.scene.add(voxelGroup);

  const layers: Record<string, THREE.Object3D> = { mesh: meshGroup, voxels: voxelGroup };
  viz.setLayer = (name: string, visible: boolean): void => {
    const layer = layers[name];
    if (!layer) throw new Error(`unknown layer '${name}' (expected mesh or voxels)`);
    layer.visible = visible;
    const box = document.getElementById(`viz-layer-${name}`) as HTMLInputElement | null;
    if (box) box.checked = visible;
    stage.requestRender();
  };
  for (const name of Object.keys(layers)) {
    document.getElementById(`viz-layer-${name}`)?.addEventListener('change', (e) => viz.setLayer!(name, (e.target as HTMLInputElement).checked));
  }
  if (bounds.isEmpty()) bounds.expandByPoint(new THREE.Vector3());
  stage.fit(bounds);
}

try { main(); } catch (e) { if (!viz.error) fail(`viewer error: ${(e as Error).message}`); }
