"""The rack's screen menu, driven by the encoder (turn) and its push button (click, long press).

Pages are generated, not hand-written: the synth and rack pages list every ``Param`` declared
with ``menu=True`` (:mod:`nrcore.params`), stepping by its ``step`` and clamping to its range,
so a new parameter appears on the screen by itself. The rack's own pages sit beside them:

* **Model**: every model file in the model folder (select = background load + crossfade),
  reload;
* **Presets**: F1 and F2, each descriptor's level editable, load from / save to its file
  (atomically);
* **Inputs**: which ADC channel or GPIO line feeds each gate and CV;
* **Calibrate**: per CV, capture the reading at -5 V and at +5 V, then apply;
* **Stats**: CPU load, xruns, I2C errors, temperature, triggers, model;
* **Power**: shutdown and reboot, each behind a No/Yes confirmation.

Turning moves the cursor; a click opens a page, runs an action or starts editing a value
(turning then changes it, a click ends editing); "< back" items and a long press go up a page.
:meth:`Menu.render` draws the current page into a PIL image of the screen's size and mode.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Sequence

from nrcore.descriptors import DESCRIPTOR_NAMES, DESCRIPTOR_UNITS
from nrcore.params import Param
from nrcore.synthesis.runtime import DESCRIPTOR_RANGES, ImpactSynth
from nrcore.rack.engine import INPUTS, SYNTH_PARAMS, Rack


@dataclass
class Item:
    """One line of a page. ``kind``: page, value, action, info or back."""

    label: str
    kind: str = "info"
    page: Callable[[], "Page"] | None = None
    action: Callable[[], Any] | None = None
    get: Callable[[], Any] | None = None
    change: Callable[[int], Any] | None = None   # detents -> new value (edits in place)
    text: Callable[[], str] | None = None

    def value_text(self) -> str:
        if self.text is not None:
            return self.text()
        return ""


@dataclass
class Page:
    title: str
    items: Callable[[], list[Item]]
    cursor: int = 0
    top: int = 0
    parent: "Page | None" = field(default=None, repr=False)


def format_value(value: Any, param: Param | None = None) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        text = f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    else:
        text = str(value)
    if param is not None and param.unit:
        unit = {"semitones": "st", "octaves": "oct"}.get(param.unit, param.unit)
        text += f" {unit}"
    return text


def step_param(param: Param, value: Any, detents: int) -> Any:
    """The value ``detents`` encoder clicks away from ``value``, clamped to the range."""
    if param.kind == "bool":
        return (not value) if detents % 2 else value
    if param.kind == "choice":
        i = param.choices.index(value) if value in param.choices else 0
        return param.choices[(i + detents) % len(param.choices)]
    lo = param.minimum if param.minimum is not None else -math.inf
    hi = param.maximum if param.maximum is not None else math.inf
    if param.step is not None:
        step = param.step
    elif math.isfinite(lo) and math.isfinite(hi):
        step = (hi - lo) / 100.0
    else:
        step = 1.0
    if param.kind == "int":
        step = max(1, int(round(step)))
    new = value + detents * step
    new = min(max(new, lo), hi)
    if param.kind == "int":
        return int(round(new))
    return float(round(new / step) * step) if step else new


#: Encoder acceleration while editing a value: a detent that follows the previous one within
#: this many seconds moves the value by the factor (fast turns cross a wide range quickly).
ACCELERATION = ((0.025, 16), (0.06, 4), (0.12, 2))


def accelerate(detents: int, interval: float) -> int:
    """``detents`` scaled by the encoder speed (``interval``: seconds since the last turn,
    per detent)."""
    for limit, factor in ACCELERATION:
        if interval < limit:
            return detents * factor
    return detents


def wrap_text(text: str, font: Any, width: float) -> list[str]:
    """Words of ``text`` in lines no wider than ``width`` pixels in ``font`` (a word too
    long on its own is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def fit_text(text: str, font: Any, width: float) -> str:
    """``text``, cut with ".." so that it is at most ``width`` pixels wide in ``font``."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "..") > width:
        text = text[:-1]
    return text.rstrip() + ".." if text else ""


class Menu:
    """The menu state machine and its renderer.

    Parameters
    ----------
    host : object
        The launcher (or the simulator): ``rack`` (a :class:`Rack`), ``controls`` (a
        :class:`~nrcore.hosts.jetson.controls.ControlReader` or None), ``models()`` (model stems),
        ``preset_paths`` (``{"f1": Path, "f2": Path}``), ``stats()`` (label -> text),
        ``power(action)`` ("shutdown"/"reboot") and ``save_calibration()``.
    width, height : int
        Screen size in pixels; ``mode`` the PIL mode of the device ("1" or "RGB").
    """

    def __init__(self, host: Any, width: int = 128, height: int = 64, mode: str = "1",
                 clock: Callable[[], float] = time.monotonic) -> None:
        from PIL import ImageFont

        self.host = host
        self.width, self.height, self.mode = int(width), int(height), mode
        self.rows = 5 if height <= 64 else max(5, height // 24)
        self.row_height = self.height // self.rows
        self.font = ImageFont.load_default(size=max(8, self.row_height - 2))
        self.page = self.main_page()
        self.editing = False
        self.message = ""
        #: The last failure the launcher reported (shown in the title until a click).
        self.fault = ""
        self._captures: dict[str, dict[str, float]] = {}
        self.saving: threading.Thread | None = None
        self.dirty = True
        self._clock = clock
        self._last_turn = -math.inf
        #: Set when a setting the host persists changed (model, page, a value, an input).
        self.settings_changed = False

    @property
    def rack(self) -> Rack:
        rack: Rack = self.host.rack
        return rack

    # -- pages ------------------------------------------------------------------------------
    def _sub(self, title: str, items: Callable[[], list[Item]]) -> Callable[[], Page]:
        return lambda: Page(title, items)

    def main_page(self) -> Page:
        def items() -> list[Item]:
            return [
                Item("Model", "page", page=self._sub("Model", self._model_items),
                     text=lambda: self.rack.model_name),
                Item("Presets", "page", page=self._sub("Presets", self._preset_items)),
                Item("Synth", "page", page=self._sub("Synth", self._synth_items)),
                Item("Rack", "page", page=self._sub("Rack", self._rack_items)),
                Item("Inputs", "page", page=self._sub("Inputs", self._input_items)),
                Item("Calibrate", "page", page=self._sub("Calibrate", self._calibrate_items)),
                Item("Stats", "page", page=self._sub("Stats", self._stats_items)),
                Item("Power", "page", page=self._sub("Power", self._power_items)),
            ]
        return Page("Neurorack", items)

    def _param_items(self, params: Sequence[Param], get: Callable[[str], Any],
                     set_: Callable[[str, Any], Any]) -> list[Item]:
        out = []
        for p in params:
            if not p.menu or p.kind in ("vector", "matrix"):
                continue

            def change(detents: int, p: Param = p) -> Any:
                return set_(p.name, step_param(p, get(p.name), detents))

            def text(p: Param = p) -> str:
                return format_value(get(p.name), p)

            out.append(Item(p.name, "value", get=partial(get, p.name), change=change,
                            text=text))
        return out

    def _synth_items(self) -> list[Item]:
        params = [p for p in ImpactSynth.PARAMS if p.name in SYNTH_PARAMS]
        return [self._back(), *self._param_items(params, self.rack.synth_param,
                                                 self.rack.synth_param)]

    def _rack_items(self) -> list[Item]:
        return [self._back(), *self._param_items(Rack.PARAMS, self.rack.get_param,
                                                 self.rack.set_param)]

    def _model_items(self) -> list[Item]:
        items = [self._back(),
                 Item("Reload", "action", action=lambda: self._load_model(self.rack.model_path))]
        for stem in self.host.models():
            def mark(s: Any = stem) -> str:
                return "*" if Path(str(s)).name == self.rack.model_name else ""

            items.append(Item(Path(stem).name, "action",
                              action=partial(self._load_model, stem), text=mark))
        return items

    def _load_model(self, stem: Any) -> None:
        self.rack.load_model(stem)
        self.message = f"loading {Path(str(stem)).name}"

    def _preset_items(self) -> list[Item]:
        items = [self._back()]
        for which in ("f1", "f2"):
            def name(w: str = which) -> str:
                return self.rack.preset_names[w][:10]

            items.append(Item(which.upper(), "page",
                              page=self._sub(which.upper(), partial(self._one_preset, which)),
                              text=name))
        return items

    def _one_preset(self, which: str) -> list[Item]:
        path = Path(self.host.preset_paths[which])
        items = [self._back(),
                 Item("Save", "action", action=lambda: self._save_preset(which, path)),
                 Item("Load", "action", action=lambda: self._load_preset(which, path))]
        for d, name in enumerate(DESCRIPTOR_NAMES):
            lo, hi = DESCRIPTOR_RANGES[d]
            unit = DESCRIPTOR_UNITS[d] if DESCRIPTOR_UNITS[d] == "Hz" else ""
            param = Param(name, 0.0, name, unit=unit, minimum=lo, maximum=hi,
                          step=(0.01 if hi <= 1.0 else 10.0))

            def get(name: str = name) -> float:
                return self.rack.preset(which).level(name)

            def change(detents: int, name: str = name, param: Param = param) -> None:
                preset = self.rack.preset(which)
                preset.set_level(name, step_param(param, preset.level(name), detents))
                self.rack.set_preset(which, preset)

            def text(get: Callable[[], Any] = get, param: Param = param) -> str:
                return format_value(get(), param)

            items.append(Item(name, "value", get=get, change=change, text=text))
        return items

    def _save_preset(self, which: str, path: Path) -> None:
        """Save on a thread: a copy of the preset is taken now, the (fsynced) write happens
        without holding up the menu or the rack."""
        preset = self.rack.preset(which)
        self.message = f"saving {path.name}"

        def work() -> None:
            from nrcore.rack.presets import save_preset
            try:
                save_preset(preset, path)
                self.message = f"saved {path.name}"
            except (OSError, ValueError) as exc:
                self.message = f"save failed: {exc}"[:60]
            self.dirty = True

        self.saving = threading.Thread(target=work, name="nrcore-rack-save", daemon=True)
        self.saving.start()

    def _load_preset(self, which: str, path: Path) -> None:
        try:
            self.rack.load_preset(which, path)
            self.message = f"loaded {path.name}"
        except (OSError, ValueError) as exc:
            self.message = f"load failed: {exc}"[:60]

    def _input_items(self) -> list[Item]:
        controls = self.host.controls
        items = [self._back()]
        if controls is None:
            return items + [Item("no inputs")]
        for key in INPUTS:
            def change(detents: int, key: str = key) -> None:
                options = controls.sources_for(key)
                now = controls.assignment.sources[key]
                i = options.index(now) if now in options else 0
                controls.assign(key, options[(i + detents) % len(options)])

            def source(key: str = key) -> str:
                return str(controls.assignment.sources[key])

            items.append(Item(key, "value", change=change, text=source))
        return items

    def _calibrate_items(self) -> list[Item]:
        controls = self.host.controls
        items = [self._back()]
        if controls is None or not any(controls.assignment.sources[k] in controls.channels
                                       for k in INPUTS[2:]):
            sim = controls is not None and "sim" in controls.assignment.sources.values()
            text = ("Simulator: CVs come from OSC, MIDI or the script; no ADC to calibrate."
                    if sim else "No CV input is on an ADC: assign one under Inputs.")
            return items + [Item(line) for line in wrap_text(text, self.font, self.width - 4)]
        for key in INPUTS[2:]:
            source = controls.assignment.sources[key]
            if source not in controls.channels:
                continue
            def volts(s: str = source) -> str:
                return f"{controls.channels[s].volts:+.2f}V"

            items.append(Item(key.upper(), "page",
                              page=self._sub(f"Cal {key.upper()}",
                                             partial(self._calibrate_one, key, source)),
                              text=volts))
        return items

    def _calibrate_one(self, key: str, source: str) -> list[Item]:
        from nrcore.hosts.jetson.hardware.ads1x15 import Calibration

        channel = self.host.controls.channels[source]
        captured = self._captures.setdefault(source, {})

        def capture(volts: float) -> None:
            captured[f"{volts:+.0f}"] = channel.adc_volts
            self.message = f"{volts:+.0f}V = {channel.adc_volts:.4f} at pin"

        def apply() -> None:
            if "-5" not in captured or "+5" not in captured:
                self.message = "capture -5V and +5V first"
                return
            try:
                channel.calibration = Calibration.from_points(captured["-5"], captured["+5"])
            except ValueError as exc:
                self.message = str(exc)[:60]
                return
            self.host.save_calibration()
            self.message = f"{key} calibrated"

        return [self._back(),
                Item("Now", "info", text=lambda: f"{channel.volts:+.2f}V"),
                Item("Patch -5V, set", "action", action=lambda: capture(-5.0)),
                Item("Patch +5V, set", "action", action=lambda: capture(5.0)),
                Item("Apply", "action", action=apply)]

    def _stats_items(self) -> list[Item]:
        stats = self.host.stats()
        return [self._back(), *[Item(label, "info", text=partial(str, value))
                                for label, value in stats.items()]]

    def _power_items(self) -> list[Item]:
        return [self._back(),
                Item("Shutdown", "page", page=self._confirm("shutdown")),
                Item("Reboot", "page", page=self._confirm("reboot"))]

    def _confirm(self, action: str) -> Callable[[], Page]:
        def run() -> None:
            self.message = str(self.host.power(action) or f"{action}...")

        return lambda: Page(f"{action.capitalize()}?", lambda: [
            self._back("No"), Item("Yes", "action", action=run)])

    def _back(self, label: str = "< back") -> Item:
        return Item(label, "back")

    # -- input ------------------------------------------------------------------------------
    def items(self) -> list[Item]:
        return self.page.items()

    def turn(self, detents: int) -> None:
        items = self.items()
        self.dirty = True
        now = self._clock()
        interval = (now - self._last_turn) / max(1, abs(detents))
        self._last_turn = now
        if self.editing:
            item = items[self.page.cursor]
            change = item.change
            if change is None:          # the page changed under the cursor: nothing to edit
                self.editing = False
                return
            try:
                change(accelerate(detents, interval))
                self.settings_changed = True
            except ValueError as exc:
                self.message = str(exc)[:60]
            return
        self.page.cursor = min(max(self.page.cursor + detents, 0), len(items) - 1)

    def click(self) -> None:
        self.dirty = True
        items = self.items()
        item = items[min(self.page.cursor, len(items) - 1)]
        self.message = ""
        self.fault = ""
        if self.editing:
            self.editing = False
        elif item.kind == "page" and item.page is not None:
            page = item.page()
            page.parent = self.page
            self.page = page
            self.settings_changed = True
        elif item.kind == "back":
            self.back()
        elif item.kind == "action" and item.action is not None:
            item.action()
        elif item.kind == "value" and item.change is not None:
            self.editing = True

    def back(self) -> None:
        self.dirty = True
        self.editing = False
        self.message = ""             # a message belongs to the page it was shown on
        if self.page.parent is not None:
            self.page = self.page.parent
            self.settings_changed = True

    def page_path(self) -> list[str]:
        """Titles from the main page down to the current one (what the settings keep)."""
        path = []
        page: Page | None = self.page
        while page is not None and page.parent is not None:
            path.append(page.title)
            page = page.parent
        return path[::-1]

    def open_path(self, titles: Sequence[str]) -> None:
        """Open the pages named ``titles`` from the main page (unknown ones are skipped)."""
        self.page = self.main_page()
        for title in titles:
            for i, item in enumerate(self.items()):
                if item.kind == "page" and item.page is not None and (
                        item.page().title == title):
                    page = item.page()
                    page.parent = self.page
                    self.page.cursor = i
                    self.page = page
                    break
            else:
                return

    def handle(self, event: str, value: int = 0) -> None:
        """Apply one control event: ``("turn", detents)``, ``("click", 0)``, ``("long", 0)``."""
        if event == "turn":
            self.turn(value)
        elif event == "click":
            self.click()
        elif event == "long":
            self.back()

    # -- drawing ----------------------------------------------------------------------------
    def lines(self) -> list[tuple[str, str, bool]]:
        """The visible rows as (label, value, selected): what :meth:`render` draws."""
        items = self.items()
        visible = self.rows - 1
        page = self.page
        page.cursor = min(page.cursor, len(items) - 1)
        if page.cursor < page.top:
            page.top = page.cursor
        elif page.cursor >= page.top + visible:
            page.top = page.cursor - visible + 1
        rows = []
        for i in range(page.top, min(len(items), page.top + visible)):
            item = items[i]
            label = item.label + (" >" if item.kind == "page" else "")
            rows.append((label, item.value_text(), i == page.cursor))
        return rows

    def title(self) -> str:
        if self.fault:
            return "! " + self.fault
        if self.message:
            return self.message
        return self.page.title + (" [edit]" if self.editing else "")

    def row_layout(self, label: str, value: str) -> tuple[str, str, float]:
        """What one row draws: (label, value, x of the value). The value keeps at most 60 %
        of the row and ends 3 pixels from the edge; the label gets the rest less a 4-pixel
        gap. Widths are measured in the font, so the two never overlap."""
        value = fit_text(value, self.font, 0.6 * (self.width - 6)) if value else ""
        width = self.font.getlength(value) if value else 0.0
        room = self.width - 6 - width - (4 if value else 0)
        return fit_text(label, self.font, room), value, self.width - 3 - width

    def render(self) -> Any:
        """The current page as a PIL image (the screen's size and mode)."""
        from PIL import Image, ImageDraw

        on = 1 if self.mode == "1" else "white"
        off = 0 if self.mode == "1" else "black"
        image = Image.new(self.mode, (self.width, self.height), off)
        draw = ImageDraw.Draw(image)
        h = self.row_height
        draw.text((1, 0), fit_text(self.title(), self.font, self.width - 2), font=self.font,
                  fill=on)
        draw.line((0, h - 1, self.width - 1, h - 1), fill=on)
        for r, (label, value, selected) in enumerate(self.lines()):
            y = (r + 1) * h
            fg, bg = (off, on) if selected else (on, off)
            if selected:
                draw.rectangle((0, y, self.width - 1, y + h - 1), fill=bg)
            label, value, value_x = self.row_layout(label, value)
            draw.text((2, y), label, font=self.font, fill=fg)
            if value:
                draw.text((value_x, y), value, font=self.font, fill=fg)
        self.dirty = False
        return image

    def show(self, device: Any) -> Any:
        """Render and send to a luma device; returns the image."""
        image = self.render()
        if image.mode != device.mode:
            image = image.convert(device.mode)
        device.display(image)
        return image
