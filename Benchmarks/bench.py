#!/usr/bin/env python3
"""`make bench`: reflect's archive commands timed on the shared realistic corpus, with jrnl
4.6 side by side where it does the same job. A benchmark, not a test: it prints figures and
never judges them.

    Benchmarks/bench.py [--sizes 1000,10000,100000] [--runs 5] [--work .build/bench]

With the sentence model installed (make setup), a second table times meaning
(docs/meaning.md): the encoder alone (meaning-bench), every distinct lesson of each size
embedded from scratch, `search --meaning` and `similar`, and one new session's vectors.
The vectors of every answer sentence take minutes per thousand sessions to work out; the
search figures use the real ones at sizes up to $BENCH_REAL_VECTORS (default 1,000) and
above it a vector file filled with random unit vectors under the model's id, which costs
a search the same (the vectors are read and scored whatever their values).

Each size N gets the first N sessions of one generated corpus (../shared/bench:
make_corpus.py, to_reflect.py, to_jrnl.py), cached under --work. Every command runs through
../shared/bench/bench_harness.py (whole process: wall, CPU, peak memory; medians of --runs),
reflect and jrnl in turn (A B A B ...) when both apply. jrnl comes from a venv under --work
(pip install jrnl==4.6) or $BENCH_JRNL; without one the jrnl column says so.
"""
import argparse
import os
import re
import shutil
import subprocess
import statistics
import sys
import time

import json
import random
import sqlite3
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "bench"))
REFLECT = os.environ.get("BENCH_REFLECT", os.path.join(ROOT, ".build", "release", "reflect"))
MEANING_BENCH = os.path.join(ROOT, ".build", "release", "meaning-bench")
MODEL = os.path.join(ROOT, ".build", "models", "all-MiniLM-L6-v2")
# Words only: the model is not read (for timing what a session costs without it).
NO_MODEL = {"REFLECT_MODEL": "/nonexistent"}


def run(arguments, **options):
    return subprocess.run(arguments, check=True, **options)


def prepare(work, sizes):
    """The corpus, reflect homes and jrnl journals for each size (cached)."""
    os.makedirs(work, exist_ok=True)
    largest = max(sizes)
    corpus = os.path.join(work, f"corpus-{largest}.jsonl")
    if not os.path.exists(corpus):
        print(f"generating {largest} sessions…", file=sys.stderr)
        run([sys.executable, os.path.join(SHARED, "make_corpus.py"), str(largest), corpus + ".tmp"])
        os.replace(corpus + ".tmp", corpus)
    homes = {}
    for size in sizes:
        home = os.path.join(work, f"home-{size}")
        journal = os.path.join(work, f"jrnl-{size}")
        part = os.path.join(work, f"corpus-{size}.jsonl")
        if not os.path.exists(part):
            with open(corpus) as source, open(part + ".tmp", "w") as target:
                for number, line in enumerate(source):
                    if number >= size:
                        break
                    target.write(line)
            os.replace(part + ".tmp", part)
        if not os.path.isdir(os.path.join(home, "transcripts")):
            print(f"writing {size} transcripts…", file=sys.stderr)
            shutil.rmtree(home, ignore_errors=True)
            run([sys.executable, os.path.join(SHARED, "to_reflect.py"), part, home],
                stdout=subprocess.DEVNULL)
        if not os.path.exists(os.path.join(journal, "journal.txt")):
            os.makedirs(journal, exist_ok=True)
            run([sys.executable, os.path.join(SHARED, "to_jrnl.py"), part,
                 os.path.join(journal, "journal.txt"), "--config",
                 os.path.join(journal, "jrnl.yaml")], stdout=subprocess.DEVNULL)
        homes[size] = (home, journal)
    return homes


def jrnl_binary(work):
    """jrnl 4.6 from $BENCH_JRNL or a venv under `work`; None when it cannot be had."""
    if os.environ.get("BENCH_JRNL"):
        return os.environ["BENCH_JRNL"]
    venv = os.path.join(work, "jrnl-venv")
    binary = os.path.join(venv, "bin", "jrnl")
    if not os.path.exists(binary):
        try:
            run([sys.executable, "-m", "venv", venv], stdout=subprocess.DEVNULL)
            run([os.path.join(venv, "bin", "pip"), "install", "-q", "jrnl==4.6"],
                stdout=subprocess.DEVNULL)
        except (subprocess.CalledProcessError, OSError) as error:
            print(f"no jrnl to compare with ({error})", file=sys.stderr)
            return None
    return binary


