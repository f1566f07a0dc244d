#!/usr/bin/env bash
# Install nrcore and the Neurorack launcher on a Jetson (JetPack / Ubuntu, aarch64).
#
#   sudo ./jetson/install.sh [--src DIR] [--python-tarball FILE] [--no-service] [--max-clocks]
#   ./jetson/install.sh --plan      (print what it would do on this machine, change nothing)
#
# What it does (idempotent; safe to run again after an update):
#   1. finds the board from /proc/device-tree/model (jetson/boards/*.toml: Jetson Nano, Orin
#      Nano, Xavier NX) and the GPIO backend: gpiod needs the GPIO character device v2
#      (kernel >= 5.10, JetPack 5/6); the Nano's JetPack 4.6 (kernel 4.9) gets Jetson.GPIO
#      with its udev rules and BOARD pin numbers;
#   2. finds a Python >= 3.10 (JetPack 6 has 3.10); where there is none (JetPack 4.6's 3.6,
#      JetPack 5's 3.8, no python3 at all), builds one from a source tarball into
#      /opt/nrcore/python (--python-tarball FILE or $PYTHON_TARBALL, else downloads
#      Python-$PY_BUILD_VERSION.tgz from python.org);
#   3. installs the system packages (compiler, PortAudio, libsndfile, i2c-tools, gpiod tools)
#      where apt-get exists;
#   4. creates the service user `nrcore` in the audio, i2c and gpio groups, and udev rules
#      for the GPIO character devices, sysfs GPIO (Jetson.GPIO's own rule) and I2C; where
#      udev does not run (a container, a chroot) the rules are written for the next boot;
#   5. builds /opt/nrcore/venv with nrcore and its `rack` extra, plus tomli (Python < 3.11),
#      Jetson.GPIO (kernel < 5.10) and spidev (the ST7789 screen), and checks that the rack
#      starts far enough to read /etc/nrcore/rack.toml;
#   6. installs /etc/nrcore/rack.toml (kept if present), /etc/nrcore/boards, /var/lib/nrcore,
#      a sudoers rule for the menu's Power page, and the systemd unit (enabled, started) where
#      systemd runs.
# Environment: NRCORE_DT_MODEL (default /proc/device-tree/model), PYTHON (a Python to use),
# FORCE=1 (run on a machine that is not aarch64, e.g. a test chroot).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICE=1
MAX_CLOCKS=0
PLAN=0
PREFIX=/opt/nrcore
USER_NAME=nrcore
PY_BUILD_VERSION="${PY_BUILD_VERSION:-3.11.9}"
PYTHON_TARBALL="${PYTHON_TARBALL:-}"
DT_MODEL="${NRCORE_DT_MODEL:-/proc/device-tree/model}"

while [ $# -gt 0 ]; do
    case "$1" in
        --src) SRC="$(cd "$2" && pwd)"; shift 2 ;;
        --python-tarball) PYTHON_TARBALL="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
                          shift 2 ;;
        --no-service) SERVICE=0; shift ;;
        --max-clocks) MAX_CLOCKS=1; shift ;;
        --plan) PLAN=1; shift ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

