"""The torch-free Sinc-NSF runtime: streaming, block independence, host rates, bad input."""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from nrcore.synthesis.modelfile import ModelFileError, NSFConfig, expected_shapes, save_model
from nrcore.processor import REGISTRY
from nrcore.synthesis.runtime import DESCRIPTOR_RANGES, ImpactSynth, check_curves

ROOT = os.path.join(os.path.dirname(__file__), "..")


def make_model(path, seed=0, **sizes):
    """A random but well-scaled model written as safetensors + JSON (no torch needed)."""
    config = NSFConfig(descriptor_mean=[-3.0, 0.1, 7.5, 8.0, 7.0, -3.0, 5.5],
                       descriptor_std=[1.5, 0.1, 0.8, 0.8, 0.6, 2.0, 0.8], **sizes)
    rng = np.random.default_rng(seed)
    tensors = {k: rng.normal(0.0, 0.4, s).astype(np.float32)
               for k, s in expected_shapes(config).items()}
    save_model(path, config, tensors)
    return path


def curves_for(frames=24, seed=3):
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, frames)
    return np.stack([
        0.3 * np.exp(-5 * t) + 0.001, rng.uniform(0.02, 0.2, frames),
        2000 + 1000 * np.exp(-3 * t), 6000 - 3000 * t, 1500 + 200 * t,
        rng.uniform(0.01, 0.3, frames), 300 * np.exp(-2 * t) + 60,
    ])


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return make_model(tmp_path_factory.mktemp("nsf") / "m")


def test_registered_and_params(model):
    assert REGISTRY["synth"] is ImpactSynth
    s = ImpactSynth(model, sample_rate=44100, gain=0.5)
    assert s.gain == 0.5
    with pytest.raises(ValueError, match="gain"):
        s.gain = -1
    with pytest.raises(ValueError, match="voices"):
        ImpactSynth(model, voices=0)
    with pytest.raises(ValueError, match="sample_rate"):
        ImpactSynth(model, sample_rate=1000)


@pytest.mark.parametrize("sr", [44100, 48000])
def test_any_block_size_gives_the_same_samples(model, sr):
    curves = curves_for()
    ref = ImpactSynth(model, sample_rate=sr, seed=7)
    ref.trigger(curves)
    whole = ref.process(ref.n_samples(curves.shape[1]) + 100)[0]
    for block in (1, 63, 64, 512, 1000):
        s = ImpactSynth(model, sample_rate=sr, seed=7)
        s.trigger(curves)
        parts = []
        while sum(len(p) for p in parts) < whole.shape[0]:
            parts.append(s.process(min(block, whole.shape[0] - sum(len(p) for p in parts)))[0])
        np.testing.assert_array_equal(np.concatenate(parts), whole)
    assert np.all(whole[ref.n_samples(curves.shape[1]):] == 0.0)  # silent after the end
    assert np.abs(whole).max() > 1e-3 and np.all(np.isfinite(whole))


def test_first_samples_leave_in_the_first_block_and_first_trigger_costs_like_any(model):
    s = ImpactSynth(model, sample_rate=48000)
    curves = curves_for()
    s.trigger(curves)
    first = s.process(64)[0]
    assert np.abs(first[:8]).max() > 0.0          # sounding from the first samples on
    # Nothing is cached lazily: a second trigger renders exactly what the first one did.
    a = ImpactSynth(model, sample_rate=48000, seed=5)
    a.trigger(curves)
    x1 = a.process(4000)[0]
    a.reset()
    a.trigger(curves)
    x2 = a.process(4000)[0]
    np.testing.assert_array_equal(x1, x2)


def test_curves_change_while_sounding_from_the_next_frame_on(model):
    curves = curves_for(frames=40)
    changed = curves.copy()
    changed[6, 10:] *= 2.0
    changed[0, 10:] *= 0.25
    a = ImpactSynth(model, sample_rate=44100, seed=2)
    b = ImpactSynth(model, sample_rate=44100, seed=2)
    a.trigger(curves)
    b.trigger(curves)
    head = 5 * 512
    np.testing.assert_array_equal(a.process(head), b.process(head))
    b.update_curves(changed)
    ya, yb = a.process(30 * 512)[0], b.process(30 * 512)[0]
    # Frames up to 9 are unchanged: the first 4 frames after the update still agree...
    np.testing.assert_array_equal(ya[:4 * 512], yb[:4 * 512])
    # ...then the new curves take over (quieter, other pitch).
    assert not np.allclose(ya[6 * 512:], yb[6 * 512:])
    # Identical to having triggered the changed curves from the start.
    c = ImpactSynth(model, sample_rate=44100, seed=2)
    c.trigger(changed)
    np.testing.assert_array_equal(c.process(head + 30 * 512)[0][head:], yb)


