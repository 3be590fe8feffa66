#!/usr/bin/env python3
"""Builds the example image classifier, colour_discs.onnx, offline and reproducibly.

No model hub is reachable here, so the model is made from generated images with a known answer:
a disc of one of four colours (red, green, blue, yellow), of random size, place and shade, on a
dark background, flat or noisy. The label is the disc's colour. The script draws the images, builds the network,
trains its last layer, checks it on a held-out set drawn with another seed, and writes:

  colour_discs.onnx   input  "pixels"        uint8 [N, 224, 224, 3]  (raw RGB rows, as cameras send)
                      output "probabilities" float [N, 4]            (softmax, in labels.txt order)
  labels.txt          one label per line
  accuracy.txt        the held-out accuracy this run measured

The network: uint8 -> float / 255 -> NCHW -> conv 5x5/2 (8) -> relu -> conv 3x3/2 (16) -> relu ->
global average pool -> dense (4) -> softmax. The convolutions have fixed seeded weights (random
features); only the dense layer is trained, by softmax regression in numpy. About 11 M
multiply-adds per image, so the model, not the host, dominates a call (the point of the
benchmark). The input takes raw bytes so that a Wasm guest and SQL hand the camera's frame over
as it is: one copy, no conversion in the guest.

Run with Debian's python3-onnx and python3-numpy: /usr/bin/python3 make_model.py [out_dir]
The same generator is mirrored in Java by the example's camera (same shapes, other seeds).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SIZE = 224
LABELS = ["red", "green", "blue", "yellow"]
COLOURS = np.array([[220, 40, 40], [40, 200, 60], [50, 70, 230], [230, 210, 40]], dtype=np.float32)


def draw(rng, label):
    """One frame: a disc of LABELS[label] on a dark background, HWC uint8.

    Backgrounds are flat or noisy at a random level, discs shaded and more or less noisy, so the
    classifier learns the colour and not this generator's noise (a first version trained on noisy
    backgrounds only called a blue disc on a flat grey background red).
    """
    level = rng.integers(0, 90)
    spread = rng.choice([0, rng.integers(1, 40)])
    img = np.clip(level + rng.integers(-spread, spread + 1, size=(SIZE, SIZE, 3)), 0, 255)
    img = img.astype(np.float32)
    r = rng.integers(25, 80)
    cy, cx = rng.integers(r, SIZE - r, size=2)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    mask = (yy - cy) ** 2 + (xx - cx) ** 2 <= r * r
    shade = rng.uniform(0.75, 1.0)
    noise = rng.normal(0, rng.uniform(0, 15), size=(mask.sum(), 3))
    img[mask] = np.clip(COLOURS[label] * shade + noise, 0, 255)
    return img.astype(np.uint8)


def dataset(seed, per_class):
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for label in range(len(LABELS)):
        for _ in range(per_class):
            xs.append(draw(rng, label))
            ys.append(label)
    return np.stack(xs), np.array(ys)


def conv_relu(x, w, b, stride):
    """NCHW valid convolution + relu in numpy (im2col), the same arithmetic as ONNX Conv."""
    n, c, h, wd = x.shape
    k = w.shape[2]
    oh, ow = (h - k) // stride + 1, (wd - k) // stride + 1
    s = x.strides
    cols = np.lib.stride_tricks.as_strided(
        x, shape=(n, c, k, k, oh, ow), strides=(s[0], s[1], s[2], s[3], s[2] * stride, s[3] * stride))
    out = np.einsum("nckloy,fckl->nfoy", cols, w, optimize=True) + b[None, :, None, None]
    return np.maximum(out, 0)


def features(images, w1, b1, w2, b2):
    out = []
    for i in range(0, len(images), 32):
        x = images[i:i + 32].astype(np.float32).transpose(0, 3, 1, 2) / 255.0
        h = conv_relu(conv_relu(x, w1, b1, 2), w2, b2, 2)
        out.append(h.mean(axis=(2, 3)))
    return np.concatenate(out)


def train(f, y, epochs=3000, lr=0.5):
    mu, sd = f.mean(axis=0), f.std(axis=0) + 1e-6
    z = (f - mu) / sd
    w = np.zeros((z.shape[1], len(LABELS)), dtype=np.float32)
    b = np.zeros(len(LABELS), dtype=np.float32)
    onehot = np.eye(len(LABELS), dtype=np.float32)[y]
    for _ in range(epochs):
        logits = z @ w + b
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) / len(z)
        w -= lr * (z.T @ g + 1e-3 * w)
        b -= lr * g.sum(axis=0)
    # Fold the standardisation into the dense layer, so the graph needs no extra nodes.
    return (w / sd[:, None]).astype(np.float32), (b - (mu / sd) @ w).astype(np.float32)


def graph(w1, b1, w2, b2, wd, bd):
    init = [
        numpy_helper.from_array(np.array(255.0, dtype=np.float32), "scale"),
        numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1"),
        numpy_helper.from_array(w2, "w2"), numpy_helper.from_array(b2, "b2"),
        numpy_helper.from_array(wd, "wd"), numpy_helper.from_array(bd, "bd"),
    ]
    nodes = [
        helper.make_node("Cast", ["pixels"], ["f"], to=TensorProto.FLOAT),
        helper.make_node("Div", ["f", "scale"], ["unit"]),
        helper.make_node("Transpose", ["unit"], ["nchw"], perm=[0, 3, 1, 2]),
        helper.make_node("Conv", ["nchw", "w1", "b1"], ["c1"], strides=[2, 2]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], strides=[2, 2]),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("GlobalAveragePool", ["r2"], ["pooled"]),
        helper.make_node("Flatten", ["pooled"], ["flat"]),
        helper.make_node("Gemm", ["flat", "wd", "bd"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
    ]
    g = helper.make_graph(
        nodes, "colour_discs",
        [helper.make_tensor_value_info("pixels", TensorProto.UINT8, ["N", SIZE, SIZE, 3])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", len(LABELS)])],
        init)
    # opset 13 and IR 7: old enough for every ONNX Runtime of the last years, new enough for all ops.
    m = helper.make_model(g, producer_name="flink-yomo make_model.py",
                          opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    m.doc_string = "Colour of a disc on a dark background: " + ", ".join(LABELS)
    onnx.checker.check_model(m)
    return m


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rng = np.random.default_rng(7)
    w1 = rng.normal(0, 0.3, size=(8, 3, 5, 5)).astype(np.float32)
    b1 = rng.normal(0, 0.1, size=8).astype(np.float32)
    # Half the first layer is colour-opponent (red-green, green-red, blue-yellow, yellow-blue,
    # averaged over 5x5), the rest random: with random filters only, 1 of 60 frames of the
    # example's camera (a dim red disc) came out blue.
    for k, rgb in enumerate([(1, -1, 0), (-1, 1, 0), (-0.5, -0.5, 1), (0.5, 0.5, -1)]):
        w1[k] = np.array(rgb, dtype=np.float32)[:, None, None] / 25.0
        b1[k] = 0.0
    w2 = rng.normal(0, 0.3, size=(16, 8, 3, 3)).astype(np.float32)
    b2 = rng.normal(0, 0.1, size=16).astype(np.float32)
    train_x, train_y = dataset(seed=1, per_class=200)
    wd, bd = train(features(train_x, w1, b1, w2, b2), train_y)
    test_x, test_y = dataset(seed=2, per_class=250)
    predicted = (features(test_x, w1, b1, w2, b2) @ wd + bd).argmax(axis=1)
    accuracy = float((predicted == test_y).mean())
    onnx.save(graph(w1, b1, w2, b2, wd, bd), os.path.join(out, "colour_discs.onnx"))
    with open(os.path.join(out, "labels.txt"), "w") as f:
        f.write("\n".join(LABELS) + "\n")
    with open(os.path.join(out, "accuracy.txt"), "w") as f:
        f.write(f"held-out accuracy {accuracy:.4f} on {len(test_y)} generated frames (seed 2), "
                f"trained on {len(train_y)} (seed 1)\n")
    print(f"held-out accuracy {accuracy:.4f} on {len(test_y)} frames")


if __name__ == "__main__":
    main()
