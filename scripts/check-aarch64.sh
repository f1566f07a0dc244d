#!/usr/bin/env bash
# Builds nrcore's kernels and the Pd bridge on aarch64 and runs the kernels' tests and the Pd
# objects' tests there, under emulation: a Debian bookworm arm64 root made by debootstrap,
# entered with chroot, every arm64 binary run by qemu-user-static through binfmt_misc.
#
# Usage (as root; make check-aarch64 calls it):
#   scripts/check-aarch64.sh [pytest arguments]
# Environment:
#   NRCORE_ARM64_ROOT   where the arm64 root lives (default /var/cache/nrcore/arm64-bookworm;
#                       kept between runs: the first run downloads about 200 MB from Debian)
#   NRCORE_ARM64_TESTS  test files to run (default: the kernels' and the Pd objects' tests)
# Needs: qemu-user-static, binfmt-support, debootstrap (installed when missing), a kernel
# that lets root register binfmt_misc handlers, and network access to deb.debian.org and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)
ROOT=${NRCORE_ARM64_ROOT:-/var/cache/nrcore/arm64-bookworm}
MIRROR=${NRCORE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
TESTS=${NRCORE_ARM64_TESTS:-"tests/test_neuron.py tests/test_network.py tests/test_ann.py \
tests/test_learning.py tests/test_descriptors.py tests/test_nsf.py tests/test_resample.py \
tests/test_processors.py tests/test_synth.py tests/test_rack_engine.py \
tests/test_pd_objects.py tests/test_pd_bridge.py"}
PACKAGES=ca-certificates,python3,python3-dev,python3-venv,build-essential,pkg-config,libsndfile1,puredata-core,puredata-dev,pd-lib-builder,make

say() { echo "check-aarch64: $*"; }
if [ "$(id -u)" -ne 0 ]; then
  echo "check-aarch64: needs root (debootstrap, chroot, binfmt_misc); run: sudo make check-aarch64" >&2
  exit 1
fi
scripts/system-deps.sh qemu-user-static binfmt-support debootstrap

# binfmt_misc: arm64 executables run through qemu-aarch64-static.
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || {
    echo "check-aarch64: cannot mount binfmt_misc (a container without that privilege?)" >&2
    exit 1; }
fi
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || {
  echo "check-aarch64: qemu-aarch64 is not registered with binfmt_misc" >&2; exit 1; }

start=$(date +%s)
if [ ! -e "$ROOT/.nrcore-debootstrap-done" ]; then
  say "debootstrap --arch arm64 bookworm $ROOT (first run only)"
  mkdir -p "$ROOT"
  debootstrap --arch arm64 --variant=minbase --include="$PACKAGES" bookworm "$ROOT" "$MIRROR"
  touch "$ROOT/.nrcore-debootstrap-done"
fi
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# the host's CA bundle (it may trust a TLS proxy between this machine and PyPI)
cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/host-ca-certificates.crt"

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
for m in proc dev dev/pts sys; do
  if ! mountpoint -q "$ROOT/$m"; then
    case $m in
      proc) mount -t proc proc "$ROOT/proc" ;;
      *) mount --bind "/$m" "$ROOT/$m" ;;
    esac
    mounted+=("$ROOT/$m")
  fi
done

# The source tree as git sees it (tracked and new files, nothing ignored: no host binaries).
say "copying the source tree to $ROOT/src"
# kept between runs: build/ and the compiled kernels make the next run faster
mkdir -p "$ROOT/src"
git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar -c --null -T - | tar -x -C "$ROOT/src"

# NRCORE_ARM64_CROSS=1: compile the kernels on this machine with Debian's cross compiler
# (gcc-aarch64-linux-gnu; the emulated gcc takes about 6 min per kernel here) against the
# arm64 root's Python and numpy headers; setup.py inside then finds them up to date. The Pd
# library and everything else are still built and run inside, under emulation.
if [ "${NRCORE_ARM64_CROSS:-0}" = 1 ]; then
  scripts/system-deps.sh gcc-aarch64-linux-gnu
  [ -x "$ROOT/opt/venv/bin/python" ] || { echo "check-aarch64: run once without NRCORE_ARM64_CROSS first (it makes the venv)" >&2; exit 1; }
  numpy_inc=$(ls -d "$ROOT"/opt/venv/lib/python3.*/site-packages/numpy/_core/include | head -1)
  pyver=$(basename "$(ls -d "$ROOT"/usr/include/python3.* | head -1)")
  lib="$ROOT/src/build/lib.linux-aarch64-cpython-$(echo "${pyver#python}" | tr -d .)"
  mkdir -p "$lib/nrcore"
  for pyx in cython/_*.pyx; do
    name=$(basename "$pyx" .pyx)
    so="$lib/nrcore/$name.cpython-$(echo "${pyver#python}" | tr -d .)-aarch64-linux-gnu.so"
    c="$ROOT/src/cython/$name.c"
    if [ ! -e "$c" ] || [ "$pyx" -nt "$c" ] || [ cython/nrdsp.pxd -nt "$c" ]; then
      "${PY:-.venv/bin/python}" -m cython -3 -I cython --directive boundscheck=False,wraparound=False,cdivision=True,initializedcheck=False \
        -o "$c" "$ROOT/src/$pyx"
    fi
    if [ ! -e "$so" ] || [ "$c" -nt "$so" ]; then
      say "cross-compiling $name"
      aarch64-linux-gnu-gcc -shared -fPIC -O3 -fno-math-errno -ffp-contract=off -fwrapv \
        -DNPY_NO_DEPRECATED_API=NPY_1_7_API_VERSION -I "$ROOT/src/cython" -I "$numpy_inc" \
        -I "$ROOT/usr/include/$pyver" --sysroot="$ROOT" \
        -o "$so" "$c"
    fi
  done
fi

chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
  PIP_CERT=/etc/ssl/certs/host-ca-certificates.crt PIP_DISABLE_PIP_VERSION_CHECK=1 \
  TESTS="$TESTS" PYTEST_ARGS="$*" /bin/bash -euo pipefail -c '
echo "check-aarch64: inside: $(uname -m), $(python3 --version), $(pd -version 2>&1 | head -1)"
[ -x /opt/venv/bin/python ] || python3 -m venv /opt/venv
/opt/venv/bin/pip install -q --upgrade pip "setuptools>=77" wheel
/opt/venv/bin/pip install -q "cython>=3.0" "numpy>=1.23" "soundfile>=0.12" "pytest>=7" "hypothesis>=6"
cd /src
ln -sfn /opt/venv /src/.venv   # the layout the Makefiles and the Pd tests expect
t0=$(date +%s)
/opt/venv/bin/python setup.py -q build_ext --inplace -j 2
echo "check-aarch64: kernels built in $(( $(date +%s) - t0 )) s"
file python/nrcore/_neuron*.so 2>/dev/null || ls -la python/nrcore/_neuron*.so
make -C pd -s
t0=$(date +%s)
PYTHONPATH=/src/python /opt/venv/bin/python -m pytest -q -p no:cacheprovider $TESTS $PYTEST_ARGS
echo "check-aarch64: tests ran in $(( $(date +%s) - t0 )) s"
'
say "passed on aarch64 (emulated) in $(( $(date +%s) - start )) s"
