# SPDX-License-Identifier: GPL-2.0-only
# fakeroot-ids.sh - the identity a program sees under uvmm --fakeroot: uid
# and gid 0 (or --uid/--gid) from every get*id call and from id(1); the
# set*id family with root's rules on per-process fake credentials that
# children inherit across fork and exec and that never leak to a parent or
# a sibling; getgroups/setgroups.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require id
t_init
build_probe
t_guard "$T/probe"
need_fakeroot

# What id(1) says.
fr 'id -u; id -g; id -ru; id -rg; id -un; id -gn; id -G'
check_out "id: uid, gid, real ids, names, groups" 0 "0
0
0
0
root
root
0"
fr 'whoami'
check_out "whoami is root" 0 root

# Every getter, by its own system call.
fr './probe ids'
check_out "get[res][e]uid/gid all 0" 0 "ids: uid=0,0,0 gid=0,0,0"

# Without the plugin nothing is faked.
capture uvmm -- "$T/probe" ids
check_out "plain uvmm leaves the real ids" 0 \
	"ids: uid=$ME_UID,$ME_UID,$ME_UID gid=$ME_GID,$ME_GID,$ME_GID"

# --uid/--gid choose the identity.
fr 'id -u; id -g; ./probe ids' --fakeroot --uid 1000 --gid 1001
check_out "--uid 1000 --gid 1001" 0 "1000
1001
ids: uid=1000,1000,1000 gid=1001,1001,1001"
fr 'id -u; ./probe ids' --fakeroot --uid=4242 --gid=4343
check_out "--uid=N --gid=N" 0 "4242
ids: uid=4242,4242,4242 gid=4343,4343,4343"

# The set*id family, with root's rules.
fr './probe setresgid 10 20 30 setresuid 1000 1001 1002 ids setresgid 0 0 0'
check_out "setresgid/setresuid set all three; then no gid change" 0 \
	"setresgid 10 20 30: ok
setresuid 1000 1001 1002: ok
ids: uid=1000,1001,1002 gid=10,20,30
setresgid 0 0 0: EPERM"
fr './probe setgid 5 setuid 1000 ids setuid 0 ids'
check_out "setuid as root sets all three; no way back" 0 "setgid 5: ok
setuid 1000: ok
ids: uid=1000,1000,1000 gid=5,5,5
setuid 0: EPERM
ids: uid=1000,1000,1000 gid=5,5,5"
fr './probe seteuid 1000 ids seteuid 0 ids'
check_out "seteuid away and back (saved uid 0)" 0 "seteuid 1000: ok
ids: uid=0,1000,0 gid=0,0,0
seteuid 0: ok
ids: uid=0,0,0 gid=0,0,0"
fr './probe setreuid 1000 2000 ids setreuid 2000 1000 ids setreuid 0 0 ids'
check_out "setreuid: saved follows the new euid; swaps allowed, root not" 0 \
	"setreuid 1000 2000: ok
ids: uid=1000,2000,2000 gid=0,0,0
setreuid 2000 1000: ok
ids: uid=2000,1000,1000 gid=0,0,0
setreuid 0 0: EPERM
ids: uid=2000,1000,1000 gid=0,0,0"
fr './probe setegid 7 setregid 8 9 ids'
check_out "setegid, setregid" 0 "setegid 7: ok
setregid 8 9: ok
ids: uid=0,0,0 gid=8,9,9"
fr './probe setresuid 1000 1000 1000 setgid 3 setresgid 4 4 4 ids'
check_out "no gid changes once uid is not root" 0 \
	"setresuid 1000 1000 1000: ok
setgid 3: EPERM
setresgid 4 4 4: EPERM
ids: uid=1000,1000,1000 gid=0,0,0"

# Supplementary groups.
fr './probe setgroups 0,4,27 groups'
check_out "setgroups then getgroups" 0 "setgroups 0,4,27: ok
groups: 0,4,27"
# More groups than fit inline (up to NGROUPS_MAX), kept by a child too.
L=$(seq -s, 1 200)
fr "./probe setgroups $L groups fork groups"
check_out "setgroups of 200 groups, seen by a child" 0 "setgroups $L: ok
groups: $L
groups: $L"
fr './probe setgroups 5 setuid 1000 setgroups 6 groups'
check_out "setgroups refused once not root" 0 "setgroups 5: ok
setuid 1000: ok
setgroups 6: EPERM
groups: 5"
fr './probe setgroups 4,27 exec id -G'
check_out "id -G shows egid and the groups set" 0 "setgroups 4,27: ok
0 4 27"

