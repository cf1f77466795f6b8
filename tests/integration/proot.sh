# SPDX-License-Identifier: GPL-2.0-only
# proot.sh - uvmm-proot, proot's command line: a guest rootfs (-r) whose
# mount points (/usr, /bin...) it lacks, binds of directories and of a
# file over a file (-b HOST[:GUEST], -m), binds over binds, -w, -0, -i,
# the guest's /bin/sh when no command is given; and proot's behaviour on
# paths: ".." at the root stays there, an absolute symlink inside the
# rootfs points inside it, /proc/self/exe is a guest path, a cwd outside
# the rootfs becomes "/".  -k and -q are refused with a message (125);
# --kill-on-exit ends what the command left running.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require ls cat readlink id sleep
t_init
need_fsview
t_guard "$T/rootfs" "$T/b1" "$T/b2" "$T/hosts" "$T/out"

mkdir -p rootfs/etc rootfs/home/u rootfs/tmp b1 b2 out || hard_error "mkdir"
echo "guest etc" >rootfs/etc/f
echo "guest hosts" >rootfs/etc/hosts
echo "my hosts" >hosts
ln -s /etc rootfs/abs
echo "b1" >b1/f
echo "b2" >b2/f

proot() {
	capture timeout -k 10 "$IT_TIMEOUT" "$UVMM_PROOT" "$@"
}
# The rootfs with the host's programs bound in, as proot users do it.
set -- -r "$T/rootfs" -b /usr -b /usr/bin:/bin -b /usr/lib:/lib
test -d /usr/lib64 && set -- "$@" -b /usr/lib64:/lib64

proot "$@" /bin/sh -c 'cat /etc/f; ls /'
out="guest etc
abs
bin
etc
home
lib"
test -d /usr/lib64 && out="$out
lib64"
check_out "-r: the rootfs, with the bound mount points it lacks" 0 "$out
tmp
usr"
check "nothing was made in the rootfs on the host" "abs
etc
home
tmp" "$(ls "$T/rootfs")"

proot "$@" /bin/sh -c 'cd /; cd ../../..; pwd; ls /.. | head -n 1; cat /../../etc/f'
check_out "'..' at the root stays at the root" 0 "/
abs
guest etc"

proot "$@" /bin/sh -c 'readlink /abs; cat /abs/f'
check_out "an absolute symlink in the rootfs points inside it" 0 "/etc
guest etc"

mkdir -p rootfs/opt && cp "$(command -v readlink)" rootfs/opt/rl ||
	hard_error "cannot copy readlink"
proot "$@" -b /proc /opt/rl /proc/self/exe
check_out "/proc/self/exe is the guest's path" 0 "/opt/rl"

proot "$@" -b "$T/hosts:/etc/hosts" cat /etc/hosts
check_out "-b FILE:FILE: a file bound over a file" 0 "my hosts"
check "the rootfs's file is unchanged" "guest hosts" "$(cat rootfs/etc/hosts)"

proot "$@" -b "$T/b1:/mnt" -m "$T/b2:/mnt/inner" /bin/sh -c \
	'cat /mnt/f /mnt/inner/f'
check_out "a bind over a bind (-b, -m)" 0 "b1
b2"

cd "$T/out" || hard_error "cd out"
proot "$@" /bin/pwd
check_out "a cwd outside the rootfs becomes /" 0 "/"
cd "$T" || hard_error "cd T"
proot "$@" -w /home/u /bin/pwd
check_out "-w DIR" 0 "/home/u"

printf 'echo "$0 $(id -u)"\n' >"$T/in"
IT_STDIN=$T/in proot "$@" -0
check_out "no command: the guest's /bin/sh, -0 is uid 0" 0 "/bin/sh 0"
proot "$@" -i 1234:5678 /bin/sh -c 'id -u; id -g'
check_out "-i UID:GID" 0 "1234
5678"
proot "$@" -0 /bin/sh -c 'echo x >/tmp/n; chown 7:8 /tmp/n; stat -c %u:%g /tmp/n'
check_out "-0: chown sticks in the session" 0 "7:8"
check_real_owner "-0: the real file is still ours" "$T/rootfs/tmp/n"

proot "$@" -k 3.2.0 true
check_rc "-k is refused" 125
check_grep "... with a message naming it" "-k" "$ERR"
proot "$@" -q qemu-arm true
check_rc "-q is refused" 125
proot "$@" --no-such
check_rc "an unknown option is a usage error" 125

proot "$@" --kill-on-exit /bin/sh -c "sleep 60 & echo \$! >/tmp/pid"
check_rc "--kill-on-exit: the command's status" 0
pid=$(cat "$T/rootfs/tmp/pid")
n=0
while kill -0 "$pid" 2>/dev/null && [ $n -lt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
check "--kill-on-exit: what it left running is gone" gone \
	"$(kill -0 "$pid" 2>/dev/null && echo alive || echo gone)"
kill -KILL "$pid" 2>/dev/null

t_done
