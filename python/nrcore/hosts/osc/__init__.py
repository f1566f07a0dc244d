"""OSC for nrcore: the server behind ``nrcore serve`` and its generated address space.

>>> from nrcore.hosts.osc import NrcoreServer
>>> with NrcoreServer(port=0) as server:   # doctest: +SKIP
...     print(server.port)
"""
from nrcore.hosts.osc.address import address_space, address_space_markdown
from nrcore.osc_codec import encode_message, max_atoms, slip_encode, SlipDecoder
from nrcore.hosts.osc.engine import AudioEngine
from nrcore.hosts.osc.server import DEFAULT_PORT, NrcoreServer, main_serve

__all__ = ["AudioEngine", "DEFAULT_PORT", "NrcoreServer", "SlipDecoder", "address_space",
           "address_space_markdown", "encode_message", "main_serve", "max_atoms",
           "slip_encode"]
