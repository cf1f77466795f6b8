#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# debuggers.sh - strace and gdb inside a session: the guests' own ptrace,
# emulated by the monitor (vmm/ptrace.c).  tracer.c, a small debugger,
# prints a transcript of the requests and wait statuses debuggers rely on;
# it must be the same natively and under uvmm on each backend, alone, as
# fake root and in a view.  Then real strace -f and gdb runs, and the
# doors that must stay shut: the monitor cannot be attached, a uvmm inside
# a uvmm session says why it cannot run; TracerPid in a view.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016,SC2086
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require cc
t_init
cc -O1 -Wall -o tracer "$IT_SRC/tracer.c" || hard_error "cannot build tracer.c"

capture ./tracer
[ "$RC" = 0 ] || hard_error "tracer fails natively: $OUT $ERR"
NATIVE=$OUT
for mode in "" "--backend=ptrace" "--fakeroot" "--fakeroot --backend=ptrace" \
	"--bind $T:/mnt/t --chdir /mnt/t"; do
	capture uvmm $mode -- ./tracer
	check_out "ptrace transcript as native: uvmm ${mode:-(no option)}" 0 "$NATIVE"
done

# The monitor is no guest: a guest cannot attach it (nor a process
# outside the session).
capture uvmm --fakeroot -- sh -c 'exec ./tracer attach $PPID'
check_out "the monitor cannot be attached" 0 "ATTACH: -1 EPERM
SEIZE: -1 EPERM"

if have strace; then
	mkdir d && echo data >d/f || hard_error "d/f"
	capture uvmm --fakeroot --bind "$T/d:/mnt/d" -- \
		strace -f -o "$T/st.txt" -e trace=getuid,chown,fchownat,openat,execve,exit_group \
		sh -c 'id -u; chown 5:6 /mnt/d/f; cat /mnt/d/f; exit 3'
	check_out "strace -f inside: the command's status and output" 3 "0
data"
	ST=$(cat st.txt)
	check_grep "... strace sees the fake root" "getuid()                          = 0" "$ST"
	check_grep "... and the chown the session kept" 'fchownat(AT_FDCWD, "/mnt/d/f", 5, 6, 0) = 0' "$ST"
	check_grep "... and the view's names" 'openat(AT_FDCWD, "/mnt/d/f", O_RDONLY) = 3' "$ST"
	check_grep "... and the processes it followed" "+++ exited with 3 +++" "$ST"
	capture uvmm --backend=ptrace -- strace -f -qq -o /dev/null sh -c 'true | cat; exit 4'
	check_rc "strace -f on the ptrace backend" 4
	# A process that is not the tracer's child: attached, let go.
	capture uvmm -- sh -c 'sleep 1 & S=$!; strace -qq -p $S -o /dev/null & P=$!
		sleep 0.3; kill -INT $P; wait $P; wait $S; echo sleep=$?'
	check_out "strace -p: attached, detached, the process goes on" 0 "sleep=0"
	# strace killed while its tracee runs: the tracee goes on untraced
	# (strace sets no PTRACE_O_EXITKILL), not held: SIGTERM ends it.
	# Killed once the tracee has run (a fixed wait was too short for
	# TCG with other suites running).
	capture timeout -k 5 30 "$UVMM" -- sh -c 'strace -f -o /dev/null sh -c "echo \$\$ >pid; exec sleep 60" & P=$!
		until [ -s pid ]; do sleep 0.1; done; sleep 0.2
		kill -9 $P; wait $P; echo $?; kill $(cat pid) && echo sent'
	check_out "strace -f killed: its tracee goes on, untraced" 0 "137
sent"
else
	skip_part "strace is not installed"
fi

if have gdb; then
	cat >g.c <<'EOC'
#include <pthread.h>
#include <stdio.h>
static int add(int a, int b) { return a + b; }
static void *worker(void *arg) { printf("worker %ld\n", (long)arg); return arg; }
int main(int argc, char **argv)
{
	pthread_t t;
	int x = add(argc, 41);
	(void)argv;
	pthread_create(&t, NULL, worker, (void *)1L);
	pthread_join(t, NULL);
	printf("x=%d\n", x);
	if (argc > 1) { int *p = (int *)0; *p = x; }
	return 0;
}
EOC
	cc -g -O0 -pthread -o g g.c || hard_error "cannot build g.c"
	cat >g-sleep.c <<'EOC'
#include <pthread.h>
#include <unistd.h>
static void *f(void *a) { for (;;) pause(); return a; }
int main(void) { pthread_t t; pthread_create(&t, 0, f, 0); for (;;) pause(); }
EOC
	cc -O0 -pthread -o g-sleep g-sleep.c || hard_error "cannot build g-sleep.c"
	GDB="gdb -q -nx -batch"
	capture uvmm --fakeroot -- $GDB -ex 'break add' -ex 'break worker' \
		-ex run -ex bt -ex finish -ex cont -ex 'info threads' \
		-ex 'delete' -ex cont ./g
	check_grep "gdb inside: a breakpoint" "Breakpoint 1, add (a=1, b=41)" "$OUT"
	check_grep "... a backtrace" "in main (argc=1" "$OUT"
	check_grep "... finish" "Value returned is \$1 = 42" "$OUT"
	check_grep "... a breakpoint in a new thread" "hit Breakpoint 2, worker (arg=0x1)" "$OUT"
	check_grep "... the program ends" "exited normally" "$OUT"
	capture uvmm --backend=ptrace -- $GDB -ex run -ex bt --args ./g crash
	check_grep "gdb on the ptrace backend: the fault" "SIGSEGV" "$OUT"
	check_grep "... where it was" "in main (argc=2" "$OUT"
	# gdb -p: a running process (two threads) attached and let go.
	capture uvmm -- sh -c './g-sleep & S=$!; sleep 0.3
		gdb -q -nx -batch -p $S -ex "info threads" -ex detach 2>&1 | grep -c "Thread 0x.* in .*pause"
		kill $S; wait $S; echo $?'
	check_out "gdb -p: both threads seen, detached, still killable" 0 "2
143"
	# vfork (system(), posix_spawn): gdb wants PTRACE_EVENT_VFORK_DONE.
	cat >vf.c <<'EOC'
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
extern char **environ;
int main(void)
{
	char *argv[] = { "true", NULL };
	int r = system("echo from-system"), st = -1;
	pid_t p;

	if (posix_spawnp(&p, "true", NULL, NULL, argv, environ) == 0)
		waitpid(p, &st, 0);
	printf("system=%d spawn=%d\n", r, st);
	return 0;
}
EOC
	cc -g -O0 -o vf vf.c || hard_error "cannot build vf.c"
	capture uvmm -- $GDB -ex 'break main' -ex run -ex next -ex next -ex cont ./vf
	check_grep "gdb over vfork: the program runs on" "system=0 spawn=0" "$OUT"
	check_grep "... to its end" "exited normally" "$OUT"
	# TracerPid, as a view rewrites /proc/PID/status: the debugger's.
	cat >st.c <<'EOC'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
	char l[256];
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(l, sizeof(l), f))
		if (!strncmp(l, "TracerPid:", 10))
			printf("traced: %s\n", strtol(l + 10, NULL, 10) ? "yes" : "no");
	return 0;
}
EOC
	cc -o st st.c || hard_error "cannot build st.c"
	capture uvmm --bind "$T:/mnt/t" -- sh -c '/mnt/t/st; gdb -q -nx -batch -ex run /mnt/t/st | grep traced:'
	check_out "in a view, TracerPid is the guest debugger's, else 0" 0 "traced: no
traced: yes"
else
	skip_part "gdb is not installed"
fi

t_done
