#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The uAPI header include/uapi/linux/enbkey.h is generated from the YNL spec
# Documentation/netlink/specs/enbkey.yaml by the kernel's own generator,
# tools/net/ynl/ynl-gen-c.py of linux-source-6.12.
#
# Usage: gen.sh            validate the spec and write the header
#        gen.sh --check    validate the spec and fail if the header differs
#        gen.sh --tree DIR put the kernel's YNL tools and schemas and our
#                          spec in DIR, laid out as in the kernel tree (for
#                          tests/qemu/mkinitramfs.sh --python), and stop
#
# The kernel's tools come from ${ENBKEY_CACHE:-~/.cache/enbkey}/linux-source-6.12
# when tests/qemu/debug-kernel.sh has extracted it there, else only the
# needed paths are extracted from /usr/src/linux-source-6.12.tar.xz into a
# temporary directory. Nothing is ever written into the shared source: the
# generator runs on a copy in a kernel-shaped temporary tree, as 6.12's
# ynl-gen-c.py looks for the kernel root (a MAINTAINERS file) above the spec.
#
# Needs python3 with PyYAML and jsonschema (python3-yaml, python3-jsonschema;
# PYTHON names another interpreter). Prints "ok - ..." or "not ok - ..." per
# step and exits 1 if one failed, 2 if it could not run.

set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
spec=Documentation/netlink/specs/enbkey.yaml
header=include/uapi/linux/enbkey.h
cache=${ENBKEY_CACHE:-${HOME:-/root}/.cache/enbkey}
src=$cache/linux-source-6.12
tarball=/usr/src/linux-source-6.12.tar.xz
if [ -z "${PYTHON:-}" ]; then
	PYTHON=python3
	[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
fi

mode="write"
tree=
case ${1:-} in
'') ;;
--check) mode=check ;;
--tree) mode=tree; tree=${2:?gen.sh: --tree needs a directory} ;;
*) echo "usage: gen.sh [--check | --tree DIR]" >&2; exit 2 ;;
esac

die() { echo "gen.sh: $*" >&2; exit 2; }

failed=0
report() {	# STATUS DESCRIPTION [DETAILS]
	if [ "$1" = 0 ]; then
		echo "ok - $2"
	else
		echo "not ok - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
		failed=1
	fi
}

tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# The kernel paths this script uses, relative to the kernel root.
ynl_paths=(tools/net/ynl/ynl-gen-c.py tools/net/ynl/cli.py tools/net/ynl/lib
	   Documentation/netlink/genetlink.yaml Documentation/netlink/genetlink-c.yaml
	   Documentation/netlink/genetlink-legacy.yaml Documentation/netlink/netlink-raw.yaml
	   Documentation/netlink/specs/nlctrl.yaml)

if [ -f "$src/.enbkey-extracted" ] && [ -f "$src/tools/net/ynl/ynl-gen-c.py" ]; then
	kernel=$src
else
	[ -f "$tarball" ] || die "neither $src nor $tarball (package linux-source-6.12)"
	kernel=$tmp/linux-source-6.12
	tar -xJf "$tarball" -C "$tmp" "${ynl_paths[@]/#/linux-source-6.12/}" ||
		die "cannot extract the YNL tools from $tarball"
fi

# A kernel-shaped tree: MAINTAINERS marks its root for ynl-gen-c.py.
k=${tree:-$tmp/k}
mkdir -p "$k/tools/net/ynl" "$k/Documentation/netlink/specs" || die "cannot create $k"
for p in "${ynl_paths[@]}"; do
	cp -r "$kernel/$p" "$k/$(dirname "$p")/" || die "cannot copy $kernel/$p"
done
: >"$k/MAINTAINERS"
cp "$top/$spec" "$k/$spec" || die "no spec $top/$spec"
[ "$mode" = tree ] && exit 0

# 1. The spec against the schema of its protocol, as the kernel's tools do.
out=$("$PYTHON" - "$k/$spec" "$k/Documentation/netlink" 2>&1 <<'EOF'
import sys, yaml, jsonschema
spec_path, schema_dir = sys.argv[1:]
with open(spec_path) as f:
    spec = yaml.safe_load(f)
proto = spec.get('protocol', 'genetlink')
with open(f'{schema_dir}/{proto}.yaml') as f:
    schema = yaml.safe_load(f)
print(f'{proto}.yaml')
try:
    jsonschema.validate(spec, schema)
except jsonschema.ValidationError as e:
    print('at', ('/'.join(str(x) for x in e.absolute_path) or 'top') + ':', e.message)
    sys.exit(1)
EOF
)
rc=$?
proto_schema=$(printf '%s\n' "$out" | head -n1)
report $rc "$spec is valid against Documentation/netlink/${proto_schema:-<protocol>.yaml}" \
	"$(printf '%s\n' "$out" | tail -n +2)"

# 2. The header, from the kernel's generator.
(cd "$k" && "$PYTHON" tools/net/ynl/ynl-gen-c.py --mode uapi --header \
	--spec "$spec" -o "$tmp/enbkey.h") >"$tmp/gen.log" 2>&1
rc=$?
report $rc "ynl-gen-c.py --mode uapi --header generates $header" \
	"$(grep -E 'Error|Exception|License' "$tmp/gen.log" | tail -n 2 || tail -n 3 "$tmp/gen.log")"
if [ $rc = 0 ]; then
	if [ "$mode" = check ]; then
		diff -u "$top/$header" "$tmp/enbkey.h" >"$tmp/diff"
		report $? "$header is the generator's output (gen.sh rewrites it)" \
			"$(head -n 60 "$tmp/diff")"
	else
		cp "$tmp/enbkey.h" "$top/$header"
		report $? "$header written"
	fi
fi
exit $failed
