# SPDX-License-Identifier: GPL-2.0-only
# fsview-escape.sh - a guest cannot leave its fsview view: `..` is clamped
# at the guest root (cd, chdir, openat on a dirfd inside the view, symlink
# targets); symlinks inside the root and inside a bind, relative or
# absolute, that natively lead to $T/outside, resolve inside the view (and
# one to /etc finds the guest's /etc); a directory fd inherited from
# outside the view fails with EACCES for fchdir, chdir through
# /proc/self/fd/N and as an openat/openat2 dirfd, and neither
# /proc/self/fd/N nor /proc/self/root reach the outside; openat2 keeps its
# RESOLVE_ flags' meaning inside the view; the path of a unix socket is a
# guest path (a host socket outside is not reachable); a file handle
# (open_by_handle_at, as root) does not open an outside file; a chain of
# 41 symlinks is ELOOP (40 is fine), a path past PATH_MAX or a name past
# NAME_MAX is ENAMETOOLONG, a valid 4095-byte path is ENOENT (the
# monitor's longer host path does not show), NULL and wild path pointers
# are EFAULT: each as natively.  Every check also asserts that the outside
# marker was not read.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require ls cat readlink ln
t_init
need_fsview
build_escape
view_root "$T/root"
t_guard "$T/root" "$T/w" "$T/outside"
# The guest's /etc is its own here: a link to /etc must find it.
VIEW=$(printf '%s\n' "$VIEW" | sed 's| --ro-bind /etc||')

SECRET="SECRET-OUTSIDE-MARKER"
mkdir -p outside w root/w root/opt root/loop root/data || hard_error "mkdir"
echo "$SECRET" >outside/marker
echo "guest etc" >root/etc/marker
echo "w file" >w/file
cp "$T/escape" root/opt/escape || hard_error "cp escape"
# Natively, each of these leads to $T/outside.
ln -s ../outside w/up
ln -s "$T/outside" w/abs
ln -s "../../../../../../../../../..$T/outside" w/deepup
ln -s "../../../../../../../../../..$T/outside" root/evil
ln -s "$T/outside/marker" root/data/abslink
ln -s /etc w/etclink
ln -s ../../../../../../../../.. w/dotdot
# A chain: l0 -> l1 -> ... -> l40 -> end (41 links from l0, 40 from l1).
echo "end of chain" >root/loop/end
i=0
while [ $i -lt 40 ]; do
	ln -s "l$((i + 1))" "root/loop/l$i" || hard_error "ln -s"
	i=$((i + 1))
done
ln -s end root/loop/l40
ln -s self root/loop/self
B="--bind $T/w:/w"

# The links do escape natively: the checks below mean something.
capture sh -c 'cat w/up/marker w/abs/marker w/deepup/marker root/evil/marker root/data/abslink; ./escape openat w ../outside/marker openat2 w ../outside/marker none'
check_out "natively the links and ../ lead to the outside marker" 0 "$SECRET
$SECRET
$SECRET
$SECRET
$SECRET
openat w ../outside/marker: $SECRET
openat2 w ../outside/marker none: $SECRET"
capture sh -c 'cat root/loop/l1; cat root/loop/l0 2>&1; cat root/loop/self 2>&1; ./escape cat root/loop/l0'
check_out "natively 40 links are fine, 41 are ELOOP" 0 "end of chain
cat: root/loop/l0: Too many levels of symbolic links
cat: root/loop/self: Too many levels of symbolic links
cat root/loop/l0: ELOOP"

# .. stops at the guest root.
root_ls=$(cd "$T/root" && echo * | tr ' ' '\n' | tr '\n' ' ')
# shellcheck disable=SC2086
fv 'cd /w; cd ..; pwd; cd ..; cd ..; pwd; cat .fsview-id
cd /w/../../../..; pwd; /bin/pwd; cd /../../..; pwd; readlink /proc/self/cwd; cat ../../.fsview-id
cd /w; cd ../../../w; pwd; cat file; ls /../.. | tr "\n" " "; echo
/opt/escape chdir /../../.. cwd chdir ../../../.. cwd chdir /w cwd chdir ../../.. cwd' $B
check_out "cd .. from a bind and from the root stays at /" 0 "/
/
$T
/
/
/
/
$T
/w
w file
$root_ls
chdir /../../..: ok
cwd: /
chdir ../../../..: ok
cwd: /
chdir /w: ok
cwd: /w
chdir ../../..: ok
cwd: /"

