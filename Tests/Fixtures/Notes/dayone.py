"""Checks a Day One import zip and prints its Journal.json.

The zip must be readable by Python's zipfile, pass its CRC check, and hold exactly one file,
Journal.json, whose JSON has "metadata" and "entries".
"""
import json
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as archive:
    if archive.testzip() is not None:
        sys.exit("a file in the zip is damaged")
    if archive.namelist() != ["Journal.json"]:
        sys.exit(f"unexpected files: {archive.namelist()}")
    journal = json.loads(archive.read("Journal.json"))
if set(journal) != {"metadata", "entries"}:
    sys.exit(f"unexpected keys: {sorted(journal)}")
json.dump(journal, sys.stdout)