def harness(command, runs, versus=None):
    """Medians from bench_harness.py: {'wall': s, 'peak': MiB, 'b_wall': s}."""
    # The harness bounds a whole call (warm-up and runs) at 100 s unless told otherwise: the
    # first build and stats at 100,000 sessions take over a minute each.
    arguments = [sys.executable, os.path.join(SHARED, "bench_harness.py"), "-n", str(runs),
                 "--warmup", "1", "--timeout", "3600"]
    if versus:
        arguments += ["--vs", " ".join(versus)]
    output = subprocess.run(arguments + ["--"] + command, capture_output=True, text=True).stdout
    result = {}
    for key, row in [("wall", "A wall s"), ("cpu", "A cpu s"), ("peak", "A peak MiB"),
                     ("b_wall", "B wall s"), ("b_peak", "B peak MiB")]:
        match = re.search(re.escape(row) + r"\s+([\d.]+)\s+([\d.]+)", output)
        if match:
            result[key] = float(match.group(2))
    return result


def after_one_session(home, runs, command):
    """Median wall time of the next `reflect COMMAND` after one new transcript appears."""
    folder = os.path.join(home, "transcripts")
    template = os.path.join(folder, sorted(os.listdir(folder))[-1])
    subprocess.run([REFLECT] + command + ["--home", home], capture_output=True)
    times = []
    for number in range(runs):
        target = os.path.join(folder, f"29991231-2359{number:02d}-zz{number:02d}.jsonl")
        shutil.copyfile(template, target)
        os.chmod(target, 0o600)
        start = time.monotonic()
        subprocess.run([REFLECT] + command + ["--home", home], capture_output=True)
        times.append(time.monotonic() - start)
    for number in range(runs):
        os.remove(os.path.join(folder, f"29991231-2359{number:02d}-zz{number:02d}.jsonl"))
    subprocess.run([REFLECT] + command + ["--home", home], capture_output=True)
    return {"wall": statistics.median(times)}


def first_question(home, runs):
    """A session with stdin closed: start, first question, end of input."""
    folder = os.path.join(home, "transcripts")
    before = set(os.listdir(folder))
    result = harness([REFLECT, "--home", home, "session", "--questions-only"], runs)
    for name in set(os.listdir(folder)) - before:
        os.remove(os.path.join(folder, name))
    return result


def commands(home, journal, jrnl):
    """(label, reflect command, jrnl command or None)."""
    config = ["--config-file", os.path.join(journal, "jrnl.yaml")] if jrnl else []
    j = (lambda *arguments: [jrnl] + config + list(arguments)) if jrnl else (lambda *a: None)
    r = lambda *arguments: [REFLECT] + list(arguments) + ["--home", home]
    return [
        ("first index build", ["sh", "-c", f"rm -f {home}/index.sqlite*; {REFLECT} index --home {home}"], None),
        # The first stats on a new index works out every session's digest (kept after).
        ("first index build + first stats", ["sh", "-c", f"rm -f {home}/index.sqlite*; {REFLECT} stats --home {home} >/dev/null"], None),
        ("list -n 10", r("list", "-n", "10"), j("-n", "10")),
        ("list", r("list"), j("--short")),
        ("search trust", r("search", "trust"), j("-contains", "trust", "--short")),
        ("show latest", r("show", "latest"), j("-n", "1")),
        ("stats", r("stats"), None),
        ("export markdown", r("export", "--format", "markdown"), j("--format", "markdown")),
        ("export json", r("export", "--format", "json"), j("--format", "json")),
        ("export html", r("export", "--format", "html"), None),
        ("verify", r("verify"), None),
    ]


def model_id():
    """The model id the vectors are kept under (None without the model)."""
    run = subprocess.run([REFLECT, "embed", "--model-id"], capture_output=True, text=True)
    return run.stdout.strip() if run.returncode == 0 else None