# The kernel's .. (not the shell's textual one): the parent of a bind is
# its guest parent, not its host parent; / is its own parent.
# shellcheck disable=SC2086
fv 'ls /w/.. | tr "\n" " "; echo; cat /w/../.fsview-id /w/../../../.fsview-id
cd -P /w/..; /bin/pwd; cd -P /w; cd -P ../../..; /bin/pwd; cd /w; cd -P ..; /bin/pwd
test "$(stat -c %d:%i /)" = "$(stat -c %d:%i /..)" && echo "/.. is /"
test "$(stat -c %d:%i /)" = "$(stat -c %d:%i /w/../..)" && echo "/w/../.. is /"
cat /w/etclink/../.fsview-id; cd -P /w/etclink/..; /bin/pwd; realpath /w/etclink /w/dotdot; realpath -m /w/up' $B
check_out "the kernel's .. stops at the guest root, after a bind and a symlink too" 0 "$root_ls
$T
$T
/
/
/
/.. is /
/w/../.. is /
$T
/
/etc
/
/outside"
check_nogrep "...and never read the outside marker" "$SECRET" "$OUT$ERR"

# Symlinks out of the root and out of a bind, absolute and relative.
# shellcheck disable=SC2086
fv 'for p in /w/up/marker /w/abs/marker /w/deepup/marker /evil/marker /data/abslink; do cat "$p" 2>&1 || echo "status $?"; done
ls /w/up; readlink /w/up /w/abs /evil
cat /w/etclink/marker; cat /w/etclink/passwd 2>&1 || echo "status $?"
cat /w/dotdot/.fsview-id; cd /w/dotdot; pwd -P; cd /w/up 2>/dev/null || echo "cd refused"
cd /w; cat up/marker 2>&1 || echo "status $?"; cat dotdot/w/file' $B
check_out "symlinks out of the root and of a bind resolve inside the view" 0 \
	"cat: /w/up/marker: No such file or directory
status 1
cat: /w/abs/marker: No such file or directory
status 1
cat: /w/deepup/marker: No such file or directory
status 1
cat: /evil/marker: No such file or directory
status 1
cat: /data/abslink: No such file or directory
status 1
/w/up
../outside
$T/outside
../../../../../../../../../..$T/outside
guest etc
cat: /w/etclink/passwd: No such file or directory
status 1
$T
/
cd refused
cat: up/marker: No such file or directory
status 1
w file"
check_nogrep "...and never read the outside marker" "$SECRET" "$OUT$ERR"

# shellcheck disable=SC2086
fv 'cd /w; /opt/escape openat /w ../../../.fsview-id openat /w ../outside/marker openat /w "../../../../../..$T/outside/marker" \
openat /w up/marker openat /w abs/marker openat / evil/marker openat /w dotdot/.fsview-id openat cwd ../../file openat /w ../../w/file \
open /w/up/marker r' $B
check_out "openat on a dirfd inside the view: .. and symlinks stay inside" 0 \
	"openat /w ../../../.fsview-id: $T
openat /w ../outside/marker: ENOENT
openat /w ../../../../../..$T/outside/marker: ENOENT
openat /w up/marker: ENOENT
openat /w abs/marker: ENOENT
openat / evil/marker: ENOENT
openat /w dotdot/.fsview-id: $T
openat cwd ../../file: ENOENT
openat /w ../../w/file: w file
open /w/up/marker r: ENOENT"
check_nogrep "...and never read the outside marker" "$SECRET" "$OUT$ERR"

# shellcheck disable=SC2086
fv 'cd /w; /opt/escape openat2 /w ../outside/marker none openat2 /w ../../../../.fsview-id none openat2 /w up/marker none \
openat2 /w ../outside/marker in_root openat2 /w up/marker in_root openat2 /w abs/marker in_root openat2 /w ../file beneath \
openat2 / evil/marker none openat2 cwd "$T/outside/marker" none openat2 /w file no_xdev openat2 /w dotdot/.fsview-id no_symlinks' $B
check_out "openat2: .. and symlinks stay inside, whatever RESOLVE_ flags" 0 \
	"openat2 /w ../outside/marker none: ENOENT
