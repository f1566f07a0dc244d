"""The launcher, its menu (screens as PNG frames) and the simulator, on simulated buses."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PIL import Image, ImageDraw

from nrcore.hosts.jetson.launcher import Launcher, load_config
from nrcore.hosts.jetson.main import main_rack
from nrcore.rack.presets import load_preset
from nrcore.hosts.jetson.sim import CVScript, SimInputs, midi_handler, start_osc

from test_rack_support import SR, FakeADS, FakeLineRequest, FakeSMBus, model_dir  # noqa: F401
from test_rack_hardware import no_sleep, opamp

ENC_A, ENC_B, BUTTON, GATE2 = 5, 6, 7, 18


def config_text(models: Path, tmp: Path, hardware: bool = True) -> str:
    """A rack config; without ``hardware`` every input is left to the simulator."""
    if hardware:
        inputs = f"""
[[adc]]
name = "adc0"
chip = "ads1115"
address = 0x48

[inputs]
gate1 = "adc0:0"
gate2 = "gpio:{GATE2}"
cv1 = "adc0:1"
cv2 = "adc0:2"
cv3 = "adc0:3"
cv4 = "none"

[gpio]
chip = "gpiochip0"
encoder_a = {ENC_A}
encoder_b = {ENC_B}
button = {BUTTON}
debounce_ms = 20
"""
    else:
        inputs = ""
    return f"""
[audio]
sample_rate = {int(SR)}
block_size = 256
queue_blocks = 2

[model]
path = "{models / 'tiny_nsf_0'}"
folder = "{models}"

[presets]
f1 = "{tmp / 'presets' / 'f1.toml'}"
f2 = "{tmp / 'presets' / 'f2.json'}"

[rack]
freeze_ms = 60
{inputs}
[display]
driver = "dummy"

