#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# make bench, workloads: whole programs under uvmm and its peers, as ratios
# of their wall-clock time to the same work done natively.
#
# usage: bench/workloads/run.sh BUILDDIR
#   BENCH_RUNS      runs per tool and workload, the median is kept (5)
#   BENCH_BUDGET    seconds the workloads should take at most (480): when
#                   BENCH_RUNS is not set and the rounds so far show that
#                   the runs would not fit, fewer are made, and it is said
#   BENCH_WORKLOADS=no  skip the workloads
#
# Runs are interleaved (every tool once, then again) so that a slow spell
# of the VM hits every tool.  Each run is timed from the outside, tool
# start-up included, and checked afterwards (untimed).  Everything happens
# in one temporary directory, removed at exit; as root, fakeroot and proot
# are installed with apt-get when missing, otherwise a missing tool is
# skipped.

set -u

builddir=${1:?usage: run.sh BUILDDIR}
uvmm=$builddir/vmm/uvmm
runs_set=${BENCH_RUNS+set}
runs=${BENCH_RUNS:-5}
budget=${BENCH_BUDGET:-480}

case ${BENCH_WORKLOADS:-yes} in
no|0|false) echo "workloads: skipped (BENCH_WORKLOADS=${BENCH_WORKLOADS})"; exit 0 ;;
esac
case $runs in
''|*[!0-9]*|0) echo "workloads: BENCH_RUNS must be a positive integer" >&2; exit 2 ;;
esac
if ! test -x "$uvmm"; then
	echo "workloads: $uvmm is not built (run make)" >&2
	exit 1
fi
case $(date +%N) in
''|*[!0-9]*) echo "workloads: skipped: date +%N is not supported here"; exit 0 ;;
esac

# Nanoseconds since the epoch.
now() { date +%s%N; }

# A hung tool must not hang make bench.
to_w2='' to_w4=''
if command -v timeout >/dev/null 2>&1; then
	to_w2="timeout 600" to_w4="timeout 300"
fi

# The peers.  As root (e.g. on a fresh CI machine), install what is missing.
need=
for p in fakeroot proot; do
	command -v "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "workloads: installing$need with apt-get" >&2
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	apt-get install -y -q $need >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null 2>&1 &&
		  apt-get install -y -q $need >/dev/null 2>&1; }
fi
have() { command -v "$1" >/dev/null 2>&1; }

# The CPU "native, pinned" runs on: the first one we may use (uvmm
# itself pins to the CPU it starts on).
cpu=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*\([0-9]*\).*/\1/p' \
	/proc/self/status 2>/dev/null)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvmm-workloads.XXXXXX") || exit 1
