#!/usr/bin/env python3
"""Trains the lesson finder's weights: `make train-lessons` (docs/coach-rules.md, "Lesson finder").

    train-lessons.py REFLECT_BINARY OUTPUT.json

Reads the TRAIN writers of Benchmarks/labelled/split.json only (the test writers are frozen:
never read here). Each labelled sentence's features and meaning vector come from the finder's
own code (`reflect lessons-features --json`), so that Python and Swift cannot disagree. Two
logistic regressions, full batch, L2 (its strength chosen by cross-validation from a fixed
grid), a fixed number of Newton steps from zero (deterministic:
nothing random): one over the features and the 384-d vector, one over the features alone (for
when there is no sentence model). Each threshold is chosen by cross-validation across the
train writers (each fold leaves whole writers out): the one with the best F0.5 of the
out-of-fold probabilities. Writes the weights, with the features' names, the encoder's model id
and the SHA-256 of the training data, and prints the cross-validated figures.
"""

import hashlib
import json
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELLED = os.path.join(ROOT, "Benchmarks", "labelled")
FOLDS = 5
# The L2 strengths tried; each weight set takes the one with the best cross-validated F0.5.
# F0.5 weighs precision twice as much as recall: a wrong proposal is a line a coach would not
# say and costs the person a keystroke to drop; a missed one they can still type.
BETA = 0.5
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
STEPS = 30


def train_sentences():
    with open(os.path.join(LABELLED, "split.json"), encoding="utf-8") as f:
        split = json.load(f)
    digest = hashlib.sha256()
    rows = []
    for writer in sorted(split["train"]):
        path = os.path.join(LABELLED, "writers", writer + ".json")
        with open(path, "rb") as f:
            raw = f.read()
        digest.update(writer.encode() + b"\n" + raw)
        for piece in json.loads(raw)["pieces"]:
            for sentence in piece["sentences"]:
                rows.append((writer, sentence["text"], piece.get("question"), bool(sentence["lesson"])))
    return rows, digest.hexdigest()


def features(binary, rows):
    payload = json.dumps([{"text": text, "question": question} for _, text, question, _ in rows])
    result = subprocess.run(
        [binary, "lessons-features", "--json"], input=payload.encode(), capture_output=True, check=True
    )
    return json.loads(result.stdout)


def fit(x, y, l2):
    """Logistic regression by Newton's method from zero; the bias is not penalised."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    weights = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(design @ weights)))
        gradient = design.T @ (p - y) + penalty * weights
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        weights -= np.linalg.solve(hessian, gradient)
    return weights[:-1], weights[-1]


# A column that varies less than this is constant: the sentence model has dimensions that
# are 0 up to float noise (about 1e-33). Dividing by their spread gave weights of 3e31, which
# multiplied the noise of whichever BLAS ran the encoder into the score. They get weight 0.
CONSTANT = 1e-6


def standardise(x):
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    constant = scale < CONSTANT
    scale[constant] = 1
    return mean, scale, constant


def fold_weights(x, y, l2):
    """Fits on standardised columns and folds the scaling back into the weights."""
    mean, scale, constant = standardise(x)
    standard = (x - mean) / scale
    standard[:, constant] = 0
    w, b = fit(standard, y, l2)
    w[constant] = 0
    return w / scale, b - float(np.sum(w * mean / scale))


def figures(p, y, threshold):
    predicted = p >= threshold
    tp = int(np.sum(predicted & (y == 1)))
    fp = int(np.sum(predicted & (y == 0)))
    fn = int(np.sum(~predicted & (y == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    b2 = BETA * BETA
    score = (1 + b2) * precision * recall / (b2 * precision + recall) if precision + recall else 0.0
    return precision, recall, score


def cross_validate(x, y, writers, l2):
    """Out-of-fold probabilities, folds of whole writers (every FOLDS-th writer in order)."""
    names = sorted(set(writers))
    fold_of = {name: index % FOLDS for index, name in enumerate(names)}
    folds = np.array([fold_of[w] for w in writers])
    p = np.zeros(len(y))
    for fold in range(FOLDS):
        train, held = folds != fold, folds == fold
        w, b = fold_weights(x[train], y[train], l2)
        p[held] = 1 / (1 + np.exp(-(x[held] @ w + b)))
    best = max((figures(p, y, t)[2], -abs(t - 0.5), t) for t in np.arange(0.05, 0.96, 0.01))
    threshold = round(float(best[2]), 2)
    return threshold, figures(p, y, threshold)


def main():
    binary, output = sys.argv[1], sys.argv[2]
    rows, data_sha = train_sentences()
    out = features(binary, rows)
    if out["encoder"] is None:
        sys.exit("train-lessons: no sentence model (make setup installs it)")
    y = np.array([1.0 if lesson else 0.0 for *_, lesson in rows])
    writers = [writer for writer, *_ in rows]
    words = np.array([row["features"] for row in out["rows"]], dtype=np.float64)
    vectors = np.array([row["vector"] for row in out["rows"]], dtype=np.float64)
    both = np.hstack([words, vectors])
    n_features = words.shape[1]
    model = {
        "encoder": out["encoder"],
        "data_sha256": data_sha,
        "features": out["names"],
    }
    print(f"train-lessons: {len(rows)} sentences ({int(y.sum())} lessons) from "
          f"{len(set(writers))} train writers; data sha256 {data_sha[:12]}")
    for key, x, label in (("with_vector", both, "with the sentence vector"),
                          ("words_only", words, "words only")):
        tried = [(cross_validate(x, y, writers, l2), l2) for l2 in L2_GRID]
        (threshold, (precision, recall, f1)), l2 = max(tried, key=lambda item: (item[0][1][2], -item[1]))
        w, b = fold_weights(x, y, l2)
        weights = {
            "features": [round(float(v), 6) for v in w[:n_features]],
            "bias": round(float(b), 6),
            "threshold": threshold,
            "l2": l2,
        }
        if key == "with_vector":
            weights["vector"] = [round(float(v), 6) for v in w[n_features:]]
        model[key] = weights
        print(f"  {label}: cross-validated over train writers ({FOLDS} folds): L2 {l2:g}, threshold "
              f"{threshold:.2f}, precision {precision:.0%}, recall {recall:.0%}, F0.5 {f1:.2f}")
    body = json.dumps(model, sort_keys=True, separators=(",", ":"))
    model["id"] = "lessons-" + hashlib.sha256(body.encode()).hexdigest()[:12]
    with open(output, "w", encoding="utf-8") as f:
        json.dump(model, f, sort_keys=True, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"  wrote {os.path.relpath(output, ROOT)} ({model['id']})")


if __name__ == "__main__":
    main()
