# Type stub of the Cython kernel cython/_nsf.pyx (built into nrcore._nsf): its classes and
# functions are typed Any here while the kernel is being reworked; the Python wrappers that
# use it check their own arguments.
from typing import Any

def __getattr__(name: str) -> Any: ...
