"""Renders Markdown snippets as a CommonMark renderer (markdown-it-py) does.

Reads a JSON array of Markdown strings on stdin; prints a JSON array with, for each, the
HTML elements it rendered to (in order, opening tags only) and its text as a reader sees it
(tags removed, entities decoded). Tables and strikethrough are on, as in GitHub and Obsidian.
"""
import html
import json
import re
import sys

from markdown_it import MarkdownIt

renderer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
result = []
for source in json.load(sys.stdin):
    rendered = renderer.render(source)
    tags = re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", rendered)
    text = html.unescape(re.sub(r"<[^>]*>", "", rendered)).strip()
    result.append({"tags": tags, "text": text, "html": rendered})
json.dump(result, sys.stdout)
