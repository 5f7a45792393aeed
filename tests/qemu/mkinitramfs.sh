#!/bin/bash
# Build a gzip'ed newc initramfs: static busybox + our /init + test files.
#
# Usage: mkinitramfs.sh -o OUT [--payload SCRIPT] [--add SRC[:DST]]...
#                       [--modules VERSION NAME...]... [--python]
#
#   --add SRC[:DST]  copy SRC (file or directory) to DST in the guest; DST
#                    defaults to SRC's absolute path, a DST ending in / gets
#                    SRC's basename. ELF executables also get their shared
#                    libraries and dynamic loader (as listed by ldd).
#   --modules VERSION NAME...
#                    copy kernel modules NAME... plus their dependencies from
#                    /lib/modules/VERSION (decompressed); /init loads them in
#                    dependency order. Built-in ones are skipped.
#   --payload SCRIPT the test script; /init runs it with sh.
#   --python         /usr/bin/python3 with only the modules of its standard
#                    library and of PyYAML that the kernel's YNL cli.py uses
#                    (as sourceless .pyc), and in /usr/share/ynl: cli.py and
#                    lib/ of linux-source-6.12's tools/net/ynl, and our spec
#                    as enbkey.yaml (found by tests/ynl/gen.sh --tree). Run
#                    cli.py with --no-schema: jsonschema is not in the image.
#   -o OUT           the output file.
#
# The guest's /init prints "ENBKEY-GUEST-EXIT <rc>" and reboots (qemu must
# run with -no-reboot so that it exits then).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

die() { echo "mkinitramfs: $*" >&2; exit 1; }

"$here/deps.sh"

