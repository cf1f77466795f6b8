#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# hostile.sh - the hostile-guest suite: each program in tests/hostile/ tries
# one way out of a view (--root of read-only binds and --tmpfs /tmp, the
# secret in $T/outside, not in the view) or out of the monitor's sight,
# dynamic and static.  Natively, the path attacks reach the secret (so each
# check can fail); under uvmm, every attempt must be held, the monitor must
# not crash and must exit, and no guest process may outlive it.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=../integration/lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

HOSTILE_SRC=$top_srcdir/tests/hostile
PROGS="iouring listener monitor untraced namespaces killclone rofds readlink mounts race swap fdswap fifoswap execrace storm netrace debugger"

require "${CC:-cc}"
t_init
need_fsview
view_root "$T/root"
t_guard "$T/root" "$T/outside"
mkdir -p outside root/opt root/tmp || hard_error "mkdir"
SECRET=SECRET-OUTSIDE-MARKER
echo "$SECRET" >outside/marker
STATIC=
for p in $PROGS; do
	it_prog "$p" "$HOSTILE_SRC/$p.c" "root/opt/$p" ||
		{ cat "$T/.lib/cc"; hard_error "cannot build $p.c"; }
	if it_prog "$p-static" "$HOSTILE_SRC/$p.c" "root/opt/$p-static" -static; then
		STATIC="$STATIC $p"
	fi
done
test -n "$STATIC" || skip_part "static variants (cc -static cannot link)"

# The attacks do reach the secret natively: the checks below can fail.
for p in iouring listener untraced debugger; do
	capture "root/opt/$p" "$T/outside/marker"
	check_grep "natively, $p reaches the secret" "ESCAPED" "$OUT"
done

# The rounds of the longest races.  A quick run (UVMM_TEST_QUICK: the
# kmod job, whose QEMU/TCG makes a round cost some 15 times what it does
# on the host; distcheck) makes a quarter of them; make check on the
# host, on each backend, makes them all.
if [ -n "${UVMM_TEST_QUICK:-}" ]; then rdiv=4; else rdiv=1; fi
RACE_N=$((20000 / rdiv)) SWAP_N=$((2000 / rdiv)) FIFO_N=$((3000 / rdiv))

# guest PROG ARG...: PROG in the view; the result is captured, and no
# process of the session may be left once uvmm has exited.
guest() {
	# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
	capture uvmm $VIEW --tmpfs /tmp -- /opt/"$@"
	# Every guest has $T in its arguments: no other run's process matches.
	left=$(pgrep -f -- "/opt/$1 .*$T" 2>/dev/null | while read -r pid; do
		test "$(cat "/proc/$pid/comm" 2>/dev/null)" = uvmm-reaper || echo "$pid"
	done)
	check "$1: no guest process outlived the monitor" "" "$left"
}

ATTACKS="iouring listener untraced monitor namespaces debugger"
# Root may ptrace and open any process's /proc files (CAP_SYS_PTRACE):
# only a user shows that the monitor is closed to its guests.
if [ "$ME_UID" -eq 0 ]; then
	ATTACKS="iouring listener untraced namespaces debugger"
	say "# monitor: not run as root, who may ptrace any process"
fi
for p in $ATTACKS; do
	for v in "$p" "$p-static"; do
		case " $STATIC " in *" $p "*) ;; *) test "$v" = "$p" || continue ;; esac
		case $p in
		monitor | namespaces) arg=$T/outside ;;
		*) arg=$T/outside/marker ;;
		esac
		guest "$v" "$arg"
		check "$v: every attempt held (status 0)" 0 "$RC"
		check_nogrep "$v: nothing escaped" "ESCAPED" "$OUT"
		check_nogrep "$v: the secret was not read" "$SECRET" "$OUT"
		check_grep "$v: it reports what held" "held " "$OUT"
		check_nogrep "$v: the monitor did not crash" "uvmm:" "$ERR"
	done
done

