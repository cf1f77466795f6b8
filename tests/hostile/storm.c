/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * storm DIR: load on the monitor rather than a way out.  500 threads make
 * path calls at once in DIR; a 1 MiB path is refused as the kernel
 * refuses it; a thread that is not the leader execs; a tree of 511
 * processes forks, stats and exits.  Each prints one line; the driver
 * compares them with the native run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "hostile.h"

static const char *dir;
static volatile int failed;

static void *worker(void *arg)
{
	long id = (long)arg;
	char p[4096];
	struct stat st;

	for (int i = 0; i < 20; i++) {
		snprintf(p, sizeof(p), "%s/t%ld", dir, id);
		if (mkdir(p, 0755) < 0 || stat(p, &st) < 0 || rmdir(p) < 0)
			failed = 1;
		int fd = open(dir, O_RDONLY | O_DIRECTORY);

		if (fd < 0)
			failed = 1;
		else
			close(fd);
	}
	return NULL;
}

static void threads(void)
{
	pthread_t t[500];
	int n = 0;

	for (long i = 0; i < 500; i++)
		if (pthread_create(&t[n], NULL, worker, (void *)i) == 0)
			n++;
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("500 threads: %s\n", n == 500 && !failed ? "ok" : "FAILED");
}

static void longpath(void)
{
	size_t len = 1 << 20;
	char *p = malloc(len + 1);
	struct stat st;

	if (!p)
		setup_failed("malloc");
	memset(p, 'a', len);
	p[len] = 0;
	errno = 0;
	printf("1 MiB path: open %s", open(p, O_RDONLY) < 0 ?
	       strerrorname_np(errno) : "ok");
	printf(", stat %s", stat(p, &st) < 0 ? strerrorname_np(errno) : "ok");
	printf(", mkdir %s\n", mkdir(p, 0755) < 0 ? strerrorname_np(errno) : "ok");
	free(p);
}

static void *execer(void *arg)
{
	char *args[] = { "sh", "-c", "echo exec from a thread: ok", NULL };

	(void)arg;
	execv("/bin/sh", args);
	_exit(127);
}

static void execthread(void)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pthread_t t;

		if (pthread_create(&t, NULL, execer, NULL))
			_exit(126);
		pause();
		_exit(125);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		printf("exec from a thread: FAILED\n");
}

/* Depth 8 of two children each: 511 processes in all. */
static int tree(int depth)
{
	struct stat st;
	int bad = stat(dir, &st) < 0;

	if (depth == 0)
		return bad;
	for (int i = 0; i < 2; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (pid == 0)
			_exit(tree(depth - 1));
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			bad = 1;
	}
	return bad;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	dir = argv[1];
	threads();
	longpath();
	execthread();
	fflush(stdout);
	printf("511 processes: %s\n", tree(8) ? "FAILED" : "ok");
	return 0;
}
