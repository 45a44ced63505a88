#!/usr/bin/env python3
"""Other ways of grouping lessons into ideas, measured on the TRAIN writers of Benchmarks/ideas.

    .build/venv/bin/python3 scripts/ideas-methods.py [MODEL_DIR]

The table of docs/meaning.md ("What else was tried"): for each method, the score cut chosen by
the rule reflect's own threshold was chosen by (the lowest, in steps of 0.05, whose purity is at
least 95 %), and its purity, completeness, near-miss pairs merged and ideas found whole; then,
for the method's pair scores, the AUC of same-idea pairs against near-miss pairs and how often a
wording's nearest neighbour is of its own idea. Scored per writer, as `make summary-eval` does.

Only the train writers of split.json are read: the frozen test writers are never loaded here.
The vectors come from the NumPy reference encoder (Tests/Fixtures/Meaning/reference.py, float64,
within 1e-7 of reflect's own); a few minutes on a loaded machine.
"""

import json
import os
import re
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Fixtures", "Meaning"))
import reference  # noqa: E402
from tokenizers import BertWordPieceTokenizer  # noqa: E402

IDEAS = os.path.join(ROOT, "Benchmarks", "ideas")


def train_wordings():
    with open(os.path.join(IDEAS, "split.json")) as handle:
        train = set(json.load(handle)["train"])
    with open(os.path.join(IDEAS, "ideas.json")) as handle:
        rows = [row for row in json.load(handle) if row["writer"] in train]
    ideas = {row["idea"] for row in rows}
    with open(os.path.join(IDEAS, "near_misses.json")) as handle:
        pairs = [tuple(p[:2]) for p in json.load(handle) if p[0] in ideas]
    return rows, pairs


def encoder(folder):
    with open(os.path.join(folder, "config.json")) as handle:
        config = json.load(handle)
    weights = reference.read_safetensors(os.path.join(folder, "model.safetensors"))
    tokenizer = BertWordPieceTokenizer(
        os.path.join(folder, "vocab.txt"), lowercase=True, strip_accents=True,
        handle_chinese_chars=True, clean_text=True)
    tokenizer.enable_truncation(max_length=reference.MAX_TOKENS)
    cache = {}

    def embed(texts):
        for text in texts:
            if text not in cache:
                ids = tokenizer.encode(text).ids
                cache[text] = reference.encode(
                    weights, config, np.array([ids]), np.ones((1, len(ids))))[0]
        return np.array([cache[text] for text in texts])

    return embed


# Frames and hedges at the start of a lesson, and hedges inside it.
FRAMES = [re.compile(r"^\s*" + f + r"\b\s*[:,]?\s*", re.I) for f in (
    r"what i keep coming back to is( that)?", r"i keep coming back to( the)?",
    r"i keep (re)?learning( that)?", r"(the )?lesson( is|:)( that)?", r"looking back,?",
    r"in hindsight,?", r"honestly,?", r"next time,?",
    r"i (think|learned|learnt|realised|realized|guess|feel|wish|know now)( that)?",
    r"(we|i) (should have|should've|need to|needed to|have to|must|should)")]
HEDGES = re.compile(r"\b(i think|honestly|should have|should've|should|i guess)\b\s*", re.I)


def stripped(text):
    changed = True
    while changed:
        changed = False
        for frame in FRAMES:
            found = frame.match(text)
            if found and found.end() < len(text):
                text, changed = text[found.end():], True
    return HEDGES.sub("", text)


STOP = set("""a an the and or but if of to in on at by for with from as is are was were be been
being it its this that these those i me my we us our you your they them their he she his her so do
does did not no can will would should could have has had more most very than then there what when
which who how all any each about into out up just also only own same too before after again it's
i've we've i'm don't always never really""".split())


def terms(text):
    """Roughly reflect's TextSimilarity terms (stop words out, suffixes stripped)."""
    out = set()
    for word in re.findall(r"[a-z0-9']+", text.lower()):
        if word in STOP or len(word) < 2:
            continue
        for suffix in ("ingly", "edly", "ings", "ing", "ness", "ment", "ies", "ied", "ed", "es",
                       "ly", "s", "e", "y"):
            if len(word) - len(suffix) >= 3 and word.endswith(suffix):
                word = word[:-len(suffix)] + ("i" if suffix in ("ies", "ied") else "")
                break
        out.add(word)
    return out


