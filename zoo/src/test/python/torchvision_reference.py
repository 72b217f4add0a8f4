#!/usr/bin/python3
"""PyTorch's side of cnnzoo's weight-parity tests.

For a zoo model name it builds the torchvision model (or, for families torchvision lacks, a PyTorch twin
written here from the papers, named as the zoo names its vertices), gives it seeded random weights and
randomised batch-norm running statistics, and writes into a folder:

  MODEL.pth            the state dict, torch.save (zip format)
  MODEL.legacy.pth     the same, torch.save's pre-1.6 format (with --legacy)
  MODEL.safetensors    the same, written by this script's own safetensors writer (float32)
  MODEL.f16.safetensors / MODEL.bf16.safetensors   (with --half) the weights as float16 / bfloat16
  MODEL.timm.safetensors   (with --timm, VGG only) the state dict under timm's names, as timm's VGG
                           filter converts it (classifier.0/3 as 7x7 and 1x1 convolutions, classifier.6 as head.fc)
  input.f32            a batch of inputs, raw little-endian float32
  logits.f32           the model's eval-mode logits for it, computed in float32
  logits.f64           the same computed in float64 (raw little-endian float64), from the same float32
                       weights: the reference that float32 rounding in deep nets is measured against
  logits.f16.f32 / logits.bf16.f32   (with --half) the logits of the weights rounded to half / bfloat16
  reference.json       shapes, and what produced the files

The Java tests read input.f32 and logits.f32 as raw floats (not through the reader they test).

  torchvision_reference.py --model resnet50 --out DIR
  torchvision_reference.py --serve        # commands on stdin, one per line, for a test run:
      generate MODEL DIR [legacy] [half] [timm]   -> "ok" when written
      load MODEL DIR FILE                  -> loads FILE (safetensors, strict) into MODEL, writes DIR/loaded_logits.f32
      preprocess IMAGE OUT                 -> torchvision's ImageNet eval transform of IMAGE, raw float32 to OUT
      sgd MODEL DIR LR,LR,... MOMENTUM WD  -> torch.optim.SGD steps from seeded weights on seeded batches (see sgd())
  torchvision_reference.py --model resnet18 --out DIR --classify IMAGE...
      generate, then DIR/classify.json: torchvision's top-5 (index, name, probability) for each image
"""
import argparse
import collections
import copy
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

SEED = 20161213


# ---- safetensors, from the published format ----------------------------------------------------------

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
          torch.int64: "I64"}


def write_safetensors(path, tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    blobs = []
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        data = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path + ".part", "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    os.replace(path + ".part", path)


def read_safetensors(path):
    names = {v: k for k, v in DTYPES.items()}
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = collections.OrderedDict()
    for name, e in header.items():
        if name == "__metadata__":
            continue
        begin, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=names[e["dtype"]]) if end > begin \
            else torch.empty(0, dtype=names[e["dtype"]])
        out[name] = t.reshape(e["shape"])
    return out


# ---- twins of the zoo's families torchvision lacks -----------------------------------------------------

class CifarBasicBlock(nn.Module):
    """He et al. 2016's basic block; option A shortcut as the zoo builds it: x[:, :, ::2, ::2], zeros appended."""

    def __init__(self, cin, cout, stride, residual):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.residual, self.stride, self.extra = residual, stride, cout - cin

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.residual:
            s = x[:, :, ::self.stride, ::self.stride]
            if self.extra:
                s = torch.cat([s, torch.zeros_like(s)[:, :self.extra]], 1)
            y = y + s
        return F.relu(y)


