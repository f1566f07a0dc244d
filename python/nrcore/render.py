"""Block rendering with progress, and sound-file output."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import numpy as np

from nrcore.progress import Progress

BLOCK = 4096


def render_blocks(process: Callable[[np.ndarray], np.ndarray], x: np.ndarray, label: str,
                  block: int = BLOCK, **progress_options: Any) -> np.ndarray:
    """Run ``process`` over ``x`` (channels, samples) block by block, showing progress.

    Processors keep their state between calls, so this gives the same samples as one call.

    Parameters
    ----------
    process : callable
        Takes a block ``(channels, samples)`` and returns ``(outputs, samples)``.
    x : numpy.ndarray, shape (channels, samples)
        The whole input.
    label : str
        Name shown on the progress line.
    block : int
        Samples per call.
    **progress_options : Any
        Passed to :class:`nrcore.progress.Progress` (``stream``, ``force``).

    Returns
    -------
    numpy.ndarray, shape (outputs, samples)
        The blocks' outputs joined.
    """
    pieces = []
    with Progress(label, x.shape[1], **progress_options) as bar:
        for start in range(0, x.shape[1], block):
            pieces.append(process(x[:, start:start + block]))
            bar.update(min(block, x.shape[1] - start))
    return np.concatenate(pieces, axis=1) if pieces else np.zeros((0, 0), np.float32)


def write_wav(path: Path, y: np.ndarray, sr: float, peak: float | None = 0.891) -> Path:
    """Write (samples,) or (channels, samples) float audio as 24-bit WAV.

    Parameters
    ----------
    path : Path
        The ``.wav`` file to write.
    y : numpy.ndarray
        Samples, shape (samples,) or (channels, samples), nominally in [-1, 1].
    sr : float
        Sample rate in Hz (written as an integer).
    peak : float or None
        Scale the signal so its peak is this (linear; 0.891 = -1 dBFS); None writes it as is
        (clipped to [-1, 1]). A silent signal is written as silence.

    Returns
    -------
    Path
        ``path``.
    """
    import soundfile

    data = np.asarray(y, dtype=np.float32)
    if data.ndim == 2:
        data = data.T
    if peak is not None:
        top = float(np.max(np.abs(data))) if data.size else 0.0
        if top > 0:
            data = data * (peak / top)
    path = Path(path)
    soundfile.write(str(path), np.clip(data, -1.0, 1.0), int(sr), subtype="PCM_24")
    return path
