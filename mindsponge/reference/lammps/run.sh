#!/bin/sh
# Produces the committed LAMMPS reference numbers in this folder (needs Debian `lammps`:
# scripts/peers/lammps.sh). One process, one thread. Writes log.*.lammps, *_samples.txt, and
# reference.json (via summarize.ts: block-averaged means with standard errors).
set -eu
cd "$(dirname "$0")"
LMP=$(command -v lmp || command -v lmp_serial || true)
[ -n "$LMP" ] || { echo "run.sh: LAMMPS not found; run scripts/peers/lammps.sh" >&2; exit 2; }
export OMP_NUM_THREADS=1
for case in ${@:-lj nvt npt}; do
  echo "== $case"
  "$LMP" -in in.$case -log log.$case.lammps -screen none
done
npx tsx "$PWD/summarize.ts"   # npx runs from the workspace root (mindsponge/), so pass an absolute path
