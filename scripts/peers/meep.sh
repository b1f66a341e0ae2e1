#!/bin/sh
# Meep peer for bench/cases/fdtd.ts (Debian: apt-get install meep python3-meep). Benchmarks only.
#   scripts/peers/meep.sh tm2d N STEPS   2-D TM (Ez) point source, N x N cells incl. a 10-cell PML,
#                                        STEPS time steps, one thread; prints one JSON line.
set -e
case "$1" in
  tm2d)
    N=${2:-320} STEPS=${3:-8000} OMP_NUM_THREADS=1 /usr/bin/python3 - <<'PY'
import json, os, time
import meep as mp
n, steps = int(os.environ['N']), int(os.environ['STEPS'])
mp.verbosity(0)
sim = mp.Simulation(cell_size=mp.Vector3(n, n), resolution=1, boundary_layers=[mp.PML(10)],
                    sources=[mp.Source(mp.GaussianSource(frequency=0.05, fwidth=0.05), component=mp.Ez, center=mp.Vector3())],
                    force_complex_fields=False)
sim.init_sim()
dt = sim.fields.dt
t0 = time.time()
sim.fields.step()
t1 = time.time()
c1 = time.process_time()
for _ in range(steps - 1):
    sim.fields.step()
wall = time.time() - t1
cpu = time.process_time() - c1
print(json.dumps({"peer": "Meep %s" % mp.__version__, "cells": n * n, "steps": steps - 1, "wall_s": wall,
                  "wall_s_cpu": cpu,
                  "cell_updates_per_s": n * n * (steps - 1) / wall, "cell_updates_per_cpu_s": n * n * (steps - 1) / cpu}))
PY
    ;;
  *) echo "usage: $0 tm2d [N] [STEPS]" >&2; exit 2 ;;
esac
