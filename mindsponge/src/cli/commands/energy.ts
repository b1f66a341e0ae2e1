/**
 * `mindsponge energy --prmtop f --rst7 f [--method NoCutoff|CutoffPeriodic|Ewald|PME] [--cutoff nm] [--json]`
 * Prints the potential energy per term in kJ/mol (keys bond, angle, dihedral, lj, lj14, coulomb,
 * coulomb14, total; plus ureyBradley/dispersion when non-zero).
 */
import { parseArgs } from 'node:util';
import { evaluate } from '../../energy/provider.ts';
import { amberForceField, type NonbondedMethod } from '../../forcefield/amberForceField.ts';
import { loadAmberSystem } from '../../forcefield/load.ts';

const HELP = `usage: mindsponge energy --prmtop FILE --rst7 FILE [options]

Potential energy per term (kJ/mol) of an Amber system.
  --prmtop FILE        Amber parm7 topology
  --rst7 FILE          Amber inpcrd/rst7 coordinates (box read from it if present)
  --method NAME        NoCutoff (default without box) | CutoffNonPeriodic | CutoffPeriodic | Ewald | PME (default with box)
  --cutoff NM          nonbonded cutoff in nm (default 1.0)
  --tolerance X        ewaldErrorTolerance (default 5e-4)
  --no-dispersion      no long-range LJ correction
  --json               print JSON instead of a table
  --help               this text`;

const METHODS: NonbondedMethod[] = ['NoCutoff', 'CutoffNonPeriodic', 'CutoffPeriodic', 'Ewald', 'PME'];

export default {
  summary: 'energy per term (kJ/mol) of an Amber prmtop/rst7 system',
  async run(argv: string[]): Promise<number> {
    let values;
    try {
      values = parseArgs({
        args: argv,
        options: {
          prmtop: { type: 'string' }, rst7: { type: 'string' }, method: { type: 'string' }, cutoff: { type: 'string' },
          tolerance: { type: 'string' }, 'no-dispersion': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        },
      }).values;
    } catch (e) {
      console.error(`mindsponge energy: ${(e as Error).message}\n${HELP}`);
      return 2;
    }
    if (values.help) { console.log(HELP); return 0; }
    if (!values.prmtop || !values.rst7) { console.error(`mindsponge energy: --prmtop and --rst7 are required\n${HELP}`); return 2; }
    try {
      const sys = loadAmberSystem(values.prmtop, values.rst7);
      const method = (values.method ?? (sys.box ? 'PME' : 'NoCutoff')) as NonbondedMethod;
      if (!METHODS.includes(method)) throw new Error(`--method ${values.method}, expected one of ${METHODS.join(', ')}`);
      const cutoff = values.cutoff !== undefined ? Number(values.cutoff) : 1.0;
      if (!(cutoff > 0)) throw new Error(`--cutoff ${values.cutoff}, expected a positive number of nm`);
      const tol = values.tolerance !== undefined ? Number(values.tolerance) : 5e-4;
      const ff = amberForceField(sys.params, { nonbondedMethod: method, cutoff, ewaldErrorTolerance: tol, dispersionCorrection: !values['no-dispersion'] });
      const res = evaluate(ff, sys.positions!, method === 'NoCutoff' || method === 'CutoffNonPeriodic' ? null : sys.box);
      const out: Record<string, number> = {};
      for (const k of ['bond', 'angle', 'dihedral', 'lj', 'lj14', 'coulomb', 'coulomb14']) out[k] = res.terms[k] ?? 0;
      for (const k of ['ureyBradley', 'dispersion']) if (res.terms[k]) out[k] = res.terms[k]!;
      out.total = res.energy;
      if (values.json) console.log(JSON.stringify(out, null, 2));
      else {
        console.log(`# ${sys.prmtop.title || values.prmtop}: ${sys.params.nAtoms} atoms, ${method}`);
        for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(12)} ${v.toFixed(6).padStart(16)} kJ/mol`);
      }
      return 0;
    } catch (e) {
      console.error(`mindsponge energy: ${(e as Error).message}`);
      return 1;
    }
  },
};
