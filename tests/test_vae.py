"""The descriptor-curve VAE: numpy runtime against torch, sampling, interpolation, training."""
import numpy as np
import pytest

from nrcore.synthesis.modelfile import VAEConfig, expected_shapes, save_model
from nrcore.synthesis.runtime import DESCRIPTOR_RANGES, DescriptorVAE

MEAN = [-3.0, 0.1, 7.5, 8.0, 7.0, -3.0, 5.5]
STD = [1.5, 0.1, 0.8, 0.8, 0.6, 2.0, 0.8]


def curves_for(frames, seed):
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, frames)
    return np.stack([0.3 * np.exp(-rng.uniform(2, 8) * t) + 1e-3, rng.uniform(0.02, 0.2, frames),
                     rng.uniform(500, 4000) + 0 * t, rng.uniform(2000, 9000) + 0 * t,
                     rng.uniform(500, 2500) + 0 * t, rng.uniform(0.01, 0.3, frames),
                     rng.uniform(60, 600) * np.exp(-t)])


@pytest.fixture(scope="module")
def numpy_model(tmp_path_factory):
    config = VAEConfig(frames=16, hidden=32, latent=4, descriptor_mean=MEAN, descriptor_std=STD)
    rng = np.random.default_rng(0)
    tensors = {k: rng.normal(0, 0.3, s).astype(np.float32)
               for k, s in expected_shapes(config).items()}
    stem = tmp_path_factory.mktemp("vae") / "v"
    save_model(stem, config, tensors)
    return stem


def test_sample_decode_encode_interpolate_shapes_and_ranges(numpy_model):
    vae = DescriptorVAE(numpy_model)
    samples = vae.sample(5, seed=1)
    assert samples.shape == (5, 7, 16)
    for d, (lo, hi) in enumerate(DESCRIPTOR_RANGES):
        assert samples[:, d].min() >= lo and samples[:, d].max() <= hi
    np.testing.assert_array_equal(samples, vae.sample(5, seed=1))   # seeded
    assert not np.array_equal(samples, vae.sample(5, seed=2))
    mu, logvar = vae.encode(samples)
    assert mu.shape == logvar.shape == (5, 4)
    a, b = curves_for(16, 1), curves_for(16, 2)
    path = vae.interpolate(a, b, steps=4)
    assert path.shape == (4, 7, 16)
    np.testing.assert_allclose(path[0], vae.decode(vae.encode(a)[0])[0])
    np.testing.assert_allclose(path[-1], vae.decode(vae.encode(b)[0])[0])
    # Halfway decodes the midpoint code.
    mid = vae.interpolate(a, b, steps=3)[1]
    np.testing.assert_allclose(mid, vae.decode(0.5 * (vae.encode(a)[0] + vae.encode(b)[0]))[0],
                               rtol=1e-12, atol=1e-12)


def test_bad_input_is_refused(numpy_model):
    vae = DescriptorVAE(numpy_model)
    with pytest.raises(ValueError, match=r"\(7, 16\)"):
        vae.encode(np.zeros((7, 15)))
    with pytest.raises(ValueError, match="z"):
        vae.decode(np.full(4, np.nan))
    with pytest.raises(ValueError, match="steps"):
        vae.interpolate(curves_for(16, 1), curves_for(16, 2), steps=1)
    with pytest.raises(ValueError, match="n"):
        vae.sample(0)
    # NaN in curves is clamped, not propagated.
    bad = curves_for(16, 3)
    bad[0, 2] = np.nan
    assert np.all(np.isfinite(vae.encode(bad)[0]))


def test_numpy_runtime_matches_torch(numpy_model):
    torch = pytest.importorskip("torch")
    from nrcore.synthesis.modelfile import load_model
    from nrcore.synthesis.training.vae_model import DescriptorCurveVAE

    config, tensors = load_model(numpy_model, kind="vae")
    model = DescriptorCurveVAE(config)
    state = model.state_dict()
    for k, v in tensors.items():
        state[k] = torch.tensor(v, dtype=torch.float32)
    model.load_state_dict(state)
    vae = DescriptorVAE(numpy_model)
    curves = np.stack([curves_for(16, s) for s in range(3)])
    with torch.no_grad():
        x = model.normalise(torch.tensor(curves, dtype=torch.float32))
        mu, logvar = model.encode(x)
        decoded = model.decode(mu)
    np_mu, np_logvar = vae.encode(curves)
    np.testing.assert_allclose(np_mu, mu.numpy(), atol=1e-4)
    np.testing.assert_allclose(np_logvar, logvar.numpy(), atol=1e-4)
    np.testing.assert_allclose(vae.decode_normalised(np_mu), decoded.numpy(), atol=1e-4)
    np.testing.assert_allclose(vae.to_model_space(curves), x.numpy(), atol=1e-4)
    # from_model_space inverts to_model_space inside the valid ranges.
    np.testing.assert_allclose(vae.from_model_space(vae.to_model_space(curves)), curves,
                               rtol=1e-9)


def test_vae_training_reduces_the_loss(tmp_path):
    pytest.importorskip("torch")
    import json

    from nrcore.synthesis.data.corpus import generate_corpus
    from nrcore.synthesis.training.train import main_train

    generate_corpus(tmp_path / "data", 10, seed=2, duration=0.2)
    out = tmp_path / "vae"
    assert main_train(["vae", "--data", str(tmp_path / "data"), "--out", str(out), "--frames",
                       "16", "--steps", "150", "--batch", "8", "--val-every", "150",
                       "--val-fraction", "0", "--hidden", "32", "--latent", "4",
                       "--no-plots"]) == 0
    info = json.loads(out.with_suffix(".json").read_text())
    assert info["kind"] == "vae" and info["training"]["steps"] == 150
    assert info["training"]["last_train_loss"] < 0.7 * info["training"]["first_train_loss"]
    vae = DescriptorVAE(out)
    assert vae.sample(3).shape == (3, 7, 16)
