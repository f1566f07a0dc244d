"""The README's promises: its Python example runs as written, its tables name every processor,
and CI runs the README's test command."""
import re
from pathlib import Path

import pytest

import nrcore

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_python_example_runs_and_the_bad_value_is_refused():
    block = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    lines = block.splitlines()
    bad = next(i for i, line in enumerate(lines) if "ValueError" in line)
    scope: dict = {}
    exec("\n".join(lines[:bad]), scope)
    with pytest.raises(ValueError, match=r"feedback: 1000 is above the maximum"):
        exec(lines[bad].split("#")[0], scope)
    exec("\n".join(lines[bad + 1:]), scope)
    assert scope["impact"].std() > 0.01  # the shipped model made a sound


def test_every_processor_is_in_the_readme_table():
    for name, cls in nrcore.REGISTRY.items():
        assert f"| `{cls.__name__}` | `{name}` |" in README


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    commands = re.search(r"```sh\n(.*?)```", README, re.S).group(1).splitlines()
    assert [c.split("#")[0].strip() for c in commands] == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
