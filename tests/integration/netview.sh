# SPDX-License-Identifier: GPL-2.0-only
# netview.sh - the session's view of the network, with real clients and
# servers on loopback only: curl against python3's http.server under
# --net=loopback, none, deny and allow rules (first match wins), a
# redirect; a denied connect's errno (ECONNREFUSED for a rule,
# ENETUNREACH where --net has no such network); UDP sendto decided and
# redirected (the datagram reaches the new address); packet and raw
# sockets refused (EPERM) under none; IPv6 loopback; usage errors.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016,SC2086
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require python3 curl
t_init

# A free port: the kernel picks it, the server then binds it.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
P1=$(free_port) P2=$(free_port)
mkdir www && echo "served" >www/index.html || hard_error "www"
(cd www && exec python3 -m http.server "$P1" --bind 127.0.0.1 >/dev/null 2>&1) &
bg_track $!
# (A minute at most: under QEMU's TCG python takes its time to start.)
n=0
until curl -s -o /dev/null "http://127.0.0.1:$P1/" || [ $n -ge 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
[ $n -lt 600 ] || hard_error "http.server did not start on $P1"

CURL="curl -s --max-time 20"

capture uvmm --net=loopback -- $CURL "http://127.0.0.1:$P1/"
check_out "--net=loopback: a local server is reached" 0 "served"
capture uvmm --net=none -- $CURL "http://127.0.0.1:$P1/"
check_rc "--net=none: it is not (curl: cannot connect)" 7

# connect's errno, seen by the program.
CONNECT='import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
try:
    s.connect((sys.argv[1], int(sys.argv[2]))); print("connected")
except OSError as e:
    print(e.errno)'
capture uvmm --net=none -- python3 -c "$CONNECT" 127.0.0.1 "$P1"
check_out "--net=none: ENETUNREACH" 0 101
capture uvmm --deny-connect="127.0.0.1/8:$P1" -- python3 -c "$CONNECT" 127.0.0.1 "$P1"
check_out "--deny-connect: ECONNREFUSED, as if nothing listened" 0 111
capture uvmm --deny-connect="127.0.0.1/8:$P2" -- python3 -c "$CONNECT" 127.0.0.1 "$P1"
check_out "a rule for another port does not apply" 0 connected
capture uvmm --net=none --allow-connect="127.0.0.0/8:$P1" -- python3 -c "$CONNECT" 127.0.0.1 "$P1"
check_out "--allow-connect before --net=none: first match wins" 0 connected
capture uvmm --allow-connect="127.0.0.1:$P1" --deny-connect=127.0.0.0/8 -- \
	python3 -c "$CONNECT" 127.0.0.1 "$P2"
check_out "... and a later deny catches the rest" 0 111
# Non-blocking connect, performed by the monitor without waiting.
capture uvmm --net=loopback -- python3 -c 'import socket, sys, select
s = socket.socket(); s.setblocking(False)
e = s.connect_ex(("127.0.0.1", int(sys.argv[1])))
select.select([], [s], [], 10)
print(e in (0, 115), s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))' "$P1"
check_out "a non-blocking connect: EINPROGRESS, then connected" 0 "True 0"

# A redirect: the program asks for P2, the connection goes to P1.
capture uvmm --redirect="127.0.0.1:$P2=127.0.0.1:$P1" -- $CURL "http://127.0.0.1:$P2/"
check_out "--redirect: curl to the old port reaches the new one" 0 "served"

# UDP: sendto is decided, redirected, and the datagram arrives.
UDP='import socket, sys
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r.bind(("127.0.0.1", int(sys.argv[1]))); r.settimeout(10)
print(r.recv(100).decode())'
python3 -c "$UDP" "$P2" >"$T/udp.out" 2>&1 &
bg_track $!
sleep 0.5
SEND='import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    print(s.sendto(b"dgram", ("127.0.0.1", int(sys.argv[1]))))
except OSError as e:
    print(e.errno)'
