# SPDX-License-Identifier: GPL-2.0-only
# fakeroot-files.sh - what uvmm --fakeroot remembers about files: owners
# (chown, fchown, lchown, fchownat), modes with the bits a user cannot set
# (chmod, fchmod, fchmodat, fchmodat2), device nodes (mknod: a socket in
# its place, the faked type and rdev reported), xattrs a user cannot set
# (trusted.*, security.*, setcap's security.capability); all reported by
# every stat entry point and by ls/stat/find, access() with root's rules;
# the records follow hard links and renames and die with the last unlink.
# Nothing is applied to the real files: outside uvmm they still belong to
# us, devices are sockets, and files carry no such xattrs.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require stat ls find
t_init
build_probe
mkdir w || hard_error "mkdir w"
t_guard "$T/w" "$T/probe"
need_fakeroot
P=$T/probe

# on_backends DESC SCRIPT EXPECTED: SCRIPT as the fake root on each
# backend and in a view, each giving EXPECTED on stdout.
on_backends() {
	ob_desc=$1 ob_s=$2 ob_out=$3
	for ob_b in default ptrace view; do
		case $ob_b in
		default) set -- --fakeroot ;;
		ptrace) set -- --fakeroot --backend=ptrace ;;
		view) set -- --fakeroot --bind="$T:$T" ;;
		esac
		fr "$ob_s" "$@"
		check_out "$ob_desc (backend $ob_b)" 0 "$ob_out"
	done
}

# Files made by the fake root are root's; files we made before, too.
: >w/pre
fr 'mkdir w/d; : > w/f; stat -c "%u %g %a %F" w/d w/f w/pre; ls -ln w/pre | cut -d" " -f3,4'
check_out "new files and dirs are 0:0; so is a file made outside" 0 \
	"0 0 755 directory
0 0 644 regular empty file
0 0 644 regular empty file
0 0"

# chown by each entry point; each stat entry point reports it.
fr ': > w/a; : > w/b; : > w/c; : > w/e; ln -s a w/s
./probe chown w/a 1001 2001 lchown w/b 1002 2002 fchown w/c 1003 2003 fchownat w/e 1004 2004 lchown w/s 1005 2005
./probe stat w/a stat w/b stat w/c stat w/e lstat w/s stat w/s'
check_out "chown/lchown/fchown/fchownat, seen by stat/lstat/fstat/newfstatat/statx" 0 \
	"chown w/a: ok
lchown w/b: ok
fchown w/c: ok
fchownat w/e: ok
lchown w/s: ok
w/a: uid=1001 gid=2001 mode=100644 rdev=0,0 nlink=1
w/b: uid=1002 gid=2002 mode=100644 rdev=0,0 nlink=1
w/c: uid=1003 gid=2003 mode=100644 rdev=0,0 nlink=1
w/e: uid=1004 gid=2004 mode=100644 rdev=0,0 nlink=1
w/s: uid=1005 gid=2005 mode=120777 rdev=0,0 nlink=1
w/s: uid=1001 gid=2001 mode=100644 rdev=0,0 nlink=1"
check_real_owner "chown is not applied to the real files" w/a w/b w/c w/e

fr ': > w/g; chown 1234:5678 w/g; ./probe chown w/g -1 77 >/dev/null
stat -c "%u %g" w/g; chown 88 w/g; stat -c "%u %g" w/g; chown :99 w/g; stat -c "%u %g" w/g
chown root:root w/g; ls -l w/g | cut -d" " -f3,4; find w/g -printf "%U %G %u %g\n"'
check_out "chown with -1, uid only, group only, names; ls, find" 0 "1234 77
88 77
88 99
root root
0 0 root root"

fr 'mkdir -p w/t/a/b; : > w/t/a/b/c; : > w/t/x; ln -s x w/t/l; chown -R 1234:5678 w/t
find w/t -printf "%U:%G %p\n" | sort'
check_out "chown -R" 0 "1234:5678 w/t
1234:5678 w/t/a
1234:5678 w/t/a/b
1234:5678 w/t/a/b/c
1234:5678 w/t/l
1234:5678 w/t/x"

