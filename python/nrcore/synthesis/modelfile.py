"""Safe model files: safetensors weights plus a JSON config, read and written with numpy only.

A model is two files side by side: ``NAME.safetensors`` (the weights) and ``NAME.json`` (the
config: format version, model kind, sample rate, frame hop, architecture sizes, descriptor
normalisation, and a mandatory ``sha256`` over the config and the weights together, see
:func:`model_digest`, so a mismatched, modified or truncated pair is caught).

Everything hostile is refused before it is read, with :class:`ModelFileError`: anything but
a regular file (a device, a FIFO, a socket, a symlink to one of them), a config above
:data:`MAX_CONFIG_BYTES` or weights above :data:`MAX_WEIGHTS_BYTES` (also sparse files of a
huge apparent size: the size is checked before a byte is read, and reads are bounded), JSON
nested deeper than :data:`MAX_JSON_DEPTH`, numbers longer than :data:`MAX_NUMBER_CHARS`,
NaN/Infinity literals, sizes outside :data:`SIZE_BOUNDS` (a ``hop`` of 1e12 would render
for ever) and a reference rate outside :data:`REFERENCE_RATE_RANGE`.

The safetensors format is simple enough to read without the ``safetensors`` package:

* 8 bytes: little-endian unsigned 64-bit length ``N`` of the header;
* ``N`` bytes: a UTF-8 JSON object mapping each tensor name to ``{"dtype", "shape",
  "data_offsets": [begin, end]}`` (offsets relative to the data buffer), plus an optional
  ``"__metadata__"`` object of string to string;
* the data buffer: every tensor's bytes, little-endian, row-major, back to back.

Nothing here unpickles or executes anything from a file: a pickle or a ``torch.save`` zip is
recognised by its first bytes and refused with a clear :class:`ModelFileError`.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import stat as stat_module
import struct
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np

#: Version of the JSON config layout; files with another version are refused.
FORMAT_VERSION = 2
#: Header sizes above this are refused before anything is allocated.
MAX_HEADER_BYTES = 1_000_000
#: Largest weights file read (the shipped models are below 5 MB).
MAX_WEIGHTS_BYTES = 64 * 1024 * 1024
#: Largest config file read.
MAX_CONFIG_BYTES = 256 * 1024
#: Deepest JSON nesting accepted (configs are 3 levels deep).
MAX_JSON_DEPTH = 16
#: Longest number literal accepted in a JSON config or header.
MAX_NUMBER_CHARS = 40
#: safetensors dtype names this reader accepts, with their numpy little-endian equivalents.
DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2",
          "I8": "i1", "U8": "u1"}
DESCRIPTOR_COUNT = 7
#: Allowed reference (analysis) rates in Hz.
REFERENCE_RATE_RANGE = (8000.0, 192000.0)
#: Allowed integer sizes per model kind: anything outside is refused before any weight is read
#: (a hop of 1e12 would make a frame last for ever, a huge hidden size allocate gigabytes).
SIZE_BOUNDS: dict[str, dict[str, tuple[int, int]]] = {
    "nsf": {"hop": (64, 4096), "hidden": (1, 1024), "n_harmonics": (1, 128),
            "noise_bands": (2, 256), "n_modes": (1, 128)},
    "vae": {"hop": (64, 4096), "frames": (1, 1024), "hidden": (1, 4096), "latent": (1, 256)},
}
MODELS_DIR = Path(__file__).parent / "models"


class ModelFileError(ValueError):
    """A model file is missing, corrupt, foreign or does not fit its config."""


# -- reading files safely ------------------------------------------------------------------------
def read_bounded(path: str | Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, checked before reading.

    Refuses (:class:`ModelFileError`) a missing file, anything but a regular file (devices,
    FIFOs, sockets, directories, symlinks to any of them: the check follows links and is
    repeated on the opened descriptor, which is opened non-blocking so a FIFO cannot hang
    the loader) and files larger than ``limit`` (sparse giants included: the apparent size
    counts). A file that grows while being read is refused too.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    _check_regular(info, path, what, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    try:
        _check_regular(os.fstat(fd), path, what, limit)
        chunks = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    finally:
        os.close(fd)
    if total > limit:
        raise ModelFileError(f"{path}: the {what} grew beyond {limit} bytes while being read")
    return b"".join(chunks)


def _check_regular(info: os.stat_result, path: Path, what: str, limit: int) -> None:
    mode = info.st_mode
    if not stat_module.S_ISREG(mode):
        kind = ("a directory" if stat_module.S_ISDIR(mode) else "a FIFO" if stat_module.S_ISFIFO(
            mode) else "a device" if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode)
            else "a socket" if stat_module.S_ISSOCK(mode) else "not a regular file")
        raise ModelFileError(f"{path}: the {what} is {kind}; only regular files are read")
    if info.st_size > limit:
        raise ModelFileError(f"{path}: the {what} is {info.st_size} bytes, more than the "
                             f"{limit} allowed (a model file is a few MB)")


def _no_constant(name: str) -> Any:
    raise ModelFileError(f"{name} is not allowed in a model file (finite numbers only)")


def _bounded_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise ModelFileError(f"a number of {len(text)} digits (at most {MAX_NUMBER_CHARS})")
    return int(text)


def _bounded_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise ModelFileError(f"a number of {len(text)} characters (at most "
                             f"{MAX_NUMBER_CHARS})")
    value = float(text)
    if not math.isfinite(value):
        raise ModelFileError(f"the number {text[:20]} overflows (finite numbers only)")
    return value


def json_depth(text: str) -> int:
    """Deepest nesting of arrays/objects in a JSON text (brackets inside strings ignored)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_json(raw: bytes, path: Path, what: str) -> Any:
    """Parse a model file's JSON with bounded nesting and numbers; :class:`ModelFileError`
    for anything malformed or hostile."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelFileError(f"{path}: the {what} is not valid UTF-8 ({exc})") from None
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise ModelFileError(f"{path}: the {what} nests {depth} levels deep (at most "
                             f"{MAX_JSON_DEPTH})")
    try:
        return json.loads(text, parse_int=_bounded_int, parse_float=_bounded_float,
                          parse_constant=_no_constant)
    except ModelFileError as exc:
        raise ModelFileError(f"{path}: the {what}: {exc}") from None
    except (json.JSONDecodeError, ValueError, RecursionError) as exc:
        raise ModelFileError(f"{path}: the {what} is not valid JSON ({exc})") from None


# -- safetensors ---------------------------------------------------------------------------------
def _refuse_foreign(head: bytes, path: Path) -> None:
    if head[:1] == b"\x80" and len(head) > 1 and head[1:2] in b"\x02\x03\x04\x05":
        raise ModelFileError(f"{path}: this is a Python pickle; pickles can run code and are "
                             "never loaded. Convert the model to safetensors + JSON.")
    if head[:2] == b"PK":
        raise ModelFileError(f"{path}: this is a zip archive (a torch.save checkpoint holds "
                             "pickles); it is never loaded. Export safetensors + JSON instead.")


def read_safetensors(path: str | Path, limit: int = MAX_WEIGHTS_BYTES
                     ) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """Read every tensor of a safetensors file into numpy arrays, validating the layout.

    Parameters
    ----------
    path : str or Path
        The ``.safetensors`` file.
    limit : int
        Largest file size read, in bytes (checked before reading, see :func:`read_bounded`).

    Returns
    -------
    tensors : dict of str to ndarray
        Each tensor as a native-endian copy (safe to keep after the file changes).
    metadata : dict of str to str
        The ``__metadata__`` entry (empty if absent).

    Raises
    ------
    ModelFileError
        If the file is missing, truncated, a pickle/zip, has a malformed header, an unknown
        dtype, offsets outside the buffer, overlapping or gapped tensors, or shapes that do not
        match the byte counts.
    """
    path = Path(path)
    return _parse_safetensors(read_bounded(path, limit, "weights file"), path)


def _parse_safetensors(blob: bytes, path: Path
                       ) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    _refuse_foreign(blob[:8], path)
    if len(blob) < 8:
        raise ModelFileError(f"{path}: truncated: {len(blob)} bytes, not even a header length")
    (header_len,) = struct.unpack("<Q", blob[:8])
    if header_len > MAX_HEADER_BYTES or 8 + header_len > len(blob):
        raise ModelFileError(f"{path}: header length {header_len} does not fit the file of "
                             f"{len(blob)} bytes (truncated or not a safetensors file)")
    header = parse_json(blob[8:8 + header_len], path, "header")
    if not isinstance(header, dict):
        raise ModelFileError(f"{path}: the header is not a JSON object")
    data = memoryview(blob)[8 + header_len:]
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        raise ModelFileError(f"{path}: __metadata__ must map strings to strings")
    spans = []
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if not isinstance(info, dict) or set(info) != {"dtype", "shape", "data_offsets"}:
            raise ModelFileError(f"{path}: tensor {name!r}: entry must have exactly dtype, "
                                 "shape and data_offsets")
        dtype = info["dtype"]
        if dtype not in DTYPES:
            raise ModelFileError(f"{path}: tensor {name!r}: unsupported dtype {dtype!r}; "
                                 f"allowed: {', '.join(DTYPES)}")
        shape = info["shape"]
        offsets = info["data_offsets"]
        if (not isinstance(shape, list) or not all(isinstance(s, int) and s >= 0 for s in shape)
                or not isinstance(offsets, list) or len(offsets) != 2
                or not all(isinstance(o, int) for o in offsets)):
            raise ModelFileError(f"{path}: tensor {name!r}: malformed shape or data_offsets")
        begin, end = offsets
        np_dtype = np.dtype(DTYPES[dtype])
        if not 0 <= begin <= end <= len(data):
            raise ModelFileError(f"{path}: tensor {name!r}: bytes [{begin}, {end}) lie outside "
                                 f"the {len(data)}-byte data buffer (truncated file?)")
        if math.prod(shape) * np_dtype.itemsize != end - begin:
            raise ModelFileError(f"{path}: tensor {name!r}: shape {shape} of {dtype} needs "
                                 f"{math.prod(shape) * np_dtype.itemsize} bytes, the file "
                                 f"gives {end - begin}")
        spans.append((begin, end, name))
        tensors[name] = np.frombuffer(data[begin:end], dtype=np_dtype).reshape(shape).astype(
            np_dtype.newbyteorder("="), copy=True)
    spans.sort()
    position = 0
    for begin, end, name in spans:
        if begin != position:
            raise ModelFileError(f"{path}: tensor {name!r} starts at byte {begin}, expected "
                                 f"{position}: tensors overlap or leave gaps")
        position = end
    if position != len(data):
        raise ModelFileError(f"{path}: {len(data) - position} bytes after the last tensor")
    return tensors, {str(k): str(v) for k, v in metadata.items()}


def write_safetensors(path: str | Path, tensors: Mapping[str, np.ndarray],
                      metadata: Mapping[str, str] | None = None) -> None:
    """Write arrays as a safetensors file (sorted names, 8-byte aligned header).

    Parameters
    ----------
    path : str or Path
        Destination file.
    tensors : mapping of str to ndarray
        Arrays of a dtype in :data:`DTYPES`; written little-endian, row-major.
    metadata : mapping of str to str, optional
        Stored as ``__metadata__``.
    """
    reverse = {np.dtype(v).str.lstrip("<>|="): k for k, v in DTYPES.items()}
    header: dict[str, Any] = {}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        arr = np.asarray(tensors[name])
        key = arr.dtype.str.lstrip("<>|=")
        if key not in reverse:
            raise ModelFileError(f"tensor {name!r}: dtype {arr.dtype} cannot be stored")
        raw = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": reverse[key], "shape": list(arr.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(text)) + text + b"".join(chunks))


# -- configs -------------------------------------------------------------------------------------
@dataclass
class NSFConfig:
    """Architecture and conditioning of the descriptor-driven synth (harmonic + modal +
    filter-bank noise, :mod:`nrcore.synthesis.training.nsf_model`).

    Frames are defined in time, not samples: frame ``i`` is centred at ``i * hop /
    reference_rate`` seconds (librosa's ``center=True`` framing at the analysis rate), so the
    same model renders at any host sample rate.
    """

    kind: str = "nsf"
    format_version: int = FORMAT_VERSION
    reference_rate: float = 44100.0
    hop: int = 512
    hidden: int = 128
    n_harmonics: int = 20
    noise_bands: int = 64
    n_modes: int = 16
    band_fmin: float = 30.0
    band_fmax: float = 18000.0
    descriptor_mean: list[float] = field(default_factory=lambda: [0.0] * DESCRIPTOR_COUNT)
    descriptor_std: list[float] = field(default_factory=lambda: [1.0] * DESCRIPTOR_COUNT)
    training: dict[str, Any] = field(default_factory=dict)

    @property
    def frame_rate(self) -> float:
        """Frames per second."""
        return self.reference_rate / self.hop

    @property
    def n_controls(self) -> int:
        """Width of the frame network's output: the 3-way mix, harmonic logits, band logits,
        mode frequency offsets and mode logits."""
        return 3 + self.n_harmonics + self.noise_bands + 2 * self.n_modes


@dataclass
class VAEConfig:
    """A VAE over fixed-length descriptor curves (7 descriptors x ``frames``)."""

    kind: str = "vae"
    format_version: int = FORMAT_VERSION
    reference_rate: float = 44100.0
    hop: int = 512
    frames: int = 64
    hidden: int = 256
    latent: int = 8
    descriptor_mean: list[float] = field(default_factory=lambda: [0.0] * DESCRIPTOR_COUNT)
    descriptor_std: list[float] = field(default_factory=lambda: [1.0] * DESCRIPTOR_COUNT)
    training: dict[str, Any] = field(default_factory=dict)


CONFIG_CLASSES = {"nsf": NSFConfig, "vae": VAEConfig}


def expected_shapes(config: NSFConfig | VAEConfig) -> dict[str, tuple[int, ...]]:
    """The exact tensor names and shapes a model of this config must contain."""
    if isinstance(config, NSFConfig):
        h = config.hidden
        return {
            "inp.weight": (h, DESCRIPTOR_COUNT), "inp.bias": (h,),
            "gru.weight_ih_l0": (3 * h, h), "gru.weight_hh_l0": (3 * h, h),
            "gru.bias_ih_l0": (3 * h,), "gru.bias_hh_l0": (3 * h,),
            "out.weight": (config.n_controls, h), "out.bias": (config.n_controls,),
        }
    d = DESCRIPTOR_COUNT * config.frames
    h, z = config.hidden, config.latent
    return {
        "enc1.weight": (h, d), "enc1.bias": (h,), "enc2.weight": (h, h), "enc2.bias": (h,),
        "enc_mu.weight": (z, h), "enc_mu.bias": (z,), "enc_logvar.weight": (z, h),
        "enc_logvar.bias": (z,), "dec1.weight": (h, z), "dec1.bias": (h,),
        "dec2.weight": (h, h), "dec2.bias": (h,), "dec_out.weight": (d, h), "dec_out.bias": (d,),
    }


def _config_from_json(data: Any, path: Path) -> NSFConfig | VAEConfig:
    try:
        return _validated_config(data, path)
    except ModelFileError:
        raise
    except (TypeError, ValueError) as exc:
        raise ModelFileError(f"{path}: malformed config value ({exc})") from None


def _validated_config(data: Any, path: Path) -> NSFConfig | VAEConfig:
    if not isinstance(data, dict):
        raise ModelFileError(f"{path}: the config is not a JSON object")
    if data.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(f"{path}: format_version {data.get('format_version')!r} is not "
                             f"supported (this nrcore reads version {FORMAT_VERSION})")
    kind = data.get("kind")
    if kind not in CONFIG_CLASSES:
        raise ModelFileError(f"{path}: kind {kind!r} is not one of {', '.join(CONFIG_CLASSES)}")
    cls: Any = CONFIG_CLASSES[kind]
    known = set(cls.__dataclass_fields__)
    extra = set(data) - known - {"sha256"}
    if extra:
        raise ModelFileError(f"{path}: unknown config keys: {', '.join(sorted(extra))}")
    values = {k: v for k, v in data.items() if k in known}
    config: NSFConfig | VAEConfig = cls(**values)
    for name, f in cls.__dataclass_fields__.items():
        value = getattr(config, name)
        if f.type in ("int",) and (not isinstance(value, int) or isinstance(value, bool)
                                   or value <= 0):
            raise ModelFileError(f"{path}: {name} must be a positive integer, got {value!r}")
    if not isinstance(config.training, dict):
        raise ModelFileError(f"{path}: training must be a JSON object")
    for name in ("band_fmin", "band_fmax"):
        value = getattr(config, name, 1.0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
                value):
            raise ModelFileError(f"{path}: {name} must be a finite number, got {value!r}")
    if not (isinstance(config.reference_rate, (int, float))
            and REFERENCE_RATE_RANGE[0] <= config.reference_rate <= REFERENCE_RATE_RANGE[1]):
        raise ModelFileError(f"{path}: reference_rate {config.reference_rate!r} Hz is outside "
                             f"[{REFERENCE_RATE_RANGE[0]:g}, {REFERENCE_RATE_RANGE[1]:g}]")
    bounds = SIZE_BOUNDS[config.kind]
    for name, (lo, hi) in bounds.items():
        value = getattr(config, name)
        if not lo <= value <= hi:
            raise ModelFileError(f"{path}: {name} {value!r} is outside [{lo}, {hi}]")
    for name in ("descriptor_mean", "descriptor_std"):
        arr = np.asarray(getattr(config, name), dtype=np.float64)
        if arr.shape != (DESCRIPTOR_COUNT,) or not np.all(np.isfinite(arr)):
            raise ModelFileError(f"{path}: {name} must be {DESCRIPTOR_COUNT} finite numbers")
    if np.any(np.asarray(config.descriptor_std) <= 0):
        raise ModelFileError(f"{path}: descriptor_std must be positive")
    if isinstance(config, NSFConfig):
        if not 1.0 <= config.band_fmin < config.band_fmax <= 24000.0:
            raise ModelFileError(f"{path}: need 1 <= band_fmin < band_fmax <= 24000 Hz, got "
                                 f"{config.band_fmin!r}, {config.band_fmax!r}")
    return config


def config_to_json(config: NSFConfig | VAEConfig) -> dict[str, Any]:
    return asdict(config)


def save_model(stem: str | Path, config: NSFConfig | VAEConfig,
               tensors: Mapping[str, np.ndarray]) -> tuple[Path, Path]:
    """Write ``STEM.safetensors`` and ``STEM.json``; checks names and shapes first.

    Returns
    -------
    (weights_path, config_path)
    """
    stem = Path(stem)
    _check_tensors(tensors, config, stem)
    weights = stem.with_suffix(".safetensors")
    cfg_path = stem.with_suffix(".json")
    arrays = {k: np.asarray(v, dtype=np.float32) for k, v in tensors.items()}
    write_safetensors(weights, arrays, {"format": "nrcore", "kind": config.kind})
    data = config_to_json(config)
    data["sha256"] = model_digest(data, weights.read_bytes())
    cfg_path.write_text(json.dumps(data, indent=2) + "\n")
    return weights, cfg_path


def model_digest(config: Mapping[str, Any], weights: bytes) -> str:
    """SHA-256 (hex) over the config and the weights together: the canonical JSON of every
    config key except ``sha256`` (sorted keys, no spaces, ASCII), a zero byte, then the
    weights file's bytes. Changing either file, or pairing files of two models, changes it."""
    body = {k: v for k, v in config.items() if k != "sha256"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    digest = hashlib.sha256(canonical.encode("ascii"))
    digest.update(b"\0")
    digest.update(weights)
    return digest.hexdigest()


def rehash(path: str | Path) -> Path:
    """Rewrite a model's config with the digest of its current config and weights (after
    an intended edit of the config); the model must otherwise load. Returns the config path."""
    path = Path(path)
    if path.suffix in (".json", ".safetensors"):
        path = path.with_suffix("")
    cfg_path = path.with_suffix(".json")
    data = parse_json(read_bounded(cfg_path, MAX_CONFIG_BYTES, "config"), cfg_path, "config")
    if not isinstance(data, dict):
        raise ModelFileError(f"{cfg_path}: the config is not a JSON object")
    data.pop("weights_sha256", None)
    weights = read_bounded(path.with_suffix(".safetensors"), MAX_WEIGHTS_BYTES, "weights file")
    data["sha256"] = model_digest(data, weights)
    cfg_path.write_text(json.dumps(data, indent=2) + "\n")
    load_model(path)
    return cfg_path


def _check_tensors(tensors: Mapping[str, np.ndarray], config: NSFConfig | VAEConfig,
                   where: Path) -> None:
    expected = expected_shapes(config)
    missing = sorted(set(expected) - set(tensors))
    extra = sorted(set(tensors) - set(expected))
    if missing or extra:
        raise ModelFileError(f"{where}: wrong tensor names for a {config.kind} model; missing: "
                             f"{missing or 'none'}; unexpected: {extra or 'none'}")
    for name, shape in expected.items():
        got = tuple(np.shape(tensors[name]))
        if got != shape:
            raise ModelFileError(f"{where}: tensor {name!r} has shape {got}, the config "
                                 f"needs {shape}")
        if not np.all(np.isfinite(tensors[name])):
            raise ModelFileError(f"{where}: tensor {name!r} holds NaN or inf")


def load_model(path: str | Path, kind: str | None = None
               ) -> tuple[NSFConfig | VAEConfig, dict[str, np.ndarray]]:
    """Load and validate a model: ``path`` may be the stem, the ``.json`` or the ``.safetensors``.

    Parameters
    ----------
    path : str or Path
        Either file of the pair, or their common stem.
    kind : {"nsf", "vae"}, optional
        Refuse a model of another kind.

    Returns
    -------
    config, tensors
        Tensors as float64 arrays (the runtime computes in double precision).

    Raises
    ------
    ModelFileError
        Missing/corrupt/foreign files, a config that does not validate, a weights file whose
        SHA-256 differs from the config's, or tensors whose names or shapes do not fit.
    """
    path = Path(path)
    if path.suffix in (".json", ".safetensors"):
        path = path.with_suffix("")
    cfg_path = path.with_suffix(".json")
    weights_path = path.with_suffix(".safetensors")
    raw = read_bounded(cfg_path, MAX_CONFIG_BYTES, "config")
    _refuse_foreign(raw[:8], cfg_path)
    data = parse_json(raw, cfg_path, "config")
    config = _config_from_json(data, cfg_path)
    if kind is not None and config.kind != kind:
        raise ModelFileError(f"{cfg_path}: a {config.kind} model, expected {kind}")
    digest = data.get("sha256")
    if not (isinstance(digest, str) and len(digest) == 64):
        raise ModelFileError(f"{cfg_path}: no sha256 of config and weights (mandatory; "
                             "nrcore.synthesis.modelfile.rehash writes it)")
    blob = read_bounded(weights_path, MAX_WEIGHTS_BYTES, "weights file")
    _refuse_foreign(blob[:8], weights_path)
    actual = model_digest(data, blob)
    if actual != digest:
        raise ModelFileError(f"{weights_path}: SHA-256 of config and weights {actual[:12]}... "
                             f"differs from the config's {digest[:12]}...: wrong, modified or "
                             "mismatched files")
    tensors, _ = _parse_safetensors(blob, weights_path)
    _check_tensors(tensors, config, weights_path)
    return config, {k: v.astype(np.float64) for k, v in tensors.items()}


def shipped_model(name: str) -> Path:
    """Path stem of a model shipped in ``nrcore/synthesis/models`` (``"nsf_small"``, ``"vae_small"``)."""
    stem = MODELS_DIR / name
    if not stem.with_suffix(".json").exists():
        available = sorted(p.stem for p in MODELS_DIR.glob("*.json"))
        raise ModelFileError(f"no shipped model {name!r}; available: {available or 'none'}")
    return stem
