#!/usr/bin/env bash
# make check-install-jetson: jetson/install.sh from a clean checkout (git archive HEAD) in a
# fresh Debian bookworm chroot made by debootstrap --variant=minbase: no python3, no udev, no
# systemd, like a container. install.sh must build Python from a local source tarball, install
# every package, and leave a venv that plays the rack offline. Needs root, debootstrap and the
# Debian mirror; slow (tens of minutes on 2 cores). Result: jetson/README.md.
#
# Environment: CHECK_DIR (default /var/tmp/nrcore-check, kept between runs: the chroot is
# reused when it already exists), PYTHON_TARBALL (default: CPython 3.11.2's upstream source as
# Debian's mirror serves it, python3.11_3.11.2.orig.tar.gz, MD5 from Debian's .dsc).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECK_DIR="${CHECK_DIR:-/var/tmp/nrcore-check}"
ROOT="$CHECK_DIR/root"
TARBALL="${PYTHON_TARBALL:-$CHECK_DIR/Python-3.11.2.tgz}"
TARBALL_URL=http://deb.debian.org/debian/pool/main/p/python3.11/python3.11_3.11.2.orig.tar.gz
TARBALL_MD5=f6b5226ccba5ae1ca9376aaba0b0f673

[ "$(id -u)" -eq 0 ] || { echo "check-install: run as root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "check-install: apt-get install debootstrap" >&2
                                       exit 1; }
mkdir -p "$CHECK_DIR"
start=$(date +%s)
if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
    echo "== debootstrap bookworm (minbase) into $ROOT"
    debootstrap --variant=minbase bookworm "$ROOT" http://deb.debian.org/debian
fi
if [ ! -f "$TARBALL" ]; then
    curl -fL -o "$TARBALL" "$TARBALL_URL"
    echo "$TARBALL_MD5  $TARBALL" | md5sum -c -
fi
if [ -e "$ROOT/opt/nrcore/python/bin/python3" ] || [ -L "$ROOT/opt/nrcore/python/bin/python3" ]; then
    echo "check-install: reusing the Python a previous run built in the chroot" \
         "(remove $ROOT for a run that builds it again)"
fi
if chroot "$ROOT" sh -c 'command -v python3' >/dev/null 2>&1; then
    echo "check-install: the chroot already has python3; remove $ROOT for a clean run" >&2
    exit 1
fi

echo "== the source tree as a fresh clone has it (git archive HEAD)"
rm -rf "$ROOT/src/nrcore"
mkdir -p "$ROOT/src/nrcore"
git -C "$SRC" archive HEAD | tar -x -C "$ROOT/src/nrcore"
cp "$TARBALL" "$ROOT/src/Python.tgz"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"

mounts=()
cleanup() {
    local m
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[$i]}" || true; done
}
trap cleanup EXIT
bind() {   # bind-mount a host path read-only at the same place in the chroot
    [ -e "$1" ] || return 0
    if [ -d "$1" ]; then mkdir -p "$ROOT$1"; else mkdir -p "$(dirname "$ROOT$1")"; touch "$ROOT$1"; fi
    mount --bind "$1" "$ROOT$1"
    mount -o remount,bind,ro "$ROOT$1" || true
    mounts+=("$ROOT$1")
}
mount -t proc proc "$ROOT/proc"
mounts+=("$ROOT/proc")
# pip inside the chroot uses the same package indexes and certificate authorities (a proxy's
# CA, where the network has one) as this machine.
for path in /etc/pip.conf /etc/xdg/pip /opt/pypi /opt/pypi-more /opt/wheels \
            /etc/ssl/certs/ca-certificates.crt; do bind "$path"; done

echo "== install.sh inside the chroot (no python3, no udev, no systemd)"
chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root FORCE=1 PIP_FIND_LINKS="${PIP_FIND_LINKS:-}" \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    PIP_DEFAULT_TIMEOUT=180 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    bash /src/nrcore/jetson/install.sh --src /src/nrcore --python-tarball /src/Python.tgz

echo "== the installed rack plays (simulated hardware, offline render)"
chroot "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root bash -c '
set -e
cd /tmp
printf "time,gate1,gate2,cv1,cv2,cv3,cv4\n0,0,0,0,0,0,-5\n0.1,5,0,0,0,0,-5\n0.2,0,0,5,0,0,-5\n1,0,0,5,0,0,-5\n" > s.csv
/opt/nrcore/venv/bin/nrcore rack --sim --config /etc/nrcore/rack.toml --script s.csv \
    --wav out.wav --fast
/opt/nrcore/venv/bin/python - <<PY
import soundfile, numpy
y, sr = soundfile.read("/tmp/out.wav")
peak = float(numpy.max(numpy.abs(y)))
assert sr == 48000 and 0.0 < peak <= 1.0, (sr, peak)
print(f"rendered {len(y) / sr:.2f} s, peak {peak:.3f}")
PY
/opt/nrcore/python/bin/python3 --version
'
echo "== check-install: passed in $(( $(date +%s) - start )) s"
