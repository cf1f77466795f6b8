#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Hostile arguments (NULL, wild and unterminated pointers, paths past
# PATH_MAX, a thread swapping the path) to every call the fakeroot, fsview
# and trace plugins virtualize: under the monitor each must fail exactly as it
# does natively, and the monitor must survive.
. "$(dirname "$0")/lib.sh"
t_init
require "${CC:-cc}"
it_prog it-hostile "$IT_SRC/hostile.c" "$T/hostile" ||
	{ cat "$T/.lib/cc"; hard_error "cannot build hostile.c"; }

capture sh -c "$IN_T./hostile"
native=$OUT
check_rc "natively, the probe runs" 0
check_grep "natively, the race gives only ENOENT" "race: 0 unexpected" "$native"

fr './hostile'
check_out "under --fakeroot, every call fails as natively" 0 "$native"

fr './hostile' --fakeroot --trace=/dev/null
check_out "under --fakeroot --trace, too" 0 "$native"
# Through a bind whose host path differs, every path is rewritten.
mkdir "$T/alias" || hard_error "mkdir alias"
capture uvmm --bind "$T:$T/alias" -- sh -ec 'cd "$T/alias" && ./hostile'
check_out "under --bind, every call fails as natively" 0 "$native"
capture uvmm --bind "$T:$T/alias" --fakeroot -- sh -ec 'cd "$T/alias" && ./hostile'
check_out "under --bind --fakeroot, too" 0 "$native"
t_done
