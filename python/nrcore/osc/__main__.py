"""``python -m nrcore.osc [options]``: the same server as ``nrcore serve``."""
import sys

from .server import main_serve

sys.exit(main_serve())
