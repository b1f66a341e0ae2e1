/**
 * `mindsponge train-ff <config.json>` — trains a SchNet or MolCT neural force field on energies and
 * forces from a labelled (ext)XYZ file, as described by a field-validated JSON config (see
 * src/ml/config.ts), and writes the best model and a JSON report.
 */
import { runTrainConfigFile, TrainConfigError } from '../../ml/config.ts';

const HELP = `usage: mindsponge train-ff CONFIG.json [--quiet]

Train a neural force field (SchNet or MolCT) on energies and forces.
CONFIG.json (paths relative to it; lengths nm):
  {
    "data": "ethanol_xtb.extxyz", "energyUnit": "eV", "lengthUnit": "Angstrom",
    "split": {"train": 1000, "validation": 200, "test": 1000, "seed": 0},
    "model": {"kind": "schnet", "features": 64, "rbf": 32, "interactions": 3, "cutoff": 0.5},
    "training": {"epochs": 100, "batchSize": 16, "learningRate": 1e-3, "energyWeight": 0.1,
                 "forceWeight": 0.9, "patience": 10, "maxSeconds": 600},
    "output": "model.ckpt", "report": "report.json"
  }
Prints validation MAEs each epoch and the held-out test MAEs (kJ/mol, kJ/mol/nm and kcal/mol(/A)).
  --quiet   only the final line
  --help    this text`;

export default {
  summary: 'train a SchNet/MolCT neural force field on energies and forces (JSON config)',
  async run(argv: string[]): Promise<number> {
    if (argv.includes('--help') || argv.includes('-h')) { console.log(HELP); return 0; }
    const quiet = argv.includes('--quiet');
    const files = argv.filter((a) => !a.startsWith('--'));
    const unknown = argv.filter((a) => a.startsWith('--') && a !== '--quiet');
    if (unknown.length) { console.error(`mindsponge train-ff: unknown option ${unknown[0]}\n${HELP}`); return 2; }
    if (files.length !== 1) { console.error(`mindsponge train-ff: expected one config file, got ${files.length}\n${HELP}`); return 2; }
    try {
      const { report } = runTrainConfigFile(files[0]!, quiet ? undefined : (l) => console.log(l));
      if (quiet) console.log(`test E MAE ${report.test.energyMae.toFixed(3)} kJ/mol, F MAE ${report.test.forceMae.toFixed(2)} kJ/mol/nm`);
      return 0;
    } catch (e) {
      console.error(`mindsponge train-ff: ${e instanceof TrainConfigError ? '' : `${(e as Error).name}: `}${(e as Error).message}`);
      return 1;
    }
  },
};
