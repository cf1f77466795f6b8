# SPDX-License-Identifier: GPL-2.0-only
# fakeroot-static.sh - a static binary under uvmm --fakeroot, where an
# LD_PRELOAD fakeroot sees nothing: its ids, stat, chown, chmod, mknod,
# xattrs and access are faked like a dynamic program's, the records are
# shared with dynamic programs of the same session both ways, fake ids set
# in it survive exec into a dynamic program, its threads work.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require stat
t_init
build_probe_static
mkdir w || hard_error "mkdir w"
t_guard "$T/w" "$T/probe" "$T/probe-static"
need_fakeroot
S=$T/probe-static

# It really is static: no program interpreter.
if have readelf; then
	capture sh -c 'readelf -l "$1" | grep -c INTERP' sh "$S"
	check_out "probe-static has no ELF interpreter" 1 0
fi
# What an LD_PRELOAD fakeroot makes of it (for the log, not a check).
if have fakeroot; then
	say "# for comparison, fakeroot $S ids: $(fakeroot "$S" ids 2>&1)"
fi

fr './probe-static ids'
check_out "static: ids are 0" 0 "ids: uid=0,0,0 gid=0,0,0"
fr './probe-static ids' --fakeroot --uid 1000 --gid 1001
check_out "static: --uid 1000 --gid 1001" 0 "ids: uid=1000,1000,1000 gid=1001,1001,1001"

fr './probe-static creat w/f creat w/g creat w/h creat w/i stat w/f
./probe-static chown w/f 1234 5678 fchown w/g 1 2 fchownat w/h 3 4 chmod w/f 4755 fchmodat2 w/g 2711
./probe-static mknod w/c c 240 3 640 mknodat w/b b 8 1 600
./probe-static stat w/f stat w/g stat w/h stat w/c stat w/b'
check_out "static: create, chown, chmod, mknod, every stat entry point" 0 \
	"creat w/f: ok
creat w/g: ok
creat w/h: ok
creat w/i: ok
w/f: uid=0 gid=0 mode=100644 rdev=0,0 nlink=1
chown w/f: ok
fchown w/g: ok
fchownat w/h: ok
chmod w/f: ok
fchmodat2 w/g: ok
mknod w/c: ok
mknodat w/b: ok
w/f: uid=1234 gid=5678 mode=104755 rdev=0,0 nlink=1
w/g: uid=1 gid=2 mode=102711 rdev=0,0 nlink=1
w/h: uid=3 gid=4 mode=100644 rdev=0,0 nlink=1
w/c: uid=0 gid=0 mode=20640 rdev=240,3 nlink=1
w/b: uid=0 gid=0 mode=60600 rdev=8,1 nlink=1"
check_real_owner "static: nothing applied to the real files" w/f w/g w/h w/c w/b
capture stat -c %F w/c
check_out "static: the device is a socket outside uvmm" 0 "socket"

: >w/noperm
chmod 000 w/noperm
fr './probe-static access w/noperm rw faccessat2 w/noperm x setxattr w/i trusted.uvmm-it v getxattr w/i trusted.uvmm-it'
check_out "static: access with root's rules, a trusted xattr" 0 \
	"access w/noperm rw: ok
faccessat2 w/noperm x: EACCES
setxattr w/i trusted.uvmm-it: ok
getxattr w/i trusted.uvmm-it: v"

# Static and dynamic programs share the session's records.
fr 'touch w/s w/d; ./probe-static chown w/s 12 34 >/dev/null; stat -c "%u %g" w/s
chown 56:78 w/d; mknod w/dc c 4 5; ./probe-static stat w/d stat w/dc'
check_out "static writes, dynamic reads; and back" 0 "12 34
w/d: uid=56 gid=78 mode=100644 rdev=0,0 nlink=1
w/dc: uid=0 gid=0 mode=20644 rdev=4,5 nlink=1"

fr './probe-static setgroups 7 setgid 99 setuid 1234 exec sh -c "id -u; id -g; id -G; ./probe-static ids"'
check_out "static setuid, then exec of dynamic and static programs" 0 \
	"setgroups 7: ok
setgid 99: ok
setuid 1234: ok
1234
99
99 7
ids: uid=1234,1234,1234 gid=99,99,99"
fr './probe-static setuid 4321 fork ids'
check_out "static fork: the child inherits" 0 "setuid 4321: ok
ids: uid=4321,4321,4321 gid=0,0,0"

fr './probe-static threads 16 w/th; stat -c "%n %u %g" w/th.0 w/th.15'
check_out "static threads chown and stat concurrently" 0 "threads 16: ok
w/th.0 2000 3000
w/th.15 2015 3015"

t_done
