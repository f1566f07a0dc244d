"""The sdist and the wheel, and a clean install of the wheel with no source tree in reach:
`nrcore params` and `nrcore demo` work there, the demo without matplotlib says which extra adds
the PNGs."""
from __future__ import annotations

import sys
import tarfile
import zipfile

import pytest

from test_install_support import (ROOT, VERSION, clean_env, run, tree_wheel, wheel_venv)

KERNELS = sorted(p.stem for p in (ROOT / "cython").glob("_*.pyx"))
MODELS = sorted(p.name for p in (ROOT / "python/nrcore/synthesis/models").iterdir()
                if p.suffix in (".safetensors", ".json"))


def test_sdist_holds_everything_needed_to_build(tmp_path):
    pytest.importorskip("build", reason="the sdist is made with `build` (pip install build)")
    result = run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "-o", tmp_path,
                  ROOT], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    (sdist,) = tmp_path.glob(f"nrcore-{VERSION}.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    needed = {"setup.py", "pyproject.toml", "MANIFEST.in", "python/nrcore/py.typed"}
    needed |= {str(p.relative_to(ROOT)) for pattern in ("*.pyx", "*.pxd", "*.h")
               for p in (ROOT / "cython").glob(pattern)}
    needed |= {f"python/nrcore/synthesis/models/{m}" for m in MODELS}
    assert needed <= names, sorted(needed - names)
    built = [n for n in names if n.endswith((".so", ".o")) or (n.startswith("cython/")
                                                               and n.endswith(".c"))]
    assert built == []


def test_wheel_is_a_platform_wheel_with_every_kernel_and_model():
    wheel = tree_wheel()
    assert "-py3-none-any" not in wheel.name
    names = set(zipfile.ZipFile(wheel).namelist())
    for kernel in KERNELS:
        assert any(n.startswith(f"nrcore/{kernel}.cpython-") and n.endswith(".so")
                   for n in names), kernel
    for model in MODELS:
        assert f"nrcore/synthesis/models/{model}" in names
    assert "nrcore/py.typed" in names
    assert not any(n.startswith(("tests/", "cython/")) for n in names)


def test_clean_venv_runs_params_and_the_demo_without_the_source_tree(tmp_path):
    venv = wheel_venv()
    env = clean_env()
    where = run([venv / "bin/python", "-c",
                 "import nrcore, importlib.util as u; print(nrcore.__file__); "
                 "print(u.find_spec('matplotlib') is None)"], cwd=tmp_path, env=env)
    assert where.returncode == 0, where.stderr
    location, no_matplotlib = where.stdout.split()
    assert location.startswith(str(venv)) and not location.startswith(str(ROOT))
    assert no_matplotlib == "True"

    params = run([venv / "bin/nrcore", "params"], cwd=tmp_path, env=env)
    assert params.returncode == 0, params.stderr
    assert "neuron" in params.stdout and "feedback" in params.stdout

    out = tmp_path / "demo"
    demo = run([venv / "bin/nrcore", "demo", "--out", out], cwd=tmp_path, env=env)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "Traceback" not in demo.stderr
    for name in ("1-neuron.wav", "2-dual-neuron.wav", "3-mouse-to-midi.mid",
                 "3-mouse-to-midi.wav", "4-learning-reachable.wav",
                 "4-learning-unreachable.wav"):
        assert (out / name).stat().st_size > 1000, name
    synth = list((out / "5-neural-synthesis").glob("*.wav"))
    assert synth and all(p.stat().st_size > 1000 for p in synth)
    assert list(out.rglob("*.png")) == []
    assert "pip install 'nrcore[plots]'" in demo.stdout