cleanup() {
	rm -rf "$tmp" 2>/dev/null ||
		{ chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"; }
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- W2: the fake-root steps of a package build ---------------------------
#
# w2.sh MODE SRC.TAR DIR, run inside each tool with DIR a fresh directory.
# MODE fake: what a package build does under fake root.  MODE native: the
# same calls, minus what only root may do, so that native is the same work
# for root and for a normal user: chown to one's own ids instead of 0:0,
# and a FIFO instead of a character device (both one mknod call).  Each
# step runs even if one before failed, so that a tool that refuses one
# step is still timed; the failed steps are listed and the status is 1.
cat >"$tmp/w2.sh" <<'EOF'
mode=$1 src=$2 dir=$3
failed=
cd "$dir" || exit 99
mkdir t || exit 99
tar -C t -xf "$src" || failed="$failed tar-x"
if [ "$mode" = fake ]; then own=0:0 dev=c; else own=$(id -u):$(id -g) dev=p; fi
# -h: symbolic links themselves, never what they point to.
chown -R -h "$own" t || failed="$failed chown"
find t -type f | awk 'NR % 50 == 0' | tr '\n' '\0' | xargs -0 chmod u+s ||
	failed="$failed chmod"
if [ $dev = c ]; then mknod t/dev c 1 3; else mknod t/dev p; fi ||
	failed="$failed mknod"
tar --numeric-owner -cf out.tar t || failed="$failed tar-c"
if [ -n "$failed" ]; then
	echo "w2: failed:$failed" >&2
	exit 1
fi
EOF

# The tree: /usr/include and /usr/share/doc, owned by 0:0 in the archive.
# Unreadable files (as a normal user) are left out, not fatal.
echo "workloads: building the W2 tree" >&2
srcs='' shown=''
for s in usr/include usr/share/doc; do
	test -d "/$s" || continue
	srcs="$srcs $s"
	shown="${shown:+$shown + }/$s"
done
w2_ok=
# shellcheck disable=SC2086
if [ -n "$srcs" ] &&
   tar -C / --owner=0 --group=0 --numeric-owner --ignore-failed-read \
	-cf "$tmp/src.tar" $srcs 2>"$tmp/src.err" &&
   tar -tvf "$tmp/src.tar" >"$tmp/src.list"; then
	w2_ok=1
	src_n=$(wc -l <"$tmp/src.list")
	src_reg=$(awk 'substr($1, 1, 1) == "-"' "$tmp/src.list" | wc -l)
	src_mb=$(($(wc -c <"$tmp/src.tar") / 1048576))
	# The output also has t/, t/usr/, t/usr/share/ (made implicitly by
	# tar -x) and t/dev.
	w2_n=$((src_n + 4))
	w2_suid=$((src_reg / 50))
fi

# verify_w2 DIR OWNER DEVTYPE: the listing of DIR/out.tar; prints what is
# wrong, nothing when all is right.
verify_w2() {
	if ! test -s "$1/out.tar"; then
		echo "no archive"
		return
	fi
	tar --numeric-owner -tvf "$1/out.tar" 2>/dev/null | awk -v own="$2" \
	    -v dev="$3" -v n="$w2_n" -v suid="$w2_suid" '
		{ if ($2 == own) o++; if ($1 ~ /^-..[sS]/) s++
		  if ($NF == "t/dev") d = substr($1, 1, 1) }
		END {
			if (NR != n) printf "%d entries, not %d; ", NR, n
			if (o != NR) printf "%d of %d entries not %s; ", NR - o, NR, own
			if (s != suid) printf "%d setuid files, not %d; ", s, suid
			if (d != dev) printf "t/dev is \"%s\", not %s; ", d, dev
		}' | sed 's/; $//'
}

# --- the tools ------------------------------------------------------------
w2_ids="native native1 uvmm fakeroot proot"
w4_ids="native native1 uvmm uvtrace fakeroot proot"

label() {
	case $1 in
	native)   echo "native" ;;
	native1)  echo "native, pinned to CPU $cpu (taskset)" ;;
	uvmm)     echo "uvmm --fakeroot" ;;
	uvmmall)  echo "uvmm --cpus=all --fakeroot (1 run)" ;;
	uvtrace)  echo "uvmm --trace=/dev/null --trace-syscalls=getpid" ;;
	fakeroot) echo "fakeroot" ;;
	proot)    echo "proot -0" ;;
	esac
}

# Why tool $1 cannot run here, if it cannot.
unavailable() {
	case $1 in
	native1)
		if [ -z "$cpu" ] || ! have taskset; then
			echo "needs taskset and /proc/self/status"
		fi ;;
	fakeroot|proot)
		if ! have "$1"; then
			if [ "$(id -u)" -eq 0 ]; then
				echo "$1 is not installed (apt-get install failed)"
			else
				echo "$1 is not installed (not root: not installed for you)"
			fi
		fi ;;
	esac
}

# prefix TOOL ARGS...: run ARGS under TOOL, the whole under $to.
# shellcheck disable=SC2086
prefix() {
	t=$1
	shift
	case $t in
	native)   $to "$@" ;;
	native1)  $to taskset -c "$cpu" "$@" ;;
	uvmm)     $to "$uvmm" --fakeroot -- "$@" ;;
	uvmmall)  $to "$uvmm" --cpus=all --fakeroot -- "$@" ;;
	uvtrace)  $to "$uvmm" --trace=/dev/null --trace-syscalls=getpid -- "$@" ;;
	fakeroot) $to fakeroot -- "$@" ;;
	proot)    $to proot -0 "$@" ;;
	esac
}

# The results of workload W, tool T, live in $tmp/W-T: one line of
# seconds per timed run; W-T.fail (stop running it), W-T.skip, W-T.note
# (problems of runs that were still timed) and W-T.err (its last stderr).

# w2_run TOOL
w2_run() {
	k=w2-$1
	d=$(mktemp -d "$tmp/run.XXXXXX") || return
	case $1 in
	native|native1) mode=native own="$(id -u)/$(id -g)" dev=p ;;
	*)              mode=fake own=0/0 dev=c ;;
	esac
	# Start from clean page cache writeback, not the last run's.
	sync
	to=$to_w2
	t0=$(now)
	prefix "$1" sh "$tmp/w2.sh" "$mode" "$tmp/src.tar" "$d" \
		>"$tmp/$k.err" 2>&1
	st=$?
	t1=$(now)
	if test -s "$d/out.tar"; then
		echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) / 1e9 }' >>"$tmp/$k"
		bad=$(verify_w2 "$d" "$own" "$dev")
		[ "$st" -ne 0 ] && bad="exit status $st: $(tail -n 1 "$tmp/$k.err")${bad:+; $bad}"
		[ -n "$bad" ] && echo "$bad" >>"$tmp/$k.note"
	else
		echo "exit status $st, no archive: $(tail -n 1 "$tmp/$k.err")" >"$tmp/$k.fail"
	fi
	rm -rf "$d" 2>/dev/null || { chmod -R u+rwx "$d"; rm -rf "$d"; }
}

