"""Model files: our numpy safetensors reader/writer, validation, and refusal of bad files."""
import json
import pickle
import struct
import zipfile

import numpy as np
import pytest

from nrcore.synthesis import modelfile
from nrcore.synthesis.modelfile import (ModelFileError, NSFConfig, VAEConfig, expected_shapes, load_model,
                              read_safetensors, save_model, write_safetensors)


def random_tensors(config, seed=0):
    rng = np.random.default_rng(seed)
    return {k: rng.normal(0, 0.3, s).astype(np.float32) for k, s in expected_shapes(config).items()}


@pytest.fixture
def saved(tmp_path):
    config = NSFConfig(hidden=8, n_harmonics=4, noise_bands=4, n_modes=2)
    tensors = random_tensors(config)
    save_model(tmp_path / "m", config, tensors)
    return tmp_path / "m", config, tensors


def test_roundtrip_exact(saved):
    stem, config, tensors = saved
    loaded_config, loaded = load_model(stem)
    assert loaded_config == NSFConfig(**{**config.__dict__})
    assert set(loaded) == set(tensors)
    for k in tensors:
        np.testing.assert_array_equal(loaded[k], tensors[k].astype(np.float64))
    # Either file of the pair, or the stem, loads the same model.
    for p in (stem.with_suffix(".json"), stem.with_suffix(".safetensors")):
        assert load_model(p)[0] == loaded_config


def test_layout_matches_the_safetensors_spec(tmp_path):
    """Byte layout by hand: u64 header length, JSON header, then the raw little-endian data."""
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([1.5, -2.0], dtype=np.float64)
    path = tmp_path / "t.safetensors"
    write_safetensors(path, {"b": b, "a": a}, {"note": "x"})
    blob = path.read_bytes()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    assert header["a"] == {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}
    assert header["b"] == {"dtype": "F64", "shape": [2], "data_offsets": [24, 40]}
    assert header["__metadata__"] == {"note": "x"}
    data = blob[8 + n:]
    assert data[:24] == a.astype("<f4").tobytes() and data[24:] == b.astype("<f8").tobytes()
    tensors, meta = read_safetensors(path)
    np.testing.assert_array_equal(tensors["a"], a)
    np.testing.assert_array_equal(tensors["b"], b)
    assert meta == {"note": "x"}