[system]
shutdown = []
reboot = []
calibration_file = "{tmp / 'calibration.toml'}"
"""


class Panel:
    """A launcher on simulated buses, with helpers that act like a hand on the panel."""

    def __init__(self, models: Path, tmp: Path) -> None:
        from luma.core.device import dummy

        self.adc = FakeADS(16)
        self.bus = FakeSMBus({0x48: self.adc})
        self.lines = FakeLineRequest([GATE2, ENC_A, ENC_B, BUTTON])
        self.lines.levels = {o: 1 for o in self.lines.offsets}
        for ch in range(4):
            self.adc.volts[ch] = opamp(0.0)
        self.launcher = Launcher(load_config(text=config_text(models, tmp)), bus=self.bus,
                                 gpio=self.lines, display=dummy(128, 64, mode="1"))
        for ch in self.launcher.controls.channels.values():
            ch.adc._sleep = no_sleep
        self.frames = tmp / "frames"
        self.launcher.frame_dir = self.frames

    def poll(self) -> None:
        for _ in range(3):          # a full round: the three ADC CVs are read one per pass
            self.launcher.controls.poll_once()
        self.launcher.ui_step()

    def turn(self, detents: int) -> None:
        # AB 11 -> 10 -> 00 -> 01 -> 11 is one detent clockwise (B leads A).
        seq = ((ENC_B, 0), (ENC_A, 0), (ENC_B, 1), (ENC_A, 1))
        if detents < 0:
            seq = ((ENC_A, 0), (ENC_B, 0), (ENC_A, 1), (ENC_B, 1))
        for _ in range(abs(detents)):
            for offset, level in seq:
                self.lines.set(offset, level, 0.5)
        self.poll()

    def click(self, hold_ms: float = 80.0) -> None:
        self.lines.set(BUTTON, 0, 1.0)
        self.poll()
        self.lines.clock_ns += int(hold_ms * 1e6)
        self.poll()                                  # pressed, stable for hold_ms
        self.lines.set(BUTTON, 1, 0.0)
        self.lines.clock_ns += int(30e6)
        self.poll()                                  # released, stable: a click

    def go(self, label: str) -> None:
        """Turn to the row labelled ``label`` on this page and click it."""
        labels = [i.label for i in self.launcher.menu.items()]
        self.turn(labels.index(label) - self.launcher.menu.page.cursor)
        self.click()

    def last_frame(self) -> Image.Image:
        frames = sorted(self.frames.glob("frame_*.png"))
        return Image.open(frames[-1]).convert("1")


@pytest.fixture
def panel(model_dir, tmp_path):
    p = Panel(model_dir, tmp_path)
    p.launcher.controls._clock = lambda: p.lines.clock_ns
    slow = iter(range(0, 10**9))                 # one turn a second: no encoder acceleration
    p.launcher.menu._clock = lambda: float(next(slow))
    p.launcher.draw()
    return p


def text_pixels(menu, text: str, width: int) -> np.ndarray:
    """``text`` drawn alone, as the frame shows an unselected row: an independent rendering to
    compare frame crops against."""
    img = Image.new("1", (width, menu.row_height), 0)
    ImageDraw.Draw(img).text((2, 0), text, font=menu.font, fill=1)
    return np.array(img)


def row_shows(frame: Image.Image, menu, row: int, label: str) -> bool:
    """Whether screen row ``row`` (1 = first item) shows ``label`` at its left (selected rows
    are drawn inverted)."""
    h = menu.row_height
    crop = np.array(frame)[row * h:(row + 1) * h]
    width = int(ImageDraw.Draw(Image.new("1", (1, 1))).textlength(label, font=menu.font)) + 3
    want = text_pixels(menu, label, width)
    got = crop[:, :width]
    selected = crop[:, -1].mean() > 0.5       # the bar reaches the right edge
    if selected:
        got = ~got
    return bool(np.array_equal(got, want))


def test_main_screen_png_shows_the_menu(panel):
    frame = panel.last_frame()
    assert frame.size == (128, 64)
    menu = panel.launcher.menu
    assert row_shows(frame, menu, 1, "Model >")
    assert row_shows(frame, menu, 2, "Presets >")
    assert row_shows(frame, menu, 4, "Rack >")
    assert not row_shows(frame, menu, 2, "Rack >")
    arr = np.array(frame)
    assert arr[menu.row_height:2 * menu.row_height].mean() > 0.5    # row 1 selected (inverted)
    assert arr[2 * menu.row_height:3 * menu.row_height].mean() < 0.3
    panel.turn(2)
    frame = panel.last_frame()
    assert np.array(frame)[3 * menu.row_height:4 * menu.row_height].mean() > 0.5


def test_menu_edits_a_rack_parameter_with_the_encoder(panel):
    rack = panel.launcher.rack
    panel.go("Rack")
    assert row_shows(panel.last_frame(), panel.launcher.menu, 1, "< back")
    panel.go("volume")
    assert panel.launcher.menu.editing
    panel.turn(3)
    assert rack.volume == pytest.approx(1.15)
    panel.turn(-40)
    assert rack.volume == 0.0                      # clamped to the declared range
    panel.click()
    assert not panel.launcher.menu.editing
    labels = [i.label for i in panel.launcher.menu.items()]
    assert "freeze_ms" in labels and "f1" not in labels and "variation_mask" not in labels
    panel.go("freeze_ms")
    panel.turn(-30)
    assert rack.freeze_ms == 50.0                  # the declared minimum
    panel.click()
    panel.go("< back")
    assert panel.launcher.menu.page.title == "Neurorack"


def test_menu_edits_and_saves_a_preset(panel):
    rack = panel.launcher.rack
    path = panel.launcher.preset_paths["f1"]
    assert path.exists()                           # written from the factory preset at start
    panel.go("Presets")
    panel.go("F1")
    panel.go("centroid")
    before = rack.preset("f1").level("centroid")
    panel.turn(5)
    panel.click()
    want = round((before + 50.0) / 10.0) * 10.0     # 5 detents of 10 Hz, on the 10 Hz grid
    assert rack.preset("f1").level("centroid") == pytest.approx(want, abs=1e-6)
    panel.go("Save")
    panel.launcher.menu.saving.join(timeout=10)
    assert panel.launcher.menu.message.startswith("saved")
    assert load_preset(path).level("centroid") == pytest.approx(want, rel=1e-6)
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_menu_calibrates_a_cv_input(panel):
    launcher = panel.launcher
    stage = dict(centre=1.9, gain=-0.22)
    panel.go("Calibrate")
    panel.go("CV1")
    for volts, label in ((-5.0, "Patch -5V, set"), (5.0, "Patch +5V, set")):
        panel.adc.volts[1] = opamp(volts, **stage)
        panel.poll()
        panel.go(label)
    panel.go("Apply")
    assert "calibrated" in launcher.menu.message
    panel.adc.volts[1] = opamp(2.0, **stage)
    panel.poll()
    assert launcher.controls.channels["adc0:1"].volts == pytest.approx(2.0, abs=0.003)
    saved = (launcher.config["system"]["calibration_file"])
    assert 'calibration."adc0:1"' in Path(saved).read_text()


def test_menu_stats_and_power_confirmation(panel):
    launcher = panel.launcher
    panel.bus.fail_reads = 6
    panel.poll()
    panel.poll()
    panel.go("Stats")
    labels = [i.label for i in launcher.menu.items()]
    assert {"CPU", "Xruns", "I2C err", "Triggers", "Model", "RSS"} <= set(labels)
    i2c = [i for i in launcher.menu.items() if i.label == "I2C err"][0]
    assert i2c.value_text() == "6"
    assert row_shows(panel.last_frame(), launcher.menu, 1, "< back")
    panel.go("< back")
    panel.go("Power")
    panel.go("Shutdown")
    assert launcher.menu.title() == "Shutdown?"
    assert row_shows(panel.last_frame(), launcher.menu, 1, "No")
    panel.go("No")
    assert launcher.power_requests == [] and launcher.menu.page.title == "Power"
    panel.go("Reboot")
    panel.go("Yes")
    assert launcher.power_requests == ["reboot"]


def test_menu_switches_the_model_while_playing(panel, model_dir):
    launcher = panel.launcher
    panel.adc.volts[0] = opamp(5.0)                # gate 1 high: an impact sounds
    panel.poll()
    launcher.render.render_one()
    panel.go("Model")
    labels = [i.label for i in launcher.menu.items()]
    assert "tiny_nsf_1" in labels and "tiny_vae_0" not in labels
    panel.go("tiny_nsf_1")
    deadline = time.monotonic() + 20
    out = np.zeros(256, np.float32)
    while launcher.rack.model_name != "tiny_nsf_1" and time.monotonic() < deadline:
        launcher.render.render_one()
        launcher.ring.read_into(out)
        time.sleep(0.005)
    assert launcher.rack.model_name == "tiny_nsf_1" and launcher.ring.underruns == 0


def test_config_errors_are_clear(model_dir, tmp_path):
    with pytest.raises(ValueError, match="unknown sections"):
        load_config(text="[audioo]\nx = 1\n")
    with pytest.raises(ValueError, match="block_size"):
        load_config(text="[audio]\nblock_size = 300\n")
    with pytest.raises(ValueError, match="cv1"):
        load_config(text='[inputs]\ncv1 = "gpio:4"\n')
    with pytest.raises(ValueError, match="synth"):
        load_config(text="[synth]\nvoices = 3\n")


# -- the simulator -------------------------------------------------------------------------------
def test_sim_runs_a_cv_script_to_wav_and_png_frames(model_dir, tmp_path):
    cfg = tmp_path / "rack.toml"
    cfg.write_text(config_text(model_dir, tmp_path, hardware=False))
    script = tmp_path / "cv.csv"
    script.write_text("time,gate1,gate2,cv1,cv2,cv3,cv4,ui\n"
                      "0.0,0,0,-5,0,0,0,\n"
                      "0.2,5,0,-5,0,0,0,turn:+3\n"
                      "0.3,0,0,5,0,0,0,click\n"
                      "0.6,0,0,5,0,0,0,turn:+1 click\n"
                      "0.8,0,0,5,0,0,0,\n")
    wav, frames = tmp_path / "out.wav", tmp_path / "frames"
    code = main_rack(["--sim", "--config", str(cfg), "--script", str(script), "--wav", str(wav),
                      "--frames", str(frames), "--fast"])
    assert code == 0
    y, rate = sf.read(wav, dtype="float32")
    assert rate == int(SR) and abs(len(y) - 0.8 * SR) <= 256
    start = int(0.2 * SR)
    assert np.all(y[:start - 256] == 0.0)            # silent before the gate
    assert np.max(np.abs(y[start:start + 512])) > 1e-3   # sounding within a block of it
    pngs = sorted(frames.glob("frame_*.png"))
    assert len(pngs) >= 3
    first, last = Image.open(pngs[0]).convert("1"), Image.open(pngs[-1]).convert("1")
    assert np.array(first).mean() > 0.02 and not np.array_equal(np.array(first), np.array(last))


def test_cv_script_interpolates_cvs_and_steps_gates(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("time,gate1,gate2,cv1,cv2,cv3,cv4\n0,0,0,-5,0,0,0\n1,5,5,5,1,0,0\n")
    s = CVScript(path)
    np.testing.assert_allclose(s.at(0.5), [0, 0, 0, 0.5, 0, 0])
    np.testing.assert_allclose(s.at(1.0), [5, 5, 5, 1, 0, 0])
    path.write_text("time,gate1,cv1\n0,0,0\n")
    with pytest.raises(ValueError, match="header lacks"):
        CVScript(path)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("oscsend") is None, reason="liblo-tools not installed")
def test_sim_takes_inputs_over_osc_from_an_independent_client(model_dir, tmp_path):
    text = config_text(model_dir, tmp_path)
    launcher = Launcher(load_config(text=text.replace('gate1 = "adc0:0"', 'gate1 = "none"')),
                        bus=FakeSMBus({0x48: FakeADS()}), gpio=_idle_lines(),
                        display=_dummy(), sim=True)
    sim = SimInputs(launcher)
    port = _free_port()
    server = start_osc(sim, port)
    try:
        for args in (["/rack/cv4", "f", "2.5"], ["/rack/gate1", "f", "5"],
                     ["/rack/gate1", "f", "0"], ["/rack/cv4", "s", "x"], ["/rack/turn", "s", "y"],
                     ["/rack/turn", "i", "2"]):
            subprocess.run(["oscsend", "127.0.0.1", str(port), *args], check=True, timeout=10)
        deadline = time.monotonic() + 20
        while launcher.events.empty() and time.monotonic() < deadline:
            time.sleep(0.01)     # messages act in order: the turn arrives last
    finally:
        server.shutdown()
    assert launcher.controls.sim_volts[5] == 2.5      # the bad message changed nothing
    assert launcher.controls.sim_rises[0] == 1 and launcher.controls.sim_volts[0] == 0.0
    assert launcher.events.get_nowait() == ("turn", 2)
    assert launcher.events.empty()                    # the malformed turn was dropped
    launcher.controls.poll_once()
    launcher.render.render_one()
    assert launcher.rack.triggers == 1                # the pulse between reads still triggered


def test_midi_notes_and_ccs_drive_gates_and_cvs(model_dir, tmp_path):
    import mido

    launcher = Launcher(load_config(text=config_text(model_dir, tmp_path, hardware=False)),
                        display=_dummy(), sim=True)
    handle = midi_handler(SimInputs(launcher))
    handle(mido.Message("note_on", note=40, velocity=100))
    # Simulated gates are GPIO lines: the note is an edge event, counted by the control pass.
    launcher.controls.poll_once()
    rises = launcher.values.read(np.zeros(6))
    assert launcher.controls.sim_volts[0] == 5.0 and rises[0] == 1
    handle(mido.Message("note_on", note=80, velocity=100))
    assert launcher.controls.sim_volts[1] == 5.0
    handle(mido.Message("note_on", note=40, velocity=0))
    assert launcher.controls.sim_volts[0] == 0.0
    handle(mido.Message("control_change", control=4, value=127))
    assert launcher.controls.sim_volts[5] == pytest.approx(5.0)


def _idle_lines() -> FakeLineRequest:
    lines = FakeLineRequest([GATE2, ENC_A, ENC_B, BUTTON])
    lines.levels = {o: 1 for o in lines.offsets}
    return lines


def _dummy():
    from luma.core.device import dummy
    return dummy(128, 64, mode="1")


@pytest.mark.skipif(shutil.which("oscsend") is None, reason="liblo-tools not installed")
def test_presets_are_edited_and_saved_over_osc(model_dir, tmp_path):
    launcher = Launcher(load_config(text=config_text(model_dir, tmp_path, hardware=False)),
                        display=_dummy(), sim=True)
    port = _free_port()
    server = start_osc(SimInputs(launcher), port)
    path = launcher.preset_paths["f2"]
    try:
        for args in (["/rack/f2/flatness", "f", "0.125"], ["/rack/f2/centroid", "f", "-3"],
                     ["/rack/set", "sf", "freeze_ms", "55"], ["/rack/set", "sf", "transpose", "2"],
                     ["/rack/f2/save"]):
            subprocess.run(["oscsend", "127.0.0.1", str(port), *args], check=True, timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if path.exists() and load_preset(path).level("flatness") == pytest.approx(0.125):
                break
            time.sleep(0.02)
    finally:
        server.shutdown()
    assert launcher.rack.preset("f2").level("flatness") == pytest.approx(0.125)
    assert launcher.rack.preset("f2").level("centroid") > 0          # the bad value was refused
    assert launcher.rack.freeze_ms == 55.0 and launcher.rack.synth_param("transpose") == 2.0
    assert load_preset(path).level("flatness") == pytest.approx(0.125)


def test_sim_in_real_time_runs_every_thread(model_dir, tmp_path):
    """The threaded path: control thread, render thread, the paced output and the UI thread."""
    cfg = tmp_path / "rack.toml"
    cfg.write_text(config_text(model_dir, tmp_path, hardware=False))
    script = tmp_path / "cv.csv"
    script.write_text("time,gate1,gate2,cv1,cv2,cv3,cv4,ui\n0.0,0,0,0,0,0,0,\n"
                      "0.3,5,0,0,0,0,0,turn:+6 click\n0.35,0,0,0,0,0,0,\n1.0,0,0,0,0,0,0,\n")
    wav, frames = tmp_path / "rt.wav", tmp_path / "frames"
    code = main_rack(["--sim", "--config", str(cfg), "--script", str(script), "--wav", str(wav),
                      "--frames", str(frames), "--duration", "1.0"])
    assert code == 0
    y, rate = sf.read(wav, dtype="float32")
    assert 0.6 * SR < len(y) < 1.6 * SR                 # paced in real time
    assert np.max(np.abs(y)) > 1e-3                      # the scripted gate sounded
    assert len(list(frames.glob("frame_*.png"))) >= 2    # the UI thread drew the gestures


def test_without_a_sound_card_the_launcher_says_so(model_dir, tmp_path, capsys):
    import sounddevice as sd

    if sd.query_devices():
        pytest.skip("this machine has an audio device")
    cfg = tmp_path / "rack.toml"
    cfg.write_text(config_text(model_dir, tmp_path, hardware=False))
    assert main_rack(["--sim", "--config", str(cfg), "--duration", "0.2"]) == 1
    assert "--wav" in capsys.readouterr().err


def test_sounddevice_callback_stream_counts_xruns(model_dir, tmp_path):
    """The real PortAudio callback stream on ALSA's null device. That device is not paced (it
    takes blocks as fast as the callback returns them), so the render thread cannot keep up and
    every block it misses must be counted as an xrun while the stream carries on."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type null }\n")
    cfg = tmp_path / "rack.toml"
    cfg.write_text(config_text(model_dir, tmp_path, hardware=False))
    code = ("import sys; from nrcore.hosts.jetson.main import main_rack; "
            "sys.exit(main_rack(sys.argv[1:]))")
    env = dict(__import__("os").environ, HOME=str(home),
               PYTHONPATH=str(Path(__file__).parents[1] / "python"))
    done = subprocess.run([__import__("sys").executable, "-c", code, "--sim", "--config",
                           str(cfg), "--duration", "0.5"], env=env, capture_output=True,
                          text=True, timeout=60)
    if "no audio output" in done.stderr:
        pytest.skip(f"PortAudio has no ALSA null device here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    stats = done.stderr.strip().splitlines()[-1]
    xruns = int(stats.split("Xruns ")[1].split(",")[0])
    assert xruns > 0 and "CPU" in stats


@pytest.mark.filterwarnings("ignore:Image.Image.getdata is deprecated:DeprecationWarning")
def test_menu_reaches_an_sh1106_over_i2c_pixel_for_pixel(panel):
    """The real luma.oled SH1106 driver on a simulated I2C bus: the controller's display RAM
    must hold exactly the frame the menu rendered."""
    from nrcore.hosts.jetson.hardware.display import open_display
    from test_rack_support import FakeOLEDBus

    bus = FakeOLEDBus()
    device = open_display({"driver": "sh1106", "i2c_address": 0x3C}, bus=bus)
    assert bus.oled.on                                   # the init sequence switched it on
    menu = panel.launcher.menu
    panel.go("Rack")
    image = menu.show(device)
    np.testing.assert_array_equal(bus.oled.pixels(), np.array(image.convert("1")))
    assert bus.oled.pixels().mean() > 0.05
    with pytest.raises(ValueError, match="driver"):
        open_display({"driver": "hd44780"})


@pytest.mark.skipif(Path("/dev/i2c-1").exists() or Path("/dev/gpiochip0").exists(),
                    reason="this machine has real I2C/GPIO devices")
def test_missing_hardware_degrades_to_a_playing_instrument(model_dir, tmp_path, capsys):
    """No GPIO chip, no OLED and no I2C bus on this machine: the launcher says so and still
    plays (CVs read 0 V, no screen), instead of refusing to start."""
    text = config_text(model_dir, tmp_path).replace('driver = "dummy"', 'driver = "sh1106"')
    launcher = Launcher(load_config(text=text))
    err = capsys.readouterr().err
    assert "GPIO unavailable" in err and "no display" in err and "I2C bus unavailable" in err
    assert {p.split(":")[0] for p in launcher.problems} == {"gpio", "display", "i2c"}
    assert set(launcher.controls.assignment.sources.values()) == {"none"}
    assert any(k.startswith("Fault") for k in launcher.stats())
    launcher.rack.set_inputs(gate1=5.0)
    out = launcher.rack.process(256)
    assert np.max(np.abs(out)) > 0


def test_menu_reaches_an_st7789_lcd_over_spi(panel):
    """The original build's 240x240 colour LCD through luma.lcd on a simulated SPI bus."""
    from nrcore.hosts.jetson.hardware.display import open_display
    from nrcore.hosts.jetson.menu import Menu
    from test_rack_support import FakeRPiGPIO, FakeST7789

    gpio = FakeRPiGPIO()
    lcd = FakeST7789(gpio, dc_pin=24)
    device = open_display({"driver": "st7789"}, spi_device=lcd, gpio=gpio)
    assert 0x11 in lcd.commands and 0x29 in lcd.commands     # sleep out, display on
    menu = Menu(panel.launcher, device.width, device.height, device.mode)
    assert menu.rows >= 8 and device.size == (240, 240)
    image = menu.show(device)
    assert lcd.window == {0x2A: [0, 0, 0, 239], 0x2B: [0, 0, 0, 239]}
    np.testing.assert_array_equal(lcd.frame(240, 240), np.array(image.convert("RGB")))
    assert np.array(image.convert("L")).mean() > 10


def test_the_jetson_example_config_is_valid():
    path = Path(__file__).parents[1] / "jetson" / "rack.toml"
    config = load_config(path)
    names = {a["name"] for a in config["adc"]}
    for key, source in config["inputs"].items():
        assert source == "none" or source.split(":")[0] in names, (key, source)
    assert config["display"]["driver"] in ("sh1106", "ssd1306", "st7789")
    from nrcore.hosts.jetson.controls import calibration_from_config
    cal = calibration_from_config(config["calibration"])["adc0:2"]
    assert cal.volts(1.65) == pytest.approx(0.0, abs=1e-6)      # the op-amp stage's centre
    assert cal.volts(0.15) == pytest.approx(5.0, abs=1e-6)
