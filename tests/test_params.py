"""Parameter declarations: validation of every kind, and invariants of every processor's PARAMS."""
import numpy as np
import pytest

import nrcore
from nrcore.params import Param


def test_float_range_and_finiteness():
    p = Param("gain", 1.0, "Gain", unit="dB", minimum=-60.0, maximum=12.0)
    assert p.validate(3) == 3.0 and isinstance(p.validate(3), float)
    with pytest.raises(ValueError, match=r"gain: 13 is above the maximum; allowed: \[-60, 12\] dB"):
        p.validate(13)
    with pytest.raises(ValueError, match="gain: inf is not a finite number"):
        p.validate(float("inf"))
    with pytest.raises(ValueError, match="gain: 'loud' is not a number"):
        p.validate("loud")


def test_int_bool_choice():
    n = Param("delay", 1, "Delay", unit="samples", minimum=1, maximum=100, kind="int")
    assert n.validate(5.0) == 5 and isinstance(n.validate(5.0), int)
    with pytest.raises(ValueError, match="delay: 5.5 is not an integer"):
        n.validate(5.5)
    b = Param("freeze", False, "Freeze", kind="bool")
    assert b.validate("on") is True and b.validate(0) is False
    with pytest.raises(ValueError, match="freeze: 'maybe' is not a boolean"):
        b.validate("maybe")
    with pytest.raises(ValueError, match="freeze: nan is not a finite number"):
        b.validate(float("nan"))
    c = Param("act", "tanh", "Activation", kind="choice", choices=("tanh", "relu"), per_element=True)
    assert c.validate("relu") == "relu"
    assert c.validate(["tanh", "relu"]) == ("tanh", "relu")
    with pytest.raises(ValueError, match="act: 'cubic' is not a known name; allowed: one of tanh, relu"):
        c.validate(["tanh", "cubic"])


def test_vector_and_matrix():
    v = Param("w", 0.0, "Weights", minimum=-1, maximum=1, kind="vector")
    np.testing.assert_array_equal(v.validate([0.5, -0.5]), [0.5, -0.5])
    assert v.validate(0.25).shape == (1,)
    with pytest.raises(ValueError, match="w: 2 is above the maximum"):
        v.validate([0.5, 2.0])
    m = Param("m", 0.0, "Matrix", kind="matrix")
    assert m.validate([[1, 2], [3, 4]]).shape == (2, 2)
    with pytest.raises(ValueError, match=r"m: expected a 2-D array, got shape \(3,\)"):
        m.validate([1, 2, 3])


@pytest.mark.parametrize("name", sorted(nrcore.REGISTRY))
def test_every_processor_declares_valid_parameters(name):
    cls = nrcore.REGISTRY[name]
    names = [p.name for p in cls.PARAMS]
    assert names and len(names) == len(set(names)), "parameter names must be unique"
    for p in cls.PARAMS:
        assert p.help and p.help[0].isupper(), f"{name}.{p.name}: help text"
        assert p.name.isidentifier() and p.name == p.name.lower()
        p.validate(p.default)  # every default is valid
        if p.kind == "choice":
            assert p.choices
        if p.minimum is not None and p.maximum is not None:
            assert p.minimum <= p.maximum
    proc = cls()
    for p in cls.PARAMS:  # and every default is what a fresh processor reports
        value = proc.parameters[p.name]
        if p.kind in ("float", "int", "bool", "choice") and not p.per_element:
            assert value == p.validate(p.default), f"{name}.{p.name}"


def _bad_values(p):
    """Values every parameter of this kind must refuse."""
    if p.kind == "choice":
        return ["no_such_choice"]
    if p.kind == "bool":
        return ["maybe", float("nan")]
    bad = ["loud", float("nan")]
    if p.maximum is not None:
        bad.append(p.maximum + max(1.0, abs(p.maximum)))
    if p.minimum is not None:
        bad.append(p.minimum - max(1.0, abs(p.minimum)))
    if p.kind == "int":
        bad.append((p.minimum or 0) + 0.5)
    return bad


@pytest.mark.parametrize("name", sorted(nrcore.REGISTRY))
def test_every_refusal_names_the_parameter_and_the_allowed_values(name):
    proc = nrcore.REGISTRY[name]()
    for p in proc.PARAMS:
        before = proc.get_param(p.name)
        for bad in _bad_values(p):
            with pytest.raises(ValueError) as caught:
                setattr(proc, p.name, bad)
            message = str(caught.value)
            assert message.startswith(f"{p.name}: "), message
            assert "allowed: " in message, message
            if p.kind == "choice":
                assert all(c in message for c in p.choices), message
            elif p.kind != "bool":
                assert p.range_text() in message, message
            assert "\n" not in message
            np.testing.assert_array_equal(np.asarray(proc.get_param(p.name), dtype=object),
                                          np.asarray(before, dtype=object))   # old value kept


def test_unknown_parameter_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"neuron: unknown parameter 'gian'; known: weights, "):
        nrcore.Neuron(3).set_param("gian", 1.0)
    with pytest.raises(ValueError, match=r"unknown parameter 'feedbak' \(did you mean "):
        nrcore.Neuron(3).get_param("feedbak")