openat2 /w ../../../../.fsview-id none: $T
openat2 /w up/marker none: ENOENT
openat2 /w ../outside/marker in_root: ENOENT
openat2 /w up/marker in_root: ENOENT
openat2 /w abs/marker in_root: ENOENT
openat2 /w ../file beneath: EXDEV
openat2 / evil/marker none: ENOENT
openat2 cwd $T/outside/marker none: ENOENT
openat2 /w file no_xdev: w file
openat2 /w dotdot/.fsview-id no_symlinks: ELOOP"
check_nogrep "...and never read the outside marker" "$SECRET" "$OUT$ERR"

# A directory fd from outside the view, inherited from our shell.
exec 3<"$T/outside" || hard_error "cannot open $T/outside"
# shellcheck disable=SC2086
capture uvmm $VIEW $B -- \
	/opt/escape fchdir fd:3 cwd openat fd:3 marker openat fd:3 ../outside/marker openat fd:3 . \
	openat fd:3 /.fsview-id openat2 fd:3 marker none openat2 fd:3 marker in_root cwd
check_out "an outside dir fd: fchdir and openat fail with EACCES" 0 \
	"fchdir fd:3: EACCES
cwd: /
openat fd:3 marker: EACCES
openat fd:3 ../outside/marker: EACCES
openat fd:3 .: EACCES
openat fd:3 /.fsview-id: $T
openat2 fd:3 marker none: EACCES
openat2 fd:3 marker in_root: EACCES
cwd: /"
check_nogrep "...and never read the outside marker" "$SECRET" "$OUT$ERR"
# shellcheck disable=SC2086
capture uvmm $VIEW $B -- \
	/opt/escape cat /proc/self/fd/3/marker openat /proc/self/fd/3 marker fchdir /proc/self/fd/3 cwd \
	cat "/proc/self/root$T/outside/marker" openat /proc/self/root ".$T/outside/marker" cwd
check_grep "an outside dir fd through /proc/self/fd/N, and /proc/self/root: the helper ran" \
	"openat /proc/self/root .$T/outside/marker: " "$OUT"
check_nogrep "...and never read the outside marker" "$SECRET" "$OUT$ERR"
check_nogrep "...and never got there" "cwd: $T" "$OUT"
# shellcheck disable=SC2086
capture uvmm $VIEW $B -- /opt/escape cat /proc/self/fd/3/marker openat /proc/self/fd/3 marker \
	fchdir /proc/self/fd/3 cwd chdir /proc/self/fd/3 cwd cat marker
check_out "the outside fd through /proc/self/fd/3: EACCES, also for chdir" 0 \
	"cat /proc/self/fd/3/marker: EACCES
openat /proc/self/fd/3 marker: EACCES
fchdir /proc/self/fd/3: EACCES
cwd: /
chdir /proc/self/fd/3: EACCES
cwd: /
cat marker: ENOENT"
check_nogrep "...and never read the outside marker" "$SECRET" "$OUT$ERR"
# shellcheck disable=SC2086
capture uvmm $VIEW $B -- \
	sh -c 'cat /proc/self/fd/3/marker; cat /proc/$$/fd/3/marker; ls /proc/self/fd/3/; cd /proc/self/fd/3 && cat marker; cd /proc/self/root && cat ".$T/outside/marker"; cat <&3; echo end'
check_grep "an outside dir fd through /proc/self/fd/N and /proc/self/root from sh" "end" "$OUT"
check_nogrep "...never reads the outside marker" "$SECRET" "$OUT$ERR"
exec 3<&-
# The monitor's own cwd ($T) is outside the view, so is the host path of
# the helper: neither is reachable.
# shellcheck disable=SC2086
capture uvmm $VIEW -- "$T/escape" cwd
check_rc "a host path outside the view does not run (127)" 127

