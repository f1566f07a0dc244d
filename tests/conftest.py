import os
import sys

HERE = os.path.dirname(__file__)
sys.path.insert(0, HERE)  # the ref_*.py references
sys.path.insert(0, os.path.join(HERE, "..", "python"))


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than ~20 s")
