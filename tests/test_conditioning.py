"""nrcore.synthesis.data.analysis: the synth's conditioning f0 (voicing, octave path, outliers).

The descriptors' own f0 (YIN on every frame) is tested against librosa in test_descriptors;
these tests are about what the conditioning does on top: which frames are voiced and how an
f0 that YIN got an octave wrong is put back.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nrcore.descriptors import compute
from nrcore.synthesis.data.analysis import (F0_RANGE, clean_f0, conditioning_curves,
                                            octave_path)

SR = 44100
BELL = Path("/usr/share/puredata/doc/sound/bell.aiff")


def voiced_everywhere(f0: np.ndarray) -> np.ndarray:
    return clean_f0(np.asarray(f0, dtype=np.float64), np.ones(len(f0), dtype=bool))


def test_runs_of_frames_an_octave_off_are_moved_to_the_longer_octave():
    # A snare as YIN reads it: 88 Hz and 176 Hz in runs.
    f0 = np.array([88.0] * 4 + [176.0] * 4 + [88.0] * 4 + [176.0] * 12)
    np.testing.assert_allclose(voiced_everywhere(f0), 176.0)
    # The same with a little wobble: the result keeps the wobble, one octave throughout.
    wobble = f0 * (1.0 + 0.01 * np.sin(np.arange(len(f0))))
    out = voiced_everywhere(wobble)
    assert np.all(np.abs(np.log2(out / 176.0)) < 0.05)


def test_a_glide_passes_through_unchanged():
    # A tom falling an octave in 30 frames, and a fast kick sweep (300 -> 100 Hz in 8 frames):
    # no frame is moved by an octave or unvoiced.
    for glide in (np.geomspace(300.0, 150.0, 30), np.geomspace(300.0, 100.0, 8)):
        out = voiced_everywhere(glide)
        assert np.all(out > 0)
        assert np.max(np.abs(np.log2(out / glide))) < 0.15


def test_stray_partials_are_unvoiced_not_pulled_into_the_path():
    # A ride cup: 1256 Hz with frames of 53 and 111 Hz between (other partials, not octaves).
    cup = np.array([1256.0] * 6 + [53.0] + [1256.0] * 2 + [111.0] + [1256.0] * 6)
    out = voiced_everywhere(cup)
    assert out[6] == 0 and out[9] == 0
    assert np.all(np.abs(out[out > 0] - 1256.0) < 1.0)
    # One stray frame far below a high pitch moves nothing else.
    out = voiced_everywhere([60.0, 4000.0, 4000.0, 4000.0])
    np.testing.assert_array_equal(out, [0.0, 4000.0, 4000.0, 4000.0])


def test_short_voiced_runs_and_unvoiced_frames_stay_unvoiced():
    f0 = np.array([100.0, 100.0, 0.0, 0.0, 100.0, 100.0, 100.0, 100.0])
    voiced = f0 > 0
    out = clean_f0(f0, voiced)
    np.testing.assert_array_equal(out[:4], 0.0)       # a 2-frame run is not a pitch
    np.testing.assert_allclose(out[4:], 100.0)
    assert not np.any(clean_f0(np.full(8, 100.0), np.zeros(8, dtype=bool)))


def test_the_octave_path_stays_inside_yins_range():
    rng = np.random.default_rng(0)
    logf = np.log2(rng.uniform(F0_RANGE[0], F0_RANGE[1], 200))
    path = octave_path(logf)
    assert np.all(path >= np.log2(F0_RANGE[0]) - 1e-9)
    assert np.all(path <= np.log2(F0_RANGE[1]) + 1e-9)
    assert np.allclose(np.round(path - logf), path - logf)   # whole octaves only


def test_a_decaying_tone_is_voiced_at_its_pitch_and_noise_is_not():
    t = np.arange(int(0.6 * SR)) / SR
    tone = sum(np.sin(2 * np.pi * 176.0 * k * t) / k for k in (1, 2, 3, 4)) * np.exp(-4 * t)
    curves = conditioning_curves((0.5 * tone).astype(np.float32), SR)
    loud = curves[0] > 0.01
    assert np.all(curves[6][loud] > 0)
    np.testing.assert_allclose(curves[6][loud], 176.0, rtol=0.01)
    noise = np.random.default_rng(1).uniform(-0.5, 0.5, int(0.6 * SR)).astype(np.float32)
    assert not np.any(conditioning_curves(noise, SR)[6])


@pytest.mark.skipif(not BELL.exists(), reason="needs Pd's bell.aiff (apt-get install puredata)")
def test_a_real_bell_keeps_one_octave_where_yin_is_voiced():
    import soundfile

    y, sr = soundfile.read(BELL, dtype="float32", always_2d=True)
    y = y[:, 0]
    raw = compute(y, sr)[6]
    cond = conditioning_curves(y, sr)[6]
    voiced = cond > 0
    assert voiced.sum() > 10
    steps = np.abs(np.diff(np.log2(cond[voiced])))
    # Neighbouring voiced frames never jump by half an octave or more ...
    assert steps.max() < 0.5
    # ... and every voiced frame is YIN's own estimate moved by whole octaves.
    moved = np.log2(cond[voiced] / raw[voiced])
    assert np.max(np.abs(moved - np.round(moved))) < 0.1
