/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * untraced PATH: a child made with CLONE_UNTRACED (clone, then clone3) is
 * not auto-attached by ptrace: its calls would run unseen.  The child
 * reads PATH and says whether it got the secret.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/sched.h>	/* struct clone_args */

#include "hostile.h"

/* In the child: 3 if PATH gave the secret, 4 if not. */
static int __attribute__((noreturn)) child(const char *path)
{
	char buf[256] = "";
	int fd = open(path, O_RDONLY);

	if (fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0 && has_secret(buf))
		_exit(3);
	_exit(4);
}

static void judge(const char *what, long pid, const char *path)
{
	int status;

	if (pid < 0) {
		held(what, errno);
		return;
	}
	if (pid == 0)
		child(path);
	if (waitpid((pid_t)pid, &status, 0) < 0)
		setup_failed("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		escaped("%s: the child read the secret", what);
	else
		printf("%s: the child ran but read no secret\n", what);
}

int main(int argc, char **argv)
{
	struct clone_args ca;

	if (argc != 2)
		return 2;
	judge("clone(CLONE_UNTRACED)",
	      syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0), argv[1]);
	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_UNTRACED;
	ca.exit_signal = SIGCHLD;
	judge("clone3(CLONE_UNTRACED)", syscall(SYS_clone3, &ca, sizeof(ca)),
	      argv[1]);
	return hostile_done();
}
