# SPDX-License-Identifier: GPL-2.0-only
# fakeroot-wrapper.sh - uvmm-fakeroot, fakeroot's command line on uvmm:
# the command with or without --, $SHELL without one, FAKEROOTKEY set, -u
# (unknown files keep their real owner), -s/-i save files in fakeroot's own
# format, read and written both ways with the real fakeroot, and
# dpkg-buildpackage -r<wrapper> building a package whose files are root's.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require stat
t_init
mkdir w || hard_error "mkdir w"
t_guard "$T/w" "$T/save" "$T/fsave"
need_fakeroot
W=$UVMM_FAKEROOT
if [ ! -x "$W" ]; then
	fail "uvmm-fakeroot is built" "an executable $W" "nothing"
	t_done
fi

# wr SCRIPT [OPTION...]: SCRIPT by sh -e in $T under the wrapper.
wr() {
	it_s=$1
	shift
	capture timeout -k 10 "$IT_TIMEOUT" "$W" "$@" -- sh -ec "$IN_T$it_s"
}

# The command line.
capture timeout -k 10 "$IT_TIMEOUT" "$W" -- id -u
check_out "uvmm-fakeroot -- id -u" 0 0
capture timeout -k 10 "$IT_TIMEOUT" "$W" id -u
check_out "uvmm-fakeroot id -u (no --)" 0 0
capture timeout -k 10 "$IT_TIMEOUT" "$W" sh -c 'printf "[%s]" "$@"' sh 'a b' '' -s
check_out "the command's arguments are its own" 0 "[a b][][-s]"
capture timeout -k 10 "$IT_TIMEOUT" "$W" -- sh -c 'exit 7'
check_rc "the command's exit status" 7
printf 'id -u\nid -g\n' >"$T/.lib/cmds"
SHELL=/bin/sh IT_STDIN=$T/.lib/cmds capture timeout -k 10 "$IT_TIMEOUT" "$W"
check_out "no command: \$SHELL reads the commands" 0 "0
0"
wr 'test -n "$FAKEROOTKEY" && echo set'
check_out "FAKEROOTKEY is set for the command" 0 set
wr 'touch w/n; chown 5:6 w/n; stat -c "%u %g" w/n'
check_out "chown under the wrapper" 0 "5 6"
check_real_owner "not applied to the real file" w/n

# -u: files the session does not know keep their real owner.  As root our
# own files are 0:0 already, so give the file another real owner first.
: >w/pre
if [ "$ME_UID" = 0 ]; then
	chown 4242:4343 w/pre
fi
real=$(stat -c '%u %g' w/pre)
wr 'stat -c "%u %g" w/pre'
if [ "$ME_UID" = 0 ]; then
	check_out "without -u another user's file shows its real owner, as root sees it" 0 "4242 4343"
else
	check_out "without -u the user's own unknown file is root's" 0 "0 0"
fi
# A system file keeps its owner and group (root:shadow): what cp -a and
# tar copy into a package.
if [ -e /etc/shadow ]; then
	capture "$W" -- stat -c %u:%g /etc/shadow
	check_out "a system file keeps its real owner and group" 0 \
		"$(stat -c %u:%g /etc/shadow)"
fi
wr 'stat -c "%u %g" w/pre; touch w/new; chown 8:9 w/new; stat -c "%u %g" w/new' -u
check_out "with -u an unknown file keeps its real owner ($real)" 0 "$real
8 9"
capture timeout -k 10 "$IT_TIMEOUT" "$W" --unknown-is-real -- stat -c '%u %g' w/pre
check_out "--unknown-is-real is -u" 0 "$real"

# -s: a save file in fakeroot's format; -i reads it back.
wr 'touch w/f w/g; chown 1234:5678 w/f; chmod 4755 w/f; mknod w/c c 1 3; mknod w/b b 8 1; mkdir w/d; chown 21:22 w/d' \
	-s "$T/save"
