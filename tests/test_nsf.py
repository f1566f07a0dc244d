"""The torch Sinc-NSF model against the torch-free runtime, and the training CLI."""
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from nrcore.synthesis.modelfile import NSFConfig, load_model, save_model  # noqa: E402
from nrcore.synthesis.training.nsf_model import SincNSF, multi_resolution_stft_loss  # noqa: E402
from nrcore.synthesis.runtime import ImpactSynth  # noqa: E402


def lively_model(seed=0, **sizes):
    """A model with large random output weights, so every control path matters."""
    torch.manual_seed(seed)
    config = NSFConfig(descriptor_mean=[-3.0, 0.1, 7.5, 8.0, 7.0, -3.0, 4.0],
                       descriptor_std=[1.5, 0.1, 0.8, 0.8, 0.6, 2.0, 2.0], **sizes)
    model = SincNSF(config)
    with torch.no_grad():
        for p in model.out.parameters():
            p.normal_(0.0, 0.5)
    return model


def random_curves(frames, seed=1):
    """Random raw curves; about half the frames unvoiced (f0 = 0)."""
    rng = np.random.default_rng(seed)
    curves = np.stack([rng.uniform(0.01, 0.3, frames), rng.uniform(0, 0.3, frames),
                       rng.uniform(200, 5000, frames), rng.uniform(500, 9000, frames),
                       rng.uniform(200, 3000, frames), rng.uniform(0, 0.5, frames),
                       rng.choice([0.0, 1.0], frames) * rng.uniform(40, 1500, frames)])
    return curves.astype(np.float32).astype(np.float64)  # exactly representable in both


@pytest.mark.parametrize("sr", [44100, 48000, 22050])
def test_runtime_matches_torch_within_1e_4(tmp_path, sr):
    model = lively_model()
    save_model(tmp_path / "m", model.config, model.numpy_tensors())
    curves = random_curves(24)
    synth = ImpactSynth(tmp_path / "m", sample_rate=sr)
    n = synth.n_samples(curves.shape[1])
    noise = np.random.default_rng(2).uniform(-1, 1, synth.noise_length(n))
    noise = noise.astype(np.float32).astype(np.float64)
    assert model.n_noise(n, float(sr)) == noise.shape[0]
    with torch.no_grad():
        expected = model(torch.tensor(curves[None], dtype=torch.float32), float(sr),
                         noise=torch.tensor(noise[None], dtype=torch.float32))[0].numpy()
    got = synth.render(curves, noise=noise, block=333)
    assert got.shape == expected.shape
    assert np.abs(expected).max() > 0.1
    assert np.abs(got - expected).max() < 1e-4
    # In double precision the two agree to float32 output rounding and recurrences.
    with torch.no_grad():
        exact = model.double()(torch.tensor(curves[None]), float(sr),
                               noise=torch.tensor(noise[None]))[0].numpy()
    assert np.abs(got - exact).max() < 2e-5


def test_each_part_matches_torch_alone(tmp_path):
    """Harmonic, modal and noise paths separately (the mix logits select one at a time)."""
    for part in range(3):
        model = lively_model(5)
        with torch.no_grad():
            model.out.bias[:3] = torch.tensor([-40.0, -40.0, -40.0])
            model.out.bias[part] = 40.0
            model.out.weight[:3] = 0.0
        save_model(tmp_path / f"p{part}", model.config, model.numpy_tensors())
        curves = random_curves(12, seed=part)
        curves[6] = 220.0  # voiced, so the harmonic path sounds
        synth = ImpactSynth(tmp_path / f"p{part}", sample_rate=48000)
        n = synth.n_samples(12)
        noise = np.random.default_rng(part).uniform(-1, 1, synth.noise_length(n))
        with torch.no_grad():
            want = model.double()(torch.tensor(curves[None]), 48000.0,
                                  noise=torch.tensor(noise[None]))[0].numpy()
        got = synth.render(curves, noise=noise, block=100)
        assert np.abs(want).max() > 0.05, part
        assert np.abs(got - want).max() < 2e-5, part


