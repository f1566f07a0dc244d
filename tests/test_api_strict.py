"""The strict API: mistakes are errors with a clear message, never a silently different sound."""
import inspect

import numpy as np
import pytest

import nrcore
from nrcore.processor import REGISTRY, Processor, as_block

SR = 48000.0
#: The one argument each processor takes by position (its structural count); None: none.
POSITIONAL = {"neuron": "inputs", "net": "neurons", "dualneuron": None, "learn": "inputs",
              "learnnet": "inputs", "ann": "sizes", "instrument": "inputs", "synth": "model",
              "rack": "model"}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_only_the_structural_argument_is_positional(name):
    cls = REGISTRY[name]
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    positional = [p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD]
    want = POSITIONAL[name]
    assert positional == ([want] if want else []), f"{name}: {positional}"


def test_dual_neuron_six_is_a_type_error_not_a_6_hz_rate():
    with pytest.raises(TypeError, match=r"DualNeuron\(6\): DualNeuron takes keyword arguments "
                                        r"only, e\.g\. DualNeuron\(sample_rate=\.\.\."):
        nrcore.DualNeuron(6)
    assert nrcore.DualNeuron(inputs=6).inputs == 6


def test_a_second_positional_constructor_argument_is_refused_with_the_keyword_to_use():
    with pytest.raises(TypeError, match=r"only 'inputs' may be given by position; pass the "
                                        r"rest by keyword, e\.g\. Neuron\(3, sample_rate="):
        nrcore.Neuron(3, 44100)
    with pytest.raises(TypeError, match="only 'neurons' may be given by position"):
        nrcore.Network(4, 3)


def test_misspelt_attributes_raise_with_a_hint():
    n = nrcore.Neuron(3)
    with pytest.raises(AttributeError, match=r"Neuron has no attribute 'feedbak' \(did you "
                                             r"mean 'feedback'"):
        n.feedbak = 0.9
    with pytest.raises(AttributeError, match=r"did you mean 'threshold'"):
        n.treshold  # noqa: B018 - reading an unknown name has the same hint
    n.feedback = 0.9          # known names still work
    assert n.feedback == 0.9
    net = nrcore.Network(2, inputs=1)
    with pytest.raises(AttributeError, match="did you mean 'recurrent'"):
        net.reccurent = 0.5
    n._private_scratch = 1    # private names stay open to subclasses


def test_unknown_constructor_parameter_names_the_closest():
    with pytest.raises(ValueError, match=r"unknown parameter 'feedbak' \(did you mean "
                                         r"'feedback'.*\); known: weights, bias"):
        nrcore.Neuron(3, feedbak=0.5)


