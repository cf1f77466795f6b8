# SPDX-License-Identifier: GPL-2.0-only
# fsview-view.sh - the filesystem view of uvmm's fsview plugin: with
# --root and binds of the host's /usr, /etc, /dev, /proc, programs see
# only the guest tree (ls, cat), and every path the kernel hands back is a
# guest path (pwd, /bin/pwd, getcwd, /proc/self/cwd, /proc/self/fd/N,
# /proc/self/exe); --chdir and the default working directory; relative
# paths after cd, .. after a symlink; rename and link across binds are
# EXDEV; --ro-bind (of a dir or a file) refuses every kind of write with
# EROFS (coreutils, the raw path calls, the fd calls, reopening through
# /proc/self/fd) while reads and writes to a device such as /dev/null
# work; a tree bound both rw and ro: each fd and the cwd keep the name and
# the mode they were reached by; --hide makes a path ENOENT; --tmpfs is
# private, empty, and leaves nothing behind; #! scripts whose interpreter
# exists only in the view run, and the command is looked up on PATH inside
# the view.  Everything is built inside $T: the guest root is $T/root, and
# the "host" the guest must not see is $T/outside.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require ls cat mkdir touch rm mv chmod ln truncate readlink mkfifo find
t_init
need_fsview
build_escape
view_root "$T/root"
t_guard "$T/root" "$T/outside" "$T/w" "$T/ro" "$T/tmp"

# The guest tree, a read-write and a read-only bind, the outside.
mkdir -p root/data/sub root/w root/ro root/ro2 root/opt root/gbin root/scratch \
	root/secret/inner w ro/dir outside tmp || hard_error "mkdir"
echo "root data" >root/data/file
echo "sub data" >root/data/sub/file
echo "under tmpfs" >root/scratch/under
echo "hidden" >root/secret/inner/file
echo "w data" >w/file
echo "ro data" >ro/file
ln -s file ro/link
echo "outside secret" >outside/marker
cp "$T/escape" root/opt/escape || hard_error "cp escape"

# What the guest root lists: the tree of $T/root (binds land on its dirs).
expected_root=$(ls "$T/root")

fv 'ls /'
check_out "ls / lists the guest root" 0 "$expected_root"
fv 'ls -a / | grep -c -e outside -e work -e home -e "^uvmm-" || :'
check_out "ls / shows nothing of the host's root" 0 "0"
fv 'cat /data/file /data/sub/file; cat /.fsview-id'
check_out "cat reads the guest's files" 0 "root data
sub data
$T"
fv 'cat /w/file; cat /ro/file; cat /ro/link' --bind "$T/w:/w" --ro-bind "$T/ro:/ro"
check_out "cat through a bind and a read-only bind (and its symlink)" 0 \
	"w data
ro data
ro data"
fv "cat $T/outside/marker 2>&1 || echo status \$?"
check_out "the host's files are not at their host paths" 0 \
	"cat: $T/outside/marker: No such file or directory
status 1"

# The working directory and the paths handed back.
fv 'pwd'
check_out "without --chdir, a cwd that is not in the view becomes /" 0 "/"
fv 'pwd; /bin/pwd' --chdir /data
check_out "--chdir /data: pwd and /bin/pwd" 0 "/data
/data"
fv 'cd /data/sub; pwd; /bin/pwd; pwd -P; readlink /proc/self/cwd; readlink /proc/$$/cwd
/opt/escape cwd fdpath /data/sub/file fdpath . fdpath /ro/file exe
cat file; cat ../file; cat ./../sub/../file; ls; ls ..; cd ..; pwd; cat sub/file' --ro-bind "$T/ro:/ro"
check_out "after cd: pwd, /bin/pwd, getcwd, /proc/self/cwd, /proc/self/fd/N, /proc/self/exe, relative paths" 0 \
	"/data/sub
/data/sub
/data/sub
/data/sub
/data/sub
cwd: /data/sub
fdpath /data/sub/file: /data/sub/file
fdpath .: /data/sub
fdpath /ro/file: /ro/file
exe /proc/self/exe: /opt/escape
sub data
root data
root data
file
file
sub
/data
sub data"
fv 'exec 4</data/file; readlink /proc/self/fd/4 /proc/$$/fd/4; ls -l /proc/$$/fd/4 | sed "s/.* -> //"'
check_out "a shell's redirection fd reads back as the guest path" 0 "/data/file
/data/file
/data/file"