# Modes a user cannot set for real: setgid for a group we are not in, on
# files root owns; each chmod entry point.
fr ': > w/m1; : > w/m2; : > w/m3; : > w/m4; mkdir w/md
chmod 4755 w/m1; chown 0:4321 w/m2; chmod 2755 w/m2
./probe fchmod w/m3 6711 fchmodat w/m4 1700 fchmodat2 w/md 3777
stat -c "%a %A %n" w/m1 w/m2 w/m3 w/m4 w/md; ./probe stat w/m2'
check_out "chmod/fchmod/fchmodat/fchmodat2 with suid, sgid, sticky" 0 \
	"fchmod w/m3: ok
fchmodat w/m4: ok
fchmodat2 w/md: ok
4755 -rwsr-xr-x w/m1
2755 -rwxr-sr-x w/m2
6711 -rws--s--x w/m3
1700 -rwx-----T w/m4
3777 drwxrwsrwt w/md
w/m2: uid=0 gid=4321 mode=102755 rdev=0,0 nlink=1"
check_real_owner "chmod's files still ours" w/m1 w/m2 w/m3 w/m4 w/md

# The kernel's rules on the way: S_ISGID by a caller outside the file's
# group and without CAP_FSETID is dropped silently; fchmod and fchown of
# an O_PATH fd are EBADF.
fr ': > w/g1; : > w/g2; chown 7:4321 w/g1 w/g2; chmod 2755 w/g2
./probe setgroups 7 setresgid 7 7 7 setresuid 7 7 7 chmod w/g1 2755
stat -c "%a %n" w/g1 w/g2'
check_out "chmod g+s by a non-member of the group drops S_ISGID" 0 "setgroups 7: ok
setresgid 7 7 7: ok
setresuid 7 7 7: ok
chmod w/g1: ok
755 w/g1
2755 w/g2"
fr ': > w/op; ./probe pfchmod w/op 600 pfchown w/op 1 1'
check_out "fchmod, fchown of an O_PATH fd: EBADF" 0 "pfchmod w/op: EBADF
pfchown w/op: EBADF"

# Linux clears setuid, and setgid with group-exec, when a file changes
# owner, for root too (since 2.2.13); not on directories.
fr 'touch w/s1 w/s2 w/s3; mkdir w/s4; chmod 6755 w/s1; chmod 2644 w/s2; chmod 4644 w/s3; chmod 6755 w/s4
chown 1:2 w/s1 w/s2 w/s3 w/s4; stat -c "%n %a" w/s1 w/s2 w/s3 w/s4'
check_out "chown clears setuid/setgid as the kernel does" 0 "w/s1 755
w/s2 2644
w/s3 644
w/s4 6755"

# access() with root's rules: read and write whatever the mode, execute
# only with some x bit, search any directory.  The files really have no
# permission bits, so the kernel alone would refuse an unprivileged user.
: >w/noperm
chmod 000 w/noperm
printf '#!/bin/sh\n' >w/xonly
chmod 100 w/xonly
mkdir w/nodir
chmod 000 w/nodir
fr './probe access w/noperm rw access w/noperm x faccessat w/noperm rw faccessat2 w/noperm rw faccessat2 w/noperm x
./probe access w/xonly x faccessat2 w/xonly rwx access w/nodir rwx faccessat2 w/nodir x
if test -r w/noperm && test -w w/noperm && ! test -x w/noperm; then echo test ok; fi'
check_out "access/faccessat/faccessat2 with root's rules" 0 \
	"access w/noperm rw: ok
access w/noperm x: EACCES
faccessat w/noperm rw: ok
faccessat2 w/noperm rw: ok
faccessat2 w/noperm x: EACCES
access w/xonly x: ok
faccessat2 w/xonly rwx: ok
access w/nodir rwx: ok
faccessat2 w/nodir x: ok
test ok"
# With notification the monitor answers them itself: no ptrace stop (on
# the ptrace backend the kernel answers and the exit is revisited).
if [ "${UVMM_BACKEND:-notify}" = notify ]; then
	capture uvmm --fakeroot --stats="$T/access.stats" -- \
		./probe access w/noperm rw faccessat2 w/nodir x
	check "access, faccessat2: by notification, no ptrace stop" \
		"access 1 0 faccessat2 1 0" \
		"$(awk '$1 == "access" || $1 == "faccessat2" {
			print $1, ($2 > 0), ($3 > 0) }' "$T/access.stats" |
			tr '\n' ' ' | sed 's/ $//')"
fi
chmod 755 w/nodir

