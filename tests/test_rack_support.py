"""Shared pieces of the rack tests: tiny real model files, and the simulated buses.

Only the buses are simulated: :class:`FakeSMBus` is an I2C bus with the smbus2 method
signatures holding ADS1115/ADS1015 register files whose analog inputs the test sets in volts;
:class:`FakeLineRequest` is a gpiod line request whose lines the test drives. Every layer above
them (drivers, calibration, debouncing, control thread, engine, menu) is the real code.
"""
from __future__ import annotations

import math
import threading
from pathlib import Path

import numpy as np
import pytest

from nrcore.synthesis.modelfile import DESCRIPTOR_COUNT, NSFConfig, VAEConfig, expected_shapes, save_model

SR = 22050.0


def tiny_nsf(path: Path, seed: int = 0, loud: float = 3.0) -> Path:
    """Write a small Sinc-NSF model through the synth's own save API and return its stem.

    Random weights, with the noise bands biased nearly silent and the harmonic gain high, so
    the output is a clear harmonic tone at the f0 curve (what the CV1 test measures).
    """
    import dataclasses

    fields = {f.name for f in dataclasses.fields(NSFConfig)}
    mean = [math.log(0.1), 0.1, math.log(1000.0), math.log(2000.0), math.log(1000.0),
            math.log(0.05), math.log(200.0)]
    wanted = dict(hidden=8, n_harmonics=8, sinc_taps=15, noise_bands=2, shaper_units=2,
                  n_modes=2, descriptor_mean=mean, descriptor_std=[1.0] * DESCRIPTOR_COUNT)
    config = NSFConfig(**{k: v for k, v in wanted.items() if k in fields})
    rng = np.random.default_rng(seed)
    tensors = {k: 0.3 * rng.standard_normal(shape) for k, shape in expected_shapes(config).items()}
    bias = tensors["out.bias"]
    k, bands = config.n_harmonics, config.noise_bands
    if "n_modes" in fields:
        # Mixture logits (harmonic, noise, modes), then the harmonic distribution: a clear
        # harmonic tone, its level set by the rms curve.
        bias[0:3] = (loud, -8.0, -8.0)
        bias[3:3 + k] = np.linspace(2.0, -2.0, k)
    else:
        bias[0] = loud                       # harmonic gain
        bias[1:1 + k] = np.linspace(2.0, -2.0, k)  # energy mostly in the low harmonics
        bias[1 + k:1 + k + bands] = -8.0     # noise bands nearly off
        tensors["shaper_slopes"] = np.full(config.shaper_units, 0.5)
    stem = path / f"tiny_nsf_{seed}"
    save_model(stem, config, tensors)
    return stem


def tiny_vae(path: Path, seed: int = 0) -> Path:
    config = VAEConfig(frames=16, hidden=16, latent=3)
    rng = np.random.default_rng(seed)
    tensors = {k: 0.2 * rng.standard_normal(s) for k, s in expected_shapes(config).items()}
    stem = path / f"tiny_vae_{seed}"
    save_model(stem, config, tensors)
    return stem


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rack_models")
    tiny_nsf(folder, 0)
    tiny_nsf(folder, 1, loud=2.5)
    tiny_vae(folder, 0)
    return folder


# -- the simulated I2C bus -----------------------------------------------------------------------
class FakeADS:
    """Register file of one ADS1115 (16 bit) or ADS1015 (12 bit) as the datasheet defines it."""

    PGA = {0: 6.144, 1: 4.096, 2: 2.048, 3: 1.024, 4: 0.512, 5: 0.256, 6: 0.256, 7: 0.256}

    def __init__(self, bits: int = 16) -> None:
        self.bits = bits
        self.volts = [0.0] * 4           # analog input AINx to GND
        self.config = 0x8583
        self.conversion = 0
        self.conversions = 0

    def write(self, register: int, data: list[int]) -> None:
        value = (data[0] << 8) | data[1]
        if register == 0x01:
            self.config = value & 0x7FFF
            if value & 0x8000:           # OS = 1 starts a single conversion
                self._convert()
        elif register in (0x02, 0x03):
            pass
        else:
            raise OSError(121, "Remote I/O error")

    def _convert(self) -> None:
        mux = (self.config >> 12) & 0x7
        if mux < 4:
            raise AssertionError("the driver must measure single-ended inputs (MUX 100..111)")
        fsr = self.PGA[(self.config >> 9) & 0x7]
        v = self.volts[mux - 4]
        full = 2 ** (self.bits - 1)
        code = max(-full, min(full - 1, int(round(v / fsr * full))))
        if self.bits == 12:
            code <<= 4                   # ADS1015: 12-bit result, left-aligned
        self.conversion = code & 0xFFFF
        self.config |= 0x8000            # conversion done
        self.conversions += 1

    def read(self, register: int) -> list[int]:
        value = {0x00: self.conversion, 0x01: self.config}.get(register)
        if value is None:
            raise OSError(121, "Remote I/O error")
        return [(value >> 8) & 0xFF, value & 0xFF]


