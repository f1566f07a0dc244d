"""OSC encoding that Max can read, and SLIP framing for OSC over TCP.

Max's ``[udpreceive]`` understands int32 (``i``), float32 (``f``) and strings (``s``) and turns
64-bit doubles into 0, so every reply nrcore sends is built here with explicit type tags from
Python/numpy values: booleans and integers become ``i``, real numbers ``f`` (never NaN/inf),
everything else a string.
"""
from __future__ import annotations

import math
from typing import Any, Iterable

import numpy as np
from pythonosc.osc_message_builder import OscMessageBuilder

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

SLIP_END = 0xC0
SLIP_ESC = 0xDB
SLIP_ESC_END = 0xDC
SLIP_ESC_ESC = 0xDD


def max_atoms(values: Iterable[Any]) -> list[tuple[str, Any]]:
    """Flatten ``values`` into ``(type_tag, value)`` pairs using only ``i``, ``f`` and ``s``.

    Arrays are flattened in C order; non-finite floats become 0.0 (NaN never leaves nrcore);
    integers outside int32 are sent as float32.

    Parameters
    ----------
    values : iterable
        Numbers, strings, numpy arrays and sequences of them.

    Returns
    -------
    list of (str, Any)
        Type tag and value of each atom.
    """
    atoms: list[tuple[str, Any]] = []
    for value in values:
        if isinstance(value, np.ndarray):
            atoms.extend(max_atoms(value.ravel().tolist()))
        elif isinstance(value, (list, tuple)):
            atoms.extend(max_atoms(value))
        elif isinstance(value, (bool, np.bool_)):
            atoms.append(("i", int(value)))
        elif isinstance(value, (int, np.integer)):
            number = int(value)
            if INT32_MIN <= number <= INT32_MAX:
                atoms.append(("i", number))
            else:
                atoms.append(("f", float(number)))
        elif isinstance(value, (float, np.floating)):
            real = float(value)
            atoms.append(("f", real if math.isfinite(real) else 0.0))
        else:
            atoms.append(("s", str(value)))
    return atoms


def encode_message(address: str, *values: Any) -> bytes:
    """One OSC message datagram whose arguments are only ``i``, ``f`` and ``s``.

    Parameters
    ----------
    address : str
        The OSC address, e.g. ``/nrcore/n1/out``.
    *values : Any
        The arguments (flattened by :func:`max_atoms`).

    Returns
    -------
    bytes
        The datagram.
    """
    builder = OscMessageBuilder(address=address)
    for tag, value in max_atoms(values):
        builder.add_arg(value, tag)
    return builder.build().dgram


def slip_encode(packet: bytes) -> bytes:
    """Frame one packet for a stream (RFC 1055, with the leading END of OSC 1.1).

    Parameters
    ----------
    packet : bytes
        One OSC packet.

    Returns
    -------
    bytes
        The SLIP frame.
    """
    out = bytearray([SLIP_END])
    for byte in packet:
        if byte == SLIP_END:
            out += bytes((SLIP_ESC, SLIP_ESC_END))
        elif byte == SLIP_ESC:
            out += bytes((SLIP_ESC, SLIP_ESC_ESC))
        else:
            out.append(byte)
    out.append(SLIP_END)
    return bytes(out)


class SlipDecoder:
    """Incremental SLIP decoder: feed stream bytes, get complete packets back.

    Empty frames (the doubled END of OSC 1.1) are skipped; an escape byte followed by anything
    other than ESC_END/ESC_ESC is a protocol error and drops the current frame.
    """

    def __init__(self, max_packet: int = 65536) -> None:
        self.max_packet = max_packet
        self._frame = bytearray()
        self._escaped = False
        self._broken = False

    def feed(self, data: bytes) -> list[bytes]:
        """Take stream bytes; return every packet they completed.

        Parameters
        ----------
        data : bytes
            The next bytes from the stream (any split).

        Returns
        -------
        list of bytes
            Complete packets, in order (broken frames are dropped).
        """
        packets: list[bytes] = []
        for byte in data:
            if byte == SLIP_END:
                if self._frame and not self._broken:
                    packets.append(bytes(self._frame))
                self._frame.clear()
                self._escaped = False
                self._broken = False
            elif self._escaped:
                self._escaped = False
                if byte == SLIP_ESC_END:
                    self._frame.append(SLIP_END)
                elif byte == SLIP_ESC_ESC:
                    self._frame.append(SLIP_ESC)
                else:
                    self._broken = True
            elif byte == SLIP_ESC:
                self._escaped = True
            else:
                self._frame.append(byte)
            if len(self._frame) > self.max_packet:
                # A peer that never sends END must not grow memory without bound.
                self._frame.clear()
                self._broken = True
        return packets
