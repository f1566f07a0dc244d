"""A training corpus of real recordings from Debian's sound packages, with licences.

Sources (install with ``apt-get install hydrogen-drumkits fluid-soundfont-gm fluidsynth``):

* ``hydrogen-drumkits``: kits under ``/usr/share/hydrogen/data/drumkits/<kit>/drumkit.xml``
  (each instrument names its sample files, one per velocity layer); the licence of each kit
  is read from the package's machine-readable ``copyright`` file
  (``/usr/share/doc/hydrogen-drumkits/copyright``: CC0, CC-BY-3.0, CC-BY-SA-3.0, GPL-2).
* ``fluid-soundfont-gm``: ``FluidR3_GM.sf2`` (MIT licence, Frank Wen), rendered note by note by
  Debian's ``fluidsynth`` (a real SoundFont player; reverb and chorus off): the General MIDI
  drum kits of bank 128 and the melodic percussion programs (0-based 8-15, 47, 112-119).

Every item of the index carries its source, kit or instrument, sound class, licence and
attribution, and a split: ``train`` (licence-clean: CC0, CC-BY, MIT), ``heldout`` (whole kits
never trained on, for ``nrcore eval``) or nothing (share-alike and GPL kits are left out of
the shipped model's data; they are not written unless held out).

Files are written as 44.1 kHz mono 24-bit WAV, trimmed at -60 dB and normalised to -1 dBFS
(:func:`nrcore.synthesis.data.corpus.prepare_impact`), at most ``max_duration`` seconds,
into ``OUT/train/`` and ``OUT/heldout/``, each with its own ``index.json``; ``OUT/index.json``
lists everything.
"""
from __future__ import annotations

import fnmatch
import json
import re
import shutil
import struct
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

HYDROGEN_DIR = Path("/usr/share/hydrogen/data/drumkits")
HYDROGEN_COPYRIGHT = Path("/usr/share/doc/hydrogen-drumkits/copyright")
FLUID_SF2 = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
FLUID_LICENCE = "MIT"
FLUID_ATTRIBUTION = "FluidR3_GM.sf2 by Frank Wen and contributors (MIT), Debian fluid-soundfont-gm"
#: Licences whose terms allow shipping weights trained on the data (attribution in the card).
CLEAN_LICENCES = ("CC0", "CC-BY-3.0", "MIT")
#: Kits held out by default: never trained on, reported by ``nrcore eval``.
DEFAULT_HELDOUT = ("ColomboAcousticDrumkit",)
#: Sound classes reported per class by ``nrcore eval``.
SOUND_CLASSES = ("kick", "snare", "tom", "hihat", "cymbal", "clap", "percussion", "mallet")
#: GM melodic percussion programs (0-based) and their names.
GM_MELODIC = {8: "celesta", 9: "glockenspiel", 10: "music box", 11: "vibraphone",
              12: "marimba", 13: "xylophone", 14: "tubular bells", 15: "dulcimer",
              47: "timpani", 112: "tinkle bell", 113: "agogo", 114: "steel drums",
              115: "woodblock", 116: "taiko drum", 117: "melodic tom", 118: "synth drum",
              119: "reverse cymbal"}
#: FluidR3 drum kits rendered by default (bank 128 presets).
GM_DRUM_KITS = {0: "Standard", 16: "Power", 25: "TR-808", 40: "Brush"}
GM_DRUM_NOTES = range(35, 82)
_REFERENCE_RATE = 44100


def classify(name: str) -> str:
    """Sound class of an instrument from its name (kit instrument or GM drum/program name)."""
    n = name.lower()
    rules = (("cowbell", "percussion"), ("clap", "clap"), ("hand", "clap"), ("kick", "kick"), ("bass drum", "kick"),
             ("bd", "kick"), ("snare", "snare"), ("rim", "snare"), ("stick", "snare"),
             ("sd", "snare"), ("tom", "tom"), ("timpani", "tom"), ("taiko", "tom"),
             ("hat", "hihat"), ("hh", "hihat"), ("crash", "cymbal"), ("ride", "cymbal"),
             ("splash", "cymbal"), ("china", "cymbal"), ("cymbal", "cymbal"),
             ("cym", "cymbal"), ("bell", "mallet"), ("celesta", "mallet"),
             ("glocken", "mallet"), ("music box", "mallet"), ("vibra", "mallet"),
             ("marimba", "mallet"), ("xylo", "mallet"), ("dulcimer", "mallet"),
             ("steel", "mallet"))
    words = re.split(r"[^a-z]+", n)
    compact = "".join(words)
    for key, cls in rules:
        if len(key) <= 3:  # short keys: a whole word, or the start or end of one (tomhi, hihat)
            if any(w == key or (len(w) > len(key) and (w.startswith(key) or w.endswith(key)))
                   for w in words if w):
                return cls
        elif key.replace(" ", "") in compact:
            return cls
    return "percussion"