def jaccard(texts):
    sets = [terms(t) for t in texts]
    return np.array([[len(a & b) / len(a | b) if a and b else 0.0 for b in sets] for a in sets])


def unit(vectors):
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def linkage(scores, cut, kind="average"):
    """Agglomerative grouping: the two nearest groups merged while their linkage >= cut."""
    groups = [[i] for i in range(len(scores))]
    while len(groups) > 1:
        best, pair = -np.inf, None
        for x in range(len(groups)):
            for y in range(x + 1, len(groups)):
                block = scores[np.ix_(groups[x], groups[y])]
                value = {"average": block.mean, "complete": block.min, "single": block.max}[kind]()
                if value > best:
                    best, pair = value, (x, y)
        if best < cut:
            break
        x, y = pair
        groups[x] += groups.pop(y)
    return groups


def second_pass(scores, cut):
    """Average linkage at `cut`, then each wording left alone joins the group it is at least
    `cut` - 0.05 near to more than half of (the nearest such group on average)."""
    groups = linkage(scores, cut)
    kept = [g for g in groups if len(g) > 1]
    alone = [g[0] for g in groups if len(g) == 1]
    joined = [list(g) for g in kept]
    rest = []
    for item in alone:
        near = [(scores[item, g].mean(), k) for k, g in enumerate(kept)
                if (scores[item, g] >= cut - 0.05).mean() > 0.5]
        if near:
            joined[max(near)[1]].append(item)
        else:
            rest.append([item])
    return joined + rest


def evaluate(rows, pairs, scores_of, kind):
    """The first cut in steps of 0.05 with purity >= 0.95, and its figures."""
    writers = sorted({row["writer"] for row in rows})
    mine = {w: [row for row in rows if row["writer"] == w] for w in writers}
    scores = {w: scores_of(mine[w]) for w in writers}
    for cut in np.arange(-0.5, 1.0001, 0.05):
        pure = complete = whole = merged = 0
        for w in writers:
            wordings = mine[w]
            groups = (second_pass(scores[w], cut) if kind == "second pass"
                      else linkage(scores[w], cut, kind))
            group_of = {i: g for g, members in enumerate(groups) for i in members}
            for members in groups:
                ideas = [wordings[i]["idea"] for i in members]
                pure += max(ideas.count(i) for i in set(ideas))
            for idea in {row["idea"] for row in wordings}:
                members = [i for i, row in enumerate(wordings) if row["idea"] == idea]
                found = [group_of[i] for i in members]
                complete += max(found.count(g) for g in set(found))
                if len(set(found)) == 1 and len(groups[found[0]]) == len(members):
                    whole += 1
            for a, b in pairs:
                ga = {group_of[i] for i, row in enumerate(wordings) if row["idea"] == a}
                gb = {group_of[i] for i, row in enumerate(wordings) if row["idea"] == b}
                merged += bool(ga & gb)
        if pure / len(rows) >= 0.95:
            ideas = len({row["idea"] for row in rows})
            return cut, pure / len(rows), complete / len(rows), merged, whole, ideas
    return None