def test_reads_files_written_by_the_safetensors_package(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    arrays = {"w": np.random.default_rng(1).normal(size=(5, 7)).astype(np.float32),
              "i": np.arange(4, dtype=np.int64)}
    st.save_file(arrays, str(tmp_path / "x.safetensors"))
    tensors, _ = read_safetensors(tmp_path / "x.safetensors")
    for k in arrays:
        np.testing.assert_array_equal(tensors[k], arrays[k])
    write_safetensors(tmp_path / "y.safetensors", arrays)
    back = st.load_file(str(tmp_path / "y.safetensors"))
    for k in arrays:
        np.testing.assert_array_equal(back[k], arrays[k])


def test_truncated_file_is_refused(saved):
    stem, _, _ = saved
    path = stem.with_suffix(".safetensors")
    blob = path.read_bytes()
    for cut in (3, 8, 40, len(blob) - 5):
        path.write_bytes(blob[:cut])
        with pytest.raises(ModelFileError, match="truncated|header|outside|fit"):
            read_safetensors(path)


def test_modified_weights_fail_the_checksum(saved):
    stem, _, _ = saved
    path = stem.with_suffix(".safetensors")
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 0x40
    path.write_bytes(bytes(blob))
    with pytest.raises(ModelFileError, match="SHA-256"):
        load_model(stem)


def test_the_hash_covers_the_config_and_is_mandatory(saved):
    stem, _, _ = saved
    cfg_path = stem.with_suffix(".json")
    original = json.loads(cfg_path.read_text())
    # A config edit (here: another normalisation) with the weights untouched is caught.
    cfg_path.write_text(json.dumps(dict(original, descriptor_mean=[1.0] * 7)))
    with pytest.raises(ModelFileError, match="SHA-256 of config and weights"):
        load_model(stem)
    without = dict(original)
    del without["sha256"]
    cfg_path.write_text(json.dumps(without))
    with pytest.raises(ModelFileError, match="no sha256"):
        load_model(stem)
    # rehash writes the digest of the files as they are now.
    cfg_path.write_text(json.dumps(dict(without, descriptor_mean=[1.0] * 7)))
    modelfile.rehash(stem)
    config, _ = load_model(stem)
    assert config.descriptor_mean == [1.0] * 7


def test_pairing_two_models_files_is_refused(tmp_path):
    config = NSFConfig(hidden=8, n_harmonics=4, noise_bands=4, n_modes=2)
    save_model(tmp_path / "a", config, random_tensors(config, 1))
    save_model(tmp_path / "b", config, random_tensors(config, 2))
    (tmp_path / "b.safetensors").replace(tmp_path / "a.safetensors")
    with pytest.raises(ModelFileError, match="mismatched"):
        load_model(tmp_path / "a")


def test_special_files_are_refused_before_reading(saved, tmp_path):
    import os
    stem, _, _ = saved
    weights = stem.with_suffix(".safetensors")
    weights.unlink()
    os.mkfifo(weights)  # a reader that opened this blocking would hang for ever
    with pytest.raises(ModelFileError, match="FIFO"):
        load_model(stem)
    weights.unlink()
    weights.symlink_to("/dev/zero")  # endless bytes behind a link
    with pytest.raises(ModelFileError, match="device"):
        load_model(stem)
    cfg = stem.with_suffix(".json")
    cfg.unlink()
    cfg.symlink_to("/dev/urandom")
    with pytest.raises(ModelFileError, match="device"):
        load_model(stem)
    cfg.unlink()
    cfg.mkdir()
    with pytest.raises(ModelFileError, match="directory"):
        load_model(stem)
    with pytest.raises(ModelFileError, match="device"):
        read_safetensors("/dev/null")


def test_oversized_and_sparse_files_are_refused_by_size(saved):
    stem, _, _ = saved
    weights = stem.with_suffix(".safetensors")
    with open(weights, "r+b") as f:  # a sparse giant: 1 TB apparent, a few kB on disk
        f.truncate(10**12)
    with pytest.raises(ModelFileError, match="more than the"):
        load_model(stem)
    cfg = stem.with_suffix(".json")
    cfg.write_text(" " * (modelfile.MAX_CONFIG_BYTES + 1))
    with pytest.raises(ModelFileError, match="more than the"):
        load_model(stem)


@pytest.mark.parametrize("text, message", [
    ("[" * 100000 + "]" * 100000, "nests 100000 levels"),
    ('{"a": ' + "1" * 5000 + "}", "5000 digits"),
    ('{"a": 1.' + "5" * 5000 + "}", "characters"),
    ('{"a": 1e999}', "overflows"),
    ('{"a": NaN}', "NaN is not allowed"),
    ('{"a": -Infinity}', "Infinity is not allowed"),
    ("\xff\xfe", "UTF-8"),
])
def test_hostile_json_gets_the_loaders_error(saved, text, message):
    stem, _, _ = saved
    stem.with_suffix(".json").write_bytes(text.encode("latin-1"))
    with pytest.raises(ModelFileError, match=message):
        load_model(stem)
    header = text.encode("latin-1")
    path = stem.with_suffix(".safetensors")
    path.write_bytes(struct.pack("<Q", len(header)) + header)
    with pytest.raises(ModelFileError, match=message):
        read_safetensors(path)


class Boom:
    def __reduce__(self):  # would run if anything unpickled it
        return (exec, ("import pathlib; pathlib.Path('PWNED').write_text('x')",))


def test_pickles_and_torch_zips_are_refused_and_never_executed(saved, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    stem, _, _ = saved
    path = stem.with_suffix(".safetensors")
    path.write_bytes(pickle.dumps({"w": Boom()}, protocol=4))
    with pytest.raises(ModelFileError, match="pickle"):
        load_model(stem)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("archive/data.pkl", pickle.dumps(Boom()))
    with pytest.raises(ModelFileError, match="zip"):
        load_model(stem)
    stem.with_suffix(".json").write_bytes(pickle.dumps(Boom(), protocol=2))
    with pytest.raises(ModelFileError, match="pickle"):
        load_model(stem)
    assert not (tmp_path / "PWNED").exists()


def test_wrong_keys_and_shapes_are_refused(tmp_path):
    config = NSFConfig(hidden=8, n_harmonics=4, noise_bands=4, n_modes=2)
    tensors = random_tensors(config)
    save_model(tmp_path / "ok", config, tensors)
    cfg = json.loads((tmp_path / "ok.json").read_text())
    del cfg["sha256"]
    # Weights whose names do not fit the config (a correctly hashed pair).
    renamed = dict(tensors)
    renamed["extra"] = renamed.pop("out.bias")
    write_safetensors(tmp_path / "keys.safetensors", renamed)
    (tmp_path / "keys.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelFileError, match=r"missing: \['out.bias'\]; unexpected: \['extra'\]"):
        modelfile.rehash(tmp_path / "keys")
    # Weights whose shapes do not fit the config (hidden 8 in the file, 16 claimed).
    cfg16 = dict(cfg, hidden=16)
    write_safetensors(tmp_path / "shape.safetensors", tensors)
    (tmp_path / "shape.json").write_text(json.dumps(cfg16))
    with pytest.raises(ModelFileError, match="shape"):
        modelfile.rehash(tmp_path / "shape")
    with pytest.raises(ModelFileError, match="shape"):
        save_model(tmp_path / "bad", NSFConfig(hidden=16), tensors)


@pytest.mark.parametrize("change, message", [
    ({"format_version": 99}, "format_version"),
    ({"kind": "gan"}, "kind"),
    ({"hidden": -3}, "hidden"),
    ({"hop": 10**12}, "hop 1000000000000 is outside"),
    ({"hop": 1e12}, "hop must be a positive integer"),
    ({"hidden": 100000}, "hidden 100000 is outside"),
    ({"noise_bands": 1}, "noise_bands"),
    ({"n_modes": 100000}, "n_modes"),
    ({"reference_rate": 1000}, "reference_rate"),
    ({"reference_rate": 1e12}, "reference_rate"),
    ({"band_fmax": 1e9}, "band_fmax"),
    ({"descriptor_std": [1.0] * 6}, "descriptor_std"),
    ({"surprise": 1}, "unknown config keys"),
    ({"reference_rate": 5}, "reference_rate"),
    ({"band_fmin": "low"}, "band_fmin"),
    ({"descriptor_mean": ["a"] * 7}, "malformed config value"),
    ({"training": [1]}, "training"),
])
def test_bad_configs_are_refused(saved, change, message):
    stem, _, _ = saved
    cfg = json.loads(stem.with_suffix(".json").read_text())
    cfg.update(change)
    stem.with_suffix(".json").write_text(json.dumps(cfg))
    with pytest.raises(ModelFileError, match=message):
        load_model(stem)


def test_malformed_headers_are_refused(tmp_path):
    path = tmp_path / "h.safetensors"
    cases = [
        (b"not json", "JSON"),
        (json.dumps({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}).encode(),
         "needs 8 bytes"),
        (json.dumps({"a": {"dtype": "Q8", "shape": [1], "data_offsets": [0, 4]}}).encode(),
         "dtype"),
        (json.dumps({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}).encode(),
         "starts at byte 4"),
    ]
    for header, message in cases:
        path.write_bytes(struct.pack("<Q", len(header)) + header + b"\0" * 8)
        with pytest.raises(ModelFileError, match=message):
            read_safetensors(path)
    path.write_bytes(struct.pack("<Q", 10**12) + b"{}")
    with pytest.raises(ModelFileError, match="header length"):
        read_safetensors(path)


def test_missing_files_and_wrong_kind(tmp_path, saved):
    with pytest.raises(ModelFileError, match="cannot read"):
        load_model(tmp_path / "nothing")
    stem, _, _ = saved
    with pytest.raises(ModelFileError, match="expected vae"):
        load_model(stem, kind="vae")
    with pytest.raises(ModelFileError, match="no shipped model"):
        modelfile.shipped_model("does_not_exist")


def test_vae_config_roundtrip(tmp_path):
    config = VAEConfig(frames=4, hidden=6, latent=2)
    tensors = random_tensors(config)
    save_model(tmp_path / "v", config, tensors)
    loaded_config, loaded = load_model(tmp_path / "v", kind="vae")
    assert loaded_config.frames == 4 and loaded_config.latent == 2
    np.testing.assert_array_equal(loaded["dec_out.weight"], tensors["dec_out.weight"])
