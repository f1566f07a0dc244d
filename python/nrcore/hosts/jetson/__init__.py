"""The Neurorack module on a Jetson: the launcher (audio, control and menu threads), the
simulator, the OLED menu, the CV/gate controls and the hardware drivers.

Importing this package needs only numpy and the nrcore core; the hardware drivers (smbus2,
gpiod, luma.*) and sounddevice are imported when a launcher or driver is actually built.
"""
