# SPDX-License-Identifier: GPL-2.0-only
# lib.sh - sourced by the integration tests: a private temp dir removed on
# exit, the paths of uvmm and uvmm-fakeroot, assertions that print what was
# expected and what came, automake's exit codes (0 pass, 1 fail, 77 skip,
# 99 hard error).
#
# The suite also runs as root, where a fake root that is broken would really
# chown what it is pointed at: every test works only on files it made in its
# own directory $T, checks with t_guard that the paths it names are inside
# it, and runs the monitored shells from $T ($IN_T) so that relative paths
# cannot leave it.
# shellcheck shell=sh disable=SC2016,SC2034

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
IT_SRC=$top_srcdir/tests/integration
UVMM=$top_builddir/vmm/uvmm
# The wrapper is a script from the source tree: in a build dir of its own
# (make distcheck) it is only there, and finds uvmm on the PATH.
if [ -e "$top_builddir/vmm/uvmm-fakeroot" ]; then
	UVMM_FAKEROOT=$top_builddir/vmm/uvmm-fakeroot
else
	UVMM_FAKEROOT=$top_srcdir/vmm/uvmm-fakeroot
fi
if [ -e "$top_builddir/vmm/uvmm-proot" ]; then
	UVMM_PROOT=$top_builddir/vmm/uvmm-proot
else
	UVMM_PROOT=$top_srcdir/vmm/uvmm-proot
fi
PATH=$top_builddir/vmm:$PATH
export PATH
# Seconds one monitored command may take before it counts as hung.
IT_TIMEOUT=${UVMM_TEST_TIMEOUT:-300}
IT_NAME=$(basename "$0" .sh)
ME_UID=$(id -u)
ME_GID=$(id -g)
export top_srcdir top_builddir

# The caller may itself run under fakeroot (a package build): the tests
# compare against the real identity, so that must not leak in.
unset FAKEROOTKEY LD_PRELOAD
LC_ALL=C
export LC_ALL

it_passed=0 it_failed=0 it_skipped=
it_bg=

say() {
	printf '%s\n' "$*"
}

hard_error() {
	say "ERROR: $IT_NAME: $*" >&2
	exit 99
}

skip_all() {
	say "SKIP: $IT_NAME: $*"
	exit 77
}

# have TOOL: is TOOL on the PATH?
have() {
	command -v "$1" >/dev/null 2>&1
}

# require TOOL...: skip the whole script, naming the tool, if one is missing.
require() {
	for it_t; do
		have "$it_t" || skip_all "$it_t is not installed"
	done
}

# skip_part WHY: one part of the script could not run.  The script then
# ends in SKIP (77) unless something failed, so that a missing tool is seen.
skip_part() {
	say "skip: $*"
	it_skipped="$it_skipped
  $*"
}

# quote ARG...: the arguments as one line a shell would read back.
quote() {
	it_q=
	for it_a; do
		case $it_a in
		'' | *[!A-Za-z0-9_./:=,+@%^-]*)
			it_a="'$(printf '%s' "$it_a" | sed "s/'/'\\\\''/g")'" ;;
		esac
		it_q="$it_q${it_q:+ }$it_a"
	done
	printf '%s\n' "$it_q"
}