class CifarResNet(nn.Module):
    def __init__(self, depth, residual, classes=10):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        cin = 16
        for s, w in enumerate([16, 32, 64]):
            blocks = []
            for b in range(n):
                blocks.append(CifarBasicBlock(cin, w, 2 if s > 0 and b == 0 else 1, residual))
                cin = w
            setattr(self, "layer%d" % (s + 1), nn.Sequential(*blocks))
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class PreActUnit(nn.Module):
    """He et al. 2016b's pre-activation unit (basic or bottleneck) as the zoo builds it: a projection reads
    the pre-activated input; the network's first unit's identity does too; no ReLU after the addition."""

    def __init__(self, cin, width, stride, bottleneck, first, drop=0.0):
        super().__init__()
        cout = width * 4 if bottleneck else width
        self.bn1 = nn.BatchNorm2d(cin)
        if bottleneck:
            self.conv1 = nn.Conv2d(cin, width, 1, stride, 0, bias=False)
            self.bn2 = nn.BatchNorm2d(width)
            self.conv2 = nn.Conv2d(width, width, 3, 1, 1, bias=False)
            self.bn3 = nn.BatchNorm2d(width)
            self.conv3 = nn.Conv2d(width, cout, 1, 1, 0, bias=False)
        else:
            self.conv1 = nn.Conv2d(cin, width, 3, stride, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(width)
            self.conv2 = nn.Conv2d(width, width, 3, 1, 1, bias=False)
        self.bottleneck, self.first = bottleneck, first
        if stride != 1 or cin != cout:
            self.shortcut = nn.Conv2d(cin, cout, 1, stride, 0, bias=False)

    def forward(self, x):
        a = F.relu(self.bn1(x))
        y = self.conv1(a)
        y = self.conv2(F.relu(self.bn2(y)))
        if self.bottleneck:
            y = self.conv3(F.relu(self.bn3(y)))
        s = self.shortcut(a) if hasattr(self, "shortcut") else (a if self.first else x)
        return y + s


class PreActNet(nn.Module):
    """Pre-activation ResNets (basic 6n+2, bottleneck 9n+2) and WRN-d-k (basic, widths x k, 6n+4)."""

    def __init__(self, n, widths, bottleneck, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        cin = 16
        for s, w in enumerate(widths):
            units = []
            for b in range(n):
                units.append(PreActUnit(cin, w, 2 if s > 0 and b == 0 else 1, bottleneck, s == 0 and b == 0))
                cin = w * 4 if bottleneck else w
            setattr(self, "layer%d" % (s + 1), nn.Sequential(*units))
        self.bn = nn.BatchNorm2d(cin)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.layer3(self.layer2(self.layer1(self.conv1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(F.relu(self.bn(x)), 1), 1))


class PlainBasicBlock(torchvision.models.resnet.BasicBlock):
    """torchvision's BasicBlock without its shortcut: He et al. 2016's plain-18/34 (Table 2)."""

    def forward(self, x):
        return F.relu(self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))))


def plain_imagenet(layers):
    net = torchvision.models.resnet.ResNet(PlainBasicBlock, layers)
    for layer in [net.layer2, net.layer3, net.layer4]:
        layer[0].downsample = None  # a plain net has no projections either
    return net


class AlexNet2012(nn.Module):
    """Krizhevsky et al. 2012 with Caffe's names, two-group conv2/4/5, LRN k=2, n=5, alpha=1e-4 x n (PyTorch
    divides alpha by n; the paper and the zoo do not), beta=0.75; 224 input with padding 2 on conv1."""

    def __init__(self, classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 96, 11, 4, 2)
        self.conv2 = nn.Conv2d(96, 256, 5, 1, 2, groups=2)
        self.conv3 = nn.Conv2d(256, 384, 3, 1, 1)
        self.conv4 = nn.Conv2d(384, 384, 3, 1, 1, groups=2)
        self.conv5 = nn.Conv2d(384, 256, 3, 1, 1, groups=2)
        self.fc6 = nn.Linear(256 * 6 * 6, 4096)
        self.fc7 = nn.Linear(4096, 4096)
        self.fc8 = nn.Linear(4096, classes)
        self.lrn = nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0)

    def forward(self, x):
        x = F.max_pool2d(self.lrn(F.relu(self.conv1(x))), 3, 2)
        x = F.max_pool2d(self.lrn(F.relu(self.conv2(x))), 3, 2)
        x = F.relu(self.conv5(F.relu(self.conv4(F.relu(self.conv3(x))))))
        x = torch.flatten(F.max_pool2d(x, 3, 2), 1)
        return self.fc8(F.relu(self.fc7(F.relu(self.fc6(x)))))


