#!/bin/sh
# `make install` twice in a row into a scratch DESTDIR, checked as a person would use it (the
# second must rebuild nothing and still install the static binary), `make dist` (licence and
# README in the tarball, nothing left in the repository), then `make uninstall`, which must
# leave nothing behind. Run by `make test`.
set -eu
fail() { echo "install check: $*" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
make --no-print-directory install DESTDIR="$root" PREFIX=/usr >/dev/null
binary=.build/static/release/reflect
manual=${MANUAL_SCRATCH:-.build/manual}/debug/reflect
built=$(stat -c %Y.%s "$binary" "$manual")
make --no-print-directory install DESTDIR="$root" PREFIX=/usr >/dev/null
[ "$(stat -c %Y.%s "$binary" "$manual")" = "$built" ] || fail "the second install rebuilt"
files="bin/reflect share/man/man1/reflect.1 share/bash-completion/completions/reflect \
  share/zsh/site-functions/_reflect share/fish/vendor_completions.d/reflect.fish \
  share/doc/reflect/LICENSE share/doc/reflect/README.md"
for model_file in model.safetensors vocab.txt config.json README.md SOURCE; do
  files="$files share/reflect/models/all-MiniLM-L6-v2/$model_file"
done
for file in $files; do
  [ -s "$root/usr/$file" ] || fail "missing $file"
done
cmp -s LICENSE "$root/usr/share/doc/reflect/LICENSE" || fail "LICENSE is not the licence"
# Linked to no part of the toolchain, and runs with it off PATH and LD_LIBRARY_PATH.
links=$(ldd "$root/usr/bin/reflect") || fail "ldd failed: $links"
if echo "$links" | grep -qi "swift\|not found"; then fail "linked to the toolchain: $links"; fi
if readelf -d "$root/usr/bin/reflect" | grep -qi "path.*swift"; then fail "the toolchain is in the run path"; fi
version=$(env -i PATH=/usr/bin:/bin "$root/usr/bin/reflect" --version) || fail "does not run without Swift"
# Where it can (root, as in CI), with the toolchain's folder hidden too.
toolchain=$(cd "$(dirname "$(command -v swift)")/.." 2>/dev/null && pwd -P) || toolchain=/usr
if [ "$toolchain" != /usr ] && unshare -m true 2>/dev/null; then
  unshare -m sh -c "mount -t tmpfs none '$toolchain' && env -i PATH=/usr/bin:/bin '$root/usr/bin/reflect' --version" \
    >/dev/null || fail "does not run with $toolchain hidden"
fi
# The installed binary finds the model installed beside it (share/reflect/models), and only
# that one: the build's model folder is not above an installed binary.
vector=$(env -i PATH=/usr/bin:/bin HOME="$root" "$root/usr/bin/reflect" embed "Trust takes time") \
  || fail "embed does not find the installed model: $vector"
python3 -c 'import json, sys; v = json.loads(sys.argv[1]); assert len(v) == 384, len(v)' "$vector" \
  || fail "embed printed no 384-number vector"
[ "$version" = "$(cat VERSION)" ] || fail "--version says '$version', VERSION says '$(cat VERSION)'"
MANPAGER=cat man -l "$root/usr/share/man/man1/reflect.1" 2>/dev/null | grep -q "SYNOPSIS" || fail "man page has no SYNOPSIS"
bash -c ". '$root/usr/share/bash-completion/completions/reflect' && complete -p reflect" >/dev/null \
  || fail "bash completion does not register"

# make dist: the same tree as a tarball under .build/dist, its checksum beside it.
untracked() { git status --porcelain --untracked-files=all 2>/dev/null | grep -v "^.. \.build" || true; }
before=$(untracked)
tarball=$(make --no-print-directory dist | tail -n 1)
[ "$(untracked)" = "$before" ] || fail "make dist left files in the repository: $(untracked)"
case "$tarball" in .build/dist/reflect-*-linux-*.tar.gz) ;; *) fail "dist made '$tarball'" ;; esac
(cd "$(dirname "$tarball")" && sha256sum -c --quiet "$(basename "$tarball").sha256") || fail "checksum"
listed=$(tar -tzf "$tarball" | sort | tr '\n' ' ')
expected=$(for file in $files; do echo "$file"; done | sort | tr '\n' ' ')
[ "$listed" = "$expected" ] || fail "the tarball holds '$listed'"
unpacked="$root/unpacked"
mkdir "$unpacked" && tar -C "$unpacked" -xzf "$tarball"
cmp -s LICENSE "$unpacked/share/doc/reflect/LICENSE" || fail "the tarball's LICENSE"
[ "$(env -i PATH=/usr/bin:/bin "$unpacked/bin/reflect" --version)" = "$version" ] \
  || fail "the tarball's reflect does not run"
rm -rf "$unpacked"

make --no-print-directory uninstall DESTDIR="$root" PREFIX=/usr >/dev/null
left=$(find "$root" -type f | wc -l)
[ "$left" -eq 0 ] || fail "uninstall left $left files"
for folder in share/doc/reflect share/reflect; do
  [ ! -e "$root/usr/$folder" ] || fail "uninstall left $folder"
done
echo "install check: 12 files installed twice (nothing rebuilt), static, ran without Swift, found its model, man page, completion, dist with licence, uninstalled: ok"
