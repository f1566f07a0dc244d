"""Drivers for the rack's hardware. Each module imports its library (smbus2, gpiod,
Jetson.GPIO, luma.*) only when a device is opened, so importing nrcore needs none of them."""
from .ads1x15 import ADCChannel, ADS1x15, Calibration
from .gpio import Button, Encoder, GateLine

__all__ = ["ADCChannel", "ADS1x15", "Calibration", "Button", "Encoder", "GateLine"]