# Inherited by children, across fork and exec, into real programs.
fr './probe setresgid 100 100 100 setgroups 100,200 setresuid 1234 1234 1234 fork ids groups'
check_out "fork: the child has the parent's fake ids" 0 \
	"setresgid 100 100 100: ok
setgroups 100,200: ok
setresuid 1234 1234 1234: ok
ids: uid=1234,1234,1234 gid=100,100,100
groups: 100,200"
fr './probe setgid 99 setuid 1234 exec sh -c "id -u; id -g; ./probe ids"'
check_out "exec: a new program keeps the fake ids" 0 "setgid 99: ok
setuid 1234: ok
1234
99
ids: uid=1234,1234,1234 gid=99,99,99"
fr './probe seteuid 1234 exec ./probe ids'
check_out "exec keeps ruid/euid and sets the saved uid to the euid" 0 \
	"seteuid 1234: ok
ids: uid=0,1234,1234 gid=0,0,0"

# Per process: a parent and its siblings keep their own.
fr './probe setuid 4321 > /dev/null; id -u; (./probe setuid 55 >/dev/null; id -u); id -u; ./probe ids'
check_out "a child's setuid is its own" 0 "0
0
0
ids: uid=0,0,0 gid=0,0,0"
fr '(./probe setuid 7 exec sh -c "sleep 1; id -u") > bg.out &
./probe setuid 8 exec sh -c "sleep 0.5; id -u"; id -u; wait; cat bg.out'
check_out "concurrent processes keep separate ids" 0 "setuid 8: ok
8
0
setuid 7: ok
7"

# A real program that drops privileges (util-linux).  It changes uid
# first, keeping CAP_SETGID with PR_SET_KEEPCAPS and capset, then gid: that
# works as root and under LD_PRELOAD fakeroot.
if have setpriv; then
	fr 'setpriv --regid 1000 --clear-groups sh -c "id -u; id -g; id -G"'
	check_out "setpriv --regid 1000 --clear-groups" 0 "0
1000
1000"
	fr 'setpriv --reuid 1000 --regid 1000 --clear-groups sh -c "id -u; id -g; id -G"'
	check_out "setpriv --reuid 1000 --regid 1000 --clear-groups" 0 "1000
1000
1000"
else
	skip_part "setpriv (util-linux) is not installed"
fi

# The auxiliary vector the kernel gives a new program carries the ids it
# runs with (glibc's ld.so prints it with LD_SHOW_AUXV): the session's.
auxv='LD_SHOW_AUXV=1 /bin/true | sed -n "s/^AT_\(E*[UG]ID\): *\([0-9]*\)$/\1=\2/p" | sort | tr "\n" " "'
fr "$auxv"
check_out "the auxiliary vector: AT_UID... are fake root's" 0 "EGID=0 EUID=0 GID=0 UID=0 "
fr "$auxv" --fakeroot --uid=5 --gid=6
check_out "the auxiliary vector with --uid=5 --gid=6" 0 "EGID=6 EUID=5 GID=6 UID=5 "
if have setpriv; then
	fr "setpriv --reuid 1000 --regid 1000 --clear-groups sh -c '$auxv'"
	check_out "the auxiliary vector after a drop to 1000" 0 "EGID=1000 EUID=1000 GID=1000 UID=1000 "
fi

# /proc/self/status in a view (fsview answers opens there): the faked
# ids and capabilities, no tracer, as real root's would read.
if "$UVMM" --help 2>/dev/null | grep -q -- '--bind'; then
	st='grep -E "^(Uid|Gid|Groups|CapEff|TracerPid):" /proc/self/status | tr "\t" " "'
	fr "$st" --fakeroot --bind "$T:$T"
	bnd=$(sed -n 's/^CapBnd:[[:space:]]*//p' /proc/self/status)
	check_out "/proc/self/status in a view: root's ids and capabilities" 0 "TracerPid: 0
Uid: 0 0 0 0
Gid: 0 0 0 0
Groups: 0 
CapEff: $bnd"
	if have setpriv; then
		fr "setpriv --reuid 1000 --regid 1000 --groups 27 sh -c '$st'" --fakeroot --bind "$T:$T"
		check_out "/proc/self/status in a view after a drop to 1000" 0 "TracerPid: 0
Uid: 1000 1000 1000 1000
Gid: 1000 1000 1000 1000
Groups: 27 
CapEff: 0000000000000000"
	fi
else
	skip_part "/proc/self/status: no fsview (--bind)"
fi

