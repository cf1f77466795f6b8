#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# debootstrap.sh - a Debian system built without root: debootstrap
# --foreign --variant=minbase as fake root, its second stage (dpkg
# unpacking and configuring ~90 packages, their maintainer scripts) in
# `uvmm --fakeroot --root` of that tree, then in the tree: apt-get, dpkg
# --audit, the setuid and setgid files root's, a package of ours installed
# with dpkg -i whose postinst adds a system user and gives it a directory,
# and chroot(8) into the tree in a session with a view and in one without
# (the lazy view).  Outside, every file is still the user's.
#
# It downloads about 40 MB from the Debian mirror ($UVMM_TEST_MIRROR,
# default http://deb.debian.org/debian) unless $UVMM_TEST_DEBCACHE names a
# directory with the .debs of an earlier run (debootstrap's --cache-dir,
# filled on the way); it is skipped when the mirror cannot be reached, and
# in a quick run (UVMM_TEST_QUICK=1: make distcheck in tools/test.sh).
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

test -z "${UVMM_TEST_QUICK:-}" ||
	skip_all "a quick run (UVMM_TEST_QUICK is set): about 2 minutes saved"
require debootstrap dpkg-deb wget
mirror=${UVMM_TEST_MIRROR:-http://deb.debian.org/debian}
suite=${UVMM_TEST_SUITE:-bookworm}
t_init
R=$T/root
DB=$T/fr.db
t_guard "$R" "$DB"
need_fakeroot
wget -q -T 15 -t 2 -O /dev/null "$mirror/dists/$suite/Release" ||
	skip_all "the mirror $mirror cannot be reached"
cache=
if [ -n "${UVMM_TEST_DEBCACHE:-}" ] && [ -d "$UVMM_TEST_DEBCACHE" ] &&
   [ -w "$UVMM_TEST_DEBCACHE" ]; then
	cache=--cache-dir=$(cd "$UVMM_TEST_DEBCACHE" && pwd -P)
fi
# debootstrap is in /usr/sbin, which a user's PATH may lack.
DEBOOTSTRAP=$(command -v debootstrap)
PATH=$PATH:/usr/sbin:/sbin
export PATH

# 1. The first stage: download, unpack, as fake root (it refuses a user).
# shellcheck disable=SC2086
capture uvmm --fakeroot="$DB" -- "$DEBOOTSTRAP" --foreign --variant=minbase \
	$cache "$suite" "$R" "$mirror"
check_rc "debootstrap --foreign as fake root" 0
if [ "$RC" != 0 ] || [ ! -x "$R/debootstrap/debootstrap" ]; then
	say "$ERR" | tail -n 20
	t_done
fi

# 2. The second stage, inside the tree: dpkg as root, maintainer scripts,
#    with /proc, /sys and /dev/pts mounted by debootstrap (emulated).
capture uvmm --fakeroot="$DB" --root="$R" -- /debootstrap/debootstrap \
	--second-stage
check_rc "debootstrap --second-stage in --fakeroot --root" 0
check_grep "the second stage ends with the base system installed" \
	"Base system installed successfully" "$OUT"
check_nogrep "the second stage gives no warning" "W: " "$OUT$ERR"
if [ "$RC" != 0 ]; then
	tail -n 30 "$R/debootstrap/debootstrap.log" 2>/dev/null
	t_done
fi

# 3. The system, seen from inside.
in_tree() {
	capture uvmm --fakeroot="$DB" --root="$R" -- /bin/sh -ec "$1"
}
in_tree 'apt-get --version | head -n 1 | cut -d" " -f1'
check_out "apt-get runs in the tree" 0 "apt"
in_tree 'dpkg --audit; dpkg-query -W -f="\${Status}\n" | sort -u'
check_out "dpkg --audit finds nothing, every package installed" 0 \
	"install ok installed"
in_tree 'ls -l /usr/bin/passwd /usr/bin/chage /bin/su |
	awk "{ print \$1, \$3, \$4, \$NF }"'
check_out "setuid and setgid files are root's, with their bits" 0 \
	"-rwsr-xr-x root root /bin/su
-rwxr-sr-x root shadow /usr/bin/chage
-rwsr-xr-x root root /usr/bin/passwd"
in_tree 'stat -c "%U:%G %a" /root /tmp /var/mail'
check_out "root's home, /tmp and /var/mail as dpkg and base-files left them" 0 \
	"root:root 700
root:root 1777
root:mail 2775"

# 4. dpkg -i of a package whose postinst makes a system user and gives it
#    a directory; the package's files are root's, one setuid.
mkdir -p "$T/pkg/DEBIAN" "$T/pkg/usr/bin" "$T/pkg/usr/share/uvmm-it"
printf '%s\n' 'Package: uvmm-it' 'Version: 1.0' 'Architecture: all' \
	'Maintainer: uvmm tests <uvmm-it@example.invalid>' \
	'Description: uvmm integration test package' >"$T/pkg/DEBIAN/control"
printf '%s\n' '#!/bin/sh' 'set -e' \
	'if [ "$1" = configure ]; then' \
	'	useradd --system --no-create-home uvmmit' \
	'	mkdir -p /var/lib/uvmm-it' \
	'	chown uvmmit:uvmmit /var/lib/uvmm-it' \
	'	chmod 750 /var/lib/uvmm-it' \
	'fi' >"$T/pkg/DEBIAN/postinst"
chmod 755 "$T/pkg/DEBIAN/postinst"
printf '#!/bin/sh\necho it\n' >"$T/pkg/usr/bin/uvmm-it"
chmod 4755 "$T/pkg/usr/bin/uvmm-it"
echo data >"$T/pkg/usr/share/uvmm-it/data"
capture uvmm --fakeroot -- dpkg-deb --root-owner-group --build "$T/pkg" \
	"$R/tmp/uvmm-it.deb"
check_rc "dpkg-deb --build of the test package" 0
in_tree 'dpkg -i /tmp/uvmm-it.deb >/dev/null
	uvmm-it
	ls -l /usr/bin/uvmm-it | awk "{ print \$1, \$3, \$4 }"
	stat -c "%U:%G %a" /var/lib/uvmm-it
	id -u uvmmit >/dev/null && echo user
	dpkg -s uvmm-it | grep "^Status"'
check_out "dpkg -i: files, setuid bit, the postinst's user and directory" 0 \
	"it
-rwsr-xr-x root root
uvmmit:uvmmit 750
user
Status: install ok installed"
capture uvmm --fakeroot="$DB" --root="$R" -- /bin/sh -c \
	'stat -c "%U %a" /var/lib/uvmm-it; dpkg -s uvmm-it >/dev/null && echo kept'
check_out "another session sees what the first one made" 0 "uvmmit 750
kept"

# 5. chroot(8) in a session with a view (here the identity one): the
#    process tree's root moves, the ownership database is the same.
capture uvmm --fakeroot="$DB" --bind=/ -- chroot "$R" /bin/sh -c \
	'stat -c "%U:%G" /usr/bin/chage /var/lib/uvmm-it; test -d /debootstrap || echo in'
check_out "chroot(8) into the tree under --fakeroot --bind=/" 0 \
	"root:shadow
uvmmit:uvmmit
in"

#    And in a plain fake-root session, with no view option: chroot(2)
#    wakes the session's lazy view (what debootstrap's own second stage
#    does when it is not --foreign).
capture uvmm --fakeroot="$DB" -- chroot "$R" /bin/sh -c \
	'stat -c "%U:%G" /usr/bin/chage /var/lib/uvmm-it; dpkg --audit; test -d /debootstrap || echo in'
check_out "chroot(8) into the tree under a plain --fakeroot" 0 \
	"root:shadow
uvmmit:uvmmit
in"

# 6. Outside, nothing changed owner.
check_real_owner "the tree's files are still ours, really" "$R/usr/bin/passwd" \
	"$R/usr/bin/chage" "$R/var/lib/uvmm-it" "$R/usr/bin/uvmm-it"
t_done
