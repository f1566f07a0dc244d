"""The audio engine of ``nrcore serve``: plays hosted processors through sounddevice.

Any processor in the registry can be played. The engine pulls one block at a time:

* a processor without signal inputs (``input_count`` 0: a generator such as the neural
  synth) gets ``process(frames)``, a sample count (or, if it takes only arrays, an empty
  ``(0, frames)`` block);
* otherwise its ``input_count`` signal rows are fed by per-row sine oscillators
  (frequency > 0) or constant levels, and ``process_rows`` is called on that block.

Row 0 of the result is mixed into the voice's output channel. Blocks are rendered under the
server's lock, so parameter changes from OSC land between blocks, never inside one. Because
the processors keep their state between calls and the oscillators keep their phase, the
samples do not depend on the block size.

Backends: ``sounddevice`` (a real output stream; fails cleanly without a sound card), ``file``
(paced in real time by a thread, written to a WAV file: for machines without audio) and
``none`` (render only on request, for tests and offline use).
"""
from __future__ import annotations

import inspect
import logging
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("nrcore.hosts.osc")


def input_rows(proc: Any) -> int:
    """Signal rows the processor takes (``input_count``, the hosts' interface: a learner's
    target is one more row)."""
    return int(proc.input_count)


def process_rows(proc: Any, rows: np.ndarray) -> np.ndarray:
    """``proc.process_rows``: the processor splits the rows as it needs."""
    out: np.ndarray = proc.process_rows(rows)
    return out


def count(proc: Any, attribute: str) -> int:
    """An attribute read as a count: a tuple's length (``outputs`` names) or an int; 0 when
    absent."""
    value = getattr(proc, attribute, 0)
    if isinstance(value, (tuple, list)):
        return len(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def trigger_takes_curves(cls: type[Any]) -> bool:
    """True when ``cls.trigger`` takes descriptor curves (the synth); False when it is a bare
    bang (the rack, whose sound comes from its presets and CVs)."""
    try:
        parameters = inspect.signature(cls.trigger).parameters
    except (TypeError, ValueError):
        return False
    return len(parameters) > 1


class Voice:
    """One playing processor with the signals that feed its audio inputs."""

    def __init__(self, processor: Any, channel: int, sample_rate: float) -> None:
        self.processor = processor
        self.channel = int(channel)
        self.sample_rate = float(sample_rate)
        # The hosts' interface: ``input_count`` signal rows (a learner's target is one more).
        n = input_rows(processor)
        self.levels = np.zeros(n, dtype=np.float64)
        self.frequencies = np.zeros(n, dtype=np.float64)
        self.phases = np.zeros(n, dtype=np.float64)

    @property
    def inputs(self) -> int:
        return self.levels.size

    def set_levels(self, values: np.ndarray) -> None:
        self.levels[:] = _per_input(values, self.inputs, "input")

    def set_frequencies(self, values: np.ndarray) -> None:
        freqs = _per_input(values, self.inputs, "oscillator")
        if np.any(freqs < 0) or np.any(freqs > self.sample_rate / 2):
            raise ValueError(f"oscillator: frequencies must be in [0, {self.sample_rate / 2:g}] Hz")
        self.frequencies[:] = freqs

    def render(self, frames: int) -> np.ndarray:
        proc = self.processor
        if self.inputs == 0:
            # A generator: asked for a sample count (the synth's ``process(n)``); one that
            # only takes arrays gets an empty (0, frames) block, the contract's equivalent.
            try:
                out = proc.process(frames)
            except (TypeError, ValueError):
                out = process_rows(proc, np.zeros((0, frames), dtype=np.float32))
            out = np.asarray(out, dtype=np.float32)
        else:
            block = np.empty((self.inputs, frames), dtype=np.float32)
            steps = np.arange(frames, dtype=np.float64)
            for i in range(self.inputs):
                if self.frequencies[i] > 0.0:
                    increment = self.frequencies[i] / self.sample_rate
                    block[i] = np.sin(2.0 * np.pi * (self.phases[i] + increment * steps))
                    # Keep the phase in [0, 1) so long runs do not lose precision.
                    self.phases[i] = (self.phases[i] + increment * frames) % 1.0
                else:
                    block[i] = self.levels[i]
            out = np.asarray(process_rows(proc, block), dtype=np.float32)
        if out.ndim == 2:
            out = out[0]
        mono: np.ndarray = out
        return mono


def _per_input(values: np.ndarray, n: int, what: str) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64).ravel()
    if n == 0:
        raise ValueError(f"{what}: this processor has no audio inputs")
    if values.size == 1:
        values = np.full(n, values[0])
    if values.size != n:
        raise ValueError(f"{what}: expected {n} values (one per input), got {values.size}")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{what}: values must be finite")
    return values


