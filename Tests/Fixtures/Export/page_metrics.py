"""Lays out an exported HTML file in headless Chromium and reports its size (used by
reflect's tests and to take the screenshots of docs; only the standard library).

Usage: page_metrics.py FILE WIDTH HEIGHT [--dark] [--unfolded] [--screenshot OUT.png]

Chromium is driven over --remote-debugging-pipe (the DevTools protocol on file descriptors
3 and 4): a viewport of WIDTH x HEIGHT CSS pixels (a phone's when WIDTH < 600), the
`prefers-color-scheme` media feature set to dark with --dark, every <details> left closed
(opened with --unfolded).
Prints one JSON object: the page's `height` and `width` (scrollHeight and scrollWidth), the
viewport's `viewport`, and `wide`, the elements whose right edge passes the viewport (a
horizontal scroll). With --screenshot, the first screen (the viewport) as a PNG. Exits 2
when no Chromium is found.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class DevTools:
    def __init__(self, binary, profile):
        to_chrome_read, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_write = os.pipe()
        # The protocol's pipes must be the child's fds 3 (it reads) and 4 (it writes).
        self.process = subprocess.Popen(
            ["/bin/sh", "-c", f'exec "$0" "$@" 3<&{to_chrome_read} 4>&{from_chrome_write}',
             binary, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
             "about:blank"],
            pass_fds=(to_chrome_read, from_chrome_write), stdout=subprocess.DEVNULL,
            stderr=open(os.environ.get("CHROME_LOG", os.devnull), "w"))
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait(self, method):
        for number, event in enumerate(self.events):
            if event.get("method") == method:
                del self.events[: number + 1]
                return event
        while True:
            event = self.read()
            if event.get("method") == method:
                return event

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


MEASURE = """JSON.stringify({
  height: document.documentElement.scrollHeight,
  width: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
      && !e.closest('details:not([open])'))
    .slice(0, 10).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))
})"""


def main():
    arguments = sys.argv[1:]
    dark = "--dark" in arguments
    unfolded = "--unfolded" in arguments
    shot = None
    if "--screenshot" in arguments:
        shot = arguments[arguments.index("--screenshot") + 1]
    path, width, height = arguments[0], int(arguments[1]), int(arguments[2])
    binary = chromium()
    if binary is None:
        print("no chromium", file=sys.stderr)
        sys.exit(2)
    with tempfile.TemporaryDirectory() as profile:
        tools = DevTools(binary, profile)
        try:
            target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = tools.call(
                "Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            tools.call("Page.enable", session=session)
            tools.call(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1,
                 "mobile": width < 600}, session=session)
            tools.call(
                "Emulation.setEmulatedMedia",
                {"features": [{"name": "prefers-color-scheme",
                               "value": "dark" if dark else "light"}]}, session=session)
            tools.call(
                "Page.navigate", {"url": "file://" + os.path.abspath(path)}, session=session)
            tools.wait("Page.loadEventFired")
            if unfolded:
                tools.call(
                    "Runtime.evaluate",
                    {"expression": "document.querySelectorAll('details')"
                                   ".forEach(d => d.open = true)"}, session=session)
            result = tools.call(
                "Runtime.evaluate", {"expression": MEASURE, "returnByValue": True},
                session=session)
            print(result["result"]["value"])
            if shot:
                image = tools.call("Page.captureScreenshot", {"format": "png"}, session=session)
                with open(shot, "wb") as out:
                    out.write(base64.b64decode(image["data"]))
        finally:
            tools.close()


main()