check_rc "a session with -s" 0
bad=$(grep -v -E '^dev=[0-9a-f]+,ino=[0-9]+,mode=[0-7]+,uid=[0-9]+,gid=[0-9]+,nlink=[0-9]+,rdev=[0-9]+$' "$T/save" 2>&1)
check "every line of the save file is fakeroot's" "" "$bad"
ino=$(stat -c %i w/f)
check_grep "the save file has w/f" ",ino=$ino,mode=104755,uid=1234,gid=5678,nlink=1,rdev=0" "$(cat "$T/save" 2>&1)"
ino=$(stat -c %i w/c)
check_grep "the save file has the device w/c (rdev as fakeroot writes it)" \
	",ino=$ino,mode=20644,uid=0,gid=0,nlink=1,rdev=259" "$(cat "$T/save" 2>&1)"
wr 'stat -c "%n %u %g %a %F %t %T" w/f w/c w/b w/d' -i "$T/save"
check_out "-i loads our own save file" 0 "w/f 1234 5678 4755 regular empty file 0 0
w/c 0 0 644 character special file 1 3
w/b 0 0 644 block special file 8 1
w/d 21 22 755 directory 0 0"
wr 'chown 1:2 w/g; chown 3:4 w/f' -i "$T/save" -s "$T/save"
wr 'stat -c "%n %u %g %F" w/f w/g w/c' -i "$T/save"
check_out "-i F -s F updates the save file, keeping the rest" 0 "w/f 3 4 regular empty file
w/g 1 2 regular empty file
w/c 0 0 character special file"

# Both ways with the real fakeroot (told not to try real chowns as root).
if have fakeroot; then
	capture env FAKEROOTDONTTRYCHOWN=1 fakeroot -i "$T/save" -- \
		stat -c '%n %u %g %F %t %T' w/f w/g w/c w/b w/d
	check_out "fakeroot -i reads our save file" 0 "w/f 3 4 regular empty file 0 0
w/g 1 2 regular empty file 0 0
w/c 0 0 character special file 1 3
w/b 0 0 block special file 8 1
w/d 21 22 directory 0 0"
	capture env FAKEROOTDONTTRYCHOWN=1 fakeroot -s "$T/fsave" -- sh -ec '
		cd "$T"; touch w/ff; chown 4321:8765 w/ff; chmod 2751 w/ff
		mknod w/fc c 5 1; mkdir w/fd; chown 31:32 w/fd'
	check_rc "fakeroot -s writes a save file" 0
	wr 'stat -c "%n %u %g %a %F %t %T" w/ff w/fc w/fd' -i "$T/fsave"
	check_out "-i reads fakeroot's save file" 0 "w/ff 4321 8765 2751 regular empty file 0 0
w/fc 0 0 644 character special file 5 1
w/fd 31 32 755 directory 0 0"
	wr 'chown 41:42 w/ff' -i "$T/fsave" -s "$T/fsave"
	capture env FAKEROOTDONTTRYCHOWN=1 fakeroot -i "$T/fsave" -- \
		stat -c '%n %u %g %F' w/ff w/fc
	check_out "fakeroot reads it back after our -i/-s round trip" 0 "w/ff 41 42 regular empty file
w/fc 0 0 character special file"
else
	skip_part "fakeroot is not installed: no save file exchange with it"
fi
check_real_owner "the real files are still ours" w/f w/g w/c w/b w/d

# dpkg-buildpackage -r<wrapper>: debian/rules binary runs as fake root.
if have dpkg-buildpackage && have dpkg-deb; then
	src=$T/w/uvmm-it-1.0
	t_guard "$src"
	mkdir -p "$src/debian/source"
	echo '3.0 (native)' >"$src/debian/source/format"
	cat >"$src/debian/control" <<'EOF'
Source: uvmm-it
Section: misc
Priority: optional
Maintainer: uvmm tests <uvmm-it@example.invalid>
Rules-Requires-Root: binary-targets
Standards-Version: 4.6.2

Package: uvmm-it
Architecture: all
Description: uvmm integration test package
 Built by tests/integration/fakeroot-wrapper.sh.
EOF
	cat >"$src/debian/changelog" <<'EOF'
uvmm-it (1.0) unstable; urgency=medium

  * Test package.

 -- uvmm tests <uvmm-it@example.invalid>  Thu, 01 Jan 2015 00:00:00 +0000
