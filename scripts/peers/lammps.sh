#!/bin/sh
# Installs the LAMMPS peer (Debian package `lammps`, serial binary `lmp` or `lmp_serial`) used only by
# bench/cases/lj.ts and mindsponge/reference/lammps/run.sh. Tests never need it.
set -eu
if command -v lmp >/dev/null 2>&1 || command -v lmp_serial >/dev/null 2>&1; then
  echo "lammps: already installed ($(command -v lmp || command -v lmp_serial))"; exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
flock /tmp/apt.lock sh -c "$SUDO apt-get install -y -qq lammps || ($SUDO apt-get update -qq && $SUDO apt-get install -y -qq lammps)"
command -v lmp || command -v lmp_serial