class FakeSMBus:
    """An I2C bus with smbus2.SMBus's method signatures; ``fail_reads`` makes reads raise."""

    def __init__(self, devices: dict[int, FakeADS]) -> None:
        self.devices = devices
        self.fail_reads = 0
        self.lock = threading.Lock()

    def _device(self, addr: int) -> FakeADS:
        if addr not in self.devices:
            raise OSError(121, "Remote I/O error")
        return self.devices[addr]

    def write_i2c_block_data(self, i2c_addr, register, data, force=None):
        with self.lock:
            self._device(i2c_addr).write(register, list(data))

    def read_i2c_block_data(self, i2c_addr, register, length, force=None):
        with self.lock:
            if self.fail_reads > 0:
                self.fail_reads -= 1
                raise OSError(121, "Remote I/O error")
            data = self._device(i2c_addr).read(register)
            return data[:length]

    def close(self):
        pass


# -- the simulated GPIO lines --------------------------------------------------------------------
class FakeLineRequest:
    """A gpiod.LineRequest stand-in: lines the test sets, edge events with timestamps."""

    def __init__(self, offsets, active_low=()):
        import gpiod
        from gpiod.line import Value
        self._gpiod = gpiod
        self._value = Value
        self.offsets = list(offsets)
        self.levels = {o: 0 for o in self.offsets}
        self.events = []
        self.clock_ns = 1_000_000_000
        self.cond = threading.Condition()

    def set(self, offset: int, level: int, after_ms: float = 1.0) -> None:
        """Drive a line; records an edge event if the level changed."""
        from gpiod.edge_event import EdgeEvent
        with self.cond:
            self.clock_ns += int(after_ms * 1e6)
            if self.levels[offset] != level:
                self.levels[offset] = level
                kind = EdgeEvent.Type.RISING_EDGE if level else EdgeEvent.Type.FALLING_EDGE
                self.events.append(EdgeEvent(kind.value, self.clock_ns, offset, 0, 0))
                self.cond.notify_all()

    def get_value(self, line):
        return self._value.ACTIVE if self.levels[line] else self._value.INACTIVE

    def get_values(self, lines=None):
        return [self.get_value(o) for o in (lines or self.offsets)]

    def wait_edge_events(self, timeout=None):
        if hasattr(timeout, "total_seconds"):
            timeout = timeout.total_seconds()
        with self.cond:
            if not self.events:
                self.cond.wait(timeout)
            return bool(self.events)

    def read_edge_events(self, max_events=None):
        with self.cond:
            taken, self.events = self.events, []
            return taken

    def release(self):
        pass


def test_fake_ads_follows_the_datasheet_codes():
    dev = FakeADS(16)
    dev.volts[2] = 1.0
    # OS=1, MUX=110 (AIN2), PGA=001 (4.096 V), single-shot
    dev.write(0x01, [0x80 | (0b110 << 4) | (1 << 1) | 1, 0x83])
    msb, lsb = dev.read(0x00)
    code = (msb << 8) | lsb
    assert code == round(1.0 / 4.096 * 32768)
    assert dev.read(0x01)[0] & 0x80


