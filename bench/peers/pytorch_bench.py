#!/usr/bin/env python3
"""PyTorch peer of cnnzoo's JMH suite: the same convolution shapes, training steps, inference and SGEMM, with the
same timing scheme (warm-up and measured iterations of fixed wall time, throughput per second), written
as JSON in JMH's result schema so that `cnnzoo report` can put DL4J and PyTorch side by side.

    python3 bench/peers/pytorch_bench.py -o pytorch.json [--threads 2] [--warmup 3] [--iterations 5] [--time 5] [--only Convolution]

Models are this script's own PyTorch versions of the zoo's: the CIFAR ResNets of He et al. 2016 with
option A shortcuts (zero channels appended after the subsampled identity, as cnnzoo does), and the modern
LeNet-5. The optimiser matches the zoo default: SGD with Nesterov momentum 0.9, lr 0.1, weight decay 1e-4.
Inference runs torchvision's ImageNet ResNets in eval mode under torch.inference_mode().
"""
import argparse
import ctypes
import ctypes.util
import json
import math
import os
import platform
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

PACKAGE = "io.cnnzoo.bench.jmh."

# Two-sided Student t quantiles at 99.9% (JMH's scoreError is the half-width of this interval).
T_999 = {1: 636.619, 2: 31.599, 3: 12.924, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781,
         10: 4.587, 15: 4.073, 20: 3.850, 30: 3.646}


def t_quantile(df):
    if df in T_999:
        return T_999[df]
    smaller = [k for k in T_999 if k <= df]
    return T_999[max(smaller)] if smaller else 3.291


def measure(step, warmups, iterations, seconds, counters):
    """Runs step() repeatedly; returns per-iteration (ops/s, {counter: per-second}) like JMH throughput."""
    results = []
    for i in range(warmups + iterations):
        ops = 0
        start = time.perf_counter()
        while True:
            step()
            ops += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        if i >= warmups:
            results.append((ops / elapsed, {k: v * ops / elapsed for k, v in counters.items()}))
    return results


# mallopt(3) parameters from <malloc.h>, and the values cnnzoo's MallocSettings and launcher use.
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
MALLOC_SETTINGS = ((M_MMAP_THRESHOLD, 32 << 20), (M_TRIM_THRESHOLD, -1), (M_TOP_PAD, 256 << 20))


def apply_malloc_settings(wanted):
    """Gives PyTorch the malloc settings cnnzoo runs with, so that neither side pays for the other's
    allocator. With glibc's defaults every large tensor freed in a step is unmapped and faulted in again
    in the next: on this project's 2-core machine that cost PyTorch's resnet20 step 2.7x (270 against
    724 images/s). Returns how malloc is set, for the JSON."""
    if "glibc.malloc." in os.environ.get("GLIBC_TUNABLES", ""):
        return "GLIBC_TUNABLES"
    if not wanted:
        return "glibc defaults"
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    if not all(libc.mallopt(param, value) == 1 for param, value in MALLOC_SETTINGS):
        print("pytorch_bench: glibc refused a mallopt setting; glibc's defaults stay", file=sys.stderr)
        return "glibc defaults"
    return "mallopt"


def jmh_record(name, params, results, threads, malloc):
    scores = [r[0] for r in results]
    record = {
        "jmhVersion": "pytorch-peer",
        "benchmark": PACKAGE + name,
        "mode": "thrpt",
        "threads": 1,
        "forks": 1,
        "jvm": "python " + platform.python_version(),
        "vmName": "CPython",
        "vmVersion": "torch " + torch.__version__,
        "engine": "pytorch",
        "nativeThreads": threads,
        "malloc": malloc,
        "params": params,
        "primaryMetric": metric(scores),
        "secondaryMetrics": {},
    }
    for counter in results[0][1]:
        record["secondaryMetrics"][counter] = metric([r[1][counter] for r in results])
    return record


def metric(values):
    mean = statistics.fmean(values)
    error = t_quantile(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values)) \
        if len(values) > 1 else float("nan")
    return {"score": mean, "scoreError": error, "scoreConfidence": [mean - error, mean + error],
            "scoreUnit": "ops/s", "rawData": [values]}


# --- models ---------------------------------------------------------------------------------------

class BasicBlock(nn.Module):
    def __init__(self, in_planes, planes, stride, residual):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.residual = residual
        self.pad = planes - in_planes
        self.stride = stride

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.residual:
            shortcut = x[:, :, ::self.stride, ::self.stride] if self.stride > 1 else x
            if self.pad:
                shortcut = F.pad(shortcut, (0, 0, 0, 0, 0, self.pad))
            out = out + shortcut
        return F.relu(out)


