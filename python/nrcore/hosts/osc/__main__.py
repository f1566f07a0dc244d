"""``python -m nrcore.hosts.osc [options]``: the same server as ``nrcore serve``."""
import sys

from nrcore.hosts.osc.server import main_serve

sys.exit(main_serve())