out=
payload=
adds=()
modules=()  # entries "VERSION NAME"
python=false
while [ $# -gt 0 ]; do
	case $1 in
	-o) out=${2:?}; shift 2 ;;
	--payload) payload=${2:?}; shift 2 ;;
	--python) python=true; shift ;;
	--add) adds+=("${2:?}"); shift 2 ;;
	--modules)
		version=${2:?}; shift 2
		if [ $# -eq 0 ] || [[ $1 == -* ]]; then
			die "--modules $version: no module names"
		fi
		while [ $# -gt 0 ] && [[ $1 != -* ]]; do
			modules+=("$version $1"); shift
		done
		;;
	*) die "unknown argument: $1" ;;
	esac
done
[ -n "$out" ] || die "missing -o OUT"
[ -z "$payload" ] || [ -f "$payload" ] || die "no such payload: $payload"

# copy_file SRC DST: copy one file (following symlinks) into the image.
copy_file() {
	mkdir -p "$(dirname "$root$2")"
	rm -f "$root$2"  # may be a busybox symlink
	cp -L "$1" "$root$2"
}

# copy_libs ELF: copy the shared libraries and loader an executable needs.
copy_libs() {
	local lib
	# ldd fails on static executables and on non-executables (.ko): fine.
	for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*' || true); do
		[ -e "$root$lib" ] || copy_file "$lib" "$lib"
	done
}

is_elf() { [ "$(head -c4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# Layout: every busybox applet is a symlink in /bin, /sbin points to /bin;
# /usr/bin and /usr/sbin come first in PATH so that --add'ed real tools win.
mkdir -p "$root"/{bin,dev,etc,proc,sys,tmp,run,root,home,usr/bin,usr/sbin,lib/modules}
ln -s bin "$root/sbin"
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
# sh is dash, not busybox: this busybox's ash always runs its own applets
# in preference to PATH, which would hide --add'ed tools such as setpriv.
copy_file /bin/dash /bin/sh
copy_libs /bin/dash
# The kernel's built-in initramfs normally provides /dev/console already.
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true

for spec in "${adds[@]}"; do
	src=${spec%%:*}
	dst=${spec#*:}
	[ "$spec" != "$src" ] || dst=$(realpath -s "$src")
	[[ $dst != */ ]] || dst=$dst$(basename "$src")
	[[ $dst == /* ]] || die "--add $spec: destination must be absolute"
	[ -e "$src" ] || die "--add $spec: no such file"
	if [ -d "$src" ]; then
		mkdir -p "$root$dst"
		cp -a "$src/." "$root$dst/"
	else
		copy_file "$src" "$dst"
		if [ -x "$src" ] && is_elf "$src"; then copy_libs "$src"; fi
	fi
done

# python3 and the kernel's YNL cli.py. Which modules cli.py imports is found
# by running it here, against nlctrl (always present) and against enbkey
# (loaded or not, which only changes the error it ends with).
add_python() {
	local ynl=$root/.ynl f
	"$here/../ynl/gen.sh" --tree "$ynl" || die "--python: no YNL tools"
	mkdir -p "$root/usr/share/ynl/lib"
	cp "$ynl/tools/net/ynl/cli.py" "$root/usr/share/ynl/"
	cp "$ynl"/tools/net/ynl/lib/*.py "$root/usr/share/ynl/lib/"
	cp "$ynl/Documentation/netlink/specs/enbkey.yaml" "$root/usr/share/ynl/"
	copy_file /usr/bin/python3 /usr/bin/python3
	copy_libs /usr/bin/python3
	/usr/bin/python3 -B - "$ynl" "$root" >"$root/.ynl-so" <<'PY' ||
import contextlib, io, os, sys
ynl, root = sys.argv[1:3]
tools = ynl + '/tools/net/ynl'
specs = ynl + '/Documentation/netlink/specs'
sys.path.insert(0, tools)
import cli
def run(*args):
    sys.argv = ['cli.py', '--no-schema', *args]
    with contextlib.redirect_stdout(io.StringIO()), \
         contextlib.redirect_stderr(io.StringIO()):
        try:
            cli.main()
        except (SystemExit, Exception):
            pass
run('--spec', specs + '/nlctrl.yaml', '--dump', 'getfamily')
run('--spec', specs + '/nlctrl.yaml', '--output-json', '--do', 'getfamily',
    '--json', '{"family-name": "nlctrl"}')
run('--spec', specs + '/enbkey.yaml', '--dump', 'ue-get')
run('--spec', specs + '/enbkey.yaml', '--do', 'sec-set', '--json', '{"ue-id": 1}')
import encodings.ascii, encodings.latin_1, encodings.utf_8
files = set()
for name, mod in list(sys.modules.items()):
    f = getattr(mod, '__file__', None)
    if name == '__main__' or not f or f.startswith(ynl + '/'):
        continue
    if name.startswith('_distutils_hack'):
        continue
    files.add(f)
import py_compile
for f in sorted(files):
    if f.endswith('.py'):
        # sourceless: os.pyc where os.py was, valid without its source
        py_compile.compile(f, cfile=root + f + 'c', dfile=f, doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    else:
        print(f)
PY
		die "--python: cannot list the modules cli.py needs"
	while read -r f; do
		copy_file "$f" "$f"
		copy_libs "$f"
	done <"$root/.ynl-so"
	rm -rf "$ynl" "$root/.ynl-so"
	(cd "$root/usr/share/ynl" && /usr/bin/python3 -m compileall -q lib >/dev/null) ||
		die "--python: cannot compile the YNL lib"
}
$python && add_python

# Kernel modules: resolve dependencies with modprobe, store them
# uncompressed (busybox insmod only reads plain .ko), and record the order.
order=$root/lib/modules/load-order
: >"$order"
for entry in "${modules[@]}"; do
	read -r version name <<<"$entry"
	deps=$(modprobe -S "$version" --show-depends "$name") ||
		die "module $name not found for kernel $version"
	while read -r kind path _; do
		[ "$kind" = insmod ] || continue  # "builtin NAME": nothing to load
		dst=${path%.xz}; dst=${dst%.zst}; dst=${dst%.gz}
		grep -qxF "$dst" "$order" && continue
		mkdir -p "$(dirname "$root$dst")"
		case $path in
		*.ko) cp "$path" "$root$dst" ;;
		*.ko.xz) xz -dc "$path" >"$root$dst" ;;
		*.ko.gz) gzip -dc "$path" >"$root$dst" ;;
		*.ko.zst)
			command -v zstd >/dev/null || die "need zstd to unpack $path"
			zstd -qdc "$path" >"$root$dst" ;;
		*) die "unexpected module file $path" ;;
		esac
		echo "$dst" >>"$order"
	done <<<"$deps"
done

[ -z "$payload" ] || cp "$payload" "$root/payload"

cat >"$root/init" <<'INIT'
#!/bin/sh
# enbkey test guest init: set up a minimal system, run /payload, power off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm
hostname enbkey-guest

cat >/etc/passwd <<EOF
root:x:0:0:root:/root:/bin/sh
agent:x:1000:1000:agent:/home/agent:/bin/sh
nobody1:x:1001:1001:nobody1:/home/nobody1:/bin/sh
EOF
cat >/etc/group <<EOF
root:x:0:
agent:x:1000:
nobody1:x:1001:
enbkey:x:2000:agent
EOF
mkdir -p /home/agent /home/nobody1
chown 1000:1000 /home/agent
chown 1001:1001 /home/nobody1

rc=0
while read -r ko; do
	insmod "$ko" || { echo "init: insmod $ko failed"; rc=1; }
done </lib/modules/load-order

if [ $rc -ne 0 ]; then
	echo "init: not running the payload"
elif [ -f /payload ]; then
	echo "init: running payload on $(uname -r)"
	cd /root && sh /payload </dev/null
	rc=$?
else
	echo "init: no payload"
fi

# Through printk, so it reaches the serial port synchronously and is not
# lost in the tty buffer at reboot.
echo "<2>ENBKEY-GUEST-EXIT $rc" >/dev/kmsg 2>/dev/null ||
	echo "ENBKEY-GUEST-EXIT $rc"
sync
reboot -f
INIT
chmod 755 "$root/init"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
