# SPDX-License-Identifier: GPL-2.0-only
# fsview-prefix.sh - a view without --root changes a few paths of the
# host's tree: its mount points and their sources.  uvmm.ko performs the
# opens, stats, access checks and attribute reads of every other file in
# the kernel, unseen (the path filter); the notification backend brings
# them all.  Either way the view holds whichever way a path gets there:
# through a symlink from outside,
# a "..", a relative path from a cwd or a directory fd, a bind made by
# mount(2) in the session.  And the calls that stay in the kernel are
# the host's own: contents, errors, creation and its umask.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require cat ls ln mkdir python3
t_init
need_fsview
build_escape
build_probe
t_guard "$T/a" "$T/b" "$T/h" "$T/ro" "$T/out" "$T/pa" "$T/pb"

mkdir -p a b h/secret ro out/sub c || hard_error "mkdir"
echo "a data" >a/f
echo "b data" >b/f
echo "hidden" >h/secret/file
echo "ro data" >ro/file
echo "out data" >out/f
ln -s ../h/secret out/lsec || hard_error "ln"
ln -s "$T/b" out/lb || hard_error "ln"
VIEW="--bind $T/a:$T/b --hide $T/h/secret --ro-bind $T/ro $T/ro"

# The bind, through its own name and through a symlink from outside.
capture uvmm $VIEW -- sh -c 'cat "$1/b/f" "$1/out/lb/f" "$1/out/f"' sh "$T"
check_out "a bind is seen by name and through a symlink from outside" 0 \
	"a data
a data
out data"

# The hidden name: by name, through a symlink, through "..", relative.
capture uvmm $VIEW -- sh -c '
for p in "$1/h/secret/file" "$1/out/lsec/file" "$1/out/sub/../../h/secret/file"; do
	cat "$p" 2>/dev/null || echo gone
done
cd "$1/h" && { cat secret/file 2>/dev/null || echo gone; }
test -e "$1/h/secret" || echo "no stat"' sh "$T"
check_out "a hidden path stays hidden whichever way it is named" 0 "gone
gone
gone
gone
no stat"

# Read-only: by name, relative from a cwd in it, from a directory fd.
capture uvmm $VIEW -- python3 -c '
import errno, os, sys
t = sys.argv[1]
for how in ("name", "cwd", "dirfd"):
    try:
        if how == "name":
            os.close(os.open(t + "/ro/new", os.O_CREAT | os.O_WRONLY, 0o644))
        elif how == "cwd":
            os.chdir(t + "/ro"); os.close(os.open("new", os.O_CREAT | os.O_WRONLY, 0o644))
        else:
            d = os.open(t + "/ro", os.O_RDONLY | os.O_DIRECTORY)
            os.close(os.open("new", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=d))
        print(how, "written")
    except OSError as e:
        print(how, errno.errorcode[e.errno])' "$T"
check_out "--ro-bind refuses a creation by name, from its cwd, from a dirfd" \
	0 "name EROFS
cwd EROFS
dirfd EROFS"
check "nothing was made in the read-only tree" "file" "$(ls "$T/ro")"

# Outside every prefix: the host's files, errors, creation with the umask.
capture uvmm $VIEW -- python3 -c '
import errno, os, sys
t = sys.argv[1]
os.umask(0o027)
out = []
out.append(open(t + "/out/f").read().strip())
out.append(str(os.stat(t + "/out/f").st_size))
for p in (t + "/out/nope", t + "/out/f/x"):
    try:
        os.stat(p)
    except OSError as e:
        out.append(errno.errorcode[e.errno])
fd = os.open(t + "/out/new", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
out.append(oct(os.fstat(fd).st_mode & 0o777))
os.chdir(t + "/out")
out.append(open("sub/../f").read().strip())
print(" ".join(out))' "$T"
check_out "outside the view: contents, ENOENT, ENOTDIR, O_CREAT and umask" 0 \
	"out data 9 ENOENT ENOTDIR 0o640 out data"

# A bind made in the session (mount(2)) is seen at once: the paths the
# view takes grow before the mount returns.
capture uvmm $VIEW -- sh -c 'cat "$1/c/f" 2>/dev/null || echo none
mount --bind "$1/a" "$1/c" && cat "$1/c/f" && test -e "$1/c/f" && echo stat' \
	sh "$T"
check_out "mount --bind in the session: the new point is the view's" 0 \
	"none
a data
stat"

# A thread rewrites the path another thread opens, from a file outside
# the view to a hidden one of the same length: each open is of the path
# that was checked, never of the hidden file (natively, many are).
mkdir pa pb || hard_error "mkdir"
echo open >pa/file
echo hidden >pb/file
capture "$T/escape" flip "$T/pa/file" "$T/pb/file" hidden 2000
case $OUT in
"flip: 0 read hidden") say "# natively the race read no hidden file: this proves less" ;;
esac
capture uvmm --hide "$T/pb" -- "$T/escape" flip "$T/pa/file" "$T/pb/file" \
	hidden 2000