say() { printf '\n== %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

# -- decisions (all of them printed by --plan) ----------------------------------------------
board_of_model() {
    # The jetson/boards/*.toml whose `match` strings occur in the device-tree model.
    local model="$1" file line item
    for file in "$SRC"/jetson/boards/*.toml; do
        line="$(sed -n 's/^match *= *\[\(.*\)\].*/\1/p' "$file")"
        while IFS= read -r item; do
            item="${item#"${item%%[![:space:]]*}"}"; item="${item%\"}"; item="${item#\"}"
            if [ -n "$item" ] && [[ "$model" == *"$item"* ]]; then
                basename "$file" .toml
                return 0
            fi
        done < <(printf '%s\n' "$line" | tr ',' '\n')
    done
    return 0
}

kernel_has_gpio_v2() {
    # The GPIO character device v2 ABI (what gpiod 2.x uses) arrived in Linux 5.10.
    local release="${NRCORE_KERNEL:-$(uname -r)}" major minor
    major="${release%%.*}"; minor="${release#*.}"; minor="${minor%%[!0-9]*}"
    [ "$major" -gt 5 ] || { [ "$major" -eq 5 ] && [ "${minor:-0}" -ge 10 ]; }
}

python_ok() {
    # True when $1 runs and is >= 3.10 (a missing command is simply not ok).
    have "$1" && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null
}

find_python() {
    local c
    for c in "${PYTHON:-}" python3.13 python3.12 python3.11 python3.10 python3 \
             "$PREFIX/python/bin/python3"; do
        [ -n "$c" ] && python_ok "$c" && { command -v "$c"; return 0; }
    done
    return 0
}

MODEL=""
[ -r "$DT_MODEL" ] && MODEL="$(tr -d '\0' < "$DT_MODEL")"
BOARD="$(board_of_model "$MODEL")"
if kernel_has_gpio_v2; then GPIO_BACKEND=gpiod; else GPIO_BACKEND=jetson; fi
FOUND_PYTHON="$(find_python)"
UDEV_RUNNING=0
[ -S /run/udev/control ] && have udevadm && UDEV_RUNNING=1
SYSTEMD_RUNNING=0
[ -d /run/systemd/system ] && have systemctl && SYSTEMD_RUNNING=1

plan() {
    echo "device-tree model: ${MODEL:-none}"
    echo "board preset: ${BOARD:-none (set [board] name in /etc/nrcore/rack.toml)}"
    echo "gpio backend: $GPIO_BACKEND (kernel ${NRCORE_KERNEL:-$(uname -r)})"
    if [ "$GPIO_BACKEND" = jetson ] || [ -n "$BOARD" ]; then
        echo "Jetson.GPIO: installed, with its udev rule (99-gpio.rules)"
    fi
    if [ -n "$FOUND_PYTHON" ]; then
        echo "python: $FOUND_PYTHON ($("$FOUND_PYTHON" --version 2>&1))"
    else
        echo "python: none >= 3.10; build ${PYTHON_TARBALL:-Python-$PY_BUILD_VERSION.tgz (download)} into $PREFIX/python"
    fi
    echo "udev: $([ $UDEV_RUNNING = 1 ] && echo running || echo 'not running: rules written for the next boot')"
    echo "systemd: $([ $SYSTEMD_RUNNING = 1 ] && echo running || echo 'not running: no service started')"
}

if [ "$PLAN" = "1" ]; then
    plan
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root (sudo)" >&2
    exit 1
fi
if [ "$(uname -m)" != "aarch64" ]; then
    echo "install.sh: this is $(uname -m); the script targets Jetson boards (aarch64)." >&2
    echo "            Set FORCE=1 to install anyway (for a test on another Linux)." >&2
    [ "${FORCE:-0}" = "1" ] || exit 1
fi
[ -f "$SRC/pyproject.toml" ] || { echo "install.sh: no nrcore source tree at $SRC" >&2; exit 1; }
plan

say "system packages"
if have apt-get; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    packages=(build-essential pkg-config libportaudio2 libsndfile1 i2c-tools gpiod alsa-utils
              ca-certificates sudo)
    if [ -n "$FOUND_PYTHON" ] && [[ "$FOUND_PYTHON" == /usr/bin/* ]]; then
        base="$(basename "$FOUND_PYTHON")"
        [ "$base" = python3 ] && base="python3"
        packages+=("$base-dev" "$base-venv")
    elif [ -z "$FOUND_PYTHON" ]; then
        # What CPython's own build needs for venv, pip (ssl, zlib), ctypes and sqlite.
        packages+=(libssl-dev zlib1g-dev libffi-dev libbz2-dev liblzma-dev libsqlite3-dev
                   libreadline-dev xz-utils curl)
    fi
    apt-get install -y --no-install-recommends "${packages[@]}"
else
    echo "no apt-get: install a compiler, PortAudio (libportaudio2), libsndfile and i2c-tools"
fi

if [ -z "$FOUND_PYTHON" ]; then
    say "building Python into $PREFIX/python (none >= 3.10 here)"
    work="$(mktemp -d)"
    if [ -z "$PYTHON_TARBALL" ]; then
        PYTHON_TARBALL="$work/Python-$PY_BUILD_VERSION.tgz"
        url="https://www.python.org/ftp/python/$PY_BUILD_VERSION/Python-$PY_BUILD_VERSION.tgz"
        if have curl; then curl -fL -o "$PYTHON_TARBALL" "$url"
        elif have wget; then wget -O "$PYTHON_TARBALL" "$url"
        else echo "install.sh: no curl or wget to fetch $url; pass --python-tarball" >&2; exit 1
        fi
    fi
    [ -f "$PYTHON_TARBALL" ] || { echo "install.sh: $PYTHON_TARBALL does not exist" >&2; exit 1; }
    echo "from $PYTHON_TARBALL"
    tar -xf "$PYTHON_TARBALL" -C "$work"
    pysrc="$(find "$work" -maxdepth 2 -name configure -path '*Python-*' -printf '%h\n' | head -1)"
    [ -n "$pysrc" ] || { echo "install.sh: $PYTHON_TARBALL holds no Python source" >&2; exit 1; }
    (cd "$pysrc" && ./configure --prefix="$PREFIX/python" --with-ensurepip=install \
         > "$work/configure.log" 2>&1 \
     && make -j"$(nproc)" > "$work/make.log" 2>&1 && make altinstall > "$work/install.log" 2>&1) \
        || { echo "install.sh: building Python failed; logs in $work" >&2; exit 1; }
    ln -sf "$(ls "$PREFIX"/python/bin/python3.1[0-9] | head -1)" "$PREFIX/python/bin/python3"
    FOUND_PYTHON="$PREFIX/python/bin/python3"
    python_ok "$FOUND_PYTHON" || { echo "install.sh: the built Python does not run" >&2; exit 1; }
    rm -rf "$work"
fi
PYTHON="$FOUND_PYTHON"
echo "using $PYTHON ($("$PYTHON" --version 2>&1))"

say "user, groups and device permissions"
getent group i2c >/dev/null || groupadd --system i2c
getent group gpio >/dev/null || groupadd --system gpio
getent group audio >/dev/null || groupadd --system audio
if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/nrcore --shell /usr/sbin/nologin "$USER_NAME"
fi
usermod -a -G audio,i2c,gpio "$USER_NAME"
install -d -m 0755 /etc/udev/rules.d
cat > /etc/udev/rules.d/60-nrcore-gpio.rules <<'RULES'
# nrcore rack: the gpio group may use the GPIO character devices (gpiod); the i2c group the
# I2C buses. Sysfs GPIO (Jetson.GPIO, JetPack 4.6) is covered by 99-gpio.rules from
# Jetson.GPIO, installed beside this file.
SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"
SUBSYSTEM=="i2c-dev", GROUP="i2c", MODE="0660"
SUBSYSTEM=="spidev", GROUP="gpio", MODE="0660"
RULES

say "virtual environment in $PREFIX/venv"
mkdir -p "$PREFIX"
"$PYTHON" -m venv "$PREFIX/venv"
VPY="$PREFIX/venv/bin/python"
"$VPY" -m pip install --upgrade pip wheel
extras=(spidev)
"$VPY" -c 'import sys; sys.exit(sys.version_info >= (3, 11))' && extras+=(tomli)
# Jetson.GPIO: the gates, encoder and button on kernels without GPIO v2, and the ST7789's
# DC/reset lines (luma.lcd drives them through it) on every Jetson.
JETSON_GPIO=0
{ [ "$GPIO_BACKEND" = jetson ] || [ -n "$BOARD" ]; } && JETSON_GPIO=1
[ "$JETSON_GPIO" = 1 ] && extras+=(Jetson.GPIO)
"$VPY" -m pip install "$SRC[rack,play]" "${extras[@]}"
if [ "$JETSON_GPIO" = 1 ]; then
    rules="$("$VPY" -c 'import importlib.util, pathlib; s = importlib.util.find_spec("Jetson");
print(next(pathlib.Path(p) for p in s.submodule_search_locations) / "GPIO" / "99-gpio.rules")')"
    if [ -f "$rules" ]; then
        install -m 0644 "$rules" /etc/udev/rules.d/99-gpio.rules
    else
        echo "install.sh: Jetson.GPIO's 99-gpio.rules not found ($rules)" >&2; exit 1
    fi
fi
if [ "$UDEV_RUNNING" = "1" ]; then
    udevadm control --reload-rules
    udevadm trigger --subsystem-match=gpio --subsystem-match=i2c-dev || true
else
    echo "udev is not running here: the rules take effect at the next boot"
fi

say "configuration and state"
install -d -m 0755 /etc/nrcore /etc/nrcore/boards
install -m 0644 "$SRC"/jetson/boards/*.toml /etc/nrcore/boards/
if [ ! -f /etc/nrcore/rack.toml ]; then
    install -m 0644 "$SRC/jetson/rack.toml" /etc/nrcore/rack.toml
else
    echo "keeping the existing /etc/nrcore/rack.toml"
fi
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0755 /var/lib/nrcore /var/lib/nrcore/models \
    /var/lib/nrcore/presets
install -d -m 0755 /etc/sudoers.d
cat > /etc/sudoers.d/nrcore-power <<SUDO
# The rack menu's Power page: shutdown and reboot, nothing else.
$USER_NAME ALL=(root) NOPASSWD: /usr/bin/systemctl poweroff, /usr/bin/systemctl reboot
SUDO
chmod 0440 /etc/sudoers.d/nrcore-power
if have visudo; then visudo -cf /etc/sudoers.d/nrcore-power; fi

say "checking the installation"
backend_module=gpiod
[ "$GPIO_BACKEND" = jetson ] && backend_module=Jetson.GPIO
NRCORE_DT_MODEL="$DT_MODEL" "$VPY" - "$backend_module" <<'CHECK'
import importlib.util
import sys

import luma.oled, smbus2, spidev  # noqa: F401 - the rack's hardware libraries import
from nrcore.hosts.jetson.launcher import load_config
from nrcore.hosts.jetson.main import build_parser

# Jetson.GPIO cannot be imported off a Jetson: that it is installed is what can be checked.
name = sys.argv[1]
if importlib.util.find_spec(name.split(".")[0]) is None:
    sys.exit(f"install.sh: {name} is not installed in the venv")
config = load_config("/etc/nrcore/rack.toml")   # TOML (tomli below 3.11) and the board
build_parser()
print(f"rack config reads; board {config['board']['selected'] or 'none'}, gpio "
      f"{config['gpio'].get('backend', 'gpiod')}, i2c bus {config['controls']['i2c_bus']}")
CHECK

if [ "$MAX_CLOCKS" = "1" ] && have nvpmodel; then
    say "maximum performance mode"
    nvpmodel -m 0
    have jetson_clocks && jetson_clocks
fi

if [ "$SERVICE" = "1" ] && [ "$SYSTEMD_RUNNING" = "1" ]; then
    say "systemd service"
    install -m 0644 "$SRC/jetson/nrcore-rack.service" /etc/systemd/system/nrcore-rack.service
    systemctl daemon-reload
    systemctl enable nrcore-rack.service
    systemctl restart nrcore-rack.service
    systemctl --no-pager status nrcore-rack.service || true
elif [ "$SERVICE" = "1" ]; then
    install -d -m 0755 /etc/systemd/system
    install -m 0644 "$SRC/jetson/nrcore-rack.service" /etc/systemd/system/nrcore-rack.service
    echo "systemd is not running here: the unit is installed; enable it on the board with"
    echo "  systemctl enable --now nrcore-rack"
fi

say "done"
bus="$(NRCORE_DT_MODEL="$DT_MODEL" "$VPY" -c 'from nrcore.hosts.jetson.launcher import load_config
print(load_config("/etc/nrcore/rack.toml")["controls"]["i2c_bus"])')"
echo "Check the buses:  i2cdetect -y $bus   (expect 48, 49 and 3c)   gpioinfo"
echo "Try it by hand:   sudo -u $USER_NAME $PREFIX/venv/bin/nrcore rack --config /etc/nrcore/rack.toml"