def test_a_voice_resumed_at_another_voice_position_continues_its_timeline(model):
    curves = curves_for(frames=40)
    a = ImpactSynth(model, sample_rate=48000, seed=2)
    a.trigger(curves)
    a.process(5000)
    position, phase = a.voice_position()
    assert position == pytest.approx(5000 * a.config.frame_rate / 48000, abs=1e-9)
    b = ImpactSynth(model, sample_rate=48000, seed=2)
    b.trigger(curves, position=position, phase=phase)
    assert b.voice_position() == pytest.approx((position, phase), abs=1e-12)
    # Frame position and harmonic phase run on together, and the sound ends with a's.
    a.process(3001)
    b.process(3001)
    assert b.voice_position() == pytest.approx(a.voice_position(), abs=1e-9)
    rest = a.n_samples(40) - 8001
    assert np.any(b.process(rest - 1)[0] != 0.0) and b.active_voices == 1
    b.process(1)
    assert b.active_voices == 0
    # Curves changed later are counted from the impact's first frame, as at the trigger.
    c = ImpactSynth(model, sample_rate=48000)
    c.trigger(curves, position=12.5)
    changed = curves * 1.0
    changed[6] = 440.0
    c.update_curves(changed)
    np.testing.assert_array_equal(c._voices[0].curves, changed[:, 12:])
    d = ImpactSynth(model, sample_rate=48000)            # the skip survives a state round trip
    d.set_state(c.get_state())
    d.update_curves(curves)
    np.testing.assert_array_equal(d._voices[0].curves, curves[:, 12:])
    assert d.voice_position() == pytest.approx(c.voice_position(), abs=1e-12)
    for bad in (-1.0, 40.0, float("nan")):
        with pytest.raises(ValueError, match="position"):
            c.trigger(curves, position=bad)


def test_voices_sum_and_steal(model):
    curves = curves_for()
    one = ImpactSynth(model, sample_rate=44100, seed=1, voices=2)
    one.trigger(curves)
    single = one.process(3000)[0]
    two = ImpactSynth(model, sample_rate=44100, seed=1, voices=2)
    two.trigger(curves)
    two.trigger(curves)
    assert two.active_voices == 2
    both = two.process(3000)[0]
    # Different noise seeds per trigger, same harmonic part: louder but not simply doubled.
    assert np.sqrt(np.mean(both ** 2)) > 1.2 * np.sqrt(np.mean(single ** 2))
    two.trigger(curves)
    assert two.active_voices == 2  # the oldest voice was stolen


def test_host_rates_render_the_same_spectrum(model):
    """44.1 and 48 kHz renders of the same curves: same length in seconds, same band energy."""
    curves = curves_for(frames=32)
    bands = []
    for sr in (44100, 48000, 96000):
        y = ImpactSynth(model, sample_rate=sr, seed=3).render(curves).astype(np.float64)
        assert abs(len(y) / sr - 32 * 512 / 44100) < 1.0 / sr
        spec = np.abs(np.fft.rfft(y)) ** 2 / len(y) ** 2  # Parseval: band power per sample
        f = np.fft.rfftfreq(len(y), 1.0 / sr)
        edges = [0, 500, 2000, 8000, 20000]
        bands.append([spec[(f >= lo) & (f < hi)].sum() for lo, hi in zip(edges, edges[1:])])
    db = 10 * np.log10(np.array(bands) + 1e-20)
    assert np.abs(db[1] - db[0]).max() < 1.5
    assert np.abs(db[2] - db[0]).max() < 1.5