# A file bound on a file.
fv 'cat /data/file; /opt/escape open /data/file wa cat /data/sub/file' --ro-bind "$T/w/file:/data/file"
check_out "--ro-bind of a file on a file" 0 "w data
open /data/file wa: EROFS
cat /data/sub/file: sub data"

# .. after a symlink is the parent of its target, as in the kernel; a
# rename or hard link across binds is EXDEV, and mv copes.
ln -s /w/sub root/data/wsub
mkdir -p w/sub || hard_error "mkdir w/sub"
echo "sub of w" >w/sub/f
fv 'cat /data/wsub/f /data/wsub/../file; cd /data/wsub; cat ../file; /bin/pwd
/opt/escape rename /w/file /data/moved link /w/file /data/linked rename /data/file /w/moved
mv /w/sub/f /data/moved; cat /data/moved; mv /data/moved /w/sub/f; cat /w/sub/f' --bind "$T/w:/w"
check_out ".. after a symlink; rename and link across binds: EXDEV, mv copes" 0 "sub of w
w data
w data
/w/sub
rename /w/file /data/moved: EXDEV
link /w/file /data/linked: EXDEV
rename /data/file /w/moved: EXDEV
sub of w
sub of w"
rm -f root/data/wsub

# The default cwd is kept when the same path exists in the view: $T/w
# bound at its own path (GUEST defaults to HOST).
mkdir -p "root$T/w" || hard_error "mkdir root$T/w"
capture sh -c "cd w && exec timeout -k 10 $IT_TIMEOUT $(quote "$UVMM") $VIEW --bind $(quote "$T/w") -- sh -c 'pwd; cat file; cat /.fsview-id'"
check_out "--bind HOST alone binds at the same path; the cwd there is kept" 0 \
	"$T/w
w data
$T"

# --ro-bind: every kind of write is refused with EROFS, reads work.
fv 'cd /ro
for c in "touch new" "touch file" "mkdir d" "rm file" "rmdir dir" "mv file f2" "chmod 600 file" "ln -s x l" "ln file h" "truncate -s0 file" "mkfifo p" "rm link"; do
	$c 2>&1 || echo "status $?"
done
(echo x > file) 2>/dev/null || echo "redirect refused"
(echo x >> file) 2>/dev/null || echo "append refused"
cat file' --ro-bind "$T/ro:/ro"
check_out "--ro-bind: coreutils get Read-only file system" 0 \
	"touch: cannot touch 'new': Read-only file system
status 1
touch: cannot touch 'file': Read-only file system
status 1
mkdir: cannot create directory 'd': Read-only file system
status 1
rm: cannot remove 'file': Read-only file system
status 1
rmdir: failed to remove 'dir': Read-only file system
status 1
mv: cannot move 'file' to 'f2': Read-only file system
status 1
chmod: changing permissions of 'file': Read-only file system
status 1
ln: failed to create symbolic link 'l': Read-only file system
status 1
ln: failed to create hard link 'h': Read-only file system
status 1
truncate: cannot open 'file' for writing: Read-only file system
status 1
mkfifo: cannot create fifo 'p': Read-only file system
status 1
rm: cannot remove 'link': Read-only file system
status 1
redirect refused
append refused
ro data"
fv '/opt/escape open /ro/file w open /ro/file W open /ro/file rt open /ro/file wa open /ro/new rc open /ro/new wcx \
mkdir /ro/d rmdir /ro/dir unlink /ro/file unlink /ro/link rename /ro/file /ro/f2 rename /ro/dir /ro/dir2 \
chmod /ro/file 600 chown /ro/file utimes /ro/file truncate /ro/file 0 \
symlink x /ro/l link /ro/file /ro/h mkfifo /ro/p setxattr /ro/file user.uvmm v removexattr /ro/file user.uvmm \
fchmod /ro/file 600 fchown /ro/file futimens /ro/file fsetxattr /ro/file user.uvmm v \
emptypath /ro/file \
open /ro/file r open /ro/file ra open /ro/dir rd cat /ro/file cat /ro/link' --ro-bind "$T/ro:/ro"
check_out "--ro-bind: the raw calls get EROFS, reads work" 0 \
	"open /ro/file w: EROFS
