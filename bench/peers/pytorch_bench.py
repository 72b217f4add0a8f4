#!/usr/bin/env python3
"""PyTorch peer of cnnzoo's JMH suite: the same layers and shapes, training steps, depth sweep, inference and SGEMM, with the
same timing scheme (warm-up and measured iterations of fixed wall time, throughput per second), written
as JSON in JMH's result schema so that `cnnzoo bench` and `cnnzoo report` put cnnzoo and PyTorch side by side.

    python3 bench/peers/pytorch_bench.py -o pytorch.json [--threads 2] [--warmup 3] [--iterations 5] [--time 5] [--only Convolution]
    python3 bench/peers/pytorch_bench.py -o pytorch.json --preset quick.json   # what `cnnzoo bench --peer pytorch` runs

Models are this script's own PyTorch versions of the zoo's: the CIFAR ResNets of He et al. 2016 with
option A shortcuts (zero channels appended after the subsampled identity, as cnnzoo does), and the modern
LeNet-5. The optimiser matches the zoo default: SGD with Nesterov momentum 0.9, lr 0.1, weight decay 1e-4.
ImageNet models are torchvision's (training and, in eval mode under torch.inference_mode(), inference); a zoo
model torchvision lacks is skipped.
"""
import argparse
import ctypes
import ctypes.util
import json
import math
import os
import platform
import re
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


