#!/usr/bin/env bash
# Optional gpu backend for @mindscience/core: installs gpu.js and its native `gl` (headless WebGL) where
# the core finds them, without touching the repository's package.json, lockfile or node_modules:
#   bash scripts/install-gpu.sh [DIR]        (DIR default: $MINDSCIENCE_GPU_DIR or ~/.cache/mindscience-gpu)
# Needs the X input headers and a virtual X server (apt: libxi-dev xvfb), a C++ toolchain and Node's
# headers (node-gyp builds gl: several minutes). Then run with a display, e.g.
#   MINDSCIENCE_BACKEND=gpu xvfb-run -a npx vitest run core
# (outside ~/.cache/mindscience-gpu, also export MINDSCIENCE_GPU_DIR=DIR). Without an X display the gpu
# backend reports itself unavailable and everything runs on wasm/js.
set -euo pipefail
DIR="${1:-${MINDSCIENCE_GPU_DIR:-$HOME/.cache/mindscience-gpu}}"
if command -v apt-get >/dev/null 2>&1 && ! dpkg -s libxi-dev xvfb >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq libxi-dev xvfb >/dev/null || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq libxi-dev xvfb >/dev/null; }
fi
mkdir -p "$DIR"
cd "$DIR"
# gl's install script (prebuild-install, else node-gyp) must run: npm 11 runs only allow-listed ones.
[ -f package.json ] || printf '{ "name": "mindscience-gpu", "private": true, "allowScripts": { "gl": true } }\n' > package.json
# node-gyp would download Node's headers; use the installed ones when present (no network needed).
NODE_PREFIX="$(dirname "$(dirname "$(command -v node)")")"
[ -f "$NODE_PREFIX/include/node/node.h" ] && export npm_config_nodedir="$NODE_PREFIX"
npm install --no-audit --no-fund gpu.js@2.24.1 gl@8.1.6
echo "gpu.js installed in $DIR/node_modules"
echo "check (from the repository): MINDSCIENCE_GPU_DIR=$DIR xvfb-run -a npx tsx -e \"import('@mindscience/core').then((c) => console.log(c.availableBackends()))\""