EOF
	# A makefile: recipe lines start with a tab.
	printf '%s\n' '#!/usr/bin/make -f' \
		'build build-arch build-indep:' \
		'clean:' \
		'	rm -rf debian/tmp debian/files' \
		'binary binary-arch binary-indep:' \
		'	test "$$(id -u)" = 0' \
		'	test -n "$$FAKEROOTKEY"' \
		'	rm -rf debian/tmp' \
		'	mkdir -p debian/tmp/DEBIAN debian/tmp/usr/bin debian/tmp/var/lib/uvmm-it' \
		'	printf "#!/bin/sh\necho hi\n" > debian/tmp/usr/bin/uvmm-it' \
		'	chown -R root:root debian/tmp' \
		'	chmod 4755 debian/tmp/usr/bin/uvmm-it' \
		'	chown 1234:5678 debian/tmp/var/lib/uvmm-it' \
		'	mkdir -p debian/tmp/srv/shared' \
		'	chown root:50 debian/tmp/srv/shared' \
		'	chmod 2775 debian/tmp/srv/shared' \
		'	mknod debian/tmp/srv/null c 1 3' \
		'	dpkg-gencontrol -Pdebian/tmp' \
		'	dpkg-deb --build debian/tmp ..' >"$src/debian/rules"
	chmod 755 "$src/debian/rules"
	capture sh -c 'cd "$1" && timeout -k 10 "$2" dpkg-buildpackage -b -us -uc -d -r"$3"' \
		sh "$src" "$IT_TIMEOUT" "$W"
	check_rc "dpkg-buildpackage -r$W" 0
	deb=$T/w/uvmm-it_1.0_all.deb
	capture sh -c 'dpkg-deb -c "$1" | awk "{ print \$1, \$2, \$NF }"' sh "$deb"
	check_out "the .deb: root's files, a setuid file, a setgid directory, a device" 0 \
		"drwxr-xr-x root/root ./
drwxr-xr-x root/root ./srv/
crw-r--r-- root/root ./srv/null
drwxrwsr-x root/staff ./srv/shared/
drwxr-xr-x root/root ./usr/
drwxr-xr-x root/root ./usr/bin/
-rwsr-xr-x root/root ./usr/bin/uvmm-it
drwxr-xr-x root/root ./var/
drwxr-xr-x root/root ./var/lib/
drwxr-xr-x 1234/5678 ./var/lib/uvmm-it/"
	check_real_owner "debian/tmp still ours" "$src/debian/tmp/usr/bin/uvmm-it" \
		"$src/debian/tmp/var/lib/uvmm-it"
	# fakeroot(1) building the same: the same .deb, byte for byte (the
	# time stamps are the changelog's, SOURCE_DATE_EPOCH).
	if have fakeroot; then
		mv "$deb" "$T/w/uvmm.deb" || hard_error "mv"
		capture sh -c 'cd "$1" && dpkg-buildpackage -b -us -uc -d -rfakeroot' sh "$src"
		check_rc "dpkg-buildpackage -rfakeroot" 0
		check "the .deb is fakeroot's, byte for byte" same \
			"$(cmp "$deb" "$T/w/uvmm.deb" >/dev/null 2>&1 && echo same || cmp "$deb" "$T/w/uvmm.deb" 2>&1)"
	fi
else
	skip_part "dpkg-buildpackage (dpkg-dev) is not installed"
fi

# -i of a file that is not there yet: a warning, and the session runs.
capture "$W" -i "$T/no-such-save" -- sh -c 'id -u'
check_out "-i of a missing file: the command runs" 0 "0"
check_grep "... after a warning naming it" "$T/no-such-save" "$ERR"

# -d DB: a database later sessions share.
echo x >"$T/dbf"
capture "$W" -d "$T/sess.db" -- chown 4321:8765 "$T/dbf"
check_rc "-d DB: a session records into DB" 0
capture "$W" --db "$T/sess.db" -- stat -c %u:%g "$T/dbf"
check_out "--db DB: a later session sees it" 0 "4321:8765"
check_real_owner "-d DB: the real file is still ours" "$T/dbf"

# Under a real fakeroot (its library preloaded, its key set): this
# session replaces it rather than waiting for a faked that is not there.
if have fakeroot; then
	capture timeout -k 5 60 fakeroot "$W" -- sh -c 'id -u; touch "$T/fr"; chown 7 "$T/fr"; stat -c %u "$T/fr"'
	check_out "uvmm-fakeroot under fakeroot: works, does not hang" 0 "0
7"
else
	skip_part "fakeroot is not installed"
fi

t_done