# -- the simulated OLED controller on the I2C bus ------------------------------------------------
class FakeSH1106:
    """SH1106 display RAM (132 columns x 8 pages) as its command set addresses it: control
    byte 0x00 = commands, 0x40 = data written at the current page/column."""

    ONE_ARG = {0x20, 0x81, 0x8D, 0xA8, 0xAD, 0xD3, 0xD5, 0xD9, 0xDA, 0xDB}

    def __init__(self) -> None:
        self.ram = np.zeros((8, 132), dtype=np.uint8)
        self.page = 0
        self.column = 0
        self.on = False

    def write(self, control: int, data: list[int]) -> None:
        if control == 0x40:
            for byte in data:
                if self.column < 132:
                    self.ram[self.page, self.column] = byte
                self.column += 1
            return
        if control != 0x00:
            raise OSError(121, "Remote I/O error")
        i = 0
        while i < len(data):
            c = data[i]
            if c in self.ONE_ARG:
                i += 2
                continue
            if 0xB0 <= c <= 0xB7:
                self.page = c - 0xB0
            elif c <= 0x0F:
                self.column = (self.column & 0xF0) | c
            elif 0x10 <= c <= 0x1F:
                self.column = (self.column & 0x0F) | ((c - 0x10) << 4)
            elif c in (0xAE, 0xAF):
                self.on = c == 0xAF
            i += 1

    def pixels(self, offset: int = 2, width: int = 128) -> np.ndarray:
        """The visible 64 x ``width`` pixels (bit k of a page byte is row 8 * page + k)."""
        bits = np.unpackbits(self.ram[:, offset:offset + width, None], axis=2,
                             bitorder="little")        # (8 pages, width, 8 bits)
        return bits.transpose(0, 2, 1).reshape(64, width).astype(bool)


class FakeOLEDBus:
    """An SMBus with smbus2's write_i2c_block_data signature and one SH1106 at 0x3C."""

    def __init__(self) -> None:
        self.oled = FakeSH1106()
        self.writes = 0

    def write_i2c_block_data(self, i2c_addr, register, data, force=None):
        if i2c_addr != 0x3C:
            raise OSError(121, "Remote I/O error")
        self.writes += 1
        self.oled.write(register, list(data))


# -- the simulated SPI bus with an ST7789 on it --------------------------------------------------
class FakeRPiGPIO:
    """The RPi.GPIO calls luma makes for DC, RST and the backlight; records line levels."""

    BCM, BOARD, OUT, IN, LOW, HIGH = 11, 10, 0, 1, 0, 1

    def __init__(self) -> None:
        self.levels: dict[int, int] = {}
        self.mode = None

    def setmode(self, mode):
        self.mode = mode

    def getmode(self):
        return self.mode

    def setwarnings(self, flag):
        pass

    def setup(self, pin, direction, **kwargs):
        self.levels.setdefault(pin, 0)

    def output(self, pin, value):
        self.levels[pin] = 1 if value else 0

    def cleanup(self, pins=None):
        pass


class FakeST7789:
    """ST7789 controller on SPI: bytes are commands while DC is low, their parameters or
    pixel data while it is high. Keeps the column/row window and the RAMWR pixel stream."""

    def __init__(self, gpio: FakeRPiGPIO, dc_pin: int) -> None:
        self.gpio, self.dc_pin = gpio, dc_pin
        self.command = None
        self.params: list[int] = []
        self.window: dict[int, list[int]] = {}
        self.pixels = bytearray()
        self.commands: list[int] = []
        self.max_speed_hz = 0
        self.mode = 0

    # spidev's method names
    def open(self, bus, device):
        pass

    def close(self):
        pass

    def writebytes(self, data):
        data = list(data)
        if self.gpio.levels.get(self.dc_pin, 0) == 0:
            for byte in data:
                self.command = byte
                self.commands.append(byte)
                self.params = []
                if byte == 0x2C:
                    self.pixels = bytearray()
        elif self.command == 0x2C:
            self.pixels.extend(data)
        else:
            self.params.extend(data)
            if self.command in (0x2A, 0x2B):
                self.window[self.command] = list(self.params)

    writebytes2 = writebytes

    def frame(self, width: int, height: int) -> np.ndarray:
        return np.frombuffer(bytes(self.pixels), np.uint8).reshape(height, width, 3)


def test_control_values_never_hand_out_a_half_written_publish():
    """The reader sees either the previous or the new publish, never a mix, even when the
    writer is caught between its two sequence steps."""
    from nrcore.hosts.jetson.controls import ControlValues

    values = ControlValues()
    out = np.zeros(6)
    values.publish(np.full(6, 1.0), (1, 1))
    assert values.read(out) == (1, 1) and np.all(out == 1.0)
    # a writer preempted mid-publish: odd sequence, buffer half written
    values._seq += 1
    values._volts[:3] = 2.0
    values._rises[0] = 2
    assert values.read(out) == (1, 1) and np.all(out == 1.0)
    assert values.torn_reads == 4
    values._volts[3:] = 2.0
    values._rises[1] = 2
    values._seq += 1
    assert values.read(out) == (2, 2) and np.all(out == 2.0)
