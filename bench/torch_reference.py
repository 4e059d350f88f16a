#!/usr/bin/env python3
"""Plain-PyTorch reference timings for `s2vc bench`: the same computations as the Java product, in Python.

The numbers of `s2vc bench suppress` and `s2vc bench train` go through DJL's libtorch; this script times the
same models and the same sequence of tensor operations in the Python torch of this machine (Debian's
python3-torch 1.13), so that the two can be put side by side. Weights are random (the cost of a convolution
does not depend on its values), but every shape, stride, padding, channel count and operation is the Java
code's. Every part names the Java class it mirrors (paths under src/main/java/io/s2vc/):

  flow/FlowSpec            FlowSpec: advflow-imagenet64 (paper), cpu-tiny-32, cpu-narrow-32 (conf/cpu-tiny.yaml)
  flow/FlowModel           FlowModel: the node chain in FrEIA's order (keys module_list.<node>.*), encode / decode
  flow/AffineCoupling      AffineCoupling: GLOW coupling, soft clamp 1.5 * 0.636 * atan(a / 1.5)
  flow/ConvSubnet          ConvSubnet: conv3x3 -> LeakyReLU(0.1) -> conv3x3 -> LeakyReLU(0.1) -> conv3x3
  flow/DenseSubnet         DenseSubnet: fc1 -> ReLU -> fc2 -> ReLU -> fc2b -> ReLU -> fc3
  flow/ChannelBlocks       channel_blocks: weights padded to whole blocks of 16 output channels, extra outputs dropped
  flow/FixedConv1x1        FixedConv1x1: frozen orthogonal 1x1 conv (input and weight padded to 16 channels)
  flow/IRevNetSqueeze      IRevNetSqueeze: (N, C, H, W) -> (N, 4C, H/2, W/2), i-RevNet order
  flow/ChannelPermutation  ChannelPermutation + LegacyPermutation + Mt19937: NumPy's legacy permutation(n), seed k
  flow/Flatten, Split, Concat
  flow/FlowFlops           flow_flops_per_frame
  suppress/StaticCueSuppressor, FrameResampler, AxisResampling, TemporalStd, SelectionMode.THRESHOLD,
  ZeroLatents, ClipTensors StaticCueSuppressor.suppress_wire: uint8 clips in, uint8 clips out
  model/R3d18, ResidualBlock, ConvBn, MaxPool3d, Tiny3d, ProjectionHead, Encoder, ImageNetNormalization
  model/MomentumContrast, KeyQueue, InfoNce, MomentumUpdate
  model/EncoderFlops       encoder_flops: 2 FLOPs per MAC of every conv and linear; a pair = 4F - F(first conv)
  nd/CoupledAdam           CoupledAdam: Adam with coupled L2 weight decay, op for op
  nd/GradientGuard, nd/ParameterBackup, train/TrainingStep, train/OnlineTrainer, train/LearningRateSchedule
  bench/SuppressBenchmark, bench/TrainBenchmark, bench/RandomClips, bench/RandomPairs, bench/EnginePeak

Output: one JSON object on stdout (progress goes to stderr). Without torch it prints
{"available": false, "reason": ...} and exits 0.
"""

import argparse
import dataclasses
import gc
import json
import math
import os
import resource
import statistics
import struct
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    TORCH_IMPORT_ERROR = None
except Exception as import_error:  # noqa: BLE001 - any failure means "no torch here"
    torch = nn = F = None
    TORCH_IMPORT_ERROR = f"{type(import_error).__name__}: {import_error}"

# Classes below subclass nn.Module; without torch they are defined on object and never instantiated.
Module = nn.Module if nn is not None else object

# Debian's python3-torch installs into /usr/bin/python3's dist-packages; a python3 from pyenv or a venv
# earlier on PATH does not see it, so without torch we try that interpreter once before giving up.
DEBIAN_PYTHON = "/usr/bin/python3"
REEXEC_MARKER = "S2VC_TORCH_REFERENCE_REEXEC"


def float32(value):
    """value rounded to float32, as Java's (float) casts do."""
    return struct.unpack("f", struct.pack("f", value))[0]


def log(message):
    if not QUIET:
        print(f"[torch_reference] {message}", file=sys.stderr, flush=True)


QUIET = False

# ---------------------------------------------------------------------------------------------------------------
# Flow (package flow)
# ---------------------------------------------------------------------------------------------------------------

CLAMP = 1.5
CLAMP_GAIN = float32(1.5 * 0.636)  # AffineCoupling.CLAMP_GAIN: the reference's literal 0.636, rounded once
LEAKY_SLOPE = 0.1
CHANNEL_BLOCK = 16  # ChannelBlocks.BLOCK
ADVFLOW_SIGMA = 0.03  # FlowInit.ADVFLOW_SIGMA; SuppressBenchmark draws every layer (randomEverywhere)


