# SPDX-License-Identifier: GPL-2.0-only
# monitor.sh - in the QEMU guest, with uvmm.ko loaded: the monitor on its
# kmod backend (uvmm --backend=kmod), the same plugins as on the others.
# Busybox's sh and applets are the guest programs.  Run by run.sh's /init.
passed=0 failed=0
check() {	# DESC EXPECTED GOT
	if [ "$2" = "$3" ]; then
		passed=$((passed + 1)); echo "ok - $1"
	else
		failed=$((failed + 1)); echo "FAIL - $1"
		echo "  expected: $(printf '%s' "$2" | tr '\n' '|')"
		echo "  got: $(printf '%s' "$3" | tr '\n' '|')"
	fi
}
cd /tmp || exit 99

out=$(uvmm --backend=kmod --stats=/tmp/st --fakeroot -- \
	sh -c 'touch /tmp/f; chown 5:6 /tmp/f; stat -c %u:%g /tmp/f' 2>&1)
check "--fakeroot on kmod: chown, then stat" "5:6" "$out"
out=$(uvmm --backend=kmod --fakeroot --uid 7 -- id -u 2>&1)
check "--fakeroot on kmod: fake ids" 7 "$out"
check "the real file is untouched" "0:0" "$(stat -c %u:%g /tmp/f)"
got=$(awk '$1 == "fchownat" || $1 == "chown" || $1 == "lchown" { n += $2; p += $3 } END { print (n > 0) " " (p + 0) }' /tmp/st)
check "chown came by the device, no ptrace stop" "1 0" "$got"

mkdir -p /tmp/a && echo in-a >/tmp/a/f
out=$(uvmm --backend=kmod --stats=/tmp/st2 --bind /tmp/a:/x -- sh -c 'cat /x/f; stat -c %s /x/f; ls /x; echo new >/x/g; cat /tmp/a/g' 2>&1)
check "a view on kmod: read, stat, list, create" "in-a
5
f
new" "$out"
got=$(awk '$1 == "open" || $1 == "openat" { n += $2; p += $3 } END { print (n > 0) " " (p + 0) }' /tmp/st2)
check "opens in the view came by the device (ADDFD), no ptrace stop" "1 0" "$got"

# The sandbox on kmod: paths judged on what the view resolved and the
# monitor then opened (by the device), syscall rules in the command's filter.
echo secret >/tmp/secret
printf 'default allow\ndeny read /tmp/secret\nsyscall getpgid errno EPERM\n' >/tmp/p.pol
out=$(uvmm --backend=kmod --stats=/tmp/st3 --policy=/tmp/p.pol -- sh -c 'cat /tmp/a/f; cat /tmp/secret 2>/dev/null || echo denied' 2>&1)
check "--policy on kmod: allowed read, denied read" "in-a
denied" "$out"
got=$(awk '$1 == "open" || $1 == "openat" { n += $2; p += $3 } END { print (n > 0) " " (p + 0) }' /tmp/st3)
check "the sandbox's opens came by the device, no ptrace stop" "1 0" "$got"

uvmm --backend=kmod --fakeroot -- sh -c 'kill -9 $$'
check "a guest killed by SIGKILL: 137" 137 "$?"
out=$(uvmm --backend=kmod --fakeroot -- sh -c 'exit 3'; echo $?)
check "its status passes through" 3 "$out"

# A user's session (nobody, no groups): the command attaches to the
# device only after its last privileged step before exec.
out=$(cd /tmp && timeout 60 /kmodtest --as 65534 uvmm --backend=kmod --fakeroot -- \
	sh -c 'id -u; touch /tmp/byuser; chown 3 /tmp/byuser; stat -c %u /tmp/byuser' 2>&1)
check "a user's --fakeroot session on kmod" "0
3" "$out"

echo "monitor: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
