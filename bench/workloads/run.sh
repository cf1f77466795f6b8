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
#   BENCH_ONLY      a comma-separated subset of W1a,W2,W3,W4,W5,W6 (all)
#   BENCH_TOOLS     a comma-separated subset of the tools (all; native is
#                   always run, the ratios need it)
#
# Runs are interleaved (every tool once, then again) so that a slow spell
# of the VM hits every tool.  Each run is timed from the outside, tool
# start-up included, and checked afterwards (untimed).  Everything happens
# in one temporary directory, removed at exit; as root, fakeroot and proot
# are installed with apt-get when missing, otherwise a missing tool is
# skipped.  W1a and W3 run in a file-system view (uvmm --root, the fsview
# plugin; proot -r): they are not run under uvmm if it has no --root.

set -u

builddir=${1:?usage: run.sh BUILDDIR}
# Absolute: the workloads run in directories of their own.
builddir=$(cd "$builddir" && pwd) || exit 2
uvmm=$builddir/vmm/uvmm
runs_set=${BENCH_RUNS+set}
runs=${BENCH_RUNS:-5}
budget=${BENCH_BUDGET:-480}
only=$(echo "${BENCH_ONLY:-}" | tr 'A-Z ' 'a-z,')
# The source tree this script belongs to: W3 builds it.
srcdir=$(cd "$(dirname "$0")/../.." && pwd)

case ${BENCH_WORKLOADS:-yes} in
no|0|false) echo "workloads: skipped (BENCH_WORKLOADS=${BENCH_WORKLOADS})"; exit 0 ;;
esac
case $runs in
''|*[!0-9]*|0) echo "workloads: BENCH_RUNS must be a positive integer" >&2; exit 2 ;;
esac
for w in $(echo "$only" | tr ',' ' '); do
	case $w in
	w1a|w2|w3|w4|w5|w6) ;;
	*) echo "workloads: BENCH_ONLY: no workload \"$w\" (W1a, W2, W3, W4, W5, W6)" >&2; exit 2 ;;
	esac
done
# want W: is workload W (w1a, w2, w3, w4, w5, w6) to run?
want() {
	case ,$only, in
	,,|*,$1,*) return 0 ;;
	esac
	return 1
}
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
to_w1a='' to_w2='' to_w3='' to_w4='' to_w5='' to_w6=''
if command -v timeout >/dev/null 2>&1; then
	to_w1a="timeout 600" to_w2="timeout 600" to_w3="timeout 900"
	to_w4="timeout 300" to_w5="timeout 900" to_w6="timeout 300"
fi