class LeNet5(nn.Module):
    """The modern LeNet-5 of the zoo (and of PyTorch's tutorial), for a 1x28x28 input."""

    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = torch.flatten(F.max_pool2d(F.relu(self.conv2(x)), 2), 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


TV = torchvision.models
IMAGENET = (3, 224, 224)
CIFAR = (3, 32, 32)
MODELS = {
    "alexnet": (TV.alexnet, IMAGENET), "alexnet-2012": (AlexNet2012, IMAGENET),
    "resnet18": (TV.resnet18, IMAGENET), "resnet34": (TV.resnet34, IMAGENET), "resnet50": (TV.resnet50, IMAGENET),
    "resnet101": (TV.resnet101, IMAGENET), "resnet152": (TV.resnet152, IMAGENET),
    "plain18": (lambda: plain_imagenet([2, 2, 2, 2]), IMAGENET),
    "plain34": (lambda: plain_imagenet([3, 4, 6, 3]), IMAGENET),
    "resnext50-32x4d": (TV.resnext50_32x4d, IMAGENET), "resnext101-32x8d": (TV.resnext101_32x8d, IMAGENET),
    "wide-resnet50-2": (TV.wide_resnet50_2, IMAGENET), "wide-resnet101-2": (TV.wide_resnet101_2, IMAGENET),
    "lenet5": (LeNet5, (1, 28, 28)),
    "preact-resnet110": (lambda: PreActNet(18, [16, 32, 64], False), CIFAR),
    "preact-resnet164": (lambda: PreActNet(18, [16, 32, 64], True), CIFAR),
}
for d in (11, 13, 16, 19):
    MODELS["vgg%d" % d] = (getattr(TV, "vgg%d" % d), IMAGENET)
    MODELS["vgg%d-bn" % d] = (getattr(TV, "vgg%d_bn" % d), IMAGENET)
for d in (20, 32, 44, 56, 110, 1202):
    MODELS["resnet%d" % d] = (lambda d=d: CifarResNet(d, True), CIFAR)
    MODELS["plain%d" % d] = (lambda d=d: CifarResNet(d, False), CIFAR)


def model_for(name):
    if name.startswith("wrn-"):  # WRN-d-k: (d - 4) / 6 basic units per stage, widths 16k, 32k, 64k
        _, d, k = name.split("-")
        d, k = int(d), int(k)
        return PreActNet((d - 4) // 6, [16 * k, 32 * k, 64 * k], False), CIFAR
    if name not in MODELS:
        raise SystemExit("unknown model %s; known: %s, wrn-D-K" % (name, ", ".join(sorted(MODELS))))
    make, shape = MODELS[name]
    return make(), shape


# ---- seeded weights and statistics -------------------------------------------------------------------

def randomise(model, shape, generator):
    """Random biases and BN affine parameters (torchvision initialises some to constants, which would hide
    a bias or a gamma loaded in the wrong place), then BN running statistics measured on random batches
    and perturbed, so that every statistic matters and activations keep a sane scale at any depth."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)) and m.bias is not None:
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=generator))
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(0.5 + torch.rand(m.weight.shape, generator=generator))
                m.bias.copy_(0.2 * torch.randn(m.bias.shape, generator=generator))
                m.momentum = None  # cumulative average over the calibration batches
                m.reset_running_stats()
    if any(isinstance(m, nn.BatchNorm2d) for m in model.modules()):
        model.train()
        with torch.no_grad():
            for _ in range(2):
                model(torch.randn((4,) + shape, generator=generator))
            for m in model.modules():
                if isinstance(m, nn.BatchNorm2d):
                    std = m.running_var.sqrt()
                    m.running_mean.add_(0.1 * std * torch.randn(std.shape, generator=generator))
                    m.running_var.mul_(0.8 + 0.45 * torch.rand(std.shape, generator=generator))
    model.eval()


def raw(path, tensor):
    tensor.detach().contiguous().float().numpy().astype("<f4").tofile(path)


def timm_names(state):
    """timm's VGG names for torchvision's classifier (timm/models/vgg.py, _filter_fn)."""
    out = collections.OrderedDict()
    for k, v in state.items():
        if k.startswith("classifier.0.weight"):
            v = v.reshape(-1, 512, 7, 7)
        if k.startswith("classifier.3.weight"):
            v = v.reshape(-1, 4096, 1, 1)
        k = k.replace("classifier.0", "pre_logits.fc1").replace("classifier.3", "pre_logits.fc2") \
            .replace("classifier.6", "head.fc")
        out[k] = v
    return out


def generate(name, out, legacy=False, half=False, timm=False, batch=2):
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    model, shape = model_for(name)
    randomise(model, shape, generator)
    x = torch.randn((batch,) + shape, generator=generator)
    with torch.no_grad():
        logits = model(x)
        logits64 = copy.deepcopy(model).double()(x.double())
    os.makedirs(out, exist_ok=True)
    state = model.state_dict()
    torch.save(state, os.path.join(out, name + ".pth"))
    if legacy:
        torch.save(state, os.path.join(out, name + ".legacy.pth"), _use_new_zipfile_serialization=False)
    write_safetensors(os.path.join(out, name + ".safetensors"),
                      collections.OrderedDict((k, v) for k, v in state.items()), {"format": "pt"})
    if timm:
        write_safetensors(os.path.join(out, name + ".timm.safetensors"), timm_names(state), {"format": "pt"})
    raw(os.path.join(out, "input.f32"), x)
    raw(os.path.join(out, "logits.f32"), logits)
    logits64.contiguous().numpy().astype("<f8").tofile(os.path.join(out, "logits.f64"))
    if half:
        for dtype, tag in ((torch.float16, "f16"), (torch.bfloat16, "bf16")):
            rounded = collections.OrderedDict((k, v.to(dtype) if v.is_floating_point() else v)
                                              for k, v in state.items())
            write_safetensors(os.path.join(out, "%s.%s.safetensors" % (name, tag)), rounded, {"format": "pt"})
            twin, _ = model_for(name)
            twin.load_state_dict(collections.OrderedDict((k, v.float() if v.is_floating_point() else v)
                                                         for k, v in rounded.items()))
            twin.eval()
            with torch.no_grad():
                raw(os.path.join(out, "logits.%s.f32" % tag), twin(x))
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump({"model": name, "input": list(x.shape), "logits": list(logits.shape), "seed": SEED,
                   "torch": torch.__version__, "torchvision": torchvision.__version__}, f)


def load(name, out, file):
    """Loads a safetensors file (cnnzoo's export) into the model, strictly, and writes its logits."""
    model, shape = model_for(name)
    model.load_state_dict(read_safetensors(file), strict=True)
    model.eval()
    with open(os.path.join(out, "reference.json")) as f:
        meta = json.load(f)
    x = torch.from_numpy(__import__("numpy").fromfile(os.path.join(out, "input.f32"), dtype="<f4")).reshape(meta["input"])
    with torch.no_grad():
        raw(os.path.join(out, "loaded_logits.f32"), model(x))


def sgd(name, out, lrs, momentum, weight_decay, batch=8):
    """torch.optim.SGD over all of MODEL's parameters, one training step per learning rate in lrs, from the
    seeded weights on seeded batches. Writes MODEL.safetensors (the start), inputs.f32 [steps, batch, C, H, W],
    labels.f32 [steps, batch] (class indices), MODEL.trained.safetensors (after the last step) and sgd.json."""
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    model, shape = model_for(name)
    randomise(model, shape, generator)
    classes = [m for m in model.modules() if isinstance(m, nn.Linear)][-1].out_features
    os.makedirs(out, exist_ok=True)
    write_safetensors(os.path.join(out, name + ".safetensors"), model.state_dict(), {"format": "pt"})
    x = torch.randn((len(lrs), batch) + shape, generator=generator)
    y = torch.randint(0, classes, (len(lrs), batch), generator=generator)
    model.train()
    optimiser = torch.optim.SGD(model.parameters(), lr=lrs[0], momentum=momentum, weight_decay=weight_decay)
    losses = []
    for step, lr in enumerate(lrs):
        for group in optimiser.param_groups:
            group["lr"] = lr
        optimiser.zero_grad()
        loss = F.cross_entropy(model(x[step]), y[step])
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    write_safetensors(os.path.join(out, name + ".trained.safetensors"), model.state_dict(), {"format": "pt"})
    raw(os.path.join(out, "inputs.f32"), x)
    raw(os.path.join(out, "labels.f32"), y.float())
    with open(os.path.join(out, "sgd.json"), "w") as f:
        json.dump({"model": name, "inputs": list(x.shape), "lrs": lrs, "momentum": momentum,
                   "weight_decay": weight_decay, "losses": losses, "torch": torch.__version__}, f)


def imagenet_transform():
    """What torchvision's ImageNet weights were evaluated with (ImageClassification: resize 256, crop 224)."""
    import torchvision.transforms as T
    return T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(),
                      T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])])


