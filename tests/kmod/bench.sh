# SPDX-License-Identifier: GPL-2.0-only
# bench.sh - in the QEMU guest (TCG: absolute times mean nothing, ratios
# do): ns per call of getppid-loop natively, under uvmm on each backend.
# "filtered out": getppid in a --fakeroot session, where it is not
# intercepted (the module's probes still see every call); "forwarded":
# getuid, which fakeroot emulates.  Medians of 5 interleaved runs.
cd /tmp || exit 99
loop=/bin/getppid-loop
for r in 1 2 3 4 5; do
	$loop -t 0.3 >>/tmp/b.native
	uvmm --backend=kmod --fakeroot -- $loop -t 0.3 >>/tmp/b.kmod-out
	uvmm --backend=notify --fakeroot -- $loop -t 0.3 >>/tmp/b.notify-out
	uvmm --backend=kmod --fakeroot -- $loop -u -x 0 -t 0.3 >>/tmp/b.kmod
	uvmm --backend=notify --fakeroot -- $loop -u -x 0 -t 0.3 >>/tmp/b.notify
	uvmm --backend=ptrace --fakeroot -- $loop -u -x 0 -t 0.3 >>/tmp/b.ptrace
done
med() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
n=$(med /tmp/b.native)
for c in native kmod-out notify-out kmod notify ptrace; do
	m=$(med /tmp/b.$c)
	awk -v c="$c" -v m="$m" -v n="$n" 'BEGIN {
		l["native"] = "getppid, native"
		l["kmod-out"] = "getppid, filtered out, kmod session"
		l["notify-out"] = "getppid, filtered out, notify session"
		l["kmod"] = "getuid forwarded, kmod"
		l["notify"] = "getuid forwarded, notify"
		l["ptrace"] = "getuid forwarded, ptrace stop"
		printf "bench: %-40s %10.1f ns %8.2fx\n", l[c], m, m / n }'
done