# The same attacks under a sandbox policy that denies the outside,
# instead of a view (the secret keeps its host path).
printf 'default allow\ndeny all %s/outside/**\n' "$T" >"$T/.lib/deny.pol"
if "$UVMM" --help 2>/dev/null | grep -q -- '--policy'; then
	for p in $ATTACKS; do
		case $p in
		monitor | namespaces) arg=$T/outside ;;
		*) arg=$T/outside/marker ;;
		esac
		capture uvmm --policy="$T/.lib/deny.pol" -- "$T/root/opt/$p" "$arg"
		check "$p under a deny policy: every attempt held (status 0)" 0 "$RC"
		check_nogrep "$p under a deny policy: nothing escaped" "ESCAPED" "$OUT"
		check_nogrep "$p under a deny policy: the secret was not read" "$SECRET" "$OUT"
	done
fi

# A file both read-only and writable by two names: every fd opened by the
# read-only one stays read-only, however many are open.
mkdir -p w root/w root/r || hard_error "mkdir"
i=0
while [ $i -lt 40 ]; do
	echo "$i" >"w/f$i" && chmod 644 "w/f$i" || hard_error "cannot make w/f$i"
	i=$((i + 1))
done
# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
capture uvmm $VIEW --bind "$T/w:/w" --ro-bind "$T/w:/r" -- /opt/rofds /r 40
check_out "40 fds opened by a read-only name: none can fchmod or fchown" 0 \
	"40 read-only fds checked"
check "the files' modes are unchanged" "40 x 644" \
	"$(stat -c %a w/f* | sort | uniq -c | awk '{ print $1 " x " $2 }')"

# The view cannot be undone with the mount(2) fsview emulates (as fake
# root, who may mount): a --ro-bind stays read-only, a --hide stays (its
# path does not exist for umount or MS_MOVE to name).
mkdir -p w/tree/hidden root/tree root/spare || hard_error "mkdir"
echo "$SECRET" >w/tree/hidden/marker
# The same again in a mount namespace of its own (unshare(CLONE_NEWNS)),
# which inherits the view's mounts locked, as the kernel's does.
for ns in "" unshare; do
	# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
	capture uvmm $VIEW --fakeroot --ro-bind "$T/w:/ro" --bind "$T/w/tree:/tree" \
		--hide /tree/hidden -- /opt/mounts /ro /tree /tree/hidden /spare $ns
	check_out "remount rw, non-recursive bind, umount and move of the view: refused${ns:+ after unshare}" 0 \
		"held remount,bind rw of a read-only bind: EPERM
held write in the read-only bind: EROFS
held non-recursive bind over a --hide: EINVAL
held umount of the --hide: ENOENT
held MS_MOVE of the --hide: ENOENT"
	check "nothing was written through the read-only bind${ns:+ after unshare}" "" \
		"$(ls w/written 2>&1 | grep -v 'No such')"
done

# Recursive binds of / double the mount table each time: the view stops
# them at its bound (ENOSPC), quickly and in little memory.
if have mount; then
	# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
	IT_TIMEOUT=60 capture uvmm $VIEW --fakeroot --tmpfs /tmp -- /bin/sh -c \
		'mkdir /tmp/m; i=0; while [ $i -lt 20 ]; do mount --rbind / /tmp/m 2>/dev/null; echo "$?"; i=$((i + 1)); done | sort | uniq -c | sort -rn | sed "s/^ *//"; test -d /tmp/m/usr && echo usr'
	check_grep "20 recursive binds of /: the first ones work" " 0" "$OUT"
	check_grep "20 recursive binds of /: the view refuses the rest" " 32" "$OUT"
	check "20 recursive binds of /: the monitor lives on, the view works" \
		"0 usr" "$RC $(echo "$OUT" | tail -n 1)"
else
	skip_part "recursive binds: mount(8) is not installed"
fi