# The peers.  As root (e.g. on a fresh CI machine), install what is missing.
need=
for p in fakeroot proot bwrap; do
	command -v "$p" >/dev/null 2>&1 ||
		need="$need $(echo "$p" | sed 's/^bwrap$/bubblewrap/')"
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
tmp=$(cd "$tmp" && pwd) || exit 1
w2_dir=$tmp
w6_pid=
cleanup() {
	[ -n "$w6_pid" ] && kill "$w6_pid" 2>/dev/null
	[ "$w2_dir" != "$tmp" ] && rm -rf "$w2_dir" 2>/dev/null
	rm -rf "$tmp" 2>/dev/null ||
		{ chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"; }
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- W2: the fake-root steps of a package build ---------------------------
#
# Its runs happen on a tmpfs (/dev/shm, when it is one and has room): the
# disk's writeback would otherwise time the disk, not the tools.
w2_dir=$tmp
if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] &&
   [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -gt 2000000 ] 2>/dev/null; then
	w2_dir=$(mktemp -d /dev/shm/uvmm-w2.XXXXXX) || w2_dir=$tmp
fi
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
# Unreadable files (as a normal user) are left out, not fatal.  W1a reads
# it too, unpacked once.
srcs='' shown=''
for s in usr/include usr/share/doc; do
	test -d "/$s" || continue
	srcs="$srcs $s"
	shown="${shown:+$shown + }/$s"
done
w2_ok=
want w2 || want w1a && echo "workloads: building the W2 tree" >&2
# shellcheck disable=SC2086
if { want w2 || want w1a; } && [ -n "$srcs" ] &&
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

# --- the view of W1a and W3 -------------------------------------------------
#
# A root directory R of mount points, the host's /usr, /etc, /dev and /proc
# bound in (/usr and /etc read-only; /dev read-write, so that /dev/null
# takes writes), a tmpfs (uvmm) or an empty directory (proot) on /tmp, and
# the workload's tree on /src, the working directory.  Where the host's
# /bin, /lib... are symbolic links into /usr (merged /usr, as on Debian
# 12), R has the same links; where they are directories, they are bound
# read-only too.  proot gets the same binds (it has no read-only ones),
# and -w /src.
R=$tmp/root
mkdir "$R" "$R/usr" "$R/etc" "$R/dev" "$R/proc" "$R/tmp" "$R/src" "$tmp/vtmp"
uv_view="--root=$R --ro-bind=/usr --ro-bind=/etc --bind=/dev --bind=/proc --tmpfs=/tmp"
pr_view="-r $R -b /usr -b /etc -b /dev -b /proc"
view_shown="/usr:ro /etc:ro /dev /proc"
for x in bin sbin lib lib32 lib64 libx32; do
	if [ -L "/$x" ]; then
		ln -s "$(readlink "/$x")" "$R/$x"
	elif [ -d "/$x" ]; then
		mkdir "$R/$x"
		uv_view="$uv_view --ro-bind=/$x"
		pr_view="$pr_view -b /$x"
		view_shown="$view_shown /$x:ro"
	fi
done
# Word splitting carries the options: no blanks in the paths.
view_ok=1
case $tmp in *[[:space:]]*) view_ok= ;; esac
# Does this uvmm have the fsview plugin?
uv_root=
"$uvmm" --help 2>/dev/null | grep -q -e '--root' && uv_root=1

# view_opts TOOL: the options that make the view of TOOL, $vsrc on /src
# ($vsrc_ro set: read-only for uvmm).
view_opts() {
	case $1 in
	uvroot*)
		if [ -n "$vsrc_ro" ]; then
			echo "$uv_view --ro-bind=$vsrc:/src --chdir=/src"
		else
			echo "$uv_view --bind=$vsrc:/src --chdir=/src"
		fi ;;
	prootr)
		echo "$pr_view -b $tmp/vtmp:/tmp -b $vsrc:/src -w /src" ;;
	esac
}

# --- W1a: reading a tree -----------------------------------------------------
#
# The W2 tree, unpacked once (untimed); each timed run is five
# "tar -cf /dev/null usr" in it, which stat and open every file (GNU tar
# does not read the data of files when the archive is /dev/null: the
# workload is the walk).  Checked: every tar exits 0, then the count; on
# the first run, also that find sees as many entries as on the host.
w1a_cmd='i=0; while [ $i -lt 5 ]; do tar -cf /dev/null usr || { echo "w1a: tar $((i + 1)) of 5: exit status $?" >&2; exit 1; }; i=$((i + 1)); done; echo $i'
w1a_ok=
w1a_tree=$tmp/w1a
if want w1a && [ -n "$w2_ok" ]; then
	echo "workloads: unpacking the W1a tree" >&2
	mkdir "$w1a_tree" &&
	tar -C "$w1a_tree" -xf "$tmp/src.tar" 2>"$tmp/w1a-setup.err" &&
	w1a_n=$(cd "$w1a_tree" && find usr | wc -l) &&
	w1a_ok=1
fi