# W4: the command of the issue, then the count, which proves the loop ran.
w4_loop='i=0; while [ $i -lt 2000 ]; do /bin/true; i=$((i+1)); done'

w4_run() {
	k=w4-$1
	to=$to_w4
	t0=$(now)
	out=$(prefix "$1" sh -c "$w4_loop; echo \$i" 2>"$tmp/$k.err")
	st=$?
	t1=$(now)
	if [ "$st" -eq 0 ] && [ "$out" = 2000 ]; then
		echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) / 1e9 }' >>"$tmp/$k"
	else
		echo "exit status $st, output \"$out\": $(tail -n 1 "$tmp/$k.err")" >"$tmp/$k.fail"
	fi
}

# w_case W TOOL: one run, unless the tool is out.
w_case() {
	k=$1-$2
	[ -e "$tmp/$k.fail" ] || [ -e "$tmp/$k.skip" ] && return
	why=$(unavailable "$2")
	if [ -n "$why" ]; then
		echo "$why" >"$tmp/$k.skip"
		return
	fi
	"$1_run" "$2"
	if [ -e "$tmp/$k" ]; then
		printf 'workloads: %s %-48s %8ss\n' "$1" "$(label "$2")" \
			"$(tail -n 1 "$tmp/$k")" >&2
	fi
}

# --- the runs -------------------------------------------------------------
start=$(now)
reduced=
reduced_from=
r=1
while [ "$r" -le "$runs" ]; do
	printf 'workloads: run %d/%d\n' "$r" "$runs" >&2
	if [ -n "$w2_ok" ]; then
		for id in $w2_ids; do
			w_case w2 "$id"
			# Once, in the last round: the monitor left unpinned.
			if [ "$id" = uvmm ] && [ "$r" -eq "$runs" ]; then
				w_case w2 uvmmall
			fi
		done
	fi
	for id in $w4_ids; do
		w_case w4 "$id"
	done
	# Would the rounds left overrun the budget, at the pace so far?
	# The peers' pace varies most (see "placement" below the table).
	if [ -z "$runs_set" ] && [ "$r" -lt "$runs" ]; then
		el=$((($(now) - start) / 1000000000))
		per=$((el / r + 1))
		if [ $((el + per * (runs - r))) -gt "$budget" ]; then
			fit=$((r + (budget - el) / per))
			[ "$fit" -lt "$r" ] && fit=$r
			reduced="runs reduced from ${reduced_from:=$runs} to $fit: rounds took ~${per}s and the budget is ${budget}s (BENCH_BUDGET; BENCH_RUNS forces a count)"
			runs=$fit
			# The once-only run belongs to the last round.
			[ "$runs" -eq "$r" ] && [ -n "$w2_ok" ] && w_case w2 uvmmall
		fi
	fi
	r=$((r + 1))
done
total=$((($(now) - start) / 1000000000))

# --- the table --------------------------------------------------------------

# min median max of the numbers in file $1
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%d %.3f %.3f %.3f\n", NR, v[1], m, v[NR] }'
}
median() { stats "$1" | awk '{ print $3 }'; }

# What the row of workload $1, tool $2 is compared with.
target() {
	case $1-$2 in
	w2-uvmm)     echo "1.5" ;;
	w4-uvmm|w4-uvtrace) echo "1.3" ;;
	esac
}
reference() {
	case $1-$2 in
	w2-fakeroot) echo "earlier: 3.0x" ;;
	w2-proot)    echo "earlier: 25x" ;;
	w2-uvmmall)  echo "vs uvmm --fakeroot (pinned): $(awk -v a="$3" -v b="$4" 'BEGIN {
			if (b > 0) printf "%.2fx", a / b; else print "-" }')" ;;
	esac
}

status=0
fmt='%-3s %-48s %4s %7s %7s %7s %8s  %s\n'