# Device nodes: a socket in place, the faked type and rdev reported.
fr 'mknod w/c0 c 1 3; mknod w/b0 b 8 1; mknod -m 600 w/c1 c 4 64; ./probe mknod w/c2 c 10 200 640 mknodat w/b2 b 259 65536 660 # umask 022
stat -c "%F %t %T %a %u %g" w/c0 w/b0 w/c1; ./probe stat w/c2 stat w/b2
ls -l w/c0 w/b0 | cut -c1,1; ls -ln w/c0 | tr -s " " | cut -d" " -f5,6'
check_out "mknod: character and block devices as root sees them" 0 \
	"mknod w/c2: ok
mknodat w/b2: ok
character special file 1 3 644 0 0
block special file 8 1 644 0 0
character special file 4 40 600 0 0
w/c2: uid=0 gid=0 mode=20640 rdev=10,200 nlink=1
w/b2: uid=0 gid=0 mode=60640 rdev=259,65536 nlink=1
b
c
1, 3"
capture stat -c '%F %s %u:%g' w/c0 w/b0 w/c1 w/c2 w/b2
check_out "outside uvmm a pseudo device is an empty file, the others sockets" 0 \
	"regular empty file 0 $ME_UID:$ME_GID
socket 0 $ME_UID:$ME_GID
socket 0 $ME_UID:$ME_GID
socket 0 $ME_UID:$ME_GID
socket 0 $ME_UID:$ME_GID"

# Such a node behaves as a device: calls that follow the name (stat -L,
# chown, chmod, cp -a's times and ACL) reach it and nothing else, user.*
# xattrs are refused, it has no link text.  Opened, it is a device with no driver (ENXIO); in a
# view the pseudo devices (c 1 3 and c 1 5 here) open the host's own,
# without one they are files that take what is written.
dev_s='mknod w/n c 1 3; mknod w/z c 1 5; mknod w/x c 240 7
chown 5:6 w/n; chmod 600 w/n; stat -L -c "%F %t %T %u %g %a %s" w/n w/x; ls -ln w/n | cut -c1-10
cp -a w/n w/n2; stat -c "%F %t %T %u %g %a" w/n2
./probe setxattr w/n user.a 1 setxattr w/x user.a 1
readlink w/n || echo "readlink: not a link"
stat -c "%u %g %a" /dev/null
cat w/x 2>/dev/null || echo "cat w/x: refused"'
dev_out="character special file 1 3 5 6 600 0
character special file f0 7 0 0 644 0
crw-------
character special file 1 3 5 6 600
setxattr w/n user.a: EPERM
setxattr w/x user.a: EPERM
readlink: not a link
0 0 666
cat w/x: refused"
fr "$dev_s"'
echo hi > w/n; cat w/n; rm w/n w/n2 w/z w/x'
check_out "a device made in the session is a device with no driver" 0 \
	"$dev_out
hi"
fr "$dev_s"'
echo hi > w/n; wc -c < w/n; head -c 3 w/z | od -An -tx1; rm w/n w/n2 w/z w/x' \
	--fakeroot --bind="$T:$T"
check_out "in a view, the pseudo devices made in the session open the host's" 0 \
	"$dev_out
0
 00 00 00"
fr "$dev_s"'
echo hi > w/n; wc -c < w/n; head -c 3 w/z | od -An -tx1; rm w/n w/n2 w/z w/x' \
	--fakeroot --bind="$T:$T" --backend=ptrace
check_out "... and on the ptrace backend" 0 \
	"$dev_out
0
 00 00 00"

fr 'mknod w/c3 c 1 5; chown 12:34 w/c3; chmod 666 w/c3; mv w/c3 w/c4; stat -c "%F %t %T %a %u %g" w/c4
rm w/c4; : > w/c4; stat -c "%F %a %u %g" w/c4'
check_out "a device keeps its type through chown, chmod, rename; not after rm" 0 \
	"character special file 1 5 666 12 34
regular empty file 644 0 0"

fr 'mkfifo w/fifo; mknod w/p0 p; stat -c "%F %u %g" w/fifo w/p0'
check_out "fifos" 0 "fifo 0 0
fifo 0 0"

# More names than fit in 4 KiB (300 x 43 bytes): all listed.
fr ': > w/many; ./probe manyxattrs w/many 300'
check_out "300 faked xattr names (13 KB) are all listed" 0 \
	"manyxattrs w/many: 300 of ours"

