#!/usr/bin/python3
"""
openEMS reference for the MindElec patch validation: the geometry of openEMS's "Simple Patch Antenna"
tutorial (32 x 40 mm patch on eps_r 3.38, h = 1.524 mm, 60 x 60 mm substrate and ground, 50 ohm lumped
feed at x = -6 mm), written independently against the openEMS Python API (Debian openems 0.0.35).
Writes S11 (and Z_in) over 1-3 GHz to patch_openems.json and the resonance (min |S11|).

Run: /usr/bin/python3 patch_openems.py [--uniform DX_MM]   (or scripts/peers/openems.sh)
  default: openEMS's own graded mesh (lambda/20 with edge refinement)
  --uniform DX_MM [--sub-cells N]: uniform grid DX x DX x h/N (default N = 4), as our FDTD uses.
  NOTE: with Debian's openEMS 0.0.35 Python API, AddEdges2Grid adds no lines, so the graded mesh
  does not put the patch edges on grid lines (x lines near the patch: +-2.44, 7.32, 12.2, 17.07 mm);
  its resonance (2.085 GHz) is an artefact of that. The uniform runs are the reference.
The substrate conductivity kappa is dropped (lossless), as in our FDTD run.
"""
import json, os, sys, tempfile, time
import numpy as np
for name, typ in (('float', float), ('int', int), ('complex', complex)):  # NumPy >= 1.24 shims
    if not hasattr(np, name):
        setattr(np, name, typ)
from CSXCAD import ContinuousStructure
from openEMS import openEMS
from openEMS.physical_constants import C0

uniform = None
sub_cells = int(sys.argv[sys.argv.index('--sub-cells') + 1]) if '--sub-cells' in sys.argv else 4
if '--uniform' in sys.argv:
    uniform = float(sys.argv[sys.argv.index('--uniform') + 1])
out_json = sys.argv[sys.argv.index('--out') + 1] if '--out' in sys.argv else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'patch_openems.json')

W, L = 32.0, 40.0            # patch (mm): x is the resonant dimension
eps_r, h = 3.38, 1.524       # substrate
sub = 60.0                   # substrate and ground, square (mm)
feed_x, feed_R = -6.0, 50.0
f0, fc = 2e9, 1e9            # Gaussian excitation: centre, 20 dB corner
box = np.array([200.0, 200.0, 150.0])

fdtd = openEMS(NrTS=30000, EndCriteria=1e-4)
fdtd.SetGaussExcite(f0, fc)
fdtd.SetBoundaryCond(['MUR'] * 6)
csx = ContinuousStructure()
fdtd.SetCSX(csx)
mesh = csx.GetGrid()
mesh.SetDeltaUnit(1e-3)
res = C0 / (f0 + fc) / 1e-3 / 20

patch = csx.AddMetal('patch')
patch.AddBox(priority=10, start=[-W / 2, -L / 2, h], stop=[W / 2, L / 2, h])
substrate = csx.AddMaterial('substrate', epsilon=eps_r)
substrate.AddBox(priority=0, start=[-sub / 2, -sub / 2, 0], stop=[sub / 2, sub / 2, h])
gnd = csx.AddMetal('gnd')
gnd.AddBox(priority=10, start=[-sub / 2, -sub / 2, 0], stop=[sub / 2, sub / 2, 0])

if uniform is None:
    mesh.AddLine('x', [-box[0] / 2, box[0] / 2])
    mesh.AddLine('y', [-box[1] / 2, box[1] / 2])
    mesh.AddLine('z', [-box[2] / 3, box[2] * 2 / 3])
    fdtd.AddEdges2Grid(dirs='xy', properties=patch, metal_edge_res=res / 2)
    mesh.AddLine('z', np.linspace(0, h, 5))
    fdtd.AddEdges2Grid(dirs='xy', properties=gnd)
    port = fdtd.AddLumpedPort(1, feed_R, [feed_x, 0, 0], [feed_x, 0, h], 'z', 1.0, priority=5, edges2grid='xy')
    mesh.SmoothMeshLines('all', res, 1.4)
else:
    d = uniform
    half = 50.0
    mesh.AddLine('x', np.arange(-half, half + d / 2, d))
    mesh.AddLine('y', np.arange(-half, half + d / 2, d))
    dz = h / sub_cells
    mesh.AddLine('z', np.arange(-12.0 // dz * dz, 0, dz).tolist() + np.arange(0, 25.0, dz).tolist())
    port = fdtd.AddLumpedPort(1, feed_R, [feed_x, 0, 0], [feed_x, 0, h], 'z', 1.0, priority=5)

sim_path = os.path.join(tempfile.gettempdir(), 'mindelec_patch_openems_%s' % ('graded' if uniform is None else 'uniform%g_%d' % (uniform, sub_cells)))
t0 = time.time()
fdtd.Run(sim_path, verbose=0, cleanup=True)
wall = time.time() - t0
f = np.linspace(1e9, 3e9, 401)
port.CalcPort(sim_path, f)
s11 = port.uf_ref / port.uf_inc
zin = port.uf_tot / port.if_tot
k = int(np.argmin(np.abs(s11)))
nx, ny, nz = (len(mesh.GetLines(a)) for a in 'xyz')
print('openEMS patch: resonance %.4f GHz, |S11| %.2f dB, %d x %d x %d cells, %.1f s' % (f[k] / 1e9, 20 * np.log10(abs(s11[k])), nx, ny, nz, wall))
tmp = out_json + '.tmp'
with open(tmp, 'w') as fh:
    json.dump({'source': 'openEMS (Debian openems 0.0.35+git20190103), python3-openems; mesh: %s' % ('graded (tutorial)' if uniform is None else 'uniform %g mm x %g mm x h/%d' % (uniform, uniform, sub_cells)),
               'cells': [nx, ny, nz], 'wall_s': wall, 'resonance_hz': float(f[k]), 's11_min_db': float(20 * np.log10(abs(s11[k]))),
               'freq_hz': f.tolist(), 's11_re': s11.real.tolist(), 's11_im': s11.imag.tolist(),
               'zin_re': zin.real.tolist(), 'zin_im': zin.imag.tolist()}, fh)
os.replace(tmp, out_json)