def diagnostics(rows, pairs, scores_of):
    near = {frozenset(p) for p in pairs}
    same, misses, right = [], [], 0
    for w in sorted({row["writer"] for row in rows}):
        wordings = [row for row in rows if row["writer"] == w]
        scores = scores_of(wordings).copy()
        for i in range(len(wordings)):
            for j in range(i + 1, len(wordings)):
                a, b = wordings[i]["idea"], wordings[j]["idea"]
                if a == b:
                    same.append(scores[i, j])
                elif frozenset((a, b)) in near:
                    misses.append(scores[i, j])
        np.fill_diagonal(scores, -np.inf)
        right += sum(wordings[int(j)]["idea"] == wordings[i]["idea"]
                     for i, j in enumerate(scores.argmax(axis=1)))
    same, misses = np.array(same), np.array(misses)
    auc = (same[:, None] > misses[None, :]).mean() + 0.5 * (same[:, None] == misses[None, :]).mean()
    return auc, right / len(rows)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        ROOT, ".build", "models", "all-MiniLM-L6-v2")
    rows, pairs = train_wordings()
    embed = encoder(folder)

    def vectors(wordings, strip=False):
        return embed([stripped(r["text"]) if strip else r["text"] for r in wordings])

    def centred(v, shrink=0):
        return unit(v - v.sum(axis=0) / (len(v) + shrink))

    def cosine(v):
        return v @ v.T

    def csls(s, k=5):
        """Cross-domain similarity local scaling: 2 cos - each one's mean to its k nearest."""
        t = s.copy()
        np.fill_diagonal(t, -np.inf)
        near = np.sort(t, axis=1)[:, -k:].mean(axis=1)
        return 2 * s - near[:, None] - near[None, :]

    def texts(wordings):
        return [r["text"] for r in wordings]

    methods = [
        ("average linkage on the cosine (reflect's)", lambda m: cosine(vectors(m)), "average"),
        ("complete linkage", lambda m: cosine(vectors(m)), "complete"),
        ("single linkage", lambda m: cosine(vectors(m)), "single"),
        ("average linkage, then lone wordings into a group", lambda m: cosine(vectors(m)),
         "second pass"),
        ("frames and hedges stripped first", lambda m: cosine(vectors(m, True)), "average"),
        ("centred on the writer's mean", lambda m: cosine(centred(vectors(m))), "average"),
        ("centred, the mean shrunk (n / (n + 10))",
         lambda m: cosine(centred(vectors(m), 10)), "average"),
        ("stripped and centred", lambda m: cosine(centred(vectors(m, True))), "average"),
        ("CSLS (k = 5)", lambda m: csls(cosine(vectors(m))), "average"),
        ("cosine + 0.25 × word Jaccard",
         lambda m: cosine(vectors(m)) + 0.25 * jaccard(texts(m)), "average"),
        ("centred cosine + 0.25 × word Jaccard",
         lambda m: cosine(centred(vectors(m))) + 0.25 * jaccard(texts(m)), "average"),
    ]
    print("| method (train writers) | cut | purity | completeness | near misses merged"
          " | ideas whole | AUC same vs near miss | nearest is same idea |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, scores_of, kind in methods:
        cut, purity, complete, merged, whole, ideas = evaluate(rows, pairs, scores_of, kind)
        auc, right = diagnostics(rows, pairs, scores_of)
        print(f"| {name} | {cut:.2f} | {purity:.1%} | {complete:.1%} | {merged} / {len(pairs)}"
              f" | {whole} / {ideas} | {auc:.2f} | {right:.0%} |")

    # Same-idea pairs against pairs of a writer's other (not near-miss) ideas, and the
    # wordings nearer another idea's wordings on average than their own idea's other ones.
    near = {frozenset(p) for p in pairs}
    for name, centre in (("cosine", False), ("centred cosine", True)):
        same, other, nearer = [], [], 0
        for w in sorted({row["writer"] for row in rows}):
            wordings = [row for row in rows if row["writer"] == w]
            v = vectors(wordings)
            s = cosine(centred(v) if centre else v)
            ideas = [row["idea"] for row in wordings]
            for i in range(len(wordings)):
                for j in range(i + 1, len(wordings)):
                    if ideas[i] == ideas[j]:
                        same.append(s[i, j])
                    elif frozenset((ideas[i], ideas[j])) not in near:
                        other.append(s[i, j])
                own = np.mean([s[i, j] for j in range(len(ideas)) if j != i and ideas[j] == ideas[i]])
                rest = max(np.mean([s[i, j] for j in range(len(ideas)) if ideas[j] == idea])
                           for idea in set(ideas) - {ideas[i]})
                nearer += rest > own
        same, other = np.array(same), np.array(other)
        auc = (same[:, None] > other[None, :]).mean()
        print(f"{name}: AUC same idea vs other ideas {auc:.2f}; wordings nearer another idea"
              f" on average than their own: {nearer} / {len(rows)}")


if __name__ == "__main__":
    main()
