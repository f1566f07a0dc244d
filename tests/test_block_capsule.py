"""The direct block path (cython/nrcore_block.h): the capsule's C function, called through
ctypes (which releases the GIL around the call, as the Pd bridge does), gives bit for bit the
samples and state advance of ``process``, across block sizes and parameter changes."""
from __future__ import annotations

import ctypes
import gc
import sys
from typing import Any, Callable

import numpy as np
import pytest

import nrcore

FloatRows = ctypes.POINTER(ctypes.POINTER(ctypes.c_float))
BlockFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, FloatRows, ctypes.c_int, FloatRows,
                           ctypes.c_int, ctypes.c_int)


class Block(ctypes.Structure):
    _fields_ = [("version", ctypes.c_int), ("kernel", ctypes.c_void_p), ("process", BlockFn)]


_get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_get_pointer.restype = ctypes.c_void_p
_get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_is_valid = ctypes.pythonapi.PyCapsule_IsValid
_is_valid.restype = ctypes.c_int
_is_valid.argtypes = [ctypes.py_object, ctypes.c_char_p]
NAME = b"nrcore.block.v1"


def block_of(capsule: Any) -> Block:
    assert _is_valid(capsule, NAME) == 1
    return Block.from_address(_get_pointer(capsule, NAME))


def rows_of(array: np.ndarray) -> Any:
    rows = (ctypes.POINTER(ctypes.c_float) * max(1, array.shape[0]))()
    for i in range(array.shape[0]):
        rows[i] = array[i].ctypes.data_as(ctypes.POINTER(ctypes.c_float))
    return rows


def run_capsule(capsule: Any, ins: np.ndarray, n_out: int) -> tuple[int, np.ndarray]:
    block = block_of(capsule)
    ins = np.ascontiguousarray(ins, dtype=np.float32)
    out = np.full((n_out, ins.shape[1]), np.nan, dtype=np.float32)
    rc = block.process(block.kernel, rows_of(ins), ins.shape[0], rows_of(out), n_out,
                       ins.shape[1])
    return rc, out


