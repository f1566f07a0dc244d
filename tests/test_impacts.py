"""The procedural impact generator: every kind clean, reproducible and sounding like itself."""
from __future__ import annotations

import math

import numpy as np
import pytest

from nrcore import descriptors
from nrcore.synthesis.data.impacts import IMPACT_KINDS, generate_impact

@pytest.mark.parametrize("kind", IMPACT_KINDS)
def test_every_kind_is_a_clean_reproducible_impact(kind):
    y = generate_impact(kind, 4)
    assert y.dtype == np.float32 and y.shape == (44100,)
    assert np.all(np.isfinite(y))
    peak_db = 20 * math.log10(float(np.max(np.abs(y))))
    assert -12.01 <= peak_db <= -0.99
    assert abs(float(y[0])) < 1e-3 * np.max(np.abs(y))  # ramps in: no click at the start
    assert y[-1] == 0.0  # faded out
    np.testing.assert_array_equal(generate_impact(kind, 4), y)
    assert not np.array_equal(generate_impact(kind, 5), y)
    # An impact: loudest near the start, much quieter at the end.
    frames = np.sqrt(np.mean(y[: 44100 // 1000 * 1000].reshape(-1, 1000).astype(np.float64) ** 2, axis=1))
    assert int(np.argmax(frames)) < 10
    assert frames[-2] < 0.6 * frames.max()


def test_kinds_differ_from_each_other():
    sounds = [generate_impact(kind, 0) for kind in IMPACT_KINDS]
    for i in range(len(sounds)):
        for j in range(i + 1, len(sounds)):
            assert not np.allclose(sounds[i], sounds[j], atol=1e-3)


def test_kick_pitch_sweeps_down_into_the_bass():
    for seed in range(3):
        f0 = descriptors.compute(generate_impact("kick", seed, duration=0.5), 44100)[6]
        early, late = float(np.median(f0[1:4])), float(np.median(f0[12:20]))
        assert early > 1.3 * late
        assert 35.0 <= late <= 75.0


def test_noisy_kinds_are_flatter_than_tonal_kinds():
    def flatness(kind):
        curves = descriptors.compute(generate_impact(kind, 1, duration=0.3), 44100)
        loud = curves[0] > 0.1 * curves[0].max()
        return float(np.median(curves[5][loud]))

    noisy = min(flatness(k) for k in ("snare", "clap", "hihat"))
    tonal = max(flatness(k) for k in ("bell", "marimba", "glass"))
    assert noisy > 10 * tonal


def test_marimba_modes_are_tuned_and_bell_partials_inharmonic():
    sr = 44100
    y = generate_impact("marimba", 9).astype(np.float64)
    spectrum = np.abs(np.fft.rfft(y * np.hanning(y.size)))
    freqs = np.fft.rfftfreq(y.size, 1 / sr)
    f1 = freqs[np.argmax(spectrum)]
    window = (freqs > 3.8 * f1) & (freqs < 4.1 * f1)
    f2 = freqs[window][np.argmax(spectrum[window])]
    assert f2 / f1 == pytest.approx(3.93, rel=0.01)
    # A rectangular plate's modes follow m^2/a + n^2 a: not multiples of the lowest one.
    y = generate_impact("metal", 2).astype(np.float64)
    spectrum = np.abs(np.fft.rfft(y))
    peaks = np.argsort(spectrum)[-200:]
    ratios = freqs[peaks] / freqs[peaks].min()
    assert np.mean(np.abs(ratios - np.round(ratios)) > 0.05) > 0.5


def test_other_rates_and_durations():
    y = generate_impact("glass", 3, sr=48000, duration=0.25)
    assert y.shape == (12000,)
    low = generate_impact("hihat", 3, sr=16000, duration=0.5)
    assert np.all(np.isfinite(low))
    # Partials above 0.45 sr are left out: almost nothing near Nyquist at 16 kHz.
    spectrum = np.abs(np.fft.rfft(generate_impact("metal", 3, sr=16000).astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(16000, 1 / 16000)
    assert spectrum[freqs > 7500].sum() < 1e-3 * spectrum.sum()


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"kind": "cowbell", "seed": 0}, "kind: unknown impact kind 'cowbell'"),
        ({"kind": "kick", "seed": -1}, "seed"),
        ({"kind": "kick", "seed": 1.5}, "seed"),
        ({"kind": "kick", "seed": 0, "sr": 100}, "sr"),
        ({"kind": "kick", "seed": 0, "sr": 44100.5}, "sr"),
        ({"kind": "kick", "seed": 0, "duration": 0.0}, "duration"),
        ({"kind": "kick", "seed": 0, "duration": float("nan")}, "duration"),
    ],
)
def test_generator_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        generate_impact(**kwargs)
