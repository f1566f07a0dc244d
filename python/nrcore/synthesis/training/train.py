"""``nrcore train nsf|vae --data DIR``: train the Sinc-NSF model or the descriptor VAE.

Data: a folder of impacts (WAV/FLAC/AIFF, e.g. a procedural corpus from ``nrcore.synthesis.data.corpus``),
loaded at 44.1 kHz (mono, trimmed, normalised), padded or cut to ``--frames`` frames of 512
samples, with their 7 descriptor curves. A seeded split holds out ``--val-fraction`` of the
files for the validation loss.

Training is deterministic for a given ``--seed`` on one device, CPU by default (CUDA with
``--device cuda`` or ``auto`` when present), and runs under ``torchrun`` with
DistributedDataParallel (gloo on CPU, nccl on CUDA): each process takes its share of every
batch; rank 0 validates, writes checkpoints, PNGs and the model files.

Checkpoints (``--out`` + ``.ckpt``) hold the model, optimiser and history; they are torch
files read back with ``weights_only=True`` (no code runs on load) and are for ``--resume``
only. The shipped model files are safetensors + JSON (:mod:`nrcore.synthesis.modelfile`).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

HOP = 512
REFERENCE_RATE = 44100


def load_dataset(data: str | Path, frames: int, sr: int = REFERENCE_RATE
                 ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Audio ``(items, frames * 512)`` float32 and raw curves ``(items, 7, frames)``.

    Each impact is padded with silence or cut to ``frames * 512`` samples before its
    descriptors are computed (:func:`nrcore.synthesis.data.analysis.conditioning_curves`:
    f0 = 0 on unvoiced frames), so curves and audio cover exactly the same time.
    """
    from nrcore.synthesis.data.analysis import conditioning_curves
    from nrcore.synthesis.data.corpus import load_folder

    if not Path(data).is_dir():
        raise ValueError(f"--data: {data} is not a folder (make one with nrcore corpus)")
    impacts = load_folder(data, sr)
    if not impacts:
        raise ValueError(f"--data: no WAV/FLAC/AIFF impacts found in {data}")
    length = frames * HOP
    audio = np.zeros((len(impacts), length), dtype=np.float32)
    curves = np.zeros((len(impacts), 7, frames), dtype=np.float32)
    for i, impact in enumerate(impacts):
        y = impact.audio[:length]
        audio[i, :y.shape[0]] = y
        curves[i] = conditioning_curves(audio[i], sr)[:, :frames]
    return audio, curves, [imp.name for imp in impacts]


def descriptor_statistics(curves: np.ndarray) -> tuple[list[float], list[float]]:
    """Mean and standard deviation of each normalised-domain descriptor over a corpus."""
    from nrcore.synthesis.runtime import LOG_FLOORS

    mean, std = [], []
    for d in range(7):
        v = curves[:, d].astype(np.float64)
        if LOG_FLOORS[d] is not None:
            v = np.log(np.maximum(v, 0.0) + LOG_FLOORS[d])
        mean.append(float(v.mean()))
        std.append(float(max(v.std(), 1e-3)))
    return mean, std


