# SPDX-License-Identifier: GPL-2.0-only
# sandbox.sh - --policy (uvmm-policy(5)), --log, --learn and
# --seccomp-profile with real programs: path rules per intent (read,
# write, create, delete, exec, stat; deny is EACCES, hide ENOENT; a
# read-only fd cannot be used to change a file the policy keeps), the
# JSON log, syscall rules with 64-bit argument conditions (errno, kill)
# in the kernel's filter, mount(2) kept from moving names, connect and
# bind rules, a learnt policy that runs its command again and nothing
# else, and a container runtime's seccomp profile.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016,SC2086
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require python3
t_init
if ! "$UVMM" --help 2>/dev/null | grep -q -- '--policy'; then
	CMD="uvmm --help" RC=- ERR=
	fail "uvmm --help lists the sandbox options (--policy)"
	t_done
fi

mkdir -p work/out tmp && echo secret >secret && echo public >work/in &&
	echo hidden >work/hidden.txt && cp /bin/true work/mytrue &&
	echo keep >work/keep || hard_error "tree"
chmod 644 work/keep
# The system's trees and what a shell needs, then the test's own rules.
cat >base.pol <<EOF || hard_error "policy"
# The programs, their libraries and configuration.
allow read,stat,exec /usr/** /bin/** /lib/** /lib64/** /etc/**
allow read,stat /proc/** /sys/** /dev/**
allow write /dev/null /dev/tty
allow stat,chdir /**
EOF
cat base.pol - >p.pol <<EOF || hard_error "policy"
default deny
allow read,stat $T/work/in $T/work/keep
hide all $T/work/hidden*
allow read,write,create,delete,stat $T/work/out/**
EOF

capture uvmm --policy=p.pol --chdir "$T/work" -- sh -c \
	'cat in; cat ../secret 2>&1; cat hidden.txt 2>&1; echo x >out/f && cat out/f && rm out/f && echo rm ok; (echo y >new) 2>&1; (./mytrue) 2>&1; echo $?'
check_out "path rules: read, deny (EACCES), hide (ENOENT), write/create/delete, exec" 0 "public
cat: ../secret: Permission denied
cat: hidden.txt: No such file or directory
x
rm ok
sh: 1: cannot create new: Permission denied
sh: 1: ./mytrue: Permission denied
126"
check "nothing was made outside out/" "" "$(ls work/new 2>/dev/null)"

# stat is allowed everywhere by base.pol (then no stat call leaves the
# kernel); a rule before it still judges them.
capture uvmm --stats="$T/st" --policy=p.pol -- stat -c %s "$T/secret"
check_out "allow stat /**: stat works" 0 7
check "... and no stat call reached the monitor" 0 \
	"$(awk '$1 ~ /^(newfstatat|statx|stat|lstat)$/ { n += $2 + $3 } END { print n + 0 }' "$T/st")"
capture uvmm --stats="$T/st" --policy=p.pol -- cat "$T/work/in"
check_grep "(while opens did)" openat "$(cat "$T/st")"
printf 'default deny\ndeny stat %s/secret\n' "$T" | cat - p.pol >ps.pol
capture uvmm --policy=ps.pol -- stat -c %s "$T/secret"
check_rc "deny stat before it: stat is judged (EACCES)" 1
check_grep "(Permission denied)" "Permission denied" "$ERR"

# A file the policy lets only be read: its fd, opened to read, cannot
# change it either (fchmod goes through the same judge).
capture uvmm --policy=p.pol -- python3 -c 'import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
try:
    os.fchmod(fd, 0o600); print("changed")
except OSError as e:
    print(e.errno)' "$T/work/keep"
check_out "fchmod of a read-only fd of a file only readable: EACCES" 0 13
check "its mode is unchanged" 644 "$(stat -c %a work/keep)"

# The log: one JSON line per denied or logged decision, with the rule.
rm -f log.json
capture env -C "$T/work" "$UVMM" --policy="$T/p.pol" --log="$T/log.json" -- cat ../secret
check_rc "a denied read fails" 1
capture python3 -c 'import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("path") == sys.argv[2]:
        print(d["call"], d["named"], d["intent"], d["decision"], d["rule"])' "$T/log.json" "$T/secret"
check_out "--log: a JSON line says who, what (as named, as resolved), which rule" 0 \
	"openat ../secret read deny default"

# Syscall rules: in the kernel's filter, with 64-bit argument conditions.
cat >s.pol <<EOF || hard_error "policy"
default allow
syscall getpgid errno EPERM if arg0 >= 0x100000000
syscall getsid errno 5 if arg0 & 0xff == 7
syscall sysinfo errno ENOSYS
syscall syslog kill
EOF
SYS='import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
for nr, arg in ((121, 0x7fffff00), (121, 0x17fffff00), (124, 0x107), (124, 0x108)):
    r = libc.syscall(nr, ctypes.c_long(arg))
    print(nr, hex(arg), r, ctypes.get_errno() if r < 0 else 0)
    ctypes.set_errno(0)'
capture uvmm --policy=s.pol -- python3 -c "$SYS"
check_out "syscall rules: errno by a 64-bit compare and by a mask" 0 "121 0x7fffff00 -1 3
121 0x17fffff00 -1 1
124 0x107 -1 5
124 0x108 -1 3"
capture uvmm --policy=s.pol -- python3 -c 'import ctypes
libc = ctypes.CDLL(None, use_errno=True)
print(libc.syscall(99, ctypes.create_string_buffer(256)), ctypes.get_errno())'
check_out "syscall ... errno ENOSYS" 0 "-1 38"
capture uvmm --policy=s.pol -- python3 -c 'import ctypes
print("before", flush=True)
ctypes.CDLL(None).syscall(103, 10, 0, 0)
print("ran")'
check_out "syscall ... kill: SIGSYS, the call never ran" 159 before
if have mount; then
	mkdir -p work/mnt || hard_error mkdir
	capture uvmm --fakeroot --policy=s.pol -- sh -c \
		"mount --bind '$T/work/out' '$T/work/mnt' 2>&1 >/dev/null; echo \$?"
	check_out "mount(2) cannot move the names rules are written for" 0 \
		"mount: $T/work/mnt: permission denied.
       dmesg(1) may have more information after failed mount system call.
32"
fi

# connect and bind rules, on loopback.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8); time.sleep(60)' "$PORT" &
bg_track $!
n=0
until python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$PORT" 2>/dev/null ||
	[ $n -ge 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
[ $n -lt 100 ] || hard_error "the listener did not start on $PORT"
NET='import socket, sys
for what in ("connect", "bind"):
    s = socket.socket()
    try:
        if what == "connect":
            s.connect(("127.0.0.1", int(sys.argv[1])))
        else:
            s.bind(("127.0.0.1", 0))
        print(what, "ok")
    except OSError as e:
        print(what, e.errno)'
capture uvmm --policy=p.pol -- python3 -c "$NET" "$PORT"
check_out "default deny: connect ECONNREFUSED, bind EACCES" 0 "connect 111
bind 13"
cat p.pol - >n.pol <<EOF || hard_error "policy"
allow connect 127.0.0.1/32:$PORT
allow bind 127.0.0.1/32
EOF
capture uvmm --policy=n.pol -- python3 -c "$NET" "$PORT"
check_out "allow connect ADDR:PORT, allow bind ADDR" 0 "connect ok
bind ok"

# --learn: the policy a command needed runs it again, and nothing else.
rm -f work/out/*
LEARNT='cat in >/dev/null && echo made >out/made && ls "$TMPDIR" >/dev/null && echo done'
# ($PWD in a policy is where uvmm starts.)
capture env -C "$T/work" TMPDIR="$T/tmp" "$UVMM" --learn="$T/learnt.pol" -- sh -c "$LEARNT"
check_out "--learn runs the command" 0 done
check_grep "--learn writes a policy that denies the rest" "default deny" "$(cat learnt.pol 2>&1)"
capture env -C "$T/work" TMPDIR="$T/tmp" "$UVMM" --policy="$T/learnt.pol" -- sh -c "$LEARNT"
check_out "the learnt policy runs it again" 0 done
capture env -C "$T/work" TMPDIR="$T/tmp" "$UVMM" --policy="$T/learnt.pol" -- cat "$T/secret"
check_rc "... and does not read what it did not" 1
check_grep "(Permission denied)" "Permission denied" "$ERR"

# A container runtime's seccomp profile (Docker's format; Debian ships
# podman's default in golang-github-containers-common).
PROFILE=/usr/share/containers/seccomp.json
if [ -r "$PROFILE" ] && have setarch; then
	capture setarch x86_64 -R true
	check_rc "natively, setarch -R (personality ADDR_NO_RANDOMIZE) works" 0
	capture uvmm --seccomp-profile="$PROFILE" -- sh -c \
		'ls / >/dev/null && tar -cf /dev/null /etc/hostname 2>/dev/null && echo ok; setarch x86_64 -R true 2>/dev/null; echo $?; setarch x86_64 true; echo $?'
	check_out "$PROFILE: programs run, personality only with the values it lists" 0 "ok
1
0"
	capture uvmm --seccomp-profile="$PROFILE" --policy=p.pol -- sh -c 'cat "$0"; cat "$1"' "$T/work/in" "$T/secret"
	check_out "a profile and path rules together" 1 public
else
	skip_part "no $PROFILE (golang-github-containers-common) or setarch"
fi

# Mistakes in a policy are said, with their line.
printf 'default deny\nallow reed /usr/**\n' >bad.pol
capture uvmm --policy=bad.pol -- true
check_rc "a bad intent is a usage error" 125
check_grep "... naming the file and line" "bad.pol:2" "$ERR"
printf 'syscall nosuchcall allow\n' >bad.pol
capture uvmm --policy=bad.pol -- true
check_grep "an unknown syscall is named" "no system call named nosuchcall" "$ERR"

t_done
