"""The deken package installed as a user would: unzipped into a throwaway HOME's Pd folder
(~/.local/lib/pd/extra, on Pd's standard path), patches in a folder outside the source tree,
no PYTHONPATH and no NRCORE_* variable. Real Pd (-nogui -batch): the package says what to do
when it finds no Python, [; nrcore setup <wheelhouse>( makes its venv offline from the bundled
wheel, every object creates with [declare -lib nrcore] alone and in the nrcore/NAME form,
loading it at start-up and in the patch is quiet, audio matches the Python API, [; nrcore
python PATH( remembers a Python, and a Python whose version has no bridge is named plainly."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest

from nrcore import Neuron
from nrcore.hosts.pd.help import Patch
from pdharness import PD, Recording, quit_patch, run_pd
from test_install_support import (ROOT, VERSION, clean_env, tree_wheel, wheel_venv,
                                  wheelhouse)

pytestmark = pytest.mark.skipif(PD is None, reason="Pure Data (pd) is not installed")
DEK = f"nrcore[v{VERSION}](Linux-amd64-32).dek"


@pytest.fixture(scope="module")
def dek(tmp_path_factory) -> Path:
    """make -C pd package, into a scratch folder, shipping this session's wheel."""
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(["make", "-s", "-C", str(ROOT / "pd"), "package", f"DIST={dist}",
                             f"NRCORE_WHEELS={tree_wheel().parent}"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return dist / DEK


def install(dek: Path, home: Path) -> Path:
    """Unzip the package where a user's Pd finds it; returns the nrcore folder."""
    extra = home / ".local/lib/pd/extra"
    extra.mkdir(parents=True)
    with zipfile.ZipFile(dek) as z:
        z.extractall(extra)
    return extra / "nrcore"


def pd_env(home: Path) -> dict[str, str]:
    return clean_env(HOME=str(home), PATH="/usr/bin:/bin")


def pd(patch: Patch, workdir: Path, home: Path, *extra: str):
    """Real Pd on the patch, with the user's paths only (no -path into the source tree).
    run_pd merges os.environ: empty NRCORE_*/PYTHONPATH values count as unset."""
    env = pd_env(home)
    env.update({"PYTHONPATH": "", "NRCORE_VENV": "", "NRCORE_PYTHONPATH": ""})
    return run_pd(patch, workdir, paths=(), extra_args=extra, env=env, timeout=300)


@pytest.fixture(scope="module")
def user(dek, tmp_path_factory):
    """One installed package made ready by the first-run set-up (offline), shared below."""
    home = tmp_path_factory.mktemp("home")
    folder = install(dek, home)
    work = tmp_path_factory.mktemp("patches")

    # before set-up: no Python with nrcore anywhere, and the console says what to do
    p = quit_patch(10)
    p.declare("-lib", "nrcore")
    p.obj(200, 10, "nr.neuron~")
    run = pd(p, work, home)
    assert "nrcore: no Python with nrcore found" in run.output, run.output
    assert "[; nrcore setup(" in run.output
    assert "couldn't create" in run.output

    # [; nrcore setup <wheelhouse>(: venv/ beside the binary, nrcore from the bundled wheel
    p = Patch()
    load = p.obj(10, 10, "loadbang")
    setup = p.msg(10, 40, f"; nrcore setup {wheelhouse()}")
    ready = p.obj(10, 70, "r", "nrcore-ready")
    show = p.obj(10, 100, "print", "READY")
    quit_ = p.msg(100, 100, "; pd quit 0")
    p.connect(load, 0, setup, 0)
    p.connect(ready, 0, show, 0)
    p.connect(ready, 0, quit_, 0)
    run = pd(p, work, home, "-lib", "nrcore")
    assert "READY: 1" in run.output, run.output + (folder / "venv-setup.log").read_text()
    assert f"Python 3" in run.output and f"from {folder}/venv/bin/python" in run.output
    return home, folder, work


def test_package_carries_no_path_of_this_machine_and_links_no_python(dek):
    with zipfile.ZipFile(dek) as z:
        names = z.namelist()
        binaries = [n for n in names if n.endswith((".pd_linux", ".so"))]
        assert "nrcore/nrcore.pd_linux" in binaries
        assert any(n.startswith("nrcore/bridge/nrcore-py3.") for n in binaries)
        assert any(n.startswith("nrcore/wheels/nrcore-") for n in names)
        assert "nrcore/nrcore.cfg" not in names
        for name in binaries:
            data = z.read(name)
            assert str(ROOT).encode() not in data, name
            assert b"libpython3" not in data, name  # found and loaded at run time


def test_every_object_creates_plain_and_with_the_library_prefix(user, tmp_path):
    home, folder, _ = user
    objects = sorted(p.name[:-len(".pd_py")] for p in folder.glob("*.pd_py"))
    assert len(objects) >= 8
    p = quit_patch(50)
    p.declare("-lib", "nrcore")
    for i, name in enumerate(objects):
        p.obj(200, 10 + 30 * i, name)
        p.obj(500, 10 + 30 * i, f"nrcore/{name}")
    # loaded at start-up (-lib nrcore) and by the patch's [declare -lib nrcore]
    run = pd(p, tmp_path, home, "-lib", "nrcore")
    assert run.errors == [], run.output
    assert "already running" not in run.output
    assert run.output.count(f"nrcore {VERSION}: Python") == 1


def test_audio_matches_the_python_api(user, tmp_path):
    home, _, _ = user
    x = np.random.default_rng(3).uniform(-1, 1, (3, 64 * 40)).astype(np.float32)
    rec = Recording(tmp_path, ["nr.neuron~", 3, "-weights", 0.75, -0.5, 0.25, "-feedback", 0.5,
                               "-activation", "sinefold", "-noise", 0.125, "-seed", 7],
                    x, 2)
    env = pd_env(home)
    env.update({"PYTHONPATH": "", "NRCORE_VENV": "", "NRCORE_PYTHONPATH": ""})
    out, run = rec.run(env=env, paths=())
    assert run.errors == [], run.output
    ref = Neuron(inputs=3, sample_rate=48000, weights=[0.75, -0.5, 0.25], feedback=0.5,
                 activation="sinefold", noise=0.125, seed=7)
    expected = ref.process(x)
    np.testing.assert_allclose(out[:, :x.shape[1]], expected, atol=1e-6)
    assert np.abs(out[0]).max() > 0.01


def test_python_message_remembers_a_python_and_a_version_without_bridge_is_named(dek, tmp_path):
    home = tmp_path / "home"
    folder = install(dek, home)
    python = wheel_venv() / "bin" / "python"
    version = subprocess.run([str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True).stdout.strip()
    p = quit_patch(10)
    box = p.msg(10, 150, f"; nrcore python {python}")
    p.connect(0, 0, box, 0)  # quit_patch's [loadbang] -> the python message
    run = pd(p, tmp_path, home, "-lib", "nrcore")
    assert f"python = {python}" in (folder / "nrcore.cfg").read_text()
    assert f"from {python}" in run.output, run.output

    q = quit_patch(10)
    q.declare("-lib", "nrcore")
    q.obj(200, 10, "nr.dualneuron~")
    run = pd(q, tmp_path, home)
    assert run.errors == [], run.output

    # the same Python, with this version's bridge gone: the console names both sides
    (folder / "bridge" / f"nrcore-py{version}.so").unlink()
    run = pd(q, tmp_path, home)
    assert f"{python} is Python {version}, but this nrcore package has bridges only for" \
        in run.output, run.output
    assert "No module named" not in run.output
    shutil.rmtree(home)
