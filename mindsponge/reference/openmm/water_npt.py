#!/usr/bin/python3
"""Peer reference for mindsponge/src/forcefield/scripts/waterProperties.ts: the same NPT run in OpenMM.

    /usr/bin/python3 water_npt.py [--model SPCE|TIP3P] [--count 216] [--cutoff 0.8] [--equil-ps 10] [--prod-ps 30]
Rigid water (SETTLE), PME (ewaldErrorTolerance 5e-4), LJ long-range correction, LangevinMiddle
298.15 K 1/ps 2 fs, MonteCarloBarostat 1 bar every 25 steps, cubic start at 0.997 g/cm^3 on a lattice.
Prints JSON: mean density (g/cm^3) and potential energy per molecule (kJ/mol) with block SEMs.
"""
import argparse
import json
import math
import random

import openmm as mm
import openmm.unit as u

MODELS = {  # qO, sigma nm, epsilon kJ/mol, dOH nm, HOH deg
    'SPCE': (-0.8476, 0.31657195050398818, 0.6497752, 0.1, 109.47),
    'TIP3P': (-0.834, 0.31507524065751241, 0.635968, 0.09572, 104.52),
}
ap = argparse.ArgumentParser()
ap.add_argument('--model', default='SPCE'); ap.add_argument('--count', type=int, default=216)
ap.add_argument('--cutoff', type=float, default=0.8); ap.add_argument('--equil-ps', type=float, default=10)
ap.add_argument('--prod-ps', type=float, default=30); ap.add_argument('--seed', type=int, default=1)
a = ap.parse_args()
qO, sig, eps, dOH, ang = MODELS[a.model]
dHH = 2 * dOH * math.sin(math.radians(ang) / 2)
mass = (15.9994, 1.008, 1.008)
n = a.count
edge = (n * sum(mass) / (0.997 * 602.21407621)) ** (1 / 3)
system = mm.System()
nb = mm.NonbondedForce()
nb.setNonbondedMethod(mm.NonbondedForce.PME)
nb.setCutoffDistance(a.cutoff)
nb.setEwaldErrorTolerance(5e-4)
nb.setUseDispersionCorrection(True)
random.seed(a.seed)
per = math.ceil(n ** (1 / 3))
sp = edge / per
sites = list(range(per ** 3))
random.shuffle(sites)
pos = []
for w in range(n):
    s = sites[w]
    c = ((s % per + 0.5) * sp, ((s // per) % per + 0.5) * sp, (s // per // per + 0.5) * sp)
    # random orientation via a random rotation matrix from a normalised quaternion
    q = [random.gauss(0, 1) for _ in range(4)]
    nq = math.sqrt(sum(x * x for x in q)); q0, q1, q2, q3 = (x / nq for x in q)
    R = [[1 - 2 * (q2 * q2 + q3 * q3), 2 * (q1 * q2 - q3 * q0), 2 * (q1 * q3 + q2 * q0)],
         [2 * (q1 * q2 + q3 * q0), 1 - 2 * (q1 * q1 + q3 * q3), 2 * (q2 * q3 - q1 * q0)],
         [2 * (q1 * q3 - q2 * q0), 2 * (q2 * q3 + q1 * q0), 1 - 2 * (q1 * q1 + q2 * q2)]]
    h = math.radians(ang) / 2
    local = [(0, 0, 0), (dOH * math.sin(h), dOH * math.cos(h), 0), (-dOH * math.sin(h), dOH * math.cos(h), 0)]
    for k, l in enumerate(local):
        system.addParticle(mass[k])
        nb.addParticle(qO if k == 0 else -qO / 2, sig if k == 0 else 1, eps if k == 0 else 0)
        pos.append(mm.Vec3(*(c[d] + sum(R[d][e] * l[e] for e in range(3)) for d in range(3))))
    o = 3 * w
    system.addConstraint(o, o + 1, dOH); system.addConstraint(o, o + 2, dOH); system.addConstraint(o + 1, o + 2, dHH)
    for i, j in ((o, o + 1), (o, o + 2), (o + 1, o + 2)):
        nb.addException(i, j, 0, 1, 0)
system.addForce(nb)
system.addForce(mm.MonteCarloBarostat(1 * u.bar, 298.15 * u.kelvin, 25))
system.setDefaultPeriodicBoxVectors(mm.Vec3(edge, 0, 0), mm.Vec3(0, edge, 0), mm.Vec3(0, 0, edge))
integ = mm.LangevinMiddleIntegrator(298.15 * u.kelvin, 1 / u.picosecond, 0.002 * u.picoseconds)
ctx = mm.Context(system, integ, mm.Platform.getPlatformByName('CPU'), {'Threads': '1'})
ctx.setPositions(pos)
mm.LocalEnergyMinimizer.minimize(ctx, 10, 200)
ctx.setVelocitiesToTemperature(298.15 * u.kelvin, a.seed)
integ.step(int(a.equil_ps / 0.002))
tm = n * sum(mass)
rho, U = [], []
for k in range(int(a.prod_ps / 0.002 / 25)):
    integ.step(25)
    st = ctx.getState(getEnergy=True)
    V = st.getPeriodicBoxVolume().value_in_unit(u.nanometer ** 3)
    rho.append(tm / V / 602.21407621)
    U.append(st.getPotentialEnergy().value_in_unit(u.kilojoule_per_mole) / n)


def block(x, nb=5):
    m = sum(x) / len(x); s = len(x) // nb
    bm = [sum(x[b * s:(b + 1) * s]) / s for b in range(nb)]
    return {'mean': m, 'sem': math.sqrt(sum((y - m) ** 2 for y in bm) / (nb - 1) / nb)}


print(json.dumps({'source': 'OpenMM %s CPU' % mm.Platform.getOpenMMVersion(), 'model': a.model, 'molecules': n, 'cutoffNm': a.cutoff,
                  'equilibrationPs': a.equil_ps, 'productionPs': a.prod_ps, 'density': block(rho), 'potentialPerMolecule': block(U)}, indent=1))
