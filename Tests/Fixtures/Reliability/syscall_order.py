"""Checks reflect's durability protocol in an strace log (used by reflect's tests).

Usage: syscall_order.py BINARY HOME ANSWERS...
Runs `BINARY session --questions-only --home HOME` under strace with the answers piped in,
then checks, from the system calls alone:
- every answer is written to the transcript and that file is fsync'd before the next
  question reaches stdout;
- after the transcript is created, its folder is fsync'd before anything is written to it;
- every file reflect creates is opened with mode 0600 and every folder made with 0700.
Prints "syscall order: N answers, ok" or the problems; exits 1 on any problem.
"""
import os
import re
import subprocess
import sys
import tempfile

binary, home, answers = sys.argv[1], sys.argv[2], sys.argv[3:]
log = tempfile.mktemp(prefix="reflect-strace-")
subprocess.run(
    ["strace", "-f", "-qq", "-s", "512", "-e",
     "trace=openat,write,fsync,fdatasync,rename,mkdir,close,dup2,dup3,fcntl",
     "-o", log, binary, "session", "--questions-only", "--home", home],
    input=("\n".join(answers) + "\n/quit\n").encode(), stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL, check=False)

line_re = re.compile(r"^\d+\s+(\w+)\((.*)\)\s+=\s+(-?\d+)")
fds = {}            # fd -> path
problems = []
pending = []        # answers written to the transcript and not yet synced
checked = 0
created = None      # the transcript path, once created
folder_synced = False
for raw in open(log, encoding="utf-8", errors="replace"):
    match = line_re.match(raw)
    if not match:
        continue
    call, args, result = match.group(1), match.group(2), int(match.group(3))
    if call == "openat" and result >= 0:
        path = re.search(r'"([^"]*)"', args).group(1)
        fds[result] = path
        if "O_CREAT" in args:
            mode = args.rsplit(",", 1)[-1].strip()
            if mode != "0600":
                problems.append(f"{path} created with mode {mode}")
            if path.endswith(".jsonl") and "/transcripts/" in path:
                created = path
                folder_synced = False
    elif call == "mkdir":
        mode = args.rsplit(",", 1)[-1].strip()
        if mode != "0700":
            problems.append(f"folder made with mode {mode}: {args}")
    elif call == "close":
        fds.pop(int(args.split(",")[0]), None)
    elif call == "fsync":
        path = fds.get(int(args), "")
        if created and path == os.path.dirname(created):
            folder_synced = True
        if path == created:
            pending = []
    elif call == "write":
        fd = int(args.split(",", 1)[0])
        path = fds.get(fd, "")
        if path == created:
            if not folder_synced:
                problems.append("wrote to the transcript before its folder was synced")
            if '\\"type\\":\\"answer\\"' in args or '"type":"answer"' in args:
                pending.append(args[:80])
        elif fd == 1 and "coach:" in args and pending:
            problems.append(f"a question reached stdout before the answer was synced: {pending[0]}")
            pending = []
        if path == created and "answer" in args:
            checked += 1
os.unlink(log)
if checked < len(answers):
    problems.append(f"only {checked} of {len(answers)} answers were seen being written")
for problem in problems:
    print(problem)
if not problems:
    print(f"syscall order: {checked} answers, ok")
sys.exit(1 if problems else 0)
