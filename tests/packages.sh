#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages of enbkey, end to end, on this machine (as root):
#
#   1. purge what an earlier run left; tests/qemu/deps.sh installs the
#      build dependencies and the two kernels of Debian 12 with their
#      headers: the stock 6.1 (linux-image-amd64, linux-headers-amd64) and
#      6.12 of bookworm-security (linux-image-6.12-amd64,
#      linux-headers-6.12-amd64)
#   2. dpkg-buildpackage -b -us -uc in a copy of the tree; the .debs go to
#      build/packages/
#   3. check what each package holds (dpkg -c and the files themselves)
#   4. apt-get install them, which has DKMS build enbkey.ko for both
#      kernels; check dkms status, the installed module, library, tools
#   5. per kernel: boot it under QEMU with the DKMS-built module and the
#      packaged enbkeyctl and libenbkey.so.0 (tests/qemu/packages-guest.sh)
#   6. apt-get purge the packages and check that nothing of them is left
#
# Prints one "ok - ..." or "not ok - ..." line per check ("#" lines are
# information), ends with "packages: N passed, N failed", and exits 1 if
# any check failed. Logs go to build/log/packages-*.log (ENBKEY_OUT).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${ENBKEY_OUT:-$ROOT/build}
PKGDIR=$OUT/packages
LOG=$OUT/log
Q=$ROOT/tests/qemu
PACKAGES=(enbkey-dkms enbkey-tools libenbkey-dev)
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -y -q -o DPkg::Lock::Timeout=600)
T0=$(date +%s)

PASSED=0
FAILED=0
result() {	# STATUS DESCRIPTION [LOG]: one check; LOG's tail when it failed
	if [ "$1" = 0 ]; then
		PASSED=$((PASSED + 1))
		echo "ok - $2"
	else
		FAILED=$((FAILED + 1))
		echo "not ok - $2"
		[ -z "${3:-}" ] || [ ! -s "$3" ] || tail -n 25 "$3" | sed 's/^/#   /'
	fi
}
check() {	# DESCRIPTION CMD...: a check whose output goes to a log
	local desc=$1 log=$TMP/check.log
	shift
	"$@" >"$log" 2>&1
	result $? "$desc" "$log"
}
same() {	# DESCRIPTION EXPECTED ACTUAL
	[ "$2" = "$3" ]
	result $? "$1"
	[ "$2" = "$3" ] || printf '#   expected: %s\n#   actual:   %s\n' "$2" "$3"
}
info() { echo "# $*"; }
timing() { info "time: $1 $(($(date +%s) - $2))s"; }
summary() {
	timing total "$T0"
	echo "packages: $PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ]
	exit
}

if [ "$(id -u)" -ne 0 ]; then
	result 1 "packages: running as root (apt-get install, dkms)"
	summary
fi

mkdir -p "$LOG" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/enbkey-packages.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# One run at a time on this machine: two would purge each other's packages.
exec 9>"${TMPDIR:-/tmp}/enbkey-packages.lock"
flock 9

VERSION=$(cat "$ROOT/VERSION")
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
LIB=/usr/lib/$MA
SRC=/usr/src/enbkey-$VERSION

# --- 1. leftovers, dependencies, kernels --------------------------------------------

