"""The package tree shows its layers: no import circle, no layer importing one above it, and
the names a user imported before the split still work."""
import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "python" / "nrcore"

#: Layers bottom-up; a module may import only from its own layer or below.
LAYERS = [
    ("core", ("params", "processor", "activations", "signals", "descriptors", "render",
              "progress", "plots", "osc_codec", "_moved", "neuron", "network", "ann", "learning", "instrument",
              "midi")),
    ("synthesis", ("synthesis",)),
    ("rack", ("rack",)),
    ("hosts", ("hosts",)),
    ("app", ("app",)),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1].startswith("_") and parts[1] != "_moved":
        return 0          # the package itself and the compiled kernels
    for index, (_, heads) in enumerate(LAYERS):
        if parts[1] in heads:
            return index
    raise AssertionError(f"{module} belongs to no layer; add it to LAYERS")


def imports_of(path: Path) -> set[str]:
    """nrcore modules imported by a file (top-level and inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nrcore"):
            assert node.level == 0, f"{path}: relative import"
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("nrcore"))
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges = {}
    for name, path in modules.items():
        targets = set()
        for target in imports_of(path):
            # `from nrcore.hosts.pd import neurons` names a module or an attribute: either way
            # the edge goes to the longest existing module prefix.
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target != name and target != "nrcore":
                targets.add(target)
        edges[name] = targets
    return edges


#: The facade: `import nrcore` re-exports user-facing names from every layer.
FACADE = {"nrcore", "nrcore.__main__"}


def test_no_module_imports_a_layer_above_its_own():
    bad = [(a, b) for a, targets in graph().items() for b in targets
           if a not in FACADE and layer_of(b) > layer_of(a)]
    assert not bad, bad


def test_no_import_circle():
    edges = graph()
    state: dict[str, int] = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                raise AssertionError(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])


@pytest.mark.parametrize("old, new", [
    ("nrcore.synth", "nrcore.synthesis.runtime"),
    ("nrcore.corpus", "nrcore.synthesis.data.corpus"),
    ("nrcore.modelfile", "nrcore.synthesis.modelfile"),
    ("nrcore.pdadapter", "nrcore.hosts.pd"),
    ("nrcore.osc", "nrcore.hosts.osc"),
    ("nrcore.osc.server", "nrcore.hosts.osc.server"),
    ("nrcore.rack.launcher", "nrcore.hosts.jetson.launcher"),
    ("nrcore.rack.hardware.gpio", "nrcore.hosts.jetson.hardware.gpio"),
])
def test_old_import_paths_are_the_new_modules(old, new):
    assert importlib.import_module(old) is importlib.import_module(new)


def test_old_names_never_load_a_module_twice():
    code = ("import sys, nrcore.osc.server, nrcore.pdadapter, nrcore.synth\n"
            "from nrcore.rack.hardware.gpio import GateLine\n"
            "twice = [k for k, m in sys.modules.items() if k.startswith('nrcore') and "
            "getattr(m, '__name__', k) != k and m is not sys.modules.get(m.__name__)]\n"
            "print(twice); sys.exit(1 if twice else 0)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_user_facing_names_stay_at_the_top():
    import nrcore
    for name in ("Neuron", "Network", "DualNeuron", "MLP", "Instrument", "LearningNeuron",
                 "LearningNetwork", "ImpactSynth", "DescriptorVAE", "Rack", "Param",
                 "Processor", "REGISTRY", "ACTIVATIONS"):
        assert hasattr(nrcore, name), name