# A path swapped by another thread after the monitor checked it: the
# kernel must never read it again.  $T/w is bound at /w (the same names
# inside: the ptrace backend leaves such paths to the kernel), and w/up
# leads to the outside on the host only.
ln -s ../outside w/up && echo "good file" >w/good || hard_error "cannot make w/up"
capture sh -c 'cd w && cat up/marker'
check_grep "natively, w/up/marker is the secret" "$SECRET" "$OUT"
# Opens the monitor performs never read the path again; those it leaves
# to the kernel (all of them on the ptrace backend, O_PATH ones everywhere:
# seccomp cannot hand over such an fd) are compared at the call's exit with
# what was checked, and a process that got another file is killed before
# it uses it; openat2's are walked by the kernel with no symlink allowed.
for mode in open opath openat2; do
	for v in race race-static; do
		case " $STATIC " in *" race "*) ;; *) test "$v" = race || continue ;; esac
		# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
		capture uvmm $VIEW --bind "$T/w:/w" --chdir /w -- /opt/$v good up/marker "$RACE_N" $mode
		check_nogrep "$v $mode: $RACE_N opens of a path swapped after the check: never the secret" \
			ESCAPED "$OUT"
		case $RC:$OUT in
		0:*"held the path swapped after the check: 0"*"good opened at least once: yes") pass "$v $mode: it ran to its end" ;;
		137:*) check_grep "$v $mode: killed when the kernel opened another file than the one checked" \
			"reached another file than the one checked" "$ERR" ;;
		*) fail "$v $mode: held to its end, or killed by the monitor" \
			"status 0 with held and good opened, or 137" "status $RC: $OUT" ;;
		esac
	done
done

# The same for exec, which the kernel performs from the path: the program
# it ran is checked at the exec event (not before its first instruction).
printf '#include <stdio.h>\nint main(void) { puts("%s"); return 0; }\n' \
	"$SECRET" >"$T/.lib/prog.c" &&
	"${CC:-cc}" -o outside/prog "$T/.lib/prog.c" >"$T/.lib/cc" 2>&1 ||
	{ cat "$T/.lib/cc"; hard_error "cannot build outside/prog"; }
capture sh -c 'cd w && ./up/prog'
check_grep "natively, w/up/prog prints the secret" "$SECRET" "$OUT"
# execrace_ran WHAT: the race did run: some exec ran the good program, or
# (a loaded machine, where the flipping thread can win every time) the
# monitor killed those that ran another than the one checked.
execrace_ran() {
	case $RC:$OUT in
	0:*"ran the good program: yes"*) pass "$1: the race ran" ;;
	0:*"ran the good program: no"*)
		check_grep "$1: the race ran (the monitor killed swapped execs)" \
			"ran another program than the one checked" "$ERR" ;;
	*) fail "$1: the race ran" "status 0" "status $RC: $OUT" ;;
	esac
}
for v in execrace execrace-static; do
	case " $STATIC " in *" execrace "*) ;; *) test "$v" = execrace || continue ;; esac
	# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
	capture uvmm $VIEW --bind "$T/w:/w" --chdir /w -- /opt/$v /usr/bin/true up/prog 300
	check_grep "$v: 300 execs of a path swapped after the check: never the outside program" \
		"held exec of a path swapped after the check: 0" "$OUT"
	execrace_ran "$v"
done

# The same races under a sandbox policy instead of a view (the paths are
# the host's, the rules deny the outside): decided on what the monitor
# resolved and then used, never on what the kernel reads again.
if "$UVMM" --help 2>/dev/null | grep -q -- '--policy'; then
	for mode in open opath; do
		capture uvmm --policy="$T/.lib/deny.pol" --chdir "$T/w" -- \
			"$T/root/opt/race" good up/marker "$RACE_N" $mode
		check_nogrep "race $mode under a deny policy: never the secret" \
			ESCAPED "$OUT"
		case $RC:$OUT$ERR in
		0:*"good opened at least once: yes"* | 137:*"reached another file than the one checked"*)
			pass "race $mode under a deny policy: held to its end, or killed" ;;
		*) fail "race $mode under a deny policy: held to its end, or killed" \
			"status 0 and good opened, or 137" "status $RC: $OUT $ERR" ;;
		esac
	done
	capture uvmm --policy="$T/.lib/deny.pol" --chdir "$T/w" -- \
		"$T/root/opt/execrace" /usr/bin/true up/prog 300
	check_grep "execrace under a deny policy: never the outside program" \
		"held exec of a path swapped after the check: 0" "$OUT"
	execrace_ran "execrace under a deny policy"
