"""Names of the neuron nonlinearities, shared by every processor.

The integer id of each name is its position in :data:`ACTIVATIONS`; the Cython kernels use the
same numbering (``cython/nrdsp.pxd``).
"""
from __future__ import annotations

ACTIVATIONS: tuple[str, ...] = (
    "linear",
    "tanh",
    "sigmoid",
    "relu",
    "hardclip",
    "softclip",
    "sinefold",
    "nlc",
)

ACTIVATION_HELP: dict[str, str] = {
    "linear": "y = x (a plain mixer)",
    "tanh": "y = tanh(x), smooth saturation",
    "sigmoid": "y = 1 / (1 + exp(-x)), unipolar 0..1",
    "relu": "y = max(x, 0), half-wave rectifier",
    "hardclip": "y = clamp(x, -1, 1)",
    "softclip": "y = x / (1 + |x|), gentler than tanh",
    "sinefold": "y = sin(x), a sine wavefolder",
    "nlc": "Nonlinear Circuits neuron: rectifier clamp(x, 0, 1) minus a +-response comparator",
}


def activation_id(name: str, param: str = "activation") -> int:
    """The kernel id of an activation name; ValueError naming the allowed names otherwise.

    Parameters
    ----------
    name : str
        One of :data:`ACTIVATIONS`.
    param : str
        Parameter name used in the error message.

    Returns
    -------
    int
        The index in :data:`ACTIVATIONS` (the kernels' numbering).
    """
    try:
        return ACTIVATIONS.index(str(name))
    except ValueError:
        raise ValueError(
            f"{param}: unknown activation {name!r}; allowed: {', '.join(ACTIVATIONS)}"
        ) from None
