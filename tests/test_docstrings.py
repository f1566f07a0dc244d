"""Every public function and method of the core layer has a numpy-style docstring.

The core layer is the flat ``python/nrcore/*.py`` (processors and primitives; subpackages are
checked by their owners). A public callable needs a docstring; one that takes parameters needs a
``Parameters`` section naming each of them (``*args``/``**kwargs`` may be named with or without
stars, and several names may share a line: ``fmin, fmax : float``).
"""
from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import nrcore

CORE = sorted(p.stem for p in Path(nrcore.__file__).parent.glob("*.py")
              if not p.stem.startswith("_"))


def _public_callables(module):
    """(qualified name, object, takes parameters) for everything public defined in ``module``."""
    found = []
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            found.append((name, obj))
        elif inspect.isclass(obj):
            found.append((name, obj))
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                if inspect.isfunction(member) or isinstance(member, property):
                    if isinstance(member, property) and getattr(obj, "name", None) and \
                            any(getattr(p, "name", None) == attr for p in getattr(obj, "PARAMS", ())):
                        continue   # parameter attributes: documented by their Param
                    found.append((f"{name}.{attr}", member))
    return found


def _parameters(obj):
    """The documented-parameter names a callable needs (none for classes and properties)."""
    if isinstance(obj, property) or inspect.isclass(obj):
        return []
    names = []
    for p in inspect.signature(obj).parameters.values():
        if p.name in ("self", "cls"):
            continue
        names.append(p.name)
    return names


def _documented(doc):
    """Names listed in a docstring's Parameters section."""
    match = re.search(r"\n\s*Parameters\n\s*-{5,}\n(.*?)(?:\n\s*\n\s*[A-Z][a-z]+\n\s*-{5,}|\Z)",
                      doc, re.S)
    if not match:
        return None
    names = set()
    for line in match.group(1).splitlines():
        head = re.match(r"^\s{0,8}(\*{0,2}[A-Za-z_][\w]*(?:\s*,\s*\*{0,2}[A-Za-z_]\w*)*)\s*(:|$)",
                        line)
        if head and not line.startswith(" " * 9):
            names.update(n.strip().lstrip("*") for n in head.group(1).split(","))
    return names


@pytest.mark.parametrize("module_name", CORE)
def test_public_api_has_numpy_docstrings(module_name):
    module = importlib.import_module(f"nrcore.{module_name}")
    assert module.__doc__, f"nrcore.{module_name}: no module docstring"
    problems = []
    for qualname, obj in _public_callables(module):
        doc = inspect.getdoc(obj)
        if not doc:
            problems.append(f"{qualname}: no docstring")
            continue
        needed = _parameters(obj)
        if not needed:
            continue
        listed = _documented("\n" + doc)
        if listed is None:
            problems.append(f"{qualname}: no Parameters section for {', '.join(needed)}")
            continue
        missing = [n for n in needed if n not in listed]
        if missing:
            problems.append(f"{qualname}: Parameters lacks {', '.join(missing)}")
    assert not problems, f"nrcore.{module_name}:\n  " + "\n  ".join(problems)


def test_the_checker_catches_a_missing_section():
    def documented(a, b):
        """Add.

        Parameters
        ----------
        a, b : float
            In volts.
        """

    def undocumented(a):
        """Nothing about a."""

    assert _documented("\n" + inspect.getdoc(documented)) == {"a", "b"}
    assert _documented("\n" + inspect.getdoc(undocumented)) is None