def _split(n: int, val_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    n_val = max(1, int(round(n * val_fraction))) if n > 1 and val_fraction > 0 else 0
    return np.sort(order[n_val:]), np.sort(order[:n_val])


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="nrcore train", description=__doc__.split("\n\n")[0])
    p.add_argument("what", choices=("nsf", "vae"), help="model to train")
    p.add_argument("--data", required=True, help="folder of impact sounds")
    p.add_argument("--out", default="nrcore-model", help="output stem: STEM.safetensors, "
                   "STEM.json, STEM.ckpt, STEM-*.png")
    p.add_argument("--frames", type=int, default=64, help="frames of 512 samples per clip")
    p.add_argument("--steps", type=int, default=2000, help="optimiser steps")
    p.add_argument("--batch", type=int, default=8, help="clips per step (over all processes)")
    p.add_argument("--lr", type=float, default=2e-3, help="Adam learning rate")
    p.add_argument("--seed", type=int, default=0, help="seed of split, init, noise, batches")
    p.add_argument("--val-fraction", type=float, default=0.1)
    p.add_argument("--val-every", type=int, default=200, help="steps between validations")
    p.add_argument("--time-limit", type=float, default=0.0, help="stop after this many "
                   "minutes (0: no limit); the model is still saved")
    p.add_argument("--device", default="auto", help="cpu, cuda, or auto (CUDA when present, "
                   "else CPU)")
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: default)")
    p.add_argument("--resume", action="store_true", help="continue from STEM.ckpt")
    p.add_argument("--no-plots", action="store_true", help="skip the PNGs")
    p.add_argument("--hidden", type=int, default=0, help="hidden size (0: model default)")
    p.add_argument("--latent", type=int, default=8, help="VAE latent size")
    p.add_argument("--beta", type=float, default=0.1, help="VAE KL weight")
    p.add_argument("--flatness-weight", type=float, default=0.0, help="nsf: weight of the "
                   "spectral-flatness match (output against recording, loud frames)")
    p.add_argument("--periodicity-weight", type=float, default=0.0, help="nsf: weight of the "
                   "periodicity match at the f0 period and half period (voiced frames)")
    p.add_argument("--yin-weight", type=float, default=0.0, help="nsf: weight of the YIN "
                   "trough term: the output periodic at the f0 period at least as clearly as "
                   "the recording, with no deeper trough at shorter lags (voiced frames)")
    p.add_argument("--octave-weight", type=float, default=0.0, help="nsf: weight of the YIN "
                   "octave term: the output's trough at the f0 period no shallower than any at "
                   "longer lags, so YIN does not hear an octave below (voiced frames)")
    return p