class CifarResNet(nn.Module):
    def __init__(self, depth, residual=True, channels=3, classes=10):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(channels, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        layers, in_planes = [], 16
        for stage, planes in enumerate([16, 32, 64]):
            blocks = []
            for b in range(n):
                blocks.append(BasicBlock(in_planes, planes, 2 if stage > 0 and b == 0 else 1, residual))
                in_planes = planes
            layers.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3 = layers
        self.fc = nn.Linear(64, classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class LeNet5(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


MODELS = {
    "resnet20": lambda: (CifarResNet(20), (3, 32, 32)),
    "resnet56": lambda: (CifarResNet(56), (3, 32, 32)),
    "plain20": lambda: (CifarResNet(20, residual=False), (3, 32, 32)),
    "plain56": lambda: (CifarResNet(56, residual=False), (3, 32, 32)),
    "lenet5": lambda: (LeNet5(), (1, 28, 28)),
}


# --- benchmarks (names and parameters as in io.cnnzoo.bench.jmh) ----------------------------------

def convolution(shape, run):
    chw, n = shape.split("/")
    c, h, w = (int(v) for v in chw.split("x"))
    n = int(n)
    conv = nn.Conv2d(c, c, 3, 1, 1, bias=False)
    x = torch.randn(n, c, h, w, requires_grad=True)
    eps = torch.randn(n, c, h, w)
    flop = 2 * n * c * h * w * c * 9

    def forward():
        conv(x)

    def forward_backward():
        conv.zero_grad(set_to_none=True)
        x.grad = None
        conv(x).backward(eps)

    yield "ConvolutionBenchmark.forward", {"shape": shape}, run(forward, {"flop": flop, "images": n})
    yield ("ConvolutionBenchmark.forwardBackward", {"shape": shape},
           run(forward_backward, {"flop": 3 * flop, "images": n}))


def training_step(spec, run):
    name, n = spec.split("/")
    n = int(n)
    torch.manual_seed(42)
    model, (c, h, w) = MODELS[name]()
    model.train()
    optimiser = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)
    x = torch.rand(n, c, h, w)
    y = torch.arange(n) % 10

    def step():
        optimiser.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        optimiser.step()

    yield "TrainingStepBenchmark.fit", {"model": spec}, run(step, {"images": n})


def inference(spec, run):
    name, n = spec.split("/")
    n = int(n)
    torch.manual_seed(42)
    model = getattr(torchvision.models, name)()
    model.eval()
    x = torch.rand(n, 3, 224, 224)

    def forward():
        with torch.inference_mode():
            model(x)

    yield "InferenceBenchmark.output", {"model": spec}, run(forward, {"images": n})


def sgemm(size, run):
    n = int(size)
    a, b, c = torch.rand(n, n), torch.rand(n, n), torch.empty(n, n)

    def mm():
        torch.mm(a, b, out=c)

    yield "SgemmBenchmark.sgemm", {"n": size}, run(mm, {"flop": 2 * n ** 3})


SUITE = [
    (convolution, ["16x32x32/128", "64x32x32/32", "256x28x28/4"]),
    (training_step, ["resnet20/128", "resnet56/128", "lenet5/64"]),
    (inference, ["resnet18/1", "resnet18/16", "resnet50/1", "resnet50/16"]),
    (sgemm, ["2048", "4096"]),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", required=True, help="JSON file to write (JMH's result schema)")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", os.cpu_count())),
                        help="intra-op threads (default: OMP_NUM_THREADS, else every CPU)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up iterations (default 3)")
    parser.add_argument("--iterations", type=int, default=5, help="measured iterations (default 5)")
    parser.add_argument("--time", type=float, default=5.0, help="seconds per iteration (default 5)")
    parser.add_argument("--only", default="", help="run only benchmarks whose name contains this text")
    parser.add_argument("--glibc-malloc-defaults", action="store_true",
                        help="keep glibc's malloc defaults instead of cnnzoo's settings (mmap threshold 32 MiB, "
                             "no trimming, top pad 256 MiB); GLIBC_TUNABLES with malloc settings always wins")
    args = parser.parse_args()
    malloc = apply_malloc_settings(not args.glibc_malloc_defaults)
    print(f"pytorch_bench: torch {torch.__version__}, {args.threads} threads, malloc: {malloc}", file=sys.stderr)

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)

    def run(step, counters):
        return measure(step, args.warmup, args.iterations, args.time, counters)

    records = []
    for benchmark, params in SUITE:
        for param in params:
            if args.only and args.only not in benchmark.__name__ and args.only not in param:
                continue
            for name, p, results in benchmark(param, run):
                record = jmh_record(name, p, results, args.threads, malloc)
                records.append(record)
                print(f"{name} {p}: {record['primaryMetric']['score']:.3f} ops/s "
                      + " ".join(f"{k} {v['score']:.4g}/s" for k, v in record["secondaryMetrics"].items()),
                      file=sys.stderr, flush=True)
    tmp = args.output + ".tmp"
    with open(tmp, "w") as f:
        json.dump(records, f, indent=2)
    os.replace(tmp, args.output)


if __name__ == "__main__":
    main()