# -- licences ------------------------------------------------------------------------------------
def hydrogen_licences(copyright_file: str | Path = HYDROGEN_COPYRIGHT
                      ) -> list[tuple[str, str, str]]:
    """``(file pattern, licence, copyright holder)`` stanzas of a DEP-5 copyright file."""
    text = Path(copyright_file).read_text(encoding="utf-8", errors="replace")
    stanzas = []
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += "\n" + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key.strip()] = value.strip()
        if "Files" in fields and "License" in fields:
            licence = fields["License"].splitlines()[0].split()[0]
            holder = fields.get("Copyright", "").replace("\n", " ").strip()
            for pattern in fields["Files"].split():
                stanzas.append((pattern, licence, holder))
    return stanzas


def kit_licence(kit_dir_name: str, stanzas: Sequence[tuple[str, str, str]]
                ) -> tuple[str, str]:
    """Licence and holder of a Hydrogen kit (its ``drumkits/<kit>.h2drumkit`` stanza)."""
    target = f"drumkits/{kit_dir_name}.h2drumkit"
    candidates = [target, f"drumkits/{kit_dir_name.split(' v')[0]}.h2drumkit"]
    for pattern, licence, holder in stanzas:
        if any(fnmatch.fnmatchcase(c, pattern) for c in candidates):
            return licence, holder
    return "unknown", ""


def hydrogen_kits(root: str | Path = HYDROGEN_DIR) -> list[dict[str, Any]]:
    """Every kit under ``root``: name, folder and instruments (name, class, sample files)."""
    kits = []
    for xml in sorted(Path(root).glob("*/drumkit.xml")):
        tree = ET.parse(xml)
        strip = re.compile(r"\{.*\}")
        root_el = tree.getroot()
        for el in root_el.iter():
            el.tag = strip.sub("", el.tag)
        instruments = []
        for inst in root_el.iter("instrument"):
            name = (inst.findtext("name") or "").strip()
            files = [f.text.strip() for f in inst.iter("filename") if f.text]
            files = [f for f in files if (xml.parent / f).is_file()]
            if name and files:
                instruments.append({"name": name, "class": classify(name), "files": files})
        kits.append({"name": xml.parent.name, "title": (root_el.findtext("name") or "").strip(),
                     "author": (root_el.findtext("author") or "").strip(),
                     "folder": xml.parent, "instruments": instruments})
    return kits


# -- fluidsynth ----------------------------------------------------------------------------------
def _midi_file(events: list[tuple[int, bytes]], ticks_per_beat: int = 480) -> bytes:
    """A type-0 MIDI file from ``(absolute tick, message bytes)``; tempo 120 bpm."""
    track = bytearray()
    last = 0

    def var(n: int) -> bytes:
        out = [n & 0x7F]
        n >>= 7
        while n:
            out.append(0x80 | (n & 0x7F))
            n >>= 7
        return bytes(reversed(out))

    track += var(0) + b"\xff\x51\x03" + (500000).to_bytes(3, "big")
    for tick, msg in sorted(events, key=lambda e: e[0]):
        track += var(tick - last) + msg
        last = tick
    track += var(0) + b"\xff\x2f\x00"
    return (b"MThd" + struct.pack(">IHHH", 6, 0, 1, ticks_per_beat) + b"MTrk"
            + struct.pack(">I", len(track)) + bytes(track))


