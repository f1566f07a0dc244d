"""The band-limited resampler."""
from __future__ import annotations

import math

import numpy as np
import pytest

from nrcore.synthesis.data.resample import resample

@pytest.mark.parametrize("sr_in,sr_out", [(48000, 44100), (22050, 44100), (44100, 48000), (96000, 44100)])
def test_resampled_sine_matches_the_sine_at_the_new_rate(sr_in, sr_out):
    n = sr_in // 4
    x = 0.8 * np.sin(2 * np.pi * 1000.0 * np.arange(n) / sr_in)
    y = resample(x, sr_in, sr_out)
    assert y.dtype == np.float32 and y.shape == (math.ceil(n * sr_out / sr_in),)
    expected = 0.8 * np.sin(2 * np.pi * 1000.0 * np.arange(y.size) / sr_out)
    edge = 200  # the kernel sees zeros beyond the ends
    np.testing.assert_allclose(y[edge:-edge], expected[edge:-edge], atol=1e-4)


def test_downsampling_rejects_what_would_alias():
    sr_in, sr_out = 96000, 44100
    t = np.arange(sr_in // 2) / sr_in
    above = resample(np.sin(2 * np.pi * 30000.0 * t), sr_in, sr_out)[500:-500]
    inside = resample(np.sin(2 * np.pi * 19000.0 * t), sr_in, sr_out)[500:-500]
    assert 20 * np.log10(np.sqrt(np.mean(above.astype(np.float64) ** 2)) / np.sqrt(0.5)) < -80
    assert 20 * np.log10(np.sqrt(np.mean(inside.astype(np.float64) ** 2)) / np.sqrt(0.5)) > -0.5


def test_resample_odd_ratio_and_identity():
    x = np.random.default_rng(0).standard_normal(2000)
    np.testing.assert_array_equal(resample(x, 44100, 44100), x.astype(np.float32))
    # 44100 -> 44101 has 44101 phases: kernels are computed on the fly, not tabulated.
    slow = 0.5 * np.sin(2 * np.pi * 300.0 * np.arange(4000) / 44100)
    y = resample(slow, 44100, 44101)
    expected = 0.5 * np.sin(2 * np.pi * 300.0 * np.arange(y.size) / 44101)
    np.testing.assert_allclose(y[100:-100], expected[100:-100], atol=1e-4)
    with pytest.raises(ValueError, match="sr_out"):
        resample(x, 44100, 0)
    with pytest.raises(ValueError, match="x: expected 1-D"):
        resample(np.zeros((2, 5)), 44100, 48000)