def test_rms_is_applied_by_construction_and_unvoiced_frames_have_no_comb(tmp_path):
    model = lively_model(2)
    save_model(tmp_path / "m", model.config, model.numpy_tensors())
    frames = 40
    curves = random_curves(frames, seed=4)
    curves[0] = 0.1
    synth = ImpactSynth(tmp_path / "m", sample_rate=44100)
    y = synth.render(curves).astype(np.float64)
    seg = y[512 * 4:512 * 36].reshape(32, 512)
    assert np.allclose(np.sqrt(np.mean(seg ** 2, axis=1)).mean(), 0.1, rtol=0.15)
    # f0 = 0 (unvoiced): the harmonic amplitudes are exactly zero.
    frame = curves[:, 0].copy()
    frame[6] = 0.0
    outputs, _ = synth.net.step(frame, np.zeros(synth.net.hidden))
    amps = synth.net.controls(frame, outputs)[0]
    assert np.all(amps == 0.0)
    frame[6] = 200.0
    assert np.any(synth.net.controls(frame, outputs)[0] > 0.0)


def test_noise_filter_bank_resolves_a_narrow_band(tmp_path):
    """All noise in one band around 1.5 kHz: the -6 dB width of the rendered noise is a few
    hundred Hz (the old 41-tap filter smeared a 1.4-1.6 kHz band over 371-2557 Hz)."""
    from nrcore.synthesis.runtime import band_matrix

    model = lively_model(1)
    c = model.config
    centres = c.band_fmin * (c.band_fmax / c.band_fmin) ** (np.arange(c.noise_bands)
                                                            / (c.noise_bands - 1))
    band = int(np.argmin(np.abs(centres - 1500.0)))
    with torch.no_grad():
        model.out.weight.zero_()
        model.out.bias.zero_()
        model.out.bias[1] = 40.0                     # noise only
        model.out.bias[3 + c.n_harmonics + band] = 40.0
    save_model(tmp_path / "m", c, model.numpy_tensors())
    curves = random_curves(200, seed=3)
    curves[0] = 0.1
    y = ImpactSynth(tmp_path / "m", sample_rate=44100).render(curves).astype(np.float64)
    spec = np.abs(np.fft.rfft(y[4096:-4096].reshape(-1, 4096) * np.hanning(4096), axis=1))
    power = (spec ** 2).mean(0)
    freqs = np.fft.rfftfreq(4096, 1 / 44100)
    above = freqs[power > power.max() / 4]
    assert 1300 < above.min() and above.max() < 1750, (above.min(), above.max())
    assert band_matrix(c, 44100).shape == (513, c.noise_bands)


def test_limiter_and_release_fade():
    from nrcore._nsf import soft_limit
    from nrcore.synthesis.runtime import limit
    from nrcore.synthesis.training.nsf_model import limit as torch_limit

    x = np.concatenate([np.linspace(-40, 40, 20001), [np.nan, np.inf, -np.inf]]).astype(
        np.float32)
    y = x.copy()
    soft_limit(y, 0, y.shape[0])
    assert np.all(np.abs(y) <= 1.0) and np.all(np.isfinite(y))
    np.testing.assert_allclose(y, limit(x), atol=1e-6)
    t = torch_limit(torch.tensor(x[:-3], dtype=torch.float64)).numpy()
    np.testing.assert_allclose(y[:-3], t, atol=1e-6)
    small = np.linspace(-0.9, 0.9, 101).astype(np.float32)
    z = small.copy()
    soft_limit(z, 0, z.shape[0])
    np.testing.assert_array_equal(z, small)  # transparent below the knee