def test_nan_and_out_of_range_curves_are_clamped_and_reported(model):
    curves = curves_for()
    curves[0, 3] = np.nan
    curves[6, 5] = 1e9
    curves[2, 0] = -5
    s = ImpactSynth(model, sample_rate=44100)
    s.trigger(curves)
    assert any("rms" in line and "NaN" in line for line in s.last_report)
    assert any("f0" in line for line in s.last_report)
    assert any("centroid" in line for line in s.last_report)
    y = s.process(20000)[0]
    assert np.all(np.isfinite(y))
    fixed, report = check_curves(curves)
    for d, (lo, hi) in enumerate(DESCRIPTOR_RANGES):
        assert fixed[d].min() >= lo and fixed[d].max() <= hi
    with pytest.raises(ValueError, match=r"\(7, frames\)"):
        s.trigger(np.zeros((6, 10)))
    with pytest.raises(ValueError, match="velocity"):
        s.trigger(curves, velocity=np.nan)


def test_bad_model_files_are_refused(tmp_path, model):
    (tmp_path / "x.json").write_text(json.dumps({"format_version": 2, "kind": "vae"}))
    with pytest.raises(ModelFileError):
        ImpactSynth(tmp_path / "x")
    with pytest.raises(ModelFileError, match="no shipped model"):
        ImpactSynth("no_such_model")


def test_state_roundtrip_continues_identically(model):
    curves = curves_for()
    s = ImpactSynth(model, sample_rate=48000, seed=4)
    s.trigger(curves)
    s.process(1234)
    state = s.get_state()
    rest = s.process(6000)
    t = ImpactSynth(model, sample_rate=48000)
    t.set_state(state)
    np.testing.assert_array_equal(t.process(6000), rest)


def test_runtime_never_imports_torch(model):
    code = textwrap.dedent(f"""
        import sys
        import numpy as np
        def peak_kb():
            with open("/proc/self/status") as f:
                return [int(line.split()[1]) for line in f if line.startswith("VmHWM")][0]
        from nrcore.synthesis.runtime import ImpactSynth
        s = ImpactSynth({str(model)!r}, sample_rate=44100)
        s.trigger(np.tile(np.array([[0.1], [0.1], [2000], [5000], [1500], [0.1], [200]]), 20))
        y = s.process(20000)
        assert np.abs(y).max() > 0
        bad = [m for m in sys.modules if m == "torch" or m.startswith("torch.")]
        print("TORCH" if bad else "CLEAN", peak_kb())
    """)
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    verdict, rss_kb = out.stdout.split()
    assert verdict == "CLEAN"
    # Peak resident memory of this process image (VmHWM restarts at exec, unlike ru_maxrss,
    # which would count the forked pytest parent): the goal is at most 150 MB.
    assert int(rss_kb) < 150 * 1024


def test_gate_input_triggers_sample_accurately(model):
    s = ImpactSynth(model, sample_rate=44100, seed=9)
    gate = np.zeros((1, 3000), dtype=np.float32)
    gate[0, 1234:1300] = 1.0
    y = s.process(gate)[0]
    assert np.all(y[:1234] == 0.0) and y[1234] != 0.0
    # Same samples as triggering the default curves by hand at that sample.
    t = ImpactSynth(model, sample_rate=44100, seed=9)
    t.process(1234)
    t.trigger(t.curves)
    np.testing.assert_array_equal(t.process(3000 - 1234)[0], y[1234:])
    # A gate held high across blocks does not retrigger; a new edge does.
    assert s.process(np.ones((1, 100)))[0].shape == (100,) and s.active_voices == 2
    s.process(np.ones((1, 100)))
    assert s.active_voices == 2
    # A (0, samples) block is just a length.
    assert s.process(np.zeros((0, 50), np.float32)).shape == (1, 50)
    with pytest.raises(ValueError, match="x"):
        s.process(np.zeros(5))


def test_time_stretch_and_transpose(model):
    curves = curves_for(frames=20)
    plain = ImpactSynth(model, sample_rate=44100, seed=1).render(curves)
    slow = ImpactSynth(model, sample_rate=44100, seed=1, time_stretch=2.0).render(curves)
    assert abs(len(slow) - 2 * len(plain)) <= 1
    up = ImpactSynth(model, sample_rate=44100, transpose=12.0)
    up.trigger(curves)
    f0_loaded = up.get_state()["kernel"]["voice0.f0"]
    np.testing.assert_allclose(f0_loaded, 2.0 * curves[6, :2], rtol=1e-12)


