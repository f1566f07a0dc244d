"""Optional playback through sounddevice: absent PortAudio or sound card is a clear message."""
from __future__ import annotations

import numpy as np


class PlaybackUnavailable(RuntimeError):
    """Raised with the reason playback cannot happen on this machine."""


def output_device_problem() -> str | None:
    """None when a default output device exists, else why playback is unavailable."""
    try:
        import sounddevice
    except ImportError:
        return "the 'sounddevice' package is not installed (pip install nrcore[play])"
    except OSError as err:  # sounddevice raises OSError when libportaudio2 is missing
        return f"PortAudio is not available ({err}); on Debian/Ubuntu: apt-get install libportaudio2"
    try:
        device = sounddevice.query_devices(kind="output")
    except Exception as err:  # PortAudioError, ValueError: no default output device
        return f"no audio output device ({err})"
    if not device or device.get("max_output_channels", 0) < 1:
        return "no audio output device"
    return None


def play(y: np.ndarray, sr: float, blocking: bool = True) -> None:
    """Play ``y`` (samples,) or (channels, samples) at ``sr`` Hz on the default device.

    Raises
    ------
    PlaybackUnavailable
        With the reason, when there is no PortAudio, no sounddevice or no output device.
    """
    problem = output_device_problem()
    if problem:
        raise PlaybackUnavailable(problem)
    import sounddevice

    data = np.asarray(y, dtype=np.float32)
    if data.ndim == 2:
        data = data.T
    sounddevice.play(np.clip(data, -1.0, 1.0), int(sr), blocking=blocking)
