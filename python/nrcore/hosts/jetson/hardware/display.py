"""The rack's screen: a 128x64 OLED (luma.oled SH1106/SSD1306 over I2C), the ST7789 240x240
colour LCD of the original build (luma.lcd over SPI), or luma.core's dummy device, which keeps
the last frame as a PIL image (the simulator saves it as PNG frames)."""
from __future__ import annotations

from typing import Any, Mapping

DRIVERS = ("sh1106", "ssd1306", "st7789", "dummy")


def _jetson_gpio() -> Any:
    """Jetson.GPIO (RPi.GPIO-compatible) where importable, else None (luma then tries
    RPi.GPIO). Keeps a numbering mode already chosen (the gates' BOARD numbers), else BCM."""
    try:
        import Jetson.GPIO as GPIO
    except Exception:  # noqa: BLE001 - ImportError, or RuntimeError off a Jetson
        return None
    if GPIO.getmode() is None:
        GPIO.setmode(GPIO.BCM)
    return GPIO


def open_display(config: Mapping[str, Any], bus: Any = None, spi_device: Any = None,
                 gpio: Any = None) -> Any:
    """A luma device from the ``[display]`` table of the rack config.

    Keys: ``driver`` (one of :data:`DRIVERS`), ``width``/``height`` (default 128x64, ST7789
    240x240), ``rotate`` (0-3), for I2C OLEDs ``i2c_port`` (1) and ``i2c_address`` (0x3C), for
    the ST7789 ``spi_port``, ``spi_device``, ``gpio_dc``, ``gpio_rst``, ``spi_speed_hz``.
    ``bus`` is an already open SMBus-like object for the OLEDs (default: luma opens
    ``/dev/i2c-<i2c_port>`` itself). Never pass the ADCs' handle: it belongs to the control
    thread, and smbus2 keeps the slave address per handle. For the ST7789, ``spi_device`` (a
    spidev-like object) and ``gpio`` (an RPi.GPIO-like module driving DC, RST and the
    backlight) default to spidev and Jetson.GPIO (RPi.GPIO off a Jetson); the pin numbers
    are BCM numbers (DC 24 = header pin 18, RST 25 = pin 22, backlight 18 = pin 12) unless the
    gates already put Jetson.GPIO in BOARD mode.
    """
    driver = str(config.get("driver", "sh1106")).lower()
    if driver not in DRIVERS:
        raise ValueError(f"display driver: {driver!r} is not one of {', '.join(DRIVERS)}")
    rotate = int(config.get("rotate", 0))
    if rotate not in (0, 1, 2, 3):
        raise ValueError(f"display rotate: {rotate!r} is not 0, 1, 2 or 3")
    if driver == "dummy":
        from luma.core.device import dummy

        return dummy(width=int(config.get("width", 128)), height=int(config.get("height", 64)),
                     rotate=rotate, mode=str(config.get("mode", "1")))
    if driver in ("sh1106", "ssd1306"):
        from luma.core.interface.serial import i2c
        from luma.oled import device as oled

        serial = i2c(bus=bus, port=int(config.get("i2c_port", 1)),
                     address=int(config.get("i2c_address", 0x3C)))
        cls = oled.sh1106 if driver == "sh1106" else oled.ssd1306
        return cls(serial, width=int(config.get("width", 128)),
                   height=int(config.get("height", 64)), rotate=rotate)
    from luma.core.interface.serial import spi
    from luma.lcd.device import st7789

    if gpio is None:
        gpio = _jetson_gpio()
    serial = spi(spi=spi_device, gpio=gpio, port=int(config.get("spi_port", 0)),
                 device=int(config.get("spi_device", 0)),
                 gpio_DC=int(config.get("gpio_dc", 24)), gpio_RST=int(config.get("gpio_rst", 25)),
                 bus_speed_hz=int(config.get("spi_speed_hz", 40_000_000)))
    return st7789(serial, gpio=gpio, gpio_LIGHT=int(config.get("gpio_light", 18)),
                  width=int(config.get("width", 240)), height=int(config.get("height", 240)),
                  rotate=rotate)