def measure(step, timing, counters):
    """Runs step() repeatedly; returns per-iteration (ops/s, {counter: per-second}) like JMH throughput.
    timing has the preset schema's keys: warmupIterations, warmupSeconds, iterations, seconds."""
    results = []
    warmups = timing["warmupIterations"]
    for i in range(warmups + timing["iterations"]):
        seconds = timing["warmupSeconds"] if i < warmups else timing["seconds"]
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
    if len(values) > 1:
        error = t_quantile(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
        interval = [mean - error, mean + error]
    else:
        # JMH writes a single iteration's error as the string "NaN" (bare NaN is not JSON).
        error, interval = "NaN", ["NaN", "NaN"]
    return {"score": mean, "scoreError": error, "scoreConfidence": interval,
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
    **{f"resnet{d}": (lambda d=d: (CifarResNet(d), (3, 32, 32))) for d in (20, 32, 44, 56, 110, 1202)},
    **{f"plain{d}": (lambda d=d: (CifarResNet(d, residual=False), (3, 32, 32))) for d in (20, 32, 44, 56, 110)},
    "lenet5": lambda: (LeNet5(), (1, 28, 28)),
}


# --- benchmarks (names and parameters as in io.cnnzoo.bench.jmh) ----------------------------------
# Each generator yields (benchmark, params, make) for every case it has; make() builds the case and
# returns (step, counters per step). Nothing is built for a case the plan leaves out.

def layer_shape(shape):
    """cnnzoo's LayerShape: "CxHxW/N" (3x3, stride 1, padding 1, C out = C in) or "CxHxW/N:C'/kK/sS/pP"."""
    head, _, tail = shape.partition(":")
    chw, n = head.split("/")
    c, h, w = (int(v) for v in chw.split("x"))
    if not tail:
        return c, h, w, int(n), c, 3, 1, 1
    out, k, s, p = tail.split("/")
    return c, h, w, int(n), int(out), int(k[1:]), int(s[1:]), int(p[1:])


def layer_cases(benchmark, shape, input_shape, build, work):
    """Forward and forward + backward of module build() on a random input of input_shape; work(backward)
    gives the counters ({"flop": ...} or {"bytes": ...}) of one call."""
    n = input_shape[0]

    def make(backward):
        torch.manual_seed(42)
        module = build()
        x = torch.randn(*input_shape, requires_grad=True)
        eps = torch.randn_like(module(x)).detach()

        def forward():
            module(x)

        def forward_backward():
            module.zero_grad(set_to_none=True)
            x.grad = None
            module(x).backward(eps)

        return (forward_backward if backward else forward), dict(work(backward), images=n)

    yield benchmark + ".forward", {"shape": shape, "format": "NCHW"}, lambda: make(False)
    yield benchmark + ".forwardBackward", {"shape": shape, "format": "NCHW"}, lambda: make(True)


def nchw(shape):
    c, h, w, n = layer_shape(shape)[:4]
    return n, c, h, w


def convolution(shape):
    c, h, w, n, out, k, s, p = layer_shape(shape)
    ho, wo = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    flop = 2 * n * out * ho * wo * c * k * k
    yield from layer_cases("ConvolutionBenchmark", shape, nchw(shape), lambda: nn.Conv2d(c, out, k, s, p, bias=False),
                           lambda backward: {"flop": 3 * flop if backward else flop})


def pooling(shape):
    c, h, w, n, out, k, s, p = layer_shape(shape)
    size_in, size_out = n * c * h * w, n * c * ((h + 2 * p - k) // s + 1) * ((w + 2 * p - k) // s + 1)
    yield from layer_cases("PoolingBenchmark", shape, nchw(shape), lambda: nn.MaxPool2d(k, s, p),
                           lambda backward: {"bytes": 4 * (size_in + size_out + (size_out + 2 * size_in if backward else 0))})


def batch_norm(shape):
    c, h, w, n = layer_shape(shape)[:4]
    size = n * c * h * w
    yield from layer_cases("BatchNormBenchmark", shape, nchw(shape), lambda: nn.BatchNorm2d(c).train(),
                           lambda backward: {"bytes": 4 * (5 * size if backward else 2 * size)})


def relu(shape):
    c, h, w, n = layer_shape(shape)[:4]
    size = n * c * h * w
    yield from layer_cases("ReluBenchmark", shape, nchw(shape), lambda: nn.ReLU(),
                           lambda backward: {"bytes": 4 * (5 * size if backward else 2 * size)})


def dense(shape):
    io, n = shape.split("/")
    fan_in, fan_out = (int(v) for v in io.split(">"))
    n = int(n)
    flop = 2 * n * fan_in * fan_out
    yield from layer_cases("DenseBenchmark", shape, (n, fan_in), lambda: nn.Linear(fan_in, fan_out),
                           lambda backward: {"flop": 3 * flop if backward else flop})


def train(model, shape, n):
    """A training step of model on a fixed random batch, with the zoo's default optimiser."""
    c, h, w = shape
    model.train()
    optimiser = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)
    x = torch.rand(n, c, h, w)
    y = torch.arange(n) % 10

    def step():
        optimiser.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        optimiser.step()

    return step, {"images": n}


def torchvision_model(name):
    """torchvision's constructor for a zoo model name (vgg11-bn -> vgg11_bn), or None when torchvision
    has no such model (alexnet-2012, plain18/34, the CIFAR pre-activation and wide nets)."""
    return getattr(torchvision.models, name.replace("-", "_"), None)


def training_step(spec):
    name, n = spec.split("/")[:2]
    if name in MODELS:
        build = MODELS[name]
    elif torchvision_model(name) is not None and len(spec.split("/")) == 2:
        build = lambda: (torchvision_model(name)(), (3, 224, 224))
    else:
        return  # no PyTorch counterpart here: the report shows "-"

    def make():
        torch.manual_seed(42)
        model, shape = build()
        return train(model, shape, int(n))

    yield "TrainingStepBenchmark.fit", {"model": spec, "format": "NCHW"}, make


def depth_scaling(depth):
    for net in ("plain", "resnet"):
        def make(net=net):
            torch.manual_seed(42)
            return train(CifarResNet(int(depth), residual=net == "resnet"), (3, 32, 32), 128)

        yield "DepthScalingBenchmark.fit", {"net": net, "depth": depth}, make


def inference(spec):
    name, n = spec.split("/")
    n = int(n)
    if torchvision_model(name) is None:
        return  # no torchvision counterpart: the report shows "-"

    def make():
        torch.manual_seed(42)
        model = torchvision_model(name)()
        model.eval()
        x = torch.rand(n, 3, 224, 224)

        def forward():
            with torch.inference_mode():
                model(x)

        return forward, {"images": n}

    yield "InferenceBenchmark.output", {"model": spec}, make


def sgemm(size):
    n = int(size)

    def make():
        a, b, c = torch.rand(n, n), torch.rand(n, n), torch.empty(n, n)

        def mm():
            torch.mm(a, b, out=c)

        return mm, {"flop": 2 * n ** 3}

    yield "SgemmBenchmark.sgemm", {"n": size}, make


# The cases: generator, the parameter it takes, that parameter's values in the JMH benchmarks' @Param
# defaults, and the benchmarks it yields. A preset selection that sweeps other values adds them.
SUITE = [
    (convolution, "shape", ["1x28x28/64:6/k5/s1/p2", "16x32x32/128", "32x16x16/128", "64x8x8/128", "64x32x32/32",
                            "256x28x28/4", "3x224x224/16:64/k7/s2/p3", "64x56x56/16:64/k1/s1/p0",
                            "64x56x56/16:256/k1/s1/p0", "64x56x56/16:64/k3/s1/p1", "256x56x56/16", "512x28x28/16",
                            "3x224x224/16:64/k11/s4/p2"],
     ["ConvolutionBenchmark.forward", "ConvolutionBenchmark.forwardBackward"]),
    (pooling, "shape", ["6x28x28/64:6/k2/s2/p0", "16x10x10/64:16/k2/s2/p0", "64x112x112/16:64/k3/s2/p1"],
     ["PoolingBenchmark.forward", "PoolingBenchmark.forwardBackward"]),
    (batch_norm, "shape", ["16x32x32/128", "64x56x56/16"],
     ["BatchNormBenchmark.forward", "BatchNormBenchmark.forwardBackward"]),
    (relu, "shape", ["16x32x32/128", "64x56x56/16"], ["ReluBenchmark.forward", "ReluBenchmark.forwardBackward"]),
    (dense, "shape", ["400>120/64", "9216>4096/16", "2048>1000/16"],
     ["DenseBenchmark.forward", "DenseBenchmark.forwardBackward"]),
    (training_step, "model", ["resnet20/128", "resnet56/128", "lenet5/64"], ["TrainingStepBenchmark.fit"]),
    (depth_scaling, "depth", ["20", "32", "44", "56", "110"], ["DepthScalingBenchmark.fit"]),
    (inference, "model", ["resnet18/1", "resnet18/16", "resnet50/1", "resnet50/16"], ["InferenceBenchmark.output"]),
    (sgemm, "n", ["2048", "4096"], ["SgemmBenchmark.sgemm"]),
]


def values_of(key, defaults, names, preset):
    """The defaults, then any other value a preset selection of these benchmarks sweeps."""
    values = list(defaults)
    for selection in (preset or {}).get("selections", []):
        if any(re.search(selection["include"], PACKAGE + name) for name in names):
            values += [v for v in (selection.get("params") or {}).get(key, []) if v not in values]
    return values


def planned_timing(name, params, preset, default):
    """The timing of the first preset selection that takes this case, or None when none does. A selection
    takes a case when its include regex finds the benchmark's full name and each parameter it sweeps has
    the case's value among its values (parameters the case does not have are cnnzoo's own, e.g. path)."""
    if preset is None:
        return default
    full = PACKAGE + name
    for selection in preset["selections"]:
        if not re.search(selection["include"], full):
            continue
        swept = selection.get("params") or {}
        if all(params[k] in values for k, values in swept.items() if k in params):
            return selection.get("timing") or preset["timing"]
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", required=True, help="JSON file to write (JMH's result schema)")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", os.cpu_count())),
                        help="intra-op threads (default: OMP_NUM_THREADS, else every CPU)")
    parser.add_argument("--preset", help="a cnnzoo bench preset (JSON): run only the cases its selections take, "
                                         "with their timing; without it, every case with the options below")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up iterations without --preset (default 3)")
    parser.add_argument("--iterations", type=int, default=5, help="measured iterations without --preset (default 5)")
    parser.add_argument("--time", type=float, default=5.0, help="seconds per iteration without --preset (default 5)")
    parser.add_argument("--only", default="", help="run only benchmarks whose name or parameter contains this text")
    parser.add_argument("--include", help="run only benchmarks whose full name (io.cnnzoo.bench.jmh.Class.method) "
                                          "this regex finds, as cnnzoo bench --include does")
    parser.add_argument("--glibc-malloc-defaults", action="store_true",
                        help="keep glibc's malloc defaults instead of cnnzoo's settings (mmap threshold 32 MiB, "
                             "no trimming, top pad 256 MiB); GLIBC_TUNABLES with malloc settings always wins")
    args = parser.parse_args()
    malloc = apply_malloc_settings(not args.glibc_malloc_defaults)
    preset = None
    if args.preset:
        with open(args.preset) as f:
            preset = json.load(f)
    default = {"warmupIterations": args.warmup, "warmupSeconds": args.time, "iterations": args.iterations,
               "seconds": args.time}

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)

    plan = []
    for cases, key, defaults, names in SUITE:
        for value in values_of(key, defaults, names, preset):
            for name, case_params, make in cases(value):
                if args.only and args.only not in name and not any(args.only in v for v in case_params.values()):
                    continue
                if args.include and not re.search(args.include, PACKAGE + name):
                    continue
                # cnnzoo's threads parameter: "all" (--threads) unless the preset sweeps thread counts.
                for threads in values_of("threads", ["all"], [name], preset):
                    params = dict(case_params, threads=threads)
                    timing = planned_timing(name, params, preset, default)
                    if timing is not None:
                        plan.append((name, params, make, timing))
    planned = sum(t["warmupIterations"] * t["warmupSeconds"] + t["iterations"] * t["seconds"] for *_, t in plan)
    print(f"pytorch_bench: torch {torch.__version__}, {args.threads} threads, malloc: {malloc}; "
          f"{len(plan)} benchmarks planned, about {planned:.0f} s", file=sys.stderr, flush=True)

    records = []
    start = time.perf_counter()
    done = 0.0
    for i, (name, params, make, timing) in enumerate(plan):
        threads = args.threads if params["threads"] == "all" else int(params["threads"])
        torch.set_num_threads(threads)
        step, counters = make()
        results = measure(step, timing, counters)
        record = jmh_record(name, params, results, threads, malloc)
        records.append(record)
        done += timing["warmupIterations"] * timing["warmupSeconds"] + timing["iterations"] * timing["seconds"]
        elapsed = time.perf_counter() - start
        left = (planned - done) * elapsed / done if done else 0
        print(f"[peer {i + 1}/{len(plan)}] {name} "
              + " ".join(f"{k}={v}" for k, v in params.items())
              + f": {record['primaryMetric']['score']:.4g} ops/s, "
              + ", ".join(f"{k} {v['score']:.4g}/s" for k, v in record["secondaryMetrics"].items())
              + f"   ETA {left:.0f} s", file=sys.stderr, flush=True)
    tmp = args.output + ".tmp"
    with open(tmp, "w") as f:
        json.dump(records, f, indent=2)
    os.replace(tmp, args.output)


if __name__ == "__main__":
    main()
