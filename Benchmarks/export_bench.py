"""reflect export at scale: generates an archive of N sessions, then times `reflect export`
and reports wall time and peak memory (max RSS). Prints figures; asserts nothing.

Usage: python3 Benchmarks/export_bench.py BINARY [N ...]
"""
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

LESSONS = [
    "Trust takes time", "Building trust needs patience", "Agree the budget early",
    "Write our values down before negotiating", "Listen to the parents first",
    "Voluntary work drifts without an owner", "Meet partners one to one before meetings",
    "Name who is accountable for each outcome", "Small promises kept build trust",
]
ANSWERS = {
    "values": ["Honesty with parents", "Fairness for every pupil", "Being straight with governors"],
    "purpose": ["To keep the village school open", "Fewer children travelling an hour"],
    "partners": ["The council and two schools", "The diocese and the trust next door"],
    "trust": ["Trust with the heads was strong", "The council took months to trust us"],
}


def generate(home, count):
    folder = os.path.join(home, "transcripts")
    os.makedirs(folder, mode=0o700)
    os.chmod(home, 0o700)
    rng = random.Random(count)
    start = 1_700_000_000
    for index in range(count):
        when = start + index * 3600 * 7
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(when))
        sid = f"{stamp}-{index:06x}"[:24]
        sid = f"{stamp}-{format(index, 'x').rjust(6, '0')}"
        iso = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(when))
        lines = [dict(type="start", schema=1, id=sid, pack="collaboration", packTitle="Collaboration",
                      stages=list(ANSWERS), seed=index, version="bench", time=iso)]
        for stage, options in ANSWERS.items():
            lines.append(dict(type="coach", stage=stage, kind="question", question=stage + "-q",
                              text=f"A question about {stage}?", time=iso))
            lines.append(dict(type="answer", stage=stage, question=stage + "-q",
                              text=rng.choice(options), time=iso))
        for number in range(1, 4):
            lines.append(dict(type="lesson", stage="lessons", number=number,
                              text=rng.choice(LESSONS), origin="typed", time=iso))
        lines.append(dict(type="commitment", stage="commitments", number=1,
                          text="Call the chair", due=None, time=iso))
        lines.append(dict(type="end", reason="completed", time=iso))
        path = os.path.join(folder, sid + ".jsonl")
        with open(path, "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(json.dumps({k: v for k, v in line.items() if v is not None},
                                        sort_keys=True) + "\n")
        os.chmod(path, 0o600)


def measure(binary, home, fmt):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    began = time.monotonic()
    result = subprocess.run([binary, "export", "--format", fmt, "--home", home],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.monotonic() - began
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        print(result.stderr.decode(), file=sys.stderr)
    return elapsed, max(peak, before)


def main():
    binary = os.path.abspath(sys.argv[1])
    counts = [int(value) for value in sys.argv[2:]] or [1000, 10000]
    print(f"{'sessions':>9} {'format':>8} {'seconds':>8} {'peak MiB':>9}")
    for count in counts:
        home = tempfile.mkdtemp(prefix="reflect-bench-")
        generate(home, count)
        for fmt in ("json", "html"):
            # Each measurement in a fresh child so ru_maxrss is this run's peak.
            code = ("import sys, resource, subprocess, time; t=time.monotonic(); "
                    f"subprocess.run([{binary!r}, 'export', '--format', {fmt!r}, '--home', {home!r}], "
                    "stdout=subprocess.DEVNULL, check=True); "
                    "print(time.monotonic()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            seconds, peak_kib = out.stdout.split()
            print(f"{count:>9} {fmt:>8} {float(seconds):>8.2f} {int(peak_kib) / 1024:>9.1f}")
        shutil.rmtree(home)


main()
