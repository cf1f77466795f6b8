#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# run.sh - the kernel engine module in a real kernel: build uvmm.ko against
# Debian's kernel headers, boot that kernel under QEMU (TCG: KVM does not
# work on these machines) with a busybox initramfs holding the module and
# tests/kmod/kmodtest.c, insmod, run the suite, rmmod, power off; the
# guest's report decides.  Exit 77 (skipped, saying why) when the kernel
# image, its headers, qemu-system-x86_64 or a static busybox are missing:
# tools/setup.sh installs them.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
say() { printf '%s\n' "$*"; }
skip() { say "SKIP: kmod: $*"; exit 77; }

kver=$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sed 's|^/boot/vmlinuz-||' | sort -V | tail -n 1)
[ -n "$kver" ] || skip "no Debian kernel image (/boot/vmlinuz-*-amd64): apt-get install linux-image-amd64"
hdr=/usr/src/linux-headers-$kver
[ -d "$hdr" ] || skip "no headers for $kver: apt-get install linux-headers-amd64"
command -v qemu-system-x86_64 >/dev/null 2>&1 || skip "no qemu-system-x86_64: apt-get install qemu-system-x86"
bb=$(command -v busybox 2>/dev/null)
[ -n "$bb" ] && file -L "$bb" 2>/dev/null | grep -q 'statically linked' ||
	{ [ -x /bin/busybox ] && bb=/bin/busybox; }
[ -n "$bb" ] || skip "no static busybox: apt-get install busybox-static"
command -v cpio >/dev/null 2>&1 || skip "no cpio"
[ -r "/boot/vmlinuz-$kver" ] || skip "/boot/vmlinuz-$kver is not readable by $(id -un)"

T=$(mktemp -d "${TMPDIR:-/tmp}/uvmm-kmod.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/mod/include/uvmm" "$T/root/bin" "$T/root/proc" "$T/root/sys" \
	"$T/root/dev" "$T/root/tmp" || exit 99
cp "$top_srcdir/kernel-module/engine.c" "$top_srcdir/kernel-module/path.c" \
	"$top_srcdir/kernel-module/uvmm.h" "$top_srcdir/kernel-module/Kbuild" "$T/mod/" &&
	cp "$top_srcdir/include/uvmm/device.h" "$T/mod/include/uvmm/" || exit 99
# Not the jobs of the make that runs the tests: Kbuild's own.
unset MAKEFLAGS MFLAGS MAKELEVEL
if ! make -C "$hdr" M="$T/mod" modules >"$T/build.log" 2>&1; then
	cat "$T/build.log"
	say "FAIL: kmod: uvmm.ko does not build against $kver"
	exit 1
fi
if grep -E '\.[ch]:[0-9]+:[0-9]+: warning:' "$T/build.log"; then
	say "FAIL: kmod: uvmm.ko builds with warnings"
	exit 1
fi
"${CC:-cc}" -static -O2 -Wall -pthread -I"$top_srcdir/include" \
	-o "$T/root/kmodtest" "$top_srcdir/tests/kmod/kmodtest.c" >"$T/cc.log" 2>&1 ||
	{ cat "$T/cc.log"; skip "cannot link kmodtest statically (libc6-dev's libc.a)"; }

cp "$bb" "$T/root/bin/busybox" || exit 99
for a in sh mount umount cat echo insmod rmmod lsmod dmesg grep poweroff ls id \
	touch chown stat mkdir rm awk test true false timeout ifconfig; do
	ln -s busybox "$T/root/bin/$a"
done
# The monitor, with the libraries it links, for --backend=kmod.
uvmm=$top_builddir/vmm/uvmm
if [ -x "$uvmm" ] && file -L "$uvmm" | grep -q ELF; then
	cp "$uvmm" "$T/root/bin/uvmm" || exit 99
	for lib in $(ldd "$uvmm" | awk '/=> \// { print $3 } /^[[:space:]]*\// { print $1 }'); do
		mkdir -p "$T/root$(dirname "$lib")" &&
			cp -L "$lib" "$T/root$lib" || exit 99
	done
	cp "$top_srcdir/tests/kmod/monitor.sh" "$T/root/monitor.sh" || exit 99
	# KMOD_BENCH=1 (make bench): per-call costs on each backend too.
	if [ "${KMOD_BENCH:-0}" = 1 ] && [ -x "$top_builddir/bench/getppid-loop" ]; then
		cp "$top_builddir/bench/getppid-loop" "$T/root/bin/" &&
			cp "$top_srcdir/tests/kmod/bench.sh" "$T/root/bench.sh" || exit 99
	fi
else
	say "# vmm/uvmm is not built: the monitor's part is left out"
fi
cp "$T/mod/uvmm.ko" "$T/root/uvmm.ko" || exit 99
# The host's root, shared read-only by 9p, for the monitor's own suites
# (suites.sh) run on the kmod backend with the host's programs: the
# kernel's virtio and 9p modules go into the initramfs.  Under TCG they
# take ten minutes together, so they run when asked: KMOD_SUITES=all
# (every integration suite, the conformance and hostile-guest suites:
# what tools/test.sh asks for once), default (half the time: those that
# meet the module's filters most, and the quick ones), or a list of
# scripts; KMOD_JOBS of them at a time (suites.sh).
suites=${KMOD_SUITES:-none}
case $suites in
all)
	# The longest first, so that the last to start are short.
	heavy="tests/hostile/hostile.sh tests/integration/fakeroot-wrapper.sh tests/integration/fakeroot-files.sh tests/integration/debuggers.sh tests/integration/fsview-view.sh"
	suites=$heavy
	for s in $(sed -n 's|^[[:space:]]*\(tests/integration/[a-z-]*\.sh\).*|\1|p' \
		"$top_srcdir/tests/integration/Makemodule.am") \
		tests/conformance/conformance.sh; do
		case " $heavy $s" in
		*" $s "* | *" "*/lib.sh) ;;
		*) suites="$suites $s" ;;
		esac
	done ;;