# --- W3: building a C project ----------------------------------------------
#
# The project: uvmm itself, as committed (git archive HEAD of the tree this
# script is in, then autoreconf -fi), or, with no git, the distribution
# files of BUILDDIR (make distdir).  Made once, untimed.  Each run builds a
# fresh copy on /src of the view: ./configure under the same tool and in
# the same view (so that the paths it writes into the Makefiles are those
# the build sees), untimed, then "make -j2", timed.  What is timed is the
# build: compiler, linker, libtool and make; configure is a shell script
# of hundreds of short processes, a different load (W4 measures that
# kind), and its times are printed below the table, apart.  Checked
# afterwards: the built vmm/uvmm runs and --version prints "uvmm ...".
w3_ok=
w3_how=
w3_src=$tmp/w3src
if want w3 || want w5; then
	echo "workloads: making the W3 source tree" >&2
	mkdir "$w3_src"
	if test -e "$srcdir/.git" && have git && have autoreconf &&
	   git -C "$srcdir" archive --format=tar HEAD 2>"$tmp/w3-setup.err" |
		tar -C "$w3_src" -xf - 2>>"$tmp/w3-setup.err" &&
	   test -s "$w3_src/configure.ac" &&
	   (cd "$w3_src" && autoreconf -fi) >/dev/null 2>>"$tmp/w3-setup.err"; then
		w3_ok=1 w3_how="git archive HEAD of $srcdir, autoreconf -fi"
	else
		rm -rf "$w3_src" && mkdir "$w3_src" &&
		make -s -C "$builddir" distdir distdir="$w3_src" \
			>/dev/null 2>>"$tmp/w3-setup.err" &&
		test -x "$w3_src/configure" &&
		w3_ok=1 w3_how="make distdir of $builddir"
	fi
	[ -n "$w3_ok" ] && w3_files=$(find "$w3_src" -name '*.[ch]' | wc -l)
fi

# --- the tools ------------------------------------------------------------
# --- W5 and W6: a sandbox ------------------------------------------------
#
# W5: make -j2 of the W3 tree (configured natively, untimed) under a
# policy that lets it read the system and write its own tree and /tmp,
# with podman's seccomp profile when it is installed; beside bwrap, the
# whole / read-only but /tmp and the tree, with the same profile compiled
# by uvmm (--seccomp-bpf).  W6: 100 curl of a local python3 http.server,
# the same way.
sb_prof=/usr/share/containers/seccomp.json
sb_pol=$tmp/sandbox.pol
sb_bpf=
uv_sb=
if "$uvmm" --help 2>/dev/null | grep -q -e '--policy'; then
	cat >"$sb_pol" <<EOF