def render_fluid_notes(notes: Sequence[tuple[int, int, int, int]], spacing: float = 2.0,
                       hold: float = 1.0, sf2: str | Path = FLUID_SF2,
                       sr: int = _REFERENCE_RATE) -> list[np.ndarray]:
    """Render notes with Debian's ``fluidsynth``, one clip per note.

    Parameters
    ----------
    notes : sequence of (bank, program, key, velocity)
        Bank 128 plays a drum kit (channel 10), else a melodic program (channel 1).
    spacing : float
        Seconds between note starts; each returned clip is this long.
    hold : float
        Seconds each key is held.
    sf2 : path
        The SoundFont.
    sr : int
        Rendering rate in Hz.

    Returns
    -------
    list of ndarray
        Mono float32 clips at ``sr``.
    """
    import soundfile as sf

    exe = shutil.which("fluidsynth")
    if exe is None:
        raise RuntimeError("fluidsynth is not installed: apt-get install fluidsynth")
    tpb = 480
    beat = 0.5  # seconds per beat at 120 bpm
    events: list[tuple[int, bytes]] = []
    for i, (bank, program, key, velocity) in enumerate(notes):
        ch = 9 if bank == 128 else 0
        t0 = int(round(i * spacing / beat * tpb))
        t1 = int(round((i * spacing + hold) / beat * tpb))
        bank_msb = 0 if bank == 128 else bank
        events += [(t0, bytes([0xB0 | ch, 0, bank_msb])), (t0, bytes([0xC0 | ch, program])),
                   (t0 + 1, bytes([0x90 | ch, key, velocity])),
                   (t1, bytes([0x80 | ch, key, 0]))]
    with tempfile.TemporaryDirectory() as tmp:
        mid = Path(tmp) / "notes.mid"
        wav = Path(tmp) / "notes.wav"
        mid.write_bytes(_midi_file(events, tpb))
        cmd = [exe, "-ni", "-q", "-R", "0", "-C", "0", "-g", "0.5", "-r", str(sr),
               "-F", str(wav), "-T", "wav", str(sf2), str(mid)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=600)
        audio, rate = sf.read(str(wav), dtype="float32", always_2d=True)
    mono = audio.mean(axis=1)
    step = int(round(spacing * rate))
    start = int(round(1 / tpb * beat * rate))
    return [mono[start + i * step:start + (i + 1) * step].copy() for i in range(len(notes))]


