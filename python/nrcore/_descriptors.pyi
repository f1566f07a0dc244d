# Type stub of the Cython kernel cython/_descriptors.pyx (built into nrcore._descriptors).
import numpy as np
from numpy.typing import NDArray

def frame_rms(buf: NDArray[np.float64], first: int, n_frames: int, frame_length: int, hop: int,
              out: NDArray[np.float64], out_offset: int) -> None: ...
def frame_zcr(buf: NDArray[np.float64], first: int, n_frames: int, frame_length: int, hop: int,
              signal_start: int, signal_end: int, threshold: float, out: NDArray[np.float64],
              out_offset: int) -> None: ...
def spectral_features(spectrum: NDArray[np.complex128], bin_hz: float, roll_percent: float,
                      amin: float, centroid: NDArray[np.float64], rolloff: NDArray[np.float64],
                      bandwidth: NDArray[np.float64], flatness: NDArray[np.float64],
                      out_offset: int) -> None: ...
def yin_f0(acf: NDArray[np.float64], buf: NDArray[np.float64], first: int, hop: int,
           min_period: int, max_period: int, trough_threshold: float, sr: float,
           silence: float, out: NDArray[np.float64], out_offset: int) -> None: ...