open /ro/file W: EROFS
open /ro/file rt: EROFS
open /ro/file wa: EROFS
open /ro/new rc: EROFS
open /ro/new wcx: EROFS
mkdir /ro/d: EROFS
rmdir /ro/dir: EROFS
unlink /ro/file: EROFS
unlink /ro/link: EROFS
rename /ro/file /ro/f2: EROFS
rename /ro/dir /ro/dir2: EROFS
chmod /ro/file: EROFS
chown /ro/file: EROFS
utimes /ro/file: EROFS
truncate /ro/file: EROFS
symlink x /ro/l: EROFS
link /ro/file /ro/h: EROFS
mkfifo /ro/p: EROFS
setxattr /ro/file: EROFS
removexattr /ro/file: EROFS
fchmod /ro/file: EROFS
fchown /ro/file: EROFS
futimens /ro/file: EROFS
fsetxattr /ro/file: EROFS
fchmodat2 empty /ro/file: EROFS
fchownat empty /ro/file: EROFS
utimensat empty /ro/file: EROFS
open /ro/file r: ok
open /ro/file ra: ok
open /ro/dir rd: ok
cat /ro/file: ro data
cat /ro/link: ro data"
fv 'exec 3</ro/file; (echo x > /proc/self/fd/3) 2>/dev/null || echo "reopen for write refused"
/opt/escape open /proc/self/fd/3 w open /proc/self/fd/3 W open /proc/self/fd/3 wa open /dev/fd/3 wt open /proc/self/fd/3 r
cd /ro; /opt/escape open /proc/self/cwd/file wa mkdir /proc/self/cwd/d' --ro-bind "$T/ro:/ro"
check_out "--ro-bind: reopening a read-only fd for write through /proc/self/fd is EROFS" 0 \
	"reopen for write refused
open /proc/self/fd/3 w: EROFS
open /proc/self/fd/3 W: EROFS
open /proc/self/fd/3 wa: EROFS
open /dev/fd/3 wt: EROFS
open /proc/self/fd/3 r: ok
open /proc/self/cwd/file wa: EROFS
mkdir /proc/self/cwd/d: EROFS"
capture sh -c 'cd ro && ls -A && cat file && stat -c %s file'
check_out "outside uvmm the read-only tree is unchanged" 0 "dir
file
link
ro data
8"

# One directory by two names, read-only and writable: what is made from
# a directory fd is made through the name the fd was opened by (the cwd,
# under the writable name, does not decide).
mkdir -p "$T/w/two"
fv 'cd /w; /opt/escape creatat /rosub a mkdirat /rosub b creatat /w/two c' \
	--bind "$T/w:/w" --ro-bind "$T/w/two:/rosub"
check_out "a directory fd of the read-only name makes nothing" 0 \
	"creatat /rosub a: EROFS
mkdirat /rosub b: EROFS
creatat /w/two c: ok"
capture ls "$T/w/two"
check_out "only the writable name's file was made" 0 "c"
rm -rf "$T/w/two"

# link and rename between a read-only mount and a writable one, in the
# kernel's order: a taken new name (EEXIST) and another mount (EXDEV)
# before the read-only mount's EROFS; a new name in it, EROFS.
fv '/opt/escape link /ro/file /w/h1 link /w/file /ro/file link /w/file /ro/h2 rename /ro/file /w/r1 rename /w/file /ro/r2 link /ro/file /ro/h3' \
	--bind "$T/w:/w" --ro-bind "$T/ro:/ro"
check_out "link and rename across a read-only mount: the kernel's order" 0 \
	"link /ro/file /w/h1: EXDEV
link /w/file /ro/file: EEXIST
link /w/file /ro/h2: EROFS
rename /ro/file /w/r1: EXDEV
rename /w/file /ro/r2: EXDEV
link /ro/file /ro/h3: EROFS"

