"""Safe model files: safetensors weights plus a JSON config, read and written with numpy only.

A model is two files side by side: ``NAME.safetensors`` (the weights) and ``NAME.json`` (the
config: format version, model kind, sample rate, frame hop, architecture sizes, descriptor
normalisation, and the SHA-256 of the weights file so a mismatched or truncated pair is caught).

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
import struct
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np

#: Version of the JSON config layout; files with another version are refused.
FORMAT_VERSION = 1
#: Header sizes above this are refused before anything is allocated (the spec's own limit).
MAX_HEADER_BYTES = 100_000_000
#: safetensors dtype names this reader accepts, with their numpy little-endian equivalents.
DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2",
          "I8": "i1", "U8": "u1"}
DESCRIPTOR_COUNT = 7
MODELS_DIR = Path(__file__).parent / "models"


class ModelFileError(ValueError):
    """A model file is missing, corrupt, foreign or does not fit its config."""


# -- safetensors ---------------------------------------------------------------------------------
def _refuse_foreign(head: bytes, path: Path) -> None:
    if head[:1] == b"\x80" and len(head) > 1 and head[1:2] in b"\x02\x03\x04\x05":
        raise ModelFileError(f"{path}: this is a Python pickle; pickles can run code and are "
                             "never loaded. Convert the model to safetensors + JSON.")
    if head[:2] == b"PK":
        raise ModelFileError(f"{path}: this is a zip archive (a torch.save checkpoint holds "
                             "pickles); it is never loaded. Export safetensors + JSON instead.")


def read_safetensors(path: str | Path) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """Read every tensor of a safetensors file into numpy arrays, validating the layout.

    Parameters
    ----------
    path : str or Path
        The ``.safetensors`` file.

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
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read the weights file ({exc.strerror})") from None
    _refuse_foreign(blob[:8], path)
    if len(blob) < 8:
        raise ModelFileError(f"{path}: truncated: {len(blob)} bytes, not even a header length")
    (header_len,) = struct.unpack("<Q", blob[:8])
    if header_len > MAX_HEADER_BYTES or 8 + header_len > len(blob):
        raise ModelFileError(f"{path}: header length {header_len} does not fit the file of "
                             f"{len(blob)} bytes (truncated or not a safetensors file)")
    try:
        header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path}: the header is not valid UTF-8 JSON ({exc})") from None
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
    """Architecture and conditioning of the descriptor-driven Sinc-NSF model.

    Frames are defined in time, not samples: frame ``i`` is centred at ``i * hop /
    reference_rate`` seconds (librosa's ``center=True`` framing at the analysis rate), so the
    same model renders at any host sample rate.
    """

    kind: str = "nsf"
    format_version: int = FORMAT_VERSION
    reference_rate: float = 44100.0
    hop: int = 512
    hidden: int = 64
    n_harmonics: int = 16
    sinc_taps: int = 41
    noise_bands: int = 4
    shaper_units: int = 4
    band_fmin: float = 20.0
    band_fmax: float = 20000.0
    descriptor_mean: list = field(default_factory=lambda: [0.0] * DESCRIPTOR_COUNT)
    descriptor_std: list = field(default_factory=lambda: [1.0] * DESCRIPTOR_COUNT)
    training: dict = field(default_factory=dict)

    @property
    def frame_rate(self) -> float:
        """Frames per second."""
        return self.reference_rate / self.hop

    @property
    def n_controls(self) -> int:
        """Width of the frame network's output: harmonic gain and distribution, per-band
        noise gain, low cutoff and width, and the neural waveshaper's gains."""
        return 1 + self.n_harmonics + 3 * self.noise_bands + self.shaper_units


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
    descriptor_mean: list = field(default_factory=lambda: [0.0] * DESCRIPTOR_COUNT)
    descriptor_std: list = field(default_factory=lambda: [1.0] * DESCRIPTOR_COUNT)
    training: dict = field(default_factory=dict)


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
            "shaper_slopes": (config.shaper_units,),
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
    cls = CONFIG_CLASSES[kind]
    known = set(cls.__dataclass_fields__)
    extra = set(data) - known - {"weights_sha256"}
    if extra:
        raise ModelFileError(f"{path}: unknown config keys: {', '.join(sorted(extra))}")
    values = {k: v for k, v in data.items() if k in known}
    config = cls(**values)
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
            and 1000.0 <= config.reference_rate <= 384000.0):
        raise ModelFileError(f"{path}: reference_rate {config.reference_rate!r} Hz is outside "
                             "[1000, 384000]")
    for name in ("descriptor_mean", "descriptor_std"):
        arr = np.asarray(getattr(config, name), dtype=np.float64)
        if arr.shape != (DESCRIPTOR_COUNT,) or not np.all(np.isfinite(arr)):
            raise ModelFileError(f"{path}: {name} must be {DESCRIPTOR_COUNT} finite numbers")
    if np.any(np.asarray(config.descriptor_std) <= 0):
        raise ModelFileError(f"{path}: descriptor_std must be positive")
    if isinstance(config, NSFConfig):
        if config.sinc_taps % 2 == 0 or config.sinc_taps > 1023:
            raise ModelFileError(f"{path}: sinc_taps must be odd and at most 1023, got "
                                 f"{config.sinc_taps}")
        if not 0.0 < config.band_fmin < config.band_fmax:
            raise ModelFileError(f"{path}: need 0 < band_fmin < band_fmax")
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
    data["weights_sha256"] = hashlib.sha256(weights.read_bytes()).hexdigest()
    cfg_path.write_text(json.dumps(data, indent=2) + "\n")
    return weights, cfg_path


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
    try:
        raw = cfg_path.read_bytes()
    except OSError as exc:
        raise ModelFileError(f"{cfg_path}: cannot read the config ({exc.strerror})") from None
    _refuse_foreign(raw[:8], cfg_path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{cfg_path}: not valid UTF-8 JSON ({exc})") from None
    config = _config_from_json(data, cfg_path)
    if kind is not None and config.kind != kind:
        raise ModelFileError(f"{cfg_path}: a {config.kind} model, expected {kind}")
    tensors, _ = read_safetensors(weights_path)
    digest = data.get("weights_sha256")
    if digest is not None:
        actual = hashlib.sha256(weights_path.read_bytes()).hexdigest()
        if actual != digest:
            raise ModelFileError(f"{weights_path}: SHA-256 {actual[:12]}... differs from the "
                                 f"config's {str(digest)[:12]}...: wrong or modified weights")
    _check_tensors(tensors, config, weights_path)
    return config, {k: v.astype(np.float64) for k, v in tensors.items()}


def shipped_model(name: str) -> Path:
    """Path stem of a model shipped in ``nrcore/synthesis/models`` (``"nsf_small"``, ``"vae_small"``)."""
    stem = MODELS_DIR / name
    if not stem.with_suffix(".json").exists():
        available = sorted(p.stem for p in MODELS_DIR.glob("*.json"))
        raise ModelFileError(f"no shipped model {name!r}; available: {available or 'none'}")
    return stem
