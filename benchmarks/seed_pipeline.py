"""One epoch of the seed 000 baseline: the seed's own pipeline vs cnnlab, side by side.

The seed trains with a torchvision-style data set of PIL images, `ToTensor()` per sample and a
`DataLoader` (batch 64, shuffle), Adam lr 1e-3, on all 60,000 training images. cnnlab trains the
same architecture with the same recipe and data (no validation split), with the whole set as one
tensor and batches as permutation slices. Both are then evaluated on the 10,000 test images. Where a
process's start-up is timed (benchmarks/cpu_goals.py [2]), the seed side reads MNIST from torchvision's
extracted files (`extracted_mnist`), as the seed's `./data` holds them after its first run.

    python benchmarks/seed_pipeline.py [--repeats 3] [--device cpu]

Prints each repeat, then medians: epoch time (training only) for both, the ratio, both test
accuracies, and the fraction of this machine's measured fp32 matrix-multiply peak that each reaches.
Results on the machine this was written on are in the README's performance section.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader
from torch.utils.data import Dataset as TorchDataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's cnnlab, installed or not

from cnnlab.config import TrainConfig
from cnnlab.data.idx import parse_idx
from cnnlab.data.mnist import CLASSES, FILES, bundled_dir, find_file, load_mnist
from cnnlab.data.types import Dataset, ImageSet
from cnnlab.models import build_model
from cnnlab.models.summary import summarize
from cnnlab.training.loop import resolve_precision
from cnnlab.training.session import train_run

try:  # the seed used torchvision; without it, the same per-sample work is reproduced below
    from torchvision import transforms

    transform = transforms.Compose([transforms.ToTensor()])  # the seed's own transform
    PIPELINE = "torchvision ToTensor"
except Exception:  # noqa: BLE001 - torchvision missing, or its PyPI (CUDA) build beside a CPU torch

    def to_tensor(img: Image.Image) -> torch.Tensor:
        """torchvision's `ToTensor` on a PIL image, step for step (transforms.functional.to_tensor, 0.28): its
        usage log, a uint8 copy of the pixels, a height x width x channels view, a channels-first copy, the float
        conversion, the division. The values equal a one-line `asarray / 255`, which costs about 20 us a sample
        on the 2-core EPYC VM against these steps' 34 us: 1 s an epoch that the seed's pipeline pays."""
        torch._C._log_api_usage_once("torchvision.transforms.functional.to_tensor")
        if not isinstance(img, Image.Image):
            raise TypeError(f"pic should be PIL Image or ndarray. Got {type(img)}")
        hwc = torch.from_numpy(np.array(img, np.uint8, copy=True)).view(img.size[1], img.size[0], len(img.getbands()))
        return hwc.permute((2, 0, 1)).contiguous().to(dtype=torch.get_default_dtype()).div(255)

    def transform(img: Image.Image) -> torch.Tensor:  # transforms.Compose([ToTensor()]): a loop over one step
        for step in (to_tensor,):
            img = step(img)
        return img

    PIPELINE = "torchvision's ToTensor reproduced step for step (torchvision not importable)"


class PilMNIST(TorchDataset):
    """What torchvision.datasets.MNIST does per sample: a PIL image, then the transform."""

    def __init__(self, images: torch.Tensor, labels: torch.Tensor) -> None:
        self.images, self.labels = images[:, 0], labels

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        img, target = self.images[i], int(self.labels[i])
        return transform(Image.fromarray(img.numpy(), mode="L")), target


class BaselineCNN(nn.Module):
    """The seed 000 network, written the way the seed wrote it."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.fc1 = nn.Linear(64 * 5 * 5, 128)
        self.dropout = nn.Dropout(0.5)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = F.relu(self.fc1(x.view(-1, 64 * 5 * 5)))
        return self.fc2(self.dropout(x))


def extracted_mnist(root: Path) -> Path:
    """`root` laid out as the seed's `./data` after its first run: torchvision extracts the downloaded MNIST files
    into root/MNIST/raw and reads them from there every later time. Written here once, from the bundled copy."""
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        if not (raw / name).is_file():
            (raw / f"{name}.part").write_bytes(gzip.decompress((bundled_dir() / f"{name}.gz").read_bytes()))
            (raw / f"{name}.part").replace(raw / name)
    return root


def _torchvision_read(path: Path) -> torch.Tensor:
    # as torchvision's read_sn3_pascalvincent_tensor: the whole uncompressed file, one writable copy, a view
    return torch.from_numpy(parse_idx(path.read_bytes(), str(path)).copy())


def seed_data(root: Path | None = None) -> Dataset:
    """MNIST as the seed's process gets it: from torchvision's extracted files under `root` (see `extracted_mnist`),
    or without `root` from the bundled gzip files (cnnlab's reader: about 0.2 s more)."""
    if root is None:
        return load_mnist()

    def split(prefix: str) -> ImageSet:
        images = _torchvision_read(find_file(root, f"{prefix}-images-idx3-ubyte")).unsqueeze(1)
        return ImageSet(images, _torchvision_read(find_file(root, f"{prefix}-labels-idx1-ubyte")).long())

    return Dataset("mnist", CLASSES, split("train"), split("t10k"))