# t_init: make $T (mode 700, under ${TMPDIR:-/tmp}), remove it on exit, cd
# into it, and check it is what we think it is before anything is done.
t_init() {
	it_base=$(cd "${TMPDIR:-/tmp}" 2>/dev/null && pwd -P) ||
		hard_error "no usable temp dir: ${TMPDIR:-/tmp}"
	T=$(mktemp -d "$it_base/uvmm-$IT_NAME.XXXXXX") ||
		hard_error "mktemp -d in $it_base failed"
	T=$(cd "$T" && pwd -P) || hard_error "cannot enter $T"
	trap 't_cleanup' EXIT
	trap 'exit 99' HUP INT TERM
	case $T in
	/ | "$it_base" | *[[:space:]]*)
		hard_error "refusing temp dir '$T'" ;;
	"$it_base"/uvmm-"$IT_NAME".*) ;;
	*) hard_error "temp dir '$T' is not under $it_base" ;;
	esac
	test "$(stat -c '%u %a' "$T")" = "$ME_UID 700" ||
		hard_error "$T is not ours with mode 700"
	test -z "$(ls -A "$T")" || hard_error "$T is not empty"
	# Searchable by the ids a test drops to (setpriv, a fake root's
	# setuid), as a tree real root works in would be.
	chmod 0755 "$T" || hard_error "cannot chmod $T"
	cd "$T" || hard_error "cannot enter $T"
	mkdir .lib || hard_error "cannot write in $T"
	export T
	# The preamble of every monitored shell: it must run in $T.
	IN_T='cd "$T" || exit 99
