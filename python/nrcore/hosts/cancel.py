"""Stopping a background training from another thread (the OSC server, Pd's [nr.ann]).

``fit`` is plain numpy with no stop flag; the thread running it gets
:class:`TrainingCancelled` raised at its next Python bytecode, between two numpy steps, so it
ends within one step. Whatever the thread is inside at that moment (a BLAS call) finishes
first.
"""
from __future__ import annotations

import ctypes
import threading


class TrainingCancelled(Exception):
    """Raised inside a training thread to stop it (cancel, free, replace, server stop, exit)."""


def cancel_thread(thread: threading.Thread) -> bool:
    """Raise :class:`TrainingCancelled` in ``thread``; False when it is not running."""
    if thread.ident is None or not thread.is_alive():
        return False
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                               ctypes.py_object(TrainingCancelled))
    return True
