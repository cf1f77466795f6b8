/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * debugger PATH: a guest debugger tries to take the monitor's place.  Its
 * ptrace is emulated by the monitor (vmm/ptrace.c); through it:
 * - at a traced child's syscall-entry stop of getpid(), it turns the
 *   call into openat(PATH) (the kernel runs the seccomp filter after that
 *   stop: the monitor must see the new call, and serve it in the view);
 * - it asks to suspend the seccomp filters (PTRACE_O_SUSPEND_SECCOMP) and
 *   to dump them (PTRACE_SECCOMP_GET_FILTER).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "hostile.h"

#ifndef PTRACE_O_SUSPEND_SECCOMP
#define PTRACE_O_SUSPEND_SECCOMP (1 << 21)
#endif

/* The child: its getpid() becomes an open; 3 if it read the secret. */
static void __attribute__((noreturn)) child(void)
{
	char buf[256] = "";
	long fd;

	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(5);
	raise(SIGSTOP);
	fd = syscall(SYS_getpid);
	if (fd >= 0 && fd < 1024 && read((int)fd, buf, sizeof(buf) - 1) > 0 &&
	    has_secret(buf))
		_exit(3);
	/* syscall() returns -1 and sets errno for a failure. */
	_exit(fd == -1 ? 10 + errno % 100 : 4);
}

static int wait_stop(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, __WALL) != pid)
		setup_failed("waitpid");
	return status;
}

int main(int argc, char **argv)
{
	struct user_regs_struct regs;
	pid_t pid;
	int status, n;

	if (argc != 2)
		return 2;
	pid = fork();
	if (pid < 0)
		setup_failed("fork");
	if (pid == 0)
		child();
	status = wait_stop(pid);
	if (!WIFSTOPPED(status))
		setup_failed("the child did not stop");
	ptrace(PTRACE_SETOPTIONS, pid, NULL, PTRACE_O_TRACESYSGOOD);
	for (n = 0; n < 100; n++) {
		ptrace(PTRACE_SYSCALL, pid, NULL, NULL);
		status = wait_stop(pid);
		if (!WIFSTOPPED(status))
			setup_failed("the child ended early");
		if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) < 0)
			setup_failed("PTRACE_GETREGS");
		if (regs.orig_rax == SYS_getpid)
			break;
		/* Past its exit stop too. */
		ptrace(PTRACE_SYSCALL, pid, NULL, NULL);
		wait_stop(pid);
	}
	if (n == 100)
		setup_failed("no getpid");
	/* argv[1] is at the same address in the forked child. */
	regs.orig_rax = SYS_openat;
	regs.rdi = (unsigned long)AT_FDCWD;
	regs.rsi = (unsigned long)argv[1];
	regs.rdx = O_RDONLY;
	if (ptrace(PTRACE_SETREGS, pid, NULL, &regs) < 0)
		setup_failed("PTRACE_SETREGS");
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	status = wait_stop(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		escaped("getpid made openat at the entry stop: read the secret");
	else if (WIFEXITED(status) && WEXITSTATUS(status) >= 10)
		held("getpid made openat at the entry stop",
		     WEXITSTATUS(status) - 10);
	else
		printf("getpid made openat: no secret (status %#x)\n", status);

	pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	wait_stop(pid);
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, PTRACE_O_SUSPEND_SECCOMP) == 0)
		escaped("PTRACE_O_SUSPEND_SECCOMP accepted");
	else
		held("PTRACE_O_SUSPEND_SECCOMP", errno);
	if (ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, NULL) >= 0)
		escaped("PTRACE_SECCOMP_GET_FILTER gave a filter");
	else
		held("PTRACE_SECCOMP_GET_FILTER", errno);
	kill(pid, SIGKILL);
	wait_stop(pid);
	return hostile_done();
}