# Xattrs a user cannot set.
fr ': > w/x; ./probe setxattr w/x trusted.uvmm-it one setxattr w/x security.uvmm-it two fsetxattr w/x trusted.uvmm-fd three
./probe getxattr w/x trusted.uvmm-it getxattr w/x security.uvmm-it getxattr w/x trusted.uvmm-fd
./probe listxattr w/x | sed "s/^listxattr w.x: //" | tr , "\n" | sed -n "/uvmm-/p" | sort
./probe removexattr w/x trusted.uvmm-fd getxattr w/x trusted.uvmm-fd'
check_out "trusted.* and security.* xattrs set, read, listed, removed" 0 \
	"setxattr w/x trusted.uvmm-it: ok
setxattr w/x security.uvmm-it: ok
fsetxattr w/x trusted.uvmm-fd: ok
getxattr w/x trusted.uvmm-it: one
getxattr w/x security.uvmm-it: two
getxattr w/x trusted.uvmm-fd: three
security.uvmm-it
trusted.uvmm-fd
trusted.uvmm-it
removexattr w/x trusted.uvmm-fd: ok
getxattr w/x trusted.uvmm-fd: ENODATA"
capture "$P" getxattr w/x trusted.uvmm-it getxattr w/x security.uvmm-it
check_out "outside uvmm the real file has none of them" 0 \
	"getxattr w/x trusted.uvmm-it: ENODATA
getxattr w/x security.uvmm-it: ENODATA"

if have setcap && have getcap; then
	: >w/cap
	: >w/capx
	fr 'setcap cap_net_raw+ep w/cap; getcap w/cap
setcap cap_sys_nice=eip w/capx; ln w/capx w/cap2; mv w/capx w/cap3; getcap w/cap2 w/cap3'
	check_out "setcap/getcap, through a hard link and a rename" 0 \
		"w/cap cap_net_raw=ep
w/cap2 cap_sys_nice=eip
w/cap3 cap_sys_nice=eip"
	capture getcap w/cap
	check_out "outside uvmm getcap sees no capability" 0 ""
	capture "$P" getxattr w/cap security.capability
	check_out "outside uvmm no security.capability" 0 \
		"getxattr w/cap security.capability: ENODATA"
else
	skip_part "setcap/getcap (libcap2-bin) are not installed"
fi

# Hard links, renames, unlink.
fr ': > w/h1; chown 1234:5678 w/h1; ln w/h1 w/h2; stat -c "%u %g %h" w/h2
chown 11:12 w/h2; stat -c "%u %g" w/h1; rm w/h1; stat -c "%u %g %h" w/h2'
check_out "a hard link shares the record; it survives the other name's unlink" 0 \
	"1234 5678 2
11 12
11 12 1"

fr ': > w/r1; chown 1234:5678 w/r1; chmod 4711 w/r1; mv w/r1 w/r2; stat -c "%u %g %a" w/r2
: > w/r3; chown 9:9 w/r3; : > w/r4; chown 7:8 w/r4; mv -f w/r4 w/r3; stat -c "%u %g" w/r3
mkdir w/rd; : > w/rd/f; chown 21:22 w/rd/f; chown 23:24 w/rd; mv w/rd w/re; stat -c "%u %g" w/re w/re/f
echo more > w/r2; stat -c "%u %g %a" w/r2'
check_out "renames keep the record; rename over a file takes the source's" 0 \
	"1234 5678 4711
7 8
23 24
21 22
1234 5678 4711"

fr ': > w/x1; chown 1:1 w/x1; mkdir w/x2; chown 2:2 w/x2; ./probe exchange w/x1 w/x2; stat -c "%n %u %g %F" w/x1 w/x2'
check_out "renameat2 RENAME_EXCHANGE swaps the names, the records follow" 0 \
	"exchange w/x1 w/x2: ok
w/x1 2 2 directory
w/x2 1 1 regular empty file"

fr 'i=0; while [ $i -lt 20 ]; do : > w/o; chown 9:9 w/o; : > w/n; mv -f w/n w/o; : > w/new; stat -c "%u:%g" w/o w/new; rm w/o w/new; i=$((i+1)); done | sort | uniq -c | sed "s/^ *//"'
check_out "a file replaced by rename is forgotten too" 0 "40 0:0"

