"""PNG figures for the demo and the reports (matplotlib, Agg backend, imported lazily)."""
from __future__ import annotations

from pathlib import Path
from functools import wraps
from typing import Any, Callable, Mapping, Sequence, TypeVar

import numpy as np

#: The extra that installs matplotlib, named in messages when PNGs are skipped.
PLOTS_EXTRA = "nrcore[plots]"

_F = TypeVar("_F", bound=Callable[..., "Path | None"])


def available() -> bool:
    """True when matplotlib can be imported (the PNG figures need it; ``pip install nrcore[plots]``)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _png(func: _F) -> _F:
    """A figure writer that returns None, writing nothing, when matplotlib is not installed."""

    @wraps(func)
    def wrapper(*args: object, **kwargs: object) -> Path | None:
        if not available():
            return None
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def spectrogram_db(y: np.ndarray, sr: float, n_fft: int = 2048, hop: int = 256
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Magnitude spectrogram in dB (frequencies, frames) with its axes in Hz and seconds.

    Parameters
    ----------
    y : numpy.ndarray
        Mono samples (zero-padded to ``n_fft`` when shorter).
    sr : float
        Sample rate in Hz.
    n_fft : int
        Frame length in samples (Hann window).
    hop : int
        Samples between frames.

    Returns
    -------
    db : numpy.ndarray, shape (n_fft // 2 + 1, frames)
        Magnitude in dB (floor -120 dB).
    freqs : numpy.ndarray
        Bin frequencies in Hz.
    times : numpy.ndarray
        Frame centres in seconds.
    """
    y = np.asarray(y, dtype=np.float64)
    if len(y) < n_fft:
        y = np.pad(y, (0, n_fft - len(y)))
    frames = 1 + (len(y) - n_fft) // hop
    index = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    spec = np.abs(np.fft.rfft(y[index] * np.hanning(n_fft), axis=1)).T
    db = 20 * np.log10(np.maximum(spec, 1e-6))
    freqs = np.fft.rfftfreq(n_fft, 1 / sr)
    times = (np.arange(frames) * hop + n_fft / 2) / sr
    return db, freqs, times


@_png
def waveform_and_spectrogram(path: Path, y: np.ndarray, sr: float, title: str,
                             zoom_seconds: float = 0.05) -> Path:
    """Three panels: the whole waveform, a zoom on its first ``zoom_seconds``, a spectrogram.

    Parameters
    ----------
    path : Path
        The PNG to write.
    y : numpy.ndarray
        Mono samples.
    sr : float
        Sample rate in Hz.
    title : str
        Figure title.
    zoom_seconds : float
        Length of the zoomed panel in seconds.

    Returns
    -------
    Path or None
        ``path``; None, writing nothing, when matplotlib is not installed.
    """
    plt = _pyplot()
    y = np.asarray(y, dtype=np.float32)
    t = np.arange(len(y)) / sr
    fig, axes = plt.subplots(3, 1, figsize=(10, 8), constrained_layout=True)
    axes[0].plot(t, y, lw=0.4, color="#1f4e79")
    axes[0].set(title=title, xlabel="time (s)", ylabel="amplitude", xlim=(0, t[-1] if len(t) else 1))
    zoom = int(min(len(y), zoom_seconds * sr))
    mid = len(y) // 2
    axes[1].plot(t[mid:mid + zoom] * 1000, y[mid:mid + zoom], lw=0.8, color="#1f4e79")
    axes[1].set(title=f"{zoom_seconds * 1000:g} ms from the middle", xlabel="time (ms)", ylabel="amplitude")
    db, freqs, times = spectrogram_db(y, sr)
    top = db.max()
    axes[2].imshow(db, origin="lower", aspect="auto", cmap="magma", vmin=top - 90, vmax=top,
                   extent=(times[0], times[-1], freqs[0], freqs[-1]))
    axes[2].set(ylim=(0, min(12000, sr / 2)), xlabel="time (s)", ylabel="frequency (Hz)",
                title="spectrogram (dB)")
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return Path(path)


@_png
def phase_portrait(path: Path, a: np.ndarray, b: np.ndarray, title: str,
                   segments: Sequence[tuple[str, slice]] = ()) -> Path:
    """Neuron 1 against neuron 2; each named segment (a joystick position) in its own colour.

    Parameters
    ----------
    path : Path
        The PNG to write.
    a, b : numpy.ndarray
        The two neurons' outputs, same length.
    title : str
        Figure title.
    segments : sequence of (str, slice)
        Named sample ranges, each drawn in its own colour (all samples by default).

    Returns
    -------
    Path or None
        ``path``; None, writing nothing, when matplotlib is not installed.
    """
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 7), constrained_layout=True)
    if not segments:
        segments = (("", slice(None)),)
    colours = plt.cm.viridis(np.linspace(0, 0.9, len(segments)))
    for (label, part), colour in zip(segments, colours):
        ax.plot(a[part], b[part], ",", color=colour, alpha=0.5)
        if label:
            ax.plot([], [], "o", color=colour, label=label)  # a visible legend marker
    ax.set(title=title, xlabel="neuron 1", ylabel="neuron 2")
    if any(label for label, _ in segments):
        ax.legend(loc="upper right", fontsize=8)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return Path(path)


@_png
def learning_curves(path: Path, curves: Mapping[str, tuple[np.ndarray, np.ndarray]],
                    title: str) -> Path:
    """Side-by-side panels of error in dB over time, one per named run.

    Parameters
    ----------
    path : Path
        The PNG to write.
    curves : mapping of str to (times, error_db)
        Per run: times in seconds and error power in dB.
    title : str
        Figure title.

    Returns
    -------
    Path or None
        ``path``; None, writing nothing, when matplotlib is not installed.
    """
    plt = _pyplot()
    fig, axes = plt.subplots(1, len(curves), figsize=(6 * len(curves), 4), sharey=True,
                             constrained_layout=True, squeeze=False)
    for ax, (label, (t, err_db)) in zip(axes[0], curves.items()):
        ax.plot(t, err_db, lw=0.8, color="#a23b18")
        ax.set(title=label, xlabel="time (s)")
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("error power (dB)")
    fig.suptitle(title)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return Path(path)


@_png
def piano_roll(path: Path, notes: Sequence[tuple[float, float, int, int]], gesture_t: np.ndarray,
               gesture: np.ndarray, title: str) -> Path:
    """The input gesture (top) and the notes it produced (bottom).

    Parameters
    ----------
    path : Path
        The PNG to write.
    notes : sequence of (start, duration, pitch, velocity)
        Start and duration in seconds, MIDI pitch and velocity.
    gesture_t : numpy.ndarray
        Frame times of the gesture in seconds.
    gesture : numpy.ndarray, shape (axes, frames)
        The input gesture, 0..1.
    title : str
        Figure title.

    Returns
    -------
    Path or None
        ``path``; None, writing nothing, when matplotlib is not installed.
    """
    plt = _pyplot()
    fig, axes = plt.subplots(2, 1, figsize=(10, 6), sharex=True, constrained_layout=True)
    for row, label in zip(np.atleast_2d(gesture), ("x", "y", "z")):
        axes[0].plot(gesture_t, row, lw=1, label=label)
    axes[0].set(title=title, ylabel="gesture (0..1)")
    axes[0].legend(loc="upper right", fontsize=8)
    for start, dur, pitch, vel in notes:
        axes[1].barh(pitch, dur, left=start, height=0.8, color=plt.cm.plasma(vel / 127))
    axes[1].set(xlabel="time (s)", ylabel="MIDI note")
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return Path(path)
