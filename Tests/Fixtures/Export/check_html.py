"""Checks an exported HTML file against the XSS rules (used by reflect's tests).

Usage: check_html.py FILE EXPECTED_JSON
EXPECTED_JSON is a list of strings that must each appear, exactly, as the text content of
one <li> lesson (before its source note). Prints problems; exits 1 if there are any.
"""
import json
import sys
from html.parser import HTMLParser

ALLOWED_ATTRIBUTES = {
    "meta": {"charset", "http-equiv", "content", "name"},
    "html": {"lang"},
    "li": {"value"},
    "span": {"class"},
    "p": {"class"},
    "svg": {"xmlns", "role", "width", "height"},
    "rect": {"x", "y", "width", "height", "fill"},
    "text": {"x", "y"},
}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.stack = []
        self.lessons = []
        self.current = None
        self.csp = False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "img", "a", "link", "base", "form"):
            self.problems.append(f"forbidden element <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            elif name not in allowed:
                self.problems.append(f"unexpected attribute {name} on <{tag}>")
            if value and ("javascript:" in value.lower() or "url(" in value.lower()):
                self.problems.append(f"URL in attribute {name} on <{tag}>")
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.csp = "default-src 'none'" in dict(attrs).get("content", "")
        if tag == "li" and "value" in dict(attrs):
            self.current = ""
        if tag == "span" and self.current is not None:
            self.lessons.append(self.current.rstrip(" "))
            self.current = None
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.current is not None:
            self.current += data


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    expected = json.loads(sys.argv[2])
    checker = Checker()
    checker.feed(text)
    problems = list(checker.problems)
    if not checker.csp:
        problems.append("no Content-Security-Policy default-src 'none'")
    for lesson in expected:
        if lesson not in checker.lessons:
            problems.append(f"lesson text not found intact: {lesson!r} in {checker.lessons!r}")
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


main()
