#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# install.sh SRC DIR - make install of the built tree SRC into DIR (as
# DESTDIR), then look at it as a user of the install would: the programs,
# headers where a plugin or a tracer includes them ($includedir/uvmm/,
# not include/include/), man pages that say their version, a pkg-config
# file against which doc/examples/utstrace.c builds and runs, and the
# installed wrappers finding the installed uvmm.  Run by tools/test.sh.
set -u
src=${1:?SRC}
dir=${2:?DIR}
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
no() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }

case $dir in
/tmp/uvmm-*) ;;
*) echo "refusing to install into $dir"; exit 99 ;;
esac
make -s -C "$src" install DESTDIR="$dir/d" >"$dir/install.log" 2>&1 ||
	{ cat "$dir/install.log"; echo "make install failed"; exit 99; }
prefix=$(sed -n 's/^prefix=//p' "$src/lib/utrace.pc")
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$src/config.h")
p=$dir/d$prefix

for b in uvmm uvmm-fakeroot uvmm-proot; do
	check "bin/$b is installed, executable" "test -x '$p/bin/$b'"
done
check "uvmm/plugin.h is in \$includedir/uvmm" "test -f '$p/include/uvmm/plugin.h'"
check "no include/include" "test ! -e '$p/include/include'"
check "utrace.h is in \$includedir" "test -f '$p/include/utrace.h'"
for m in uvmm uvmm-fakeroot uvmm-proot; do
	check "man1/$m.1 says the version" \
		"grep -q '\"uvmm $version\"' '$p/share/man/man1/$m.1' && ! grep -q '@VERSION@' '$p/share/man/man1/$m.1'"
done
check "the pkg-config file says where and what" \
	"grep -qx 'Version: $version' '$p/lib/pkgconfig/utrace.pc'"

# A tracer built as its user would, from the install alone.
if cflags=$(PKG_CONFIG_SYSROOT_DIR=$dir/d PKG_CONFIG_LIBDIR=$p/lib/pkgconfig \
	pkg-config --cflags --libs utrace 2>&1); then
	ok "pkg-config knows utrace"
else
	no "pkg-config knows utrace"
	echo "$cflags"
fi
# shellcheck disable=SC2086 # the flags are words
if ${CC:-cc} -o "$dir/utstrace" "$src/doc/examples/utstrace.c" $cflags \
	>"$dir/cc.log" 2>&1; then
	ok "utstrace.c builds against the installed pkg-config file"
	out=$(LD_LIBRARY_PATH=$p/lib "$dir/utstrace" -e execve -- true 2>&1)
	case $out in
	*execve*) ok "the installed library traces" ;;
	*) no "the installed library traces"; echo "$out" ;;
	esac
else
	no "utstrace.c builds against the installed pkg-config file"
	cat "$dir/cc.log"
fi

# The installed wrappers run the installed monitor.
out=$("$p/bin/uvmm-fakeroot" -- id -u 2>&1)
check "installed uvmm-fakeroot runs" "test '$out' = 0"
out=$("$p/bin/uvmm-proot" -0 -- id -u 2>&1)
check "installed uvmm-proot runs" "test '$out' = 0"

echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