# -- the corpus ----------------------------------------------------------------------------------
def build_corpus(out_dir: str | Path, *, heldout: Sequence[str] = DEFAULT_HELDOUT,
                 hydrogen_root: str | Path = HYDROGEN_DIR,
                 copyright_file: str | Path = HYDROGEN_COPYRIGHT,
                 sf2: str | Path | None = FLUID_SF2, max_duration: float = 1.0,
                 fluid_keys: Sequence[int] = (48, 60, 72), fluid_velocities: Sequence[int] = (100,),
                 progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Build the real corpus (see the module docstring); returns the index.

    Parameters
    ----------
    out_dir : path
        Output folder (``train/``, ``heldout/``, ``index.json``).
    heldout : sequence of str
        Kit folder names never trained on (written to ``heldout/`` whatever their licence).
    hydrogen_root, copyright_file : path
        Where the Hydrogen kits and their licences are.
    sf2 : path or None
        SoundFont to render (None: no SoundFont items).
    max_duration : float
        Longest clip in seconds.
    fluid_keys, fluid_velocities : sequence of int
        MIDI keys of the melodic programs and velocities of every rendered note.
    """
    import soundfile as sf

    from nrcore.synthesis.data.corpus import load_audio, prepare_impact

    out = Path(out_dir)
    for sub in ("train", "heldout"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _msg: None)
    items: list[dict[str, Any]] = []
    counts: dict[str, int] = {}

    def write(split: str, stem: str, audio: np.ndarray, sr: int, meta: dict[str, Any]) -> None:
        y = prepare_impact(audio, sr, _REFERENCE_RATE, max_duration=max_duration)
        if y.shape[0] < 0.02 * _REFERENCE_RATE or not np.any(y):
            return
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("_")
        n = counts.get(split, 0)
        counts[split] = n + 1
        name = f"{n:05d}_{safe}.wav"
        sf.write(str(out / split / name), y, _REFERENCE_RATE, subtype="PCM_24")
        items.append({"file": f"{split}/{name}", "split": split, **meta})

    root = Path(hydrogen_root)
    if root.is_dir():
        stanzas = hydrogen_licences(copyright_file) if Path(copyright_file).is_file() else []
        for kit in hydrogen_kits(root):
            licence, holder = kit_licence(kit["name"], stanzas)
            split = "heldout" if kit["name"] in heldout else (
                "train" if licence in CLEAN_LICENCES else None)
            if split is None:
                say(f"hydrogen {kit['name']}: {licence}, not used")
                continue
            say(f"hydrogen {kit['name']}: {licence} -> {split}")
            for inst in kit["instruments"]:
                for f in inst["files"]:
                    try:
                        audio, sr = load_audio(kit["folder"] / f)
                    except ValueError as error:
                        say(f"  skipped {f}: {error}")
                        continue
                    write(split, f"{kit['name']}_{inst['name']}_{Path(f).stem}", audio, sr, {
                        "source": "hydrogen-drumkits", "kit": kit["name"],
                        "instrument": inst["name"], "class": inst["class"],
                        "original": str(kit["folder"] / f), "licence": licence,
                        "attribution": f"{kit['title'] or kit['name']} by "
                                       f"{holder or kit['author']} ({licence}), Debian "
                                       "hydrogen-drumkits"})
    if sf2 is not None and Path(sf2).is_file():
        notes: list[tuple[int, int, int, int]] = []
        metas: list[dict[str, Any]] = []
        for preset, kit_name in GM_DRUM_KITS.items():
            for key in GM_DRUM_NOTES:
                for vel in fluid_velocities:
                    notes.append((128, preset, key, vel))
                    inst = GM_DRUM_NAMES.get(key, f"drum {key}")
                    metas.append({"kit": f"FluidR3 {kit_name}", "instrument": inst,
                                  "class": classify(inst), "midi": [128, preset, key, vel]})
        for program, inst in GM_MELODIC.items():
            for key in fluid_keys:
                for vel in fluid_velocities:
                    notes.append((0, program, key, vel))
                    cls = "mallet" if program < 16 or program in (112, 114) else classify(inst)
                    metas.append({"kit": "FluidR3 melodic", "instrument": inst, "class": cls,
                                  "midi": [0, program, key, vel]})
        say(f"fluidsynth: rendering {len(notes)} notes")
        clips = render_fluid_notes(notes, sf2=sf2)
        for clip, meta in zip(clips, metas):
            write("train", f"fluid_{meta['kit']}_{meta['instrument']}_{meta['midi'][2]}", clip,
                  _REFERENCE_RATE, {"source": "fluid-soundfont-gm", "licence": FLUID_LICENCE,
                                    "attribution": FLUID_ATTRIBUTION, **meta})
    index: dict[str, Any] = {
        "generator": "nrcore.synthesis.data.real", "sample_rate": _REFERENCE_RATE,
        "max_duration": max_duration, "heldout_kits": list(heldout),
        "clean_licences": list(CLEAN_LICENCES), "items": items}
    (out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    for split in ("train", "heldout"):
        split_items = [dict(it, file=Path(it["file"]).name) for it in items
                       if it["split"] == split]
        (out / split / "index.json").write_text(json.dumps({**index, "items": split_items},
                                                           indent=1) + "\n")
    return index


def read_classes(folder: str | Path) -> dict[str, str]:
    """file name -> sound class from a corpus folder's ``index.json`` (empty if none)."""
    path = Path(folder) / "index.json"
    try:
        data = json.loads(path.read_text())
        return {str(it["file"]): str(it.get("class") or it.get("kind") or "other")
                for it in data.get("items", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


#: General MIDI percussion key names (keys 35-81).
GM_DRUM_NAMES = {
    35: "acoustic bass drum", 36: "bass drum 1", 37: "side stick", 38: "acoustic snare",
    39: "hand clap", 40: "electric snare", 41: "low floor tom", 42: "closed hi-hat",
    43: "high floor tom", 44: "pedal hi-hat", 45: "low tom", 46: "open hi-hat",
    47: "low-mid tom", 48: "hi-mid tom", 49: "crash cymbal 1", 50: "high tom",
    51: "ride cymbal 1", 52: "chinese cymbal", 53: "ride bell", 54: "tambourine",
    55: "splash cymbal", 56: "cowbell", 57: "crash cymbal 2", 58: "vibraslap",
    59: "ride cymbal 2", 60: "hi bongo", 61: "low bongo", 62: "mute hi conga",
    63: "open hi conga", 64: "low conga", 65: "high timbale", 66: "low timbale",
    67: "high agogo", 68: "low agogo", 69: "cabasa", 70: "maracas", 71: "short whistle",
    72: "long whistle", 73: "short guiro", 74: "long guiro", 75: "claves",
    76: "hi wood block", 77: "low wood block", 78: "mute cuica", 79: "open cuica",
    80: "mute triangle", 81: "open triangle"}