def test_c_frame_network_matches_the_numpy_reference(model):
    """nrcore._nsf.NSFFrameNet against nrcore.synthesis.runtime.FrameNetwork, frame by frame,
    voiced and unvoiced frames, at several host rates."""
    for sr in (22050, 48000, 96000):
        s = ImpactSynth(model, sample_rate=sr)
        curves = curves_for(frames=30, seed=sr)
        curves[6, ::3] = 0.0
        state_ref = np.zeros(s.net.hidden)
        state_c = np.zeros(s.net.hidden)
        for i in range(curves.shape[1]):
            frame = np.ascontiguousarray(curves[:, i])
            outputs, state_ref = s.net.step(frame, state_ref)
            want = s.net.controls(frame, outputs)
            got = [np.empty_like(want[0]), np.empty_like(want[2]), np.empty_like(want[3]),
                   np.empty_like(want[4])]
            f0 = s.fast_net.step(frame, state_c, *got)
            np.testing.assert_allclose(state_c, state_ref, atol=1e-12)
            for w, g in zip((want[0], want[2], want[3], want[4]), got):
                np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-13)
            assert f0 == want[1]


def test_frame_controls_hold_the_rms_and_mask_the_host_nyquist(model):
    """The numpy frame network: every component's power sums to the frame's rms squared,
    and no partial is left above 0.45 of the host rate."""
    for sr in (22050, 48000):
        s = ImpactSynth(model, sample_rate=sr)
        curves = curves_for(frames=10, seed=sr)
        curves[6] = 3000.0
        state = np.zeros(s.net.hidden)
        for i in range(curves.shape[1]):
            frame = np.ascontiguousarray(curves[:, i])
            outputs, state = s.net.step(frame, state)
            amps, f0, mf, ma, mag = s.net.controls(frame, outputs)
            n_fft = 2 * s.grain_hop
            noise = (mag[0] ** 2 + 2 * np.sum(mag[1:-1] ** 2) + mag[-1] ** 2) / n_fft
            total = 0.5 * np.sum(amps ** 2) + 0.5 * np.sum((ma - 1e-9) ** 2) + noise
            assert total == pytest.approx(frame[0] ** 2, rel=1e-6)
            k = np.arange(1, len(amps) + 1)
            assert np.all(amps[k * f0 >= 0.45 * sr] == 0.0)
            assert np.all(ma[mf >= 0.45 * sr] <= 1e-9 + 1e-15)


def test_time_stretch_changed_while_sounding_continues_from_the_same_frame(model):
    curves = curves_for(frames=20)
    s = ImpactSynth(model, sample_rate=48000, seed=1)
    total = s.n_samples(20)
    s.trigger(curves)
    head = s.process(3000)[0]
    s.time_stretch = 2.0
    state = s.get_state()["kernel"]
    position = state["voice0.rate"][3] + (state["voice0.n"][0] - state["voice0.n"][4]) * \
        state["voice0.rate"][1]
    assert abs(position - 3000 * 44100 / 512 / 48000) < 1e-9   # no jump in frame position
    rest = s.process(3 * total)[0]
    sounding = np.flatnonzero(rest)[-1] + 1
    # The remaining frames last twice as long.
    assert abs(sounding - 2 * (total - 3000)) <= 2
    same = ImpactSynth(model, sample_rate=48000, seed=1)
    same.trigger(curves)
    np.testing.assert_array_equal(same.process(3000)[0], head)
    # Shortening the curves while sounding ends the sound at the new last frame.
    s.trigger(curves)
    s.process(1000)
    s.update_curves(curves[:, :5])
    tail = s.process(total)[0]
    assert np.flatnonzero(tail)[-1] + 1 + 1000 <= 5 * 2 * 48000 * 512 / 44100 + 2


@pytest.mark.parametrize("sr", [8000, 22050, 192000])
def test_extreme_curves_stay_finite_at_any_rate(model, sr):
    rng = np.random.default_rng(sr)
    lows = np.array([r[0] for r in DESCRIPTOR_RANGES])[:, None]
    highs = np.array([r[1] for r in DESCRIPTOR_RANGES])[:, None]
    # Jumps between the extremes of every descriptor, frame by frame.
    curves = np.where(rng.random((7, 16)) < 0.5, lows, highs)
    s = ImpactSynth(model, sample_rate=sr, gain=8.0)
    y = s.render(curves)
    assert len(y) == s.n_samples(16)
    assert np.all(np.isfinite(y)) and np.abs(y).max() <= 1.0
