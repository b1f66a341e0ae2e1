#!/bin/sh
# Produces the committed LAMMPS g(r) reference in this folder (needs Debian `lammps`:
# scripts/peers/lammps.sh): rdf-average.txt, rdf-frames.dump, rdf-frames.txt, rdf-msd.txt,
# rdf.log.lammps, then
# rdf.json (g(r), first peak, coordination, frames, MSD) via rdf-summary.ts. One thread.
set -eu
cd "$(dirname "$0")"
LMP=$(command -v lmp || command -v lmp_serial || true)
[ -n "$LMP" ] || { echo "rdf-run.sh: LAMMPS not found; run scripts/peers/lammps.sh" >&2; exit 2; }
export OMP_NUM_THREADS=1
rm -f rdf-msd.txt  # fix print appends
"$LMP" -in rdf.in -log rdf.log.lammps -screen none
npx tsx "$(pwd)/rdf-summary.ts"
