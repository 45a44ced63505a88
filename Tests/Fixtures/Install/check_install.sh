#!/bin/sh
# `make install` into a scratch DESTDIR, checked as a person would use it, then
# `make uninstall`, which must leave nothing behind. Run by `make test`.
set -eu
fail() { echo "install check: $*" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
make --no-print-directory install DESTDIR="$root" PREFIX=/usr >/dev/null
for file in bin/reflect share/man/man1/reflect.1 share/bash-completion/completions/reflect \
  share/zsh/site-functions/_reflect share/fish/vendor_completions.d/reflect.fish; do
  [ -s "$root/usr/$file" ] || fail "missing $file"
done
version=$(env -i PATH=/usr/bin:/bin "$root/usr/bin/reflect" --version) || fail "does not run without Swift"
[ "$version" = "$(cat VERSION)" ] || fail "--version says '$version', VERSION says '$(cat VERSION)'"
if readelf -d "$root/usr/bin/reflect" | grep -qi "path.*swift"; then fail "the toolchain is in the run path"; fi
MANPAGER=cat man -l "$root/usr/share/man/man1/reflect.1" 2>/dev/null | grep -q "SYNOPSIS" || fail "man page has no SYNOPSIS"
bash -c ". '$root/usr/share/bash-completion/completions/reflect' && complete -p reflect" >/dev/null \
  || fail "bash completion does not register"
make --no-print-directory uninstall DESTDIR="$root" PREFIX=/usr >/dev/null
left=$(find "$root" -type f | wc -l)
[ "$left" -eq 0 ] || fail "uninstall left $left files"
echo "install check: 5 files installed, ran without Swift, man page, completion, uninstalled: ok"