default)
	# The longest first, as for all.
	suites="tests/integration/fakeroot-files.sh tests/integration/fsview-programs.sh tests/integration/netview.sh tests/integration/fakeroot-ids.sh tests/integration/fsview-mount.sh tests/integration/cli.sh tests/integration/fakeroot-persist.sh tests/integration/fakeroot-programs.sh tests/integration/fsview-escape.sh tests/integration/sandbox.sh tests/integration/fsview-prefix.sh tests/integration/hostile.sh tests/integration/cli-forms.sh tests/integration/proot.sh tests/integration/fakeroot-mount.sh tests/integration/fakeroot-static.sh tests/conformance/conformance.sh" ;;
esac
# Two at a time unless asked (the guest has two vCPUs; it mostly waits
# on the 9p share and on wakeups across them).  Safe since the guest
# holds the tracepoints' keys on (below): before, two or three at a
# time stalled TCG in the kernel text those keys patch.
jobs=${KMOD_JOBS:-2}
share=
mods=/lib/modules/$kver/kernel
if [ "$suites" = none ]; then
	say "# the monitor's suites on kmod: not asked for (KMOD_SUITES=all runs them)"
elif [ -x "$uvmm" ] && [ -f "$mods/fs/9p/9p.ko" ]; then
	mkdir -p "$T/root/9p" || exit 99
	for m in drivers/virtio/virtio_ring drivers/virtio/virtio \
		drivers/virtio/virtio_pci_legacy_dev \
		drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci \
		net/9p/9pnet net/9p/9pnet_virtio fs/netfs/netfs \
		fs/fscache/fscache fs/9p/9p; do
		if [ -f "$mods/$m.ko" ]; then
			cp "$mods/$m.ko" "$T/root/9p/" || exit 99
			echo "${m##*/}" >>"$T/root/9p/order"
		fi
	done
	printf '%s\n' "$(cd "$top_srcdir" && pwd -P)" \
		"$(cd "$top_builddir" && pwd -P)" "$jobs $suites" >"$T/root/9p/args"
	cp "$top_srcdir/tests/kmod/suites.sh" "$T/root/suites.sh" || exit 99
	for a in chroot sed head ln; do
		ln -s busybox "$T/root/bin/$a"
	done
	share="-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap"