# purge_all: our packages, any DKMS registration of enbkey, sources and
# modules left behind by a run that was interrupted.
purge_all() {
	local pkgs v d
	pkgs=$(dpkg-query -W -f='${binary:Package} ${db:Status-Abbrev}\n' \
		"${PACKAGES[@]}" 2>/dev/null | awk '$2 != "un" { print $1 }')
	if [ -n "$pkgs" ]; then
		info "purging $pkgs"
		# shellcheck disable=SC2086 # one word per package
		"${APT[@]}" purge $pkgs || return 1
	fi
	if command -v dkms >/dev/null; then
		for v in $(dkms status -m enbkey 2>/dev/null | sed -nE 's|^enbkey/([^,]+),.*|\1|p' | sort -u); do
			info "dkms remove enbkey/$v"
			dkms remove -m enbkey -v "$v" --all || return 1
		done
	fi
	rm -rf /var/lib/dkms/enbkey
	for d in /usr/src/enbkey-*; do
		[ -e "$d" ] || continue
		dpkg -S "$d" >/dev/null 2>&1 && continue
		info "removing $d"
		rm -rf "$d"
	done
	find /lib/modules -mindepth 4 -path '*/updates/dkms/enbkey.ko*' 2>/dev/null |
		while read -r d; do
			info "removing $d"
			rm -f "$d"
			d=${d#/lib/modules/}
			depmod "${d%%/*}"
		done
}

# The build dependencies (dkms, dh-dkms, which provides dh-sequence-dkms in
# Debian 12, debhelper, dpkg-dev, pkg-config) and the kernels are in the
# list of deps.sh, which installs what is missing and nothing else.
deps() {
	local c
	bash "$Q/deps.sh" || return 1
	for c in dpkg-buildpackage dh dh_dkms dkms pkg-config jq cpio qemu-system-x86_64; do
		command -v "$c" >/dev/null || { echo "deps.sh installed no $c"; return 1; }
	done
}

# kernel_of METAPACKAGE: the release its linux-image-RELEASE dependency names
kernel_of() {
	dpkg-query -W -f='${Depends}' "$1" 2>/dev/null |
		sed -nE 's/^linux-image-([^ ,]+).*/\1/p'
}

t=$(date +%s)
check "leftovers of an earlier run purged" purge_all
deps >"$LOG/packages-deps.log" 2>&1
result $? "build dependencies and both kernels installed" "$LOG/packages-deps.log"
KERNELS=()
for m in linux-image-amd64 linux-image-6.12-amd64; do
	k=$(kernel_of "$m")
	if [ -n "$k" ] && [ -f "/boot/vmlinuz-$k" ] && [ -f "/boot/config-$k" ] &&
		[ -e "/lib/modules/$k/build/Makefile" ]; then
		KERNELS+=("$k")
	else
		result 1 "$m: a kernel (${k:-none}) with its image, config and headers"
	fi
done
info "kernels: ${KERNELS[*]}; version $VERSION"
timing deps "$t"

# --- 2. build --------------------------------------------------------------------------

# copy_tree DIR: the files of the checkout (tracked, and new ones that are
# not ignored), as dpkg-buildpackage would see a clean checkout.
copy_tree() {
	mkdir -p "$1" || return 1
	if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
			(cd "$ROOT" && while IFS= read -r -d '' f; do
				[ -e "$f" ] && printf '%s\0' "$f"
			done) | (cd "$ROOT" && cpio -0 -pdm --quiet "$1")
	else
		tar -C "$ROOT" --exclude=./.git --exclude=./build -c . | tar -C "$1" -x
	fi
}

build() {
	copy_tree "$TMP/build/enbkey-$VERSION" || return 1
	(cd "$TMP/build/enbkey-$VERSION" &&
		DEB_BUILD_OPTIONS="noautodbgsym parallel=$(nproc)" \
		dpkg-buildpackage -b -us -uc) || return 1
	rm -rf "$PKGDIR" && mkdir -p "$PKGDIR" &&
		mv "$TMP"/build/*.deb "$TMP"/build/*.buildinfo "$TMP"/build/*.changes "$PKGDIR/"
}

# Nothing of a Debian build in the checkout: dpkg-buildpackage ran in a copy.
repo_clean() {
	local f bad=0
	for f in debian/files debian/tmp debian/.debhelper debian/debhelper-build-stamp \
		 debian/enbkey-dkms debian/enbkey-tools debian/libenbkey-dev; do
		[ ! -e "$ROOT/$f" ] || { echo "$f"; bad=1; }
	done
	ls "$ROOT"/debian/*.substvars "$ROOT"/debian/*.debhelper* 2>/dev/null && bad=1
	ls "$ROOT"/../enbkey_*.changes "$ROOT"/../enbkey*_"$VERSION"_*.deb 2>/dev/null && bad=1
	return "$bad"
}

t=$(date +%s)
build >"$LOG/packages-build.log" 2>&1
result $? "dpkg-buildpackage -b -us -uc" "$LOG/packages-build.log"
check "the checkout holds nothing of the build" repo_clean
same "the packages built" "enbkey-dkms_${VERSION}_all.deb enbkey-tools_${VERSION}_amd64.deb libenbkey-dev_${VERSION}_amd64.deb" \
	"$(cd "$PKGDIR" 2>/dev/null && echo *.deb)"
timing build "$t"
DEB_DKMS=$PKGDIR/enbkey-dkms_${VERSION}_all.deb
DEB_TOOLS=$PKGDIR/enbkey-tools_${VERSION}_amd64.deb
DEB_DEV=$PKGDIR/libenbkey-dev_${VERSION}_amd64.deb
if [ ! -f "$DEB_DKMS" ] || [ ! -f "$DEB_TOOLS" ] || [ ! -f "$DEB_DEV" ]; then
	summary
fi

# --- 3. contents -------------------------------------------------------------------------

# files DEB: its files and symlinks (symlinks as "PATH -> TARGET"), sorted
files() {
	dpkg-deb -c "$1" | awk '$1 !~ /^d/ { $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); sub(/^\./, ""); print }' |
		LC_ALL=C sort
}
X=$TMP/x
for deb in "$DEB_DKMS" "$DEB_TOOLS" "$DEB_DEV"; do
	p=$(basename "$deb"); p=${p%%_*}
	mkdir -p "$X/$p" && dpkg-deb -x "$deb" "$X/$p"
done

# The functions libenbkey.h declares, as nm prints defined text symbols.
header_functions() {
	cc -D_DEFAULT_SOURCE -I"$ROOT/include/uapi" -E -P "$ROOT/userspace/libenbkey.h" |
		grep -oE '\benbkey_[a-z0-9_]+ *\(' | sed -E 's/ *\($//' | LC_ALL=C sort -u
}
header_functions >"$TMP/header" 2>"$TMP/header.err"
info "libenbkey.h declares $(wc -l <"$TMP/header") functions"

# enbkey-dkms: the module's source as DKMS builds it, and nothing else
(cd "$ROOT" && git ls-files --cached --others --exclude-standard kmod include 2>/dev/null ||
	find kmod include -type f) | while read -r f; do
	[ -e "$ROOT/$f" ] && echo "$SRC/$f"
done >"$TMP/want-dkms"
printf '%s\n' "$SRC/Kbuild" "$SRC/Makefile" "$SRC/VERSION" "$SRC/dkms.conf" \
	/usr/share/doc/enbkey-dkms/changelog.gz /usr/share/doc/enbkey-dkms/copyright >>"$TMP/want-dkms"
LC_ALL=C sort -o "$TMP/want-dkms" "$TMP/want-dkms"
check "enbkey-dkms holds $SRC: Kbuild, Makefile, VERSION, dkms.conf, kmod/, include/" \
	diff -u "$TMP/want-dkms" <(files "$DEB_DKMS")
dkms_conf() { sed -nE "s/^$1=\"?([^\"]*)\"?\$/\\1/p" "$X/enbkey-dkms$SRC/dkms.conf"; }
same "dkms.conf: PACKAGE_NAME, PACKAGE_VERSION, BUILT_MODULE_NAME, DEST_MODULE_LOCATION, AUTOINSTALL" \
	"enbkey $VERSION enbkey /updates/dkms yes" \
	"$(for v in PACKAGE_NAME PACKAGE_VERSION 'BUILT_MODULE_NAME\[0\]' \
		'DEST_MODULE_LOCATION\[0\]' AUTOINSTALL; do dkms_conf "$v"; done | xargs)"
check "the packaged sources are those of the tree built" sh -c "
	cd '$X/enbkey-dkms$SRC' && for f in Kbuild Makefile VERSION \$(find kmod include -type f); do
		cmp \"\$f\" '$TMP/build/enbkey-$VERSION/'\"\$f\" || exit 1
	done"
check "enbkey-dkms depends on dkms" sh -c "dpkg-deb -f '$DEB_DKMS' Depends | grep -qE '(^|, )dkms( |,|\$)'"

# enbkey-tools and libenbkey-dev
real=$(readlink "$X/enbkey-tools$LIB/libenbkey.so.0")
case $real in
libenbkey.so.0.[0-9]*.[0-9]*) result 0 "libenbkey.so.0 links to the real file $real" ;;
*) result 1 "libenbkey.so.0 links to a libenbkey.so.0.MINOR.PATCH (it is \"$real\")"; real=libenbkey.so.0.1.0 ;;
esac
cat >"$TMP/want-tools" <<EOF
/usr/sbin/enbkeyctl
$LIB/$real
$LIB/libenbkey.so.0 -> $real
/usr/share/man/man8/enbkeyctl.8.gz
/usr/share/bash-completion/completions/enbkeyctl
/usr/share/doc/enbkey-tools/changelog.gz
/usr/share/doc/enbkey-tools/copyright
EOF
LC_ALL=C sort -o "$TMP/want-tools" "$TMP/want-tools"
check "enbkey-tools holds enbkeyctl, libenbkey.so.0, enbkeyctl(8), the bash completion" \
	diff -u "$TMP/want-tools" <(files "$DEB_TOOLS")
cat >"$TMP/want-dev" <<EOF
/usr/include/libenbkey.h
/usr/include/linux/enbkey.h
$LIB/libenbkey.a
$LIB/libenbkey.so -> libenbkey.so.0
$LIB/pkgconfig/libenbkey.pc
/usr/share/man/man3/libenbkey.3.gz
/usr/share/doc/libenbkey-dev/changelog.gz
/usr/share/doc/libenbkey-dev/copyright
EOF
LC_ALL=C sort -o "$TMP/want-dev" "$TMP/want-dev"
check "libenbkey-dev holds both headers, libenbkey.a, libenbkey.so, libenbkey.pc, libenbkey(3)" \
	diff -u "$TMP/want-dev" <(files "$DEB_DEV")
check "libenbkey-dev depends on enbkey-tools (= $VERSION) and libmnl-dev" sh -c "
	dpkg-deb -f '$DEB_DEV' Depends | grep -qF 'enbkey-tools (= $VERSION)' &&
	dpkg-deb -f '$DEB_DEV' Depends | grep -qE '(^|, )libmnl-dev'"

so=$X/enbkey-tools$LIB/$real
same "SONAME of $real" "libenbkey.so.0" \
	"$(objdump -p "$so" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')"
check "libenbkey.so.0 exports exactly the functions of libenbkey.h" \
	diff -u "$TMP/header" <(nm -D --defined-only "$so" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | LC_ALL=C sort)
# nm -D: "T NAME@@LIBENBKEY_0.1" per function; the version node itself is
# the absolute symbol "A LIBENBKEY_0.1".
same "every export is a function of version LIBENBKEY_0.1" "" \
	"$(nm -D --defined-only "$so" | awk '!($2 == "T" && $3 ~ /@@LIBENBKEY_0\.1$/) &&
		!($2 == "A" && $3 == "LIBENBKEY_0.1")')"
check "libenbkey.so.0 is position-independent code (no text relocations)" \
	sh -c "! readelf -d '$so' | grep -q TEXTREL"
check "libenbkey.a defines the same functions" \
	diff -u "$TMP/header" <(nm --defined-only "$X/libenbkey-dev$LIB/libenbkey.a" | awk '$2 == "T" { print $3 }' | LC_ALL=C sort)
ctl=$X/enbkey-tools/usr/sbin/enbkeyctl
check "enbkeyctl is linked against libenbkey.so.0, without RPATH" sh -c "
	readelf -d '$ctl' | grep -q 'NEEDED.*\\[libenbkey.so.0\\]' && ! readelf -d '$ctl' | grep -qE 'RPATH|RUNPATH'"
pc=$X/libenbkey-dev$LIB/pkgconfig/libenbkey.pc
same "libenbkey.pc: Version, Requires.private, libdir" "$VERSION libmnl \${prefix}/lib/$MA" \
	"$(sed -n 's/^Version: //p' "$pc") $(sed -n 's/^Requires.private: //p' "$pc") $(sed -n 's/^libdir=//p' "$pc")"
check "the manual pages are compressed roff" sh -c "
	zcat '$X/enbkey-tools/usr/share/man/man8/enbkeyctl.8.gz' | grep -q '^\\.TH' &&
	zcat '$X/libenbkey-dev/usr/share/man/man3/libenbkey.3.gz' | grep -q '^\\.TH'"
check "the bash completion is valid bash" bash -n "$X/enbkey-tools/usr/share/bash-completion/completions/enbkeyctl"
if command -v lintian >/dev/null; then
	lintian --no-tag-display-limit "$PKGDIR"/*.changes >"$LOG/packages-lintian.log" 2>&1
	info "lintian (information only): $(grep -c '^[EW]:' "$LOG/packages-lintian.log") errors and warnings, see $LOG/packages-lintian.log"
	grep '^[EW]:' "$LOG/packages-lintian.log" | sed 's/^/#   /'
fi

# --- 4. install --------------------------------------------------------------------------

t=$(date +%s)
"${APT[@]}" install "$DEB_DKMS" "$DEB_TOOLS" "$DEB_DEV" >"$LOG/packages-install.log" 2>&1
result $? "apt-get install ./*.deb, DKMS builds included" "$LOG/packages-install.log"
timing install "$t"
for p in "${PACKAGES[@]}"; do
	same "$p is installed" "ii " "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)"
done

MODOK=()
for k in "${KERNELS[@]}"; do
	st=$(dkms status -m enbkey -v "$VERSION" -k "$k" 2>/dev/null)
	if [[ $st != *": installed"* ]]; then
		# The postinst builds for the running and the newest kernel only
		# when the running one is installed; the others need dkms install.
		info "$k: not built by the postinst ($st); dkms install"
		t=$(date +%s)
		dkms install -m enbkey -v "$VERSION" -k "$k" >"$LOG/packages-dkms-$k.log" 2>&1
		timing "dkms-$k" "$t"
		st=$(dkms status -m enbkey -v "$VERSION" -k "$k" 2>/dev/null)
	fi
	[[ $st == *": installed"* ]]
	result $? "$k: dkms status says enbkey/$VERSION installed"
	if [[ $st != *": installed"* ]]; then
		ml=/var/lib/dkms/enbkey/$VERSION/build/make.log
		[ -f "$ml" ] && cp "$ml" "$LOG/packages-dkms-$k-make.log" &&
			grep -m 8 -E 'error|Error' "$ml" | sed 's/^/#   /'
		continue
	fi
	ko=$(ls /lib/modules/"$k"/updates/dkms/enbkey.ko* 2>/dev/null | head -n 1)
	check "$k: the module is /lib/modules/$k/updates/dkms/$(basename "${ko:-enbkey.ko}")" test -n "$ko"
	same "$k: modinfo finds it there (depmod ran)" "$ko" "$(modinfo -k "$k" -F filename enbkey 2>/dev/null)"
	same "$k: its vermagic is that of the kernel" "$k" "$(modinfo -k "$k" -F vermagic enbkey 2>/dev/null | awk '{ print $1 }')"
	[ -n "$ko" ] && MODOK+=("$k")
done

same "ldconfig knows libenbkey.so.0" "$LIB/libenbkey.so.0" \
	"$(ldconfig -p | awk '$1 == "libenbkey.so.0" { print $NF }' | head -n 1 | sed 's|^/lib/|/usr/lib/|')"
same "enbkeyctl -V gives the package version" "enbkeyctl $VERSION" "$(/usr/sbin/enbkeyctl -V 2>&1)"
same "enbkeyctl on the host, where the module is not loaded" \
	'enbkeyctl: enbkey module not loaded (generic netlink family "enbkey" not found)' \
	"$(/usr/sbin/enbkeyctl ue show 2>&1)"
same "pkg-config --modversion libenbkey" "$VERSION" "$(pkg-config --modversion libenbkey 2>&1)"
same "pkg-config --libs libenbkey, and --static adds libmnl" "-lenbkey | -lenbkey -lmnl" \
	"$(pkg-config --libs libenbkey 2>&1 | xargs) | $(pkg-config --static --libs libenbkey 2>&1 | xargs)"
check "the bash completion completes enbkeyctl" \
	bash -c '. /usr/share/bash-completion/completions/enbkeyctl && complete -p enbkeyctl'

# pkgprobe: a client built as a user of libenbkey-dev would build it.
cat >"$TMP/pkgprobe.c" <<'EOF'
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libenbkey.h>

int main(int argc, char **argv)
{
	struct enbkey_ue_info ue;
	struct enbkey *h;
	unsigned long id;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: pkgprobe ID\n");
		return 2;
	}
	id = strtoul(argv[1], NULL, 0);
	h = enbkey_open();
	if (!h) {
		printf("pkgprobe: %s\n", errno == ENOENT ? "enbkey module not loaded" : strerror(errno));
		return 1;
	}
	err = enbkey_ue_get(h, id, &ue);
	if (err < 0)
		printf("pkgprobe: ue %lu: %s\n", id, enbkey_strerror(h));
	else
		printf("ue %u key %d eea %u eia %u generation %u\n", (unsigned int)ue.id,
		       ue.key_installed, ue.eea, ue.eia, (unsigned int)ue.key_generation);
	enbkey_close(h);
	return err < 0;
}
EOF
# shellcheck disable=SC2046 # pkg-config's flags are words
check "a client builds with pkg-config --cflags --libs libenbkey" \
	cc -std=c11 -Wall -Wextra -Werror -o "$TMP/pkgprobe" "$TMP/pkgprobe.c" $(pkg-config --cflags --libs libenbkey)
check "it needs libenbkey.so.0" sh -c "readelf -d '$TMP/pkgprobe' | grep -q 'NEEDED.*\\[libenbkey.so.0\\]'"
same "it runs on the host" "pkgprobe: enbkey module not loaded" "$("$TMP/pkgprobe" 1 2>&1)"
# libmnl-dev has no libmnl.a: libenbkey.a in, libmnl as --static names it.
# shellcheck disable=SC2046
check "a client builds with libenbkey.a and pkg-config --static" \
	cc -std=c11 -Wall -Wextra -Werror -o "$TMP/pkgprobe-static" "$TMP/pkgprobe.c" \
	$(pkg-config --cflags libenbkey) $(pkg-config --static --libs libenbkey | sed 's/-lenbkey\b/-l:libenbkey.a/')
check "it needs libmnl.so.0, not libenbkey.so.0" sh -c "
	readelf -d '$TMP/pkgprobe-static' | grep -q 'NEEDED.*\\[libmnl.so.0\\]' &&
	! readelf -d '$TMP/pkgprobe-static' | grep -q 'NEEDED.*\\[libenbkey'"
same "it runs on the host" "pkgprobe: enbkey module not loaded" "$("$TMP/pkgprobe-static" 1 2>&1)"

# --- 5. each kernel under QEMU --------------------------------------------------------

# crypto_modules KVER: what enbkey asks the crypto API for (ctr(aes),
# cmac(aes), hmac(sha256); AES-NI when the kernel has it), as the modules
# that this kernel's config has =m, for mkinitramfs --modules; =y needs
# nothing. Fails when something needed is neither.
crypto_modules() {
	local cfg=/boot/config-$1 sym mod need v bad=0
	while read -r sym mod need; do
		v=$(sed -n "s/^CONFIG_CRYPTO_$sym=//p" "$cfg")
		case $v in
		m) echo "$mod" ;;
		y) ;;
		*) [ "$need" = optional ] || { echo "CONFIG_CRYPTO_$sym is neither y nor m in $cfg" >&2; bad=1; } ;;
		esac
	done <<-'EOF'
	CTR ctr needed
	CMAC cmac needed
	HMAC hmac needed
	SHA256 sha256_generic needed
	LIB_AES libaes needed
	AES_NI_INTEL aesni-intel optional
	EOF
	return "$bad"
}

# boot_kernel KVER: the DKMS-built module, enbkeyctl and pkgprobe in a guest
boot_kernel() {
	local k=$1 ko name=packages-$1 rc ok notok mods
	ko=$(ls /lib/modules/"$k"/updates/dkms/enbkey.ko* | head -n 1)
	case $ko in
	*.ko) cp "$ko" "$TMP/enbkey-$k.ko" ;;
	*.ko.xz) xz -dc "$ko" >"$TMP/enbkey-$k.ko" ;;
	*.ko.zst) zstd -qdc "$ko" >"$TMP/enbkey-$k.ko" ;;
	*.ko.gz) gzip -dc "$ko" >"$TMP/enbkey-$k.ko" ;;
	esac
	printf 'VERSION=%s\nKVER=%s\n' "$VERSION" "$k" >"$TMP/packages.env"
	mods=$(crypto_modules "$k" 2>"$TMP/crypto.err")
	rc=$?
	mods=$(echo $mods)
	result $rc "$k: the crypto enbkey needs is in its config (=m, for the initramfs: ${mods:-none})" "$TMP/crypto.err"
	# shellcheck disable=SC2086 # one word per module
	bash "$Q/mkinitramfs.sh" -o "$OUT/$name.cpio.gz" \
		--add "$TMP/enbkey-$k.ko:/lib/modules/enbkey.ko" \
		--add /usr/sbin/enbkeyctl:/usr/sbin/enbkeyctl \
		--add "$TMP/pkgprobe:/usr/bin/pkgprobe" \
		--add "$TMP/pkgprobe-static:/usr/bin/pkgprobe-static" \
		--add "$TMP/packages.env:/tests/packages.env" \
		--add "$(command -v jq):/usr/bin/jq" \
		--payload "$Q/packages-guest.sh" \
		${mods:+--modules "$k" $mods} \
		>"$LOG/$name-initramfs.log" 2>&1
	result $? "$k: initramfs with the packaged files" "$LOG/$name-initramfs.log"
	[ -f "$OUT/$name.cpio.gz" ] || return
	bash "$Q/boot.sh" --kernel "/boot/vmlinuz-$k" --initrd "$OUT/$name.cpio.gz" \
		--log "$LOG/$name-guest.log" --timeout 400 --append "oops=panic" >/dev/null 2>"$TMP/boot.err"
	rc=$?
	result $rc "$k: the guest ran to its end (exit $rc)" "$TMP/boot.err"
	[ -f "$LOG/$name-guest.log" ] || : >"$LOG/$name-guest.log"
	# The wall time of the guest includes the wait for boot.sh's lock.
	info "$k: the guest's uptime at its end: $(tr -d '\r' <"$LOG/$name-guest.log" |
		sed -nE 's/^\[ *([0-9]+)\.[0-9]+\].*/\1/p' | tail -n 1)s"
	ok=$(tr -d '\r' <"$LOG/$name-guest.log" | sed -n 's/^pkg-guest: ok - /ok - '"$k"': /p')
	notok=$(tr -d '\r' <"$LOG/$name-guest.log" | sed -n 's/^pkg-guest: not ok - /not ok - '"$k"': /p')
	[ -z "$ok" ] || { echo "$ok"; PASSED=$((PASSED + $(grep -c . <<<"$ok"))); }
	if [ -n "$notok" ]; then
		tr -d '\r' <"$LOG/$name-guest.log" | grep -A3 '^pkg-guest: not ok' | sed 's/^/#   /'
		echo "$notok"
		FAILED=$((FAILED + $(grep -c . <<<"$notok")))
	fi
	[ -n "$ok$notok" ] || result 1 "$k: the guest gave results" "$LOG/$name-guest.log"
	check "$k: no kernel report in the console log" bash "$Q/scan-log.sh" "$LOG/$name-guest.log"
}

for k in "${KERNELS[@]}"; do
	t=$(date +%s)
	if [[ " ${MODOK[*]} " == *" $k "* ]]; then
		boot_kernel "$k"
	else
		result 1 "$k: guest not booted: DKMS has no module for it"
	fi
	timing "guest-$k (with the wait for the QEMU lock)" "$t"
done

# --- 6. purge ---------------------------------------------------------------------------

# What the packages installed: their files, and their own directories.
for p in "${PACKAGES[@]}"; do
	dpkg -L "$p" 2>/dev/null
done | while read -r f; do
	if [ -d "$f" ] && [ ! -L "$f" ]; then
		case $f in "$SRC"*|/usr/share/doc/enbkey-*|/usr/share/doc/libenbkey-*) echo "$f" ;; esac
	else
		echo "$f"
	fi
