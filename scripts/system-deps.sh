#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages nrcore needs, or names them when it cannot.
# Usage: scripts/system-deps.sh [package ...]   (defaults to the full list below)
set -euo pipefail

packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  packages=(python3 python3-venv python3-dev build-essential pkg-config
            libsndfile1 libportaudio2 puredata-core puredata-dev pd-lib-builder
            puredata-utils puredata-doc liblo-tools jackd2)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "nrcore: this is not a Debian/Ubuntu system; install the equivalents of:" >&2
  echo "  ${packages[*]}" >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  runner=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  runner=(sudo)
else
  echo "nrcore: missing system packages: ${missing[*]}" >&2
  echo "  install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "nrcore: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${runner[@]}" apt-get update -qq
"${runner[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
