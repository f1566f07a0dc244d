"""Properties every registered audio-rate processor must have, whoever wrote it."""
import numpy as np
import pytest

import nrcore

AUDIO_RATE = sorted(name for name, cls in nrcore.REGISTRY.items() if cls.audio_rate)


def rows(proc, n, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((proc.input_count, n)) * 0.7).astype(np.float32)


@pytest.mark.parametrize("name", AUDIO_RATE)
def test_blocks_of_any_size_give_the_same_samples(name):
    cls = nrcore.REGISTRY[name]
    x = rows(cls(), 2000)
    whole = cls().process_rows(x)
    proc = cls()
    sizes = [1, 63, 64, 500, 1372]
    pieces, at = [], 0
    for size in sizes:
        pieces.append(proc.process_rows(x[:, at:at + size]))
        at += size
    np.testing.assert_array_equal(np.concatenate(pieces, axis=1), whole)
    assert whole.dtype == np.float32 and whole.shape[1] == 2000


@pytest.mark.parametrize("name", AUDIO_RATE)
def test_bad_samples_never_leave_and_state_recovers(name):
    cls = nrcore.REGISTRY[name]
    proc = cls()
    x = rows(proc, 3000, seed=1)
    x[:, 100] = np.nan
    x[:, 101] = np.inf
    x[:, 102] = -np.inf
    x[:, 103:120] = 3e38
    out = proc.process_rows(x)
    assert np.all(np.isfinite(out))
    proc.reset()
    again = proc.process_rows(x)
    np.testing.assert_array_equal(again, out)  # reset really resets


@pytest.mark.parametrize("name", AUDIO_RATE)
def test_state_round_trip(name):
    cls = nrcore.REGISTRY[name]
    proc = cls()
    x = rows(proc, 1500, seed=2)
    proc.process_rows(x[:, :700])
    state = proc.get_state()
    tail = proc.process_rows(x[:, 700:])
    other = cls()
    other.set_state(state)
    np.testing.assert_array_equal(other.process_rows(x[:, 700:]), tail)


def test_zero_length_blocks_are_fine():
    for name in AUDIO_RATE:
        proc = nrcore.REGISTRY[name]()
        out = proc.process_rows(np.zeros((proc.input_count, 0), np.float32))
        assert out.shape[1] == 0