fr 'i=0; while [ $i -lt 20 ]; do : > w/u; chown 1234:5678 w/u; mknod w/v c 1 3; rm w/u w/v; : > w/u; : > w/v; stat -c "%u:%g %F" w/u w/v; rm w/u w/v; i=$((i+1)); done | sort | uniq -c | sed "s/^ *//"'
check_out "unlink forgets: a new file on a reused inode is not the old one" 0 \
	"40 0:0 regular empty file"

fr 'mkdir w/q; chown 5:6 w/q; rmdir w/q; mkdir w/q; stat -c "%u %g" w/q'
check_out "rmdir forgets too" 0 "0 0"

fr ': > w/k; chown 1234:5678 w/k; chmod 4755 w/k; cp -p w/k w/k2; mknod w/c6 c 1 3; cp -a w/c6 w/c5; stat -c "%u %g %a" w/k2; stat -c "%F %t %T" w/c5'
check_out "cp -p and cp -a as root keep owners, modes and devices" 0 \
	"1234 5678 4755
character special file 1 3"

# chattr +i/+a: faked, with what the kernel then refuses (as real root
# sees it), on each backend; the real files never get the flags.  Only
# where the filesystem has inode flags at all (tmpfs before 6.0 has not).
if lsattr -d w >/dev/null 2>&1; then
	chattr_s='cd w; : > i1; : > a1; mkdir id; : > id/x; chattr +i i1 id; chattr +a a1
for f in i1 a1 id; do echo "$f $(lsattr -d $f | cut -d" " -f1 | tr -cd ia)"; done
rm -f i1 2>/dev/null || echo "rm i1: refused"
chmod 600 i1 2>/dev/null || echo "chmod i1: refused"
chown 1:1 i1 2>/dev/null || echo "chown i1: refused"
mv i1 i2 2>/dev/null || echo "mv i1: refused"
ln -sf a1 i1 2>/dev/null || echo "ln -sf over i1: refused"
rm -f a1 2>/dev/null || echo "rm a1: refused"
chmod 600 a1 2>/dev/null || echo "chmod a1: refused"
rm -f id/x 2>/dev/null || echo "rm id/x: refused"
: > n; mv n id/ 2>/dev/null || echo "mv into id: refused"
chattr -i i1 id; chattr -a a1; lsattr -d i1 a1 id | cut -d" " -f1 | tr -cd ia
rm i1 a1 id/x n; rmdir id; echo removed'
	chattr_out="i1 i
a1 a
id i
rm i1: refused
chmod i1: refused
chown i1: refused
mv i1: refused
ln -sf over i1: refused
rm a1: refused
chmod a1: refused
rm id/x: refused
mv into id: refused
removed"
	for b in ptrace default; do
		set -- --fakeroot
		[ $b = default ] || set -- --fakeroot --backend=$b
		fr "$chattr_s" "$@"
		check_out "chattr +i/+a faked and kept to (backend $b)" 0 \
			"$chattr_out"
	done
	# Across sessions, and never on the real file.
	fr ': > w/p; chattr +i w/p' --fakeroot="$T/flags.db"
	fr 'lsattr w/p | cut -d" " -f1 | tr -cd ia; rm -f w/p 2>/dev/null || echo " kept"' \
		--fakeroot="$T/flags.db"
	check_out "chattr +i persists in the database" 0 "i kept"
	capture sh -c 'lsattr "$1" | cut -d" " -f1 | tr -cd ia; rm "$1" && echo gone' sh "$T/w/p"
	check_out "outside uvmm the file has no flag and can be removed" 0 "gone"
	# Only the flags' requests leave the kernel, of all ioctls.
	if [ "${UVMM_BACKEND:-notify}" = notify ]; then
		capture uvmm --fakeroot --stats="$T/ioctl.stats" -- \
			sh -c 'cd "$1"; : > ioq; lsattr ioq >/dev/null; i=0; while [ $i -lt 50 ]; do [ -t 0 ]; i=$((i+1)); done; rm ioq' sh "$T/w"
		capture awk '$1 == "ioctl" { print $1, $2, $3 }' "$T/ioctl.stats"
		check_out "of 50+ ioctls, only lsattr's reaches the monitor" 0 \
			"ioctl 1 0"
	fi
else
	skip_part "chattr: the test tree's filesystem has no inode flags"
fi