capture uvmm --redirect="127.0.0.1:$P1=127.0.0.1:$P2" -- python3 -c "$SEND" "$P1"
check_out "sendto: redirected, its size returned" 0 5
n=0
while [ ! -s "$T/udp.out" ] && [ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
check "the datagram reached the new address" "dgram" "$(cat "$T/udp.out")"
capture uvmm --net=none -- python3 -c "$SEND" "$P1"
check_out "--net=none: sendto is ENETUNREACH" 0 101
capture uvmm --deny-connect="127.0.0.1:$P1" -- python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.sendmsg([b"x"], [], 0, ("127.0.0.1", int(sys.argv[1]))); print("sent")
except OSError as e:
    print(e.errno)' "$P1"
check_out "a denied sendmsg: ECONNREFUSED" 0 111
cat >"$T/mmsg.c" <<'EOF'
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
int main(int argc, char **argv)
{
	struct sockaddr_in a[2];
	struct mmsghdr m[2];
	struct iovec v = { "x", 1 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	(void)argc;
	memset(m, 0, sizeof(m));
	for (int i = 0; i < 2; i++) {
		a[i].sin_family = AF_INET;
		a[i].sin_port = htons(atoi(argv[i + 1]));
		a[i].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		m[i].msg_hdr.msg_name = &a[i];
		m[i].msg_hdr.msg_namelen = sizeof(a[i]);
		m[i].msg_hdr.msg_iov = &v;
		m[i].msg_hdr.msg_iovlen = 1;
	}
	printf("%d\n", sendmmsg(fd, m, 2, 0) < 0 ? errno : 0);
	return 0;
}
EOF
if "${CC:-cc}" -o "$T/mmsg" "$T/mmsg.c" >"$T/.lib/cc" 2>&1; then
	capture "$T/mmsg" "$P2" "$P1"
	check_out "natively sendmmsg sends" 0 0
	capture uvmm --deny-connect="127.0.0.1:$P1" -- "$T/mmsg" "$P2" "$P1"
	check_out "a sendmmsg with one denied address is refused" 0 111
else
	skip_part "no C compiler for the sendmmsg check"
fi
capture uvmm --net=none -- python3 -c 'import socket
for a in ((socket.AF_PACKET, socket.SOCK_RAW), (socket.AF_INET, socket.SOCK_RAW)):
    try:
        socket.socket(a[0], a[1], 0 if a[0] == socket.AF_PACKET else 1); print("made")
    except OSError as e:
        print(e.errno)'
check_out "--net=none: packet and raw sockets are EPERM" 0 "1
1"

# IPv6 loopback, where the host has it.
if python3 -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
	capture uvmm --net=loopback -- python3 -c "$CONNECT" ::1 "$P1"
	check_out "--net=loopback: [::1] is loopback (nothing there: refused)" 0 111
	capture uvmm --deny-connect='[::1/128]' -- python3 -c "$CONNECT" ::1 "$P1"
	check_out "an IPv6 rule applies to IPv6" 0 111
	capture uvmm --net=none -- python3 -c "$CONNECT" ::1 "$P1"
	check_out "--net=none: IPv6 too" 0 101
else
	skip_part "no IPv6 loopback here"
fi

# --port-map: a bind gets another host port; getsockname and the session's
# own connects see the guest's.  Two sessions bind the same port at once.
SERVE='import socket, sys, os, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(4)
print(s.getsockname()[1], flush=True)
c = socket.socket(); c.connect(("127.0.0.1", int(sys.argv[1])))
a, _ = s.accept(); c.send(b"hello"); print(a.recv(10).decode(), flush=True)
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]): time.sleep(0.05)'
G=$(free_port)
rm -f "$T/up1" "$T/up2" "$T/go"
uvmm --port-map=auto -- python3 -c "$SERVE" "$G" "$T/up1" "$T/go" >"$T/s1.out" 2>&1 &
s1=$!
bg_track $s1
uvmm --port-map=auto -- python3 -c "$SERVE" "$G" "$T/up2" "$T/go" >"$T/s2.out" 2>&1 &
s2=$!
bg_track $s2
n=0
while { [ ! -e "$T/up1" ] || [ ! -e "$T/up2" ]; } && [ $n -lt 200 ]; do
	sleep 0.1
	n=$((n + 1))
