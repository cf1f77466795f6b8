# SPDX-License-Identifier: GPL-2.0-only
# fakeroot-mount.sh - a fake root mounts and chroots without any view
# option: mount(8) --bind and -t tmpfs, umount(8), /proc/self/mountinfo,
# unshare -m (its mounts and umounts its own), chroot(8) into a tree, the
# raw mount(2) followed by an open in the same process; on each backend.
# The host is never touched: the bind targets stay empty, nothing is
# mounted, and a session that mounts nothing pays nothing for it (its
# opens never reach the monitor).
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require cat ls grep
t_init
build_probe
mkdir -p w/a w/b w/t w/u w/r || hard_error "mkdir"
echo hello >w/a/x
t_guard "$T/w" "$T/probe"
need_fakeroot

mount_s='cd w
mount --bind a b; cat b/x; ls b
mount -t tmpfs none t; echo tmp > t/y; cat t/y; ls t
grep -c " $PWD/t .* tmpfs " /proc/self/mountinfo
unshare -m sh -c "umount b; ls b | wc -l; mount --bind a u; cat u/x"
cat b/x; ls u | wc -l
umount b; ls b | wc -l'
mount_out="hello
x
tmp
y
1
0
hello
hello
0
0"
if have mount && have umount && have unshare; then
	for b in default ptrace; do
		case $b in
		default) set -- --fakeroot ;;
		ptrace) set -- --fakeroot --backend=ptrace ;;
		esac
		fr "$mount_s" "$@"
		check_out "mount, umount, unshare -m with no view option (backend $b)" \
			0 "$mount_out"
		capture ls -A w/b w/t w/u
		check_out "... the host's directories are as they were" 0 "w/b:

w/t:

w/u:"
	done
else
	skip_part "mount(8), umount(8), unshare(1): not installed"
fi

# The raw call, then an open by the same process at once: it is watched
# from the mount's return on.
fr './probe bindmount w/a w/b cat w/b/x'
check_out "mount(2) then open(2) in one process" 0 "bindmount w/a w/b: ok
cat w/b/x: hello"

if have busybox && ldd "$(command -v busybox)" 2>&1 | grep -q "not a dynamic"; then
	fr 'cp "$(command -v busybox)" w/r/busybox
	chroot w/r /busybox sh -c "echo inside; /busybox ls /"'
	check_out "chroot(8) into a tree, with no view option" 0 "inside
busybox"
	# Devices made before the chroot (empty files then) are the host's
	# pseudo devices inside: debootstrap's first stage makes /dev.
	fr 'mkdir w/d w/d/dev; cp "$(command -v busybox)" w/d/busybox
	mknod w/d/dev/null c 1 3; mknod w/d/dev/zero c 1 5
	echo before > w/d/dev/null
	chroot w/d /busybox sh -c "echo x > /dev/null; /busybox wc -c < /dev/null
	/busybox head -c 5 /dev/zero | /busybox wc -c
	/busybox stat -c \"%F %t %T\" /dev/null"'
	check_out "devices made before a chroot are the host's inside" 0 "0
5
character special file 1 3"
else
	skip_part "chroot: no static busybox (busybox-static)"
fi

# A session that mounts nothing: its opens stay in the kernel (--stats
# lists every call that reached the monitor), but the plain reading ones
# (for /proc/PID/status: fakeroot-ids.sh).
fr ': >w/a/y; echo z >>w/a/y; mv w/a/y w/a/z; rm w/a/z' --fakeroot --stats
check_grep "--stats works" "total" "$ERR"
capture sh -c 'printf "%s\n" "$1" | grep -c "^open"' sh "$ERR"
check_out "no mount, no open forwarded" 1 0

t_done
