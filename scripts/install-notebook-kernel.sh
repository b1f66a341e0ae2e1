#!/usr/bin/env bash
# Installs the tslab (TypeScript) Jupyter kernel into .tslab/ (git-ignored) against Debian's Jupyter.
# Needs: apt packages jupyter-nbconvert python3-nbconvert jupyter-client python3-ipykernel, and `npm ci`.
# Use the kernel with: JUPYTER_PATH=$PWD/.tslab/share/jupyter jupyter nbconvert --execute ...
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="$PWD/.tslab"
mkdir -p "$prefix"
npx tslab install --python=/usr/bin/python3 --binary="$PWD/node_modules/.bin/tslab" --prefix="$prefix" >/dev/null
JUPYTER_PATH="$prefix/share/jupyter" /usr/bin/python3 -m jupyter kernelspec list