fi

# Names made, changed and removed under a directory another thread keeps
# swapping with a symlink to the outside (host path): natively some calls
# follow the link and change the outside; in the view, never.
mkdir -p nat/w nat/out || hard_error "mkdir nat"
echo keep >nat/out/marker
capture ./root/opt/swap "$T/nat/w" "$T/nat/out" 2000
now=$(cat nat/out/marker 2>/dev/null; ls nat/out)
check "natively, the swapped link leads some calls outside" changed \
	"$(test "$now" = "keep
marker" || echo changed)"
if [ "${UVMM_BACKEND:-auto}" = ptrace ]; then
	say "# swap: not run on the ptrace backend, which lets the kernel walk a checked path again (uvmm(1))"
else
	before=$(cd outside && ls -la --time-style=+ . && cat marker)
	for v in swap swap-static; do
		case " $STATIC " in *" swap "*) ;; *) test "$v" = swap || continue ;; esac
		rm -rf w/d w/s
		# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
		capture uvmm $VIEW --bind "$T/w:/w" -- /opt/$v /w "$T/outside" "$SWAP_N"
		check_out "$v: $SWAP_N rounds of calls under a dir swapped with a link" 0 \
			"held names made under a directory swapped with a link: 0
made at least once: yes"
		check "$v: the outside is untouched" "$before" \
			"$(cd outside && ls -la --time-style=+ . && cat marker)"
	done
fi

# A name swapped with a FIFO between the monitor's look at it and its
# open: the monitor never waits in an open (the writer that would let it
# go waits behind it), and the guest's file has the flags it asked for.
# (The ptrace backend lets the kernel open the path, and kills a process
# whose open reached another file than the one checked: see race above.)
mkdir -p w/fifo || hard_error "mkdir w/fifo"
for v in fifoswap fifoswap-static; do
	case " $STATIC " in *" fifoswap "*) ;; *) test "$v" = fifoswap || continue ;; esac
	# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
	IT_TIMEOUT=120 capture uvmm $VIEW --bind "$T/w:/w" -- /opt/$v /w/fifo "$FIFO_N"
	case ${UVMM_BACKEND:-auto}:$RC:$ERR in
	ptrace:137:*"reached another file than the one checked"*)
		pass "$v: $FIFO_N opens of a name swapped with a FIFO: killed when the kernel opened another file" ;;
	*)
		check_out "$v: $FIFO_N opens of a name swapped with a FIFO: no wait, the flags asked for" 0 \
			"opens of a name swapped with a FIFO: $FIFO_N" ;;
	esac
done

# An fd number swapped (dup2) between a read-only and a writable file
# while the other thread changes the file at that number: the read-only
# one never changes.
mkdir -p rodir && echo ro >rodir/file && chmod 644 rodir/file &&
	touch -d @1000000000 rodir/file && echo rw >w/rwfile ||
	hard_error "cannot make rodir/file"
if [ "${UVMM_BACKEND:-auto}" = ptrace ]; then
	say "# fdswap: not run on the ptrace backend, which lets the kernel take a checked fd number again (uvmm(1))"
else
	for v in fdswap fdswap-static; do
		case " $STATIC " in *" fdswap "*) ;; *) test "$v" = fdswap || continue ;; esac
		# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
		capture uvmm $VIEW --bind "$T/w:/w" --ro-bind "$T/rodir:/r" -- /opt/$v /r/file /w/rwfile 5000
		check_out "$v: 5000 changes through an fd number swapped after the check" 0 \
			"held changes through an fd number swapped after the check: 0
changed the writable file: yes"
		check "$v: the read-only file is unchanged" "644 1000000000" \
			"$(stat -c '%a %Y' rodir/file)"
	done
fi

# A sockaddr flipped between an allowed and a denied port while the other
# thread connects with it: never to the denied one.  Natively both.
pa=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null)
pd=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null)
if [ -z "$pa" ] || [ -z "$pd" ]; then
	skip_part "netrace (no python3 to find free ports)"