done
: >"$T/go"
wait "$s1" "$s2"
check "--port-map=auto: two sessions bind the same port, see it, reach it" \
	"$G
hello
$G
hello" "$(cat "$T/s1.out" "$T/s2.out")"
capture uvmm --port-map="$G=$P2" -- python3 -c 'import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
print(s.getsockname()[1])' "$G"
check_out "--port-map=G=H: getsockname says G" 0 "$G"
# A connection accepted on it says G too.  Only those sockets' getsockname
# matters: uvmm.ko leaves the others' in the kernel (marks on the file),
# the notification filter cannot tell them apart.
ACC='import socket, sys
l = socket.socket(); l.bind(("127.0.0.1", int(sys.argv[1]))); l.listen(1)
c = socket.socket(); c.connect(("127.0.0.1", int(sys.argv[1])))
a, _ = l.accept(); o = socket.socket()
for i in range(int(sys.argv[2])): o.getsockname()
print(l.getsockname()[1], a.getsockname()[1], o.getsockname()[1])'
capture uvmm --stats --port-map="$G=$P2" -- python3 -c "$ACC" "$G" 0
check_out "--port-map=G=H: an accepted connection says G" 0 "$G $G 0"
n0=$(printf '%s\n' "$ERR" | awk '$1 == "getsockname" { print $2 + $3 }')
capture uvmm --stats --port-map="$G=$P2" -- python3 -c "$ACC" "$G" 20
n20=$(printf '%s\n' "$ERR" | awk '$1 == "getsockname" { print $2 + $3 }')
if on_kmod; then
	check "uvmm.ko: getsockname of a socket not remapped stays unseen" \
		"$n0" "$n20"
else
	check "notification: every getsockname is seen" "$((n0 + 20))" "$n20"
fi
if [ "$ME_UID" != 0 ]; then
	capture uvmm --fakeroot --port-map=auto -- python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 80)); s.listen(1); print(s.getsockname()[1])'
	check_out "a fake root listens on :80 (a free high port really)" 0 80
fi
capture uvmm --port-map=80 -- true
check_rc "--port-map=80 is a usage error" 125

# Abstract AF_UNIX names: each session's own; --allow-abstract lets one
# of the host's through.
AB="uvmm-it-$$-abstract"
ABS='import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect("\0" + sys.argv[1]); print("connected")
except OSError as e:
    print(e.errno)'
python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind("\0" + sys.argv[1]); s.listen(8)
time.sleep(60)' "$AB" &
hostab=$!
bg_track $hostab
sleep 0.5
capture python3 -c "$ABS" "$AB"
check_out "natively, the host's abstract socket is reached" 0 connected
capture uvmm --net=loopback -- python3 -c "$ABS" "$AB"
check_out "in a session it is not there (ECONNREFUSED)" 0 111
capture uvmm --net=loopback --allow-abstract="$AB" -- python3 -c "$ABS" "$AB"
check_out "--allow-abstract lets it through" 0 connected
capture uvmm --net=loopback -- python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind("\0" + sys.argv[1]); s.listen(1)
c = socket.socket(socket.AF_UNIX); c.connect("\0" + sys.argv[1])
print(repr(s.getsockname()))' "$AB"
check_out "a session binds the host's name, reaches it, sees its name" 0 \
	"b'\\x00$AB'"
kill "$hostab" 2>/dev/null

# Usage errors.
capture uvmm --net=lan -- true
check_out "--net=lan is a usage error" 125 ""
check_grep "... naming it" "--net=lan" "$ERR"
capture uvmm --deny-connect=300.1.1.1 -- true
check_rc "a bad CIDR is a usage error" 125
capture uvmm --redirect=127.0.0.1:80 -- true
check_rc "a redirect without a target is a usage error" 125

t_done
