# SPDX-License-Identifier: GPL-2.0-only
# bench.sh - in the QEMU guest (TCG: absolute times mean nothing, ratios
# do): ns per call of getppid-loop natively, under uvmm on each backend.
# "filtered out": getppid in a --fakeroot session, where it is not
# intercepted (the module's probes still see every call); "forwarded":
# getuid, which fakeroot emulates; "fd filter": getsockname of a socket
# nobody bound, in a --port-map session, which wants it only on the
# sockets it remapped (uvmm.ko leaves the others in the kernel; the
# notification filter cannot look at the file); "path filter": a stat, an
# open+close, an access and an lgetxattr of a file outside a --bind view,
# which wants them only under its mounts (uvmm.ko performs the others
# itself; the notification filter cannot look at the path, the monitor
# performs them); and a plain reading open+close (O_RDONLY alone) in a
# --fakeroot session, which wants those in /proc only (its
# /proc/PID/status).  Medians of 5 interleaved runs.
cd /tmp || exit 99
loop=/bin/getppid-loop
for r in 1 2 3 4 5; do
	$loop -t 0.3 >>/tmp/b.native
	uvmm --backend=kmod --fakeroot -- $loop -t 0.3 >>/tmp/b.kmod-out
	uvmm --backend=notify --fakeroot -- $loop -t 0.3 >>/tmp/b.notify-out
	uvmm --backend=kmod --fakeroot -- $loop -u -x 0 -t 0.3 >>/tmp/b.kmod
	uvmm --backend=notify --fakeroot -- $loop -u -x 0 -t 0.3 >>/tmp/b.notify
	uvmm --backend=ptrace --fakeroot -- $loop -u -x 0 -t 0.3 >>/tmp/b.ptrace
	$loop -s -t 0.3 >>/tmp/b.snative
	uvmm --backend=kmod --port-map=auto -- $loop -s -t 0.3 >>/tmp/b.kmod-fd
	uvmm --backend=notify --port-map=auto -- $loop -s -t 0.3 >>/tmp/b.notify-fd
	$loop -p /bin/busybox -t 0.3 >>/tmp/b.pnative
	uvmm --backend=kmod --bind /tmp:/mnt -- $loop -p /bin/busybox -t 0.3 >>/tmp/b.kmod-p
	uvmm --backend=notify --bind /tmp:/mnt -- $loop -p /bin/busybox -t 0.3 >>/tmp/b.notify-p
	$loop -o /bin/busybox -t 0.3 >>/tmp/b.onative
	uvmm --backend=kmod --bind /tmp:/mnt -- $loop -o /bin/busybox -t 0.3 >>/tmp/b.kmod-o
	uvmm --backend=notify --bind /tmp:/mnt -- $loop -o /bin/busybox -t 0.3 >>/tmp/b.notify-o
	$loop -a /bin/busybox -t 0.3 >>/tmp/b.anative
	uvmm --backend=kmod --bind /tmp:/mnt -- $loop -a /bin/busybox -t 0.3 >>/tmp/b.kmod-a
	uvmm --backend=notify --bind /tmp:/mnt -- $loop -a /bin/busybox -t 0.3 >>/tmp/b.notify-a
	$loop -g /bin/busybox -t 0.3 >>/tmp/b.gnative
	uvmm --backend=kmod --bind /tmp:/mnt -- $loop -g /bin/busybox -t 0.3 >>/tmp/b.kmod-g
	uvmm --backend=notify --bind /tmp:/mnt -- $loop -g /bin/busybox -t 0.3 >>/tmp/b.notify-g
	$loop -r /bin/busybox -t 0.3 >>/tmp/b.rnative
	uvmm --backend=kmod --fakeroot -- $loop -r /bin/busybox -t 0.3 >>/tmp/b.kmod-r
	uvmm --backend=notify --fakeroot -- $loop -r /bin/busybox -t 0.3 >>/tmp/b.notify-r
done
med() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
for c in native kmod-out notify-out kmod notify ptrace snative kmod-fd \
	notify-fd pnative kmod-p notify-p onative kmod-o notify-o anative \
	kmod-a notify-a gnative kmod-g notify-g rnative kmod-r notify-r; do
	m=$(med /tmp/b.$c)
	case $c in
	snative|*-fd) n=$(med /tmp/b.snative) ;;
	pnative|*-p) n=$(med /tmp/b.pnative) ;;
	onative|*-o) n=$(med /tmp/b.onative) ;;
	anative|*-a) n=$(med /tmp/b.anative) ;;
	gnative|*-g) n=$(med /tmp/b.gnative) ;;
	rnative|*-r) n=$(med /tmp/b.rnative) ;;
	*) n=$(med /tmp/b.native) ;;
	esac
	awk -v c="$c" -v m="$m" -v n="$n" 'BEGIN {
		l["native"] = "getppid, native"
		l["kmod-out"] = "getppid, filtered out, kmod session"
		l["notify-out"] = "getppid, filtered out, notify session"
		l["kmod"] = "getuid forwarded, kmod"
		l["notify"] = "getuid forwarded, notify"
		l["ptrace"] = "getuid forwarded, ptrace stop"
		l["snative"] = "getsockname, native"
		l["kmod-fd"] = "getsockname, fd filter, kmod --port-map"
		l["notify-fd"] = "getsockname forwarded, notify --port-map"
		l["pnative"] = "stat, native"
		l["kmod-p"] = "stat, path filter, kmod --bind"
		l["notify-p"] = "stat forwarded, notify --bind"
		l["onative"] = "open+close, native"
		l["kmod-o"] = "open+close, path filter, kmod --bind"
		l["notify-o"] = "open+close forwarded, notify --bind"
		l["anative"] = "access, native"
		l["kmod-a"] = "access, path filter, kmod --bind"
		l["notify-a"] = "access forwarded, notify --bind"
		l["gnative"] = "lgetxattr, native"
		l["kmod-g"] = "lgetxattr, path filter, kmod --bind"
		l["notify-g"] = "lgetxattr forwarded, notify --bind"
		l["rnative"] = "plain open+close, native"
		l["kmod-r"] = "plain open+close, path filter, kmod --fakeroot"
		l["notify-r"] = "plain open+close forwarded, notify --fakeroot"
		printf "bench: %-40s %10.1f ns %8.2fx\n", l[c], m, m / n }'
done
