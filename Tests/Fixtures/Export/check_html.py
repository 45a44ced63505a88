"""Checks an exported HTML file (used by reflect's tests).

Usage: check_html.py FILE EXPECTED_JSON
EXPECTED_JSON is a list of strings that must each appear, exactly, as the text of a lesson
(<span class="lesson">). Also checked: only reflect's own elements and attributes, a
Content-Security-Policy of default-src 'none', every link a fragment (#id) that names an
element of the same file, or `./NAME#id` naming an element of the file NAME beside it (the
report's sources page, percent-encoded), every chart bar followed by a text label with its
number, and every SVG sized by a viewBox alone (no fixed width) with a <title>.
Prints problems; exits 1 if there are any.
"""
import json
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import unquote

ALLOWED_ATTRIBUTES = {
    "meta": {"charset", "http-equiv", "content", "name"},
    "html": {"lang"},
    "a": {"href"},
    "h2": {"id"},
    "section": {"id", "class"},
    "ol": {"class", "start"},
    "li": {"class"},
    "span": {"class"},
    "p": {"class"},
    "div": {"class"},
    "dl": {"class"},
    "table": {"class"},
    "svg": {"class", "viewbox", "role"},
    "rect": {"class", "x", "y", "width", "height"},
    "circle": {"cx", "cy", "r"},
    "text": {"class", "x", "y", "text-anchor"},
    "line": {"x1", "y1", "x2", "y2"},
}
ALLOWED_ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "ol", "ul", "li",
    "span", "strong", "a", "section", "details", "summary", "blockquote", "table", "caption",
    "thead", "tbody", "tr", "th", "td", "svg", "rect", "text", "line", "div", "dl", "dt", "dd",
    "circle",
}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.lessons = []
        self.current = None
        self.csp = False
        self.ids = set()
        self.links = []
        self.bars = 0
        self.labels = 0
        self.pending_bar = False
        self.in_value = False
        self.value_text = ""
        self.svgs = 0
        self.titled_svgs = 0
        self.in_svg = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag not in ALLOWED_ELEMENTS:
            self.problems.append(f"unexpected element <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            elif name not in allowed:
                self.problems.append(f"unexpected attribute {name} on <{tag}>")
            if value and ("javascript:" in value.lower() or "url(" in value.lower()):
                self.problems.append(f"URL in attribute {name} on <{tag}>")
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a":
            href = values.get("href") or ""
            if not href.startswith("#") and not re.fullmatch(r"\./[A-Za-z0-9%._~-]+(#.*)?", href):
                self.problems.append(f"link that leaves the page: {href!r}")
            self.links.append(href)
        if tag == "svg":
            self.svgs += 1
            self.in_svg = True
            if "viewbox" not in values:
                self.problems.append("an SVG without a viewBox")
        if tag == "title" and self.in_svg:
            self.titled_svgs += 1
            self.in_svg = False
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.csp = "default-src 'none'" in values.get("content", "")
        if tag == "span" and values.get("class") == "lesson":
            self.current = ""
        if tag == "rect" and values.get("class") == "bar":
            self.bars += 1
            self.pending_bar = True
        if tag == "text" and values.get("class") == "value":
            self.in_value = True
            self.value_text = ""

    def handle_endtag(self, tag):
        if tag == "svg":
            if self.in_svg:
                self.problems.append("an SVG without a <title>")
            self.in_svg = False
        if tag == "span" and self.current is not None:
            self.lessons.append(self.current)
            self.current = None
        if tag == "text" and self.in_value:
            self.in_value = False
            if self.pending_bar and self.value_text.strip().isdigit():
                self.labels += 1
            self.pending_bar = False

    def handle_data(self, data):
        if self.current is not None:
            self.current += data
        if self.in_value:
            self.value_text += data


def check(path):
    checker = Checker()
    checker.feed(open(path, encoding="utf-8").read())
    return checker


def main():
    expected = json.loads(sys.argv[2])
    checker = check(sys.argv[1])
    problems = list(checker.problems)
    if not checker.csp:
        problems.append("no Content-Security-Policy default-src 'none'")
    others = {}
    for link in checker.links:
        name, _, target = link.partition("#")
        if not name:
            ids = checker.ids
        else:
            beside = os.path.join(os.path.dirname(sys.argv[1]), unquote(name[2:]))
            if not os.path.isfile(beside):
                problems.append(f"link to {link}, a file that is not there")
                continue
            if beside not in others:
                others[beside] = check(beside).ids
            ids = others[beside]
        if target and target not in ids:
            problems.append(f"link to {link}, which no element has as its id")
    if checker.labels != checker.bars:
        problems.append(f"{checker.bars} chart bars but {checker.labels} number labels")
    for lesson in expected:
        if lesson not in checker.lessons:
            problems.append(f"lesson text not found intact: {lesson!r} in {checker.lessons!r}")
    for problem in problems:
        print(problem)
    print(f"{len(checker.links)} links, {checker.bars} bars, {checker.svgs} charts")
    sys.exit(1 if problems else 0)


main()