default deny
allow read,stat,exec /usr/** /bin/** /lib/** /lib64/** /etc/**
allow read,stat /proc/** /sys/** /dev/**
allow write /dev/null /dev/tty
allow stat,chdir /**
allow all $tmp/** /tmp/**
allow connect 127.0.0.1/32
EOF
	uv_sb="--policy=$sb_pol"
	if [ -r "$sb_prof" ]; then
		uv_sb="$uv_sb --seccomp-profile=$sb_prof"
		"$uvmm" --seccomp-profile="$sb_prof" --seccomp-bpf="$tmp/sb.bpf" \
			-- true 2>"$tmp/sb-bpf.err" && sb_bpf=$tmp/sb.bpf
	fi
fi
w6_url=
if want w6 && have curl && have python3; then
	w6_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	mkdir "$tmp/www" && echo served >"$tmp/www/index.html"
	(cd "$tmp/www" && exec python3 -m http.server "$w6_port" --bind 127.0.0.1 \
		>/dev/null 2>&1) &
	w6_pid=$!
	n=0
	until curl -s -o /dev/null "http://127.0.0.1:$w6_port/" || [ $n -ge 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	[ $n -lt 100 ] && w6_url="http://127.0.0.1:$w6_port/"
fi
w6_cmd='i=0; while [ $i -lt 100 ]; do curl -s -o /dev/null "$0" || exit 1; i=$((i + 1)); done; echo $i'

# W1a and W3: uvroot, uvrootall and prootr in the view, the others on the
# host's tree (fakeroot has no view: it shows what LD_PRELOAD alone costs).
w1a_ids="native native1 uvroot uvrootpt fakeroot prootr"
w2_ids="native native1 uvmm uvmmall uvmmpt fakeroot proot"
w3_ids="native native1 uvroot uvrootall prootr"
w4_ids="native native1 uvmm uvtrace uvroot fakeroot proot prootr"
w5_ids="native native1 uvsbx uvsbxall bwrap"
w6_ids="native native1 uvsbx uvsbxall bwrap"
if [ -n "${BENCH_TOOLS:-}" ]; then
	# keep IDS...: those of IDS that BENCH_TOOLS names (and native).
	keep() {
		for id; do
			case ,native,$BENCH_TOOLS, in *,"$id",*) printf '%s ' "$id" ;; esac
		done
	}
	w1a_ids=$(keep $w1a_ids) w2_ids=$(keep $w2_ids)
	w3_ids=$(keep $w3_ids) w4_ids=$(keep $w4_ids)
	w5_ids=$(keep $w5_ids) w6_ids=$(keep $w6_ids)
fi

label() {
	case $1 in
	native)   echo "native" ;;
	native1)  echo "native, pinned to CPU $cpu (taskset)" ;;
	uvmm)     echo "uvmm --fakeroot" ;;
	uvmmall)  echo "uvmm --cpus=$cpu --fakeroot (pinned)" ;;
	uvmmpt)   echo "uvmm --backend=ptrace --fakeroot" ;;
	uvtrace)  echo "uvmm --trace=/dev/null --trace-syscalls=getpid" ;;
	fakeroot) echo "fakeroot" ;;
	proot)    echo "proot -0" ;;
	uvroot)   echo "uvmm --root=R + binds (fsview view)" ;;
	uvrootall) echo "uvmm --cpus=$cpu --root=R + binds (pinned)" ;;
	uvrootpt) echo "uvmm --backend=ptrace --root=R + binds" ;;
	prootr)   echo "proot -r R + the same binds" ;;
	uvsbx)    echo "uvmm --policy${sb_bpf:+ --seccomp-profile}" ;;
	uvsbxall) echo "uvmm --cpus=$cpu --policy (pinned)" ;;
	bwrap)    echo "bwrap${sb_bpf:+ --seccomp (the same profile)}" ;;
	esac
}

# Why tool $1 cannot run here, if it cannot.
unavailable() {
	case $1 in
	native1)
		if [ -z "$cpu" ] || ! have taskset; then
			echo "needs taskset and /proc/self/status"
		fi ;;
	uvroot|uvrootall|uvrootpt)
		if [ -z "$uv_root" ]; then
			echo "not run: uvmm has no --root (the fsview plugin)"
		elif [ -z "$view_ok" ]; then
			echo "a blank in $tmp"
		fi ;;
	prootr)
		if [ -z "$view_ok" ]; then
			echo "a blank in $tmp"
		else
			unavailable proot
		fi ;;
	uvsbx|uvsbxall)
		[ -z "$uv_sb" ] && echo "not run: uvmm has no --policy (the sandbox plugin)" ;;
	bwrap)
		if ! have bwrap; then
			echo "bwrap is not installed (apt-get install bubblewrap)"
		elif ! bwrap --ro-bind / / true 2>/dev/null; then
			echo "bwrap cannot make its namespaces here"
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

# prefix TOOL ARGS...: run ARGS under TOOL, the whole under $to; the view
# tools in the view of $vsrc (view_opts), split into words.
# shellcheck disable=SC2086,SC2046
prefix() {
	t=$1
	shift
	case $t in
	native)   $to "$@" ;;
	native1)  $to taskset -c "$cpu" "$@" ;;
	uvmm)     $to "$uvmm" --fakeroot -- "$@" ;;
	uvmmall)  $to "$uvmm" --cpus="$cpu" --fakeroot -- "$@" ;;
	uvmmpt)   $to "$uvmm" --backend=ptrace --fakeroot -- "$@" ;;
	uvtrace)  $to "$uvmm" --trace=/dev/null --trace-syscalls=getpid -- "$@" ;;
	fakeroot) $to fakeroot -- "$@" ;;
	proot)    $to proot -0 "$@" ;;
	uvroot)   $to "$uvmm" $(view_opts uvroot) -- "$@" ;;
	uvrootall) $to "$uvmm" --cpus="$cpu" $(view_opts uvroot) -- "$@" ;;
	uvrootpt) $to "$uvmm" --backend=ptrace $(view_opts uvroot) -- "$@" ;;
	prootr)   $to proot $(view_opts prootr) "$@" ;;
	uvsbx)    $to "$uvmm" $uv_sb -- "$@" ;;
	uvsbxall) $to "$uvmm" --cpus="$cpu" $uv_sb -- "$@" ;;
	bwrap)
		if [ -n "$sb_bpf" ]; then
			$to bwrap --ro-bind / / --dev /dev --proc /proc --bind /tmp /tmp \
				--bind "$tmp" "$tmp" --seccomp 9 "$@" 9<"$sb_bpf"
		else
			$to bwrap --ro-bind / / --dev /dev --proc /proc --bind /tmp /tmp \
				--bind "$tmp" "$tmp" "$@"
		fi ;;
	esac
}

# The results of workload W, tool T, live in $tmp/W-T: one line of
# seconds per timed run; W-T.fail (stop running it), W-T.skip, W-T.note
# (problems of runs that were still timed) and W-T.err (its last stderr).

# w2_run TOOL
w2_run() {
	k=w2-$1
	d=$(mktemp -d "$w2_dir/run.XXXXXX") || return
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
	# In the view (uvroot, prootr): an empty /src, the programs the view's.
	vsrc=$tmp/w4src vsrc_ro=1
	mkdir -p "$vsrc"
	rm -rf "$tmp/vtmp" && mkdir "$tmp/vtmp"
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

# w1a_run TOOL
w1a_run() {
	k=w1a-$1
	to=$to_w1a
	vsrc=$w1a_tree vsrc_ro=1
	rm -rf "$tmp/vtmp" && mkdir "$tmp/vtmp"
	t0=$(now)
	out=$(cd "$w1a_tree" && prefix "$1" sh -c "$w1a_cmd" 2>"$tmp/$k.err")
	st=$?
	t1=$(now)
	if [ "$st" -eq 0 ] && [ "$out" = 5 ]; then
		# The first run is also checked to see the whole tree.
		if ! test -s "$tmp/$k"; then
			n=$(cd "$w1a_tree" && prefix "$1" find usr 2>>"$tmp/$k.err" | wc -l)
			[ "$n" -eq "$w1a_n" ] ||
				echo "find usr: $n entries, not $w1a_n" >>"$tmp/$k.note"
		fi
		echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) / 1e9 }' >>"$tmp/$k"
	else
		echo "exit status $st, output \"$out\": $(tail -n 1 "$tmp/$k.err")" >"$tmp/$k.fail"
	fi
}

# w3_run TOOL
w3_run() {
	k=w3-$1
	to=$to_w3
	d=$(mktemp -d "$tmp/run.XXXXXX") || return
	vsrc=$d/src vsrc_ro=
	rm -rf "$tmp/vtmp" && mkdir "$tmp/vtmp"
	if ! cp -a "$w3_src" "$d/src" 2>"$tmp/$k.err"; then
		echo "could not copy the source tree: $(tail -n 1 "$tmp/$k.err")" >"$tmp/$k.fail"
		rm -rf "$d"
		return
	fi
	# TMPDIR may name a directory that is not in the view: the
	# compiler's temporary files go to /tmp, for every tool.
	t0=$(now)
	(cd "$d/src" && prefix "$1" sh -c 'unset TMPDIR; exec ./configure --disable-werror') \
		>"$tmp/$k.cfgout" 2>&1
	st=$?
	t1=$(now)
	if [ "$st" -ne 0 ]; then
		echo "./configure (untimed): exit status $st: $(tail -n 1 "$tmp/$k.cfgout")" >"$tmp/$k.fail"
		rm -rf "$d"
		return
	fi
	echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) / 1e9 }' >>"$tmp/$k.cfg"
	sync
	t0=$(now)
	(cd "$d/src" && prefix "$1" sh -c 'unset TMPDIR; exec make -j2') \
		>/dev/null 2>"$tmp/$k.err"
	st=$?
	t1=$(now)
	if test -x "$d/src/vmm/uvmm"; then
		echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) / 1e9 }' >>"$tmp/$k"
		v=$("$d/src/vmm/uvmm" --version 2>&1 </dev/null | head -n 1)
		case $v in
		"uvmm "*) bad= ;;
		*) bad="the built vmm/uvmm --version printed \"$v\"" ;;
		esac
		[ "$st" -ne 0 ] && bad="make: exit status $st: $(tail -n 1 "$tmp/$k.err")${bad:+; $bad}"
		[ -n "$bad" ] && echo "$bad" >>"$tmp/$k.note"
	else
		echo "make: exit status $st, no vmm/uvmm built: $(tail -n 1 "$tmp/$k.err")" >"$tmp/$k.fail"
	fi
	rm -rf "$d" 2>/dev/null || { chmod -R u+rwx "$d"; rm -rf "$d"; }
}

# w5_run TOOL
w5_run() {
	k=w5-$1
	to=$to_w5
	d=$(mktemp -d "$tmp/run.XXXXXX") || return
	if ! cp -a "$w3_src" "$d/src" 2>"$tmp/$k.err" ||
	   ! (cd "$d/src" && unset TMPDIR && ./configure --disable-werror) \
		>"$tmp/$k.cfgout" 2>&1; then
		echo "copy or ./configure (untimed) failed: $(tail -n 1 "$tmp/$k.cfgout" 2>/dev/null)" >"$tmp/$k.fail"
		rm -rf "$d"
		return
	fi
	sync
	t0=$(now)
	(cd "$d/src" && prefix "$1" sh -c 'unset TMPDIR; exec make -j2') \
		>/dev/null 2>"$tmp/$k.err"
	st=$?
	t1=$(now)
	v=$("$d/src/vmm/uvmm" --version 2>&1 </dev/null | head -n 1)
	case $st:$v in
	"0:uvmm "*) echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) / 1e9 }' >>"$tmp/$k" ;;
	*) echo "make: exit status $st, vmm/uvmm --version: \"$v\": $(tail -n 1 "$tmp/$k.err")" >"$tmp/$k.fail" ;;
	esac
	rm -rf "$d" 2>/dev/null || { chmod -R u+rwx "$d"; rm -rf "$d"; }
}

# w6_run TOOL
w6_run() {
	k=w6-$1
	to=$to_w6
	t0=$(now)
	out=$(prefix "$1" sh -c "$w6_cmd" "$w6_url" 2>"$tmp/$k.err")
	st=$?
	t1=$(now)
	if [ "$st" -eq 0 ] && [ "$out" = 100 ]; then
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

# w_all W TOOL...: one run of workload W under each tool.
w_all() {
	w=$1
	shift
	for id; do
		w_case "$w" "$id"
	done
}

# --- the runs -------------------------------------------------------------
w2_on=
want w2 && w2_on=$w2_ok
start=$(now)
reduced=
reduced_from=
r=1
while [ "$r" -le "$runs" ]; do
	printf 'workloads: run %d/%d\n' "$r" "$runs" >&2
	[ -n "$w1a_ok" ] && w_all w1a $w1a_ids
	[ -n "$w2_on" ] && w_all w2 $w2_ids
	want w3 && [ -n "$w3_ok" ] && w_all w3 $w3_ids
	want w4 && w_all w4 $w4_ids
	want w5 && [ -n "$w3_ok" ] && w_all w5 $w5_ids
	[ -n "$w6_url" ] && w_all w6 $w6_ids
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
	w1a-uvroot)  echo "3" ;;
	w2-uvmm)     echo "1.5" ;;
	w3-uvroot|w3-uvrootall) echo "1.10" ;;
	w4-uvmm|w4-uvtrace) echo "1.3" ;;
	esac
}
# vs_bwrap W MEDIAN: the ratio to bwrap's median of workload W.
vs_bwrap() {
	b=$(median "$tmp/$1-bwrap" 2>/dev/null)
	awk -v a="$2" -v b="${b:-0}" 'BEGIN {
		if (b > 0) printf "vs bwrap: %.2fx (goal <= 1.10x: %s)", a / b,
			a / b <= 1.10 ? "met" : "MISSED"; else print "" }'
}
reference() {
	case $1-$2 in
	w2-fakeroot) echo "earlier: 3.0x" ;;
	w2-proot)    echo "earlier: 25x" ;;
	w1a-fakeroot) echo "no view: the host's tree (LD_PRELOAD alone)" ;;
	w5-uvsbx*|w6-uvsbx*) vs_bwrap "$1" "$3" ;;
	w2-uvmmall)  echo "vs uvmm --fakeroot (unpinned): $(awk -v a="$3" -v b="$4" 'BEGIN {
			if (b > 0) printf "%.2fx", a / b; else print "-" }')" ;;
	esac
}

status=0
fmt='%-3s %-48s %4s %7s %7s %7s %8s  %s\n'

row() {	# row W TOOL NATIVE_MEDIAN
	k=$1-$2
	W=$(echo "$1" | tr w W)
	if [ -e "$tmp/$k.skip" ]; then
		why=$(cat "$tmp/$k.skip")
		tg=$(target "$1" "$2")
		case $why in
		"not run:"*) printf '%-3s %-48s %s%s\n' "$W" "$(label "$2")" "$why" \
			"${tg:+; target <= ${tg}x}" ;;
		*) printf '%-3s %-48s skipped: %s\n' "$W" "$(label "$2")" "$why" ;;
		esac
		return
	fi
	if [ -e "$tmp/$k.fail" ] && ! [ -s "$tmp/$k" ]; then
		printf '%-3s %-48s FAILED: %s\n' "$W" "$(label "$2")" "$(cat "$tmp/$k.fail")"
		case $2 in native*|uvmm*|uvtrace|uvroot*) status=1 ;; esac
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
		case $2 in native*|uvmm*|uvtrace|uvroot*) status=1 ;; esac
	fi
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
if [ -n "$w1a_ok" ]; then
	nat=$(median "$tmp/w1a-native" 2>/dev/null)
	for id in $w1a_ids; do
		row w1a "$id" "${nat:-0}"
	done
elif want w1a; then
	if [ -n "$w2_ok" ]; then
		why="could not unpack the tree: $(tail -n 1 "$tmp/w1a-setup.err")"
	else
		why="could not build the tree: $(tail -n 1 "$tmp/src.err")"
	fi
	printf '%-3s FAILED: %s\n' W1a "$why"
	status=1
fi
if [ -n "$w2_on" ]; then
	nat=$(median "$tmp/w2-native" 2>/dev/null)
	for id in $w2_ids; do
		row w2 "$id" "${nat:-0}"
	done
elif want w2; then
	printf '%-3s FAILED: could not build the tree: %s\n' W2 "$(tail -n 1 "$tmp/src.err")"
	status=1
fi
if want w3 && [ -n "$w3_ok" ]; then
	nat=$(median "$tmp/w3-native" 2>/dev/null)
	for id in $w3_ids; do
		row w3 "$id" "${nat:-0}"
	done
elif want w3; then
	printf '%-3s FAILED: could not make the source tree (git archive, make distdir): %s\n' \
		W3 "$(tail -n 1 "$tmp/w3-setup.err" 2>/dev/null)"
	status=1
fi
if want w4; then
	nat=$(median "$tmp/w4-native" 2>/dev/null)
	for id in $w4_ids; do
		row w4 "$id" "${nat:-0}"
	done
fi
if want w5 && [ -n "$w3_ok" ]; then
	nat=$(median "$tmp/w5-native" 2>/dev/null)
	for id in $w5_ids; do
		row w5 "$id" "${nat:-0}"
	done
fi
if [ -n "$w6_url" ]; then
	nat=$(median "$tmp/w6-native" 2>/dev/null)
	for id in $w6_ids; do
		row w6 "$id" "${nat:-0}"
	done
elif want w6; then
	printf '%-3s skipped: no curl or python3, or the http.server did not start\n' W6
fi

echo
[ -n "$only" ] && echo "Only $BENCH_ONLY (BENCH_ONLY)."
if [ -n "$w1a_ok" ] || { want w3 && [ -n "$w3_ok" ]; }; then
	echo "The view of W1a and W3: R, a directory of mount points and of the host's"
	echo "    symbolic links among /bin /sbin /lib... (merged /usr), TREE on /src:"
	for v in "uvmm $uv_view --[ro-]bind=TREE:/src --chdir=/src" \
	         "proot $pr_view -b EMPTYDIR:/tmp -b TREE:/src -w /src"; do
		echo "$v" | sed "s|$R|R|g" | fold -s -w 70 |
			sed '1s/^/    /; 2,$s/^/      /; s/ *$//'
	done
	echo "    (W1a: --ro-bind for TREE); native, native pinned and fakeroot: in"
	echo "    TREE on the host."
fi
if [ -n "$w1a_ok" ]; then
	cat <<EOF
W1a: tar -cf /dev/null usr, five times in a row, in the W2 tree unpacked
    ($w1a_n entries in usr, $src_reg regular files); each tar's status
    checked 0, and in the first run that find usr sees them all.
    GNU tar reads no file data when the archive is /dev/null: this is the
    walk (fstatat, openat, getdents) of the tree, five times.
EOF
fi
if [ -n "$w2_on" ]; then
	cat <<EOF
W2: the fake-root part of a package build, on a $src_n-entry tree
    ($src_reg regular files, a $src_mb MB tar of $shown),
    each run in a fresh directory (on /dev/shm when it is a tmpfs):
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
if want w3 && [ -n "$w3_ok" ]; then
	cat <<EOF
W3: make -j2 of uvmm ($w3_files .c/.h files), made from:
    $w3_how;
    in a fresh copy on /src, after ./configure --disable-werror under the
    same tool in the same view, untimed; checked: the built vmm/uvmm
    --version prints "uvmm ...".
EOF
	for id in $w3_ids; do
		test -s "$tmp/w3-$id.cfg" &&
			printf ' %s %ss;' "$(echo "$id" | sed 's/^uvroot/uvmm/; s/^prootr/proot/')" \
				"$(median "$tmp/w3-$id.cfg")"
	done | sed 's/^/    configure, median (not in the ratios):/; s/;$/./' |
		fold -s -w 72 | sed '2,$s/^/      /; s/ *$//'
	echo
fi
if want w4; then
	echo "W4: sh -c 'i=0; while [ \$i -lt 2000 ]; do /bin/true; i=\$((i+1)); done'"
	echo "    then echo \$i, checked to be 2000; uvroot and prootr in the view of"
	echo "    W1a and W3 (each program and its ELF interpreter are the view's)."
fi
if want w5 || want w6; then
	cat <<EOF
W5: make -j2 of the W3 tree, configured natively (untimed); W6: 100 x curl
    of a python3 http.server on 127.0.0.1.  The sandbox: uvmm $uv_sb,
    the policy: default deny; the system's trees read, stat and exec;
    /proc /sys /dev read; /dev/null written; stat and chdir anywhere; all
    in the bench's directory and /tmp; connect to 127.0.0.1.  bwrap:
    --ro-bind / / --dev /dev --proc /proc --bind /tmp --bind DIR${sb_bpf:+
    --seccomp (the same profile, compiled by uvmm --seccomp-bpf)}.
EOF
fi
cat <<'EOF'
Placement: uvmm leaves itself and the command to the scheduler unless
    --cpus=N pins them all to CPU N (the "pinned" rows); "native, pinned"
    shows what one CPU alone does to the work.  native and
    the peers run where the scheduler puts them, so each tracer round trip of
    fakeroot (faked's socket) and proot -0 (ptrace) may cross vCPUs, whose
    wakeup cost on a VM varies with the host: their ratios move the most
    from one run of make bench to the next.
EOF
exit $status
