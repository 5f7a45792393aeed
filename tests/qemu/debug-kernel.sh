#!/bin/bash
# Build (once) a small x86_64 debug kernel with KUnit, KASAN, lockdep,
# kmemleak, UBSAN, KFENCE and fault injection from Debian's
# linux-source-SERIES (6.1 or 6.12), configured as `make allnoconfig` +
# tests/qemu/debug.config.
#
# Usage: debug-kernel.sh [SERIES]     (default 6.1)
#
# The build tree is cached in
#   ${ENBKEY_CACHE:-$HOME/.cache/enbkey}/kernel-<source version>-<config hash>
# and its path is printed as the last line on stdout (all progress goes to
# stderr). Use it as TREE/arch/x86/boot/bzImage, or build an external
# module with `make -C TREE M=/path/to/module`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/debug.config
cache=${ENBKEY_CACHE:-$HOME/.cache/enbkey}
series=${1:-6.1}
case $series in
6.1 | 6.12) ;;
*) echo "debug-kernel: unknown series $series (6.1 or 6.12)" >&2; exit 2 ;;
esac
tarball=/usr/src/linux-source-$series.tar.xz
export ARCH=x86_64

log() { echo "debug-kernel: $*" >&2; }

"$here/deps.sh"

srcver=$(dpkg-query -W -f='${Version}' "linux-source-$series")
hash=$(cat "$fragment" "$0" | sha256sum | cut -c1-12)
tree=$cache/kernel-$srcver-$hash
stamp=$tree/.enbkey-build-done

# One build at a time per cache (parallel CI jobs would clobber each other).
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

if [ -f "$stamp" ]; then
	log "cached: $tree"
	echo "$tree"
	exit 0
fi

# 1. Pristine source, extracted once per source package version. Nothing is
#    ever built inside it (we build with O=), so several trees can share it.
src=$cache/linux-source-$series
if [ "$(cat "$src/.enbkey-extracted" 2>/dev/null)" != "$srcver" ]; then
	log "extracting $tarball (linux-source-$series $srcver)"
	rm -rf "$src" "$src.tmp"
	mkdir "$src.tmp"
	tar -xJf "$tarball" -C "$src.tmp"
	mv "$src.tmp/linux-source-$series" "$src"
	rmdir "$src.tmp"
	echo "$srcver" >"$src/.enbkey-extracted"
fi

# 2. Configure: allnoconfig with the fragment forced on top.
log "configuring $tree"
rm -rf "$tree"
mkdir -p "$tree"
(cd "$src" && scripts/kconfig/merge_config.sh -n -O "$tree" "$fragment") >&2

# 3. Every option requested by the fragment must have survived (an unmet
#    dependency silently drops it).
dropped=()
while IFS= read -r line; do
	if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=.*$ ]]; then
		grep -qxF -- "$line" "$tree/.config" || dropped+=("$line")
	elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
		! grep -q "^${BASH_REMATCH[1]}=" "$tree/.config" || dropped+=("$line")
	fi
done <"$fragment"
if [ ${#dropped[@]} -gt 0 ]; then
	log "ERROR: these options from debug.config did not survive:"
	for line in "${dropped[@]}"; do
		opt=$(sed -E 's/^# //; s/[= ].*//' <<<"$line")
		got=$(grep -E "^(# )?${opt}[= ]" "$tree/.config" || echo '(absent)')
		echo "  wanted: $line    got: $got" >&2
	done
	exit 1
fi

# 4. Build vmlinux, bzImage and modules (the latter gives Module.symvers,
#    needed for external modules).
log "building with $(nproc) jobs (log: $tree/build.log)"
start=$SECONDS
if ! make -C "$src" O="$tree" -j"$(nproc)" all >"$tree/build.log" 2>&1; then
	tail -n 50 "$tree/build.log" >&2
	log "ERROR: kernel build failed"
	exit 1
fi
log "built in $((SECONDS - start))s"

test -f "$tree/arch/x86/boot/bzImage"
test -f "$tree/Module.symvers"
touch "$stamp"
echo "$tree"
