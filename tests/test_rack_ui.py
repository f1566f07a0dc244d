"""The rack's screen and supervision: text that never overlaps (measured in the PIL font),
messages per page, Calibrate in the simulator, encoder acceleration, settings kept across
restarts, power actions, start-up and run-time failures on the screen."""
from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from luma.core.device import dummy

from nrcore.hosts.jetson import main as rack_main
from nrcore.hosts.jetson.launcher import (EXIT_FAILED, Launcher, WavOutput, load_config,
                                          run_realtime, show_failure, wrap_text)
from nrcore.hosts.jetson.menu import Menu, accelerate
from test_rack_support import model_dir  # noqa: F401 - the fixture

SR = 22050


def sim_launcher(tmp_path: Path, model_dir: Path, extra: str = "") -> Launcher:  # noqa: F811
    config = load_config(text=(
        f'[audio]\nsample_rate = {SR}\noutput = "wav"\nwav = "{tmp_path / "out.wav"}"\n'
        f'[model]\npath = "{model_dir / "tiny_nsf_0"}"\nfolder = "{model_dir}"\n'
        f'[presets]\nf1 = "{tmp_path / "f1.toml"}"\nf2 = "{tmp_path / "f2.toml"}"\n'
        f'[system]\ncalibration_file = "{tmp_path / "cal.toml"}"\n{extra}'))
    return Launcher(config, display=dummy(width=128, height=64, mode="1"), sim=True)


def open_page(menu: Menu, *titles: str) -> None:
    menu.open_path(list(titles))
    assert menu.page_path() == list(titles)


def assert_rows_do_not_overlap(menu: Menu) -> int:
    """Every visible row: the label's ink ends left of the value's ink (PIL font boxes)."""
    checked = 0
    for label, value, _ in menu.lines():
        label, value, value_x = menu.row_layout(label + "", value)
        if not value:
            continue
        label_right = 2 + menu.font.getbbox(label)[2] if label else 2
        value_left = value_x + menu.font.getbbox(value)[0]
        assert label_right < value_left, (label, value)
        assert value_x + menu.font.getbbox(value)[2] <= menu.width - 1, value
        checked += 1
    return checked


def test_no_row_overlaps_on_any_page(tmp_path, model_dir):  # noqa: F811
    launcher = sim_launcher(tmp_path, model_dir)
    launcher.problems.append("display: a very long fault description from the driver")
    menu = launcher.menu
    checked = 0
    for path in ([], ["Rack"], ["Synth"], ["Presets"], ["Presets", "F1"], ["Inputs"],
                 ["Stats"], ["Model"]):
        open_page(menu, *path)
        for _ in range(len(menu.items())):
            checked += assert_rows_do_not_overlap(menu)
            menu.render()
            menu.turn(1)
    assert checked > 40
    # The two the issue saw: a long choice value and Stats' fault line.
    label, value, x = menu.row_layout("interpolation", "descriptors")
    assert 2 + menu.font.getlength(label) < x
    label, value, x = menu.row_layout("Fault display", "a very long fault descr")
    assert 2 + menu.font.getlength(label) < x


def test_messages_clear_when_the_page_changes(tmp_path, model_dir):  # noqa: F811
    launcher = sim_launcher(tmp_path, model_dir)
    menu = launcher.menu
    open_page(menu, "Presets", "F1")
    menu.page.cursor = [i.label for i in menu.items()].index("Load")
    menu.click()                                   # an action with a message
    assert menu.message
    menu.back()
    assert menu.message == "" and menu.title() == "Presets"


def test_calibrate_explains_itself_in_the_simulator(tmp_path, model_dir):  # noqa: F811
    launcher = sim_launcher(tmp_path, model_dir)
    open_page(launcher.menu, "Calibrate")
    text = " ".join(i.label for i in launcher.menu.items()[1:])
    assert "Simulator" in text and "no ADC to calibrate" in text
    for label, _, _ in launcher.menu.lines():
        assert launcher.menu.font.getlength(label) <= launcher.menu.width - 4


def test_encoder_acceleration_crosses_a_wide_range_quickly(tmp_path, model_dir):  # noqa: F811
    assert accelerate(1, 0.5) == 1 and accelerate(1, 0.05) == 4 and accelerate(-1, 0.01) == -16
    launcher = sim_launcher(tmp_path, model_dir)
    menu = launcher.menu
    now = [100.0]
    menu._clock = lambda: now[0]
    open_page(menu, "Presets", "F1")
    menu.page.cursor = [i.label for i in menu.items()].index("centroid")
    menu.click()                                    # edit the centroid (Hz, 10 Hz a detent)
    now[0] += 1.0
    menu.turn(1)                                    # onto the 10 Hz grid
    start = launcher.rack.preset("f1").level("centroid")
    for _ in range(10):                             # slow: 10 Hz a detent
        now[0] += 0.5
        menu.turn(1)
    slow = launcher.rack.preset("f1").level("centroid")
    assert slow == pytest.approx(start + 100.0)
    for _ in range(20):                             # fast: 16x
        now[0] += 0.01
        menu.turn(1)
    assert launcher.rack.preset("f1").level("centroid") == pytest.approx(slow + 20 * 160.0)