def main_train(argv: list[str] | None = None) -> int:
    """Entry point of ``nrcore train``; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    for name in ("frames", "steps", "batch", "val_every"):
        if getattr(args, name) < 1:
            raise SystemExit(f"--{name.replace('_', '-')}: must be at least 1")
    for name in ("flatness_weight", "periodicity_weight", "yin_weight", "octave_weight"):
        value = getattr(args, name)
        if not (np.isfinite(value) and value >= 0.0):
            raise SystemExit(f"--{name.replace('_', '-')}: {value} must be a finite weight >= 0")
    if not 0.0 <= args.val_fraction < 1.0:
        raise SystemExit("--val-fraction: must be in [0, 1)")
    try:
        import torch
    except ImportError:
        raise SystemExit("nrcore train needs torch: pip install 'nrcore[train]' "
                         "(torch==2.13.0)") from None
    if not Path(args.data).is_dir():
        raise SystemExit(f"--data: {args.data} is not a folder of sounds (make one with "
                         "`nrcore corpus`)")
    try:
        return _train(args, torch)
    except CheckpointError as error:
        raise SystemExit(f"--resume: {error}") from None
    except ValueError as error:
        if str(error).startswith("--data"):
            raise SystemExit(str(error)) from None
        raise


class CheckpointError(Exception):
    """A checkpoint that cannot be resumed from (corrupt, foreign or of another model)."""


def _train(args: argparse.Namespace, torch: Any) -> int:
    from nrcore.synthesis import modelfile
    from nrcore.progress import Progress

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    device = args.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if world > 1:
        import torch.distributed as dist
        dist.init_process_group("nccl" if device == "cuda" else "gloo")
        if device == "cuda":
            local = int(os.environ.get("LOCAL_RANK", "0"))
            torch.cuda.set_device(local)
            device = f"cuda:{local}"
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    if device == "cpu":
        torch.use_deterministic_algorithms(True)

    started = time.perf_counter()
    audio, curves, names = load_dataset(args.data, args.frames)
    train_idx, val_idx = _split(len(names), args.val_fraction, args.seed)
    mean, std = descriptor_statistics(curves[train_idx])
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = "nrcore train " + " ".join(args.argv)
    config: Any
    model: Any
    if args.what == "nsf":
        from nrcore.synthesis.training.nsf_model import SincNSF, multi_resolution_stft_loss
        config = modelfile.NSFConfig(descriptor_mean=mean, descriptor_std=std)
        if args.hidden:
            config.hidden = args.hidden
        model = SincNSF(config).to(device)
    else:
        from nrcore.synthesis.training.vae_model import DescriptorCurveVAE
        config = modelfile.VAEConfig(descriptor_mean=mean, descriptor_std=std,
                                     frames=args.frames, latent=args.latent)
        if args.hidden:
            config.hidden = args.hidden
        model = DescriptorCurveVAE(config).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    history: dict[str, list[Any]] = {"step": [], "train": [], "val_step": [], "val": [],
                                "commands": []}
    step = 0
    ckpt = out.with_suffix(".ckpt")
    if args.resume:
        if not ckpt.exists():
            raise SystemExit(f"--resume: no checkpoint {ckpt}")
        try:
            state = torch.load(ckpt, map_location=device, weights_only=True)
            model.load_state_dict(state["model"])
            optimiser.load_state_dict(state["optimiser"])
            for group in optimiser.param_groups:  # the state restores the old rate; --lr wins
                group["lr"] = args.lr
            history = {k: list(v) for k, v in json.loads(state["history"]).items()}
            step = int(state["step"])
        except Exception as error:  # torch raises RuntimeError, UnpicklingError, KeyError...
            first = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise CheckpointError(f"{ckpt} cannot be resumed from ({type(error).__name__}: "
                                  f"{first[:160]}); delete it to start afresh") from None
        if "commands" not in history and out.with_suffix(".json").exists():
            # A checkpoint from before command tracking: take the first run's from its config.
            earlier = json.loads(out.with_suffix(".json").read_text()).get("training", {})
            history["commands"] = [earlier["command"]] if "command" in earlier else []
    history.setdefault("commands", []).append(command.strip())
    train_model: Any = model
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel
        train_model = DistributedDataParallel(model)

    audio_t = torch.as_tensor(audio)
    curves_t = torch.as_tensor(curves)
    local_batch = max(1, args.batch // world)

    def batch_loss(indices: np.ndarray, generator: Any, net: Any,
                   validating: bool = False) -> Any:
        c = curves_t[indices].to(device)
        if args.what == "nsf":
            y = audio_t[indices].to(device)
            shape = (y.shape[0], model.n_noise(y.shape[1], float(REFERENCE_RATE)))
            noise = (torch.rand(shape, generator=generator) * 2.0 - 1.0).to(device)
            pred = net(c, float(REFERENCE_RATE), noise=noise)
            loss = multi_resolution_stft_loss(pred, y)
            # Validation stays MR-STFT alone, comparable across runs and weightings.
            weights = {"flatness": args.flatness_weight, "periodicity": args.periodicity_weight,
                       "yin": args.yin_weight, "octave": args.octave_weight}
            used = tuple(name for name, weight in weights.items() if weight)
            if used and not validating:
                from nrcore.synthesis.training.nsf_model import descriptor_losses
                terms = descriptor_losses(pred, y, c, float(REFERENCE_RATE), used)
                for name in used:
                    loss = loss + weights[name] * terms[name]
            return loss
        from nrcore.synthesis.training.vae_model import vae_loss
        x = model.normalise(c)
        torch.manual_seed(int(generator.initial_seed()) + step)
        recon, mu, logvar = net(x)   # through DDP's forward: gradients sync
        return vae_loss(recon, mu, logvar, x, args.beta)[0]

    def validate() -> float:
        if len(val_idx) == 0:
            return float("nan")
        g = torch.Generator().manual_seed(args.seed + 12345)
        model.eval()
        with torch.no_grad():
            losses = [float(batch_loss(val_idx[i:i + local_batch], g, model, validating=True))
                      for i in range(0, len(val_idx), local_batch)]
        model.train()
        return float(np.mean(losses))

    limit = args.time_limit * 60.0
    stopped_early = False
    with Progress(f"train {args.what}", args.steps, force=rank == 0) as bar:
        bar.update(step)
        while step < args.steps:
            rng = np.random.default_rng([args.seed, step])
            chosen = rng.choice(train_idx, size=local_batch * world,
                                replace=len(train_idx) < local_batch * world)
            mine = chosen[rank * local_batch:(rank + 1) * local_batch]
            g = torch.Generator().manual_seed(args.seed * 1_000_003 + step * world + rank)
            loss = batch_loss(mine, g, train_model)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            step += 1
            history["step"].append(step)
            history["train"].append(float(loss.detach()))
            if rank == 0:
                bar.update(1)
            if rank == 0 and (step % args.val_every == 0 or step == args.steps):
                history["val_step"].append(step)
                history["val"].append(validate())
                _save_checkpoint(torch, ckpt, model, optimiser, history, step)
                bar.stream.write(f"\n  step {step}: train {np.mean(history['train'][-50:]):.4f}"
                                 f"  val {history['val'][-1]:.4f}\n")
            if limit and _agree_stop(torch, world, time.perf_counter() - started > limit,
                                     device):
                stopped_early = True
                break
    if rank == 0:
        elapsed = time.perf_counter() - started
        if not history["val_step"] or history["val_step"][-1] != step:
            history["val_step"].append(step)
            history["val"].append(validate())
        _save_checkpoint(torch, ckpt, model, optimiser, history, step)
        config.training = {
            "command": command.strip(), "all_commands": history["commands"],
            "seed": args.seed, "steps": step, "lr": args.lr,
            "flatness_weight": args.flatness_weight,
            "periodicity_weight": args.periodicity_weight, "yin_weight": args.yin_weight,
            "octave_weight": args.octave_weight,
            "stopped_by_time_limit": stopped_early, "seconds": round(elapsed, 1),
            "processes": world, "device": str(device), "items": len(names),
            "train_items": int(len(train_idx)), "val_items": int(len(val_idx)),
            "final_val_loss": (history["val"][-1] if np.isfinite(history["val"][-1])
                               else None), "torch": torch.__version__,
            "first_train_loss": float(np.mean(history["train"][:10])),
            "last_train_loss": float(np.mean(history["train"][-10:])),
        }
        model.cpu()
        weights, cfg_path = modelfile.save_model(out, config, model.numpy_tensors())
        print(f"wrote {weights} ({weights.stat().st_size / 1e6:.2f} MB) and {cfg_path}; "
              f"{step} steps in {elapsed / 60:.1f} min, val loss {history['val'][-1]:.4f}")
        if not args.no_plots:
            _plots(args, torch, model, out, history, audio, curves, val_idx)
    if world > 1:
        import torch.distributed as dist
        dist.destroy_process_group()
    return 0


def _agree_stop(torch: Any, world: int, local: bool, device: str = "cpu") -> bool:
    """True on every rank when any rank's clock has run out: the ranks stop after the same
    step (each would otherwise stop at a different step and the last one would wait for the
    others' gradients in vain: "Connection closed by peer")."""
    if world <= 1:
        return local
    import torch.distributed as dist

    flag = torch.tensor([1 if local else 0], dtype=torch.int64, device=device)
    dist.all_reduce(flag, op=dist.ReduceOp.MAX)
    return bool(flag.item())


def _save_checkpoint(torch: Any, path: Path, model: Any, optimiser: Any,
                     history: dict[str, Any], step: int) -> None:
    tmp = path.with_suffix(".ckpt.tmp")
    torch.save({"model": model.state_dict(), "optimiser": optimiser.state_dict(),
                "history": json.dumps(history), "step": step}, tmp)
    os.replace(tmp, path)


def _plots(args: argparse.Namespace, torch: Any, model: Any, out: Path, history: dict[str, Any],
           audio: np.ndarray, curves: np.ndarray, val_idx: np.ndarray) -> None:
    """Loss curves, and for the NSF spectrograms of held-out targets against the model."""
    from nrcore import plots
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.semilogy(history["step"], history["train"], lw=0.6, alpha=0.6, label="train (per step)")
    ax.semilogy(history["val_step"], history["val"], "o-", label="validation")
    ax.set(xlabel="step", ylabel="loss", title=f"{args.what} training loss")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out.parent / f"{out.name}-loss.png", dpi=80)
    plt.close(fig)
    if args.what != "nsf" or len(val_idx) == 0:
        return
    shown = val_idx[:3]
    with torch.no_grad():
        g = torch.Generator().manual_seed(args.seed)
        pred = model(torch.as_tensor(curves[shown]), float(REFERENCE_RATE), generator=g).numpy()
    fig, axes = plt.subplots(2, len(shown), figsize=(4 * len(shown), 6), squeeze=False)
    for col, i in enumerate(shown):
        for row, (y, label) in enumerate(((audio[i], "target"), (pred[col], "model"))):
            db, freqs, times = plots.spectrogram_db(y, REFERENCE_RATE)
            db = db - db.max()  # each panel relative to its own peak
            ax = axes[row][col]
            ax.pcolormesh(times, freqs, db, shading="auto", vmin=-80, vmax=0)
            ax.set_yscale("symlog", linthresh=500)
            ax.set_title(f"{label}: held-out item {i}")
    fig.tight_layout()
    fig.savefig(out.parent / f"{out.name}-spectrograms.png", dpi=80)
    plt.close(fig)


if __name__ == "__main__":
    raise SystemExit(main_train())