def seed_epochs(device: torch.device, epochs: int = 1, subset: int | None = None, seed: int = 0,
                lr: float = 1e-3, data_root: Path | None = None) -> Iterator[tuple[float, float]]:
    """Per epoch, the seed's way (PIL per sample, DataLoader, .item() per batch): (training seconds of the
    epoch, test accuracy after it). `data_root`: torchvision's extracted files (`extracted_mnist`)."""
    torch.manual_seed(seed)
    mnist = seed_data(data_root)
    n = subset or len(mnist.train)
    train = DataLoader(PilMNIST(mnist.train.images[:n], mnist.train.labels[:n]), batch_size=64, shuffle=True)
    test = DataLoader(PilMNIST(mnist.test.images, mnist.test.labels), batch_size=1000)
    model = BaselineCNN().to(device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(epochs):
        _sync(device)
        t = time.perf_counter()
        model.train()
        running, correct = 0.0, 0
        for x, y in train:
            x, y = x.to(device), y.to(device)
            opt.zero_grad()
            out = model(x)
            loss = F.cross_entropy(out, y)
            loss.backward()
            opt.step()
            running += loss.item()
            correct += (out.argmax(1) == y).sum().item()
        _sync(device)
        seconds = time.perf_counter() - t
        model.eval()
        hits = 0
        with torch.no_grad():
            for x, y in test:
                hits += (model(x.to(device)).argmax(1).cpu() == y).sum().item()
        yield seconds, hits / len(mnist.test)


def seed_run(device: torch.device, epochs: int = 1, subset: int | None = None, seed: int = 0,
             lr: float = 1e-3, data_root: Path | None = None) -> tuple[float, float]:
    """(training seconds, final test accuracy) of `epochs` epochs the seed's way."""
    per_epoch = list(seed_epochs(device, epochs, subset, seed, lr, data_root))
    return sum(seconds for seconds, _ in per_epoch), per_epoch[-1][1]


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def cnnlab_epoch(device: torch.device, seed: int, precision: str) -> tuple[float, float, float]:
    """(training seconds, test accuracy, wall seconds incl. data preparation) with cnnlab."""
    t = time.perf_counter()
    config = TrainConfig(epochs=1, val_split=0, seed=seed, device=str(device), precision=precision)
    r = train_run(config, None, keep_steps=False)
    return r.train_seconds, r.test_accuracy, time.perf_counter() - t


def matmul_peak(device: torch.device, dtype: torch.dtype = torch.float32, n: int = 2048, reps: int = 10) -> float:
    """Measured GEMM throughput in FLOP/s at `dtype`: the practical peak for conv-as-matmul work."""
    a, b = torch.randn(n, n, device=device, dtype=dtype), torch.randn(n, n, device=device, dtype=dtype)
    best = float("inf")
    for _ in range(reps):
        _sync(device)
        t = time.perf_counter()
        a @ b
        _sync(device)
        best = min(best, time.perf_counter() - t)
    return 2 * n**3 / best


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--device", default="cpu")
    p.add_argument("--precision", default="auto", choices=["auto", "fp32", "bf16"], help="cnnlab's precision")
    args = p.parse_args()
    device = torch.device(args.device)
    amp = resolve_precision(args.precision, device)
    macs = summarize(build_model("baseline", (1, 28, 28), 10), (1, 28, 28)).mult_adds
    epoch_flop = 3 * 2 * macs * 60000  # forward + backward (about 2x forward), 2 FLOP per mult-add
    peak = matmul_peak(device)
    ours_peak = matmul_peak(device, amp) if amp is not None else peak
    ours_precision = "bf16 autocast" if amp is not None else "fp32"
    print(f"device {device}, torch {torch.__version__}, {torch.get_num_threads()} threads, seed pipeline: {PIPELINE}")
    print(
        f"baseline: {macs:,} mult-adds per image, {epoch_flop / 1e12:.3f} TFLOP per training epoch; "
        f"measured matmul peak fp32 {peak / 1e9:.1f} GFLOP/s (floor for one epoch: {epoch_flop / peak:.1f} s)"
        + (f", bf16 {ours_peak / 1e9:.1f} GFLOP/s" if amp is not None else "")
    )
    print(f"seed pipeline: fp32; cnnlab: {ours_precision} (--precision {args.precision})")
    seed_t, ours_t, seed_acc, ours_acc, ours_wall = [], [], [], [], []
    for i in range(args.repeats):
        s, sa = seed_run(device, seed=i)
        o, oa, ow = cnnlab_epoch(device, i, args.precision)
        seed_t.append(s), seed_acc.append(sa), ours_t.append(o), ours_acc.append(oa), ours_wall.append(ow)
        print(
            f"repeat {i + 1}: seed {s:6.2f} s ({sa:.2%})   cnnlab {o:6.2f} s ({oa:.2%}, {ow:.2f} s with data "
            f"preparation)   ratio {s / o:.2f}x"
        )
    s, o = statistics.median(seed_t), statistics.median(ours_t)
    print(f"\nmedian of {args.repeats}      seed pipeline    cnnlab")
    print(f"epoch time (train)    {s:10.2f} s  {o:8.2f} s    ratio {s / o:.2f}x")
    print(
        f"test accuracy         {statistics.median(seed_acc):10.2%}  {statistics.median(ours_acc):9.2%}    "
        f"difference {100 * (statistics.median(ours_acc) - statistics.median(seed_acc)):+.2f} points"
    )
    print(f"fraction of peak      {epoch_flop / s / peak:10.1%}  {epoch_flop / o / ours_peak:9.1%}    "
          f"(each against the matmul peak of its own precision)")


if __name__ == "__main__":
    main()