def signals(rows: int, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(n) / 48000.0
    x = np.array([np.sin(2 * np.pi * (150 + 90 * i) * t + i) for i in range(rows)])
    return (x + 0.3 * rng.standard_normal((rows, n))).astype(np.float32)


def learning_rows(inputs: int, n: int, seed: int) -> np.ndarray:
    x = signals(inputs, n, seed)
    target = np.tanh(0.7 * x[0] - 0.4 * x[-1] + 0.1)[None, :]
    return np.concatenate([x, target]).astype(np.float32)


# (factory, input rows, output rows, rows maker, parameter changes applied between blocks)
CASES: dict[str, tuple[Callable[[], Any], int, int, Callable[[int, int], np.ndarray],
                       list[dict[str, Any]]]] = {
    "neuron": (lambda: nrcore.Neuron(inputs=3, weights=[0.8, -0.5, 0.3], feedback=0.9,
                                     noise=0.05, output_cutoff=3000.0),
               3, 2, lambda n, s: signals(3, n, s),
               [{"feedback": -1.2, "feedback_delay": 37}, {"activation": "sinefold", "bias": 0.2},
                {"feedback_delay": 5000, "weights": [0.1, 0.2, -0.9]}]),
    "neuron_audio_weights": (lambda: nrcore.Neuron(inputs=2, feedback=0.6),
                             4, 2, lambda n, s: signals(4, n, s),
                             [{"feedback": 0.2, "threshold": 0.3}, {"feedback_source": "fire"}]),
    "network": (lambda: nrcore.Network(neurons=5, inputs=3, seed=3, cutoff=2000.0,
                                       recurrent=np.random.default_rng(1).normal(0, 0.8, (5, 5))),
                3, 5, lambda n, s: signals(3, n, s),
                [{"delay": 9, "noise": 0.1}, {"activation": "softclip"},
                 {"delay": 7000, "bias": 0.05}]),
    "dualneuron": (lambda: nrcore.DualNeuron(cross_feedback=2.5), 3, 2,
                   lambda n, s: signals(3, n, s),
                   [{"cross_delay": 13, "coupling": "mutual"}, {"cross_feedback": 1.1}]),
    "learningneuron": (lambda: nrcore.LearningNeuron(inputs=3, mu=0.3), 4, 2,
                       lambda n, s: learning_rows(3, n, s),
                       [{"mu": 0.05, "leak": 1e-4}, {"algorithm": "sign_error"}]),
    "learningnetwork": (lambda: nrcore.LearningNetwork(inputs=2, hidden=4, mu=0.2), 3, 2,
                        lambda n, s: learning_rows(2, n, s),
                        [{"mu": 0.02}, {"freeze": True}, {"freeze": False, "leak": 1e-3}]),
}


def _processable(proc: Any, rows: np.ndarray) -> np.ndarray:
    if isinstance(proc, nrcore.Neuron) and rows.shape[0] == 2 * proc.inputs:
        return proc.process(rows[:proc.inputs], weights=rows[proc.inputs:])
    return proc.process(rows)


@pytest.mark.parametrize("name", list(CASES))
def test_capsule_equals_process_bit_for_bit(name: str) -> None:
    factory, n_in, n_out, make_rows, changes = CASES[name]
    by_process, by_capsule = factory(), factory()
    capsule = by_capsule.block_capsule()
    sizes = [64, 1, 17, 64, 256, 3, 64, 500]
    for step, size in enumerate(sizes):
        rows = make_rows(size, step)
        want = _processable(by_process, rows)
        rc, got = run_capsule(capsule, rows, n_out)
        assert rc == 0
        np.testing.assert_array_equal(got, want, err_msg=f"{name}, block {step} ({size})")
        if step % 2 == 1 and changes:
            for key, value in changes[(step // 2) % len(changes)].items():
                setattr(by_process, key, value)
                setattr(by_capsule, key, value)
    # the state advanced alike: the next blocks through process agree as well
    rows = make_rows(300, 99)
    np.testing.assert_array_equal(_processable(by_capsule, rows), _processable(by_process, rows))
    state_a = by_process.get_state()["kernel"]
    state_b = by_capsule.get_state()["kernel"]
    assert state_a.keys() == state_b.keys()
    for key in state_a:
        np.testing.assert_array_equal(state_a[key], state_b[key], err_msg=key)


@pytest.mark.parametrize("name", list(CASES))
def test_capsule_refuses_a_wrong_shape(name: str) -> None:
    factory, n_in, n_out, make_rows, _ = CASES[name]
    proc = factory()
    before = proc.get_state()["kernel"]
    capsule = proc.block_capsule()
    assert block_of(capsule).version == 1
    rows = make_rows(64, 0)
    wrong_in = np.concatenate([rows, rows[:1]])
    assert run_capsule(capsule, wrong_in, n_out)[0] == -1
    assert run_capsule(capsule, rows, n_out + 1)[0] == -1
    block = block_of(capsule)
    out = np.zeros((n_out, 1), np.float32)
    assert block.process(block.kernel, rows_of(rows), n_in, rows_of(out), n_out, -1) == -1
    after = proc.get_state()["kernel"]
    for key in before:  # a refused call changed nothing
        np.testing.assert_array_equal(before[key], after[key], err_msg=key)
    assert run_capsule(capsule, rows[:, :0], n_out)[0] == 0  # an empty block is fine


def test_capsule_keeps_the_kernel_alive() -> None:
    proc = nrcore.Neuron(inputs=1, feedback=0.5, weights=1.0)
    twin = nrcore.Neuron(inputs=1, feedback=0.5, weights=1.0)
    capsule = proc.block_capsule()
    refs = sys.getrefcount(proc._kernel)
    del proc
    gc.collect()
    x = signals(1, 128, 4)
    rc, got = run_capsule(capsule, x, 2)
    assert rc == 0
    np.testing.assert_array_equal(got, twin.process(x))
    assert refs >= 2
    del capsule
    gc.collect()