check_out "a path rewritten during its open never reaches a hidden file" 0 \
	"flip: 0 read hidden"

# count TEST CALLS FILE N: how many of the calls (an awk pattern) of N
# "test TEST FILE" reach the monitor.
LOOP='i=0; while [ $i -lt "$3" ]; do [ "$1" "$2" ]; i=$((i + 1)); done'
count() {
	capture uvmm --stats $VIEW -- sh -c "$LOOP" sh "$1" "$3" "$4"
	printf '%s\n' "$ERR" | awk -v re="^($2)\$" '$1 ~ re {
		n += $2 + $3 } END { print n + 0 }'
}

# seen WHAT OUT OUT20 IN IN20: the counts before and after 20 more calls
# of a file outside the view and of one in it: outside, no more on kmod
# (the module's), 20 more on notify; in the view, 20 more anyway.
seen() {
	if on_kmod; then
		check "uvmm.ko: $1 of a file outside the view stay unseen" \
			"$2" "$3"
	else
		check "notification: 20 $1 all seen" "$(($2 + 20))" "$3"
	fi
	check "$1 of a file in the view are all seen" "$(($4 + 20))" "$5"
}
# unseen TEST CALLS WHAT: seen, for 20 "test TEST" from a shell.
unseen() {
	n0=$(count "$1" "$2" "$T/out/f" 0)
	seen "$3" "$n0" "$(count "$1" "$2" "$T/out/f" 20)" \
		"$n0" "$(count "$1" "$2" "$T/b/f" 20)"
}
unseen -e 'newfstatat|stat' stats		# test -e: newfstatat
unseen -r 'faccessat2?|access' "access checks"	# test -r: faccessat2
# What they say outside the view.
capture uvmm $VIEW -- sh -c 'test -r "$1" && echo r; test -x "$1" || echo no-x
	test -e "$2" || echo none' sh "$T/out/f" "$T/out/nope"
check_out "access checks outside the view say what the kernel says" 0 "r
no-x
none"

# xcount OP N: how many getxattr, lgetxattr, listxattr and llistxattr
# calls reach the monitor from one probe that makes N times OP (words).
xcount() {
	ops= i=0
	while [ "$i" -lt "$2" ]; do
		ops="$ops $1"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086 # the ops are words; $T has no spaces
	capture uvmm --stats $VIEW -- "$T/probe" $ops
	printf '%s\n' "$ERR" | awk '$1 ~ /^l?(get|list)xattr$/ {
		n += $2 + $3 } END { print n + 0 }'
}
# xunseen OUT-OP IN-OP WHAT: seen, for attribute calls of one probe.
xunseen() {
	seen "$3" "$(xcount "$1" 1)" "$(xcount "$1" 21)" \
		"$(xcount "$2" 1)" "$(xcount "$2" 21)"
}
xunseen "lgetxattr $T/out/f user.uvmm" "getxattr $T/b/f user.uvmm" \
	"attribute reads"
xunseen "listxattr $T/out/f" "listxattr $T/b/f" "attribute lists"
# What they say outside the view: what they say with no view at all.
"$T/probe" setxattr "$T/out/f" user.uvmm xv >/dev/null 2>&1 ||
	say "# no user.* attributes here: the reads below say so"
XOPS="getxattr $T/out/f user.uvmm lgetxattr $T/out/f user.none
getxattr $T/out/sub user.uvmm getxattr $T/out/nope user.uvmm
lgetxattr $T/out/lb user.uvmm getxattr $T/out/f system.posix_acl_access
listxattr $T/out/f listxattr $T/out/sub"
# shellcheck disable=SC2086 # the ops are words
capture "$T/probe" $XOPS
native=$OUT
# shellcheck disable=SC2086 # the ops are words
capture uvmm $VIEW -- "$T/probe" $XOPS
check_out "attribute reads outside the view say what the kernel says" 0 \
	"$native"

t_done
