# SPDX-License-Identifier: GPL-2.0-only
# cli-forms.sh - the command lines bwrap users already know, on uvmm:
# --bind SRC DEST as two words beside --bind SRC:DEST and --bind=SRC, the
# -try forms, --dev, --proc, --dir, --symlink, --remount-ro, --setenv,
# --unsetenv, --clearenv, --die-with-parent; bwrap's own example (an empty
# root with /usr bound read-only and links to it); mount points the tree
# lacks made in the view, listed in their directory and never made on the
# host; --hide'n names gone from listings; errors that name their cause
# with status 125; the shell when no command is given.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require ls cat mkdir touch readlink sleep
t_init
need_fsview
t_guard "$T/a" "$T/b" "$T/c" "$T/r" "$T/hd"
export UVMM

mkdir -p a/sub r/etc hd || hard_error "mkdir"
echo "a file" >a/f
echo "r file" >r/etc/f
echo 1 >hd/keep
echo 2 >hd/gone

# The three forms of a bind; the point made in the view, not on the host.
capture uvmm --bind "$T/a" "$T/b" -- cat "$T/b/f"
check_out "--bind SRC DEST (two words, DEST missing on the host)" 0 "a file"
check "the mount point was not made on the host" "absent" \
	"$(test -e "$T/b" && echo present || echo absent)"
capture uvmm --bind "$T/a:$T/c" -- cat "$T/c/f"
check_out "--bind SRC:DEST" 0 "a file"
capture uvmm --bind="$T/a" -- cat "$T/a/f"
check_out "--bind=SRC" 0 "a file"
capture uvmm --bind "$T/a" -- cat "$T/a/f"
check_out "--bind SRC -- CMD: DEST is SRC" 0 "a file"
capture uvmm --bind "$T/a" "$T/b" -- ls "$T"
check_out "the point is listed in its directory" 0 "a
b
hd
r"
capture uvmm --ro-bind "$T/a" "$T/b" -- sh -c 'echo x >"$T/b/f"'
check_rc "--ro-bind SRC DEST is read-only" 2
check_grep "... with EROFS" "Read-only file system" "$ERR"
check "the read-only file is unchanged" "a file" "$(cat "$T/a/f")"
capture uvmm --dev-bind "$T/a" "$T/b" -- cat "$T/b/f"
check_out "--dev-bind SRC DEST" 0 "a file"

# -try: a missing source is no mount and no error; without -try it is.
capture uvmm --bind-try "$T/none" "$T/b" --ro-bind-try "$T/none2" "$T/c" \
	-- sh -c 'test -e "$T/b" || test -e "$T/c" || echo none'
check_out "--bind-try, --ro-bind-try of a missing source: nothing" 0 "none"
capture uvmm --bind "$T/none" "$T/b" -- echo ran
check_out "--bind of a missing source: uvmm's error, not run" 125 ""
check_grep "... naming the source" "$T/none" "$ERR"

# Mount points under directories the root lacks: made in the view.
capture uvmm --root "$T/r" --bind "$T/a" /deep/er/point --bind /usr /usr \
	--ro-bind /usr/bin /bin --ro-bind /usr/lib /lib \
	--ro-bind /usr/lib64 /lib64 -- /bin/sh -c \
	'cat /deep/er/point/f; ls /deep; ls /deep/er; ls /; test -d /deep && echo dir'
check_out "--root: points under missing directories, listed" 0 "a file
er
point
bin
deep
etc
lib
lib64
usr
dir"
check "nothing was made in the root on the host" "etc" "$(ls "$T/r")"

# --hide: the name goes from its directory's listing too.
capture uvmm --hide "$T/hd/gone" -- ls "$T/hd"
check_out "--hide: the hidden name is not listed" 0 "keep"

# bwrap's example: an empty root, /usr read-only, links, /proc, /dev.
capture uvmm --tmpfs / --ro-bind /usr /usr --symlink usr/bin /bin \
	--symlink usr/lib /lib --symlink usr/lib64 /lib64 \
	--symlink usr/sbin /sbin --proc /proc --dev /dev --dir /work/x \
	--chdir /work/x -- /bin/sh -c '
	pwd; ls /
	ls /dev
	echo hi >/dev/null && echo "/dev/null takes writes"
	head -c 3 /dev/zero | od -An -tx1
	test -d /proc/self/fd && echo "/proc is there"
	touch /usr/x 2>/dev/null || echo "/usr is read-only"
	touch /work/x/f && ls /work/x
	readlink /bin'
check_out "an empty root as bwrap gives" 0 "/work/x
bin
dev
lib
lib64
proc
sbin
usr
work
core
fd
full
null
ptmx
pts
random
shm
stderr
stdin
stdout
tty
urandom
zero
/dev/null takes writes
 00 00 00
/proc is there
/usr is read-only
f
usr/bin"

