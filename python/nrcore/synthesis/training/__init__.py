"""Training and export of the synthesis models: the only part of nrcore that imports torch
(``pip install nrcore[train]``). Nothing on a runtime path (Pd, the OSC server, the rack)
imports this package."""
