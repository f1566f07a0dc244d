"""Help, meta and example patches: generated from the parameter declarations, up to date on
disk, and each opens and runs in real Pd with no error in the console."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nrcore import __version__
from nrcore.hosts.pd import OBJECTS
from nrcore.hosts.pd.help import all_patches, check_all, help_patch
import pdlayout
from pdharness import PD, PD_DIR, build_bridge, quit_patch, run_pd

GENERATED = sorted(all_patches())


def test_patches_on_disk_match_the_declarations():
    # regenerate with: python -m nrcore.hosts.pd.help pd
    assert check_all(PD_DIR) == []


def test_every_object_has_a_pd_py_file_help_patch_and_reference():
    for name, cls in OBJECTS.items():
        assert (PD_DIR / f"{name}.pd_py").exists(), name
        assert f"{name}-help.pd" in GENERATED
        text = help_patch(cls).render()
        assert "pd reference;" in text
        for section in ("INLETS:", "OUTLETS:", "ARGUMENTS:"):
            assert section in text, (name, section)
        for param in cls.params():  # every parameter is documented as a message
            assert "#X text 40 " in text and f" {param.name} <" in text, (name, param.name)


def test_pd_py_files_bind_the_adapters_and_use_only_the_py4pd_api():
    """The .pd_py files are thin: one NewObject subclass mixing in the adapter, named like
    the file; nothing beyond py4pd 1.x's documented module API."""
    for name, cls in OBJECTS.items():
        tree = ast.parse((PD_DIR / f"{name}.pd_py").read_text())
        classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
        assert len(classes) == 1
        bases = [ast.unparse(b) for b in classes[0].bases]
        assert bases == [cls.__name__, "pd.NewObject"], (name, bases)
        assert cls.name == name
    used = set()
    adapters = Path(__file__).resolve().parent.parent / "python" / "nrcore" / "hosts" / "pd"
    source = "\n".join(p.read_text() for p in sorted(adapters.glob("*.py")) if p.name != "help.py")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and \
                node.value.attr == "_nr_pd":
            used.add(node.attr)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "self" and \
                node.func.attr in ("out", "error", "logpost", "get_current_dir"):
            used.add("self." + node.func.attr)
    py4pd_api = {"SIGNAL", "DATA", "FLOAT", "SYMBOL", "LIST", "post", "new_clock",
                 "get_sample_rate", "self.out", "self.error", "self.logpost",
                 "self.get_current_dir"}
    assert used <= py4pd_api, used - py4pd_api




@pytest.mark.skipif(PD is None, reason="Pure Data (pd) is not installed")
@pytest.mark.parametrize("rel", GENERATED)
def test_patch_opens_and_runs_without_errors(tmp_path, rel):
    build_bridge()
    quitter = quit_patch(300).write(tmp_path / "quit.pd")
    # no -path: each patch must find the library and the objects on its own
    run = run_pd(PD_DIR / rel, tmp_path, paths=(), extra_args=["-open", str(quitter)])
    assert run.returncode == 0, run.output
    assert run.errors == [], run.output
    if rel != "nrcore-meta.pd":
        assert f"nrcore {__version__}: Python" in run.output  # the bridge did load
    # the console stays quiet while it plays: printing is behind a toggle
    chatter = [line for line in run.output.splitlines()
               if line.strip() and not line.startswith(("nrcore ", "verbose("))]
    assert chatter == [], run.output


@pytest.mark.parametrize("rel", GENERATED)
def test_no_box_overlaps_another_and_no_cord_runs_through_a_box(rel):
    """Box rectangles from the patch text and Pd 0.53's font metrics (tests/pdlayout.py)."""
    text = (PD_DIR / rel).read_text()
    assert pdlayout.problems(pdlayout.parse(text)) == []


HELP = [rel for rel in GENERATED if rel.endswith("-help.pd") or rel.startswith("examples/")]


def clicking_patch(text: str) -> str:
    """The help patch with a [loadbang] that clicks every message box (a click sends what a
    bang does) and moves every slider, number box and toggle, as a user would, then lets DSP
    run 200 ms and quits."""
    canvas = pdlayout.parse(text)
    boxes = canvas.boxes
    lines = []
    connects = []
    n = len(boxes)
    load = n
    lines.append("#X obj 2000 10 loadbang;")
    targets = []
    for box in boxes:
        if box.kind == "msg" and "$" not in box.text:
            targets.append((box.index, None))
        elif box.kind in ("hsl", "nbx", "tgl"):
            if box.kind == "hsl":
                value = (float(box.atoms[2]) + float(box.atoms[3])) / 2
            elif box.kind == "nbx":
                value = float(box.atoms[-2])  # its initial value, sent again
            else:
                value = 1.0
            targets.append((box.index, value))
    index = n + 1
    trigger = index
    lines.append(f"#X obj 2000 40 t {' '.join(['b'] * (len(targets) + 1))};")
    connects.append((load, 0, trigger, 0))
    index += 1
    for k, (target, value) in enumerate(targets):
        outlet = len(targets) - k  # right to left: in patch order
        if value is None:
            connects.append((trigger, outlet, target, 0))
        else:
            lines.append(f"#X msg 2000 {80 + 30 * k} {value:g};")
            connects.append((trigger, outlet, index, 0))
            connects.append((index, 0, target, 0))
            index += 1
    lines.append("#X obj 2100 40 delay 200;")
    wait = index
    lines.append("#X msg 2100 70 \\; pd quit 0;")
    connects += [(trigger, 0, wait, 0), (wait, 0, wait + 1, 0)]
    extra = "\n".join(lines + [f"#X connect {a} {b} {c} {d};" for a, b, c, d in connects])
    return text.rstrip("\n") + "\n" + extra + "\n"


@pytest.mark.skipif(PD is None, reason="Pure Data (pd) is not installed")
@pytest.mark.parametrize("rel", HELP)
def test_every_message_box_and_control_of_a_help_patch_works(tmp_path, rel):
    build_bridge()
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(clicking_patch((PD_DIR / rel).read_text()))
    run = run_pd(path, tmp_path, paths=(PD_DIR,))
    assert run.returncode == 0, run.output
    assert run.errors == [], run.output
    clicked = (PD_DIR / rel).read_text().count("#X msg ")
    assert clicked >= 3


# The deken package (made with the wheels it ships) is tested as a user installs it in
# tests/test_deken.py.


@pytest.mark.skipif(PD is None, reason="Pure Data (pd) is not installed")
def test_example_sliders_load_the_values_they_show(tmp_path):
    """Pd keeps a slider's position in whole pixels; the example's sliders are sized so that
    the values they send at load are exactly the ones written beside them (0.8, not 0.7716)."""
    build_bridge()
    p = quit_patch(100)
    load = p.obj(300, 10, "loadbang")
    wait = p.obj(300, 40, "delay", 20)  # after the example has opened
    ask = p.msg(300, 70, "; neuron-example print")
    p.chain(load, wait, ask)
    asker = p.write(tmp_path / "ask.pd")
    example = PD_DIR / "examples" / "neuron-feedback-noise.pd"
    run = run_pd(example, tmp_path, paths=(), extra_args=["-open", str(asker)])
    assert run.errors == [], run.output
    for line in ("nr.neuron~: weights 0.8 0.5 0.3", "nr.neuron~: bias 0",
                 "nr.neuron~: feedback 0.4", "nr.neuron~: noise 0.05"):
        assert line in run.output.splitlines(), run.output
