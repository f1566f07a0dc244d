"""The nrcore command: demo files, render, params, clear errors."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

ROOT = Path(__file__).resolve().parents[1]


def nrcore_cli(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
    return subprocess.run([sys.executable, "-m", "nrcore", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = nrcore_cli("demo", "--out", str(out), "--play")
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def test_demo_writes_sounding_files(demo_dir):
    out, stdout = demo_dir
    wavs = sorted(out.rglob("*.wav"))
    assert wavs, "no WAV written"
    for wav in wavs:
        y, sr = soundfile.read(wav)
        assert sr in (44100, 48000)
        assert len(y) > sr, f"{wav.name} shorter than a second"
        rms = np.sqrt(np.mean(np.square(y)))
        assert rms > 0.01, f"{wav.name} is (nearly) silent"
        assert np.all(np.isfinite(y))
    for png in out.rglob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for f in out.rglob("*"):
        assert str(f) in stdout, f"{f.name} written but not announced"


def test_demo_play_without_a_device_says_why_and_still_writes(demo_dir):
    from nrcore.app.playback import output_device_problem

    out, stdout = demo_dir
    problem = output_device_problem()
    if problem:
        assert "not playing:" in stdout and "Everything was written" in stdout
    else:
        assert "playing:" in stdout


def test_render_writes_one_channel_per_output(tmp_path):
    path = tmp_path / "n.wav"
    result = nrcore_cli("render", "neuron", "-i", "sine:220", "-i", "noise:3", "--weights", "1",
                        "0.2", "--feedback", "0.9", "--activation", "sinefold", "--seconds", "0.5",
                        "-o", str(path))
    assert result.returncode == 0, result.stderr
    y, sr = soundfile.read(path)
    assert y.shape == (24000, 2) and sr == 48000
    gate = y[:, 1]
    assert np.all((np.abs(gate) < 1e-6) | (np.abs(gate - 1.0) < 1e-6))  # the fire gate, 0 or 1
    assert 0 < gate.mean() < 1
    import nrcore

    from nrcore import signals

    x = np.stack([signals.from_spec("sine:220", 0.5), signals.from_spec("noise:3", 0.5)])
    want = nrcore.Neuron(inputs=2, weights=[1, 0.2], feedback=0.9, activation="sinefold").process(x)
    np.testing.assert_allclose(y[:, 0], want[0], atol=2 ** -22)  # 24-bit WAV


def test_render_rejects_bad_values_with_the_parameter_named(tmp_path):
    result = nrcore_cli("render", "neuron", "--feedback", "1000", "-o", str(tmp_path / "x.wav"))
    assert result.returncode == 2
    assert "feedback: 1000 is above the maximum; allowed: [-100, 100]" in result.stderr
    result = nrcore_cli("render", "neuron", "-i", "sine:abc", "-o", str(tmp_path / "x.wav"))
    assert result.returncode == 2 and "'abc' is not a number" in result.stderr


def test_params_lists_every_declared_parameter():
    import nrcore

    result = nrcore_cli("params")
    assert result.returncode == 0
    for name, cls in nrcore.REGISTRY.items():
        assert f"{name} ({cls.__name__}" in result.stdout
        for p in cls.PARAMS:
            assert p.describe() in result.stdout