# --symlink into the host's tree is refused (it would change the host).
capture uvmm --symlink x "$T/a/newlink" -- echo ran
check_out "--symlink in a host directory: uvmm's error, not run" 125 ""
check_grep "... saying why" "private" "$ERR"
check "... and nothing made" "absent" \
	"$(test -L "$T/a/newlink" && echo present || echo absent)"
capture uvmm --tmpfs "$T/c" --symlink ../a/f "$T/c/l" -- cat "$T/c/l"
check_out "--symlink in a --tmpfs" 0 "a file"

# --remount-ro: a mount point, or a directory that is none.
capture uvmm --bind "$T/a" "$T/b" --remount-ro "$T/b" -- sh -c 'touch "$T/b/n"'
check_rc "--remount-ro of a mount point" 1
capture uvmm --remount-ro "$T/a/sub" -- sh -c \
	'touch "$T/a/sub/n" 2>/dev/null || echo ro; touch "$T/a/n2" && echo rw'
check_out "--remount-ro of a plain directory: it alone" 0 "ro
rw"
rm -f "$T/a/n2"
test ! -e "$T/a/sub/n" && test ! -e "$T/b/n"
check "--remount-ro: nothing written" 0 $?

# The environment, changed in order.
capture env -i PATH="$PATH" A=1 B=2 "$UVMM" --unsetenv A --setenv C '3 4' \
	-- sh -c 'echo "${A-unset} $B $C"'
check_out "--unsetenv, --setenv" 0 "unset 2 3 4"
capture env PATH="$PATH" A=1 "$UVMM" --clearenv --setenv PATH "$PATH" \
	--setenv X y -- sh -c 'echo "${A-unset} $X"'
check_out "--clearenv, then --setenv" 0 "unset y"
capture uvmm --setenv A=B c -- true
check_rc "--setenv with '=' in the name: usage error" 125

# Errors: the cause named, status 125, the command not run.
capture uvmm --root "$T/a/f" -- echo ran
check_out "--root of a file: uvmm's error" 125 ""
check_grep "... it says the root is not a directory" "Not a directory" "$ERR"
check_grep "... and names --root" "--root" "$ERR"
capture uvmm --root "$T/none" -- echo ran
check_out "--root of nothing: uvmm's error" 125 ""
check_grep "... it says so" "No such file or directory" "$ERR"

# No command: the shell, with options that give the session a job.
printf 'id -u\n' >"$T/in"
IT_STDIN=$T/in SHELL=/bin/sh capture uvmm --fakeroot
check_out "--fakeroot with no command runs \$SHELL" 0 "0"
IT_STDIN=$T/in SHELL=/bin/sh capture uvmm --bind "$T/a" "$T/b"
check_out "a view with no command runs \$SHELL" 0 "$ME_UID"

# --trace alone: the file and exec calls, decoded as strace decodes them.
capture uvmm --trace="$T/trace" -- sh -c 'mkdir "$T/td"; chmod 750 "$T/td"; echo >"$T/td/f"; (exit 3); sh -c "kill -KILL \$\$"; true'
tr=$(cat "$T/trace")
check_grep "--trace: exec with its argv" 'execve("/usr/bin/sh", ["sh", "-c", ' "$tr"
check_grep "--trace: mode in octal" "\"$T/td\", 0750) = 0" "$tr"
check_grep "--trace: open flags by name" "\"$T/td/f\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3" "$tr"
check_grep "--trace: AT_* flags by name" ", AT_EMPTY_PATH) = 0 {st_mode=S_IFREG|" "$tr"
check_grep "--trace: an exit status" "+++ exited with 3 +++" "$tr"
check_grep "--trace: a death by signal" "+++ killed by SIGKILL +++" "$tr"
check_grep "--trace: a failure by errno name" "= -1 ENOENT (No such file or directory)" "$tr"
capture uvmm --fakeroot --trace="$T/trace2" -- sh -c 'mknod "$T/td/n" c 1 3; chown 5:6 "$T/td/n"; stat "$T/td/n" >/dev/null'
tr=$(cat "$T/trace2")
check_grep "--trace: mknod's type and device" "\"$T/td/n\", S_IFCHR|0666, makedev(0x1, 0x3)) = 0" "$tr"
check_grep "--trace: the faked owner a stat returned" "st_mode=S_IFCHR|0644, st_uid=5, st_gid=6" "$tr"
rm -rf "$T/td"

# --die-with-parent: the session ends with the process that started it.
capture sh -c '"$UVMM" --die-with-parent -- sh -c "echo \$\$ >\"$T/pid\"; exec sleep 60" &
	while ! test -s "$T/pid"; do sleep 0.1; done
	kill -KILL $$'
n=0
while kill -0 "$(cat "$T/pid")" 2>/dev/null && [ $n -lt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
check "--die-with-parent: the command is gone with its parent" gone \
	"$(kill -0 "$(cat "$T/pid")" 2>/dev/null && echo alive || echo gone)"
kill -KILL "$(cat "$T/pid")" 2>/dev/null

t_done