# mkdir as root makes it: DAC override (a 0444 directory is entered and
# written), the umask, setgid directories (group and S_ISGID inherited),
# sticky bits, and after a faked drop the new directory is nobody's.  The
# same on each backend and in a view; what real root gets.
mkdir_s='cd w; mkdir mk; cd mk
mkdir -m 0444 ro; : > ro/x && echo wrote-in-ro; stat -c "%a %u:%g" ro
mkdir sg; chown 0:100 sg; chmod 2775 sg; mkdir sg/sub sg/sub/deeper; mkdir -m 700 sg/p
stat -c "%n %g %A" sg/sub sg/sub/deeper sg/p
umask 077; mkdir u; stat -c "%n %a" u; umask 022
mkdir -m 1777 t; stat -c "%n %a" t
setpriv --reuid=65534 --regid=65534 --clear-groups mkdir t/nob; stat -c "%n %u:%g %a" t/nob
mkdir ro/ 2>/dev/null || echo "mkdir ro/: exists"; mkdir nope/x 2>/dev/null || echo "mkdir nope/x: refused"
cd ..; chmod -R u+rwx mk; rm -r mk'
mkdir_out="wrote-in-ro
444 0:0
sg/sub 100 drwxr-sr-x
sg/sub/deeper 100 drwxr-sr-x
sg/p 100 drwx--S---
u 700
t 1777
t/nob 65534:65534 755
mkdir ro/: exists
mkdir nope/x: refused"
if have setpriv; then
	on_backends "mkdir as root sees it" "$mkdir_s" "$mkdir_out"
else
	skip_part "mkdir after a drop: no setpriv"
fi

# After a faked drop, what a process makes is its own, as for real root:
# files (a redirection's O_CREAT, a thread's open), symlinks, FIFOs; its
# new owner may chmod it and may not give it away.  The threads of a
# process that drops (glibc's setresuid runs in each) all make files of
# the new owner.  On each backend and in a view.
drop_s='cd w; mkdir dr; chmod 1777 dr; cd dr
setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "echo x > f; ln -s f l; mkfifo p; chmod 600 f && echo chmod-ok; chown 0 f 2>/dev/null || echo chown-refused; : > f2; cat f"
stat -c "%n %u:%g %a" f l p f2
../../probe tdrop 3 t 4242
stat -c "%n %u:%g" t.*
: > mine; stat -c "%n %u:%g" mine
cd ..; rm -r dr'
drop_out="chmod-ok
chown-refused
x
f 65534:65534 600
l 65534:65534 777
p 65534:65534 644
f2 65534:65534 644
tdrop 3: ok
t.0 4242:0
t.1 4242:0
t.2 4242:0
mine 0:0"
if have setpriv; then
	on_backends "files made after a drop are the new owner's" "$drop_s" "$drop_out"
else
	skip_part "files made after a drop: no setpriv"
fi

# After a faked drop, the session's owners and modes are the process's
# rights, as for real root's processes that drop: a 0600 root file is not
# read, a 0644 one not written or truncated, a 0755 root directory gets
# no new names and loses none, a sticky directory keeps others' files;
# access(2) says the same; its own files and /proc stay its own.  Real
# root gives exactly this (setpriv as root, natively).
perm_s='cd w; mkdir pm; cd pm
echo secret > s600; chmod 600 s600; echo pub > p644; mkdir ro; : > ro/f
mkdir st; chmod 1777 st; : > st/roots; mkdir pub; chmod 777 pub; : > pub/g
setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "
cat s600 2>&1 | sed \"s/.*: //\"; cat p644; (echo x >> p644) 2>&1 | sed \"s/.*: //\"
truncate -s 0 p644 2>&1 | sed \"s/.*: //\"
test -r s600 || echo no-r-s600; test -w ro || echo no-w-ro; test -x ro && echo x-ro
mkdir ro/d 2>&1 | sed \"s/.*: //\"; mkfifo ro/p 2>&1 | sed \"s/.*: //\"
ln -s x ro/l 2>&1 | sed \"s/.*: //\"; (: > ro/n) 2>&1 | sed \"s/.*: //\"
rm -f ro/f 2>&1 | sed \"s/.*: //\"; rm -f st/roots 2>&1 | sed \"s/.*: //\"
mv pub/g pub/h && echo mv-ok; mv pub/h ro/h 2>&1 | sed \"s/.*: //\"
: > st/mine; chmod 600 st/mine; cat st/mine; rm st/mine && echo rm-own-ok
cat /proc/self/environ > /dev/null && echo proc-ok"
cd ..; rm -r pm'
perm_out="Permission denied
pub
Permission denied
Permission denied
no-r-s600
no-w-ro
x-ro
Permission denied
Permission denied
Permission denied
Permission denied
Permission denied
Operation not permitted
mv-ok
Permission denied
rm-own-ok
proc-ok"
if have setpriv; then
	on_backends "after a drop, the session's modes are the rights" "$perm_s" "$perm_out"
	if [ "$(id -u)" = 0 ]; then
		capture sh -ec "$IN_T$perm_s"
		check_out "... which is what real root gets" 0 "$perm_out"
	fi