def preprocess(image, out):
    from PIL import Image
    raw(out, imagenet_transform()(Image.open(image).convert("RGB")))


def classify(name, out, images, top=5):
    from PIL import Image
    from torchvision.models._meta import _IMAGENET_CATEGORIES
    model, _ = model_for(name)
    model.load_state_dict(torch.load(os.path.join(out, name + ".pth")))
    model.eval()
    results = []
    for image in images:
        x = imagenet_transform()(Image.open(image).convert("RGB")).unsqueeze(0)
        with torch.no_grad():
            p = torch.softmax(model(x), 1)[0]
        values, indices = p.topk(top)
        results.append({"image": image, "top": [{"index": int(i), "name": _IMAGENET_CATEGORIES[int(i)],
                                                 "probability": float(v)} for v, i in zip(values, indices)]})
    with open(os.path.join(out, "classify.json"), "w") as f:
        json.dump(results, f, indent=1)


def serve():
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    print("ready torch %s torchvision %s" % (torch.__version__, torchvision.__version__), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "generate":
                generate(words[1], words[2], legacy="legacy" in words[3:], half="half" in words[3:],
                         timm="timm" in words[3:])
            elif words[0] == "load":
                load(words[1], words[2], words[3])
            elif words[0] == "sgd":
                sgd(words[1], words[2], [float(v) for v in words[3].split(",")], float(words[4]), float(words[5]))
            elif words[0] == "preprocess":
                preprocess(words[1], words[2])
            else:
                raise ValueError("unknown command " + words[0])
            print("ok", flush=True)
        except Exception as e:  # the test reports it; the server keeps serving
            print("error %s: %s" % (type(e).__name__, str(e).replace("\n", " ")), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model")
    parser.add_argument("--out")
    parser.add_argument("--legacy", action="store_true")
    parser.add_argument("--half", action="store_true")
    parser.add_argument("--timm", action="store_true")
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--classify", nargs="+", metavar="IMAGE")
    args = parser.parse_args()
    if args.serve:
        serve()
    elif args.model and args.out:
        generate(args.model, args.out, args.legacy, args.half, args.timm)
        if args.classify:
            classify(args.model, args.out, args.classify)
    else:
        parser.error("--model and --out, or --serve")