case $(pwd -P) in "$T" | "$T"/*) ;; *) echo "not in $T" >&2; exit 99 ;; esac
umask 022
'
	say "# $IT_NAME in $T as uid $ME_UID gid $ME_GID"
	test -x "$UVMM" || hard_error "uvmm is not built: $UVMM"
}

t_cleanup() {
	it_rc=$?
	for it_p in $it_bg; do
		kill -KILL "$it_p" 2>/dev/null
	done
	cd / || :
	if [ -n "${UVMM_TEST_KEEP:-}" ]; then
		say "# kept $T"
	elif [ -n "${T:-}" ] && [ -d "$T" ]; then
		case $T in
		"$it_base"/uvmm-"$IT_NAME".*)
			chmod -R u+rwX "$T" 2>/dev/null
			rm -rf "$T" ;;
		esac
	fi
	exit "$it_rc"
}

# bg_track PID: a background process of ours, killed at exit if still there.
bg_track() {
	it_bg="$it_bg $1"
}

# t_guard PATH...: stop (99) unless every PATH is $T or inside it.
t_guard() {
	for it_p; do
		it_r=$(realpath -m -- "$it_p") || hard_error "realpath $it_p"
		case $it_r in
		"$T" | "$T"/*) ;;
		*) hard_error "refusing to operate on $it_p: outside $T" ;;
		esac
	done
}

# on_kmod: does uvmm run on uvmm.ko here (the device is there and no
# other backend was asked for)?
on_kmod() {
	[ -e /dev/uvmm ] && [ "${UVMM_BACKEND:-auto}" != notify ] &&
		[ "${UVMM_BACKEND:-auto}" != ptrace ]
}

# capture CMD...: run it, stdin from $IT_STDIN (default /dev/null); leave
# its stdout in OUT, stderr in ERR, status in RC, and the command line in
# CMD for the failure messages.
capture() {
	CMD=$(quote "$@")
	"$@" <"${IT_STDIN:-/dev/null}" >"$T/.lib/out" 2>"$T/.lib/err"
	RC=$?
	OUT=$(cat "$T/.lib/out")
	ERR=$(cat "$T/.lib/err")
}

# uvmm ARG...: the monitor, with a time limit so that a hang is a failure.
uvmm() {
	timeout -k 10 "$IT_TIMEOUT" "$UVMM" "$@"
}

# fr SCRIPT [UVMM-OPTION...]: SCRIPT by sh -e in $T under uvmm with the
# options (default --fakeroot); the result is captured.
fr() {
	it_s=$1
	shift
	test $# -gt 0 || set -- --fakeroot
	capture uvmm "$@" -- sh -ec "$IN_T$it_s"
}

pass() {
	it_passed=$((it_passed + 1))
	say "ok - $1"
}

indent() {
	printf '%s\n' "$1" | sed 's/^/    /'
}

# fail DESC [EXPECTED GOT]: a failed check, with the last command's output.
fail() {
	it_failed=$((it_failed + 1))
	say "FAIL - $1"
	if [ $# -ge 3 ]; then
		say "  expected:"
		indent "$2"
		say "  got:"
		indent "$3"
	fi
	if [ -n "${CMD:-}" ]; then
		say "  last command (in $T, status ${RC:-?}): $CMD"
		test -z "${ERR:-}" || { say "  its stderr:"; indent "$ERR"; }
	fi
}

# check DESC EXPECTED GOT: equal strings.
check() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "$2" "$3"
	fi
}

# check_out DESC EXPECTED-STATUS EXPECTED-STDOUT: the last capture.
check_out() {
	if [ "$RC" = "$2" ] && [ "$OUT" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "status $2, stdout:
$3" "status $RC, stdout:
$OUT"
	fi
}

# check_rc DESC EXPECTED-STATUS: the last capture's status.
check_rc() {
	if [ "$RC" = "$2" ]; then
		pass "$1"
	else
		fail "$1" "status $2" "status $RC, stdout:
$OUT"
	fi
}

# check_grep DESC FIXED-STRING TEXT: TEXT contains the string.
check_grep() {
	case $3 in
	*"$2"*) pass "$1" ;;
	*) fail "$1" "text containing: $2" "$3" ;;
	esac
}

# check_nogrep DESC FIXED-STRING TEXT: TEXT does not contain the string.
check_nogrep() {
	case $3 in
	*"$2"*) fail "$1" "text without: $2" "$3" ;;
	*) pass "$1" ;;
	esac
}

# check_nonempty DESC TEXT: TEXT has something (a message was printed).
check_nonempty() {
	if [ -n "$2" ]; then
		pass "$1"
	else
		fail "$1" "a message" "nothing"
	fi
}

# real_owner PATH...: "uid:gid" of each, seen outside the monitor.
real_owner() {
	stat -c '%u:%g' -- "$@"
}

# check_real_owner DESC PATH...: the real files still belong to us: what
# the monitored program did to their owner was not applied.  The fake
# owners the tests use are never ours, so this holds as root as well.
check_real_owner() {
	it_d=$1
	shift
	it_exp='' it_got=''
	for it_p; do
		it_exp="$it_exp$it_p $ME_UID:$ME_GID
"
		it_got="$it_got$it_p $(real_owner "$it_p" 2>&1)
"
	done
	CMD="stat -c %u:%g (outside uvmm)"
	RC=- ERR=
	check "$it_d" "$it_exp" "$it_got"
}

# it_prog NAME SRC OUT [CCFLAGS...]: OUT is the program NAME that make
# check built in tests/bin when it is newer than SRC, else SRC compiled
# here with -O2 -pthread and CCFLAGS (cc's words in $T/.lib/cc).
it_prog() {
	ip_b=$top_builddir/tests/bin/$1 ip_src=$2 ip_out=$3
	shift 3
	if [ -x "$ip_b" ] && [ "$ip_b" -nt "$ip_src" ]; then
		cp "$ip_b" "$ip_out"
	else
		"${CC:-cc}" "$@" -O2 -pthread -o "$ip_out" "$ip_src" \
			>"$T/.lib/cc" 2>&1
	fi
}

# build_probe: $T/probe from probe.c, dynamic.  probe_static: $T/probe-static.
build_probe() {
	require "${CC:-cc}"
	it_prog probe "$IT_SRC/probe.c" "$T/probe" ||
		{ cat "$T/.lib/cc"; hard_error "cannot build probe.c"; }
}

build_probe_static() {
	build_probe
	it_prog probe-static "$IT_SRC/probe.c" "$T/probe-static" -static ||
		{ cat "$T/.lib/cc"; skip_all "cc -static cannot link (no static libc: libc6-dev's libc.a)"; }
}

# need_fakeroot: stop here, failed, if uvmm has no working --fakeroot:
# every later check would only repeat that.
need_fakeroot() {
	capture uvmm --fakeroot -- sh -c 'id -u'
	if [ "$RC" != 0 ] || [ "$OUT" != 0 ]; then
		fail "uvmm --fakeroot runs a command as uid 0" "status 0, stdout: 0" \
			"status $RC, stdout: $OUT"
		t_done
	fi
}

# t_done: the script's result.
t_done() {
	say "# $IT_NAME: $it_passed passed, $it_failed failed"
	if [ "$it_failed" -gt 0 ]; then
		exit 1
	fi
	if [ -n "$it_skipped" ]; then
		say "SKIP: $IT_NAME: parts not run:$it_skipped"
		exit 77
	fi
	exit 0
}

# --- fsview (--root, --bind, --cow, mount(2) in the view) ---

# build_escape: $T/escape from escape.c (raw calls, one line per result).
build_escape() {
	require "${CC:-cc}"
	it_prog escape "$IT_SRC/escape.c" "$T/escape" ||
		{ cat "$T/.lib/cc"; hard_error "cannot build escape.c"; }
}

# need_fsview: stop here, failed, if uvmm has no fsview plugin (--root).
need_fsview() {
	if ! "$UVMM" --help 2>/dev/null | grep -q -- '--root'; then
		CMD="uvmm --help" RC=- ERR=
		fail "uvmm --help lists the fsview options (--root)"
		t_done
	fi
}

# view_root DIR [DEVBIND]: make DIR (in $T) a guest root in which sh and the
# host's programs run, and set VIEW to the uvmm options for it: --root DIR,
# the host's /usr, /etc (read-only), /dev (DEVBIND: --bind unless given)
# and /proc bound in, the host's top-level symlinks (bin -> usr/bin...)
# copied, its real /bin, /lib... bound read-only.  DIR/.fsview-id holds $T:
# $IN_VIEW checks it, so that a guest script whose view is not applied
# stops before it writes anything.
view_root() {
	it_r=$1
	t_guard "$it_r"
	mkdir -p "$it_r/usr" "$it_r/etc" "$it_r/dev" "$it_r/proc" "$it_r/tmp" ||
		hard_error "cannot make $it_r"
	VIEW="--root $it_r --ro-bind /usr --ro-bind /etc ${2:---bind} /dev --bind /proc"
	for it_d in bin sbin lib lib32 lib64 libx32; do
		if [ -L "/$it_d" ]; then
			ln -s "$(readlink "/$it_d")" "$it_r/$it_d" ||
				hard_error "cannot link $it_r/$it_d"
		elif [ -d "/$it_d" ]; then
			mkdir "$it_r/$it_d" || hard_error "cannot make $it_r/$it_d"
			VIEW="$VIEW --ro-bind /$it_d"
		fi
	done
	printf '%s\n' "$T" >"$it_r/.fsview-id" || hard_error "cannot write in $it_r"
}

# The preamble of every guest shell: it runs in the view of this test.
IN_VIEW='test "$(cat /.fsview-id 2>/dev/null)" = "$T" || { echo "not in the view of $T" >&2; exit 99; }
umask 022
'

# fv SCRIPT [UVMM-OPTION...]: SCRIPT by sh -e under uvmm $VIEW and the
# options (later mounts on top), after $IN_VIEW; the result is captured.
fv() {
	it_s=$1
	shift
	# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
	capture uvmm $VIEW "$@" -- sh -ec "$IN_VIEW$it_s"
}

# check_no_real_mounts: nothing is really mounted under $T (a mount(2)
# that went through to the kernel as root); such mounts are detached.
check_no_real_mounts() {
	it_m=$(awk -v t="$T" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo)
	for it_p in $it_m; do
		t_guard "$it_p"
		umount -l "$it_p" 2>/dev/null
	done
	CMD="grep $T /proc/self/mountinfo (outside uvmm)" RC=- ERR=
	check "nothing was really mounted under \$T" "" "$it_m"
}
