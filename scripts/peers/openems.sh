#!/bin/sh
# Peer runs with openEMS (Debian: apt-get install openems python3-openems). Used only to produce committed
# reference numbers (mindelec/reference/patch/) and for bench/cases/fdtd.ts; tests never need it.
#   scripts/peers/openems.sh patch            graded-mesh tutorial patch -> patch_openems.json
#   scripts/peers/openems.sh patch-uniform    same geometry on a uniform 1 mm x 1 mm x h/4 grid (the reference)
#   scripts/peers/openems.sh patch-uniform-h2 uniform 1 mm x 1 mm x h/2
set -e
here=$(cd "$(dirname "$0")/../.." && pwd)
case "$1" in
  patch) /usr/bin/python3 "$here/mindelec/reference/patch/patch_openems.py" ;;
  patch-uniform) /usr/bin/python3 "$here/mindelec/reference/patch/patch_openems.py" --uniform 1.0 --out "$here/mindelec/reference/patch/patch_openems_uniform.json" ;;
  patch-uniform-h2) /usr/bin/python3 "$here/mindelec/reference/patch/patch_openems.py" --uniform 1.0 --sub-cells 2 --out "$here/mindelec/reference/patch/patch_openems_uniform_h2.json" ;;
  *) echo "usage: $0 patch|patch-uniform|patch-uniform-h2" >&2; exit 2 ;;
esac
