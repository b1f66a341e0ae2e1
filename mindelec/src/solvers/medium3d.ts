/**
 * Rasterise primitives (boxes, spheres, cylinders; SI metres) onto an fdtd3d grid as a Medium3D.
 * Node (i, j, k) sits at origin + (i dx, j dy, k dz). Later shapes override earlier ones.
 * - Dielectrics (epsR, sigma S/m; a Drude/Lorentz pole is set per node like epsR): each E edge gets the average over its dual face (4 x 4 samples),
 *   e.g. a tangential edge lying on an interface gets (eps1 + eps2) / 2.
 * - PEC (also zero-thickness sheets): every node inside or on the shape is PEC, and an E edge is PEC
 *   (pecX/pecY/pecZ) when one conductor holds both its end nodes and its midpoint, i.e. the whole edge
 *   (shapes are convex). So a vertical edge between a patch and a ground plane one cell below stays free,
 *   where the node rule (both end nodes PEC) would short them.
 */
import type { Medium3D } from './fdtd3d.ts';

export type Shape3D =
  | { kind: 'box'; min: [number, number, number]; max: [number, number, number] }
  | { kind: 'sphere'; center: [number, number, number]; radius: number }
  | { kind: 'cylinder'; center: [number, number, number]; radius: number; height: number; axis: 'x' | 'y' | 'z' };

export interface MaterialSpec {
  epsR?: number;
  sigma?: number;
  pec?: boolean;
  /** One dispersive pole (epsR is then eps_infinity): Drude (omegaP rad/s, gamma 1/s) ... */
  drude?: { omegaP: number; gamma: number };
  /** ... or Lorentz (deltaEps, omega0 rad/s, gamma 1/s); see Medium3D. */
  lorentz?: { deltaEps: number; omega0: number; gamma: number };
}

export interface Grid3DSpec {
  nx: number;
  ny: number;
  nz: number;
  dx: number;
  dy: number;
  dz: number;
  origin?: [number, number, number];
}

/**
 * Whether the point (x, y, z) (m) lies inside or on the boundary of a shape, grown by `tol` (m, default 0).
 * Box: min <= p <= max per axis (m); sphere: |p - center| <= radius; cylinder: distance from its axis
 * line through `center` <= radius and |offset along the axis| <= height / 2 (center is the midpoint).
 * Throws nothing.
 */
export function insideShape(s: Shape3D, x: number, y: number, z: number, tol = 0): boolean {
  switch (s.kind) {
    case 'box':
      return x >= s.min[0] - tol && x <= s.max[0] + tol && y >= s.min[1] - tol && y <= s.max[1] + tol && z >= s.min[2] - tol && z <= s.max[2] + tol;
    case 'sphere':
      return (x - s.center[0]) ** 2 + (y - s.center[1]) ** 2 + (z - s.center[2]) ** 2 <= (s.radius + tol) ** 2;
    case 'cylinder': {
      const [a, b, c] = s.axis === 'x' ? [y - s.center[1], z - s.center[2], x - s.center[0]] : s.axis === 'y' ? [x - s.center[0], z - s.center[2], y - s.center[1]] : [x - s.center[0], y - s.center[1], z - s.center[2]];
      return a * a + b * b <= (s.radius + tol) ** 2 && Math.abs(c) <= s.height / 2 + tol;
    }
  }
}

/**
 * Rasterises shapes onto an fdtd3d grid (rules in the file header) and returns the Medium3D to pass as
 * `fdtd3d({medium})`.
 * @param g Grid: nx, ny, nz nodes, dx, dy, dz cell sizes (m) and `origin` (m, default [0, 0, 0]), the
 *   position of node (0, 0, 0).
 * @param shapes Shapes with materials, in order: among dielectrics a later shape overrides an earlier one;
 *   a node inside any PEC shape is PEC regardless of order. Materials: epsR (default 1), sigma (S/m,
 *   default 0, node value only), pec, and one optional Drude or Lorentz pole.
 * @returns Medium3D whose arrays are all [nx * ny * nz], index (i * ny + j) * nz + k: node epsR
 *   (Float64Array, background 1), sigma, pec (Uint8Array); per-edge epsRx/epsRy/epsRz (4 x 4 dual-face
 *   averages of epsR, at the Ex/Ey/Ez positions) and pecX/pecY/pecZ; plus drudeOmegaP, drudeGamma,
 *   lorentzDeltaEps, lorentzOmega0, lorentzGamma only when some material is dispersive.
 *   Cost O(nx ny nz * shapes * 48) point tests. Throws nothing; sizes are checked by fdtd3d.
 */