# A read-only bind over a read-write one, and the other way round: the
# later one wins; the same files through the rw bind are writable.
fv '/opt/escape open /w/file wa open /ro2/file wa mkdir /w/d rmdir /w/d' --bind "$T/w:/w" --ro-bind "$T/w:/ro2"
check_out "the same tree rw at /w and ro at /ro2" 0 "open /w/file wa: ok
open /ro2/file wa: EROFS
mkdir /w/d: ok
rmdir /w/d: ok"
fv '/opt/escape open /w/file wa open /w/sub/f wa cat /w/sub/f futimens /w/file fchmod /w/file 644 futimens /w/sub/f fchmod /w/sub/f 644' \
	--bind "$T/w:/w" --ro-bind "$T/w/sub:/w/sub"
check_out "a read-only bind on a subdir of a rw bind" 0 "open /w/file wa: ok
open /w/sub/f wa: EROFS
cat /w/sub/f: sub of w
futimens /w/file: ok
fchmod /w/file: ok
futimens /w/sub/f: EROFS
fchmod /w/sub/f: EROFS"
fv '/opt/escape futimens /w/file fchmod /w/file 644 futimens /ro2/file fchmod /ro2/file 644' \
	--bind "$T/w:/w" --ro-bind "$T/w:/ro2"
check_out "one file, rw at /w and ro at /ro2: the fd remembers which" 0 "futimens /w/file: ok
fchmod /w/file: ok
futimens /ro2/file: EROFS
fchmod /ro2/file: EROFS"
# getcwd's own answers: the length with its NUL, ERANGE for a short
# buffer, ENOENT once the directory is removed.
mkdir -p w/sub w/gone || hard_error "mkdir"
fv 'cd /w/sub && /opt/escape cwdsize 7 cwdsize 6 cwdsize 0; cd /w/gone && rmdir /w/gone && /opt/escape cwd' --bind "$T/w:/w"
check_out "getcwd: its length, ERANGE when short, ENOENT when removed" 0 \
	"cwd 7: /w/sub (7)
cwd 6: ERANGE
cwd 0: ERANGE
cwd: ENOENT"

# A dir reachable at two guest paths: the kernel's answer is the path the
# process went through.  uvmm knows it for the cwd; an fd's name is not
# kept (uvmm(1)): what is below the cwd is named from the cwd's name.
fv 'cd /w/sub; /bin/pwd; readlink /proc/self/cwd; /opt/escape cwd fdpath /w/sub/f fdpath /ro2/sub/f
cd /ro2/sub; /bin/pwd' --bind "$T/w:/w" --ro-bind "$T/w:/ro2"
check_out "one dir at /w and /ro2: getcwd and /proc/self/cwd say which" 0 "/w/sub
/w/sub
cwd: /w/sub
fdpath /w/sub/f: /w/sub/f
fdpath /ro2/sub/f: /w/sub/f
/ro2/sub"
mkdir -p mnt || hard_error "mkdir mnt"
capture uvmm --bind "$T/w:$T/mnt" -- sh -c 'cd "$T/w/sub"; /bin/pwd; readlink /proc/self/cwd; cd "$T/mnt/sub"; /bin/pwd'
check_out "without --root, --bind A:B: a process in A is in A, not in B" 0 "$T/w/sub
$T/w/sub
$T/mnt/sub"

# Devices on a read-only /dev still take writes.
VIEW_RW=$VIEW
VIEW=$(printf '%s\n' "$VIEW" | sed 's|--bind /dev|--ro-bind /dev|')
fv 'echo x > /dev/null; echo written; /opt/escape open /dev/null w open /dev/null W cat /dev/null open /dev/zero r
printf abc | cat > /dev/null; echo piped'
check_out "writes to /dev/null on a read-only /dev work" 0 "written
open /dev/null w: ok
open /dev/null W: ok
cat /dev/null: 
open /dev/zero r: ok
piped"
VIEW=$VIEW_RW