# /proc/PID/status with no view option: the plain reading opens (cat,
# grep, ps, fopen "r") of a guest's status are the session's copy; where
# the backend cannot filter an open's flags (ptrace) they read the
# kernel's file.  Other processes' are theirs.
if "$UVMM" --help 2>/dev/null | grep -q -- '--bind' &&
   [ "${UVMM_BACKEND:-auto}" != ptrace ]; then
	st='grep -E "^(Uid|Gid|Groups|CapEff|TracerPid):" /proc/self/status | tr "\t" " "'
	fr "$st"
	bnd=$(sed -n 's/^CapBnd:[[:space:]]*//p' /proc/self/status)
	check_out "/proc/self/status with no view: root's ids and capabilities" 0 "TracerPid: 0
Uid: 0 0 0 0
Gid: 0 0 0 0
Groups: 0 
CapEff: $bnd"
	# Each name of it: thread-self, the shell's pid and its task, from
	# a cwd in /proc or /, a file under /proc/PID of another guest; a
	# name after it is ENOTDIR; two copies open at once are two.
	fr 'u() { sed -n "s/^Uid:[[:space:]]*//p" "$@" | tr "\t" " "; }
	u /proc/thread-self/status; u /proc/$$/status; u /proc/$$/task/$$/status
	(cd /proc/self && u ./status; cd task && u ../status)
	u //proc/./self/status; u /proc/self/task/../status
	u /proc/self/fd/0/../status 2>/dev/null || :
	u /proc/self/status/. 2>/dev/null || :; (cd / && u proc/self/status)
	sleep 5 & p=$!; u /proc/$p/status
	diff /proc/$$/status /proc/$p/status >/dev/null || echo differ; kill $p
	sed -n "s/^Uid:[[:space:]]*//p" /proc/1/status | tr "\t" " "' --fakeroot --uid=7
	uid1=$(sed -n 's/^Uid:[[:space:]]*//p' /proc/1/status | tr '\t' ' ')
	check_out "status by every name; pid 1's is its own" 0 "7 7 7 7
7 7 7 7
7 7 7 7
7 7 7 7
7 7 7 7
7 7 7 7
7 7 7 7
7 7 7 7
7 7 7 7
differ
$uid1"
	if have setpriv; then
		fr "setpriv --reuid 1000 --regid 1000 --groups 27 sh -c '$st'"
		check_out "/proc/self/status with no view after a drop to 1000" 0 "TracerPid: 0
Uid: 1000 1000 1000 1000
Gid: 1000 1000 1000 1000
Groups: 27 
CapEff: 0000000000000000"
	fi
	# The O_CLOEXEC opens (a loader's libraries) stay in the kernel.
	opens() {
		capture uvmm --fakeroot --stats -- "$T/probe" "$@"
		printf '%s\n' "$ERR" | awk '$1 == "openat" || $1 == "open" {
			n += $2 + $3 } END { print n + 0 }'
	}
	n0=$(opens ids)
	n1=$(opens read-cloexec /etc/passwd read-cloexec /etc/group)
	n2=$(opens read-plain /etc/passwd read-plain /etc/group)
	n3=$(opens read-plain /proc/self/status read-plain /proc/self/stat)
	check "O_CLOEXEC opens for reading are not forwarded" "$n0" "$n1"
	# uvmm.ko performs those of files outside /proc (its path filter).
	if on_kmod; then
		check "uvmm.ko: plain opens for reading outside /proc are not" \
			"$n0" "$n2"
	else
		check "plain opens for reading are" "$((n0 + 2))" "$n2"
	fi
	check "plain opens for reading in /proc are" "$((n0 + 2))" "$n3"
elif [ "${UVMM_BACKEND:-auto}" = ptrace ]; then
	# Not a part left out: on ptrace every open would stop.
	say "# /proc/self/status with no view: the kernel's on ptrace (by design)"
else
	skip_part "/proc/self/status with no view: no fsview (--bind)"
fi

# chroot(2) with no view option: emulated (the session's lazy view wakes),
# and with the identity view.  pivot_root(2) is not emulated: the kernel
# answers, and the session says so once.
mkdir -p w/jail || hard_error "mkdir w/jail"
if have busybox; then
	for v in none identity; do
		case $v in
		none) set -- --fakeroot ;;
		identity) set -- --fakeroot --bind=/ ;;
		esac
		fr 'cp "$(command -v busybox)" w/jail/busybox
		chroot w/jail /busybox sh -c "test -x /busybox && echo inside"' "$@"
		check_out "chroot(8) (view: $v)" 0 inside
	done
fi
if have pivot_root; then
	fr 'pivot_root w/jail w/jail 2>/dev/null; pivot_root w/jail w/jail 2>/dev/null; exit 0'
	check_grep "pivot_root(2): the session says it is the kernel's" \
		"pivot_root(2) is not emulated" "$ERR"
	capture sh -c 'printf "%s\n" "$1" | grep -c "is not emulated"' sh "$ERR"
	check_out "... once per session" 0 1
fi

t_done