class AudioEngine:
    """Mixes the playing voices into ``channels`` output channels.

    Parameters
    ----------
    sample_rate : float
        In Hz.
    blocksize : int
        Samples per block handed to the backend.
    channels : int
        Output channels.
    lock : threading.RLock, optional
        Shared with the OSC server so parameter changes never land inside a block.
    """

    def __init__(self, sample_rate: float = 48000.0, blocksize: int = 256, channels: int = 2,
                 lock: threading.RLock | None = None) -> None:
        if not 1 <= int(channels) <= 64:
            raise ValueError(f"channels: {channels!r} must be in [1, 64]")
        if not 16 <= int(blocksize) <= 16384:
            raise ValueError(f"blocksize: {blocksize!r} samples must be in [16, 16384]")
        self.sample_rate = float(sample_rate)
        self.blocksize = int(blocksize)
        self.channels = int(channels)
        self.gain = 0.5
        self.voices: dict[str, Voice] = {}
        self.lock = lock if lock is not None else threading.RLock()
        self.backend = "none"
        self._stream: Any = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.blocks_rendered = 0
        self.dropouts = 0

    # -- voices -------------------------------------------------------------------------------
    def play(self, key: str, processor: Any, channel: int = 0) -> Voice:
        if not 0 <= int(channel) < self.channels:
            raise ValueError(f"play: channel {channel!r} must be in [0, {self.channels - 1}]")
        with self.lock:
            voice = self.voices.get(key)
            if voice is None or voice.processor is not processor:
                voice = Voice(processor, channel, self.sample_rate)
                self.voices[key] = voice
            voice.channel = int(channel)
            return voice

    def voice(self, key: str, processor: Any) -> Voice:
        """The voice of ``key`` (created silent, not playing, when absent)."""
        with self.lock:
            voice = self.voices.get(key)
            if voice is None or voice.processor is not processor:
                voice = Voice(processor, -1, self.sample_rate)
                self.voices[key] = voice
            return voice

    def mute(self, key: str) -> None:
        with self.lock:
            voice = self.voices.get(key)
            if voice is not None:
                voice.channel = -1

    def remove(self, key: str) -> None:
        with self.lock:
            self.voices.pop(key, None)

    def set_gain(self, gain: float) -> None:
        gain = float(gain)
        if not (np.isfinite(gain) and 0.0 <= gain <= 4.0):
            raise ValueError(f"gain: {gain!r} must be in [0, 4]")
        self.gain = gain

    # -- rendering ------------------------------------------------------------------------------
    def render(self, frames: int, wait: bool = True) -> np.ndarray:
        """Mix the next ``frames`` samples of every playing voice, shaped (channels, frames).

        With ``wait=False`` (the audio callback) a block that would have to wait for the lock
        (a request being handled) is silence, counted in :attr:`dropouts`: an audio callback
        must never block, and stopping the stream from a request must not deadlock.
        """
        out = np.zeros((self.channels, frames), dtype=np.float32)
        if not self.lock.acquire(blocking=wait):
            self.dropouts += 1
            return out
        try:
            for key, voice in list(self.voices.items()):
                if voice.channel < 0:
                    continue
                try:
                    out[voice.channel] += voice.render(frames)
                except Exception as exc:  # a failing voice must not silence the others
                    log.error("voice %s failed and was muted: %s", key, exc)
                    voice.channel = -1
            self.blocks_rendered += 1
        finally:
            self.lock.release()
        out *= self.gain
        np.nan_to_num(out, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
        np.clip(out, -1.0, 1.0, out=out)
        return out

    # -- backends -------------------------------------------------------------------------------
    def start(self, backend: str = "sounddevice", path: str | Path | None = None) -> None:
        """Start playing. Raises RuntimeError (with the reason) when the backend cannot run."""
        self.stop()
        if backend == "sounddevice":
            try:
                import sounddevice as sd

                def callback(outdata: Any, frames: int, _time: Any,
                             _status: Any) -> None:  # runs in PortAudio's thread
                    outdata[:] = self.render(frames, wait=False).T

                stream = sd.OutputStream(samplerate=self.sample_rate, blocksize=self.blocksize,
                                         channels=self.channels, dtype="float32",
                                         callback=callback)
                stream.start()
            except Exception as exc:  # PortAudioError, OSError (no library), no device
                raise RuntimeError(f"audio: sounddevice cannot open an output: {exc}") from exc
            self._stream = stream
        elif backend == "file":
            if not path or not str(path).lower().endswith(".wav"):
                # Only .wav: a request over the network must not overwrite other files.
                raise RuntimeError("audio: the file backend needs a path ending in .wav")
            import soundfile as sf

            handle = sf.SoundFile(path, "w", samplerate=int(self.sample_rate),
                                  channels=self.channels, subtype="FLOAT")
            self._stop.clear()
            self._thread = threading.Thread(target=self._file_loop, args=(handle,),
                                            name="nrcore-audio-file", daemon=True)
            self._thread.start()
        elif backend != "none":
            raise RuntimeError(f"audio: unknown backend {backend!r}; use sounddevice, file "
                               "or none")
        self.backend = backend

    def _file_loop(self, handle: Any) -> None:
        period = self.blocksize / self.sample_rate
        next_time = time.monotonic()
        try:
            while not self._stop.is_set():
                handle.write(self.render(self.blocksize).T)
                next_time += period
                delay = next_time - time.monotonic()
                if delay > 0:
                    self._stop.wait(delay)
        finally:
            handle.close()

    def stop(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            finally:
                self._stream = None
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=5)
            self._thread = None
        self.backend = "none"

    @property
    def running(self) -> bool:
        return self.backend != "none"
