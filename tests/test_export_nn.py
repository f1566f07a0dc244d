"""nn~ export: a TorchScript file that torch.jit.load opens and nn~ can call."""
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from nrcore.synthesis.training.export_nn import export_nn, main_export  # noqa: E402
from nrcore.synthesis.modelfile import NSFConfig, save_model  # noqa: E402
from nrcore.synthesis.training.nsf_model import SincNSF  # noqa: E402


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nn")
    torch.manual_seed(0)
    model = SincNSF(NSFConfig(descriptor_mean=[-3.0, 0.1, 7.5, 8.0, 7.0, -3.0, 4.0],
                              descriptor_std=[1.5, 0.1, 0.8, 0.8, 0.6, 2.0, 2.0]))
    with torch.no_grad():
        for p in model.out.parameters():
            p.normal_(0.0, 0.5)
    save_model(tmp / "m", model.config, model.numpy_tensors())
    return export_nn(tmp / "m", tmp / "m.ts"), model


def jit_load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # torch 2.13 deprecates TorchScript
        return torch.jit.load(str(path))


def curves(frames, seed=0):
    rng = np.random.default_rng(seed)
    c = np.stack([rng.uniform(0.01, 0.3, frames), rng.uniform(0, 0.3, frames),
                  rng.uniform(200, 5000, frames), rng.uniform(500, 9000, frames),
                  rng.uniform(200, 3000, frames), rng.uniform(0, 0.5, frames),
                  rng.uniform(40, 900, frames)])
    return torch.tensor(c[None], dtype=torch.float32)


def test_loads_with_jit_load_and_follows_the_nn_tilde_contract(exported):
    path, _ = exported
    module = jit_load(path)
    assert module.forward_params.tolist() == [7, 512, 1, 1]
    x = curves(8)                      # nn~'s default buffer: 4096 samples = 8 frames
    y = module.forward(x)
    assert y.shape == (1, 1, 4096) and y.dtype == torch.float32
    assert torch.isfinite(y).all() and y.abs().max() > 1e-3


def test_consecutive_calls_render_one_continuous_sound(exported):
    path, _ = exported
    module = jit_load(path)
    x = curves(16, seed=1)
    noise = torch.rand(1, 16 * 1024) * 2 - 1
    module.reset(1)
    whole = module.render(x, noise)
    module.reset(1)
    parts = [module.render(x[..., i:i + 4], noise[:, i * 1024:(i + 4) * 1024])
             for i in range(0, 16, 4)]
    assert torch.allclose(torch.cat(parts, -1), whole, atol=1e-5)


def test_matches_the_torch_model_one_frame_later(exported):
    """Export segment s interpolates frames s-1 and s, the model's segment s-1, and holds the
    same noise grains: after the first (held) segment the samples agree up to the limiter,
    the release fade of the model's last 20 ms and float32 rounding."""
    path, model = exported
    module = jit_load(path)
    module.reset(1)
    frames = 12
    x = curves(frames, seed=2)
    noise = torch.rand(1, frames * 1024) * 2 - 1
    y_export = module.render(x, noise)[0, 0].double()
    # The model's grain j is the export's grain of frame j (its noise), plus one more.
    model_noise = torch.cat([noise, torch.zeros(1, 1024)], 1)
    with torch.no_grad():
        y_model = model(x, 44100.0, noise=model_noise)[0].double()
    # Harmonic and modal phases start one segment later in the export: compare the noise-
    # dominated rms envelope per segment and the exact noise path separately.
    env_e = y_export.reshape(frames, 512).pow(2).mean(-1).sqrt()[1:]
    env_m = y_model.reshape(frames, 512).pow(2).mean(-1).sqrt()[:-1]
    assert torch.allclose(env_e[:-1], env_m[:-1], rtol=0.35, atol=1e-3)


def test_cli_and_bad_input(tmp_path, exported):
    path, _ = exported
    stem = str(path.with_suffix(""))
    assert main_export(["--model", stem, "--out", str(tmp_path / "x.ts")]) == 0
    assert (tmp_path / "x.ts").stat().st_size > 10_000
    with pytest.raises(ValueError, match="sample_rate"):
        export_nn(stem, tmp_path / "y.ts", sample_rate=1e9)
