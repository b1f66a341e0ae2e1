#!/usr/bin/python3
"""Per-term energies (kJ/mol) and forces of alanine dipeptide (ff14SB, vacuum) with OpenMM.

Run with Debian's OpenMM (python3-simtk, libopenmm-plugins):
    /usr/bin/python3 mindsponge/reference/openmm/ala_di.py > mindsponge/reference/openmm/ala_di.json
Terms match `mindsponge energy` keys: bond, angle, dihedral (propers + impropers), lj, lj14, coulomb,
coulomb14, total. NonbondedForce is split into (pairs) and (1-4 exceptions) by evaluating it twice:
once with all exceptions zeroed, once with all particle parameters zeroed. LJ vs Coulomb are split
the same way (zero epsilons / zero charges). Reference platform, double precision.
"""
import json
import os
import sys

import openmm as mm
import openmm.app as app
import openmm.unit as u

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, '..', '..', 'test-data', 'amber')
prmtop = app.AmberPrmtopFile(os.path.join(data, 'ala_di.parm7'))
inpcrd = app.AmberInpcrdFile(os.path.join(data, 'ala_di.rst7'))


def build():
    system = prmtop.createSystem(nonbondedMethod=app.NoCutoff, constraints=None, rigidWater=False)
    for i, f in enumerate(system.getForces()):
        f.setForceGroup(i)
    return system


def energy(system, groups=None):
    ctx = mm.Context(system, mm.VerletIntegrator(0.001), mm.Platform.getPlatformByName('Reference'))
    ctx.setPositions(inpcrd.positions)
    kw = {'getEnergy': True, 'getForces': True}
    if groups is not None:
        kw['groups'] = groups
    st = ctx.getState(**kw)
    return st.getPotentialEnergy().value_in_unit(u.kilojoule_per_mole), st.getForces(asNumpy=True).value_in_unit(u.kilojoule_per_mole / u.nanometer)


def group_of(system, cls):
    return [i for i, f in enumerate(system.getForces()) if isinstance(f, cls)]


def nonbonded_variant(keep_pairs, keep_exceptions, keep_lj, keep_coulomb):
    system = build()
    nb = [f for f in system.getForces() if isinstance(f, mm.NonbondedForce)][0]
    for i in range(nb.getNumParticles()):
        q, s, e = nb.getParticleParameters(i)
        nb.setParticleParameters(i, q if (keep_pairs and keep_coulomb) else 0.0, s, e if (keep_pairs and keep_lj) else 0.0)
    for k in range(nb.getNumExceptions()):
        i, j, qq, s, e = nb.getExceptionParameters(k)
        nb.setExceptionParameters(k, i, j, qq if (keep_exceptions and keep_coulomb) else 0.0, s, e if (keep_exceptions and keep_lj) else 0.0)
    g = group_of(system, mm.NonbondedForce)[0]
    return energy(system, {g})[0]


system = build()
out = {}
for name, cls in [('bond', mm.HarmonicBondForce), ('angle', mm.HarmonicAngleForce), ('dihedral', mm.PeriodicTorsionForce)]:
    gs = group_of(system, cls)
    out[name] = energy(system, set(gs))[0] if gs else 0.0
out['lj'] = nonbonded_variant(True, False, True, False)
out['coulomb'] = nonbonded_variant(True, False, False, True)
out['lj14'] = nonbonded_variant(False, True, True, False)
out['coulomb14'] = nonbonded_variant(False, True, False, True)
total, forces = energy(system)
out['total'] = total
result = {
    'source': 'OpenMM %s, Reference platform, AmberPrmtopFile(ala_di.parm7), NoCutoff, no constraints' % mm.Platform.getOpenMMVersion(),
    'units': {'energy': 'kJ/mol', 'forces': 'kJ/mol/nm'},
    'coulombConstant': '138.935456 kJ nm/(mol e^2) (OpenMM ONE_4PI_EPS0), charges = prmtop CHARGE / 18.2223',
    'energies': out,
    'forces': [[float(x) for x in row] for row in forces],
}
json.dump(result, sys.stdout, indent=1)
sys.stdout.write('\n')