def test_loud_curves_never_exceed_full_scale_and_voices_end_with_a_fade(tmp_path):
    model = lively_model(4)
    save_model(tmp_path / "m", model.config, model.numpy_tensors())
    curves = random_curves(30, seed=9)
    curves[0] = 1.0
    synth = ImpactSynth(tmp_path / "m", sample_rate=48000, gain=8.0)
    y = synth.render(curves)
    assert np.abs(y).max() <= 1.0 and np.abs(y).max() > 0.9
    synth.gain = 1.0
    curves[0] = 0.1
    y = synth.render(curves).astype(np.float64)
    release = int(round(0.02 * 48000))
    tail = np.abs(y[-release // 8:]).max()
    body = np.abs(y[-3 * release:-release]).max()
    assert tail < 0.2 * body


def test_framed_and_per_sample_paths_agree():
    model = lively_model(3).double()
    curves = torch.tensor(random_curves(10)[None])
    n = 10 * 512
    noise = torch.rand(1, model.n_noise(n + 7, 44100.0), dtype=torch.float64) * 2 - 1
    with torch.no_grad():
        outputs, _ = model.frame_outputs(curves)
        controls = model.controls(curves, outputs, 44100.0)
        framed = model.synthesize(controls, 44100.0, n, noise)
        longer = model.synthesize(controls, 44100.0, n + 7, noise)
    assert torch.max(torch.abs(framed - longer[:, :n])) < 1e-8


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
    # A resumed run takes its own --lr, not the rate saved with the optimiser's state: at
    # --lr 0 four more steps leave the weights as they were.
    frozen = tmp_path / "run4" / "nsf"
    frozen_args = args[:3] + ["--out", str(frozen)] + args[5:] + ["--no-plots"]
    assert main_train(frozen_args + ["--steps", "4"]) == 0
    _, w_before = load_model(frozen)
    assert main_train(frozen_args + ["--steps", "8", "--resume", "--lr", "0"]) == 0
    _, w_after = load_model(frozen)
    for k in w_before:
        np.testing.assert_array_equal(w_after[k], w_before[k], err_msg=k)
    assert json.loads(frozen.with_suffix(".json").read_text())["training"]["lr"] == 0.0
    # The descriptor terms train too, and the model file records their weights.
    tuned = tmp_path / "run3" / "nsf"
    assert main_train(args[:3] + ["--out", str(tuned)] + args[5:]
                      + ["--steps", "2", "--no-plots", "--flatness-weight", "10",
                         "--yin-weight", "3", "--octave-weight", "2"]) == 0
    record = json.loads(tuned.with_suffix(".json").read_text())["training"]
    assert record["flatness_weight"] == 10.0 and record["yin_weight"] == 3.0
    assert record["octave_weight"] == 2.0
    # The written model plays in the torch-free runtime.
    synth = ImpactSynth(out, sample_rate=48000)
    synth.trigger(random_curves(16))
    assert np.all(np.isfinite(synth.process(9000)))


def test_train_errors_are_one_line(tmp_path):
    from nrcore.synthesis.data.corpus import generate_corpus
    from nrcore.synthesis.training.train import main_train

    with pytest.raises(SystemExit, match="--data: .*nowhere is not a folder"):
        main_train(["nsf", "--data", str(tmp_path / "nowhere"), "--steps", "1"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(SystemExit, match="--data: no WAV"):
        main_train(["nsf", "--data", str(tmp_path / "empty"), "--steps", "1"])
    with pytest.raises(SystemExit, match="--yin-weight: nan must be a finite weight >= 0"):
        main_train(["nsf", "--data", str(tmp_path / "empty"), "--yin-weight", "nan"])
    generate_corpus(tmp_path / "data", 2, seed=1, duration=0.1)
    out = tmp_path / "m"
    out.with_suffix(".ckpt").write_bytes(b"PK\x03\x04 this is no checkpoint")
    with pytest.raises(SystemExit) as caught:
        main_train(["nsf", "--data", str(tmp_path / "data"), "--out", str(out), "--steps",
                    "1", "--frames", "8", "--hidden", "8", "--resume", "--no-plots"])
    message = str(caught.value)
    assert message.startswith("--resume:") and "cannot be resumed" in message
    assert "\n" not in message


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
    # A time limit that runs out at once: every rank stops after the same step, the model
    # is written (this crashed with "Connection closed by peer" when ranks stopped apart).
    out = tmp_path / "limited"
    run = subprocess.run(
        [torchrun, "--standalone", "--nproc_per_node", "2", "-m",
         "nrcore.synthesis.training.train", "nsf", "--data", str(tmp_path / "data"), "--out",
         str(out), "--frames", "16", "--steps", "50", "--batch", "4", "--val-every", "50",
         "--hidden", "16", "--time-limit", "0.0001", "--no-plots"],
        capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    info = json.loads(out.with_suffix(".json").read_text())
    assert info["training"]["stopped_by_time_limit"] and info["training"]["steps"] < 50


def _impacts(n, seconds=0.4, seed=5):
    from nrcore.synthesis.data.impacts import generate_impact
    kinds = ("marimba", "snare", "bell", "hihat", "kick", "glass")
    n_samples = int(seconds * 44100)
    return np.stack([generate_impact(kinds[i % len(kinds)], seed + i, 44100, seconds)[:n_samples]
                     for i in range(n)]).astype(np.float32)


def test_flatness_and_yin_terms_measure_what_the_descriptors_measure():
    """The training's flatness is the descriptors' flatness, and the first trough of its YIN
    difference function is the period the descriptors report: the losses push on the very
    quantities `nrcore eval` scores."""
    from nrcore.descriptors import compute
    from nrcore.synthesis.training.nsf_model import frame_flatness, yin_difference

    y = _impacts(4)
    frames = y.shape[1] // 512
    flat = frame_flatness(torch.as_tensor(y)).numpy()
    cmnd = yin_difference(torch.as_tensor(y), frames, 44100.0).numpy()
    min_period = int(np.floor(44100.0 / 5000.0))
    checked = 0
    for i in range(len(y)):
        d = compute(y[i], 44100)
        np.testing.assert_allclose(flat[i, :d.shape[1]], d[5], atol=1e-5)
        for fr in range(frames):
            if d[6, fr] <= 0:
                continue
            c = cmnd[i, fr]
            troughs = [k for k in range(1, len(c) - 1)
                       if c[k] < 0.1 and c[k] < c[k - 1] and c[k] <= c[k + 1]]
            k = troughs[0] if troughs else int(np.argmin(c))
            assert abs(k + min_period - 44100.0 / d[6, fr]) < 1.5
            checked += 1
    assert checked > 20


def test_the_octave_term_hears_an_octave_below_the_conditioning():
    """A tone periodic at 180 Hz: conditioned at 180 Hz YIN finds its period (no loss);
    conditioned at 360 Hz its deepest trough lies at twice that period (loss)."""
    from nrcore.synthesis.training.nsf_model import yin_octave_loss

    t = torch.arange(16 * 512, dtype=torch.float32) / 44100.0
    tone = sum(torch.sin(2 * np.pi * 180.0 * k * t) / k for k in (1, 2, 3))[None]
    voiced = torch.ones(1, 16)
    at_pitch = yin_octave_loss(tone, torch.full((1, 16), 180.0), voiced, 44100.0)
    octave_up = yin_octave_loss(tone, torch.full((1, 16), 360.0), voiced, 44100.0)
    assert float(at_pitch) < 1e-3 < 0.1 < float(octave_up)
    unvoiced = yin_octave_loss(tone, torch.full((1, 16), 360.0), torch.zeros(1, 16), 44100.0)
    assert float(unvoiced) == 0.0


def test_descriptor_losses_vanish_on_the_target_and_reach_the_weights():
    from nrcore.synthesis.data.analysis import conditioning_curves
    from nrcore.synthesis.training.nsf_model import descriptor_losses

    y = torch.as_tensor(_impacts(2, seconds=16 * 512 / 44100))
    curves = torch.as_tensor(np.stack([conditioning_curves(v, 44100)[:, :16] for v in y.numpy()]))
    same = descriptor_losses(y, y, curves, 44100.0, ("flatness", "periodicity", "yin"))
    assert all(float(v) == 0.0 for v in same.values())
    model = SincNSF(NSFConfig(hidden=16))
    pred = model(curves, 44100.0, generator=torch.Generator().manual_seed(0))
    terms = descriptor_losses(pred, y, curves, 44100.0)
    assert all(float(v.detach()) > 0.0 for v in terms.values())
    sum(terms.values()).backward()
    assert model.out.weight.grad is not None and float(model.out.weight.grad.abs().sum()) > 0
