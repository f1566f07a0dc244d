"""Pd object for the control-rate network: ``[nr.ann]``."""
from __future__ import annotations

import atexit
import os
import threading
import weakref
from typing import Any, Sequence

from nrcore.hosts.cancel import cancel_thread
from nrcore.hosts.pd.base import CONTROL, PRINT, RESET, Argument, ControlObject, Message, Option, Port, _is_flag, _show

#: How often (ms of Pd's logical time) a running training is checked for completion.
TRAINING_POLL_MS = 20.0
#: How long deleting an object or quitting Pd waits for a cancelled training to end (s).
TRAINING_STOP_WAIT_S = 2.0


class AnnObject(ControlObject):
    name = "nr.ann"
    processor = "ann"
    module = "nrcore.ann"
    summary = "a control-rate neural network: a list in, a list out, with feedback"
    description = ("A multilayer perceptron for data-driven instruments: each list of inputs "
                   "(a mouse, a joystick, sensors) gives a list of outputs. feedback feeds the "
                   "previous outputs back in, so a held input keeps moving. Train it by "
                   "example: add inputs... outputs..., then train.")
    arguments = (Argument("sizes", 0, "layer sizes: inputs, hidden..., outputs "
                                      "(default 2 8 3)", 1, 1024),)
    options = (Option("seed", "seed of the random initial weights", default=1.0, minimum=0,
                      maximum=2**32 - 1),
               Option("weight_scale", "spread of the random initial weights", default=1.0,
                      minimum=0.0, maximum=100.0))
    messages = (Message("list", "x...", "one frame of inputs: computes and sends the outputs"),
                Message("add", "x... y...", "record an example: inputs, then the outputs "
                                            "they should give"),
                Message("train", "[epochs [rate]]", "fit the examples in the background "
                                                    "(default 1000 epochs, rate 0.01); Pd "
                                                    "keeps playing the old weights, then the "
                                                    "new ones load and the right outlet sends "
                                                    "the final loss"),
                Message("clear", "", "forget the recorded examples"),
                Message("randomize", "[seed]", "new random weights"),
                Message("write", "file", "save the model (JSON) beside the patch"),
                Message("read", "file", "load a model saved by write"),
                RESET, PRINT)
    help_arguments = (2, 8, 3, "-feedback", 0.5)
    help_list_inputs = 2
    help_messages = ("0.3 0.7", "add 0 0 0.1 0.5 0.9", "add 1 1 0.9 0.5 0.1", "train 500",
                     "clear", "randomize 2")

    @classmethod
    def parse_arguments(cls, args: Sequence[Any]
                        ) -> tuple[dict[str, Any], dict[str, list[Any]], dict[str, Any]]:
        args = list(args)
        sizes = []
        while args and not _is_flag(args[0]):
            value = args.pop(0)
            if not isinstance(value, (int, float)) or float(value) != int(value) or not (
                    1 <= int(value) <= 1024):
                raise ValueError(f"{cls.name}: layer sizes must be integers in [1, 1024], got "
                                 f"{value!r}")
            sizes.append(int(value))
        if len(sizes) == 1:
            raise ValueError(f"{cls.name}: give at least two layer sizes (inputs ... outputs), "
                             f"got {sizes}")
        _, params, options = super().parse_arguments(args)
        return {"sizes": tuple(sizes) if sizes else (2, 8, 3)}, params, options

    @classmethod
    def layout(cls, structure: dict[str, Any], options: dict[str, Any]
               ) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        sizes = structure["sizes"]
        inlets = (Port(CONTROL, "in", f"a list of {sizes[0]} inputs (one frame), or messages"),)
        outlets = (Port(CONTROL, "out", f"the list of {sizes[-1]} outputs"),
                   Port(CONTROL, "trained", "a float when a training finishes: its final "
                                            "loss (mean squared error)"))
        return inlets, outlets

    @classmethod
    def constructor_kwargs(cls, structure: dict[str, Any], options: dict[str, Any],
                           sample_rate: float) -> dict[str, Any]:
        return {"sizes": structure["sizes"], "seed": int(options["seed"]),
                "weight_scale": options["weight_scale"]}

    def receive(self, inlet: int, selector: str, atoms: list[Any]) -> None:
        if selector in ("list", "float"):
            self.message_list(atoms)
        else:
            super().receive(inlet, selector, atoms)

    def message_list(self, atoms: list[Any]) -> None:
        want = self.nr_processor.inputs
        if len(atoms) != want or not all(isinstance(a, (int, float)) for a in atoms):
            raise ValueError(f"list: expected {want} inputs (numbers), got {_show(atoms)}")
        out = self.nr_processor.process_frame(atoms)
        self.out(0, self._nr_pd.LIST, [float(v) for v in out])

    def message_add(self, atoms: list[Any]) -> None:
        mlp = self.nr_processor
        want = mlp.inputs + mlp.n_outputs
        if len(atoms) != want or not all(isinstance(a, (int, float)) for a in atoms):
            raise ValueError(f"add: expected {mlp.inputs} inputs then {mlp.n_outputs} outputs "
                             f"({want} numbers), got {atoms}")
        mlp.add_example(atoms[:mlp.inputs], atoms[mlp.inputs:])

    def setup(self) -> None:
        self.nr_training: _Training | None = None
        self.nr_train_clock = self.new_clock("_nr_training_tick")

    def message_train(self, atoms: list[Any]) -> None:
        if len(atoms) > 2 or not all(isinstance(a, (int, float)) for a in atoms):
            raise ValueError(f"train: expected [epochs [learning_rate]] with epochs an integer "
                             f"in [1, 1000000] and learning_rate in (0, 10], got {atoms}")
        epochs = atoms[0] if atoms else 1000
        rate = float(atoms[1]) if len(atoms) > 1 else 0.01
        if float(epochs) != int(epochs) or not 1 <= epochs <= 1_000_000:
            raise ValueError(f"train: epochs must be an integer in [1, 1000000], got {epochs}")
        if not 0.0 < rate <= 10.0:
            raise ValueError(f"train: learning_rate must be in (0, 10], got {rate:g}")
        if self.nr_training is not None:
            raise ValueError("train: a training is already running; wait for the trained "
                             "outlet")
        if not len(self.nr_processor.examples[0]):
            raise ValueError("train: no examples; record some with add x... y... first")
        self.nr_training = _Training(self.nr_processor, int(epochs), rate)
        self.nr_train_clock.delay(TRAINING_POLL_MS)

    def _nr_training_tick(self) -> None:
        training = self.nr_training
        if training is None:
            return
        if training.thread.is_alive():
            self.nr_train_clock.delay(TRAINING_POLL_MS)
            return
        self.nr_training = None
        if training.error is not None:
            raise training.error  # an internal fault: the host prints its traceback
        try:
            self.nr_processor.set_weights(training.weights)
        except ValueError:
            self.report_error("train: the network changed shape while training (read?); the "
                              "result was dropped")
            return
        self.out(1, self._nr_pd.FLOAT, training.loss)

    def nr_free(self) -> None:
        training, self.nr_training = self.nr_training, None
        if training is not None:
            training.stop()

    def message_clear(self, atoms: list[Any]) -> None:
        self.nr_processor.clear_examples()

    def message_randomize(self, atoms: list[Any]) -> None:
        if len(atoms) > 1 or (atoms and (not isinstance(atoms[0], (int, float)) or
                                         float(atoms[0]) != int(atoms[0]) or
                                         not 0 <= atoms[0] <= 2**32 - 1)):
            raise ValueError(f"randomize: expected [seed], seed an integer in "
                             f"[0, 4294967295], got {atoms}")
        self.nr_processor.randomize(seed=int(atoms[0]) if atoms else None)

    def _model_path(self, atoms: list[Any], what: str) -> str:
        if len(atoms) != 1 or not isinstance(atoms[0], str):
            raise ValueError(f"{what}: expected a file name, got {atoms}")
        path = atoms[0]
        if not os.path.isabs(path):
            path = os.path.join(self.get_current_dir(), path)
        return path

    def message_write(self, atoms: list[Any]) -> None:
        path = self._model_path(atoms, "write")
        try:
            self.nr_processor.save(path)
        except OSError as err:
            raise ValueError(f"write: cannot write {path}: {err.strerror}") from None

    def message_read(self, atoms: list[Any]) -> None:
        path = self._model_path(atoms, "read")
        cls = self.processor_class()
        try:
            self.nr_processor = cls.load(path)  # type: ignore[attr-defined]
        except OSError as err:
            raise ValueError(f"read: cannot read {path}: {err.strerror}") from None