else
	say "FAIL: kmod: KMOD_SUITES asked for, but no vmm/uvmm or no 9p module in $mods"
	exit 1
fi
cat >"$T/root/init" <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
# Booted quiet; from here on a lockup's or an oops's stacks show too
# (warnings and worse: softlockup_panic then ends the run, not a hang).
echo 5 >/proc/sys/kernel/printk
# Loopback, for the suites that serve and connect (netview.sh, bench.sh).
ifconfig lo 127.0.0.1 up
echo "kmod: kernel $(cat /proc/sys/kernel/osrelease)"
insmod /uvmm.ko && echo "kmod: insmod ok"
ls -l /dev/uvmm
/kmodtest
echo "kmod: kmodtest exit $?"
# QEMU's TCG (Debian 12's 7.2) can lose a vCPU in the int3 the kernel
# writes into a jump label it patches, when another vCPU runs through
# it: toggling raw_syscalls/sys_enter through tracefs while two threads
# make calls, with no uvmm.ko loaded, stalls both vCPUs within seconds.
# The first session of all registers the module's probes and the last
# one's end unregisters them, patching the sites every call and fork
# runs through; with sessions coming and going at once that is often.
# So from here on the kernel's own events hold those five tracepoints
# (tracing off: nothing recorded) and registering ours patches nothing.
# The suite above met the patching with one session at a time.
mount -t tracefs tracefs /sys/kernel/tracing
echo 0 >/sys/kernel/tracing/tracing_on
hold() {
	for e in raw_syscalls/sys_enter raw_syscalls/sys_exit sched/sched_process_fork \
		sched/sched_process_exec sched/sched_process_exit; do
		echo "$1" >"/sys/kernel/tracing/events/$e/enable" || echo "kmod: cannot hold $e"
	done
}
hold 1
/kmodtest --sessions
echo "kmod: kmodtest --sessions exit $?"
if [ -x /bin/uvmm ]; then
	PATH=/bin TMPDIR=/tmp sh /monitor.sh
	echo "kmod: monitor.sh exit $?"