def fill_vectors(home, model):
    """Every sentence of `home`'s index given a random unit vector of `model`, straight into
    vectors.sqlite (as reflect keeps them), and the index told they are all done."""
    index = sqlite3.connect(os.path.join(home, "index.sqlite"))
    hashes = [row[0] for row in index.execute("SELECT DISTINCT hash FROM sentences")]
    last = index.execute("SELECT coalesce(max(row), -1) FROM sentences").fetchone()[0]
    path = os.path.join(home, "vectors.sqlite")
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    cache = sqlite3.connect(path)
    cache.executescript(
        """PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS vectors(model TEXT NOT NULL, hash INTEGER NOT NULL,
          vector BLOB NOT NULL, PRIMARY KEY(model, hash));
        CREATE TABLE IF NOT EXISTS pending(model TEXT NOT NULL, hash INTEGER NOT NULL,
          sentence TEXT NOT NULL, PRIMARY KEY(model, hash));
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT OR IGNORE INTO meta(key, value) VALUES ('generation', 4242);
        PRAGMA user_version = 2;""")
    generation = cache.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
    try:
        import numpy
    except ImportError:
        numpy = None
    rng = random.Random(7)
    for start in range(0, len(hashes), 10000):
        chunk = hashes[start:start + 10000]
        if numpy is not None:
            vectors = numpy.random.default_rng(start).standard_normal((len(chunk), 384))
            vectors /= numpy.linalg.norm(vectors, axis=1, keepdims=True)
            blobs = [row.astype("<f2").tobytes() for row in vectors]
        else:
            blobs = []
            for _ in chunk:
                vector = [rng.gauss(0, 1) for _ in range(384)]
                length = sum(x * x for x in vector) ** 0.5
                blobs.append(struct.pack("<384e", *(x / length for x in vector)))
        cache.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?)",
                          [(model, value, blob) for value, blob in zip(chunk, blobs)])
    cache.commit()
    os.chmod(path, 0o600)
    index.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                  (f"vectors {model} {generation}", last))
    index.commit()
    return len(hashes)


def lessons_of(corpus, size):
    """The distinct lessons of the first `size` sessions of the corpus."""
    seen = {}
    with open(corpus) as source:
        for number, line in enumerate(source):
            if number >= size:
                break
            for lesson in json.loads(line).get("lessons", []):
                text = lesson if isinstance(lesson, str) else lesson.get("text", "")
                seen.setdefault(text.strip(), None)
    return [text for text in seen if text]


def new_session(home, words):
    """One session of a few new sentences, written with the model out of the way (so its
    vectors are still to do); returns its path."""
    folder = os.path.join(home, "transcripts")
    before = set(os.listdir(folder))
    subprocess.run([REFLECT, "--home", home, "--stages", "lessons", "--questions-only"],
                   input=words + "\n\n", capture_output=True, text=True,
                   env=dict(os.environ, **NO_MODEL))
    return [os.path.join(folder, name) for name in set(os.listdir(folder)) - before]


