"""Per-answer latency of a session, against the write + fsync floor (used by `make bench`).

Usage: answer_latency.py REFLECT HOME [ANSWERS] [--coached]
Pipes answers into `REFLECT session --questions-only --home HOME` one at a time, each sent
when the previous question has arrived on stdout, and times from sending an answer to the
next question arriving; sessions follow one another until ANSWERS (default 60) are timed.
With --coached the coach listens too (follow-ups, reflections): the next line that asks
something ends the timing. The floor is the same number of lines appended to
a file in HOME with one write() and fsync() each, then a line printed. Prints median and
p99 of both, in milliseconds.
"""
import os
import select
import statistics
import subprocess
import sys
import time

arguments = [argument for argument in sys.argv[1:] if argument != "--coached"]
coached = "--coached" in sys.argv
reflect, home = arguments[0], arguments[1]
count = int(arguments[2]) if len(arguments) > 2 else 60
os.makedirs(home, exist_ok=True)


def session_times(wanted):
    """Per-answer times of one session, answering its questions until none comes."""
    process = subprocess.Popen(
        [reflect, "session", "--home", home] + ([] if coached else ["--questions-only"]),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
    pending = b""

    def next_question():
        """Reads stdout to the end of the next line that asks something; False if none comes
        within half a second (the questions are over: an answer takes a few milliseconds)."""
        nonlocal pending
        while True:
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                if line.startswith(b"coach:") and line.rstrip().endswith(b"?"):
                    return True
            ready, _, _ = select.select([process.stdout], [], [], 0.5)
            if not ready:
                return False
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                return False
            pending += chunk

    times = []
    if next_question():
        while len(times) < wanted:
            start = time.perf_counter()
            process.stdin.write(
                f"Answer {len(times)}: we kept the partners informed every week.\n".encode())
            if not next_question():
                break
            times.append(time.perf_counter() - start)
    process.stdin.write(b"/quit\n")
    process.stdin.close()
    process.wait()
    return times


times = []
while len(times) < count:
    more = session_times(count - len(times))
    if not more:
        break
    times += more

floor = []
path = os.path.join(home, "floor.txt")
descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
line = b'{"type":"answer","text":"we kept the partners informed every week"}\n'
for _ in range(max(count, 1)):
    start = time.perf_counter()
    os.write(descriptor, line)
    os.fsync(descriptor)
    os.write(1, b"")
    floor.append(time.perf_counter() - start)
os.close(descriptor)
os.unlink(path)


def figures(values):
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return statistics.median(values) * 1000, p99 * 1000


median, p99 = figures(times or [0])
floor_median, floor_p99 = figures(floor)
print(f"per answer: median {median:.2f} ms, p99 {p99:.2f} ms ({len(times)} answers)")
print(f"write + fsync floor: median {floor_median:.2f} ms, p99 {floor_p99:.2f} ms")
