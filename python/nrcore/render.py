"""Block rendering with progress, and sound-file output."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from nrcore.progress import Progress

BLOCK = 4096


def render_blocks(process: Callable[[np.ndarray], np.ndarray], x: np.ndarray, label: str,
                  block: int = BLOCK, **progress_options) -> np.ndarray:
    """Run ``process`` over ``x`` (channels, samples) block by block, showing progress.

    Processors keep their state between calls, so this gives the same samples as one call.
    """
    pieces = []
    with Progress(label, x.shape[1], **progress_options) as bar:
        for start in range(0, x.shape[1], block):
            pieces.append(process(x[:, start:start + block]))
            bar.update(min(block, x.shape[1] - start))
    return np.concatenate(pieces, axis=1) if pieces else np.zeros((0, 0), np.float32)


def write_wav(path: Path, y: np.ndarray, sr: float, peak: float | None = 0.891) -> Path:
    """Write (samples,) or (channels, samples) float audio as 24-bit WAV.

    With ``peak`` set, the signal is scaled so its peak is ``peak`` (-1 dBFS by default); a
    silent signal is written as silence.
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
