# SPDX-License-Identifier: GPL-2.0-only
# fakeroot-persist.sh - uvmm --fakeroot=DB: a second session sees what the
# first did (owners, modes, devices, renames, unlinks), a session without
# DB sees nothing of it; the SQLite DB survives SIGKILL of the monitor at
# any moment (in a chown -R loop, at startup): the traced programs die with
# it, the next session opens the DB and finds a consistent state (every
# file's record whole, all of them from at most two consecutive passes),
# and can go on writing.  A DB that is not one is refused, not clobbered.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require stat find sort seq sleep
t_init
mkdir w db || hard_error "mkdir"
DB=$T/db/fakeroot.db
t_guard "$T/w" "$DB"
need_fakeroot

frdb() {
	fr "$1" --fakeroot="$DB"
}

# Session 1 makes things; session 2 sees them.
frdb 'touch w/f w/g w/u w/z; chown 1234:5678 w/f; chmod 4711 w/f; mknod w/c c 1 5
mkdir w/d; chown 21:22 w/d; ln -s f w/s; chown -h 31:32 w/s
chown 7:8 w/g; mv w/g w/h; chown 9:9 w/u; rm w/u; : > w/u; chown 55:66 w/z
ln w/f w/f2'
check_rc "session 1 runs" 0
frdb 'stat -c "%n %u %g %a %F" w/f w/f2 w/c w/d w/h w/u w/z; stat -c "%n %t %T" w/c; stat -c "%n %u %g %F" w/s'
check_out "session 2 sees session 1's owners, modes, devices, renames" 0 \
	"w/f 1234 5678 4711 regular empty file
w/f2 1234 5678 4711 regular empty file
w/c 0 0 644 character special file
w/d 21 22 755 directory
w/h 7 8 644 regular empty file
w/u 0 0 644 regular empty file
w/z 55 66 644 regular empty file
w/c 1 5
w/s 31 32 symbolic link"

capture uvmm --fakeroot -- stat -c '%n %u %g %F' w/f w/c
check_out "a session without the DB sees none of it" 0 \
	"w/f 0 0 regular empty file
w/c 0 0 regular empty file"
check_real_owner "nothing of it applied to the real files" w/f w/c w/d w/h w/z

# Changes and removals in a later session persist too.
frdb 'chown 1:2 w/f; rm w/z; chmod 600 w/c'
frdb 'stat -c "%n %u %g %a" w/f w/f2 w/c'
check_out "updates persist (chown cleared the setuid bit, as Linux does)" 0 \
	"w/f 1 2 711
w/f2 1 2 711
w/c 0 0 600"
: >w/z
frdb 'stat -c "%n %u %g" w/z'
check_out "an unlink in a session removed the record" 0 "w/z 0 0"

# A setgid directory of another group, made in one session, gives its
# group in the next from its first call on (the command's own redirection).
frdb 'mkdir w/sg; chgrp 4 w/sg; chmod 2775 w/sg'
frdb ': > w/sg/x; stat -c "%n %u:%g" w/sg/x'
check_out "a setgid directory of an earlier session gives its group" 0 \
	"w/sg/x 0:4"

# SIGKILL of the monitor in the middle of a chown -R loop.
mkdir w/k
for i in $(seq 1 200); do
	: >"w/k/f$i"
done
t_guard "$T/w/k"