@dataclasses.dataclass
class FlowSpec:
    """Mirror of FlowSpec (the record) and its three named architectures."""

    name: str
    channels: int
    height: int
    width: int
    high_res_couplings: int
    low_res_couplings: int
    dense_couplings: int
    conv_hidden: int
    dense_internal: int
    dense_features: int

    @staticmethod
    def by_name(name):
        specs = {
            "advflow-imagenet64": (3, 64, 64, 4, 6, 6, 128, 128, 3072),
            "cpu-tiny-32": (3, 32, 32, 2, 4, 2, 48, 128, 768),
            "cpu-narrow-32": (3, 32, 32, 2, 4, 2, 16, 128, 768),
        }
        if name not in specs:
            raise ValueError(f"unknown flow architecture '{name}' (known: {', '.join(specs)})")
        return FlowSpec(name, *specs[name])

    def dimensions(self):
        return self.channels * self.height * self.width

    def nodes(self):
        """FlowSpec.nodes(): (kind, arguments) in FrEIA's node order; the index is the module_list key."""
        nodes = [("input",)]
        for k in range(self.high_res_couplings):
            nodes.append(("conv_coupling", self.channels, self.conv_hidden))
            nodes.append(("permutation", self.channels, k))
        nodes.append(("squeeze",))
        squeezed = 4 * self.channels
        for k in range(self.low_res_couplings):
            nodes.append(("fixed_1x1", squeezed))
            nodes.append(("conv_coupling", squeezed, self.conv_hidden))
            nodes.append(("permutation", squeezed, k))
        nodes.append(("flatten", squeezed, self.height // 2, self.width // 2))
        rest = self.dimensions() - self.dense_features
        nodes.append(("split", self.dense_features, rest))
        for k in range(self.dense_couplings):
            nodes.append(("dense_coupling", self.dense_features, self.dense_internal))
            nodes.append(("permutation", self.dense_features, k))
        nodes.append(("concat", self.dense_features, rest))
        nodes.append(("output",))
        return nodes


def flow_flops_per_frame(spec):
    """FlowFlops.perFrame: 2 FLOPs per MAC of the convolutions and linear layers of one encode (or decode)."""

    def conv_subnet_macs(inputs, outputs, hidden):  # per pixel, divided by the 9 taps
        return inputs * hidden + hidden * hidden + hidden * outputs

    def dense_subnet_macs(inputs, outputs, internal):
        return inputs * internal + 2.0 * internal * internal + internal * outputs

    pixels = float(spec.height * spec.width)
    flops = 0.0
    for node in spec.nodes():
        if node[0] == "conv_coupling":
            channels, hidden = node[1], node[2]
            at = pixels if channels == spec.channels else pixels / 4
            first = channels // 2
            second = channels - first
            flops += 2 * 9 * at * (conv_subnet_macs(first, 2 * second, hidden)
                                   + conv_subnet_macs(second, 2 * first, hidden))
        elif node[0] == "fixed_1x1":
            flops += 2 * (pixels / 4) * node[1] * node[1]
        elif node[0] == "dense_coupling":
            features, internal = node[1], node[2]
            first = features // 2
            second = features - first
            flops += 2 * (dense_subnet_macs(first, 2 * second, internal)
                          + dense_subnet_macs(second, 2 * first, internal))
    return flops


def padded_channels(channels, channel_blocks):
    """ChannelBlocks.padded: channels rounded up to whole blocks of 16 (unchanged when the switch is off)."""
    return (channels + CHANNEL_BLOCK - 1) // CHANNEL_BLOCK * CHANNEL_BLOCK if channel_blocks else channels


def pad_axis(values, axis, channel_blocks):
    """ChannelBlocks.pad: zeros appended along axis up to whole blocks, made anew on every call as in Java."""
    extra = padded_channels(values.shape[axis], channel_blocks) - values.shape[axis]
    if extra == 0:
        return values
    shape = list(values.shape)
    shape[axis] = extra
    return torch.cat([values, values.new_zeros(shape)], axis)


def unpad(result, channels):
    """ChannelBlocks.unpad: the first channels of axis 1 (a view), or the result itself."""
    return result if result.shape[1] == channels else result[:, 0:channels]


def legacy_permutation(n, seed):
    """LegacyPermutation.of + Mt19937: NumPy's legacy seed(seed); permutation(n), bit for bit."""
    state = [0] * 624
    state[0] = seed & 0xFFFFFFFF
    for i in range(1, 624):
        previous = state[i - 1]
        state[i] = (1812433253 * (previous ^ (previous >> 30)) + i) & 0xFFFFFFFF
    index = 624

    def next_u32():
        nonlocal index
        if index >= 624:
            for i in range(624):
                y = (state[i] & 0x80000000) | (state[(i + 1) % 624] & 0x7FFFFFFF)
                value = state[(i + 397) % 624] ^ (y >> 1)
                state[i] = value ^ 0x9908B0DF if y & 1 else value
            index = 0
        y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y & 0xFFFFFFFF

    values = list(range(n))
    for i in range(n - 1, 0, -1):  # Fisher-Yates from the end, masked rejection sampling
        mask = i
        for shift in (1, 2, 4, 8, 16):
            mask |= mask >> shift
        j = next_u32() & mask
        while j > i:
            j = next_u32() & mask
        values[i], values[j] = values[j], values[i]
    return values


def gaussian_parameter(shape, generator, sigma):
    """SeededGaussianInitializer: N(0, sigma^2) (values differ from Java's; only shapes matter here)."""
    return nn.Parameter(torch.randn(shape, generator=generator) * sigma)


def blocked_conv2d(x, weight, bias, channel_blocks, padding):
    """ConvSubnet.conv / FixedConv1x1.conv: padded filters in whole output blocks, extra outputs dropped."""
    y = F.conv2d(x, pad_axis(weight, 0, channel_blocks),
                 None if bias is None else pad_axis(bias, 0, channel_blocks), 1, padding)
    return unpad(y, weight.shape[0])


class ConvSubnet(Module):
    """ConvSubnet: three 3x3 convolutions with padding 1 and bias, LeakyReLU(0.1) between them."""

    def __init__(self, in_channels, out_channels, hidden, generator, channel_blocks):
        super().__init__()
        self.channel_blocks = channel_blocks
        for name, shape in (("conv1", (hidden, in_channels, 3, 3)), ("conv2", (hidden, hidden, 3, 3)),
                            ("conv3", (out_channels, hidden, 3, 3))):
            layer = Module()
            layer.weight = gaussian_parameter(shape, generator, ADVFLOW_SIGMA)
            layer.bias = gaussian_parameter((shape[0],), generator, ADVFLOW_SIGMA)
            setattr(self, name, layer)

    def forward(self, x):
        h = F.leaky_relu(self.conv(x, self.conv1), LEAKY_SLOPE)
        h = F.leaky_relu(self.conv(h, self.conv2), LEAKY_SLOPE)
        return self.conv(h, self.conv3)

    def conv(self, x, layer):
        return blocked_conv2d(x, layer.weight, layer.bias, self.channel_blocks, 1)


class DenseSubnet(Module):
    """DenseSubnet: fc1 -> ReLU -> fc2 -> ReLU -> fc2b -> ReLU -> fc3 (no dropout)."""

    def __init__(self, in_features, out_features, internal, generator):
        super().__init__()
        for name, shape in (("fc1", (internal, in_features)), ("fc2", (internal, internal)),
                            ("fc2b", (internal, internal)), ("fc3", (out_features, internal))):
            layer = Module()
            layer.weight = gaussian_parameter(shape, generator, ADVFLOW_SIGMA)
            layer.bias = gaussian_parameter((shape[0],), generator, ADVFLOW_SIGMA)
            setattr(self, name, layer)

    def forward(self, x):
        h = F.relu(F.linear(x, self.fc1.weight, self.fc1.bias))
        h = F.relu(F.linear(h, self.fc2.weight, self.fc2.bias))
        h = F.relu(F.linear(h, self.fc2b.weight, self.fc2b.bias))
        return F.linear(h, self.fc3.weight, self.fc3.bias)


def sum_per_sample(values):
    """FlowBlock.sumPerSample: the sum over every axis but the batch axis."""
    return values.sum(dim=list(range(1, values.dim())))


def clamped_coefficients(subnet_output):
    """AffineCoupling.Coefficients.of: halves (raw log-scale, shift), log-scale soft-clamped."""
    raw, shift = subnet_output.chunk(2, 1)
    return raw.div(CLAMP).atan().mul(CLAMP_GAIN), shift


class AffineCoupling(Module):
    """AffineCoupling: FrEIA's GLOWCouplingBlock on axis 1, conv sub-nets on (N, C, H, W), dense on (N, D)."""

    def __init__(self, channels, s1, s2):
        super().__init__()
        self.split_length = channels // 2
        self.s1 = s1
        self.s2 = s2

    @staticmethod
    def convolutional(channels, hidden, generator, channel_blocks):
        first = channels // 2
        second = channels - first
        return AffineCoupling(channels, ConvSubnet(first, 2 * second, hidden, generator, channel_blocks),
                              ConvSubnet(second, 2 * first, hidden, generator, channel_blocks))

    @staticmethod
    def fully_connected(features, internal, generator):
        first = features // 2
        second = features - first
        return AffineCoupling(features, DenseSubnet(first, 2 * second, internal, generator),
                              DenseSubnet(second, 2 * first, internal, generator))

    def flow_forward(self, state):
        x1, x2 = state[0].split([self.split_length, state[0].shape[1] - self.split_length], 1)
        log_scale2, shift2 = clamped_coefficients(self.s2(x2))
        y1 = x1.mul(log_scale2.exp()).add(shift2)
        log_scale1, shift1 = clamped_coefficients(self.s1(y1))
        y2 = x2.mul(log_scale1.exp()).add(shift1)
        log_det = sum_per_sample(log_scale1).add(sum_per_sample(log_scale2))
        return [torch.cat([y1, y2], 1)] + state[1:], log_det

    def flow_inverse(self, state):
        y1, y2 = state[0].split([self.split_length, state[0].shape[1] - self.split_length], 1)
        log_scale1, shift1 = clamped_coefficients(self.s1(y1))
        x2 = y2.sub(shift1).div(log_scale1.exp())
        log_scale2, shift2 = clamped_coefficients(self.s2(x2))
        x1 = y1.sub(shift2).div(log_scale2.exp())
        return [torch.cat([x1, x2], 1)] + state[1:]


class ChannelPermutation(Module):
    """ChannelPermutation: out[:, i] = in[:, perm[i]] with NumPy's legacy permutation (not in a checkpoint)."""

    def __init__(self, size, seed):
        super().__init__()
        perm = legacy_permutation(size, seed)
        inverse = [0] * size
        for i, p in enumerate(perm):
            inverse[p] = i
        self.register_buffer("forward_index", torch.tensor(perm, dtype=torch.int64), persistent=False)
        self.register_buffer("inverse_index", torch.tensor(inverse, dtype=torch.int64), persistent=False)

    def flow_forward(self, state):
        return [state[0][:, self.forward_index]] + state[1:], None

    def flow_inverse(self, state):
        return [state[0][:, self.inverse_index]] + state[1:]


class FixedConv1x1(Module):
    """FixedConv1x1: frozen orthogonal M (C, C, 1, 1), M_inv = M^T, logDetM = 0 (buffers, as Java's frozen ones)."""

    def __init__(self, channels, generator, channel_blocks):
        super().__init__()
        self.channels = channels
        self.channel_blocks = channel_blocks
        q, _ = torch.linalg.qr(torch.randn((channels, channels), generator=generator, dtype=torch.float64))
        self.register_buffer("M", q.float().reshape(channels, channels, 1, 1).contiguous())
        self.register_buffer("M_inv", q.t().float().reshape(channels, channels, 1, 1).contiguous())
        self.register_buffer("logDetM", torch.zeros(()))

    def conv(self, x, weight):
        padded_weight = pad_axis(pad_axis(weight, 0, self.channel_blocks), 1, self.channel_blocks)
        return unpad(F.conv2d(pad_axis(x, 1, self.channel_blocks), padded_weight, None, 1, 0), self.channels)

    def flow_forward(self, state):
        head = state[0]
        per_sample = head.new_zeros(head.shape[0]).add(self.logDetM)
        return [self.conv(head, self.M)] + state[1:], per_sample

    def flow_inverse(self, state):
        return [self.conv(state[0], self.M_inv)] + state[1:]


class IRevNetSqueeze(Module):
    """IRevNetSqueeze: out[b, r*2C + c*C + ch, i, j] = in[b, ch, 2i + r, 2j + c]."""

    def flow_forward(self, state):
        x = state[0]
        n, c, h, w = x.shape
        out = x.reshape(n, c, h // 2, 2, w // 2, 2).permute(0, 3, 5, 1, 2, 4).reshape(n, 4 * c, h // 2, w // 2)
        return [out] + state[1:], None

    def flow_inverse(self, state):
        y = state[0]
        n, c4, h, w = y.shape
        c = c4 // 4
        out = y.reshape(n, 2, 2, c, h, w).permute(0, 3, 4, 1, 5, 2).reshape(n, c, 2 * h, 2 * w)
        return [out] + state[1:]


class Flatten(Module):
    """Flatten: (N, C, H, W) -> (N, C*H*W), row-major."""

    def __init__(self, channels, height, width):
        super().__init__()
        self.feature_shape = (channels, height, width)

    def flow_forward(self, state):
        return [state[0].reshape(state[0].shape[0], -1)] + state[1:], None

    def flow_inverse(self, state):
        return [state[0].reshape((state[0].shape[0],) + self.feature_shape)] + state[1:]


class Split(Module):
    """Split: the head (N, a + b) becomes (N, a) and (N, b)."""

    def __init__(self, first, second):
        super().__init__()
        self.first = first
        self.second = second

    def flow_forward(self, state):
        return list(state[0].split([self.first, self.second], 1)) + state[1:], None

    def flow_inverse(self, state):
        return [torch.cat([state[0], state[1]], 1)] + state[2:]


class Concat(Module):
    """Concat: the mirror of Split."""

    def __init__(self, first, second):
        super().__init__()
        self.mirror = Split(first, second)

    def flow_forward(self, state):
        return self.mirror.flow_inverse(state), None

    def flow_inverse(self, state):
        return self.mirror.flow_forward(state)[0]


class FlowModel(Module):
    """FlowModel: the node chain of a FlowSpec; state-dict keys module_list.<node>.<name> as Java's stateDict()."""

    def __init__(self, spec, seed=1, channel_blocks=True):
        super().__init__()
        self.spec = spec
        generator = torch.Generator().manual_seed(seed)
        blocks = {}
        for index, node in enumerate(spec.nodes()):
            kind = node[0]
            if kind == "conv_coupling":
                block = AffineCoupling.convolutional(node[1], node[2], generator, channel_blocks)
            elif kind == "dense_coupling":
                block = AffineCoupling.fully_connected(node[1], node[2], generator)
            elif kind == "permutation":
                block = ChannelPermutation(node[1], node[2])
            elif kind == "fixed_1x1":
                block = FixedConv1x1(node[1], generator, channel_blocks)
            elif kind == "squeeze":
                block = IRevNetSqueeze()
            elif kind == "flatten":
                block = Flatten(node[1], node[2], node[3])
            elif kind == "split":
                block = Split(node[1], node[2])
            elif kind == "concat":
                block = Concat(node[1], node[2])
            else:  # input and output nodes hold only their index
                continue
            blocks[str(index)] = block
        self.module_list = nn.ModuleDict(blocks)
        for parameter in self.parameters():
            parameter.requires_grad_(False)  # suppression never trains the flow

    def encode(self, frames):
        """FlowModel.encode: frames (N, C, H, W) -> latents (N, D); log-dets computed and dropped, as in run()."""
        with torch.no_grad():
            state = [frames]
            for block in self.module_list.values():
                state, _ = block.flow_forward(state)
            return state[0]

    def decode(self, latents):
        """FlowModel.decode: latents (N, D) -> frames (N, C, H, W), the blocks' inverses in reverse order."""
        with torch.no_grad():
            state = [latents]
            for block in reversed(list(self.module_list.values())):
                state = block.flow_inverse(state)
            return state[0]


def flow_parameter_counts(flow):
    """What Java's FlowModel.stateDict() holds: sub-net weights (trainable) and the fixed M, M_inv, logDetM."""
    trainable = sum(p.numel() for p in flow.parameters())
    fixed = sum(b.numel() for name, b in flow.named_buffers() if name.rsplit(".", 1)[-1] in ("M", "M_inv", "logDetM"))
    entries = len(list(flow.parameters())) + sum(
        1 for name, _ in flow.named_buffers() if name.rsplit(".", 1)[-1] in ("M", "M_inv", "logDetM"))
    return {"trainable": trainable, "fixed": fixed, "total": trainable + fixed, "state_dict_entries": entries}


# ---------------------------------------------------------------------------------------------------------------
# Suppression (package suppress)
# ---------------------------------------------------------------------------------------------------------------


def adaptive_average_pooling_matrix(input_size, output_size):
    """AxisResampling.adaptiveAveragePooling: (out, in), output i averages [floor(i*in/out), ceil((i+1)*in/out))."""
    matrix = torch.zeros(output_size, input_size)
    for i in range(output_size):
        start = i * input_size // output_size
        end = ((i + 1) * input_size + output_size - 1) // output_size
        matrix[i, start:end] = float32(1.0 / (end - start))
    return matrix


def nearest_matrix(input_size, output_size):
    """AxisResampling.nearest: (out, in) one-hot, source min(floor(i * scale), in - 1), scale in float32."""
    scale = float32(float32(input_size) / output_size)
    matrix = torch.zeros(output_size, input_size)
    for i in range(output_size):
        matrix[i, min(math.floor(float32(i * scale)), input_size - 1)] = 1.0
    return matrix


class FrameResampler:
    """FrameResampler: separable resampling A . X . B^T as two matmuls, matrices built once per clip size."""

    def __init__(self, height, width, small_height, small_width):
        self.pool_rows = adaptive_average_pooling_matrix(height, small_height)
        self.pool_columns_t = adaptive_average_pooling_matrix(width, small_width).t().contiguous()
        self.nearest_rows = nearest_matrix(small_height, height)
        self.nearest_columns_t = nearest_matrix(small_width, width).t().contiguous()

    def down(self, frames):
        return self.pool_rows.matmul(frames.matmul(self.pool_columns_t))

    def up(self, small):
        return self.nearest_rows.matmul(small.matmul(self.nearest_columns_t))


def clips_to_tensor(clips):
    """ClipTensors.toTensor: uint8 (T, H, W, 3) clips -> (B, 3, T, H, W) float in [0, 1] (a permuted view)."""
    return torch.stack(clips).to(torch.float32).div(255.0).permute(0, 4, 1, 2, 3)


def tensor_to_clips(clips):
    """ClipTensors.toClips: round 255*v half up, clamp to [0, 255], uint8 (T, H, W, 3), one copy per clip."""
    wire = clips.mul(255.0).add(0.5).floor().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 4, 1).contiguous()
    return [wire[b].clone() for b in range(wire.shape[0])]


def temporal_std(values, time_axis):
    """TemporalStd.unbiased: shifted by the first frame, sqrt(sum (v - mean)^2 / (T - 1))."""
    frames = values.shape[time_axis]
    shifted = values.sub(values.narrow(time_axis, 0, 1))
    deviations = shifted.sub(shifted.mean(dim=time_axis, keepdim=True))
    return deviations.square().sum(dim=time_axis).div(frames - 1).sqrt()


class StaticCueSuppressor:
    """StaticCueSuppressor with its defaults (strategy ZERO, mode THRESHOLD: std strictly below alpha)."""

    def __init__(self, flow, alpha=0.5, keep_residual=True):
        self.flow = flow
        self.alpha = alpha
        self.keep_residual = keep_residual
        self.resamplers = {}

    def suppress_wire(self, clips):
        """suppress(List<Clip>, long[]): uint8 clips in, uint8 clips and suppressed fractions out."""
        with torch.no_grad():
            output, static_mask = self.suppress(clips_to_tensor(clips))
            fractions = static_mask.to(torch.float32).mean(dim=1).tolist()
            return tensor_to_clips(output), fractions

    def suppress(self, clips):
        """suppressLatents: encode -> std over T -> static mask -> zero -> decode -> up-sample (+ residual)."""
        batch, channels, frames, height, width = clips.shape
        key = (height, width)
        if key not in self.resamplers:
            self.resamplers[key] = FrameResampler(height, width, self.flow.spec.height, self.flow.spec.width)
        resampler = self.resamplers[key]
        small = resampler.down(clips.transpose(1, 2).reshape(batch * frames, channels, height, width))
        latents = self.flow.encode(small).reshape(batch, frames, -1)
        std = temporal_std(latents, 1)
        static_mask = std.lt(self.alpha)  # SelectionMode.THRESHOLD: the absolute std, strict <
        keep = static_mask.logical_not().to(torch.float32).unsqueeze(1)  # ZeroLatents
        suppressed = latents.mul(keep)
        reconstruction = self.flow.decode(suppressed.reshape(batch * frames, -1))
        change = resampler.up(reconstruction.sub(small) if self.keep_residual else reconstruction)
        change = change.reshape(batch, frames, channels, height, width).transpose(1, 2)
        output = clips.add(change) if self.keep_residual else change
        return output, static_mask


# ---------------------------------------------------------------------------------------------------------------
# MoCo encoders (package model)
# ---------------------------------------------------------------------------------------------------------------

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
NORM_EPS = 1e-12


class ConvBn(Module):
    """ConvBn: Conv3d without bias (Kaiming normal, fan_out) -> BatchNorm3d (eps 1e-5, momentum 0.1) -> ReLU."""

    def __init__(self, in_channels, filters, kernel, stride=(1, 1, 1), padding=(0, 0, 0), relu=True, device=None):
        super().__init__()
        self.conv = nn.Conv3d(in_channels, filters, kernel, stride, padding, bias=False, device=device)
        nn.init.kaiming_normal_(self.conv.weight, mode="fan_out", nonlinearity="relu")
        self.bn = nn.BatchNorm3d(filters, eps=1e-5, momentum=0.1, device=device)
        self.relu = relu

    def forward(self, x):
        x = self.bn(self.conv(x))
        return F.relu(x) if self.relu else x


class ResidualBlock(Module):
    """ResidualBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), shortcut type B (1x1x1 conv + BN)."""

    def __init__(self, in_planes, planes, stride, device=None):
        super().__init__()
        self.conv1 = ConvBn(in_planes, planes, (3, 3, 3), (stride,) * 3, (1, 1, 1), device=device)
        self.conv2 = ConvBn(planes, planes, (3, 3, 3), (1, 1, 1), (1, 1, 1), relu=False, device=device)
        self.downsample = None if stride == 1 and in_planes == planes else ConvBn(
            in_planes, planes, (1, 1, 1), (stride,) * 3, relu=False, device=device)

    def forward(self, x):
        out = self.conv2(self.conv1(x))
        residual = x if self.downsample is None else self.downsample(x)
        return F.relu(out.add(residual))


class R3d18(Module):
    """R3d18: Hara's 3D-ResNet-18: conv1 7x7x7 stride (1,2,2) pad 3, max-pool 3/2/1, 4 stages of 2 blocks."""

    feature_size = 512

    def __init__(self, device=None):
        super().__init__()
        self.conv1 = ConvBn(3, 64, (7, 7, 7), (1, 2, 2), (3, 3, 3), device=device)
        layers = []
        in_planes = 64
        for stage, width in enumerate((64, 128, 256, 512)):
            for block in range(2):
                layers.append(ResidualBlock(in_planes, width, 2 if stage > 0 and block == 0 else 1, device=device))
                in_planes = width
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        x = F.max_pool3d(self.conv1(x), (3, 3, 3), (2, 2, 2), (1, 1, 1))  # MaxPool3d: floor mode
        return self.layers(x)


class Tiny3d(Module):
    """Tiny3d: four 3x3x3 ConvBn blocks, 32/64/128/128 channels, strides (1|2|2|1, 2, 2), padding 1."""

    feature_size = 128

    def __init__(self, device=None):
        super().__init__()
        blocks = []
        in_channels = 3
        for width, temporal_stride in zip((32, 64, 128, 128), (1, 2, 2, 1)):
            blocks.append(ConvBn(in_channels, width, (3, 3, 3), (temporal_stride, 2, 2), (1, 1, 1), device=device))
            in_channels = width
        self.blocks = nn.Sequential(*blocks)

    def forward(self, x):
        return self.blocks(x)


BACKBONES = {"r3d18": R3d18, "tiny3d": Tiny3d}


class ProjectionHead(Module):
    """ProjectionHead: Linear(fs -> fs) -> ReLU -> Linear(fs -> embedding), with biases (U(+-1/sqrt(fan_in)))."""

    def __init__(self, feature_size, embedding_size, device=None):
        super().__init__()
        self.fc1 = nn.Linear(feature_size, feature_size, device=device)
        self.fc2 = nn.Linear(feature_size, embedding_size, device=device)
        for layer in (self.fc1, self.fc2):
            bound = 1 / math.sqrt(layer.in_features)
            nn.init.uniform_(layer.weight, -bound, bound)
            nn.init.uniform_(layer.bias, -bound, bound)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


class Encoder(Module):
    """Encoder: backbone -> global average pool -> projection head -> L2 normalisation (eps 1e-12)."""

    def __init__(self, backbone, embedding_size=128, device=None):
        super().__init__()
        self.backbone = BACKBONES[backbone](device=device)
        self.head = ProjectionHead(self.backbone.feature_size, embedding_size, device=device)

    def forward(self, clips):
        feature_map = self.backbone(clips)
        features = F.adaptive_avg_pool3d(feature_map, 1).reshape(feature_map.shape[0], feature_map.shape[1])
        z = self.head(features)
        return z.div(z.norm(dim=1, keepdim=True).clamp_min(NORM_EPS))


def encoder_parameter_counts(encoder):
    """Learnable parameters (what Adam trains) and BN running statistics, which DJL registers as parameters too."""
    learnable = sum(p.numel() for p in encoder.parameters())
    running = sum(b.numel() for name, b in encoder.named_buffers() if name.endswith(("running_mean", "running_var")))
    running_entries = sum(1 for name, _ in encoder.named_buffers() if name.endswith(("running_mean", "running_var")))
    return {"learnable": learnable, "bn_running_statistics": running, "djl_parameters_total": learnable + running,
            "djl_parameter_entries": len(list(encoder.parameters())) + running_entries}


def encoder_flops(encoder, frames, size):
    """EncoderFlops: forward FLOPs of one clip (2 per MAC of every conv and linear) and of one MoCo pair."""
    per_module = []

    def count(module, inputs, output):
        if isinstance(module, nn.Conv3d):
            macs = output.numel() * (inputs[0].shape[1] // module.groups) * math.prod(module.kernel_size)
        else:
            macs = output.numel() * inputs[0].shape[-1]
        per_module.append(2.0 * macs / inputs[0].shape[0])

    hooks = [m.register_forward_hook(count) for m in encoder.modules() if isinstance(m, (nn.Conv3d, nn.Linear))]
    was_training = encoder.training
    try:
        encoder.eval()  # running statistics, so that counting leaves the model as it was
        with torch.no_grad():
            encoder(torch.zeros(1, 3, frames, size, size))
    finally:
        encoder.train(was_training)
        for hook in hooks:
            hook.remove()
    forward = sum(per_module)
    first_convolution = per_module[0]  # the one that reads the clip: no activation gradient needed
    return forward, 4 * forward - first_convolution


# ---------------------------------------------------------------------------------------------------------------
# MoCo training step (packages model, nd, train)
# ---------------------------------------------------------------------------------------------------------------

EXCLUDED_PENALTY = 1e4  # InfoNce.EXCLUDED_PENALTY


class KeyQueue:
    """KeyQueue: (dim, K) ring buffer of keys, N(0, 1) columns L2-normalised, any batch size enqueued."""

    def __init__(self, dimension, capacity, seed):
        raw = torch.randn((dimension, capacity), generator=torch.Generator().manual_seed(seed))
        self.keys = raw.div(raw.norm(dim=0, keepdim=True).clamp_min(NORM_EPS))
        self.capacity = capacity
        self.pointer = 0

    def enqueue(self, batch_keys):
        batch = batch_keys.shape[0]
        offset = 0
        with torch.no_grad():
            while offset < batch:
                length = min(self.capacity - self.pointer, batch - offset)
                self.keys[:, self.pointer:self.pointer + length] = batch_keys[offset:offset + length].t()
                self.pointer = (self.pointer + length) % self.capacity
                offset += length


def info_nce(queries, keys, queue, temperature, excluded):
    """InfoNce.compute: logits [q.k, q.queue] / tau, cross-entropy with target 0 averaged over the batch."""
    positive = queries.mul(keys).sum(dim=1, keepdim=True)
    negative = queries.matmul(queue)
    if excluded is not None:
        negative = negative.sub(excluded.mul(EXCLUDED_PENALTY))
    logits = torch.cat([positive, negative], 1).div(float32(temperature))
    loss = logits.log_softmax(1)[:, 0].mean().neg()
    return logits, loss


class CoupledAdam:
    """CoupledAdam: torch.optim.Adam(weight_decay=wd) maths, written op for op as the Java class does it."""

    def __init__(self, parameters, beta1, beta2, epsilon, weight_decay):
        self.parameters = list(parameters)
        self.beta1, self.beta2, self.epsilon, self.weight_decay = beta1, beta2, epsilon, weight_decay
        self.first_moments = [torch.zeros_like(p) for p in self.parameters]
        self.second_moments = [torch.zeros_like(p) for p in self.parameters]
        self.steps = 0
        for p in self.parameters:
            p.grad = torch.zeros_like(p)  # DJL attaches a gradient array up front; backward accumulates into it

    def zero_gradients(self):
        with torch.no_grad():
            for p in self.parameters:
                p.grad.zero_()

    def step(self, learning_rate):
        self.steps += 1
        step_size = learning_rate / (1 - self.beta1 ** self.steps)
        second_correction_sqrt = float32(math.sqrt(1 - self.beta2 ** self.steps))
        decay = float32(self.weight_decay)
        first_rate = float32(1 - self.beta1)
        second_keep = float32(self.beta2)
        second_rate = float32(1 - self.beta2)
        eps = float32(self.epsilon)
        negative_step = float32(-step_size)
        with torch.no_grad():
            for theta, m, v in zip(self.parameters, self.first_moments, self.second_moments):
                grad = theta.grad
                if decay != 0:
                    grad = grad.add(theta.mul(decay))
                m.add_(grad.sub(m).mul_(first_rate))
                v.mul_(second_keep).add_(grad.mul(grad).mul_(second_rate))
                denominator = v.sqrt().div_(second_correction_sqrt).add_(eps)
                theta.add_(m.div(denominator).mul_(negative_step))


class TorchAdam:
    """torch.optim.Adam with the same hyper-parameters (--torch-adam): the library's loop instead of CoupledAdam's."""

    def __init__(self, parameters, beta1, beta2, epsilon, weight_decay):
        self.parameters = list(parameters)
        for p in self.parameters:
            p.grad = torch.zeros_like(p)
        self.optimizer = torch.optim.Adam(self.parameters, lr=1e-3, betas=(beta1, beta2), eps=epsilon,
                                          weight_decay=weight_decay)

    def zero_gradients(self):
        with torch.no_grad():
            for p in self.parameters:
                p.grad.zero_()

    def step(self, learning_rate):
        for group in self.optimizer.param_groups:
            group["lr"] = learning_rate
        self.optimizer.step()


class TrainingSettings:
    """The moco.* / train.* / clip / augment settings of a profile (the settings catalogue, docs/configuration.md, + the profile's overrides)."""

    def __init__(self, profile, backbone, frames, size, batch, queue_size, momentum, mask_same_video,
                 steps_per_epoch, warmup_epochs, milestone_epochs):
        self.profile = profile
        self.backbone = backbone
        self.frames = frames
        self.size = size
        self.batch = batch
        self.queue_size = queue_size
        self.momentum = momentum
        self.mask_same_video = mask_same_video
        self.embedding_size = 128
        self.temperature = 0.07
        self.learning_rate = 1e-3
        self.weight_decay = 1e-5
        self.beta1, self.beta2, self.epsilon = 0.9, 0.999, 1e-8
        self.warmup_steps = warmup_epochs * steps_per_epoch
        self.milestones = [e * steps_per_epoch for e in milestone_epochs]
        self.decay = 0.1

    @staticmethod
    def paper_r3d18(batch):
        """conf/paper-r3d18.yaml on the catalogue defaults."""
        return TrainingSettings("paper-r3d18", "r3d18", 16, 112, batch, 2048, 0.999, False, 149, 10, (400, 450))

    @staticmethod
    def cpu_tiny(batch):
        """conf/cpu-tiny.yaml on the catalogue defaults."""
        return TrainingSettings("cpu-tiny", "tiny3d", 8, 48, batch, 256, 0.99, True, 15, 1, ())

    def learning_rate_at(self, step):
        """LearningRateSchedule.learningRate: linear warm-up per step, then x decay at each milestone."""
        rate = self.learning_rate
        if step < self.warmup_steps:
            rate *= (step + 1) / self.warmup_steps
        for milestone in self.milestones:
            if step >= milestone:
                rate *= self.decay
        return rate


class TrainingStep:
    """TrainingStep (+ MomentumContrast, OnlineTrainer.trainPending): one MoCo optimiser step on uint8 pairs."""

    def __init__(self, settings, torch_adam=False):
        self.settings = settings
        self.query_encoder = Encoder(settings.backbone, settings.embedding_size)
        self.key_encoder = Encoder(settings.backbone, settings.embedding_size)
        self.key_encoder.load_state_dict(self.query_encoder.state_dict())  # MomentumUpdate.copy
        for p in self.key_encoder.parameters():
            p.requires_grad_(False)  # freezeParameters
        self.query_encoder.train()
        self.key_encoder.train()  # BN in training mode for the keys too, as the official code
        self.queue = KeyQueue(settings.embedding_size, settings.queue_size, seed=1)
        optimizer = TorchAdam if torch_adam else CoupledAdam
        self.optimizer = optimizer(self.query_encoder.parameters(), settings.beta1, settings.beta2,
                                   settings.epsilon, settings.weight_decay)
        self.query_pairs = list(zip(self.query_encoder.parameters(), self.key_encoder.parameters()))
        # MomentumContrast.parametersChangedBeforeUpdate: every key-encoder array (DJL counts BN running
        # statistics as parameters) and the query encoder's BN running statistics.
        self.changed_before_update = (
            list(self.key_encoder.parameters())
            + [b for n, b in self.key_encoder.named_buffers() if n.endswith(("running_mean", "running_var"))]
            + [b for n, b in self.query_encoder.named_buffers() if n.endswith(("running_mean", "running_var"))])
        self.global_step = 0

    @staticmethod
    def normalize(clips):
        """ImageNetNormalization.apply: per channel (x - mean) / std, the statistics made on every call."""
        mean = torch.tensor(IMAGENET_MEAN).reshape(1, 3, 1, 1, 1)
        std = torch.tensor(IMAGENET_STD).reshape(1, 3, 1, 1, 1)
        return clips.sub(mean).div(std)

    def momentum_update(self):
        """MomentumUpdate.blend: theta_k <- m * theta_k + (1 - m) * theta_q on the learnable parameters."""
        keep = float32(self.settings.momentum)
        take = float32(1.0 - self.settings.momentum)
        with torch.no_grad():
            for q, k in self.query_pairs:
                k.mul_(keep).add_(q.mul(take))

    def run(self, query_clips_u8, key_clips_u8):
        """OnlineTrainer.trainPending + TrainingStep.run, in the Java order; returns (loss, accuracy)."""
        settings = self.settings
        learning_rate = settings.learning_rate_at(self.global_step)
        with torch.no_grad():
            query_input = self.normalize(clips_to_tensor(query_clips_u8))
            key_input = self.normalize(clips_to_tensor(key_clips_u8))
            self.optimizer.zero_gradients()
            backup = [p.clone() for p in self.changed_before_update]  # ParameterBackup.of
            self.momentum_update()
            keys = self.key_encoder(key_input)
            # KeyQueue.sameVideoMask: a (B, K) float mask made every step when same-video negatives are masked
            # (the benchmark's pairs all come from distinct videos, so it is all zeros, as in Java's bench).
            excluded = torch.zeros((keys.shape[0], settings.queue_size)) if settings.mask_same_video else None
        with torch.enable_grad():
            logits, loss = info_nce(self.query_encoder(query_input), keys, self.queue.keys,
                                    settings.temperature, excluded)
            loss.backward()
        loss_value = loss.item()
        if not math.isfinite(loss_value):
            raise RuntimeError(f"training diverged at step {self.global_step + 1} (InfoNCE loss {loss_value})")
        with torch.no_grad():
            for p in self.optimizer.parameters:  # GradientGuard.firstNonFinite: one check per parameter
                if torch.isinf(p.grad).logical_or(torch.isnan(p.grad)).any().item():
                    raise RuntimeError("non-finite gradient while the loss was finite")
        self.optimizer.step(learning_rate)
        self.queue.enqueue(keys)
        self.global_step += 1
        accuracy = sum(1 for best in logits.argmax(1).tolist() if best == 0) / len(query_clips_u8)
        del backup
        return loss_value, accuracy


# ---------------------------------------------------------------------------------------------------------------
# Benchmark cases (package bench)
# ---------------------------------------------------------------------------------------------------------------


def random_clips(count, frames, size, seed):
    """RandomClips.of: uniformly random uint8 clips T x size x size x 3 (the values do not change the cost)."""
    generator = torch.Generator().manual_seed(seed)
    return [torch.randint(0, 256, (frames, size, size, 3), dtype=torch.uint8, generator=generator)
            for _ in range(count)]


class RepeatClock:
    """Wall time of a repeat and the process's CPU time in it: CPU / wall well below the thread count means the
    process waited for a core (another busy process on the machine), so the repeat is no measure of torch."""

    def __init__(self):
        self.wall = time.perf_counter()
        times = os.times()
        self.cpu = times.user + times.system

    def stop(self):
        """(wall seconds, CPU seconds per wall second)."""
        wall = time.perf_counter() - self.wall
        times = os.times()
        return wall, (times.user + times.system - self.cpu) / wall


def rate_summary(per_second, gflop_per_item, cpu_per_wall):
    median = statistics.median(per_second)
    return {"median": median, "repeats": per_second, "seconds_per_item": 1.0 / median if median > 0 else None,
            "gflop_per_item": gflop_per_item, "gflops": median * gflop_per_item, "cpu_per_wall": cpu_per_wall}


def matmul_peak(repeats):
    """EnginePeak: 2048 x 2048 fp32 matmul GFLOP/s, 2 warm-ups, then repeats."""
    size = 2048
    a = torch.rand(size, size) * 2 - 1
    b = torch.rand(size, size) * 2 - 1
    samples = []
    for r in range(-2, repeats):
        start = time.perf_counter()
        product = a.matmul(b)
        product[0, 0].item()
        seconds = time.perf_counter() - start
        if r >= 0:
            samples.append(2.0 * size ** 3 / seconds / 1e9)
    return {"name": "engine.matmul_fp32_gflops", "unit": "GFLOP/s", "median": statistics.median(samples),
            "repeats": samples, "size": size,
            "note": "2048x2048 fp32 matmul as EnginePeak; Debian's torch runs it on the system BLAS (see `blas`), "
                    "not oneDNN, so it is no ceiling for the convolutions here"}


def suppress_case(setting, flow_name, keep_residual, batch, frames, size, repeats, channel_blocks, note):
    """SuppressBenchmark.measure: one warm-up call (builds the resampling matrices), then timed calls."""
    spec = FlowSpec.by_name(flow_name)
    log(f"suppress {setting}: {flow_name}, batch {batch}, {frames}x{size}x{size}, {repeats} repeats")
    flow = FlowModel(spec, seed=1, channel_blocks=channel_blocks)
    suppressor = StaticCueSuppressor(flow, alpha=0.5, keep_residual=keep_residual)
    clips = random_clips(batch, frames, size, 7)
    clips_per_second, cpu_per_wall = [], []
    fractions = None
    for r in range(-1, repeats):
        clock = RepeatClock()
        _, fractions = suppressor.suppress_wire(clips)
        seconds, cpu_share = clock.stop()
        if r >= 0:
            clips_per_second.append(batch / seconds)
            cpu_per_wall.append(cpu_share)
        log(f"  {'warm-up' if r < 0 else f'repeat {r + 1}'}: {seconds:.2f} s (CPU/wall {cpu_share:.2f})")
    gflop_per_clip = 2 * frames * flow_flops_per_frame(spec) / 1e9  # encode + decode of T frames
    result = {"name": f"suppress.{setting}.b{batch}", "metric": "suppress.clips_per_s", "unit": "clips/s"}
    result.update(rate_summary(clips_per_second, gflop_per_clip, cpu_per_wall))
    result.update({"setting": setting, "flow": flow_name, "batch": batch, "frames": frames, "size": size,
                   "flow_size": spec.height, "strategy": "zero", "alpha": 0.5, "mode": "threshold",
                   "keep_residual": keep_residual, "channel_blocks": channel_blocks,
                   "suppressed_fraction_mean": statistics.fmean(fractions), "note": note})
    return result


def train_case(settings, warmup_pairs, pairs_per_repeat, repeats, torch_adam):
    """TrainBenchmark.measure (standalone loop): whole steps over cycled random uint8 pairs."""
    batch = settings.batch
    warmup_steps = -(-warmup_pairs // batch)
    steps_per_repeat = -(-pairs_per_repeat // batch)
    log(f"train {settings.profile}: {settings.backbone}, batch {batch}, {settings.frames}x{settings.size}x"
        f"{settings.size}, queue {settings.queue_size}, {warmup_steps} warm-up + {repeats} x {steps_per_repeat} steps")
    step = TrainingStep(settings, torch_adam=torch_adam)
    forward_flops, pair_flops = encoder_flops(step.query_encoder, settings.frames, settings.size)
    clips = random_clips(2 * batch, settings.frames, settings.size, 7)  # RandomPairs: batch distinct pairs, cycled
    queries, keys = clips[0::2], clips[1::2]
    for s in range(warmup_steps):
        start = time.perf_counter()
        step.run(queries, keys)
        log(f"  warm-up step {s + 1}: {time.perf_counter() - start:.2f} s")
    pairs_per_second, cpu_per_wall = [], []
    loss = accuracy = None
    for r in range(repeats):
        clock = RepeatClock()
        for _ in range(steps_per_repeat):
            loss, accuracy = step.run(queries, keys)
        seconds, cpu_share = clock.stop()
        pairs_per_second.append(steps_per_repeat * batch / seconds)
        cpu_per_wall.append(cpu_share)
        log(f"  repeat {r + 1}: {seconds:.2f} s ({pairs_per_second[-1]:.2f} pairs/s, CPU/wall {cpu_share:.2f})")
    result = {"name": f"train.{settings.profile}.b{batch}", "metric": "train.pairs_per_s", "unit": "pairs/s"}
    result.update(rate_summary(pairs_per_second, pair_flops / 1e9, cpu_per_wall))
    result.update({"setting": settings.profile, "profile": settings.profile, "backbone": settings.backbone,
                   "batch": batch, "frames": settings.frames, "size": settings.size, "queue": settings.queue_size,
                   "momentum": settings.momentum, "mask_same_video": settings.mask_same_video,
                   "optimizer": "torch.optim.Adam" if torch_adam else "CoupledAdam (op for op)",
                   "warmup_steps": warmup_steps, "steps_per_repeat": steps_per_repeat,
                   "gflop_forward": forward_flops / 1e9, "last_loss": loss, "last_accuracy": accuracy,
                   "parameters": encoder_parameter_counts(step.query_encoder),
                   "note": "TrainingStep op sequence: uint8 -> float, ImageNet normalisation, backup of the key "
                           "encoder, momentum update, key forward, query forward + InfoNCE + backward, gradient "
                           "check, Adam, enqueue"})
    return result


def model_inventory():
    """Parameter counts of every model the cases use (encoders built on the meta device: no memory, no time)."""
    models = {}
    for name in ("advflow-imagenet64", "cpu-narrow-32", "cpu-tiny-32"):
        spec = FlowSpec.by_name(name)
        counts = flow_parameter_counts(FlowModel(spec, seed=1))
        counts["gflop_per_frame"] = flow_flops_per_frame(spec) / 1e9
        models[f"flow.{name}"] = counts
    for backbone in ("r3d18", "tiny3d"):
        models[f"encoder.{backbone}"] = encoder_parameter_counts(Encoder(backbone, 128, device="meta"))
    return models


# ---------------------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------------------


def int_list(text):
    """Comma-separated positive integers; an empty string is an empty list (that case is skipped)."""
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got '{text}'") from error
    if values and min(values) < 1:
        raise argparse.ArgumentTypeError(f"expected positive integers, got '{text}'")
    return values


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Times, in plain PyTorch, the computations `s2vc bench suppress` and `s2vc bench train` time "
                    "through DJL: the same flow, suppression, encoders and MoCo step, with random weights. "
                    "Prints one JSON object on stdout; progress goes to stderr.",
        epilog="Cases. suppress: paper = advflow-imagenet64 on 16x112x112 clips (keep_residual true); cpu-tiny = "
               "conf/cpu-tiny.yaml's flow cpu-narrow-32 on 8x48x48 clips (keep_residual false); cpu-tiny-32 = the "
               "flow SuppressBenchmark.cpuTiny uses, with its residual (true). train: paper-r3d18 = R3D-18, "
               "16x112x112, queue 2048, m 0.999; cpu-tiny = tiny3d, 8x48x48, queue 256, m 0.99, same-video mask. "
               "torch's default thread count may differ from DJL's (here it can be 1 on 2 cores): pass --threads "
               "with the Java run's `threads` to compare like with like.")
    parser.add_argument("--cases", default="suppress,train",
                        help="comma-separated: suppress, train (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed repeats per case after the warm-up (default: 3; 2 with --quick)")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch intra-op threads (default: torch's own default; reported as `threads`)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 2 repeats unless --repeats, and fewer training steps per repeat")
    parser.add_argument("--paper-batches", type=int_list, default=[1, 4],
                        help="suppression batches of the paper flow (default: 1,4; empty: none)")
    parser.add_argument("--cpu-batches", type=int_list, default=[16],
                        help="suppression batches of the CPU flows (default: 16, suppress.batch_size; empty: none)")
    parser.add_argument("--cpu-flows", default="cpu-narrow-32,cpu-tiny-32",
                        help="CPU flows to time: cpu-narrow-32 (conf/cpu-tiny.yaml), cpu-tiny-32 "
                             "(SuppressBenchmark.cpuTiny) (default: %(default)s)")
    parser.add_argument("--r3d18-batches", type=int_list, default=[2],
                        help="training batches of paper-r3d18 (default: 2; empty: none)")
    parser.add_argument("--tiny3d-batches", type=int_list, default=[16],
                        help="training batches of cpu-tiny (default: 16, its train.batch_size; empty: none)")
    parser.add_argument("--no-channel-blocks", action="store_true",
                        help="run the flow's convolutions unpadded, as -Ds2vc.flow.whole_channel_blocks=false")
    parser.add_argument("--torch-adam", action="store_true",
                        help="torch.optim.Adam instead of the op-for-op CoupledAdam mirror (same maths)")
    parser.add_argument("--no-mkldnn", action="store_true", help="switch oneDNN (mkldnn) off in torch")
    parser.add_argument("--no-peak", action="store_true", help="skip the 2048^2 matmul peak measurement")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    args.cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in args.cases if c not in ("suppress", "train")]
    if unknown or not args.cases:
        parser.error(f"--cases: unknown case(s) {unknown}; expected suppress and/or train")
    args.cpu_flows = [f.strip() for f in args.cpu_flows.split(",") if f.strip()]
    for flow in args.cpu_flows:
        if flow not in ("cpu-narrow-32", "cpu-tiny-32"):
            parser.error(f"--cpu-flows: unknown flow '{flow}'")
    if args.repeats is None:
        args.repeats = 2 if args.quick else 3
    if args.repeats < 1:
        parser.error("--repeats must be >= 1")
    if args.threads is not None and args.threads < 1:
        parser.error("--threads must be >= 1")
    return args


def cpu_description():
    """CPU model and the ISA flags that decide oneDNN's kernels, from /proc/cpuinfo."""
    model, flags = None, set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "model name" and model is None:
                    model = value.strip()
                elif key == "flags" and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    amx = sorted(f for f in flags if f.startswith("amx"))
    capability = None
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            capability = line.split(":", 1)[1].strip()
    return {"model": model, "logical_cpus": os.cpu_count(),
            "isa": {"avx2": "avx2" in flags, "avx512f": "avx512f" in flags, "avx512_bf16": "avx512_bf16" in flags,
                    "amx": bool(amx), "amx_flags": amx},
            "torch_cpu_capability": capability}


def loaded_blas_libraries():
    """The BLAS / LAPACK / MKL libraries this process has mapped after a matmul: what torch's linear layers and the
    matmul peak run on (Debian's torch uses whatever libblas.so.3 points to; Netlib's reference BLAS is slow)."""
    a = torch.ones(8, 8)
    a.matmul(a)
    names = set()
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                if any(key in os.path.basename(path).lower() for key in ("blas", "lapack", "mkl", "blis")):
                    names.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(names)


def reexec_with_debian_python(argv):
    """Without torch: run this script once more under Debian's interpreter, where python3-torch lives."""
    if os.environ.get(REEXEC_MARKER) or not os.path.exists(DEBIAN_PYTHON):
        return
    if os.path.realpath(sys.executable) == os.path.realpath(DEBIAN_PYTHON):
        return
    env = dict(os.environ, **{REEXEC_MARKER: sys.executable or "python3"})
    sys.stdout.flush()
    os.execve(DEBIAN_PYTHON, [DEBIAN_PYTHON, os.path.abspath(__file__)] + list(argv), env)


def main(argv=None):
    global QUIET
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    QUIET = args.quiet
    if TORCH_IMPORT_ERROR is not None:
        try:
            reexec_with_debian_python(argv)
        except OSError:
            pass
        print(json.dumps({"available": False, "reason": f"import torch failed: {TORCH_IMPORT_ERROR}",
                          "python": sys.executable}))
        return 0

    started = time.perf_counter()
    threads_default = torch.get_num_threads()
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    if args.no_mkldnn:
        torch.backends.mkldnn.enabled = False
    torch.manual_seed(0)
    report = {
        "available": True,
        "tool": "bench/torch_reference.py",
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "interpreter": sys.executable,
        "reexecuted_from": os.environ.get(REEXEC_MARKER),
        "threads": torch.get_num_threads(),
        "threads_default": threads_default,
        "interop_threads": torch.get_num_interop_threads(),
        "mkldnn": {"available": torch.backends.mkldnn.is_available(), "enabled": torch.backends.mkldnn.enabled},
        "cpu": cpu_description(),
        "blas": loaded_blas_libraries(),
        "loadavg_at_start": list(os.getloadavg()),
        # A niced process next to busy ones gets a sliver of the cores: its times measure the scheduler.
        "nice_at_start": os.nice(0),
        "quick": args.quick,
        "repeats": args.repeats,
        "channel_blocks": not args.no_channel_blocks,
        "models": model_inventory(),
        "peak": None,
        "cases": [],
    }
    if not args.no_peak:
        log("matmul peak")
        report["peak"] = matmul_peak(args.repeats)

    jobs = []  # (case name, function that measures it)
    channel_blocks = not args.no_channel_blocks
    if "suppress" in args.cases:
        for batch in args.paper_batches:
            jobs.append((f"suppress.paper.b{batch}", lambda b=batch: suppress_case(
                "paper", "advflow-imagenet64", True, b, 16, 112, args.repeats, channel_blocks,
                "S2VC on the paper's clips (docs/configuration.md: flow.arch, suppress.keep_residual true)")))
        for flow_name in args.cpu_flows:
            profile_flow = flow_name == "cpu-narrow-32"
            setting = "cpu-tiny" if profile_flow else "cpu-tiny-32"
            for batch in args.cpu_batches:
                jobs.append((f"suppress.{setting}.b{batch}", lambda b=batch, f=flow_name, p=profile_flow, s=setting:
                             suppress_case(s, f, not p, b, 8, 48, args.repeats, channel_blocks,
                                           "conf/cpu-tiny.yaml: flow.arch cpu-narrow-32, suppress.keep_residual false"
                                           if p else "SuppressBenchmark.cpuTiny's flow (cpu-tiny-32) with the "
                                                     "builder's keep_residual true")))
    if "train" in args.cases:
        # TrainBenchmark: r3d18 warm-up 4 pairs, repeats of 20; cpu-tiny 64 and 480 (quick: smaller repeats).
        for batch in args.r3d18_batches:
            jobs.append((f"train.paper-r3d18.b{batch}", lambda b=batch: train_case(
                TrainingSettings.paper_r3d18(b), 1 if args.quick else 4, 4 if args.quick else 20,
                args.repeats, args.torch_adam)))
        for batch in args.tiny3d_batches:
            jobs.append((f"train.cpu-tiny.b{batch}", lambda b=batch: train_case(
                TrainingSettings.cpu_tiny(b), 2 * b if args.quick else 64, 5 * b if args.quick else 480,
                args.repeats, args.torch_adam)))

    for name, job in jobs:
        try:
            case = job()
        except Exception as error:  # noqa: BLE001 - one failing case must not lose the others
            case = {"name": name, "error": f"{type(error).__name__}: {error}"}
            log(f"  {name} failed: {case['error']}")
        case["threads"] = torch.get_num_threads()
        case["nice"] = os.nice(0)
        report["cases"].append(case)
        gc.collect()
    report["seconds_total"] = time.perf_counter() - started
    report["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
