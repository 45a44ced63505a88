"""The reference for reflect's sentence encoder: all-MiniLM-L6-v2 in NumPy, float64.

Written from the model's definition (BERT, sentence-transformers mean pooling), not from
the Swift code: the weights are read from the safetensors file with numpy.frombuffer, the
tokens come from the `tokenizers` package's BertWordPieceTokenizer, and batches are padded
and masked the usual way (reflect packs them instead).

    reference.py MODEL_DIR < texts.json > out.json
    texts.json: a JSON array of strings
    out.json:   {"tokens": [[id, ...], ...], "vectors": [[384 floats], ...]}
"""

import json
import math
import struct
import sys

import numpy as np
from tokenizers import BertWordPieceTokenizer

MAX_TOKENS = 256


def read_safetensors(path):
    with open(path, "rb") as handle:
        blob = handle.read()
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + length])
    start = 8 + length
    dtypes = {"F32": np.float32, "I64": np.int64}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(blob, dtype=dtypes[info["dtype"]], count=(end - begin) // np.dtype(dtypes[info["dtype"]]).itemsize, offset=start + begin)
        tensors[name] = array.reshape(info["shape"]).astype(np.float64)
    return tensors


def layer_norm(x, weight, bias, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


_erf = np.frompyfunc(math.erf, 1, 1)


def gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)).astype(np.float64))


def encode(weights, config, ids, mask):
    """ids, mask: (batch, length) arrays; returns the unit sentence vectors (batch, hidden)."""
    batch, length = ids.shape
    hidden = config["hidden_size"]
    heads = config["num_attention_heads"]
    size = hidden // heads
    eps = config["layer_norm_eps"]
    w = weights
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][np.arange(length)][None, :, :]
        + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
    )
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    # Padding keys get a very negative score, so they take no part in the softmax.
    additive = (1.0 - mask[:, None, None, :]) * -1e30

    def dense(t, name):
        return t @ w[name + ".weight"].T + w[name + ".bias"]

    def split(t):
        return t.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

    for layer in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        q = split(dense(x, p + "attention.self.query"))
        k = split(dense(x, p + "attention.self.key"))
        v = split(dense(x, p + "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size) + additive
        scores = scores - scores.max(axis=-1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=-1, keepdims=True)
        context = (probabilities @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        x = layer_norm(
            dense(context, p + "attention.output.dense") + x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
            eps,
        )
        widened = gelu(dense(x, p + "intermediate.dense"))
        x = layer_norm(
            dense(widened, p + "output.dense") + x,
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
            eps,
        )
    pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def main():
    folder = sys.argv[1]
    texts = json.load(sys.stdin)
    with open(folder + "/config.json") as handle:
        config = json.load(handle)
    weights = read_safetensors(folder + "/model.safetensors")
    tokenizer = BertWordPieceTokenizer(
        folder + "/vocab.txt", lowercase=True, strip_accents=True, handle_chinese_chars=True,
        clean_text=True,
    )
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokens = [tokenizer.encode(text).ids for text in texts]
    # Texts of similar lengths are padded into batches of up to 8, so that little is wasted
    # on padding and the mask still matters.
    order = sorted(range(len(tokens)), key=lambda index: len(tokens[index]))
    vectors = [None] * len(tokens)
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and end - start < 8 and len(tokens[order[end]]) <= 2 * len(tokens[order[start]]):
            end += 1
        group = [tokens[index] for index in order[start:end]]
        length = max(len(t) for t in group)
        ids = np.zeros((len(group), length), dtype=np.int64)
        mask = np.zeros((len(group), length), dtype=np.float64)
        for row, t in enumerate(group):
            ids[row, : len(t)] = t
            mask[row, : len(t)] = 1.0
        for index, vector in zip(order[start:end], encode(weights, config, ids, mask)):
            vectors[index] = vector.tolist()
        start = end
    json.dump({"tokens": tokens, "vectors": vectors}, sys.stdout)


if __name__ == "__main__":
    main()