# kill_round N DELAY: set every file to pass (N*1000 - 1) in a normal
# session, start a loop of chown -R passes N*1000, N*1000+1..., wait for two
# of them to end, wait DELAY more, kill -9 uvmm, check what the next
# session finds.  The DB may have lost the last writes, but what it kept
# must be a prefix of them: whole records from one or two consecutive
# passes, none older than the starting state.
kill_round() {
	base=$(($1 * 1000))
	frdb "chown -R $((base - 1)):$((base - 1)) w/k"
	check_rc "kill round $1 ($2 s): the starting state is set" 0
	rm -f w/pass w/shpid
	"$UVMM" --fakeroot="$DB" -- sh -c 'cd "$T" || exit 99
echo $$ > w/shpid; i=$1
while :; do chown -R $i:$i w/k; echo $i > w/pass; i=$((i + 1)); done' sh "$base" &
	mon=$!
	bg_track $mon
	n=0
	until [ "$(cat w/pass 2>/dev/null || echo 0)" -ge $((base + 1)) ] 2>/dev/null; do
		n=$((n + 1))
		if [ $n -gt 600 ] || ! kill -0 $mon 2>/dev/null; then
			fail "kill round $1: the chown -R loop did not get going (pass $(cat w/pass 2>/dev/null))"
			kill -KILL $mon 2>/dev/null
			return
		fi
		sleep 0.1
	done
	sleep "$2"
	done_before=$(cat w/pass 2>/dev/null)
	kill -KILL $mon
	wait $mon 2>/dev/null
	shpid=$(cat w/shpid)
	n=0
	while kill -0 "$shpid" 2>/dev/null && [ $n -lt 50 ]; do
		n=$((n + 1))
		sleep 0.1
	done
	if kill -0 "$shpid" 2>/dev/null; then
		fail "kill round $1: the traced shell $shpid outlived the monitor's SIGKILL"
		kill -KILL "$shpid"
	else
		pass "kill round $1: the traced programs died with the monitor"
	fi
	frdb 'find w/k -type f -printf "%U:%G\n" | sort -n | uniq -c'
	check_rc "kill round $1: the next session opens the DB" 0
	verdict=$(printf '%s\n' "$OUT" | awk -v base="$base" '
		{ n += $1; split($2, id, ":");
		  if (id[1] != id[2]) bad = bad " torn:" $2;
		  v[++k] = id[1] }
		END {
		  if (n != 200) bad = bad " " n "-files";
		  if (k > 2 || (k == 2 && v[2] != v[1] + 1))
			bad = bad " passes:" v[1] ".." v[k];
		  if (v[1] < base - 1) bad = bad " older-than-start:" v[1];
		  print bad == "" ? "consistent" : "inconsistent:" bad }')
	check "kill round $1: a consistent state" consistent "$verdict"
	lowest=$(printf '%s\n' "$OUT" | awk 'NR == 1 { split($2, id, ":"); print id[1] }')
	say "# kill round $1: pass $done_before was done when killed; lowest pass in the DB: $lowest"
}

r=1
for delay in 0 0.05 0.3 1; do
	kill_round $r $delay
	r=$((r + 1))
done

# Killed at startup, before or while it opens the DB: the files stay at
# the state set first or take 9999 (uid = gid, nothing else).
frdb 'chown -R 9998:9998 w/k'
for delay in 0 0.01 0.02 0.05 0.1 0.2; do
	"$UVMM" --fakeroot="$DB" -- sh -c 'cd "$T" && chown -R 9999:9999 w/k' &
	mon=$!
	bg_track $mon
	sleep $delay
	kill -KILL $mon 2>/dev/null
	wait $mon 2>/dev/null
done
frdb 'find w/k -type f -printf "%U:%G\n" | sort -u'
check_rc "killed at startup: the next session opens the DB" 0
check "killed at startup: a consistent state" consistent \
	"$(printf '%s\n' "$OUT" | awk '$0 != "9998:9998" && $0 != "9999:9999" { bad = bad " " $0 }
		END { print bad == "" ? "consistent" : "inconsistent:" bad }')"
frdb 'chown 777:778 w/k/f1; chown -R 5:5 w/d'
frdb 'stat -c "%u %g" w/k/f1 w/d'
check_out "after the kills the DB takes writes" 0 "777 778
5 5"

if have sqlite3; then
	capture sqlite3 "$DB" 'PRAGMA integrity_check;'
	check_out "sqlite3: integrity_check of the DB" 0 ok
else
	skip_part "sqlite3 (the command) is not installed: no integrity_check"
fi

# A file that is not a DB is refused, named, and left as it was.
printf 'not a database\n' >"$T/db/garbage"
cp "$T/db/garbage" "$T/db/garbage.orig"
capture uvmm --fakeroot="$T/db/garbage" -- sh -c 'echo ran'
check "a file that is not a DB: uvmm fails and does not run the command" \
	"failed, stdout:" "$(test "$RC" -ne 0 && echo failed || echo "status $RC"), stdout:$OUT"
check_grep "the bad DB is named" "$T/db/garbage" "$ERR"
capture cmp "$T/db/garbage" "$T/db/garbage.orig"
check_rc "the bad DB is left as it was" 0
capture uvmm --fakeroot="$T/db/no/such/dir/db" -- sh -c 'echo ran'
check "a DB in a missing directory: uvmm fails and does not run the command" \
	"failed, stdout:" "$(test "$RC" -ne 0 && echo failed || echo "status $RC"), stdout:$OUT"
check_grep "the missing directory's DB is named" "$T/db/no/such/dir/db" "$ERR"

t_done
