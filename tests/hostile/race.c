/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * race GOOD BAD [N]: a thread rewrites one path buffer between GOOD (a
 * file the view shows) and BAD (a path that the view resolves to nothing,
 * but that the host's kernel, reading the same bytes later, resolves to
 * the secret), while the main thread opens and reads it N times (default
 * 20000).  A monitor that checks the path and lets the kernel read it
 * again loses this race now and then; one that performs the open itself
 * on what it checked never does.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "hostile.h"

static char path[4096];
static const char *good, *bad;
static volatile int done;

static void *flip(void *arg)
{
	(void)arg;
	while (!done) {
		strcpy(path, bad);
		strcpy(path, good);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 3 ? atol(argv[3]) : 20000, opened = 0, leaked = 0;
	char buf[256];
	pthread_t t;

	if (argc < 3)
		return 2;
	good = argv[1];
	bad = argv[2];
	strcpy(path, good);
	if (pthread_create(&t, NULL, flip, NULL))
		setup_failed("pthread_create");
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);
		ssize_t r;

		if (fd < 0)
			continue;
		opened++;
		r = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (r > 0) {
			buf[r] = 0;
			if (has_secret(buf))
				leaked++;
		}
	}
	done = 1;
	pthread_join(t, NULL);
	if (leaked)
		escaped("%ld of %ld opens read the secret", leaked, n);
	else
		held("the path swapped after the check", 0);
	printf("%s opened at least once: %s\n", good, opened ? "yes" : "no");
	return hostile_done();
}
