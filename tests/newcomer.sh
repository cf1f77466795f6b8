#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# newcomer.sh SRC - what a newcomer does first: clone SRC, run the first
# command of its README (setup, build, a fake-root session) as an
# unprivileged user (uvmmtest when started as root), and check that the
# archive it lists has root's owners, a setuid file and a device while
# the files stay the user's.  Run by tools/test.sh; prints a count line.
set -u
src=${1:?SRC}
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
no() { failed=$((failed + 1)); echo "FAIL - $1"; }

command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; echo "0 passed, 0 failed, 1 skipped"; exit 0; }
work=$(mktemp -d /tmp/uvmm-newcomer.XXXXXX) || exit 99
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
git clone -q "$src" "$work/uvmm" || { echo "git clone failed"; exit 99; }
mkdir "$work/tmp"
# The first ```sh block of the README, as the reader copies it.
cmd=$(awk '/^```sh$/ { f = 1; next } /^```$/ { if (f) exit } f' "$work/uvmm/README.md")
test -n "$cmd" || { echo "no command in README.md"; exit 99; }
echo "# $cmd"
if [ "$(id -u)" -eq 0 ]; then
	user=uvmmtest
	id "$user" >/dev/null 2>&1 || useradd --system --create-home --shell /bin/sh "$user"
	chown -R "$user:" "$work/uvmm" "$work/tmp"
	out=$(cd "$work/uvmm" && TMPDIR=$work/tmp runuser -u "$user" -- \
		env TMPDIR="$work/tmp" sh -c "$cmd" 2>&1)
else
	user=$(id -un)
	out=$(cd "$work/uvmm" && TMPDIR=$work/tmp sh -c "$cmd" 2>&1)
fi
rc=$?
echo "$out" | tail -n 8
if [ $rc -eq 0 ]; then ok "the README's first command exits 0 (as $user)"; else no "the README's first command exits 0 (as $user): $rc"; fi
for want in ' 0/0 .* root/bin/$' '^-rwsr-xr-x 0/0 .* root/bin/su$' '^crw-r--r-- 0/0 .*5,1 .* root/console$'; do
	if echo "$out" | grep -q -- "$want"; then ok "its archive lists: $want"; else no "its archive lists: $want"; fi
done
# The session's files are the user's, not root's.
f=$(find "$work/tmp" -path '*/root/bin/su' 2>/dev/null | head -n 1)
if [ -n "$f" ] && [ "$(stat -c %U "$f")" = "$user" ] && [ ! -u "$f" ]; then
	ok "the real file is $user's, not setuid"
else
	no "the real file is $user's, not setuid (${f:-not found})"
fi
echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
