/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * execrace GOOD BAD [N]: like race, for exec: a thread rewrites one path
 * buffer between GOOD (a program the view shows) and BAD (a path the view
 * resolves to nothing, but that the host's kernel resolves to a program
 * printing the secret), while the main thread forks N children (default
 * 300) that execve() the buffer while a thread of theirs flips it and
 * sprays BAD over their stack below the stack pointer (where a rewritten
 * copy of the path would be).  Exec cannot be performed by the monitor:
 * the kernel reads the path again; a monitor that checks what the kernel
 * ran at the exec event kills a child that ran the other program before
 * its first instruction.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <unistd.h>
#include <sys/wait.h>

#include "hostile.h"

static char path[4096];
static const char *good, *bad;
static volatile int go;
static volatile char *stack_hi;

/*
 * In the child, beside the thread that execs: flip its path buffer and
 * spray the bad path over the stack below it, 16-byte aligned, where a
 * monitor's rewritten copy would sit.
 */
static void *flip(void *arg)
{
	size_t bl = strlen(bad) + 1;

	(void)arg;
	while (!go)
		;
	for (;;) {
		strcpy(path, bad);
		strcpy(path, good);
		for (volatile char *p = stack_hi - 2048; p < stack_hi - 64;
		     p += 16)
			memcpy((char *)p, bad, bl);
	}
	return NULL;
}

static void __attribute__((noinline)) child(void)
{
	char *args[] = { path, NULL };
	volatile char here[16];
	pthread_t t;

	stack_hi = here;
	if (pthread_create(&t, NULL, flip, NULL))
		_exit(126);
	go = 1;
	execve(path, args, environ);
	_exit(127);
}

int main(int argc, char **argv)
{
	long n = argc > 3 ? atol(argv[3]) : 300, ran = 0;
	int out[2];

	if (argc < 3)
		return 2;
	good = argv[1];
	bad = argv[2];
	strcpy(path, good);
	if (pipe(out) < 0)
		setup_failed("pipe");
	for (long i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			setup_failed("fork");
		if (pid == 0) {
			dup2(out[1], 1);
			child();
		}
		if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0)
			ran++;
	}
	close(out[1]);
	{
		char buf[4096];
		ssize_t r;

		while ((r = read(out[0], buf, sizeof(buf) - 1)) > 0) {
			buf[r] = 0;
			if (has_secret(buf)) {
				escaped("a child ran the program outside");
				break;
			}
		}
	}
	if (!hostile_escaped)
		held("exec of a path swapped after the check", 0);
	printf("ran the good program: %s\n", ran ? "yes" : "no");
	return hostile_done();
}
