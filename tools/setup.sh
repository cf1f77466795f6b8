#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install the build dependencies (Debian 12) and build uvmm in place.
set -eu
cd "$(dirname "$0")/.."

DEPS="build-essential autoconf automake libtool pkg-config check libsqlite3-dev
git fakeroot cpio dpkg-dev libcap2-bin sqlite3
strace curl python3 linux-image-amd64 linux-headers-amd64 qemu-system-x86 busybox-static
golang-github-containers-common gdb debootstrap wget"

missing=""
for p in $DEPS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure ${CONFIGURE_FLAGS:-}
make -j"$(nproc)"
