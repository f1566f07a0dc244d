"""nrcore.descriptors against librosa 0.11 on real and synthetic signals, streaming, sanitize.

Tolerances (librosa computes in float32, nrcore in float64, so they differ by librosa's
rounding): RMS, centroid, bandwidth and flatness within 1e-5 relative (values below 1e-6 of the
row's peak compared absolutely), ZCR exactly, roll-off within one FFT bin, f0 within 1 % on
voiced frames (frames at least 5 % as loud as the loudest whose librosa f0 is inside
[fmin, fmax]).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nrcore.synthesis.data import corpus
from nrcore import descriptors
from nrcore.descriptors import (DESCRIPTOR_NAMES, StreamingDescriptors, compute,
                                compute_spectral_temporal, sanitize)

PD_SOUNDS = Path("/usr/share/puredata/doc/sound")
REAL_FILES = ("voice.wav", "voice2.wav", "bell.aiff")


def librosa_descriptors(y, sr, n_fft=2048, hop_length=512, fmin=50.0, fmax=5000.0):
    librosa = pytest.importorskip("librosa")
    f = librosa.feature
    kw = dict(n_fft=n_fft, hop_length=hop_length)
    return np.stack(
        [
            f.rms(y=y, frame_length=n_fft, hop_length=hop_length)[0],
            f.zero_crossing_rate(y, frame_length=n_fft, hop_length=hop_length)[0],
            f.spectral_centroid(y=y, sr=sr, **kw)[0],
            f.spectral_rolloff(y=y, sr=sr, **kw)[0],
            f.spectral_bandwidth(y=y, sr=sr, **kw)[0],
            f.spectral_flatness(y=y, **kw)[0],
            librosa.yin(y, fmin=fmin, fmax=fmax, sr=sr, frame_length=n_fft, hop_length=hop_length),
        ]
    ).astype(np.float64)


def assert_matches_librosa(ours, theirs, sr, n_fft=2048, fmin=50.0, fmax=5000.0, check_f0=True):
    assert ours.dtype == np.float32
    assert ours.shape == theirs.shape
    ours = ours.astype(np.float64)
    for d in (0, 2, 4, 5):  # rms, centroid, bandwidth, flatness
        floor = 1e-6 * max(float(np.max(np.abs(theirs[d]))), 1e-12)
        rel = np.abs(ours[d] - theirs[d]) / np.maximum(np.abs(theirs[d]), floor)
        assert rel.max() <= 1e-5, f"{DESCRIPTOR_NAMES[d]}: relative difference {rel.max():.2e}"
    np.testing.assert_array_equal(ours[1], theirs[1], err_msg="zcr")
    off = np.abs(ours[3] - theirs[3]) / (sr / n_fft)
    assert off.max() <= 1.0 + 1e-6, "rolloff differs by more than one bin"
    assert np.mean(off < 0.5) >= 0.99, "rolloff: more than 1 % of frames one bin off"
    if check_f0:
        rms = theirs[0]
        voiced = (rms >= 0.05 * rms.max()) & (theirs[6] >= fmin) & (theirs[6] <= fmax)
        assert voiced.any()
        rel = np.abs(ours[6][voiced] - theirs[6][voiced]) / theirs[6][voiced]
        assert rel.max() <= 0.01, f"f0: {rel.max():.2%} off on a voiced frame"
        assert np.median(rel) <= 1e-4


# -- the API ------------------------------------------------------------------------------------
def test_names_and_units():
    assert DESCRIPTOR_NAMES == ("rms", "zcr", "centroid", "rolloff", "bandwidth", "flatness", "f0")
    assert descriptors.DESCRIPTOR_UNITS == ("", "crossings/sample", "Hz", "Hz", "Hz", "", "Hz")
    assert set(descriptors.DESCRIPTOR_HELP) == set(DESCRIPTOR_NAMES)


@pytest.mark.parametrize("n", [1, 5, 511, 512, 513, 2047, 2049, 30000])
def test_frame_count_is_librosas(n):
    y = np.random.default_rng(n).standard_normal(n).astype(np.float32) * 0.1
    out = compute(y, 44100)
    assert out.shape == (7, 1 + n // 512) == (7, descriptors.frame_count(n))


# -- against librosa ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", REAL_FILES)
def test_real_recordings_match_librosa(name):
    path = PD_SOUNDS / name
    if not path.is_file():
        pytest.skip(f"{path} not installed (Debian package puredata-doc)")
    y, sr = corpus.load_audio(path)
    assert_matches_librosa(compute(y, sr), librosa_descriptors(y, sr), sr)


@pytest.mark.parametrize("kind", corpus.IMPACT_KINDS)
def test_procedural_impacts_match_librosa(kind):
    y = corpus.generate_impact(kind, 11, duration=0.5)
    ours, theirs = compute(y, 44100), librosa_descriptors(y, 44100)
    # Noise-like impacts have no voiced frames; their f0 still agrees wherever the sound is loud.
    tonal = kind in ("kick", "tom", "bell", "marimba", "glass", "wood", "metal")
    assert_matches_librosa(ours, theirs, 44100, check_f0=tonal)


def test_synthetic_signals_match_librosa():
    sr = 22050
    t = np.arange(int(0.8 * sr)) / sr
    rng = np.random.default_rng(3)
    vibrato = 220.0 * (1.0 + 0.02 * np.sin(2 * np.pi * 5.0 * t))
    phase = 2 * np.pi * np.cumsum(vibrato) / sr
    tone = sum(np.sin(k * phase) / k for k in range(1, 8)) * 0.3
    # A DC offset makes the first and last samples non-zero, exercising the ZCR's edge padding.
    signals = {
        "harmonic tone with vibrato": tone,
        "white noise": rng.standard_normal(t.size) * 0.2,
        "offset sine": 0.5 * np.sin(2 * np.pi * 440.0 * t + 1.0) + 0.3,
    }
    for label, y in signals.items():
        y = y.astype(np.float32)
        ours, theirs = compute(y, sr), librosa_descriptors(y, sr)
        assert_matches_librosa(ours, theirs, sr, check_f0=label != "white noise")


@pytest.mark.parametrize(
    "sr,n_fft,hop,fmin,fmax",
    [(22050, 1024, 256, 50.0, 5000.0), (48000, 4096, 1000, 30.0, 8000.0), (44100, 2048, 333, 80.0, 2000.0)],
)
def test_other_settings_match_librosa(sr, n_fft, hop, fmin, fmax):
    t = np.arange(int(0.6 * sr)) / sr
    y = (0.4 * np.sign(np.sin(2 * np.pi * 196.0 * t)) * np.exp(-t * 3.0)).astype(np.float32)
    ours = compute(y, sr, n_fft=n_fft, hop_length=hop, fmin=fmin, fmax=fmax)
    theirs = librosa_descriptors(y, sr, n_fft, hop, fmin, fmax)
    assert_matches_librosa(ours, theirs, sr, n_fft=n_fft, fmin=fmin, fmax=fmax)


def test_silence_gives_librosas_values_except_f0():
    y = np.zeros(4000, dtype=np.float32)
    ours = compute(y, 44100)
    np.testing.assert_array_equal(ours[:5], 0.0)
    np.testing.assert_array_equal(ours[5], 1.0)  # amin everywhere: perfectly flat
    theirs = librosa_descriptors(y, 44100)
    np.testing.assert_allclose(ours[:6], theirs[:6], rtol=1e-6)
    # YIN's difference function is all zero: librosa falls back to the shortest period (a
    # pitch near fmax that is not there); nrcore says unvoiced.
    np.testing.assert_allclose(theirs[6], 44100 / np.floor(44100 / 5000.0))
    np.testing.assert_array_equal(ours[6], 0.0)


# -- numerics of their own ----------------------------------------------------------------------
@pytest.mark.parametrize("f0,tolerance", [(55.0, 0.02), (110.0, 0.005), (220.0, 0.005), (1000.0, 0.002), (3000.0, 0.002)])
def test_f0_of_a_harmonic_tone(f0, tolerance):
    # librosa 0.11's difference function omits the energy of the frame's last k samples, which
    # biases long periods: about 1.4 % at 55 Hz (802 of 2048 samples), under 0.2 % from 220 Hz.
    sr = 44100
    t = np.arange(sr // 2) / sr
    y = sum(np.sin(2 * np.pi * k * f0 * t) / k for k in range(1, 6) if k * f0 < sr / 2)
    out = compute((0.3 * y).astype(np.float32), sr)
    inner = out[6, 4:-4]  # away from the zero-padded ends
    np.testing.assert_allclose(inner, f0, rtol=tolerance)


def test_sine_descriptors():
    sr = 44100
    t = np.arange(sr // 2) / sr
    out = compute((0.5 * np.sin(2 * np.pi * 1000.0 * t)).astype(np.float32), sr)[:, 4:-4]
    np.testing.assert_allclose(out[0], 0.5 / np.sqrt(2), rtol=1e-3)  # rms
    np.testing.assert_allclose(out[1], 2 * 1000.0 / sr, atol=1.5 / 2048)  # zcr
    np.testing.assert_allclose(out[2], 1000.0, rtol=0.02)  # centroid
    assert np.all(out[5] < 1e-3)  # a sine is anything but flat


def test_noise_is_flat_and_bright():
    rng = np.random.default_rng(1)
    out = compute((0.3 * rng.standard_normal(44100)).astype(np.float32), 44100)[:, 4:-4]
    assert np.all(out[5] > 0.4)
    np.testing.assert_allclose(out[2], 11025.0, rtol=0.05)
    np.testing.assert_allclose(out[1], 0.5, atol=0.03)


def test_compute_spectral_temporal_is_the_first_six_rows():
    y = corpus.generate_impact("snare", 2, duration=0.3)
    np.testing.assert_array_equal(descriptors.compute_spectral_temporal(y, 44100), compute(y, 44100)[:6])


def test_float64_in_float64_out_and_channels_like_librosa():
    y = corpus.generate_impact("tom", 1, duration=0.2)
    a = compute(y, 44100)
    assert a.dtype == np.float32
    wide = compute(y.astype(np.float64), 44100)
    assert wide.dtype == np.float64
    np.testing.assert_array_equal(wide.astype(np.float32), a)   # same analysis, kept in float64
    # (..., n) in, (..., 7, frames) out, every channel analysed alike (librosa's convention).
    np.testing.assert_array_equal(compute(y[np.newaxis, :], 44100), a[np.newaxis])
    other = corpus.generate_impact("bell", 2, duration=0.2)[: y.shape[0]]
    stack = np.stack([np.stack([y, other]), np.stack([other, y])])     # (2, 2, n)
    out = compute(stack, 44100)
    assert out.shape == (2, 2, 7, a.shape[1]) and out.dtype == np.float32
    np.testing.assert_array_equal(out[0, 0], a)
    np.testing.assert_array_equal(out[1, 0], compute(other, 44100))
    np.testing.assert_array_equal(compute_spectral_temporal(stack, 44100), out[..., :6, :])


def test_multichannel_matches_librosa_per_channel():
    librosa = pytest.importorskip("librosa")
    y = np.stack([corpus.generate_impact(k, 4, duration=0.3) for k in ("kick", "snare")])
    ours = compute(y, 44100)
    rms = librosa.feature.rms(y=y)                       # (2, 1, frames): channels first
    centroid = librosa.feature.spectral_centroid(y=y, sr=44100)
    np.testing.assert_allclose(ours[:, 0], rms[:, 0], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(ours[:, 2], centroid[:, 0], rtol=1e-4, atol=1e-2)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_finite_for_any_finite_input(dtype):
    # Flatness overflowed to inf from about 1e17; a float64 near its maximum overflowed the FFT.
    rng = np.random.default_rng(5)
    y = rng.standard_normal(8000)
    y /= np.abs(y).max()
    reference = compute(y.astype(dtype), 44100).astype(np.float64)
    top = float(np.finfo(dtype).max)
    for peak in (1e17, 1e30, 1e38, top / 4, top):
        if peak > top:
            continue
        out = compute((y * peak).astype(dtype), 44100)
        assert out.dtype == dtype and np.all(np.isfinite(out)), peak
        # Scale-free descriptors do not move; RMS scales with the signal.
        np.testing.assert_allclose(out[2:6], reference[2:6], rtol=2e-5, atol=1e-6 * 44100)
        np.testing.assert_array_equal(out[1], reference[1])
        np.testing.assert_allclose(out[0] / peak, reference[0], rtol=1e-5)
    # A stream (always float32 out) stays finite on float64 samples beyond float32's range.
    stream = StreamingDescriptors(44100)
    frames = np.concatenate([stream.process(y * 1e300), stream.flush()], axis=1)
    assert np.all(np.isfinite(frames))
    assert np.all(frames[0][2:-2] == np.finfo(np.float32).max)


def test_fmax_is_clipped_to_nyquist_without_f0_and_refused_with_it():
    y = np.random.default_rng(0).standard_normal(4000).astype(np.float32) * 0.3
    out = compute_spectral_temporal(y, 8000)                 # default fmax 5000 > 4000 Hz
    assert out.shape == (6, descriptors.frame_count(4000)) and np.all(np.isfinite(out))
    with pytest.raises(ValueError, match=r"fmax: 5000 Hz is above the Nyquist frequency "
                                         r"sr / 2 = 4000 Hz.*pass fmax <= 4000"):
        compute(y, 8000)
    with pytest.raises(ValueError, match="fmax: 5000 Hz is above the Nyquist"):
        StreamingDescriptors(8000)
    assert compute(y, 8000, fmax=4000.0).shape == (7, descriptors.frame_count(4000))


def test_silence_is_unvoiced():
    # [nr.descriptors~] reported f0 = 5333 Hz (48000 / 9, YIN's shortest lag) for silence.
    silence = np.zeros(48000, np.float32)
    assert np.all(compute(silence, 48000)[6] == 0.0)
    stream = StreamingDescriptors(48000)
    frames = np.concatenate([stream.process(silence[:1000]), stream.process(silence[1000:]),
                             stream.flush()], axis=1)
    assert frames.shape[1] == descriptors.frame_count(48000) and np.all(frames[6] == 0.0)
    # A tone after silence is voiced again, and frames of silence inside a sound are 0.
    t = np.arange(48000) / 48000
    y = np.where(t < 0.5, 0.0, 0.5 * np.sin(2 * np.pi * 220.0 * t)).astype(np.float32)
    f0 = compute(y, 48000)[6]
    assert np.all(f0[:20] == 0.0)
    np.testing.assert_allclose(f0[60:-4], 220.0, rtol=0.01)


# -- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"fmax": 30000.0}, "fmax"),
        ({"fmin": 10.0}, "fmin"),
        ({"fmin": -1.0}, "fmin"),
        ({"fmin": 6000.0, "fmax": 5000.0}, "fmax"),
        ({"hop_length": 0}, "hop_length"),
        ({"n_fft": 8}, "n_fft"),
        ({"n_fft": 1000.5}, "n_fft"),
    ],
)
def test_bad_settings_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        compute(np.zeros(1000, np.float32), 44100, **kwargs)
    with pytest.raises(ValueError, match=match):
        StreamingDescriptors(44100, **kwargs)


def test_bad_signals_are_refused():
    with pytest.raises(ValueError, match="y: .*NaN"):
        compute(np.array([0.0, np.nan, 0.1], np.float32), 44100)
    with pytest.raises(ValueError, match="y: no samples"):
        compute(np.zeros(0, np.float32), 44100)
    with pytest.raises(ValueError, match=r"y: expected samples shaped \(n,\) or \(\.\.\., n\)"):
        compute(np.float32(0.5), 44100)
    with pytest.raises(ValueError, match="block: expected mono"):
        StreamingDescriptors(44100).process(np.zeros((2, 100), np.float32))
    with pytest.raises(ValueError, match="sr"):
        compute(np.zeros(100, np.float32), 0)
    with pytest.raises(ValueError, match="unknown descriptor setting"):
        descriptors.settings(window="hamming")


# -- streaming ----------------------------------------------------------------------------------
def _stream(y, sizes, **kw):
    stream = StreamingDescriptors(44100, **kw)
    outs, i = [], 0
    for size in sizes:
        outs.append(stream.process(y[i : i + size]))
        i += size
    assert i >= y.shape[0]
    outs.append(stream.flush())
    for out in outs:
        assert out.dtype == np.float32 and out.shape[0] == 7
    return np.concatenate(outs, axis=1)


@pytest.mark.parametrize("seed", range(4))
def test_streaming_equals_offline_for_any_blocks(seed):
    rng = np.random.default_rng(seed)
    y = np.concatenate(
        [corpus.generate_impact("bell", seed, duration=0.2), corpus.generate_impact("clap", seed, duration=0.15)]
    )
    sizes = []
    while sum(sizes) < y.shape[0]:
        sizes.append(int(rng.choice([0, 1, 7, 64, 512, 513, 2048, 5000])))
    np.testing.assert_allclose(_stream(y, sizes), compute(y, 44100), rtol=1e-6, atol=1e-9)


def test_streaming_one_sample_blocks_and_other_settings():
    y = corpus.generate_impact("marimba", 5, duration=0.12)
    kw = {"n_fft": 1024, "hop_length": 300, "fmin": 60.0, "fmax": 4000.0}
    np.testing.assert_allclose(
        _stream(y, [1] * y.shape[0], **kw), compute(y, 44100, **kw), rtol=1e-6, atol=1e-9
    )


def test_streaming_returns_each_frame_once_it_is_complete():
    stream = StreamingDescriptors(44100)
    assert stream.latency_samples == 1024
    # Frame t is centred on sample 512 t and needs samples up to 512 t + 1023.
    assert stream.process(np.zeros(1023, np.float32)).shape == (7, 0)
    assert stream.process(np.zeros(1, np.float32)).shape == (7, 1)
    assert stream.process(np.zeros(511, np.float32)).shape == (7, 0)
    assert stream.process(np.zeros(1, np.float32)).shape == (7, 1)
    assert stream.process(np.zeros(2048, np.float32)).shape == (7, 4)
    assert stream.frames_done == 6 and stream.samples_received == 3584
    assert stream.flush().shape == (7, descriptors.frame_count(3584) - 6)


def test_streaming_reset_and_flush_start_a_new_signal():
    a = corpus.generate_impact("kick", 1, duration=0.1)
    b = corpus.generate_impact("glass", 1, duration=0.1)
    stream = StreamingDescriptors(44100)
    stream.process(a[:3000])
    stream.reset()
    got = np.concatenate([stream.process(b), stream.flush()], axis=1)
    np.testing.assert_array_equal(got, compute(b, 44100))
    got = np.concatenate([stream.process(a), stream.flush()], axis=1)
    np.testing.assert_array_equal(got, compute(a, 44100))
    assert stream.flush().shape == (7, 0)


def test_streaming_treats_nan_as_silence():
    y = corpus.generate_impact("wood", 2, duration=0.1).copy()
    bad = y.copy()
    bad[100:110] = np.nan
    bad[500] = np.inf
    clean = y.copy()
    clean[100:110] = 0.0
    clean[500] = 0.0
    stream = StreamingDescriptors(44100)
    got = np.concatenate([stream.process(bad[np.newaxis, :]), stream.flush()], axis=1)
    assert np.all(np.isfinite(got))
    np.testing.assert_array_equal(got, compute(clean, 44100))
    with pytest.raises(ValueError, match="block"):
        stream.process(np.zeros((2, 10)))


# -- sanitize -----------------------------------------------------------------------------------
def test_sanitize_passes_clean_curves_unchanged():
    curves = compute(corpus.generate_impact("tom", 3, duration=0.3), 44100)
    clean, report = sanitize(curves, 44100)
    assert report == []
    np.testing.assert_array_equal(clean, curves)
    assert clean is not curves


def test_sanitize_fills_nan_and_clamps_and_reports():
    curves = compute(corpus.generate_impact("bell", 3, duration=0.3), 44100).astype(np.float64)
    original = curves.copy()
    curves[6, 5:8] = np.nan  # f0 gap
    curves[6, 0] = np.nan  # leading NaN
    curves[6, 10] = 30000.0  # above Nyquist
    curves[0, 3] = -0.5  # negative RMS
    curves[2, 4] = np.inf
    curves[5, :] = np.nan  # a whole row lost
    given = curves.copy()
    clean, report = sanitize(curves, 44100)
    np.testing.assert_array_equal(curves, given)  # the input is not modified
    assert clean.dtype == np.float32 and np.all(np.isfinite(clean))
    assert clean[6, 5] == clean[6, 6] == clean[6, 7] == np.float32(original[6, 4])
    assert clean[6, 0] == np.float32(original[6, 1])
    assert clean[6, 10] == 22050.0
    assert clean[0, 3] == 0.0
    assert clean[2, 4] == 22050.0
    np.testing.assert_array_equal(clean[5], 0.0)
    text = "\n".join(report)
    assert len(report) == 4
    assert "f0: 4 NaN values filled" in text and "1 value above 22050 Hz clamped" in text
    assert "rms: 1 value below 0 clamped" in text
    assert "centroid: 1 value above 22050 Hz clamped" in text
    assert f"flatness: {curves.shape[1]} NaN values" in text
    untouched = [1, 3, 4]
    np.testing.assert_array_equal(clean[untouched], original[untouched].astype(np.float32))


def test_sanitize_batches_and_refuses_bad_shapes():
    batch = np.full((2, 7, 5), 0.5)
    batch[1, 1, 2] = 2.0
    clean, report = sanitize(batch, 48000)
    assert clean.shape == (2, 7, 5) and clean[1, 1, 2] == 1.0
    assert report == ["zcr: 1 value above 1 clamped"]
    with pytest.raises(ValueError, match="curves: expected shape"):
        sanitize(np.zeros((6, 10)), 44100)
    with pytest.raises(ValueError, match="curves: expected shape"):
        sanitize(np.zeros(7), 44100)
    with pytest.raises(ValueError, match="curves: not a numeric"):
        sanitize([["a"] * 3] * 7, 44100)
    with pytest.raises(ValueError, match="sr"):
        sanitize(np.zeros((7, 3)), float("nan"))
