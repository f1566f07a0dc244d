"""ADS1115 / ADS1015 analog-to-digital converters over I2C (smbus2), with CV calibration.

The Eurorack side of the module swings -5 ... +5 V; the ADC inputs must stay within 0 ... VDD.
An op-amp stage in front of each input scales and offsets the voltage (see jetson/README.md);
:class:`Calibration` undoes it in software: ``volts = scale * adc_volts + offset``, measured
per channel from two known input voltages (:meth:`Calibration.from_points`).

Register map (datasheet SBAS444, section 9.6): pointer 0x00 conversion (16-bit two's
complement, big-endian; the ADS1015's 12-bit result is left-aligned), 0x01 config:

====  =======  ================================================================
bit   field    value used here
====  =======  ================================================================
15    OS       write 1: start a single conversion; read 1: no conversion running
14:12 MUX      100 + channel: single-ended AINx against GND
11:9  PGA      full-scale range (000 6.144 V, 001 4.096 V, 010 2.048 V, ...)
8     MODE     1: single-shot
7:5   DR       data rate code
1:0   COMP_QUE 11: comparator off
====  =======  ================================================================

Every bus access may raise OSError (a loose cable, a brown-out). :class:`ADCReader` then keeps
the channel's last good value, counts the error and carries on, so the audio never notices.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Callable

REG_CONVERSION = 0x00
REG_CONFIG = 0x01
#: Full-scale range in volts by PGA code.
PGA_RANGES = {6.144: 0, 4.096: 1, 2.048: 2, 1.024: 3, 0.512: 4, 0.256: 5}
#: Samples per second by DR code, per chip.
DATA_RATES = {
    "ads1115": (8, 16, 32, 64, 128, 250, 475, 860),
    "ads1015": (128, 250, 490, 920, 1600, 2400, 3300, 3300),
}


@dataclass
class Calibration:
    """Linear map from the ADC pin voltage to the Eurorack voltage: ``scale * v + offset``.

    The defaults invert the reference op-amp stage of jetson/README.md (an inverting stage
    with gain -0.3 around 1.65 V: -5 V -> 3.15 V, +5 V -> 0.15 V).
    """

    scale: float = -1.0 / 0.3
    offset: float = 1.65 / 0.3

    def __post_init__(self) -> None:
        for name in ("scale", "offset"):
            value = float(getattr(self, name))
            if not math.isfinite(value):
                raise ValueError(f"calibration {name}: {value!r} is not a finite number")
            setattr(self, name, value)
        if self.scale == 0.0:
            raise ValueError("calibration scale: 0 would map every reading to one voltage")

    def volts(self, adc_volts: float) -> float:
        return self.scale * adc_volts + self.offset

    @classmethod
    def from_points(cls, adc_low: float, adc_high: float, volts_low: float = -5.0,
                    volts_high: float = 5.0) -> "Calibration":
        """Two-point calibration: the ADC read ``adc_low`` at ``volts_low`` and ``adc_high``
        at ``volts_high``. Raises ValueError if the readings are (nearly) equal."""
        if not all(math.isfinite(v) for v in (adc_low, adc_high, volts_low, volts_high)):
            raise ValueError("calibration points must be finite")
        if abs(adc_high - adc_low) < 1e-3:
            raise ValueError(f"calibration: readings {adc_low:.4f} V and {adc_high:.4f} V are "
                             "too close (is the input patched?)")
        scale = (volts_high - volts_low) / (adc_high - adc_low)
        return cls(scale, volts_low - scale * adc_low)

    def as_dict(self) -> dict[str, float]:
        return {"scale": self.scale, "offset": self.offset}


class ADS1x15:
    """One ADS1115 (16 bit) or ADS1015 (12 bit) on an SMBus-like object.

    Parameters
    ----------
    bus : object
        Anything with smbus2's ``read_i2c_block_data(addr, register, length)`` and
        ``write_i2c_block_data(addr, register, data)`` (an ``smbus2.SMBus``).
    address : int
        0x48 (ADDR to GND), 0x49 (VDD), 0x4A (SDA) or 0x4B (SCL).
    chip : {"ads1115", "ads1015"}
    full_scale : float
        PGA range in volts (4.096 covers a 3.3 V supply).
    data_rate : int
        Samples per second (one of the chip's rates).
    sleep : callable
        Waits between starting a conversion and polling it (``time.sleep``).
    """

    def __init__(self, bus: Any, address: int = 0x48, chip: str = "ads1115",
                 full_scale: float = 4.096, data_rate: int | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        chip = chip.lower()
        if chip not in DATA_RATES:
            raise ValueError(f"chip: {chip!r} is not one of {', '.join(DATA_RATES)}")
        if int(address) not in (0x48, 0x49, 0x4A, 0x4B):
            raise ValueError(f"address: {address:#x} is not an ADS1x15 address (0x48-0x4b)")
        if full_scale not in PGA_RANGES:
            raise ValueError(f"full_scale: {full_scale!r} V is not one of "
                             f"{', '.join(str(v) for v in PGA_RANGES)}")
        rates = DATA_RATES[chip]
        data_rate = rates[-1] if data_rate is None else int(data_rate)
        if data_rate not in rates:
            raise ValueError(f"data_rate: {data_rate} is not one of {sorted(set(rates))} for "
                             f"the {chip}")
        self.bus = bus
        self.address = int(address)
        self.chip = chip
        self.bits = 16 if chip == "ads1115" else 12
        self.full_scale = float(full_scale)
        self.data_rate = data_rate
        self._dr_code = rates.index(data_rate)
        self._pga_code = PGA_RANGES[full_scale]
        self._sleep = sleep
        #: Seconds one conversion takes (plus a margin for the internal oscillator's spread).
        self.conversion_time = 1.1 / data_rate + 50e-6

    def config_word(self, channel: int) -> int:
        if not 0 <= channel <= 3:
            raise ValueError(f"channel: {channel} is not 0-3")
        return (1 << 15) | ((0b100 | channel) << 12) | (self._pga_code << 9) | (1 << 8) \
            | (self._dr_code << 5) | 0b11

    def read_volts(self, channel: int, polls: int = 4) -> float:
        """One single-shot conversion of AIN``channel``, in volts at the pin.

        Raises OSError from the bus, or TimeoutError if the conversion never finishes.
        """
        word = self.config_word(channel)
        self.bus.write_i2c_block_data(self.address, REG_CONFIG, [word >> 8, word & 0xFF])
        self._sleep(self.conversion_time)
        for _ in range(polls):
            msb, _lsb = self.bus.read_i2c_block_data(self.address, REG_CONFIG, 2)
            if msb & 0x80:
                break
            self._sleep(self.conversion_time / 4)
        else:
            raise TimeoutError(f"ADS1x15 at {self.address:#x}: conversion did not finish")
        msb, lsb = self.bus.read_i2c_block_data(self.address, REG_CONVERSION, 2)
        code = (msb << 8) | lsb
        if code & 0x8000:
            code -= 1 << 16
        if self.bits == 12:
            code >>= 4
        volts: float = code * self.full_scale / float(1 << (self.bits - 1))
        return volts


class ADCChannel:
    """One calibrated input: an ADC pin, its calibration, last good value and error count."""

    def __init__(self, adc: ADS1x15, channel: int, calibration: Calibration | None = None,
                 name: str = "") -> None:
        adc.config_word(channel)  # validates the channel
        self.adc = adc
        self.channel = channel
        self.calibration = calibration or Calibration()
        self.name = name or f"{adc.chip}@{adc.address:#x}:{channel}"
        self.adc_volts = 0.0      # last good reading at the pin
        self.volts = 0.0          # neutral until the first good reading
        self.errors = 0
        self.reads = 0
        self.last_error: str | None = None

    def read(self) -> float:
        """Read and return the calibrated voltage; on a bus error keep the last good value."""
        try:
            pin = self.adc.read_volts(self.channel)
        except (OSError, TimeoutError) as exc:
            self.errors += 1
            self.last_error = str(exc)
            return self.volts
        self.reads += 1
        self.adc_volts = pin
        self.volts = self.calibration.volts(pin)
        return self.volts
