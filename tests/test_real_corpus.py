"""The real-recording corpus builder (nrcore corpus --source debian) on tiny kits made here."""
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from nrcore.synthesis.data import real
from nrcore.synthesis.data.corpus import main as corpus_main

COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

Files: drumkits/CleanKit.h2drumkit
Copyright: Ada Example
License: CC0
Comment:
 a kit anyone may use

Files:
 drumkits/Share?Kit.h2drumkit
Copyright: Bob Example
License: CC-BY-SA-3.0

Files: drumkits/HeldKit.h2drumkit
Copyright: Cy Example
License: GPL-2
"""


def make_kit(root, name, instruments, sr=48000):
    folder = root / name
    folder.mkdir(parents=True)
    parts = []
    for i, (inst, freq) in enumerate(instruments):
        t = np.arange(int(0.3 * sr)) / sr
        y = np.exp(-t / 0.05) * np.sin(2 * np.pi * freq * t)
        sf.write(str(folder / f"s{i}.wav"), np.stack([y, 0.5 * y], 1), sr)
        parts.append(f"<instrument><id>{i}</id><name>{inst}</name><layer>"
                     f"<filename>s{i}.wav</filename></layer></instrument>")
    (folder / "drumkit.xml").write_text(
        '<?xml version="1.0"?><drumkit_info xmlns="http://www.hydrogen-music.org/drumkit">'
        f"<name>{name}</name><author>someone</author><instrumentList>{''.join(parts)}"
        "</instrumentList></drumkit_info>")


@pytest.fixture
def kits(tmp_path):
    root = tmp_path / "drumkits"
    make_kit(root, "CleanKit", [("Kick", 60), ("Snare 1", 200), ("Ride", 3000)])
    make_kit(root, "Share Kit", [("Tom Hi", 150)])
    make_kit(root, "HeldKit", [("BassDrum", 55), ("Closed HH", 5000)])
    (tmp_path / "copyright").write_text(COPYRIGHT)
    return root, tmp_path / "copyright"


def test_licences_and_classes_from_the_package_files(kits):
    root, copyright_file = kits
    stanzas = real.hydrogen_licences(copyright_file)
    assert real.kit_licence("CleanKit", stanzas) == ("CC0", "Ada Example")
    assert real.kit_licence("Share Kit", stanzas)[0] == "CC-BY-SA-3.0"
    assert real.kit_licence("Unknown", stanzas)[0] == "unknown"
    names = [k["name"] for k in real.hydrogen_kits(root)]
    assert names == ["CleanKit", "HeldKit", "Share Kit"]
    assert [real.classify(n) for n in ("BassDrum", "tomhi2", "Closed HH", "ride-cup",
                                       "hand clap", "marimba", "cowbell")] == [
        "kick", "tom", "hihat", "cymbal", "clap", "mallet", "percussion"]


def test_build_keeps_clean_licences_holds_out_whole_kits_and_records_everything(kits,
                                                                                 tmp_path):
    root, copyright_file = kits
    out = tmp_path / "corpus"
    index = real.build_corpus(out, heldout=("HeldKit",), hydrogen_root=root,
                              copyright_file=copyright_file, sf2=None)
    by_split = {s: [it for it in index["items"] if it["split"] == s] for s in ("train",
                                                                              "heldout")}
    assert {it["kit"] for it in by_split["train"]} == {"CleanKit"}   # CC-BY-SA left out
    assert {it["kit"] for it in by_split["heldout"]} == {"HeldKit"}
    assert len(by_split["train"]) == 3 and len(by_split["heldout"]) == 2
    for it in index["items"]:
        assert set(it) >= {"file", "source", "kit", "instrument", "class", "licence",
                           "attribution", "split"}
        y, sr = sf.read(str(out / it["file"]))
        assert sr == 44100 and y.ndim == 1 and abs(np.abs(y).max() - 10 ** (-1 / 20)) < 1e-3
    assert by_split["train"][0]["licence"] == "CC0"
    assert "Ada Example" in by_split["train"][0]["attribution"]
    # Each split folder has its own index with classes the evaluator reads.
    classes = real.read_classes(out / "heldout")
    assert sorted(classes.values()) == ["hihat", "kick"]
    assert json.loads((out / "train" / "index.json").read_text())["items"][0]["file"].endswith(
        ".wav")


def test_cli_refuses_when_the_packages_are_missing(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(real, "HYDROGEN_DIR", tmp_path / "none")
    monkeypatch.setattr(real, "FLUID_SF2", tmp_path / "none.sf2")
    with pytest.raises(SystemExit):
        corpus_main([str(tmp_path / "c"), "--source", "debian"])
    assert "apt-get install hydrogen-drumkits" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("fluidsynth") is None or not real.FLUID_SF2.is_file(),
                    reason="needs Debian's fluidsynth and fluid-soundfont-gm")
def test_fluidsynth_renders_real_soundfont_notes():
    clips = real.render_fluid_notes([(128, 0, 38, 100), (0, 12, 60, 100)], spacing=0.5,
                                    hold=0.3)
    assert len(clips) == 2
    for clip in clips:
        assert clip.shape == (22050,) and np.abs(clip).max() > 0.01
    # A snare and a marimba note are different sounds.
    assert np.corrcoef(clips[0][:8000], clips[1][:8000])[0, 1] < 0.5


@pytest.mark.skipif(not (real.HYDROGEN_DIR / "Audiophob" / "drumkit.xml").is_file(),
                    reason="needs Debian's hydrogen-drumkits")
def test_reads_one_real_debian_kit():
    kits = {k["name"]: k for k in real.hydrogen_kits()}
    kit = kits["Audiophob"]
    assert len(kit["instruments"]) == 14
    stanzas = real.hydrogen_licences()
    assert real.kit_licence("Audiophob", stanzas)[0] == "CC0"
    assert real.kit_licence("rumpf_kit_z01_h2", stanzas)[0] == "CC-BY-3.0"
    assert real.kit_licence("ColomboAcousticDrumkit", stanzas)[0].startswith("GPL")
    assert real.kit_licence("circAfrique v4", stanzas)[0] == "CC-BY-SA-3.0"