def test_settings_are_saved_atomically_and_restored_at_start(tmp_path, model_dir):  # noqa: F811
    extra = f'settings_file = "{tmp_path / "settings.toml"}"\n'
    first = sim_launcher(tmp_path, model_dir, extra)
    first.rack.set_param("volume", 0.55)
    first.rack.load_model(model_dir / "tiny_nsf_1", wait=True)
    first.rack.process(np.zeros((6, 256), np.float32))      # the switch lands
    open_page(first.menu, "Rack")
    first.menu.settings_changed = True
    first.save_settings()
    assert not list(tmp_path.glob(".settings.toml.*"))       # no temporary left behind
    second = sim_launcher(tmp_path, model_dir, extra)
    assert second.rack.get_param("volume") == pytest.approx(0.55)
    assert Path(str(second.rack.model_path)).name == "tiny_nsf_1"
    assert second.menu.page_path() == ["Rack"]
    (tmp_path / "settings.toml").write_text("model = [unclosed")
    third = sim_launcher(tmp_path, model_dir, extra)           # corrupt: ignored, said so
    assert Path(str(third.rack.model_path)).name == "tiny_nsf_0"
    assert any("settings" in p for p in third.problems)


def test_power_actions_never_run_in_the_simulator(tmp_path, model_dir, monkeypatch):  # noqa: F811
    ran = []
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: ran.append(a))
    launcher = sim_launcher(tmp_path, model_dir, 'allow_power = true\n')
    open_page(launcher.menu, "Power", "Shutdown?")
    launcher.menu.page.cursor = 1
    launcher.menu.click()                                     # Yes
    assert ran == [] and "simulated" in launcher.menu.message
    real = Launcher(load_config(text=(
        f'[model]\npath = "{model_dir / "tiny_nsf_0"}"\n'
        f'[presets]\nf1 = "{tmp_path / "f1.toml"}"\nf2 = "{tmp_path / "f2.toml"}"\n'
        f'[system]\ncalibration_file = "{tmp_path / "cal.toml"}"\n'
        'shutdown = ["true"]\n')), display=dummy(width=128, height=64, mode="1"))
    assert "off" in real.power("shutdown") and ran == []        # not allowed by the config
    real.config["system"]["allow_power"] = True
    assert real.power("shutdown") == "shutdown..." and ran == [(["true"],)]


def test_a_start_up_failure_is_shown_and_held_readable(tmp_path, model_dir):  # noqa: F811
    device = dummy(width=128, height=64, mode="1")
    image = show_failure(load_config(), "preset /var/lib/nrcore/presets/f1.toml: not valid "
                         "TOML (line 3)", device)
    assert np.array(image).mean() > 0.02 and getattr(device, "persist", True)
    from PIL import ImageFont
    font = ImageFont.load_default(size=10)
    assert all(font.getlength(line) <= 126 for line in wrap_text(
        "preset /var/lib/nrcore/presets/f1.toml: not valid TOML", font, 126))
    (tmp_path / "f1.toml").write_text("this is [not toml")
    config = tmp_path / "rack.toml"
    config.write_text(
        f'[model]\npath = "{model_dir / "tiny_nsf_0"}"\n'
        f'[presets]\nf1 = "{tmp_path / "f1.toml"}"\nf2 = "{tmp_path / "f2.toml"}"\n'
        f'[display]\ndriver = "dummy"\n'
        f'[system]\ncalibration_file = "{tmp_path / "cal.toml"}"\nfail_hold_s = 1.5\n')
    start = time.monotonic()
    assert rack_main.main_rack(["--config", str(config)]) == 1
    assert time.monotonic() - start >= 1.5                      # held, not a 0.5 s loop


def test_a_dead_thread_ends_the_run_with_a_failure_status(tmp_path, model_dir, capsys):  # noqa: F811
    launcher = sim_launcher(tmp_path, model_dir)

    def broken() -> None:
        raise OSError(5, "Input/output error")    # what a GPIO read raises on a bad line

    result = {}
    worker = threading.Thread(target=lambda: result.setdefault(
        "status", run_realtime(launcher, launcher.config, 20.0)))
    worker.start()
    time.sleep(0.5)
    launcher.controls.poll_once = broken
    worker.join(timeout=15)
    assert result.get("status") == EXIT_FAILED
    err = capsys.readouterr().err
    assert "control: OSError" in err
    assert launcher.menu.fault.startswith("control: OSError")   # and on the screen
    assert launcher.menu.title().startswith("! control")


def test_a_failing_screen_is_replaced_and_the_instrument_plays_on(tmp_path, model_dir):  # noqa: F811
    launcher = sim_launcher(tmp_path, model_dir)

    class BrokenOLED:
        width, height, mode = 128, 64, "1"

        def display(self, image):
            raise OSError(121, "Remote I/O error")    # what a lost I2C screen raises

    launcher.display = BrokenOLED()
    launcher.menu.dirty = True
    output = WavOutput(launcher.ring, tmp_path / "out.wav", launcher.sample_rate)
    launcher.start(output)
    try:
        deadline = time.monotonic() + 10
        while launcher._ui_thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert launcher.check() is None                     # replaced, not fatal
        assert "Remote I/O error" in launcher.menu.fault
        time.sleep(0.3)
        assert launcher._ui_thread.is_alive() and launcher.check() is None
        pulls = launcher.ring.pulls
        time.sleep(0.3)
        assert launcher.ring.pulls > pulls                   # the audio goes on
    finally:
        launcher.stop()


def test_every_adc_read_failing_is_shown_on_the_screen(model_dir, tmp_path):  # noqa: F811
    from test_rack_menu import Panel

    panel = Panel(model_dir, tmp_path)
    launcher = panel.launcher
    launcher.watch()                                # the first window: reads work
    assert launcher.menu.fault == ""
    panel.bus.fail_reads = 10**6                    # both ADCs stop answering
    for _ in range(10):
        launcher.controls.poll_once()
    launcher._i2c_seen = (launcher._i2c_seen[0] - 5.0, *launcher._i2c_seen[1:])  # 5 s later
    launcher.watch()
    assert launcher.menu.fault.startswith("I2C: every ADC read fails")
    assert launcher.menu.title().startswith("! I2C")
