"""The Max package (``max/nrcore``), generated from every processor's ``PARAMS`` by
:mod:`nrcore.hosts.max.package`."""