# --hide: the path and everything below it are ENOENT, also to create.
fv 'ls /secret 2>&1 || echo "status $?"; cat /secret/inner/file 2>&1 || echo "status $?"
mkdir /secret 2>&1 || echo "status $?"; (cd /secret 2>/dev/null) || echo "cd refused"
test -e /secret || echo "test -e: no"; cat /data/file
/opt/escape cat /secret/inner/file open /secret/new rc mkdir /secret mkdir /secret/inner/x chdir /secret/inner unlink /secret/inner/file' --hide /secret
check_out "--hide /secret: ls, cat, mkdir, cd, test, raw calls get ENOENT" 0 \
	"ls: cannot access '/secret': No such file or directory
status 2
cat: /secret/inner/file: No such file or directory
status 1
mkdir: cannot create directory '/secret': No such file or directory
status 1
cd refused
test -e: no
root data
cat /secret/inner/file: ENOENT
open /secret/new rc: ENOENT
mkdir /secret: ENOENT
mkdir /secret/inner/x: ENOENT
chdir /secret/inner: ENOENT
unlink /secret/inner/file: ENOENT"
fv 'cat /data/file 2>&1 || echo "status $?"; cat /data/sub/file; echo new > /data/file 2>/dev/null || echo "create refused"' --hide /data/file
check_out "--hide of a file" 0 "cat: /data/file: No such file or directory
status 1
sub data
create refused"
capture cat root/secret/inner/file root/data/file
check_out "outside uvmm the hidden files are untouched" 0 "hidden
root data"
# Hiding in the host's own view (no --root).
capture uvmm --hide "$T/outside" -- sh -c "cat $T/outside/marker 2>&1; ls $T"
check_out "--hide without --root: a host path is ENOENT, not in its parent's listing" 0 \
	"cat: $T/outside/marker: No such file or directory
$(ls "$T" | grep -vx outside)"

# --tmpfs: private, empty at start, writable, gone when uvmm exits.
ls -A tmp >"$T/.lib/tmp-before"
# shellcheck disable=SC2086
capture env TMPDIR="$T/tmp" timeout -k 10 "$IT_TIMEOUT" "$UVMM" $VIEW --tmpfs /scratch -- sh -ec "$IN_VIEW"'
ls -A /scratch; echo "in tmpfs" > /scratch/new; mkdir /scratch/d; echo deeper > /scratch/d/f
cat /scratch/new; sh -c "cat /scratch/d/f"; ls /scratch; /opt/escape rename /scratch/new /scratch/new2 unlink /scratch/new2'
check_out "--tmpfs: empty, writable, seen by a child" 0 "in tmpfs
deeper
d
new
rename /scratch/new /scratch/new2: ok
unlink /scratch/new2: ok"
capture ls -A tmp
check_out "--tmpfs leaves nothing in \$TMPDIR after uvmm exits" 0 "$(cat "$T/.lib/tmp-before")"
capture find "$T" -path "$T/.lib" -prune -o \( -name new -o -name new2 -o -name d \) -print
check_out "--tmpfs leaves its files nowhere under \$T" 0 ""
capture ls -A root/scratch
check_out "the dir under the tmpfs is untouched" 0 "under"
fv 'ls -A /scratch' --tmpfs /scratch
check_out "a second session's tmpfs is empty again" 0 ""

# #! scripts whose interpreter is only in the view, PATH inside the view.
if [ -e /opt/uvmm-mysh ] || [ -e /gbin ]; then
	hard_error "the host has /opt/uvmm-mysh or /gbin"
fi
cp /bin/sh root/opt/uvmm-mysh || hard_error "cp /bin/sh"
printf '#!/opt/uvmm-mysh\necho "script $0 args $*"; pwd\n' >root/gbin/gscript
printf '#!/opt/uvmm-mysh -e\necho "with -e: $0"\nfalse\necho "not reached"\n' >root/gbin/gscript-e
printf '#!/usr/bin/env uvmm-mysh\necho "via env: $0"\n' >root/gbin/genv
cp "$T/escape" root/gbin/gesc || hard_error "cp escape"
chmod 755 root/gbin/gscript root/gbin/gscript-e root/gbin/genv
fv '/gbin/gscript a b; cd /data; ../gbin/gscript c; /gbin/gscript-e || echo "status $?"
PATH=/opt:$PATH /gbin/genv'
check_out "#! scripts with an interpreter only in the view" 0 "script /gbin/gscript args a b
/
script ../gbin/gscript args c
/data
with -e: /gbin/gscript-e
status 1
via env: /gbin/genv"
# An ELF program whose interpreter (PT_INTERP) is only in the view, run
# directly and as the interpreter of a #! script.
if [ -e /opt/uvmm-ld ]; then
	hard_error "the host has /opt/uvmm-ld"
