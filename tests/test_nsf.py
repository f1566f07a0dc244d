"""The torch Sinc-NSF model against the torch-free runtime, and the training CLI."""
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from nrcore.synthesis.modelfile import NSFConfig, load_model, save_model  # noqa: E402
from nrcore.synthesis.training.nsf_model import SincNSF, multi_resolution_stft_loss  # noqa: E402
from nrcore.synthesis.runtime import ImpactSynth  # noqa: E402


def lively_model(seed=0):
    """A model with large random output weights, so every control path matters."""
    torch.manual_seed(seed)
    config = NSFConfig(descriptor_mean=[-3.0, 0.1, 7.5, 8.0, 7.0, -3.0, 5.5],
                       descriptor_std=[1.5, 0.1, 0.8, 0.8, 0.6, 2.0, 0.8])
    model = SincNSF(config)
    with torch.no_grad():
        for p in model.out.parameters():
            p.normal_(0.0, 0.5)
    return model


def random_curves(frames, seed=1):
    rng = np.random.default_rng(seed)
    curves = np.stack([rng.uniform(0.01, 0.3, frames), rng.uniform(0, 0.3, frames),
                       rng.uniform(200, 5000, frames), rng.uniform(500, 9000, frames),
                       rng.uniform(200, 3000, frames), rng.uniform(0, 0.5, frames),
                       rng.uniform(40, 1500, frames)])
    return curves.astype(np.float32).astype(np.float64)  # exactly representable in both


@pytest.mark.parametrize("sr", [44100, 48000, 22050])
def test_runtime_matches_torch_within_1e_4(tmp_path, sr):
    model = lively_model()
    save_model(tmp_path / "m", model.config, model.numpy_tensors())
    curves = random_curves(24)
    synth = ImpactSynth(tmp_path / "m", sample_rate=sr)
    n = synth.n_samples(curves.shape[1])
    noise = np.random.default_rng(2).uniform(-1, 1, n).astype(np.float32).astype(np.float64)
    with torch.no_grad():
        expected = model(torch.tensor(curves[None], dtype=torch.float32), float(sr),
                         noise=torch.tensor(noise[None], dtype=torch.float32))[0].numpy()
    got = synth.render(curves, noise=noise, block=333)
    assert got.shape == expected.shape
    assert np.abs(expected).max() > 0.1
    assert np.abs(got - expected).max() < 1e-4
    # In double precision the two agree to float32 output rounding.
    with torch.no_grad():
        exact = model.double()(torch.tensor(curves[None]), float(sr),
                               noise=torch.tensor(noise[None]))[0].numpy()
    assert np.abs(got - exact).max() < 1e-6


def test_framed_and_per_sample_paths_agree():
    model = lively_model(3)
    curves = torch.tensor(random_curves(10)[None], dtype=torch.float32)
    noise = torch.rand(1, 10 * 512) * 2 - 1
    with torch.no_grad():
        outputs, _ = model.frame_outputs(curves)
        controls = model.controls(curves, outputs, 44100.0)
        framed = model.synthesize(controls, 44100.0, noise)
        longer = model.synthesize(controls, 44100.0, torch.cat([noise, noise[:, :7]], 1))
    assert torch.max(torch.abs(framed - longer[:, :10 * 512])) < 1e-5


def test_frame_network_is_causal():
    model = lively_model()
    curves = torch.tensor(random_curves(12)[None], dtype=torch.float32)
    changed = curves.clone()
    changed[..., 8:] *= 1.5
    with torch.no_grad():
        a, _ = model.frame_outputs(curves)
        b, _ = model.frame_outputs(changed)
    assert torch.equal(a[:, :8], b[:, :8]) and not torch.allclose(a[:, 8:], b[:, 8:])


def test_stft_loss_is_zero_for_identical_and_grows_with_difference():
    y = torch.randn(2, 8192)
    assert float(multi_resolution_stft_loss(y, y)) < 1e-5
    near = float(multi_resolution_stft_loss(y + 0.01 * torch.randn_like(y), y))
    far = float(multi_resolution_stft_loss(torch.randn_like(y), y))
    assert 0 < near < far