fi
if [ -f /9p/args ]; then
	while read -r m; do insmod "/9p/$m.ko" || echo "kmod: insmod $m failed"; done </9p/order
	mkdir -p /host
	# cache=loose: the share is read-only and nothing the suites read
	# changes during the run, so the guest may keep names, attributes
	# and pages instead of asking QEMU for each (the three suites timed
	# both ways took about half as long).  multidevs=remap (above)
	# keeps the inode numbers of the host's several file systems apart,
	# which that cache needs: without it two files could be one inode
	# in the guest (an exec then ran another file than the one the
	# monitor checked).
	if mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose host /host; then
		src=$(sed -n 1p /9p/args) build=$(sed -n 2p /9p/args)
		mount -t proc proc /host/proc
		mount -t sysfs sysfs /host/sys
		mount -t devtmpfs devtmpfs /host/dev
		# The guest's own /tmp; a tree under the host's /tmp (as
		# tools/test.sh's unprivileged copy is) is bound back into it.
		mkdir -p /hosttmp
		mount -o bind /host/tmp /hosttmp
		mount -t tmpfs -o mode=1777 tmpfs /host/tmp
		for d in "$src" "$build"; do
			case $d in
			/tmp/*) mkdir -p "/host$d" &&
				mount -o bind "/hosttmp/${d#/tmp/}" "/host$d" ;;
			esac
		done
		mkdir -p /host/dev/shm /host/dev/pts
		mount -t tmpfs -o mode=1777 tmpfs /host/dev/shm
		mount -t devpts devpts /host/dev/pts
		# What udev adds to a devtmpfs, which the suites expect.
		ln -s /proc/self/fd /host/dev/fd
		ln -s /proc/self/fd/0 /host/dev/stdin
		ln -s /proc/self/fd/1 /host/dev/stdout
		ln -s /proc/self/fd/2 /host/dev/stderr
		# shellcheck disable=SC2046
		chroot /host /bin/sh -c "cd /tmp && PATH=/usr/sbin:/usr/bin:/sbin:/bin sh -s $src $build $(sed -n 3p /9p/args)" </suites.sh
		echo "kmod: suites.sh exit $?"
		for d in "$build" "$src"; do
			case $d in /tmp/*) umount "/host$d" 2>/dev/null ;; esac
		done
		umount /host/dev/pts /host/dev/shm /host/tmp /hosttmp /host/dev /host/sys /host/proc
	else
		echo "kmod: the host share did not mount"
	fi
fi
hold 0
if [ -f /bench.sh ]; then
	PATH=/bin TMPDIR=/tmp sh /bench.sh
fi
rmmod uvmm && echo "kmod: rmmod ok"
dmesg | grep -E 'uvmm|BUG|WARNING|Call Trace' | grep -v 'loading out-of-tree\|taint'
echo "kmod: done"
poweroff -f
EOF
chmod 755 "$T/root/init"
(cd "$T/root" && find . | cpio -o -H newc --quiet | gzip -1 >"$T/initramfs.gz") || exit 99

start=$(date +%s)
# shellcheck disable=SC2086
timeout 2400 qemu-system-x86_64 -accel tcg -smp 2 -m 2048 -nic none $share \
	-kernel "/boot/vmlinuz-$kver" -initrd "$T/initramfs.gz" \
	-append 'console=ttyS0 quiet panic=-1 oops=panic softlockup_panic=1 softlockup_all_cpu_backtrace=1' \
	-nographic -no-reboot \
	</dev/null >"$T/guest.log" 2>&1
rc=$?
tr -d '\r' <"$T/guest.log" | grep -a -E '^(ok|FAIL) - |^  (expected|got):|^bench:|^# the race|^kmod|kmodtest:|^monitor:|^suites:|^(PASS|FAIL|SKIP): |^  |BUG|WARNING|Call Trace|Oops|panic'
say "# qemu exit $rc after $(($(date +%s) - start)) s"
if tr -d '\r' <"$T/guest.log" | grep -aqE 'BUG:|WARNING:|Call Trace|Oops'; then
	# The first report whole: its stacks say where.
	tr -d '\r' <"$T/guest.log" | grep -a -m 1 -A 80 -E 'BUG:|WARNING:|Oops'
	say "FAIL: kmod: the kernel complained"
	exit 1
fi
# Two results: the suite, and the sessions begun and ended at once.
res=$(tr -d '\r' <"$T/guest.log" | grep -a -E '^kmodtest: [0-9]+ passed, [0-9]+ failed')
[ "$(printf '%s\n' "$res" | grep -c ' 0 failed$')" = 2 ] || {
	say "FAIL: kmod: kmodtest: ${res:-no result from the guest}"
	tr -d '\r' <"$T/guest.log" | tail -n 40
	exit 1
}
res=$(printf '%s\n' "$res" | awk '{ p += $2 } END { print "kmodtest: " p " passed, 0 failed" }')
if [ -x "$T/root/bin/uvmm" ]; then
	mres=$(tr -d '\r' <"$T/guest.log" | grep -a -E '^monitor: [0-9]+ passed, [0-9]+ failed' | tail -n 1)
	case $mres in
	*" 0 failed") ;;
	*) say "FAIL: kmod: uvmm --backend=kmod: ${mres:-no result}"; exit 1 ;;
	esac
	res="$res; $mres"
fi
if [ -n "$share" ]; then
	sres=$(tr -d '\r' <"$T/guest.log" | grep -a -E '^suites: [0-9]+ passed, [0-9]+ failed' | tail -n 1)
	case $sres in
	*" 0 failed"*) ;;
	*) say "FAIL: kmod: the monitor's suites on kmod: ${sres:-no result}"; exit 1 ;;
	esac
	res="$res; $sres"
fi
tr -d '\r' <"$T/guest.log" | grep -aq '^kmod: insmod ok' || { say "FAIL: kmod: insmod"; exit 1; }
tr -d '\r' <"$T/guest.log" | grep -aq '^kmod: rmmod ok' || { say "FAIL: kmod: rmmod after the suite"; exit 1; }
case $res in
*" 0 failed"*" 0 failed"*" 0 failed"* | *" 0 failed"*" 0 failed" | "kmodtest: "*" 0 failed") say "PASS: kmod: $res"; exit 0 ;;
*) say "FAIL: kmod: $res"; exit 1 ;;
esac