done >"$TMP/owned"
info "the packages own $(wc -l <"$TMP/owned") files"

t=$(date +%s)
"${APT[@]}" purge "${PACKAGES[@]}" >"$LOG/packages-purge.log" 2>&1
result $? "apt-get purge ${PACKAGES[*]}" "$LOG/packages-purge.log"
timing purge "$t"
same "dpkg knows none of the packages any more" "" \
	"$(dpkg-query -W -f='${binary:Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null | awk '$2 != "un"')"
same "no /usr/src/enbkey-*" "" "$(ls -d /usr/src/enbkey-* 2>/dev/null)"
same "no DKMS entry for enbkey" "" "$(dkms status -m enbkey 2>/dev/null; ls -d /var/lib/dkms/enbkey 2>/dev/null)"
same "no enbkey.ko under /lib/modules" "" "$(find /lib/modules -name 'enbkey.ko*' 2>/dev/null)"
same "no modules.dep lists enbkey" "" "$(grep -l 'enbkey\.ko' /lib/modules/*/modules.dep 2>/dev/null)"
same "no file of the packages is left" "" \
	"$(while read -r f; do [ -e "$f" ] || [ -L "$f" ] && echo "$f"; done <"$TMP/owned")"
same "ldconfig has no libenbkey" "" "$(ldconfig -p | grep libenbkey)"
check "pkg-config has no libenbkey" sh -c '! pkg-config --exists libenbkey'

# Whatever a failed purge left: the host as this script found it.
[ "$FAILED" = 0 ] || purge_all >>"$LOG/packages-purge.log" 2>&1

summary