def _gain_db(proc, freq, sr):
    n = int(sr)  # one second; the last half is steady
    t = np.arange(n) / sr
    x = np.sin(2 * np.pi * freq * t).astype(np.float32)[None, :]
    y = proc.process(x)[0, n // 2:].astype(np.float64)
    return 20 * np.log10(np.sqrt(np.mean(y ** 2)) / np.sqrt(0.5))


def test_assigning_sample_rate_reapplies_the_output_cutoff():
    # At 48 kHz a 200 Hz cutoff; the processor is then told it runs at 96 kHz. The one-pole
    # must be -3 dB at 200 Hz *at 96 kHz* (ignoring the assignment gave -0.97 dB).
    n = nrcore.Neuron(1, weights=1.0, activation="linear", output_cutoff=200.0, smoothing=0.0,
                      hysteresis=0.0)
    n.sample_rate = 96000
    assert n.sample_rate == 96000.0
    assert abs(_gain_db(n, 200.0, 96000.0) + 3.01) < 0.05
    fresh = nrcore.Neuron(1, sample_rate=96000, weights=1.0, activation="linear",
                          output_cutoff=200.0, smoothing=0.0, hysteresis=0.0)
    n.reset()
    fresh.reset()
    x = np.random.default_rng(0).standard_normal((1, 2000)).astype(np.float32)
    np.testing.assert_array_equal(n.process(x), fresh.process(x))


def test_assigning_sample_rate_reapplies_smoothing_and_network_cutoffs():
    for make in (lambda **k: nrcore.Network(1, inputs=1, weights=1.0, activation="linear",
                                            **k),
                 lambda **k: nrcore.DualNeuron(**k)):
        moved = make(cutoff=500.0, smoothing=5.0)
        moved.sample_rate = 22050
        fresh = make(cutoff=500.0, smoothing=5.0, sample_rate=22050)
        moved.reset()
        fresh.reset()
        rows = moved.input_count
        x = np.random.default_rng(1).standard_normal((rows, 1500)).astype(np.float32)
        np.testing.assert_array_equal(moved.process(x), fresh.process(x))


def test_sample_rate_is_validated_and_fixed_rate_processors_refuse_a_change():
    n = nrcore.Neuron(1)
    for bad in (0, -48000, float("nan"), "48000", True, 1e9):
        with pytest.raises(ValueError, match=r"sample_rate: .*\[1, 768000\] Hz"):
            n.sample_rate = bad
    assert n.sample_rate == SR
    synth = nrcore.ImpactSynth()
    with pytest.raises(ValueError, match=r"sample_rate: ImpactSynth is built for 48000 Hz and "
                                         r"cannot change rate; create a new one"):
        synth.sample_rate = 44100
    synth.process(64, sample_rate=48000)       # the same rate is fine
    with pytest.raises(ValueError, match="cannot change rate"):
        synth.process(64, sample_rate=44100)


def test_process_takes_the_sample_rate_by_keyword_only():
    n = nrcore.Neuron(3, output_cutoff=1000.0)
    x = np.zeros((3, 64), np.float32)
    with pytest.raises(TypeError, match=r"Neuron\.process takes one positional argument \(the "
                                        r"block\); got 1 more \(44100\)\. Give the sample rate "
                                        r"by keyword, process\(x, sample_rate=44100\)"):
        n.process(x, 44100)
    with pytest.raises(TypeError, match="process takes one positional argument"):
        n(x, 44100)
    n.process(x, sample_rate=44100)       # pedalboard's convention: the block's rate is used
    assert n.sample_rate == 44100.0
    twin = nrcore.Neuron(3, output_cutoff=1000.0, sample_rate=44100)
    y = np.random.default_rng(0).standard_normal((3, 300)).astype(np.float32)
    n.reset()
    np.testing.assert_array_equal(n.process(y, sample_rate=44100), twin.process(y))
    for name in sorted(REGISTRY):
        proc = REGISTRY[name]()
        rows = np.zeros((proc.input_count, 4), np.float32)
        with pytest.raises(TypeError, match="takes one positional argument"):
            proc.process(rows, 48000)


@pytest.mark.parametrize("dtype", [np.int16, np.int32, np.uint8])
def test_integer_audio_is_refused_with_the_conversion_to_use(dtype):
    n = nrcore.Neuron(1)
    pcm = (np.arange(64) * 100).astype(dtype)[None, :]
    with pytest.raises(TypeError, match=rf"{np.dtype(dtype).name} audio is not accepted .*; "
                                        r"convert it to float in \[-1, 1\] first"):
        n.process(pcm)
    if dtype is np.int16:
        with pytest.raises(TypeError, match=r"x\.astype\(np\.float32\) / 32768"):
            n.process(pcm)
    for name in sorted(n for n, c in REGISTRY.items() if c.audio_rate):
        proc = REGISTRY[name]()
        with pytest.raises(TypeError, match="audio is not accepted"):
            proc.process_rows(np.zeros((proc.input_count, 8), dtype))


def test_control_rate_processors_take_integer_control_values():
    mlp = nrcore.MLP((2, 4, 1))
    ints = mlp.process(np.array([[1], [0]]))
    floats = mlp.process(np.array([[1.0], [0.0]], np.float32))
    mlp.reset()
    np.testing.assert_array_equal(mlp.process(np.array([[1], [0]])), ints)
    assert floats.shape == ints.shape
    # Python lists of numbers are numbers, not PCM, for audio-rate processors too.
    assert as_block([[0, 1, 0]], 1).dtype == np.float32


def test_every_processor_class_is_sealed_after_construction():
    for name in sorted(REGISTRY):
        proc = REGISTRY[name]()
        assert isinstance(proc, Processor)
        with pytest.raises(AttributeError, match="has no attribute 'not_a_real_setting'"):
            proc.not_a_real_setting = 1
