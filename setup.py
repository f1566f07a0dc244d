"""Builds every Cython kernel in cython/ into the nrcore package.

Each ``cython/_name.pyx`` becomes the extension ``nrcore._name``. Set ``NRCORE_ONLY=_a,_b`` to
build a subset (useful while working on one kernel).
"""
import os
import sys
from pathlib import Path

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup

HERE = Path(__file__).parent
only = {name for name in os.environ.get("NRCORE_ONLY", "").split(",") if name}

# fp-contract off / fp:precise: no fused multiply-add, so results are bit-identical to the
# Python references on every platform (aarch64 compilers fuse by default). MSVC (Windows,
# built by cibuildwheel, not verified here) does not contract under /fp:precise.
COMPILE_ARGS = (["/O2", "/fp:precise"] if sys.platform == "win32"
                else ["-O3", "-fno-math-errno", "-ffp-contract=off"])

extensions = [
    Extension(
        f"nrcore.{pyx.stem}",
        [str(pyx.relative_to(HERE))],
        include_dirs=[numpy.get_include(), "cython"],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
        extra_compile_args=COMPILE_ARGS,
    )
    for pyx in sorted((HERE / "cython").glob("_*.pyx"))
    if not only or pyx.stem in only
]

setup(
    ext_modules=cythonize(
        extensions,
        include_path=["cython"],
        compiler_directives={
            "language_level": 3,
            "boundscheck": False,
            "wraparound": False,
            "cdivision": True,
            "initializedcheck": False,
        },
    ),
)
