"""The one folder network clients may read and write, and nothing outside it.

A path in an OSC message comes from whoever can reach the port, so the server never takes it as
is: it must be a relative name with the expected suffix, inside ``--files DIR`` (the folder the
server was started in, by default), symbolic links included.
"""
from __future__ import annotations

from pathlib import Path


class ClientFiles:
    """Resolves file names sent by clients against one root folder."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def path(self, name: object, suffix: str) -> Path:
        """The file ``name`` inside the root; ValueError for anything else.

        Parameters
        ----------
        name : object
            What the client sent (a relative file name such as ``"net.json"``).
        suffix : str
            The required suffix, e.g. ``".json"`` or ``".wav"``.
        """
        text = str(name)
        relative = Path(text)
        if not text.lower().endswith(suffix):
            raise ValueError(f"{text!r}: expected a file name ending in {suffix}")
        if relative.is_absolute() or ".." in relative.parts:
            # The folder itself is not named: a network client learns nothing of the disk.
            raise ValueError(f"{text!r}: give a name relative to the server's files folder, "
                             "without '..'")
        full = (self.root / relative).resolve()
        if self.root != full.parent and self.root not in full.parents:
            raise ValueError(f"{text!r}: resolves outside the server's files folder")
        return full