export function rasterizeMedium(g: Grid3DSpec, shapes: readonly { shape: Shape3D; material: MaterialSpec }[]): Medium3D {
  const { nx, ny, nz, dx, dy, dz } = g;
  const [x0, y0, z0] = g.origin ?? [0, 0, 0];
  const N = nx * ny * nz;
  const pec = new Uint8Array(N);
  const sigma = new Float64Array(N);
  const epsR = new Float64Array(N).fill(1);
  const edge = [new Float64Array(N).fill(1), new Float64Array(N).fill(1), new Float64Array(N).fill(1)];
  const dispersive = shapes.some((s) => s.material.drude || s.material.lorentz);
  const pole = dispersive ? { wp: new Float64Array(N), dg: new Float64Array(N), de: new Float64Array(N), w0: new Float64Array(N), lg: new Float64Array(N) } : null;
  const edgePec = [new Uint8Array(N), new Uint8Array(N), new Uint8Array(N)];
  const tol = 1e-9 * Math.min(dx, dy, dz);
  const dielectrics = shapes.filter((s) => !s.material.pec);
  const conductors = shapes.filter((s) => s.material.pec);
  const sub = 4;
  const d = [dx, dy, dz];
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      for (let k = 0; k < nz; k++) {
        const q = (i * ny + j) * nz + k;
        const x = x0 + i * dx, y = y0 + j * dy, z = z0 + k * dz;
        for (const { shape } of conductors) if (insideShape(shape, x, y, z, tol)) pec[q] = 1;
        if (pec[q]) {
          for (let a = 0; a < 3; a++) {
            const end = [x, y, z], mid = [x, y, z];
            end[a]! += d[a]!;
            mid[a]! += d[a]! / 2;
            for (const { shape } of conductors) {
              if (insideShape(shape, end[0]!, end[1]!, end[2]!, tol) && insideShape(shape, mid[0]!, mid[1]!, mid[2]!, tol) && insideShape(shape, x, y, z, tol)) edgePec[a]![q] = 1;
            }
          }
        }
        if (dielectrics.length === 0) continue;
        for (const { shape, material } of dielectrics) {
          if (insideShape(shape, x, y, z)) {
            epsR[q] = material.epsR ?? 1;
            sigma[q] = material.sigma ?? 0;
            if (pole) {
              pole.wp[q] = material.drude?.omegaP ?? 0;
              pole.dg[q] = material.drude?.gamma ?? 0;
              pole.de[q] = material.lorentz?.deltaEps ?? 0;
              pole.w0[q] = material.lorentz?.omega0 ?? 0;
              pole.lg[q] = material.lorentz?.gamma ?? 0;
            }
          }
        }
        // edges: axis a, midpoint at node + d_a/2; dual face spans the other two axes +-1/2 cell
        for (let a = 0; a < 3; a++) {
          const mid = [x, y, z];
          mid[a]! += d[a]! / 2;
          const b = (a + 1) % 3, c = (a + 2) % 3;
          let sum = 0;
          for (let p = 0; p < sub; p++) {
            for (let r = 0; r < sub; r++) {
              const pt = mid.slice();
              pt[b]! += ((p + 0.5) / sub - 0.5) * d[b]!;
              pt[c]! += ((r + 0.5) / sub - 0.5) * d[c]!;
              let e = 1;
              for (const { shape, material } of dielectrics) if (insideShape(shape, pt[0]!, pt[1]!, pt[2]!)) e = material.epsR ?? 1;
              sum += e;
            }
          }
          edge[a]![q] = sum / (sub * sub);
        }
      }
    }
  }
  const out: Medium3D = { epsR, sigma, pec, epsRx: edge[0], epsRy: edge[1], epsRz: edge[2], pecX: edgePec[0], pecY: edgePec[1], pecZ: edgePec[2] };
  if (pole) Object.assign(out, { drudeOmegaP: pole.wp, drudeGamma: pole.dg, lorentzDeltaEps: pole.de, lorentzOmega0: pole.w0, lorentzGamma: pole.lg });
  return out;
}
