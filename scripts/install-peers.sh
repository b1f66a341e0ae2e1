#!/usr/bin/env bash
# Installs the peer engines the benchmarks compare against and that produced the committed reference
# numbers (LAMMPS, OpenMM, Meep, openEMS, xtb, ...). Each peer has its own script in scripts/peers/.
# Tests never need these; benchmarks report peer "none" when one is absent.
#   bash scripts/install-peers.sh            # all peers
#   bash scripts/install-peers.sh lammps     # one
set -euo pipefail
cd "$(dirname "$0")/peers"
if [ $# -gt 0 ]; then names=("$@"); else names=(); for f in *.sh; do names+=("${f%.sh}"); done; fi
for n in "${names[@]}"; do
  [ -f "$n.sh" ] || { echo "install-peers: no script scripts/peers/$n.sh (have: $(ls *.sh | sed 's/\.sh//' | tr '\n' ' '))" >&2; exit 2; }
  echo "== $n"; sh "$n.sh"
done
