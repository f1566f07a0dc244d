"""Impact sounds to train on: a procedural corpus written to disk, and a user's folder loaded.

:func:`generate_corpus` writes seeded impacts from :mod:`nrcore.synthesis.data.impacts` as WAV files plus an
``index.json`` that reproduces each one. :func:`load_folder` reads WAV, FLAC and AIFF files (via
soundfile), mixes to mono, resamples (:func:`nrcore.synthesis.data.resample.resample`), trims silence and
normalises the peak.

Descriptor curves (:mod:`nrcore.descriptors`) of loaded sounds are cached as ``.npz`` files,
either beside the audio or in a cache folder, keyed by a hash of the audio content and of the
analysis settings, so a changed file or a changed setting never returns stale curves.
"""
from __future__ import annotations

import hashlib
import json
import math
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from nrcore.synthesis.data.impacts import (CORPUS_VERSION, IMPACT_HELP, IMPACT_KINDS, _check_kind, _check_seed,
                      _check_sr, corpus_item_seed, generate_impact)
from nrcore.synthesis.data.resample import resample

__all__ = ["AUDIO_SUFFIXES", "CORPUS_VERSION", "IMPACT_HELP", "IMPACT_KINDS", "Impact",
           "cached_descriptors", "corpus_item_seed", "descriptor_cache_key",
           "descriptor_cache_path", "generate_corpus", "generate_impact", "load_audio",
           "load_folder", "prepare_impact", "resample"]


#: Audio file suffixes :func:`load_folder` reads (case-insensitive).
AUDIO_SUFFIXES: tuple[str, ...] = (".wav", ".flac", ".aif", ".aiff", ".aifc")


