"""``python -m nrcore.hosts.jetson``: the same as ``nrcore rack``."""
import sys

from nrcore.hosts.jetson.main import main_rack

sys.exit(main_rack())
