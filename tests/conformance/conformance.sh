# SPDX-License-Identifier: GPL-2.0-only
# conformance.sh - a differential suite: conform.c makes file calls whose
# errors the kernel orders in a particular way (rmdir of "." and "..",
# ENOTDIR/EISDIR/ELOOP/ENAMETOOLONG, invalid flags before any lookup, an
# O_PATH fd's EBADF, readlinkat(fd, ""), an O_TMPFILE linked through
# /proc/self/fd/N, a UNIX address on an inet socket...), natively and
# under each mode of uvmm: a view with a non-identity bind, a --cow
# layer, --fakeroot, and both together.  Every mode must answer as the
# kernel does natively: a view the kernel can tell apart is a bug.
#
# Then root's part (conform --root): what real root may do to files and
# what a process that drops from root may not.  root.expected is what the
# kernel gives real root (checked again whenever this runs as root); a
# fake root must give the same, as whichever user runs it, on both
# backends and in a view.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=../integration/lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require "${CC:-cc}"
t_init
need_fsview
it_prog conform "$top_srcdir/tests/conformance/conform.c" "$T/conform" ||
	{ cat "$T/.lib/cc"; hard_error "cannot build conform.c"; }
t_guard "$T/n" "$T/vh" "$T/vg" "$T/c" "$T/cu" "$T/f" "$T/fh" "$T/fg" \
	"$T/rn" "$T/rf" "$T/rp" "$T/rh" "$T/rg"
mkdir n vh vg c f fh fg rn rf rp rh rg || hard_error "mkdir"

capture "$T/conform" "$T/n"
[ "$RC" = 0 ] && [ -n "$OUT" ] || hard_error "conform natively: status $RC"
native=$OUT
say "# natively: $(printf '%s\n' "$native" | wc -l) cases"

capture uvmm --bind "$T/vh:$T/vg" -- "$T/conform" "$T/vg"
check_out "a view (non-identity bind) answers as the kernel" 0 "$native"
capture uvmm --cow "$T/c=$T/cu" -- "$T/conform" "$T/c"
check_out "a --cow layer answers as the kernel" 0 "$native"
capture uvmm --fakeroot -- "$T/conform" "$T/f"
check_out "--fakeroot answers as the kernel" 0 "$native"
capture uvmm --fakeroot --bind "$T/fh:$T/fg" -- "$T/conform" "$T/fg"
check_out "--fakeroot in a view answers as the kernel" 0 "$native"
check "the bound tree got the view's work" "d e f lf loop nd tmpname" \
	"$(ls "$T/vh" | tr '\n' ' ' | sed 's/ $//')"

expected=$(cat "$top_srcdir/tests/conformance/root.expected") ||
	hard_error "no root.expected"
if [ "$ME_UID" = 0 ]; then
	capture "$T/conform" --root "$T/rn"
	check_out "real root gives root.expected" 0 "$expected"
fi
capture uvmm --fakeroot -- "$T/conform" --root "$T/rf"
check_out "--fakeroot gives what real root gives" 0 "$expected"
check_nogrep "a guest's own seccomp filter keeps it watched" \
	"seccomp filter of its own" "$ERR"
capture uvmm --backend=ptrace --fakeroot -- "$T/conform" --root "$T/rp"
check_out "... on the ptrace backend too" 0 "$expected"
capture uvmm --fakeroot --bind "$T/rh:$T/rg" -- "$T/conform" --root "$T/rg"
check_out "... and in a view" 0 "$expected"

t_done