fi
ldso=$(readlink -f /lib64/ld-linux-x86-64.so.2 2>/dev/null)
if [ -n "$ldso" ] && [ -f "$ldso" ] &&
	printf '#include <stdio.h>\nint main(int c, char **v) { printf("%%s %%d\\n", v[0], c); return 0; }\n' >"$T/interp.c" &&
	"${CC:-cc}" -o root/gbin/ginterp "$T/interp.c" -Wl,--dynamic-linker=/opt/uvmm-ld/ld.so >"$T/.lib/cc" 2>&1; then
	mkdir -p root/opt/uvmm-ld && cp "$ldso" root/opt/uvmm-ld/ld.so ||
		hard_error "cp ld.so"
	printf '#!/gbin/ginterp\n' >root/gbin/gscript-elf
	chmod 755 root/gbin/gscript-elf
	fv '/gbin/ginterp a b; cd /gbin; ./ginterp c; /gbin/gscript-elf d'
	check_out "an ELF interpreter only in the view" 0 "/gbin/ginterp 3
./ginterp 2
/gbin/ginterp 3"
	capture "$T/root/gbin/ginterp"
	check_rc "... which the host does not have" 127
else
	skip_part "cannot link a program with its own ELF interpreter"
fi
# shellcheck disable=SC2086
capture env PATH="/gbin:$PATH" timeout -k 10 "$IT_TIMEOUT" "$UVMM" $VIEW -- gscript x
check_out "the command is looked up on PATH inside the view (a script)" 0 \
	"script /gbin/gscript args x
/"
# shellcheck disable=SC2086
capture env PATH="/gbin:$PATH" timeout -k 10 "$IT_TIMEOUT" "$UVMM" $VIEW --chdir /data -- gesc cwd exe
check_out "the command is looked up on PATH inside the view (ELF)" 0 \
	"cwd: /data
exe /proc/self/exe: /gbin/gesc"
# shellcheck disable=SC2086
capture env PATH="/gbin:$PATH" timeout -k 10 "$IT_TIMEOUT" "$UVMM" $VIEW -- "$T/escape" cwd
check_rc "a host path that is not in the view is not found (127)" 127
capture uvmm --root "$T/outside" -- sh -c 'echo ran'
check_rc "a command missing from the view is not found (127), though the host has it" 127

# Run as root, the monitor performs a guest's calls with the guest's ids:
# one that drops to nobody gets nobody's rights, and what it makes is
# nobody's (an unprivileged monitor has its guests' ids anyway).
# (Not on the ptrace backend: there the kernel walks the host path, and
# nobody may not search the test's private directory above the bind.)
if [ "${UVMM_BACKEND:-auto}" = ptrace ]; then
	say "# dropping root in a view: not run on the ptrace backend, which walks host paths as the guest"
elif [ "$(id -u)" = 0 ] && have setpriv; then
	mkdir -p drop && echo secret >drop/secret && chmod 600 drop/secret &&
		chmod 1777 drop || hard_error "mkdir drop"
	fv 'setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "
cat /drop/secret 2>/dev/null || echo read: denied
test -r /drop/secret || echo access: denied
rm -f /drop/secret 2>/dev/null || echo unlink: denied
mkdir /drop/d && touch /drop/f && echo made"' --bind "$T/drop:/drop"
	check_out "root dropping to nobody in a view: nobody's rights" 0 "read: denied
access: denied
unlink: denied
made"
	check "...and what it made is nobody's" "65534:65534 65534:65534" \
		"$(stat -c %u:%g drop/d drop/f | tr '\n' ' ' | sed 's/ $//')"
else
	say "# dropping root in a view: only as root (a user's monitor has its guests' ids)"
fi