else
	capture ./root/opt/netrace "$pa" "$pd" 2000
	check_grep "natively, netrace connects to both ports" "ESCAPED" "$OUT"
	if [ "${UVMM_BACKEND:-auto}" = ptrace ]; then
		say "# netrace: not run on the ptrace backend, whose kernel reads the (rewritten) sockaddr again (uvmm(1))"
	else
		for v in netrace netrace-static; do
			case " $STATIC " in *" netrace "*) ;; *) test "$v" = netrace || continue ;; esac
			capture uvmm --deny-connect="127.0.0.1:$pd" -- ./root/opt/$v "$pa" "$pd" 2000
			check_out "$v: 2000 connects with a sockaddr flipped after the check" 0 \
				"held connects to the denied port: 0
connected to the allowed port: yes"
		done
	fi
fi

# Links translated back to guest paths: no host bytes past their length.
capture uvmm $VIEW --chdir /opt -- /opt/readlink /proc/self/exe /proc/self/cwd
check "readlink of /proc/self/{exe,cwd} leaves no host path bytes" \
	"0 held readlink's buffer past its length: 0
held readlink's buffer past its length: 0" "$RC $OUT"

# Load: 500 threads making path calls at once, a 1 MiB path, exec from a
# thread that is not the leader, a tree of 511 processes; as natively.
mkdir -p w/storm || hard_error "mkdir w/storm"
capture ./root/opt/storm "$T/w/storm"
native=$OUT
check_grep "natively, the storm runs" "511 processes: ok" "$native"
for v in storm storm-static; do
	case " $STATIC " in *" storm "*) ;; *) test "$v" = storm || continue ;; esac
	# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
	IT_TIMEOUT=300 capture uvmm $VIEW --bind "$T/w:/w" -- /opt/$v /w/storm
	check_out "$v: threads, a 1 MiB path, exec from a thread, 511 processes: as natively" 0 "$native"
done

# SIGKILL while threads are being made: the monitor must see every death
# and exit (a thread whose creator died in clone() once hung it forever).
for v in killclone killclone-static; do
	case " $STATIC " in *" killclone "*) ;; *) test "$v" = killclone || continue ;; esac
	IT_TIMEOUT=120 guest "$v" 200 "$T"
	check_out "$v: 200 spawners killed mid-pthread_create, uvmm exits" 0 \
		"200 spawners killed"
done

# The monitor SIGKILLed while its guests make calls (some of them waiting
# for its answer): every guest dies with it, and the scratch directory
# of --tmpfs is removed by the reaper.
mkdir "$T/tmpd" || hard_error "mkdir tmpd"
# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
TMPDIR=$T/tmpd "$UVMM" $VIEW --tmpfs /tmp -- /bin/sh -c \
	'echo x >/tmp/f; while :; do test -e /tmp/f; done' "$T-killed" \
	</dev/null >/dev/null 2>&1 &
mon=$!
bg_track "$mon"
i=0
while [ $i -lt 50 ] && ! ls "$T/tmpd"/uvmm-fsview-*/1/f >/dev/null 2>&1; do
	sleep 0.1
	i=$((i + 1))
done
CMD="ls \$T/tmpd (while the guest runs)" RC=- ERR=
check "the --tmpfs scratch directory exists while the guest runs" 1 \
	"$(ls -d "$T/tmpd"/uvmm-fsview-* 2>/dev/null | wc -l)"
kill -KILL "$mon"
wait "$mon" 2>/dev/null
i=0
while [ $i -lt 50 ]; do
	left=$(pgrep -f -- "$T-killed")
	scratch=$(ls -A "$T/tmpd")
	[ -z "$left$scratch" ] && break
	sleep 0.1
	i=$((i + 1))
done
CMD="pgrep -f $T-killed; ls -A \$T/tmpd (5 s after SIGKILL of uvmm)"
check "after SIGKILL of the monitor: no guest left" "" "$left"
check "after SIGKILL of the monitor: the scratch directory is gone" "" "$scratch"

t_done
