#!/bin/sh
# Peer runs with openEMS (Debian: apt-get install openems python3-openems). Used only to produce committed
# reference numbers (mindelec/reference/patch/) and for bench/cases/fdtd.ts; tests never need it.
#   scripts/peers/openems.sh patch            graded-mesh tutorial patch -> patch_openems.json
#   scripts/peers/openems.sh patch-uniform    same geometry on a uniform 1 mm x 1 mm x h/4 grid (the reference)
#   scripts/peers/openems.sh patch-uniform-h2 uniform 1 mm x 1 mm x h/2
#   scripts/peers/openems.sh patch-uniform-h1 uniform 1 mm, substrate one cell thick (thin-substrate port check)
#   scripts/peers/openems.sh box3d N STEPS    benchmark: N^3 vacuum box with PML, one thread
set -e
here=$(cd "$(dirname "$0")/../.." && pwd)
case "$1" in
  patch) /usr/bin/python3 "$here/mindelec/reference/patch/patch_openems.py" ;;
  patch-uniform) /usr/bin/python3 "$here/mindelec/reference/patch/patch_openems.py" --uniform 1.0 --out "$here/mindelec/reference/patch/patch_openems_uniform.json" ;;
  patch-uniform-h2) /usr/bin/python3 "$here/mindelec/reference/patch/patch_openems.py" --uniform 1.0 --sub-cells 2 --out "$here/mindelec/reference/patch/patch_openems_uniform_h2.json" ;;
  patch-uniform-h1) /usr/bin/python3 "$here/mindelec/reference/patch/patch_openems.py" --uniform 1.0 --sub-cells 1 --out "$here/mindelec/reference/patch/patch_openems_uniform_h1.json" ;;
  box3d)
    # N^3 cells of vacuum, 8-cell PML on all faces, z-dipole, STEPS steps, one thread; one JSON line.
    N=${2:-100} STEPS=${3:-300} /usr/bin/python3 - <<'PY'
import json, os, re, subprocess, sys, tempfile, time
import numpy as np
for name, typ in (('float', float), ('int', int), ('complex', complex)):
    if not hasattr(np, name):
        setattr(np, name, typ)
from CSXCAD import ContinuousStructure
from openEMS import openEMS
n, steps = int(os.environ['N']), int(os.environ['STEPS'])
fd = openEMS(NrTS=steps, EndCriteria=0)
fd.SetGaussExcite(1e9, 1e9)
fd.SetBoundaryCond(['PML_8'] * 6)
csx = ContinuousStructure(); fd.SetCSX(csx)
mesh = csx.GetGrid(); mesh.SetDeltaUnit(1e-3)
for a in 'xyz':
    mesh.AddLine(a, np.arange(n) * 1.0)
ex = csx.AddExcitation('dipole', exc_type=0, exc_val=[0, 0, 1])
ex.AddBox([n // 2, n // 2, n // 2], [n // 2, n // 2, n // 2 + 1])
path = os.path.join(tempfile.gettempdir(), 'mindelec_bench_openems_box3d')
# openEMS prints its own engine timing ("Speed: X MCells/s") on fd 1: capture it through a temp file.
log = os.path.join(tempfile.gettempdir(), 'mindelec_bench_openems_box3d.log')
sys.stdout.flush()
saved = os.dup(1)
with open(log, 'w') as fh:
    os.dup2(fh.fileno(), 1)
    t0 = time.time()
    c0 = time.process_time()
    try:
        fd.Run(path, cleanup=True, verbose=1, numThreads=1)
    finally:
        os.dup2(saved, 1)
wall = time.time() - t0
cpu = time.process_time() - c0  # includes operator setup; engine share from the log below
out = open(log).read()
m = re.search(r'Speed:\s*([0-9.]+)\s*MCells/s', out)
t = re.search(r'Time for (\d+) iterations with ([0-9.]+) cells : ([0-9.]+) sec', out)
cells = float(t.group(2)) if t else n ** 3
nsteps = int(t.group(1)) if t else steps
engine = float(t.group(3)) if t else wall
print(json.dumps({"peer": "openEMS 0.0.35 (1 thread)", "cells": cells, "steps": nsteps, "engine_wall_s": engine, "total_wall_s": wall, "total_cpu_s": cpu,
                  "cell_updates_per_s": float(m.group(1)) * 1e6 if m else cells * nsteps / engine,
                  # CPU-time rate, robust on a shared machine: engine wall scaled by the process's CPU share
                  "cell_updates_per_cpu_s": cells * nsteps / (engine * min(1.0, cpu / wall))}))
PY
    ;;
  *) echo "usage: $0 patch|patch-uniform|patch-uniform-h2|patch-uniform-h1|box3d [N STEPS]" >&2; exit 2 ;;
esac
