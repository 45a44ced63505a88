"""Validates JSON exports against docs/export.schema.json (JSON Schema draft 2020-12).

Usage: validate.py SCHEMA EXPORT.json...; prints each problem with the file and the path in
it, and exits 1 when there is one (2 when the schema itself is not a valid schema)."""
import json
import sys

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

with open(sys.argv[1], encoding="utf-8") as file:
    schema = json.load(file)
try:
    Draft202012Validator.check_schema(schema)
except SchemaError as error:
    print(f"{sys.argv[1]}: not a valid schema: {error.message}")
    sys.exit(2)
validator = Draft202012Validator(schema)
problems = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as file:
        document = json.load(file)
    for error in validator.iter_errors(document):
        problems += 1
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        print(f"{path}: {where}: {error.message[:300]}")
sys.exit(1 if problems else 0)
