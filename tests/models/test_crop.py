import torch

from cnnlab.data.mnist import load_mnist
from cnnlab.inspection.features import describe
from cnnlab.models import build_model


def test_crop_keeps_the_centre_and_sends_no_gradient_to_the_border():
    net = build_model("crop 4 > flatten > linear 10", (2, 7, 6), 10)
    x = torch.arange(2 * 7 * 6, dtype=torch.float32).view(1, 2, 7, 6).requires_grad_()
    out = net.crop1(x)
    assert out.shape == (1, 2, 4, 4)
    assert describe(net.crop1) == "CenterCrop 4x4"  # the feature-map figure's title
    torch.testing.assert_close(out, x[:, :, 1:5, 1:5])  # (7 - 4) // 2 = 1 above, (6 - 4) // 2 = 1 left
    net(x).sum().backward()
    border = torch.ones(7, 6, dtype=torch.bool)
    border[1:5, 1:5] = False
    assert x.grad[:, :, border].abs().sum() == 0
    assert x.grad[:, :, ~border].abs().sum() > 0


def test_crop_24_drops_almost_none_of_mnists_ink():
    """The README's figure: the border outside MNIST's centre 24x24 holds 0.2% of the training set's ink."""
    images = load_mnist().train.images.double()
    share = 1 - images[:, :, 2:26, 2:26].sum() / images.sum()
    assert 0.001 < share < 0.003