def generate_corpus(
    out_dir: str | Path,
    n: int,
    seed: int = 0,
    sr: int = 44100,
    *,
    duration: float = 1.0,
    kinds: Sequence[str] | None = None,
    subtype: str = "PCM_24",
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write ``n`` impacts as WAV files plus ``index.json`` into ``out_dir``.

    Kinds are taken in turn (``i % len(kinds)``), so every kind is equally represented; each
    file's own seed is derived from ``(seed, i)`` and recorded in the index, so
    ``generate_impact(item["kind"], item["seed"], sr, duration)`` reproduces any file.

    Parameters
    ----------
    out_dir : str or Path
        Folder to write into (created if missing). Existing files of the same names are replaced.
    n : int
        Number of sounds (1 or more).
    seed : int
        Corpus seed (non-negative).
    sr : int
        Sample rate in Hz.
    duration : float
        Length of every sound in seconds.
    kinds : sequence of str, optional
        Subset of :data:`IMPACT_KINDS` to draw from (default: all).
    subtype : str
        soundfile subtype, e.g. ``"PCM_24"`` (default), ``"PCM_16"`` or ``"FLOAT"``.
    progress : callable, optional
        Called as ``progress(done, n)`` after each file.

    Returns
    -------
    list of Path
        The WAV files, in index order.
    """
    import soundfile as sf

    n = int(n)
    if n < 1:
        raise ValueError(f"n: {n} sounds requested; need at least 1")
    seed = _check_seed(seed)
    sr = _check_sr(sr)
    chosen = tuple(IMPACT_KINDS if kinds is None else kinds)
    if not chosen:
        raise ValueError("kinds: empty; name at least one of " + ", ".join(IMPACT_KINDS))
    for kind in chosen:
        _check_kind(kind)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(n - 1)))
    paths: list[Path] = []
    items: list[dict[str, Any]] = []
    for i in range(n):
        kind = chosen[i % len(chosen)]
        item_seed = corpus_item_seed(seed, i)
        audio = generate_impact(kind, item_seed, sr=sr, duration=duration)
        path = out / f"{i:0{width}d}_{kind}.wav"
        sf.write(str(path), audio, sr, subtype=subtype)
        paths.append(path)
        items.append({"file": path.name, "kind": kind, "seed": item_seed})
        if progress is not None:
            progress(i + 1, n)
    index = {
        "generator": "nrcore.synthesis.data.corpus",
        "corpus_version": CORPUS_VERSION,
        "seed": seed,
        "sample_rate": sr,
        "duration": float(duration),
        "subtype": subtype,
        "kinds": list(chosen),
        "items": items,
    }
    (out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    return paths


# ----------------------------------------------------------------------------------------------
# loading a folder
# ----------------------------------------------------------------------------------------------
@dataclass(eq=False)
class Impact:
    """One loaded impact sound.

    Attributes
    ----------
    name : str
        Path relative to the loaded folder (POSIX separators).
    path : Path or None
        Source file, or None for audio made in memory.
    audio : numpy.ndarray
        float32 mono samples at ``sr``.
    sr : int
        Sample rate of ``audio`` in Hz.
    source_sr : int
        Sample rate of the file before resampling, in Hz.
    kind : str or None
        The kind, from a corpus ``index.json`` or from a kind name in the file name.
    """

    name: str
    path: Path | None
    audio: np.ndarray
    sr: int
    source_sr: int
    kind: str | None = None
    _descriptor_memo: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @property
    def duration(self) -> float:
        """Length in seconds."""
        seconds: float = self.audio.shape[0] / float(self.sr)
        return seconds

    def descriptors(self, cache_dir: str | Path | None = None, **settings: Any) -> np.ndarray:
        """The (7, frames) descriptor curves, cached (see :func:`cached_descriptors`)."""
        key = descriptor_cache_key(self.audio, self.sr, settings)
        if key not in self._descriptor_memo:
            beside = None if cache_dir is not None or self.path is None else self.path
            self._descriptor_memo[key] = cached_descriptors(
                self.audio, self.sr, cache_dir=cache_dir, beside=beside, **settings
            )
        return self._descriptor_memo[key]


def load_audio(path: str | Path) -> tuple[np.ndarray, int]:
    """Read an audio file as float32 mono (channels averaged) and its sample rate in Hz.

    Raises ValueError naming the file if it cannot be decoded, is empty or holds NaN/inf.
    """
    import soundfile as sf

    path = Path(path)
    try:
        data, sr = sf.read(str(path), dtype="float32", always_2d=True)
    except Exception as error:  # soundfile raises LibsndfileError, RuntimeError, TypeError...
        raise ValueError(f"{path}: cannot read audio ({error})") from None
    if data.shape[0] == 0:
        raise ValueError(f"{path}: holds no samples")
    mono = data.mean(axis=1, dtype=np.float64).astype(np.float32)
    if not np.all(np.isfinite(mono)):
        raise ValueError(f"{path}: holds NaN or infinite samples")
    return mono, int(sr)


def prepare_impact(
    audio: np.ndarray,
    source_sr: int,
    sr: int,
    *,
    trim_db: float | None = -60.0,
    peak_db: float | None = -1.0,
    preroll_ms: float = 1.0,
    max_duration: float | None = None,
) -> np.ndarray:
    """Resample, trim and normalise one mono sound (what :func:`load_folder` does per file).

    Parameters
    ----------
    audio : numpy.ndarray
        1-D samples at ``source_sr``.
    source_sr, sr : int
        Sample rates in Hz, before and after.
    trim_db : float or None
        Silence threshold in dB relative to the peak: everything before the first and after the
        last sample louder than this is cut. None keeps everything.
    peak_db : float or None
        Peak level after normalisation in dBFS (at most 0). None keeps the level.
    preroll_ms : float
        Milliseconds kept before the first sample above the threshold.
    max_duration : float or None
        Longest result in seconds (longer sounds are cut and faded over 10 ms).

    Returns
    -------
    numpy.ndarray
        float32 samples at ``sr``; all zeros stay all zeros.
    """
    if not (math.isfinite(preroll_ms) and preroll_ms >= 0.0):
        raise ValueError(f"preroll_ms: {preroll_ms!r} ms must be 0 or more")
    y = np.asarray(audio, dtype=np.float32)
    if int(source_sr) != int(sr):
        y = resample(y, source_sr, sr)
    peak = float(np.max(np.abs(y))) if y.shape[0] else 0.0
    if trim_db is not None and peak > 0.0:
        if trim_db >= 0.0:
            raise ValueError(f"trim_db: {trim_db} dB must be below 0 dB")
        loud = np.flatnonzero(np.abs(y) > peak * 10.0 ** (trim_db / 20.0))
        start = max(0, int(loud[0]) - int(round(preroll_ms * 1e-3 * sr)))
        y = y[start : int(loud[-1]) + 1]
    if max_duration is not None:
        limit = int(round(max_duration * sr))
        if limit < 1:
            raise ValueError(f"max_duration: {max_duration} s is shorter than one sample")
        if y.shape[0] > limit:
            y = y[:limit].copy()
            fade = min(limit, int(round(0.01 * sr)))
            y[limit - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    if peak_db is not None:
        if peak_db > 0.0:
            raise ValueError(f"peak_db: {peak_db} dBFS is above 0 dBFS")
        peak = float(np.max(np.abs(y))) if y.shape[0] else 0.0
        if peak > 0.0:
            y = y * np.float32(10.0 ** (peak_db / 20.0) / peak)
    return np.ascontiguousarray(y, dtype=np.float32)


def load_folder(
    path: str | Path,
    sr: int,
    *,
    recursive: bool = True,
    trim_db: float | None = -60.0,
    peak_db: float | None = -1.0,
    preroll_ms: float = 1.0,
    max_duration: float | None = None,
    min_duration: float = 0.01,
    on_error: str = "raise",
) -> list[Impact]:
    """Load every WAV/FLAC/AIFF impact in a folder: mono, resampled, trimmed, normalised.

    Parameters
    ----------
    path : str or Path
        The folder.
    sr : int
        Sample rate of the loaded audio in Hz.
    recursive : bool
        Also load files in sub-folders.
    trim_db, peak_db, preroll_ms, max_duration :
        See :func:`prepare_impact`.
    min_duration : float
        Sounds shorter than this (seconds, after trimming) are left out with a warning.
    on_error : str
        ``"raise"``: a file that cannot be decoded raises ValueError naming it. ``"skip"``: it is
        left out with a warning.

    Returns
    -------
    list of Impact
        Sorted by relative path. Kinds come from a corpus ``index.json`` in the folder or from a
        kind name (see :data:`IMPACT_KINDS`) in the file name.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ValueError(f"path: {folder} is not a folder")
    sr = _check_sr(sr)
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error: {on_error!r} is not one of raise, skip")
    pattern = "**/*" if recursive else "*"
    files = sorted(
        p for p in folder.glob(pattern) if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES
    )
    kinds = _index_kinds(folder)
    impacts: list[Impact] = []
    for file in files:
        name = file.relative_to(folder).as_posix()
        try:
            raw, source_sr = load_audio(file)
        except ValueError as error:
            if on_error == "raise":
                raise
            warnings.warn(f"skipped {name}: {error}", stacklevel=2)
            continue
        audio = prepare_impact(
            raw,
            source_sr,
            sr,
            trim_db=trim_db,
            peak_db=peak_db,
            preroll_ms=preroll_ms,
            max_duration=max_duration,
        )
        if audio.shape[0] < min_duration * sr:
            warnings.warn(
                f"skipped {name}: {audio.shape[0] / sr:.4f} s after trimming is shorter than "
                f"min_duration {min_duration} s",
                stacklevel=2,
            )
            continue
        kind = kinds.get(name) or _kind_from_name(file.stem)
        impacts.append(Impact(name, file, audio, sr, source_sr, kind))
    return impacts


def _index_kinds(folder: Path) -> dict[str, str]:
    """file name -> kind from a corpus index.json, if the folder has a readable one."""
    index = folder / "index.json"
    if not index.is_file():
        return {}
    try:
        data = json.loads(index.read_text())
        return {
            str(item["file"]): str(item["kind"])
            for item in data.get("items", [])
            if str(item.get("kind")) in IMPACT_KINDS
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        warnings.warn(f"{index}: not a corpus index; kinds taken from file names", stacklevel=3)
        return {}


def _kind_from_name(stem: str) -> str | None:
    tokens = [t for t in "".join(c if c.isalnum() else " " for c in stem.lower()).split()]
    for token in tokens:
        for kind in IMPACT_KINDS:
            if token == kind or token.rstrip("s") == kind:
                return kind
    return None


# ----------------------------------------------------------------------------------------------
# descriptor cache
# ----------------------------------------------------------------------------------------------
#: Bumped whenever a change to nrcore.descriptors changes its output; part of every cache key.
DESCRIPTOR_CACHE_VERSION = 2  # 2: f0 = 0 on silent frames
_CACHE_SUFFIX = ".nrdesc.npz"


def descriptor_cache_key(audio: np.ndarray, sr: int, settings: dict[str, Any] | None = None) -> str:
    """SHA-256 (hex) of the float32 samples, the sample rate and the analysis settings."""
    from nrcore import descriptors

    merged = descriptors.settings(**(settings or {}))
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(audio, dtype="<f4").tobytes())
    digest.update(
        json.dumps(
            {"sr": int(sr), "settings": merged, "version": DESCRIPTOR_CACHE_VERSION},
            sort_keys=True,
        ).encode()
    )
    return digest.hexdigest()


def descriptor_cache_path(
    key: str, *, cache_dir: str | Path | None = None, beside: str | Path | None = None
) -> Path | None:
    """Where the curves of ``key`` are cached: ``cache_dir/KEY.npz`` or ``<beside>.nrdesc.npz``."""
    if cache_dir is not None:
        return Path(cache_dir) / f"{key}.npz"
    if beside is not None:
        beside = Path(beside)
        return beside.with_name(beside.name + _CACHE_SUFFIX)
    return None


def cached_descriptors(
    audio: np.ndarray,
    sr: int,
    *,
    cache_dir: str | Path | None = None,
    beside: str | Path | None = None,
    **settings: Any,
) -> np.ndarray:
    """Descriptor curves of ``audio``, read from the cache when the key matches, else computed.

    The cache file stores the key; a file whose key differs (the audio or the settings changed),
    or that cannot be read, is recomputed and replaced. Cache files are read with
    ``allow_pickle=False``, so a planted pickle is never executed. A cache that cannot be written
    (read-only folder) only costs a warning.

    Parameters
    ----------
    audio : numpy.ndarray
        1-D float32 samples.
    sr : int
        Sample rate in Hz.
    cache_dir : str or Path, optional
        Folder of ``KEY.npz`` files (created if missing). Takes precedence over ``beside``.
    beside : str or Path, optional
        An audio file; the cache is ``<file>.nrdesc.npz`` next to it.
    **settings :
        Passed to :func:`nrcore.descriptors.compute` (``n_fft``, ``hop_length``, ``fmin``,
        ``fmax``).

    Returns
    -------
    numpy.ndarray
        float32 array shaped (7, frames).
    """
    from nrcore import descriptors

    key = descriptor_cache_key(audio, sr, settings)
    where = descriptor_cache_path(key, cache_dir=cache_dir, beside=beside)
    if where is not None and where.is_file():
        try:
            with np.load(where, allow_pickle=False) as stored:
                if str(stored["key"]) == key:
                    curves = np.asarray(stored["curves"], dtype=np.float32)
                    if curves.ndim == 2 and curves.shape[0] == len(descriptors.DESCRIPTOR_NAMES):
                        return curves
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # unreadable or foreign: recompute and overwrite below
    curves = descriptors.compute(audio, sr, **settings)
    if where is not None:
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            tmp = where.with_name(where.name + ".tmp.npz")
            np.savez(tmp, key=np.array(key), curves=curves)
            tmp.replace(where)
        except OSError as error:
            warnings.warn(f"descriptor cache not written to {where}: {error}", stacklevel=2)
    return curves


def subprocess_error() -> type[Exception]:
    """The error a failed fluidsynth run raises."""
    import subprocess

    return subprocess.SubprocessError


def main(argv: Sequence[str] | None = None) -> int:
    """``nrcore corpus OUT_DIR [--n N] [--seed S] [--sr HZ] [--duration S] [--source debian]``."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m nrcore.synthesis.data.corpus", description="Write a procedural impact corpus (WAV + index.json)."
    )
    parser.add_argument("out_dir", help="folder to write into")
    parser.add_argument("--n", type=int, default=500, help="number of sounds (default 500)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--sr", type=int, default=44100, help="sample rate in Hz (default 44100)")
    parser.add_argument("--duration", type=float, default=1.0, help="seconds per sound (default 1)")
    parser.add_argument("--kinds", default=None, help="comma-separated subset of " + ",".join(IMPACT_KINDS))
    parser.add_argument("--source", choices=("procedural", "debian"), default="procedural",
                        help="procedural impacts (default), or real recordings from Debian's "
                        "hydrogen-drumkits and fluid-soundfont-gm (rendered by fluidsynth), "
                        "with licences in the index (see nrcore.synthesis.data.real)")
    parser.add_argument("--heldout", default=None, help="with --source debian: comma-separated "
                        "Hydrogen kit folders never trained on (default ColomboAcousticDrumkit)")
    args = parser.parse_args(argv)
    if args.source == "debian":
        from nrcore.synthesis.data import real

        if not real.HYDROGEN_DIR.is_dir() and not real.FLUID_SF2.is_file():
            parser.error("--source debian: neither hydrogen-drumkits nor fluid-soundfont-gm is "
                         "installed (apt-get install hydrogen-drumkits fluid-soundfont-gm "
                         "fluidsynth)")
        heldout = (real.DEFAULT_HELDOUT if args.heldout is None
                   else tuple(k.strip() for k in args.heldout.split(",") if k.strip()))
        try:
            index = real.build_corpus(args.out_dir, heldout=heldout, max_duration=args.duration,
                                      progress=print)
        except (RuntimeError, OSError, subprocess_error()) as error:
            parser.error(f"--source debian: {error}")
        splits = [it["split"] for it in index["items"]]
        print(f"wrote {splits.count('train')} training and {splits.count('heldout')} held-out "
              f"recordings and index.json to {args.out_dir}")
        return 0
    kinds = None if args.kinds is None else [k.strip() for k in args.kinds.split(",") if k.strip()]
    try:
        paths = generate_corpus(
            args.out_dir, args.n, seed=args.seed, sr=args.sr, duration=args.duration, kinds=kinds
        )
    except ValueError as error:
        parser.error(str(error))
    print(f"wrote {len(paths)} impacts and index.json to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
