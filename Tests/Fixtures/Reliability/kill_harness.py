"""Kills reflect at random moments in a real pseudo-terminal and checks nothing was lost.

Usage: kill_harness.py BINARY TRIALS [SEED]
Each trial starts `BINARY session --questions-only` in a fresh home on a pty, types answers
one by one (waiting for each next question), and at a random moment (a random number of
answers in, from right after Enter to 30 ms later) sends SIGKILL, or now and then SIGTERM,
SIGHUP or SIGINT. Then it checks that:
- every answer after which the next question was shown is in the transcript, in order;
- every line of the transcript is a whole JSON event (`reflect verify` is clean);
- every fifth trial, `reflect session --resume latest` continues and ends cleanly.
Prints a summary line "kill harness: …"; exits 1 on any loss, with the seed to replay it.
"""
import json
import os
import pty
import random
import select
import signal
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1]
trials = int(sys.argv[2])
seed = int(sys.argv[3]) if len(sys.argv) > 3 else random.randrange(1 << 30)
rng = random.Random(seed)
QUESTION_MARK = "›"


def spawn(args, home):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.environ["NO_COLOR"] = "1"
        os.execv(binary, [binary] + args + ["--home", home])
    return pid, fd


def read_until(fd, text, seen, timeout=10.0):
    """Reads from the pty until `text` has appeared `seen + 1` times in all output so far."""
    deadline = time.time() + timeout
    buffer = read_until.buffers.setdefault(fd, [""])
    while buffer[0].count(text) <= seen and time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536).decode("utf-8", "replace")
            except OSError:
                break
            if not chunk:
                break
            buffer[0] += chunk
    return buffer[0]


read_until.buffers = {}

# The questions, in order, as `reflect prompts show` lists them ("   - text").
listing = subprocess.run([binary, "prompts", "show", "collaboration"], capture_output=True, text=True)
QUESTIONS = [line[5:].split(" [")[0] for line in listing.stdout.splitlines() if line.startswith("   - ")]

problems = []
resumed = 0
signals_sent = {}
for trial in range(trials):
    home = tempfile.mkdtemp(prefix="reflect-kill-") + "/home"
    pid, fd = spawn(["session", "--questions-only", "--about", "a kill trial"], home)
    read_until(fd, QUESTION_MARK, 0)
    stop_after = rng.randrange(0, 8)
    answered_and_asked = []
    sig = signal.SIGKILL if rng.random() < 0.8 else rng.choice([signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
    signals_sent[sig.name] = signals_sent.get(sig.name, 0) + 1
    typed = []
    for number in range(stop_after + 1):
        answer = (f"trial {trial} answer {number} " + "é" * rng.randrange(0, 40)).strip()
        os.write(fd, (answer + "\r").encode())
        typed.append(answer)
        if number == stop_after:
            delay = rng.choice([0, 0, rng.random() * 0.03])
            if delay:
                time.sleep(delay)
            break
        read_until(fd, QUESTION_MARK, number + 1)
    os.kill(pid, sig)
    # Drain what reached the screen; the answers followed by a question shown are the ones
    # that must be on disk (the first question line comes before any answer).
    output = read_until(fd, "\0never\0", 0, timeout=0.3)
    questions = sum(1 for question in QUESTIONS if "coach: " + question in output)
    answered_and_asked = typed[: max(0, questions - 1)]
    if sig == signal.SIGINT:
        time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
    # SIGTERM and SIGHUP must end the session (its answers saved) within a few seconds: a
    # session that goes on waiting for input is a problem, not a hang of the harness.
    deadline = time.monotonic() + 10
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:
            problems.append(f"trial {trial} ({sig.name}): the session did not end")
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            break
        time.sleep(0.01)
    os.close(fd)
    read_until.buffers.pop(fd, None)
    folder = home + "/transcripts"
    files = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    saved = []
    for name in files:
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            for line_number, line in enumerate(handle, 1):
                if not line.endswith("\n"):
                    problems.append(f"trial {trial}: {name}:{line_number} is a torn line")
                    continue
                event = json.loads(line)
                if event.get("type") == "answer":
                    saved.append(event["text"])
    if saved[: len(answered_and_asked)] != answered_and_asked:
        problems.append(f"trial {trial} ({sig.name}): asked after {answered_and_asked} but saved {saved}")
    verify = subprocess.run([binary, "verify", "--home", home], capture_output=True, text=True)
    if verify.returncode != 0:
        problems.append(f"trial {trial}: verify: {verify.stdout.strip()}")
    if trial % 5 == 0 and files:
        pid, fd = spawn(["session", "--resume", "latest"], home)
        output = read_until(fd, QUESTION_MARK, 0)
        os.write(fd, b"/quit\r")
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        read_until.buffers.pop(fd, None)
        ended = "already complete" in output or os.waitstatus_to_exitcode(status) == 0
        if not ended:
            problems.append(f"trial {trial}: resume failed: {output[-300:]!r}")
        else:
            resumed += 1
    subprocess.run(["rm", "-rf", os.path.dirname(home)])

for problem in problems[:20]:
    print(problem)
summary = ", ".join(f"{name} {count}" for name, count in sorted(signals_sent.items()))
print(f"kill harness: {trials} trials ({summary}), {len(problems)} problems, {resumed} resumed, seed {seed}")
sys.exit(1 if problems else 0)
