#!/bin/sh
# Installs GFN2-xTB (Debian package `xtb`, Grimme group, LGPL-3.0) used as the reference quantum method
# that labels conformers for the neural force-field datasets (datasets/scripts/label-xtb.ts) and as the
# peer in bench/cases/schnet.ts. Tests never need it. Usage: sh scripts/peers/xtb.sh
set -e
if command -v xtb >/dev/null 2>&1; then xtb --version 2>/dev/null | grep -m1 -i version; exit 0; fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
flock /tmp/apt.lock sh -c "$SUDO apt-get install -y -qq xtb || ($SUDO apt-get update -qq && $SUDO apt-get install -y -qq xtb)"
xtb --version 2>/dev/null | grep -m1 -i version
