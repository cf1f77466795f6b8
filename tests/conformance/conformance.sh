# SPDX-License-Identifier: GPL-2.0-only
# conformance.sh - a differential suite: conform.c makes file calls whose
# errors the kernel orders in a particular way (rmdir of "." and "..",
# ENOTDIR/EISDIR/ELOOP/ENAMETOOLONG, invalid flags before any lookup, an
# O_PATH fd's EBADF, readlinkat(fd, ""), an O_TMPFILE linked through
# /proc/self/fd/N, a UNIX address on an inet socket...), natively and
# under each mode of uvmm: a view with a non-identity bind, a --cow
# layer, --fakeroot, and both together.  Every mode must answer as the
# kernel does natively: a view the kernel can tell apart is a bug.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=../integration/lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require "${CC:-cc}"
t_init
need_fsview
"${CC:-cc}" -O2 -o "$T/conform" "$top_srcdir/tests/conformance/conform.c" \
	>"$T/.lib/cc" 2>&1 || { cat "$T/.lib/cc"; hard_error "cannot build conform.c"; }
t_guard "$T/n" "$T/vh" "$T/vg" "$T/c" "$T/cu" "$T/f" "$T/fh" "$T/fg"
mkdir n vh vg c f fh fg || hard_error "mkdir"

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

t_done
