#!/bin/sh
# Installs the OpenMM peer (Debian packages python3-simtk + libopenmm-plugins; use /usr/bin/python3,
# not a pyenv python) used only by bench/cases/ala2.ts, bench/cases/water.ts and the reference scripts
# in mindsponge/reference/openmm/. Tests never need it.
set -eu
if /usr/bin/python3 -c 'import openmm' >/dev/null 2>&1; then
  echo "openmm: already installed ($(/usr/bin/python3 -c 'import openmm; print(openmm.__version__)'))"; exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
flock /tmp/apt.lock sh -c "$SUDO apt-get install -y -qq python3-simtk libopenmm-plugins || ($SUDO apt-get update -qq && $SUDO apt-get install -y -qq python3-simtk libopenmm-plugins)"
/usr/bin/python3 -c 'import openmm; print("openmm", openmm.__version__)'