def meaning_table(options, sizes, homes):
    """The second table: what reading meaning costs."""
    os.environ.pop("REFLECT_MODEL", None)
    model = model_id()
    if not model:
        print("\nNo sentence model (make setup installs it): no meaning figures.")
        return
    if os.path.exists(MEANING_BENCH):
        print("\nThe encoder alone (meaning-bench, release build):")
        subprocess.run([MEANING_BENCH, MODEL], cwd=ROOT)
    real = int(os.environ.get("BENCH_REAL_VECTORS", "1000"))
    corpus = os.path.join(options.work, f"corpus-{max(sizes)}.jsonl")
    rows = []
    for size in sizes:
        home, _ = homes[size]
        print(f"meaning at {size} sessions…", file=sys.stderr)
        lessons = lessons_of(corpus, size)
        listed = f"{home}.lessons.json"
        with open(listed, "w") as target:
            json.dump(lessons, target)
        timed = harness(["sh", "-c", f"{REFLECT} embed --batch >/dev/null < {listed}"], 1)
        rows.append((f"embed every distinct lesson from scratch ({len(lessons):,})", size, timed))
        subprocess.run([REFLECT, "index", "--home", home], capture_output=True,
                       env=dict(os.environ, **NO_MODEL))
        if size <= real:
            start = time.monotonic()
            run = subprocess.run([REFLECT, "index", "--home", home], capture_output=True,
                                 text=True)
            kind = "real"
            count = re.search(r"Worked out (\d+)", run.stdout)
            rows.append(("reflect index: first vectors of every sentence and lesson", size,
                         {"wall": time.monotonic() - start,
                          "note": f"{int(count.group(1)) if count else 0:,} distinct"}))
        else:
            kind = "random"
            fill_vectors(home, model)
        query = ["search", "--meaning", "trust can't be rushed"]
        rows.append((f"search --meaning ({kind} vectors)", size,
                     harness([REFLECT] + query + ["--home", home], options.runs)))
        rows.append((f"similar ({kind} vectors)", size,
                     harness([REFLECT, "similar", "trust can't be rushed", "--home", home],
                             options.runs)))
        # One new session of three new sentences: its vectors worked out by the next search.
        times = []
        for number in range(options.runs):
            added = new_session(home, f"Run {number} of {size}: patience pays off in week "
                                      f"{number}. Pilots {number} outlive plans. Ask early {number}.")
            start = time.monotonic()
            subprocess.run([REFLECT] + query + ["--home", home], capture_output=True)
            times.append(time.monotonic() - start)
            for path in added:
                os.remove(path)
        rows.append(("search --meaning after one new session (its 3 vectors first)", size,
                     {"wall": statistics.median(times)}))
    print("\n| meaning | sessions | wall | CPU | peak MiB | |")
    print("|---|---|---|---|---|---|")
    seconds = lambda value: (
        "—" if value is None else f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s")
    for label, size, result in rows:
        peak = result.get("peak")
        print(f"| {label} | {size:,} | {seconds(result.get('wall'))} |"
              f" {seconds(result.get('cpu'))} | {'—' if peak is None else f'{peak:.0f}'} |"
              f" {result.get('note', '')} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,10000,100000"))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")))
    parser.add_argument("--work", default=os.path.join(ROOT, ".build", "bench"))
    parser.add_argument(
        "--only", default=os.environ.get("BENCH_ONLY", ""),
        help="comma-separated command labels to time (default: all)")
    options = parser.parse_args()
    sizes = sorted(int(size) for size in options.sizes.replace(" ", ",").split(",") if size)
    homes = prepare(options.work, sizes)
    jrnl = jrnl_binary(options.work)
    # jrnl's home and settings point into the work folder: nothing of yours is touched.
    scratch = os.path.join(options.work, "jrnl-home")
    os.makedirs(scratch, exist_ok=True)
    os.environ.update({"HOME": scratch, "XDG_CONFIG_HOME": scratch, "XDG_DATA_HOME": scratch,
                       "TZ": "UTC", "NO_COLOR": "1"})
    # The words table is timed words only: with the model, `reflect index` would work out
    # every sentence's vector (the meaning table times that), and each command would say
    # which model is in use. The meaning table below puts the model back.
    os.environ.update(NO_MODEL)
    only = {label.strip() for label in options.only.split(",") if label.strip()}
    wanted = lambda label: not only or label in only
    table = {}
    for size in sizes:
        home, journal = homes[size]
        print(f"timing {size} sessions…", file=sys.stderr)
        for label, mine, theirs in commands(home, journal, jrnl):
            if not wanted(label):
                continue
            # jrnl side by side at 10k (its figures elsewhere add only time).
            versus = theirs if size == 10000 else None
            table[(label, size)] = harness(mine, options.runs, versus)
        if wanted("refresh after one new session"):
            table[("refresh after one new session", size)] = after_one_session(
                home, options.runs, ["list", "-n", "1"])
        if wanted("stats after one new session"):
            table[("stats after one new session", size)] = after_one_session(
                home, options.runs, ["stats"])
        if wanted("first question"):
            table[("first question", size)] = first_question(home, options.runs)
    labels = [label for label, _, _ in commands("", "", None)] + [
        "refresh after one new session", "stats after one new session", "first question"]
    header = "| command | " + " | ".join(f"{size:,} sessions" for size in sizes)
    header += " | jrnl 4.6 at 10,000 | peak MiB at " + f"{sizes[-1]:,} |"
    print(header)
    print("|" + "---|" * (len(sizes) + 3))
    for label in labels:
        if not wanted(label):
            continue
        cells = []
        for size in sizes:
            wall = table.get((label, size), {}).get("wall")
            cells.append("—" if wall is None else f"{wall * 1000:.0f} ms" if wall < 1 else f"{wall:.2f} s")
        theirs = table.get((label, 10000), {}).get("b_wall")
        cells.append("—" if theirs is None else f"{theirs:.2f} s")
        peak = table.get((label, sizes[-1]), {}).get("peak")
        cells.append("—" if peak is None else f"{peak:.0f}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print(f"\n{options.runs} runs each, median wall time; release build {REFLECT}; corpus "
          f"../shared/bench/make_corpus.py (first N of {sizes[-1]:,}), to_reflect.py, to_jrnl.py.")
    if wanted("per answer"):
        # A session's cost per answer, with and without the coach listening, in a fresh home
        # in the work folder (the archive's size does not enter into it).
        scratch_home = os.path.join(options.work, "answers-home")
        shutil.rmtree(scratch_home, ignore_errors=True)
        latency = os.path.join(ROOT, "Benchmarks", "answer_latency.py")
        for extra, label in [([], "questions only"), (["--coached"], "coached")]:
            # 1,000 answers: the p99 is the tenth slowest, not the slowest of 100.
            print(f"\nPer answer, {label} (answer_latency.py, 1,000 answers):")
            subprocess.run([sys.executable, latency, REFLECT, scratch_home, "1000"] + extra)
        shutil.rmtree(scratch_home, ignore_errors=True)
    if wanted("meaning"):
        meaning_table(options, sizes, homes)


if __name__ == "__main__":
    main()