class _Training:
    """One background training: a copy of the network fitted on a thread.

    The copy (weights, parameters, examples) is taken on Pd's thread, so the object keeps
    playing its current weights and recording examples while the thread runs; the result is
    loaded on Pd's thread by the object's clock.
    """

    def __init__(self, mlp: Any, epochs: int, rate: float) -> None:
        self.copy = type(mlp).from_dict(mlp.to_dict())
        self.epochs = epochs
        self.rate = rate
        self.weights: Any = None
        self.loss = 0.0
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="nrcore-ann-train", daemon=True)
        _RUNNING.add(self)
        self.thread.start()

    def stop(self) -> None:
        """Cancel the fit (its result is dropped) and wait for the thread to end."""
        cancel_thread(self.thread)
        if self.thread is not threading.current_thread():
            self.thread.join(TRAINING_STOP_WAIT_S)

    def _run(self) -> None:
        try:
            losses = self.copy.fit(epochs=self.epochs, learning_rate=self.rate)
            self.weights = self.copy.get_weights()
            self.loss = float(losses[-1])
        except BaseException as exc:  # noqa: BLE001 - reported on Pd's thread
            self.error = exc


#: Trainings whose thread may still run: stopped at exit, so that no thread is inside numpy's
#: BLAS when the process unloads it (Pd's bridge runs Python's exit functions at Pd's exit).
_RUNNING: weakref.WeakSet[_Training] = weakref.WeakSet()


@atexit.register
def _stop_trainings() -> None:
    for training in list(_RUNNING):
        training.stop()