else
	skip_part "rights after a drop: no setpriv"
fi

# A setgid directory of another group gives it to everything made in it,
# by any process, from then on (the kernel gives the user's): files of a
# redirection in the shell that made it, of a child, symlinks, FIFOs,
# subdirectories (setgid too).  Elsewhere new files stay root's.
sgid_s='cd w; mkdir sg; chgrp 4 sg; chmod g+s sg
: > sg/new; ln -s y sg/lnk; mkfifo sg/fifo; mkdir sg/sub; touch sg/t; sh -c "echo > sg/deep"
stat -c "%n %u:%g %a" sg/new sg/lnk sg/fifo sg/sub sg/t sg/deep
: > plain; stat -c "%n %u:%g" plain
rm -r sg plain'
sgid_out="sg/new 0:4 644
sg/lnk 0:4 777
sg/fifo 0:4 644
sg/sub 0:4 2755
sg/t 0:4 644
sg/deep 0:4 644
plain 0:0"
on_backends "a setgid directory's group for what is made in it" "$sgid_s" "$sgid_out"

# ...and is watched for what it makes only: after such a directory,
# plain opens for reading outside /proc stay uvmm.ko's (UVMM_SEE_MADE),
# as they are in any session; on notification each is forwarded.
sg_opens() {
	fr "mkdir w/sgk; chgrp 4 w/sgk; chmod g+s w/sgk; ./probe $*
: > w/sgk/f; stat -c %g w/sgk/f; rm -r w/sgk" --fakeroot --stats
	sg_g=$(printf '%s\n' "$OUT" | tail -n 1)
	sg_n=$(printf '%s\n' "$ERR" | awk '$1 == "openat" || $1 == "open" {
		n += $2 + $3 } END { print n + 0 }')
}
sg_opens ids
n0=$sg_n g0=$sg_g
sg_opens read-plain /etc/passwd read-plain /etc/group
check "what is made in it after, in both runs, has its group" "4 4" \
	"$g0 $sg_g"
if on_kmod; then
	check "uvmm.ko, a setgid directory of another group: plain reads are not forwarded" \
		"$n0" "$sg_n"
elif [ "${UVMM_BACKEND:-auto}" = ptrace ]; then
	# Not a part left out: on ptrace every open stops.
	say "# opens after a setgid directory: all stop on ptrace (by design)"
else
	check "a setgid directory of another group: plain reads are forwarded" \
		"$((n0 + 2))" "$sg_n"
fi

# A program with a seccomp filter of its own that would kill it for a
# seccomp() call is never made to call it: the watch filters went in
# before its own, so it drops and runs on, and what it makes then is
# the dropped user's, judged by the session's modes.
fr 'mkdir w/kd; chmod 1777 w/kd
./probe killseccomp setuid 65534 creat w/kd/ks stat w/kd/ks creat w/ks'
check_out "a program's own filter: no call is made in its name" 0 \
	"killseccomp : ok
setuid 65534: ok
creat w/kd/ks: ok
w/kd/ks: uid=65534 gid=0 mode=100644 rdev=0,0 nlink=1
creat w/ks: EACCES"
check_nogrep "it is watched all the same" "has a seccomp filter of its own" \
	"$ERR"
rm -rf w/kd

# In the end, every real file and directory is still ours.
capture find w ! -type l \( ! -user "$ME_UID" -o ! -group "$ME_GID" \) -print
check_out "outside uvmm nothing in the tree changed owner" 0 ""
if have getcap; then
	capture getcap -r w
	check_out "outside uvmm no file has capabilities" 0 ""
fi

t_done
