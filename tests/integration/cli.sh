# SPDX-License-Identifier: GPL-2.0-only
# cli.sh - uvmm's command line: the command's exit status passed through
# (128+N when signal N killed it, as an exit status, the way a shell reports
# it), --help, --version, usage errors (status 125, as env(1)'s, naming the option), a
# command that is not found (127) or cannot run (126), arguments, stdin,
# environment and cwd handed over unchanged.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

t_init
build_probe
t_guard "$T/probe" "$T/notexec" "$T/no-such-cmd"

# Exit statuses.
capture uvmm -- true
check_rc "uvmm -- true exits 0" 0
capture uvmm -- false
check_rc "uvmm -- false exits 1" 1
capture uvmm -- sh -c 'exit 42'
check_rc "exit 42 passes through" 42
capture uvmm -- sh -c 'exit 255'
check_rc "exit 255 passes through" 255
capture uvmm -- sh -c 'sh -c "exit 5" & wait $!; exit $?'
check_rc "a grandchild's status reaches the top through sh" 5

# Killed by a signal: uvmm exits with 128+N (it is not itself killed; a
# crash of the monitor would show as "signaled").  probe reports how uvmm
# ended; no core files in $T.  Not SIGINT: make may start us with it
# ignored, and the ignored disposition is inherited.
for sig in TERM:15 KILL:9 SEGV:11; do
	name=${sig%:*} nr=${sig#*:}
	capture timeout -k 10 "$IT_TIMEOUT" "$T/probe" run "$UVMM" -- sh -c "ulimit -c 0; kill -$name \$\$"
	check_out "command killed by SIG$name: uvmm exits $((128 + nr))" 0 \
		"exited $((128 + nr))"
done
capture timeout -k 10 "$IT_TIMEOUT" "$T/probe" run "$UVMM" -- "$T/probe" run sh -c 'ulimit -c 0; kill -ABRT $$'
check_out "SIGABRT in a grandchild is the grandchild's business" 0 \
	"signaled 6
exited 0"

# Arguments, stdin, environment, cwd.
capture uvmm -- printf '[%s]' 'a b' '' 'c*' '--help' '$x'
check_out "arguments reach the command unchanged" 0 '[a b][][c*][--help][$x]'
capture uvmm -- sh -c 'printf "%s\n" "$1"' sh --version
check_out "options after -- belong to the command" 0 "--version"
printf 'one\ntwo\n' >"$T/in"
IT_STDIN=$T/in capture uvmm -- cat
check_out "stdin is the command's" 0 "one
two"
UVMM_IT_VAR='x y' capture uvmm -- sh -c 'printf "%s\n" "$UVMM_IT_VAR"'
check_out "the environment is the command's" 0 "x y"
capture uvmm -- pwd -P
check_out "the command starts in uvmm's cwd" 0 "$T"
capture uvmm -- sh -c 'seq 100000 | tail -n 1; seq 3 >&2'
check_out "large output and stderr pass through" 0 100000
check "stderr is the command's" "1
2
3" "$ERR"

# --help and --version.
capture uvmm --help
check_rc "--help exits 0" 0
check_grep "--help prints a usage line" "Usage: uvmm" "$OUT"
check_grep "--help lists --fakeroot" "--fakeroot" "$OUT"
check_grep "--help lists --uid" "--uid" "$OUT"
check "--help writes nothing to stderr" "" "$ERR"
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h" 2>/dev/null)
capture uvmm --version
check_rc "--version exits 0" 0
check "--version prints the name and version" "uvmm ${version:-?}" \
	"$(printf '%s\n' "$OUT" | head -n 1)"

# Usage errors: status 125 (uvmm's own failure, as env(1) says it), the
# option named, the command not run.
capture uvmm --no-such-option -- sh -c 'echo ran'
check_out "an unknown option is a usage error" 125 ""
check_grep "an unknown option is named" "no-such-option" "$ERR"
capture uvmm
check_rc "no command is a usage error" 125
check_nonempty "no command: a message on stderr" "$ERR"
capture uvmm --
check_rc "only -- is a usage error" 125
capture uvmm --fakeroot --uid abc -- sh -c 'echo ran'
check_out "--uid abc is a usage error" 125 ""
check_grep "--uid abc: the option is named" "uid" "$ERR"
check_grep "--uid abc: the value is named" "abc" "$ERR"
capture uvmm --fakeroot --gid -- sh -c 'echo ran'
check_out "--gid with its value missing is a usage error" 125 ""
check_grep "--gid with no value: the option is named" "gid" "$ERR"
capture uvmm --help=x
check_rc "--help takes no value" 125

# A command that is not found: 127, named; found but not runnable: 126.
capture uvmm -- "$T/no-such-cmd"
check_rc "a missing command path exits 127" 127
check_grep "the missing command is named" "$T/no-such-cmd" "$ERR"
capture uvmm -- uvmm-it-no-such-command
check_rc "a command not on PATH exits 127" 127
check_grep "the command not on PATH is named" "uvmm-it-no-such-command" "$ERR"
printf '#!/bin/sh\necho ran\n' >"$T/notexec"
chmod 644 "$T/notexec"
capture uvmm -- "$T/notexec"
check_out "a file without x bits exits 126" 126 ""
check_grep "the unrunnable command is named" "$T/notexec" "$ERR"
capture uvmm -- "$T"
check_out "a directory as command exits 126" 126 ""

# --backend: both work, anything else is a usage error naming it.  The
# fake root's ids are emulated calls: served by notification or ptrace.
for b in auto notify ptrace; do
	capture uvmm --backend=$b --fakeroot -- sh -c 'id -u; stat -c %u /'
	check_out "--backend=$b runs the emulated calls" 0 "0
0"
done
# --stats: the calls that reached the monitor, by the way they came.
capture uvmm --stats="$T/stats" --backend=notify --fakeroot -- id -u
check "--stats=FILE, notify: geteuid came by notification" "0 1" \
	"$OUT $(awk '$1 == "geteuid" { print ($2 > 0) + 2 * ($3 > 0) }' "$T/stats")"
capture uvmm --stats --backend=ptrace --fakeroot -- id -u
check "--stats, ptrace: geteuid came by ptrace stop, on stderr" "0 2" \
	"$OUT $(echo "$ERR" | awk '$1 == "geteuid" { print ($2 > 0) + 2 * ($3 > 0) }')"
capture uvmm --stats=/nonexistent/dir/file -- true
check_out "--stats with a file that cannot be made: usage error" 125 ""
capture uvmm --backend=bogus -- true
check_out "--backend=bogus is a usage error" 125 ""
check_grep "the usage error names --backend" "--backend=bogus" "$ERR"
if [ ! -e /dev/uvmm ]; then
	capture uvmm --backend=kmod --fakeroot -- echo ran
	check_out "--backend=kmod without the module: uvmm's error" 125 ""
	check_grep "... naming the device" "/dev/uvmm" "$ERR"
fi

# The same with the fakeroot plugin loaded.
capture uvmm --fakeroot -- sh -c 'exit 3'
check_rc "--fakeroot: exit 3 passes through" 3
capture timeout -k 10 "$IT_TIMEOUT" "$T/probe" run "$UVMM" --fakeroot -- sh -c 'kill -TERM $$'
check_out "--fakeroot: SIGTERM gives 143" 0 "exited 143"
capture uvmm --fakeroot -- "$T/no-such-cmd"
check_rc "--fakeroot: a missing command exits 127" 127

# Errors that name their cause (status 125, the command not run).
echo "not a database" >"$T/garbage.db"
capture uvmm --fakeroot="$T/garbage.db" -- echo ran
check_out "a file that is not a database: uvmm's error" 125 ""
check_grep "... saying what it is" "not an SQLite database" "$ERR"
capture uvmm --fakeroot="$T/a.db" --fakeroot="$T/b.db" -- echo ran
check_out "two databases: a usage error" 125 ""
check_grep "... naming both" "$T/a.db" "$ERR"
capture uvmm --fakeroot --fakeroot-export="$T/no-dir/save" -- echo ran
check_out "an export that cannot be written: 125 after the command" 125 "ran"
check_grep "... naming it" "$T/no-dir/save" "$ERR"
echo old >"$T/save"
capture uvmm --fakeroot --fakeroot-export="$T/save" -- sh -c 'echo x >"$T/sv"; chown 3 "$T/sv"'
check "an export replaces the file whole" "uid=3" \
	"$(grep -o 'uid=[0-9]*' "$T/save")"
if [ "$ME_UID" != 0 ]; then
	echo "" >"$T/locked.db"
	chmod 000 "$T/locked.db"
	capture uvmm --fakeroot="$T/locked.db" -- echo ran
	check_out "a database that cannot be read: uvmm's error" 125 ""
	check_grep "... Permission denied" "Permission denied" "$ERR"
fi
# Already traced by a tracer that follows children: said so.  (ASan's
# leak checker cannot work under ptrace: it is off for these runs.)
NOLEAK="env ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# shellcheck disable=SC2086 # NOLEAK is a command prefix of words
capture timeout -k 10 "$IT_TIMEOUT" $NOLEAK "$UVMM" -- $NOLEAK "$UVMM" --fakeroot -- echo ran
check_out "uvmm inside uvmm: uvmm's error, not a hang" 125 ""
check_grep "... saying it runs inside another session" "inside another uvmm session" "$ERR"
if have strace; then
	capture timeout -k 5 60 $NOLEAK strace -f -o /dev/null "$UVMM" --fakeroot -- echo ran
	check_out "under strace -f: uvmm's error" 125 ""
	check_grep "... naming strace" "strace" "$ERR"
	capture timeout -k 5 60 $NOLEAK strace -o /dev/null "$UVMM" --fakeroot -- id -u
	check_out "under strace without -f: it works" 0 "0"
else
	skip_part "strace is not installed"
fi

t_done