row() {	# row W TOOL NATIVE_MEDIAN
	k=$1-$2
	W=$(echo "$1" | tr w W)
	if [ -e "$tmp/$k.skip" ]; then
		printf '%-3s %-48s skipped: %s\n' "$W" "$(label "$2")" "$(cat "$tmp/$k.skip")"
		return
	fi
	if [ -e "$tmp/$k.fail" ] && ! [ -s "$tmp/$k" ]; then
		printf '%-3s %-48s FAILED: %s\n' "$W" "$(label "$2")" "$(cat "$tmp/$k.fail")"
		case $2 in native*|uvmm*|uvtrace) status=1 ;; esac
		return
	fi
	[ -s "$tmp/$k" ] || return
	# shellcheck disable=SC2046
	set -- "$1" "$2" "$3" $(stats "$tmp/$k")
	ratio=$(awk -v m="$6" -v n="$3" 'BEGIN {
		if (n > 0) printf "%.2fx", m / n; else print "-" }')
	tg=$(target "$1" "$2")
	if [ -n "$tg" ]; then
		cmp=$(awk -v m="$6" -v n="$3" -v t="$tg" 'BEGIN {
			if (n <= 0) print "?"; else print (m / n <= t ? "met" : "MISSED") }')
		tg="target <= ${tg}x: $cmp"
	else
		tg=$(reference "$1" "$2" "$6" "$(median "$tmp/$1-uvmm" 2>/dev/null)")
	fi
	printf "$fmt" "$W" "$(label "$2")" "$4" "$5" "$6" "$7" "$ratio" "$tg"
	if [ -e "$tmp/$k.fail" ]; then
		printf '    then FAILED: %s\n' "$(cat "$tmp/$k.fail")"
	fi
	if [ -e "$tmp/$k.note" ]; then
		n=$(wc -l <"$tmp/$k.note")
		printf '    VERIFICATION FAILED in %d of %d runs: %s\n' "$n" "$4" \
			"$(tail -n 1 "$tmp/$k.note")"
		case $2 in native*|uvmm*|uvtrace) status=1 ;; esac
	fi
}

notrun() {	# notrun W TARGET
	printf '%-3s %-48s not run: needs --root/--bind (fsview); target <= %sx\n' \
		"$1" "uvmm" "$2"
}

echo
echo "workloads: wall-clock seconds of the whole command under each tool" \
     "(its start-up included),"
echo "  median of $runs interleaved runs; $(nproc 2>/dev/null || echo '?')" \
     "CPUs, Linux $(uname -r), as uid $(id -u); ${total}s in all"
[ -n "$reduced" ] && echo "workloads: NOTE: $reduced"
cat <<'EOF'
  runs, min, median, max: timed runs and their seconds
  ratio: median / the native median of the same workload (1.00x = native)
  target: the issue's goal for uvmm's ratio; earlier: the ratio the project
          measured before for that peer
EOF
echo
printf "$fmt" "" "tool" runs min median max ratio "target / reference"
notrun W1a 3
if [ -n "$w2_ok" ]; then
	nat=$(median "$tmp/w2-native" 2>/dev/null)
	for id in native native1 uvmm uvmmall fakeroot proot; do
		row w2 "$id" "${nat:-0}"
	done
else
	printf '%-3s FAILED: could not build the tree: %s\n' W2 "$(tail -n 1 "$tmp/src.err")"
	status=1
fi
notrun W3 1.10
nat=$(median "$tmp/w4-native" 2>/dev/null)
for id in $w4_ids; do
	row w4 "$id" "${nat:-0}"
done

echo
if [ -n "$w2_ok" ]; then
	cat <<EOF
W2: the fake-root part of a package build, on a $src_n-entry tree
    ($src_reg regular files, a $src_mb MB tar of $shown),
    each run in a fresh directory:
    tar -xf, chown -R -h 0:0, chmod u+s every 50th regular file ($w2_suid),
    mknod c 1 3, tar --numeric-owner -cf.  Checked afterwards, untimed, in
    tar -tvf of the result: $w2_n entries, all 0/0, $w2_suid setuid, t/dev a c.
    native: the same commands with no fake root, minus what needs root, so
    that it is the same work as root and as a user: tar -xf (as root it also
    restores the archive's 0:0 owners, as a user it does not try), chown -R -h
    to one's own uid:gid, the same chmod u+s, mknod p (a FIFO), tar -cf;
    checked the same way, with one's own ids and a p.  Run as root, a "fake"
    root that really applies the changes also passes the check.
EOF
fi
echo "W4: sh -c 'i=0; while [ \$i -lt 2000 ]; do /bin/true; i=\$((i+1)); done'"
echo "    then echo \$i, checked to be 2000."
echo "W1a, W3: need the fsview plugin (--root, --bind), not written yet."
cat <<'EOF'
Placement: uvmm pins itself and the command to one CPU unless --cpus=all;
    "native, pinned" shows what one CPU alone does to the work.  native and
    the peers run where the scheduler puts them, so each tracer round trip of
    fakeroot (faked's socket) and proot -0 (ptrace) may cross vCPUs, whose
    wakeup cost on a VM varies with the host: their ratios move the most
    from one run of make bench to the next.
EOF
exit $status
