"""Demo of the neural impact synth: generated impacts, a descriptor morph and VAE samples.

Everything here runs on the shipped models with the torch-free runtime; nothing is trained.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from nrcore.synthesis.runtime import DescriptorVAE, ImpactSynth, example_curves, morph_curves

#: The impact kinds the demo renders, each from the descriptors of one procedural sound.
DEMO_KINDS = ("kick", "tom", "snare", "clap", "metal", "bell", "wood", "glass")


def _sequence(sounds: list[np.ndarray], sr: float, gap_s: float = 0.15) -> np.ndarray:
    gap = np.zeros(int(gap_s * sr), dtype=np.float32)
    parts = []
    for s in sounds:
        parts += [s, gap]
    return np.concatenate(parts) if parts else np.zeros(0, np.float32)


def render_synth_demo(out_dir: str | Path, sr: float = 48000.0) -> list[Path]:
    """Write the neural-synthesis demo: WAVs (and PNGs when matplotlib is there).

    Files
    -----
    ``synth_impacts.wav``
        One synthesised impact per kind in :data:`DEMO_KINDS`, conditioned on the descriptor
        curves of a procedural impact of that kind (none of them in the training corpus);
        ``synth_impacts_sources.wav`` holds those procedural originals in the same order.
    ``synth_morph.wav``
        Seven impacts morphing from a kick's descriptors to a bell's.
    ``synth_morph_while_sounding.wav``
        One long impact whose curves are morphed frame by frame while it sounds.
    ``synth_vae_samples.wav``
        Eight impacts from curves sampled from the VAE prior.
    ``synth_vae_interpolation.wav``
        Impacts along the VAE latent line between a snare's and a glass's curves.
    ``synth_impacts.png``
        Spectrograms of the sources and the synthesised impacts.

    Parameters
    ----------
    out_dir : str or Path
        Folder to write into (created).
    sr : float
        Output sample rate in Hz; the model renders at this rate directly.

    Returns
    -------
    list of Path
    """
    from nrcore.synthesis.data.corpus import generate_impact
    from nrcore.render import write_wav

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    synth = ImpactSynth(sample_rate=sr, seed=11)
    files: list[Path] = []
    frames = 64
    # Seeds far from the shipped corpus's (seed 0, items 0..399): unseen sounds.
    curves = {kind: example_curves(kind, frames=frames, seed=90_000 + i)
              for i, kind in enumerate(DEMO_KINDS)}
    impacts = [synth.render(curves[k]) for k in DEMO_KINDS]
    sources = [generate_impact(k, 90_000 + i, sr=int(sr), duration=frames * 512 / 44100.0)
               for i, k in enumerate(DEMO_KINDS)]
    files.append(write_wav(out / "synth_impacts.wav", _sequence(impacts, sr), sr))
    files.append(write_wav(out / "synth_impacts_sources.wav", _sequence(sources, sr), sr))

    steps = np.linspace(0.0, 1.0, 7)
    morph = [synth.render(morph_curves(curves["kick"], curves["bell"], t)) for t in steps]
    files.append(write_wav(out / "synth_morph.wav", _sequence(morph, sr), sr))

    # A long impact (time stretch 3) whose curves slide from metal to wood while it sounds:
    # the engine picks up the new curves frame by frame.
    synth.time_stretch = 3.0
    synth.reset()
    synth.trigger(curves["metal"])
    block = 256
    total = synth.n_samples(frames) * 3
    chunks = []
    for start in range(0, total, block):
        t = min(1.0, start / max(total - block, 1))
        synth.update_curves(morph_curves(curves["metal"], curves["wood"], t))
        chunks.append(synth.process(min(block, total - start))[0])
    synth.time_stretch = 1.0
    files.append(write_wav(out / "synth_morph_while_sounding.wav", np.concatenate(chunks), sr))

    vae = DescriptorVAE()
    sampled = vae.sample(8, seed=5, temperature=0.8)
    files.append(write_wav(out / "synth_vae_samples.wav",
                           _sequence([synth.render(c) for c in sampled], sr), sr))
    vf = vae.config.frames
    path = vae.interpolate(curves["snare"][:, :vf], curves["glass"][:, :vf], steps=6)
    files.append(write_wav(out / "synth_vae_interpolation.wav",
                           _sequence([synth.render(c) for c in path], sr), sr))
    try:
        files.append(_spectrogram_png(out / "synth_impacts.png", sources, impacts, sr))
    except ImportError:
        pass
    return files


def _spectrogram_png(path: Path, sources: list[np.ndarray], impacts: list[np.ndarray],
                     sr: float) -> Path:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nrcore.plots import spectrogram_db

    fig, axes = plt.subplots(2, len(impacts), figsize=(2.2 * len(impacts), 5), sharey=True,
                             squeeze=False)
    for col, (src, gen) in enumerate(zip(sources, impacts)):
        for row, (y, label) in enumerate(((src, "source"), (gen, "synth"))):
            db, freqs, times = spectrogram_db(y, sr, n_fft=1024, hop=256)
            db = db - db.max()  # each panel relative to its own peak
            ax = axes[row][col]
            ax.pcolormesh(times, freqs / 1000.0, db, shading="auto", vmin=-80, vmax=0)
            ax.set_title(f"{DEMO_KINDS[col]} {label}", fontsize=8)
            ax.tick_params(labelsize=6)
    axes[0][0].set_ylabel("kHz")
    axes[1][0].set_ylabel("kHz")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path
