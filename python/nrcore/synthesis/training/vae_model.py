"""A VAE over descriptor curves in torch (training only; the runtime is
:class:`nrcore.synthesis.runtime.DescriptorVAE`, in numpy).

Curves ``(7, frames)`` are normalised (log scale for rms, centroid, rolloff, bandwidth,
flatness and f0, then standardised with the corpus statistics), flattened, and encoded by a
two-layer tanh MLP into a Gaussian latent of ``latent`` dimensions; the decoder mirrors it.
Sampling the prior, encoding, decoding and interpolating between codes make new curve sets
for the synth.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from nrcore.synthesis.modelfile import DESCRIPTOR_COUNT, VAEConfig
from nrcore.synthesis.training.nsf_model import normalise_curves


class DescriptorCurveVAE(nn.Module):
    """MLP VAE over fixed-length normalised descriptor curves.

    Parameters
    ----------
    config : VAEConfig
        ``frames``, ``hidden``, ``latent`` sizes and the descriptor normalisation.
    """

    desc_mean: torch.Tensor     # buffers (register_buffer), typed for mypy
    desc_std: torch.Tensor

    def __init__(self, config: VAEConfig) -> None:
        super().__init__()
        self.config = config
        d = DESCRIPTOR_COUNT * config.frames
        h, z = config.hidden, config.latent
        self.enc1, self.enc2 = nn.Linear(d, h), nn.Linear(h, h)
        self.enc_mu, self.enc_logvar = nn.Linear(h, z), nn.Linear(h, z)
        self.dec1, self.dec2, self.dec_out = nn.Linear(z, h), nn.Linear(h, h), nn.Linear(h, d)
        self.register_buffer("desc_mean", torch.tensor(config.descriptor_mean, dtype=torch.float32))
        self.register_buffer("desc_std", torch.tensor(config.descriptor_std, dtype=torch.float32))

    def normalise(self, curves: torch.Tensor) -> torch.Tensor:
        """Raw curves ``(batch, 7, frames)`` -> normalised curves, same shape."""
        return normalise_curves(curves, self.desc_mean, self.desc_std)

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Normalised curves -> (mu, logvar)."""
        h = torch.tanh(self.enc1(x.flatten(1)))
        h = torch.tanh(self.enc2(h))
        return self.enc_mu(h), self.enc_logvar(h)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Latent codes -> normalised curves ``(batch, 7, frames)``."""
        h = torch.tanh(self.dec1(z))
        h = torch.tanh(self.dec2(h))
        out: torch.Tensor = self.dec_out(h).view(-1, DESCRIPTOR_COUNT, self.config.frames)
        return out

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        mu, logvar = self.encode(x)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.decode(z), mu, logvar

    def loss(self, x: torch.Tensor, beta: float = 0.1) -> tuple[torch.Tensor, torch.Tensor]:
        """(reconstruction MSE + beta * KL per element, reconstruction MSE) on normalised
        curves."""
        recon, mu, logvar = self(x)
        return vae_loss(recon, mu, logvar, x, beta)

    def numpy_tensors(self) -> dict[str, np.ndarray]:
        return {k: v.detach().cpu().numpy().astype(np.float32)
                for k, v in self.state_dict().items() if not k.startswith("desc_")}


def vae_loss(recon: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor, x: torch.Tensor,
             beta: float = 0.1) -> tuple[torch.Tensor, torch.Tensor]:
    """(MSE + beta * KL / elements, MSE): the KL of each example is spread over its
    ``7 * frames`` elements, so ``beta`` = 1 is the ELBO of a Gaussian decoder with variance
    0.5 in normalised units."""
    mse = torch.mean((recon - x) ** 2)
    kl = -0.5 * torch.mean(torch.sum(1 + logvar - mu ** 2 - torch.exp(logvar), dim=1))
    return mse + beta * kl / x[0].numel(), mse