def test_gradients_reach_every_parameter():
    model = lively_model()
    curves = torch.tensor(random_curves(6)[None], dtype=torch.float32)
    y = model(curves, 44100.0, generator=torch.Generator().manual_seed(0))
    multi_resolution_stft_loss(y, torch.zeros_like(y) + 1e-3 * torch.randn_like(y)).backward()
    for name, p in model.named_parameters():
        assert p.grad is not None and torch.any(p.grad != 0), name


def test_train_cli_learns_resumes_and_writes_safe_files(tmp_path):
    from nrcore.synthesis.data.corpus import generate_corpus
    from nrcore.synthesis.training.train import main_train

    generate_corpus(tmp_path / "data", 6, seed=1, duration=0.2)
    out = tmp_path / "run" / "nsf"
    args = ["nsf", "--data", str(tmp_path / "data"), "--out", str(out), "--frames", "16",
            "--batch", "2", "--val-every", "4", "--seed", "3", "--hidden", "16"]
    assert main_train(args + ["--steps", "4"]) == 0
    first = json.loads(out.with_suffix(".json").read_text())
    assert first["training"]["steps"] == 4 and first["training"]["seed"] == 3
    assert first["training"]["command"].startswith("nrcore train nsf --data")
    assert out.with_suffix(".ckpt").exists() and (out.parent / "nsf-loss.png").exists()
    assert (out.parent / "nsf-spectrograms.png").exists()
    # Resume continues the step count and the history.
    assert main_train(args + ["--steps", "8", "--resume", "--no-plots"]) == 0
    resumed = json.loads(out.with_suffix(".json").read_text())
    assert resumed["training"]["steps"] == 8
    # Same seed, same steps from scratch gives the same weights as 8 straight steps.
    straight = tmp_path / "run2" / "nsf"
    assert main_train(args[:3] + ["--out", str(straight)] + args[5:]
                      + ["--steps", "8", "--no-plots"]) == 0
    _, w_resumed = load_model(out)
    _, w_straight = load_model(straight)
    for k in w_resumed:
        np.testing.assert_allclose(w_resumed[k], w_straight[k], atol=1e-6, err_msg=k)
    # The written model plays in the torch-free runtime.
    synth = ImpactSynth(out, sample_rate=48000)
    synth.trigger(random_curves(16))
    assert np.all(np.isfinite(synth.process(9000)))


@pytest.mark.slow
def test_training_runs_under_torchrun_with_two_processes(tmp_path):
    """DistributedDataParallel on CPU (gloo): two processes train one model; rank 0 saves."""
    import os
    import shutil
    import subprocess
    import sys

    from nrcore.synthesis.data.corpus import generate_corpus

    torchrun = shutil.which("torchrun") or os.path.join(os.path.dirname(sys.executable),
                                                        "torchrun")
    if not os.path.exists(torchrun):
        pytest.skip("torchrun not installed")
    generate_corpus(tmp_path / "data", 6, seed=4, duration=0.2)
    for what in ("nsf", "vae"):
        out = tmp_path / what
        env = dict(os.environ, PYTHONPATH=os.path.join(os.path.dirname(__file__), "..",
                                                       "python"), OMP_NUM_THREADS="1")
        run = subprocess.run(
            [torchrun, "--standalone", "--nproc_per_node", "2", "-m", "nrcore.synthesis.training.train", what,
             "--data", str(tmp_path / "data"), "--out", str(out), "--frames", "16",
             "--steps", "3", "--batch", "4", "--val-every", "3", "--hidden", "16",
             "--no-plots"], capture_output=True, text=True, env=env, timeout=300)
        assert run.returncode == 0, run.stderr[-3000:]
        info = json.loads(out.with_suffix(".json").read_text())
        assert info["training"]["processes"] == 2 and info["training"]["steps"] == 3
        load_model(out)
