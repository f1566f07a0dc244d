"""The corpus on disk, the folder loader and the descriptor cache."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from nrcore.synthesis.data import corpus
from nrcore import descriptors
from nrcore.synthesis.data.corpus import IMPACT_KINDS, generate_corpus, generate_impact, load_folder

PD_BELL = Path("/usr/share/puredata/doc/sound/bell.aiff")


def test_generate_corpus_writes_files_and_a_reproducible_index(tmp_path):
    calls = []
    paths = generate_corpus(tmp_path / "c", 12, seed=7, duration=0.3, progress=lambda i, n: calls.append((i, n)))
    assert len(paths) == 12 and all(p.is_file() for p in paths)
    assert calls[-1] == (12, 12) and len(calls) == 12
    index = json.loads((tmp_path / "c" / "index.json").read_text())
    assert index["sample_rate"] == 44100 and index["seed"] == 7
    assert [item["kind"] for item in index["items"]] == [IMPACT_KINDS[i % 10] for i in range(12)]
    assert len({item["seed"] for item in index["items"]}) == 12
    for path, item in zip(paths, index["items"]):
        assert path.name == item["file"]
        audio, sr = sf.read(path, dtype="float64")
        assert sr == 44100 and sf.info(path).subtype == "PCM_24"
        expected = generate_impact(item["kind"], item["seed"], duration=0.3)
        np.testing.assert_allclose(audio, expected, atol=2.0**-23)
    # Same seed, same corpus; another seed, another corpus.
    again = generate_corpus(tmp_path / "d", 3, seed=7, duration=0.3)
    assert all(np.array_equal(sf.read(a)[0], sf.read(b)[0]) for a, b in zip(paths, again))
    other = generate_corpus(tmp_path / "e", 1, seed=8, duration=0.3, kinds=["bell"])
    assert other[0].name == "00000_bell.wav"
    assert not np.array_equal(sf.read(other[0])[0], sf.read(paths[6])[0])


def test_generate_corpus_refuses_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="n:"):
        generate_corpus(tmp_path, 0)
    with pytest.raises(ValueError, match="kind"):
        generate_corpus(tmp_path, 2, kinds=["kick", "gong"])
    with pytest.raises(ValueError, match="kinds: empty"):
        generate_corpus(tmp_path, 2, kinds=[])


# -- loader -------------------------------------------------------------------------------------
def _write(path, audio, sr, **kw):
    sf.write(str(path), audio, sr, **kw)
    return path


def test_load_folder_resamples_trims_normalises_and_labels(tmp_path):
    generate_corpus(tmp_path, 4, seed=1, duration=0.4)
    quiet = np.zeros(48000, np.float32)
    quiet[4800:9600] = 0.05 * np.sin(2 * np.pi * 440 * np.arange(4800) / 48000)
    sub = tmp_path / "more"
    sub.mkdir()
    _write(sub / "My Snares 01.flac", quiet, 48000)
    stereo = np.stack([quiet, -0.5 * quiet], axis=1)
    _write(sub / "thing.aiff", stereo, 48000, format="AIFF")
    (tmp_path / "notes.txt").write_text("not audio")

    impacts = load_folder(tmp_path, 22050)
    names = [i.name for i in impacts]
    assert names == sorted(names) and len(impacts) == 6
    by_name = {i.name: i for i in impacts}
    assert by_name["00000_kick.wav"].kind == "kick"
    assert by_name["more/My Snares 01.flac"].kind == "snare"
    assert by_name["more/thing.aiff"].kind is None
    for impact in impacts:
        assert impact.sr == 22050 and impact.audio.dtype == np.float32
        assert float(np.max(np.abs(impact.audio))) == pytest.approx(10 ** (-1 / 20), rel=1e-5)
    flac = by_name["more/My Snares 01.flac"]
    assert flac.source_sr == 48000
    # 0.1 s of tone is left after trimming, plus the 1 ms pre-roll.
    assert flac.duration == pytest.approx(0.101, abs=0.002)
    kick = by_name["00000_kick.wav"]
    assert kick.duration <= 0.4 + 1e-9

    assert len(load_folder(tmp_path, 22050, recursive=False)) == 4
    raw = load_folder(tmp_path, 48000, trim_db=None, peak_db=None)
    flac_raw = {i.name: i for i in raw}["more/My Snares 01.flac"]
    np.testing.assert_allclose(flac_raw.audio, quiet, atol=2.0**-15)  # 16-bit FLAC
    short = load_folder(tmp_path, 44100, max_duration=0.05)
    assert all(i.audio.size <= 2205 for i in short)


def test_load_folder_reads_a_real_aiff_recording(tmp_path):
    if not PD_BELL.is_file():
        pytest.skip(f"{PD_BELL} not installed (Debian package puredata-doc)")
    (tmp_path / "bell.aiff").write_bytes(PD_BELL.read_bytes())
    (impact,) = load_folder(tmp_path, 48000)
    assert impact.source_sr == 44100 and impact.kind == "bell"
    original, _ = sf.read(PD_BELL, dtype="float64")
    assert impact.duration <= original.size / 44100 + 1e-3
    assert float(np.max(np.abs(impact.audio))) == pytest.approx(10 ** (-1 / 20), rel=1e-5)


def test_load_folder_bad_files(tmp_path):
    generate_corpus(tmp_path, 2, duration=0.2)
    (tmp_path / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    with pytest.raises(ValueError, match="broken.wav: cannot read audio"):
        load_folder(tmp_path, 44100)
    with pytest.warns(UserWarning, match="skipped broken.wav"):
        impacts = load_folder(tmp_path, 44100, on_error="skip")
    assert len(impacts) == 2
    _write(tmp_path / "silent.wav", np.zeros(1000, np.float32), 44100)
    _write(tmp_path / "tiny.wav", np.ones(10, np.float32) * 0.5, 44100)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        impacts = load_folder(tmp_path, 44100, on_error="skip")
    messages = sorted(str(w.message) for w in caught)
    assert len(messages) == 2
    assert messages[0].startswith("skipped broken.wav") and "shorter than min_duration" in messages[1]
    silent = {i.name: i for i in impacts}["silent.wav"]
    np.testing.assert_array_equal(silent.audio, 0.0)
    with pytest.raises(ValueError, match="path: .* is not a folder"):
        load_folder(tmp_path / "missing", 44100)
    with pytest.raises(ValueError, match="on_error"):
        load_folder(tmp_path, 44100, on_error="ignore")
    with pytest.raises(ValueError, match="sr"):
        load_folder(tmp_path, 0)
    assert load_folder(tmp_path / "..", 44100, recursive=False) == []


# -- descriptor cache ---------------------------------------------------------------------------
def test_descriptor_cache_in_a_folder(tmp_path, monkeypatch):
    audio = generate_impact("tom", 1, duration=0.3)
    cache = tmp_path / "cache"
    first = corpus.cached_descriptors(audio, 44100, cache_dir=cache)
    np.testing.assert_array_equal(first, descriptors.compute(audio, 44100))
    files = list(cache.glob("*.npz"))
    assert len(files) == 1 and files[0].stem == corpus.descriptor_cache_key(audio, 44100)

    def refuse(*args, **kwargs):
        raise AssertionError("recomputed although cached")

    monkeypatch.setattr(descriptors, "compute", refuse)
    np.testing.assert_array_equal(corpus.cached_descriptors(audio, 44100, cache_dir=cache), first)
    monkeypatch.undo()
    # Other settings or other audio: another key, another file.
    other = corpus.cached_descriptors(audio, 44100, cache_dir=cache, hop_length=256)
    assert other.shape[1] == descriptors.frame_count(audio.size, 2048, 256)
    changed = audio.copy()
    changed[100] += 0.01
    corpus.cached_descriptors(changed, 44100, cache_dir=cache)
    assert len(list(cache.glob("*.npz"))) == 3


def test_descriptor_cache_beside_the_audio_follows_changes(tmp_path):
    (path,) = generate_corpus(tmp_path, 1, duration=0.3)
    (impact,) = load_folder(tmp_path, 44100)
    curves = impact.descriptors()
    beside = path.with_name(path.name + ".nrdesc.npz")
    assert beside.is_file()
    np.testing.assert_array_equal(curves, descriptors.compute(impact.audio, 44100))
    # The file changes: the stored key no longer matches, so the curves are recomputed.
    sf.write(str(path), generate_impact("bell", 3, duration=0.3), 44100)
    (changed,) = load_folder(tmp_path, 44100)
    new = changed.descriptors()
    np.testing.assert_array_equal(new, descriptors.compute(changed.audio, 44100))
    assert not np.array_equal(new, curves)
    with np.load(beside, allow_pickle=False) as stored:
        assert str(stored["key"]) == corpus.descriptor_cache_key(changed.audio, 44100)


class _Planted:
    """Unpickling this would create the marker file: the cache must never unpickle."""

    marker = None

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_corrupt_or_pickled_cache_is_recomputed_never_executed(tmp_path):
    audio = generate_impact("wood", 1, duration=0.2)
    cache = tmp_path / "cache"
    cache.mkdir()
    key = corpus.descriptor_cache_key(audio, 44100)
    target = cache / f"{key}.npz"
    target.write_bytes(b"PK\x03\x04 definitely not a zip")
    good = descriptors.compute(audio, 44100)
    np.testing.assert_array_equal(corpus.cached_descriptors(audio, 44100, cache_dir=cache), good)
    marker = tmp_path / "executed"
    _Planted.marker = str(marker)
    planted = np.empty(1, dtype=object)
    planted[0] = _Planted()
    np.savez(target, key=np.array(key), curves=planted)
    assert b"executed" in target.read_bytes()  # the pickle really is in the file
    np.testing.assert_array_equal(corpus.cached_descriptors(audio, 44100, cache_dir=cache), good)
    assert not marker.exists()
    with np.load(target, allow_pickle=False) as stored:  # replaced by a clean cache file
        np.testing.assert_array_equal(stored["curves"], good)


def test_unwritable_cache_only_warns(tmp_path):
    audio = generate_impact("clap", 1, duration=0.2)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.warns(UserWarning, match="descriptor cache not written"):
        curves = corpus.cached_descriptors(audio, 44100, cache_dir=blocker / "sub")
    np.testing.assert_array_equal(curves, descriptors.compute(audio, 44100))


def test_command_line_writes_a_corpus(tmp_path, capsys):
    assert corpus.main([str(tmp_path / "out"), "--n", "3", "--seed", "2", "--duration", "0.2", "--kinds", "wood,glass"]) == 0
    assert "wrote 3 impacts" in capsys.readouterr().out
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert [item["kind"] for item in index["items"]] == ["wood", "glass", "wood"]
    with pytest.raises(SystemExit):
        corpus.main([str(tmp_path / "bad"), "--kinds", "gong"])
    assert "unknown impact kind 'gong'" in capsys.readouterr().err


def test_prepare_impact_checks_its_arguments():
    tone = np.sin(np.arange(1000) * 0.1).astype(np.float32)
    with pytest.raises(ValueError, match="preroll_ms"):
        corpus.prepare_impact(tone, 44100, 44100, preroll_ms=-1.0)
    with pytest.raises(ValueError, match="trim_db"):
        corpus.prepare_impact(tone, 44100, 44100, trim_db=3.0)
    with pytest.raises(ValueError, match="peak_db"):
        corpus.prepare_impact(tone, 44100, 44100, peak_db=1.0)
    with pytest.raises(ValueError, match="max_duration"):
        corpus.prepare_impact(tone, 44100, 44100, max_duration=1e-9)
