"""The application on top of everything: the ``nrcore`` command line, the demo, plots and
playback."""
