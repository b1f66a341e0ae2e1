#!/usr/bin/python3
"""Alanine dipeptide in a 2.5 nm cubic box: OpenMM energies per nonbonded method, for
mindsponge/src/forcefield/amber.test.ts. Reference platform, double precision.

    /usr/bin/python3 mindsponge/reference/openmm/ala_di_periodic.py > mindsponge/reference/openmm/ala_di_periodic.json
Methods: CutoffPeriodic (reaction field, eps 78.3), Ewald and PME with ewaldErrorTolerance 1e-6,
cutoff 1.0 nm, dispersion correction off (pure pair terms) and on (reported separately).
Reports the NonbondedForce energy (coulomb + lj + their 1-4 exceptions) and the total.
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
L = 2.5
out = {'source': 'OpenMM %s Reference platform' % mm.Platform.getOpenMMVersion(), 'box_nm': L, 'cutoff_nm': 1.0, 'ewaldErrorTolerance': 1e-6, 'methods': {}}
# The prmtop has no box (IFBOX 0), so createSystem refuses periodic methods: build with NoCutoff
# (same particles and exceptions) and switch the NonbondedForce afterwards.
for name, method in [('CutoffPeriodic', mm.NonbondedForce.CutoffPeriodic), ('Ewald', mm.NonbondedForce.Ewald), ('PME', mm.NonbondedForce.PME)]:
    for disp in (False, True):
        system = prmtop.createSystem(nonbondedMethod=app.NoCutoff, constraints=None, rigidWater=False)
        nb = [f for f in system.getForces() if isinstance(f, mm.NonbondedForce)][0]
        nb.setNonbondedMethod(method)
        nb.setCutoffDistance(1.0)
        nb.setEwaldErrorTolerance(1e-6)
        nb.setReactionFieldDielectric(78.3)
        nb.setUseDispersionCorrection(disp)
        for i, f in enumerate(system.getForces()):
            f.setForceGroup(i)
        system.setDefaultPeriodicBoxVectors(mm.Vec3(L, 0, 0), mm.Vec3(0, L, 0), mm.Vec3(0, 0, L))
        ctx = mm.Context(system, mm.VerletIntegrator(0.001), mm.Platform.getPlatformByName('Reference'))
        ctx.setPositions(inpcrd.positions)
        g = [i for i, f in enumerate(system.getForces()) if isinstance(f, mm.NonbondedForce)][0]
        e_nb = ctx.getState(getEnergy=True, groups={g}).getPotentialEnergy().value_in_unit(u.kilojoule_per_mole)
        st = ctx.getState(getEnergy=True, getForces=True)
        out['methods'][name + ('+dispersion' if disp else '')] = {
            'nonbonded': e_nb,
            'total': st.getPotentialEnergy().value_in_unit(u.kilojoule_per_mole),
            'forces': [[float(x) for x in row] for row in st.getForces(asNumpy=True).value_in_unit(u.kilojoule_per_mole / u.nanometer)],
        }
json.dump(out, sys.stdout, indent=1)
sys.stdout.write('\n')