# Unix sockets: the path in a sockaddr is a guest path too.  A host
# socket outside the view is not reachable by its host path.
"$T/escape" serve "$T/outside/sock" "$SECRET" >"$T/.lib/serve" 2>&1 &
bg_track $!
i=0
while [ "$(cat "$T/.lib/serve")" != serving ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
test "$(cat "$T/.lib/serve")" = serving || hard_error "escape serve did not start"
# shellcheck disable=SC2086
fv '/opt/escape connect "$T/outside/sock" connect /w/../outside/sock unixsock /w/sock' $B
check_out "bind/connect of a unix socket: guest paths; a host socket outside is not reachable" 0 \
	"connect $T/outside/sock: ENOENT
connect /w/../outside/sock: ENOENT
unixsock /w/sock: hello over the socket"
check_nogrep "...and never read the outside socket" "$SECRET" "$OUT$ERR"
capture sh -c 'test -S w/sock && echo socket'
check_out "the guest's socket is in the bound dir" 0 "socket"
rm -f w/sock

# open_by_handle_at: a handle names a file without a path.  Natively only
# root may use it; a handle of a file outside the view (here known, could
# be guessed) must not open it.
capture ./escape handle "$T/outside/marker"
handle=${OUT#"handle $T/outside/marker: "}
case $handle in
[0-9]*:[0-9a-f]*)
	HANDLE=$handle
	export HANDLE
	# shellcheck disable=SC2086
	fv '/opt/escape byhandle / "$HANDLE" byhandle /w "$HANDLE"' $B
	if [ "$ME_UID" = 0 ]; then
		check_nogrep "open_by_handle_at of an outside file (as root) does not read it" "$SECRET" "$OUT$ERR"
		check_grep "...but fails" "byhandle /w: E" "$OUT"
	else
		check_out "open_by_handle_at: EPERM, as natively for a user" 0 "byhandle /: EPERM
byhandle /w: EPERM"
	fi ;;
*)
	skip_part "name_to_handle_at does not work here: $OUT" ;;
esac

# ELOOP, ENAMETOOLONG, a long valid path, EFAULT, as natively.
fv 'cat /loop/l1; cat /loop/l0 2>&1 || echo "status $?"; cat /loop/self 2>&1 || echo "status $?"
/opt/escape cat /loop/l0 cat /loop/l1 open /loop/l0 r open /loop/l0 rn open /loop/l40 rn chdir /loop/l0'
check_out "40 symlinks are followed; 41 give ELOOP" 0 "end of chain
cat: /loop/l0: Too many levels of symbolic links
status 1
cat: /loop/self: Too many levels of symbolic links
status 1
cat /loop/l0: ELOOP
cat /loop/l1: end of chain
open /loop/l0 r: ELOOP
open /loop/l0 rn: ELOOP
open /loop/l40 rn: ELOOP
chdir /loop/l0: ELOOP"

capture sh -c 'cd w && ../escape toolong deep'
native=$OUT
check_out "natively: ENAMETOOLONG past PATH_MAX and NAME_MAX, a long valid path ENOENT" 0 \
	"open long path: ENAMETOOLONG
stat long path: ENAMETOOLONG
mkdir long path: ENAMETOOLONG
chdir long path: ENAMETOOLONG
execve long path: ENAMETOOLONG
open long name: ENAMETOOLONG
creat long name: ENAMETOOLONG
mkdir long name: ENAMETOOLONG
stat deep: ENOENT
open deep: ENOENT
mkdir deep: ENOENT"
# shellcheck disable=SC2086
fv 'cd /w; /opt/escape toolong deep' $B
check_out "in the view: the same" 0 "$native"
# shellcheck disable=SC2086
fv 'cd /w; cat "$(printf "%0300d" 0)" 2>&1 || echo "status $?"' $B
check_out "cat of a name past NAME_MAX" 0 \
	"cat: $(printf "%0300d" 0): File name too long
status 1"

capture sh -c 'cd w && ../escape efault'
native=$OUT
check_grep "natively: EFAULT" "open NULL: EFAULT" "$native"
check_nogrep "natively: nothing but EFAULT" ": ok" "$native"
# shellcheck disable=SC2086
fv 'cd /w; /opt/escape efault' $B
check_out "in the view: NULL and wild pointers give EFAULT, as natively" 0 "$native"
capture ls -A w
check_out "the hostile calls made nothing" 0 "abs
deepup
dotdot
etclink
file
up"

t_done
