"""Sounds to train and evaluate on: the procedural impact generator (:mod:`.impacts`), the
sinc resampler (:mod:`.resample`) and corpora on disk (:mod:`.corpus`)."""
