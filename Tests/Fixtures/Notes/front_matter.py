"""Reads the YAML front matter of every note in a folder with PyYAML's safe loader.

Prints a JSON object: note file name -> its front matter, with each date or timestamp
replaced by the string "datetime" (JSON has no such type). Exits 1 when a note's front
matter is missing or is not a mapping.
"""
import datetime
import json
import os
import sys

import yaml


def plain(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return "datetime"
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


folder = sys.argv[1]
result = {}
for name in sorted(os.listdir(folder)):
    if not name.endswith(".md"):
        continue
    with open(os.path.join(folder, name), encoding="utf-8") as file:
        text = file.read()
    if not text.startswith("---\n") or "\n---\n" not in text:
        sys.exit(f"{name}: no front matter")
    data = yaml.safe_load(text[4:text.index("\n---\n") + 1])
    if not isinstance(data, dict):
        sys.exit(f"{name}: front matter is not a mapping")
    result[name] = plain(data)
json.dump(result, sys.stdout)
