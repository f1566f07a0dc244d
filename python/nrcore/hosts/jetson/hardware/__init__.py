"""Drivers for the rack's hardware. Each module imports its library (smbus2, gpiod,
Jetson.GPIO, luma.*) only when a device is opened, so importing nrcore needs none of them."""
from nrcore.hosts.jetson.hardware.ads1x15 import ADCChannel, ADS1x15, Calibration
from nrcore.hosts.jetson.hardware.gpio import Button, Encoder, GateLine

__all__ = ["ADCChannel", "ADS1x15", "Calibration", "Button", "Encoder", "GateLine"]
