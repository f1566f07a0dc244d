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
    model = SincNSF(NSFConfig(descriptor_mean=[-3.0, 0.1, 7.5, 8.0, 7.0, -3.0, 5.5],
                              descriptor_std=[1.5, 0.1, 0.8, 0.8, 0.6, 2.0, 0.8]))
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
    noise = torch.rand(1, 16 * 512) * 2 - 1
    module.reset(1)
    whole = module.render(x, noise)
    module.reset(1)
    parts = [module.render(x[..., i:i + 4], noise[:, i * 512:(i + 4) * 512])
             for i in range(0, 16, 4)]
    assert torch.allclose(torch.cat(parts, -1), whole, atol=1e-5)


def test_matches_the_torch_model_one_frame_later(exported):
    """Segment s of the export interpolates frames s-1 and s: the model's segment s-1."""
    path, model = exported
    module = jit_load(path)
    module.reset(1)
    x = curves(12, seed=2)
    # Without noise both render only the harmonic part and the shaper. Their phases differ by
    # the export's first (held) segment, so compare the per-frame rms envelopes.
    zero = torch.zeros(1, 12 * 512)
    y_export = module.render(x, zero)[0, 0]
    with torch.no_grad():
        y_model = model(x, 44100.0, noise=zero)[0]
    env_e = y_export.reshape(12, 512).pow(2).mean(-1).sqrt()[1:]
    env_m = y_model.reshape(12, 512).pow(2).mean(-1).sqrt()[:-1]
    assert torch.allclose(env_e, env_m, rtol=0.05, atol=1e-4)


def test_cli_and_bad_input(tmp_path, exported):
    path, _ = exported
    stem = str(path.with_suffix(""))
    assert main_export(["--model", stem, "--out", str(tmp_path / "x.ts")]) == 0
    assert (tmp_path / "x.ts").stat().st_size > 10_000
    with pytest.raises(ValueError, match="sample_rate"):
        export_nn(stem, tmp_path / "y.ts", sample_rate=1e9)
