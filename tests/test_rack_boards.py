"""Board presets (jetson/boards/*.toml) chosen from the device-tree model, and overridable."""
from __future__ import annotations

from pathlib import Path

import pytest

from nrcore.hosts.jetson.launcher import load_boards, load_config

ROOT = Path(__file__).resolve().parents[1]
BOARDS = ROOT / "jetson" / "boards"
MODELS = {
    # /proc/device-tree/model as each board reports it (NUL-terminated)
    "jetson-nano": b"NVIDIA Jetson Nano Developer Kit\x00",
    "orin-nano": b"NVIDIA Jetson Orin Nano Developer Kit\x00",
    "xavier-nx": b"NVIDIA Jetson Xavier NX Developer Kit\x00",
}


def config_for(tmp_path: Path, model: bytes, extra: str = "") -> dict:
    file = tmp_path / "model"
    file.write_bytes(model)
    return load_config(text=f'[board]\nmodel_file = "{file}"\ndir = "{BOARDS}"\n{extra}')


def test_every_preset_names_the_bus_the_backend_and_the_lines():
    boards = load_boards(BOARDS)
    assert {"jetson-nano", "orin-nano", "xavier-nx"} <= set(boards)
    for stem, data in boards.items():
        assert data["controls"]["i2c_bus"] == data["display"]["i2c_port"], stem
        assert data["gpio"]["backend"] in ("gpiod", "jetson"), stem
        lines = [data["gpio"][k] for k in ("encoder_a", "encoder_b", "button")]
        lines += [int(data["inputs"][g][5:]) for g in ("gate1", "gate2")]
        assert len(set(lines)) == 5, stem


@pytest.mark.parametrize("stem", sorted(MODELS))
def test_the_board_is_chosen_from_the_device_tree_model(tmp_path, stem):
    config = config_for(tmp_path, MODELS[stem])
    assert config["board"]["selected"] == stem
    preset = load_boards(BOARDS)[stem]
    assert config["controls"]["i2c_bus"] == preset["controls"]["i2c_bus"]
    assert config["gpio"]["backend"] == preset["gpio"]["backend"]
    assert config["inputs"]["gate1"] == preset["inputs"]["gate1"]


def test_nano_uses_jetson_gpio_board_pins_and_orin_bus_7(tmp_path):
    nano = config_for(tmp_path, MODELS["jetson-nano"])
    assert nano["gpio"]["backend"] == "jetson" and nano["controls"]["i2c_bus"] == 1
    assert (nano["gpio"]["encoder_a"], nano["gpio"]["button"]) == (29, 11)   # BOARD pins
    orin = config_for(tmp_path, MODELS["orin-nano"])
    assert orin["gpio"]["backend"] == "gpiod" and orin["controls"]["i2c_bus"] == 7


def test_the_config_overrides_the_preset_and_can_name_the_board(tmp_path):
    config = config_for(tmp_path, MODELS["orin-nano"],
                        '[controls]\ni2c_bus = 1\n[inputs]\ngate2 = "none"\n')
    assert config["controls"]["i2c_bus"] == 1 and config["inputs"]["gate2"] == "none"
    assert config["gpio"]["encoder_a"] == 105                  # the rest of the preset stands
    named = config_for(tmp_path, MODELS["orin-nano"], "")
    assert named["board"]["selected"] == "orin-nano"
    file = tmp_path / "model"
    forced = load_config(text=f'[board]\nname = "xavier-nx"\nmodel_file = "{file}"\n'
                              f'dir = "{BOARDS}"\n')
    assert forced["board"]["selected"] == "xavier-nx" and forced["controls"]["i2c_bus"] == 8
    with pytest.raises(ValueError, match="board.name: 'tx2' is not one of auto, none, "):
        load_config(text=f'[board]\nname = "tx2"\ndir = "{BOARDS}"\n')


def test_off_a_jetson_no_preset_applies(tmp_path):
    config = config_for(tmp_path, b"QEMU Virtual Machine\x00")
    assert config["board"]["selected"] == ""
    assert config["controls"]["i2c_bus"] == 1 and config["inputs"]["gate1"] == "none"
    missing = load_config(text=f'[board]\nmodel_file = "{tmp_path / "absent"}"\n')
    assert missing["board"]["selected"] == ""
