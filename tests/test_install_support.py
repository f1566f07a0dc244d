"""Shared by the install tests (test_wheel.py, test_deken.py): one wheel of this tree per test
session, a virtual environment made from it outside the source tree, an environment without
any variable that could point back at the source tree. No tests here."""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = next(line.split('"')[1] for line in (ROOT / "pyproject.toml").read_text().splitlines()
               if line.startswith("version"))
_cache: dict[str, Path] = {}


def _scratch(name: str) -> Path:
    """A folder outside the source tree, removed when the test session ends."""
    path = Path(tempfile.mkdtemp(prefix=f"nrcore-{name}-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def base_python() -> str:
    """The interpreter the test venv was made from (new venvs are made from it too)."""
    return getattr(sys, "_base_executable", None) or sys.executable


def clean_env(**extra: str) -> dict[str, str]:
    """os.environ without PYTHONPATH, PYTHONHOME, VIRTUAL_ENV and NRCORE_*, and without the
    development venv's bin/ on PATH: nothing that leads back to the source tree."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("NRCORE_") and k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    dev_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "/usr/bin:/bin").split(os.pathsep)
                                  if p and p != dev_bin and not p.startswith(str(ROOT)))
    env.update(extra)
    return env


def run(cmd: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env or clean_env(),
                            capture_output=True, text=True, timeout=timeout)
    return result


def tree_wheel() -> Path:
    """A wheel of this tree, built once per session with pip (setuptools recompiles only the
    kernels that `make build` has not already compiled into build/)."""
    if "wheel" not in _cache:
        out = _scratch("wheel")
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
             "-w", str(out), str(ROOT)],
            capture_output=True, text=True, timeout=1800)
        assert result.returncode == 0, result.stdout + result.stderr
        (wheel,) = out.glob(f"nrcore-{VERSION}-*.whl")
        _cache["wheel"] = wheel
    return _cache["wheel"]


def wheel_venv() -> Path:
    """A fresh virtual environment (outside the source tree) holding only the wheel and its
    dependencies from the package index: no matplotlib, no source tree."""
    if "venv" not in _cache:
        wheel = tree_wheel()
        venv = _scratch("venv") / "venv"
        tmp = venv.parent
        result = run([base_python(), "-m", "venv", venv], cwd=tmp)
        assert result.returncode == 0, result.stderr
        result = run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], cwd=tmp)
        assert result.returncode == 0, result.stdout + result.stderr
        _cache["venv"] = venv
    return _cache["venv"]


def wheelhouse() -> Path:
    """nrcore's dependencies as wheels for this Python (for an offline install)."""
    if "wheelhouse" not in _cache:
        out = _scratch("wheelhouse")
        result = run([wheel_venv() / "bin" / "python", "-m", "pip", "download", "-q",
                      "--only-binary=:all:", "-d", out, "numpy>=1.23", "soundfile>=0.12"],
                     cwd=out)
        assert result.returncode == 0, result.stdout + result.stderr
        _cache["wheelhouse"] = out
    return _cache["wheelhouse"]
