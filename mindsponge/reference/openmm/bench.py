#!/usr/bin/python3
"""OpenMM side of bench/cases/ala2.ts and bench/cases/water.ts (CPU platform, one thread).

    /usr/bin/python3 bench.py ala2 STEPS
    /usr/bin/python3 bench.py water STEPS system.json     # system.json written by bench/cases/water.ts
Prints one JSON line: {"openmm", "steps", "seconds" (wall), "cpuSeconds" (process CPU time), "nsPerDay",
"nsPerCpuDay", "potential" (kJ/mol)}.
Same settings as ours: LangevinMiddleIntegrator 300 K, 1/ps, 2 fs; ala2: prmtop, NoCutoff, HBonds;
water: rigid water (SETTLE), PME (ewaldErrorTolerance 5e-4), cutoff and box from system.json, LJ
long-range correction on.
"""
import json
import os
import sys
import time

import openmm as mm
import openmm.app as app
import openmm.unit as u

what, steps = sys.argv[1], int(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
if what == 'ala2':
    data = os.path.join(here, '..', '..', 'test-data', 'amber')
    prmtop = app.AmberPrmtopFile(os.path.join(data, 'ala_di.parm7'))
    inpcrd = app.AmberInpcrdFile(os.path.join(data, 'ala_di.rst7'))
    system = prmtop.createSystem(nonbondedMethod=app.NoCutoff, constraints=app.HBonds)
    positions = inpcrd.positions
    box = None
elif what == 'water':
    spec = json.load(open(sys.argv[3]))
    n = len(spec['charges'])
    system = mm.System()
    nb = mm.NonbondedForce()
    nb.setNonbondedMethod(mm.NonbondedForce.PME)
    nb.setCutoffDistance(spec['cutoff'])
    nb.setEwaldErrorTolerance(5e-4)
    nb.setUseDispersionCorrection(True)
    for a in range(n):
        system.addParticle(spec['masses'][a])
        nb.addParticle(spec['charges'][a], spec['sigma'][a], spec['epsilon'][a])
    for w in range(n // 3):
        o = 3 * w
        system.addConstraint(o, o + 1, spec['dOH'])
        system.addConstraint(o, o + 2, spec['dOH'])
        system.addConstraint(o + 1, o + 2, spec['dHH'])
        nb.addException(o, o + 1, 0, 1, 0)
        nb.addException(o, o + 2, 0, 1, 0)
        nb.addException(o + 1, o + 2, 0, 1, 0)
    system.addForce(nb)
    L = spec['edge']
    system.setDefaultPeriodicBoxVectors(mm.Vec3(L, 0, 0), mm.Vec3(0, L, 0), mm.Vec3(0, 0, L))
    p = spec['positions']
    positions = [mm.Vec3(p[3 * a], p[3 * a + 1], p[3 * a + 2]) for a in range(n)] * u.nanometer
else:
    raise SystemExit('usage: bench.py ala2|water STEPS [system.json]')

integrator = mm.LangevinMiddleIntegrator(300 * u.kelvin, 1 / u.picosecond, 0.002 * u.picoseconds)
platform = mm.Platform.getPlatformByName('CPU')
ctx = mm.Context(system, integrator, platform, {'Threads': '1'})
ctx.setPositions(positions)
ctx.setVelocitiesToTemperature(300 * u.kelvin, 1)
integrator.step(max(10, steps // 10))  # warm-up
t0, c0 = time.perf_counter(), time.process_time()
integrator.step(steps)
t, c = time.perf_counter() - t0, time.process_time() - c0
pe = ctx.getState(getEnergy=True).getPotentialEnergy().value_in_unit(u.kilojoule_per_mole)
print(json.dumps({'openmm': mm.Platform.getOpenMMVersion(), 'steps': steps, 'seconds': t, 'cpuSeconds': c,
                  'nsPerDay': steps * 0.002e-3 / (t / 86400), 'nsPerCpuDay': steps * 0.002e-3 / (c / 86400), 'potential': pe}))