# /proc/PID/status: TracerPid as without the monitor (0), for the process
# itself and for another guest's thread.
fv 'grep TracerPid /proc/self/status; sh -c "grep TracerPid /proc/\$PPID/status"'
check_out "TracerPid is 0 in /proc/self/status and a guest's /proc/PID/status" 0 \
	"TracerPid:	0
TracerPid:	0"

# --cow with names of 252 to 255 bytes, which a ".wh." prefix cannot take:
# made, removed (a whiteout holding the name), listed, seen again.
long252=$(printf 'a%.0s' $(seq 252))
long255=$(printf 'b%.0s' $(seq 255))
long254=$(printf 'c%.0s' $(seq 254))
mkdir -p root/lw lw up || hard_error "mkdir lw"
: >"lw/$long252" && : >"lw/$long254" && : >lw/short || hard_error "long names"
t_guard "$T/lw" "$T/up"
fv 'cd /lw; rm '"$long252"'; : > '"$long255"'; ls | cut -c1-3; test -e '"$long252"' || echo gone' \
	--bind "$T/lw:/lw" --cow "/lw=$T/up"
check_out "--cow: 252-255 byte names made and removed" 0 "bbb
ccc
sho
gone"
fv 'ls /lw | cut -c1-3; : > /lw/'"$long252"'; ls /lw | cut -c1-3' --bind "$T/lw:/lw" --cow "/lw=$T/up"
check_out "--cow: a second session sees them; the name made again" 0 "bbb
ccc
sho
aaa
bbb
ccc
sho"
check "--cow: the lower tree is unchanged" "3" "$(ls "$T/lw" | wc -l)"

# Paths resolved the fast way (no lstat per component, one check from the
# mount's anchor at the end) or, past a symlink or an odd component, the
# slow way: every kind gets the kernel's answer, compared with the same
# relative paths walked natively in the same tree.
mkdir -p root/fp/d/sub || hard_error "mkdir fp"
echo f >root/fp/d/f && echo s >root/fp/d/sub/f || hard_error "fp files"
ln -s d root/fp/ld && ln -s d/f root/fp/lf && ln -s d/sub root/fp/lsub &&
	ln -s loop root/fp/loop && ln -s nowhere root/fp/dangling &&
	ln -s ../fp/ld root/fp/d/up || hard_error "fp links"
fp_probes='fp/d/f fp/ld/f fp/lf fp/lf/ fp/d/f/ fp/d/f/x fp/d/missing/x
fp/d/missing fp/ld/. fp/ld/ fp/ld fp/loop/x fp/dangling fp/ld/../d/f
fp/lsub/f fp/d/up/sub/f fp/d/./sub/./f fp//d//f fp/d/sub/../f'
fp_script='for p in $0; do
	printf "%s: %s | %s | %s\n" "$p" \
		"$(stat -L -c %F "$p" 2>&1 | sed "s/.*: //")" \
		"$(stat -c %F "$p" 2>&1 | sed "s/.*: //")" \
		"$(readlink "$p" 2>&1 | sed "s/.*: //")"
done'
fp_native=$(cd "$T/root" && sh -c "$fp_script" "$fp_probes")
fv 'cd /; sh -c '"$(quote "$fp_script")"' '"$(quote "$fp_probes")"
check_out "fast and slow path walks: relative paths as the kernel walks them" 0 "$fp_native"
fp_abs=$(echo "$fp_probes" | sed 's|^|/|; s| | /|g')
fv 'cd /data; sh -c '"$(quote "$fp_script")"' '"$(quote "$fp_abs")"' | sed "s|^/||"'
check_out "fast and slow path walks: absolute paths" 0 "$fp_native"

# A mount point that is a looping link (a tree made for a container has
# /proc -> /proc): the mount covers the link, as it would a directory.
ln -s loop "$T/loop"
ln -s "$T/proc" "$T/proc"
fv "cat $T/proc/self/comm; cat $T/loop/self/comm" \
	--bind "/proc:$T/proc" --bind "/proc:$T/loop"
check_out "a bind over a looping link covers it" 0 "cat
cat"
rm -f "$T/loop" "$T/proc"

t_done
