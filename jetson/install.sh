#!/usr/bin/env bash
# Install nrcore and the Neurorack launcher on a Jetson (JetPack / Ubuntu, aarch64).
#
#   sudo ./jetson/install.sh [--src DIR] [--no-service] [--max-clocks]
#
# What it does (idempotent; safe to run again after an update):
#   1. checks the board (aarch64, Python >= 3.10: JetPack 6 / Ubuntu 22.04 has 3.10; on
#      JetPack 4.6/5 install python3.10 first, e.g. from the deadsnakes PPA, and set PYTHON);
#   2. installs the system packages: compiler and Python headers (the Cython kernels are built
#      on the board), PortAudio, libsndfile, i2c-tools and the gpiod command-line tools;
#   3. creates the service user `nrcore` in the audio, i2c and gpio groups, with a udev rule
#      giving the gpio group the GPIO character devices (I2C: i2c-tools' rule already gives
#      /dev/i2c-* to the i2c group);
#   4. builds a virtual environment in /opt/nrcore/venv with nrcore and its `rack` extra
#      (smbus2, gpiod, luma.oled, luma.lcd, luma.core, pillow, sounddevice);
#   5. installs /etc/nrcore/rack.toml (kept if present), /var/lib/nrcore/{models,presets},
#      a sudoers rule that lets the service user power off and reboot (the menu's Power page),
#      and the systemd unit, enabled and started.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICE=1
MAX_CLOCKS=0
PYTHON="${PYTHON:-python3}"
PREFIX=/opt/nrcore
USER_NAME=nrcore

while [ $# -gt 0 ]; do
    case "$1" in
        --src) SRC="$(cd "$2" && pwd)"; shift 2 ;;
        --no-service) SERVICE=0; shift ;;
        --max-clocks) MAX_CLOCKS=1; shift ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

say() { printf '\n== %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root (sudo)" >&2
    exit 1
fi
if [ "$(uname -m)" != "aarch64" ]; then
    echo "install.sh: this is $(uname -m); the script targets Jetson boards (aarch64)." >&2
    echo "            Set FORCE=1 to install anyway (for a test on another Linux)." >&2
    [ "${FORCE:-0}" = "1" ] || exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "install.sh: $("$PYTHON" --version 2>&1) is too old; nrcore needs Python >= 3.10." >&2
    echo "            JetPack 6 ships 3.10. On JetPack 4.6/5: apt install python3.10 python3.10-venv" >&2
    echo "            python3.10-dev (deadsnakes PPA), then PYTHON=python3.10 $0" >&2
    exit 1
fi
[ -f "$SRC/pyproject.toml" ] || { echo "install.sh: no nrcore source tree at $SRC" >&2; exit 1; }

say "system packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends build-essential "$(basename "$PYTHON")-dev" \
    "$(basename "$PYTHON")-venv" libportaudio2 libsndfile1 i2c-tools gpiod alsa-utils

say "user, groups and device permissions"
getent group i2c >/dev/null || groupadd --system i2c
getent group gpio >/dev/null || groupadd --system gpio
if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/nrcore --shell /usr/sbin/nologin "$USER_NAME"
fi
usermod -a -G audio,i2c,gpio "$USER_NAME"
cat > /etc/udev/rules.d/60-nrcore-gpio.rules <<'RULES'
# nrcore rack: the gpio group may use the GPIO character devices (gpiod) and sysfs GPIO
# (Jetson.GPIO on older JetPack); the i2c group the I2C buses.
SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"
SUBSYSTEM=="i2c-dev", GROUP="i2c", MODE="0660"
RULES
udevadm control --reload-rules
udevadm trigger --subsystem-match=gpio --subsystem-match=i2c-dev || true

say "virtual environment in $PREFIX/venv"
mkdir -p "$PREFIX"
"$PYTHON" -m venv "$PREFIX/venv"
"$PREFIX/venv/bin/pip" install --upgrade pip wheel
if ! "$PREFIX/venv/bin/pip" install "$SRC[rack,play]"; then
    # Source trees from before the `rack` extra existed: the same packages by name.
    "$PREFIX/venv/bin/pip" install "$SRC" smbus2 gpiod luma.oled luma.lcd luma.core pillow \
        sounddevice
fi
"$PREFIX/venv/bin/python" -c 'import nrcore.rack, smbus2, gpiod, luma.oled' \
    || { echo "install.sh: the venv cannot import the rack" >&2; exit 1; }

say "configuration and state"
install -d -m 0755 /etc/nrcore
if [ ! -f /etc/nrcore/rack.toml ]; then
    install -m 0644 "$SRC/jetson/rack.toml" /etc/nrcore/rack.toml
else
    echo "keeping the existing /etc/nrcore/rack.toml"
fi
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0755 /var/lib/nrcore /var/lib/nrcore/models \
    /var/lib/nrcore/presets
cat > /etc/sudoers.d/nrcore-power <<SUDO
# The rack menu's Power page: shutdown and reboot, nothing else.
$USER_NAME ALL=(root) NOPASSWD: /usr/bin/systemctl poweroff, /usr/bin/systemctl reboot
SUDO
chmod 0440 /etc/sudoers.d/nrcore-power
visudo -cf /etc/sudoers.d/nrcore-power

if [ "$MAX_CLOCKS" = "1" ] && command -v nvpmodel >/dev/null; then
    say "maximum performance mode"
    nvpmodel -m 0
    command -v jetson_clocks >/dev/null && jetson_clocks
fi

if [ "$SERVICE" = "1" ]; then
    say "systemd service"
    install -m 0644 "$SRC/jetson/nrcore-rack.service" /etc/systemd/system/nrcore-rack.service
    systemctl daemon-reload
    systemctl enable nrcore-rack.service
    systemctl restart nrcore-rack.service
    systemctl --no-pager status nrcore-rack.service || true
fi

say "done"
echo "Check the buses:  i2cdetect -y 1   (expect 48, 49 and 3c)   gpioinfo gpiochip0"
echo "Try it by hand:   sudo -u $USER_NAME $PREFIX/venv/bin/nrcore rack --config /etc/nrcore/rack.toml"
