"""jetson/install.sh's decisions, checked fast with ``--plan`` (nothing installed).

The script reads the board from a device-tree model file (``NRCORE_DT_MODEL``), the kernel
release (``NRCORE_KERNEL``) and the Pythons on ``PATH``. The slow, real check is
``make check-install-jetson``: install.sh in a Debian debootstrap chroot without python3,
udev or systemd (jetson/README.md records its result).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "jetson" / "install.sh"
TOOLS = ("bash", "sed", "tr", "uname", "basename", "dirname", "id", "cat", "head", "sort")


def plan(tmp_path: Path, model: bytes | None, kernel: str, pythons: dict[str, str]) -> str:
    """Run ``install.sh --plan`` with only the listed tools and the given Pythons on PATH
    (name -> the interpreter it runs)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in TOOLS:
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    for name, target in pythons.items():
        (bin_dir / name).symlink_to(target)
    env = {"PATH": str(bin_dir), "NRCORE_KERNEL": kernel, "HOME": str(tmp_path)}
    if model is not None:
        (tmp_path / "model").write_bytes(model)
        env["NRCORE_DT_MODEL"] = str(tmp_path / "model")
    else:
        env["NRCORE_DT_MODEL"] = str(tmp_path / "absent")
    done = subprocess.run([shutil.which("bash"), str(SCRIPT), "--plan"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def fake_python(tmp_path: Path, version: str) -> str:
    """A stand-in interpreter reporting ``version`` (what the script asks it)."""
    path = tmp_path / f"fake-python-{version}"
    major, minor = (int(v) for v in version.split(".")[:2])
    path.write_text("#!" + shutil.which("bash") + "\n"
                    f'if [ "$1" = --version ]; then echo "Python {version}"; exit 0; fi\n'
                    f"[ {major} -gt 3 ] || [ {minor} -ge 10 ]\n")
    path.chmod(0o755)
    return str(path)


def test_jetpack_4_nano_gets_jetson_gpio_and_a_python_built_from_source(tmp_path):
    out = plan(tmp_path, b"NVIDIA Jetson Nano Developer Kit\x00", "4.9.337-tegra",
               {"python3": fake_python(tmp_path, "3.6.9")})
    assert "board preset: jetson-nano" in out
    assert "gpio backend: jetson" in out
    assert "Jetson.GPIO: installed, with its udev rule" in out
    assert "python: none >= 3.10; build" in out
    assert "udev: not running" in out or "udev: running" in out


def test_no_python3_at_all_is_not_an_error_but_a_build(tmp_path):
    out = plan(tmp_path, b"NVIDIA Jetson Nano Developer Kit\x00", "4.9.337-tegra", {})
    assert "python: none >= 3.10; build" in out
    assert "command not found" not in out


def test_jetpack_6_orin_uses_gpiod_and_its_python_3_10(tmp_path):
    out = plan(tmp_path, b"NVIDIA Jetson Orin Nano Developer Kit\x00", "5.15.136-tegra",
               {"python3": fake_python(tmp_path, "3.10.12")})
    assert "board preset: orin-nano" in out
    assert "gpio backend: gpiod" in out
    assert "(Python 3.10.12)" in out
    assert "Jetson.GPIO: installed" in out          # the ST7789's DC/reset lines use it


@pytest.mark.parametrize("model, stem", [
    (b"NVIDIA Jetson Xavier NX Developer Kit\x00", "xavier-nx"),
    (b"Raspberry Pi 4 Model B Rev 1.4\x00", None),
    (None, None)])
def test_the_board_comes_from_the_device_tree_model(tmp_path, model, stem):
    out = plan(tmp_path, model, "5.10.120-tegra", {"python3": sys.executable})
    if stem:
        assert f"board preset: {stem}" in out
    else:
        assert "board preset: none" in out


def test_install_refuses_without_root_or_on_another_architecture(tmp_path):
    if os.geteuid() == 0 and os.uname().machine == "aarch64":
        pytest.skip("root on aarch64: the script would really install")
    done = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, NRCORE_DT_MODEL=str(tmp_path / "absent")))
    assert done.returncode == 1
    assert "run as root" in done.stderr or "targets Jetson boards" in done.stderr
