/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fdswap RO RW [N]: RO is a file the view shows read-only, RW one it
 * shows writable.  A thread keeps putting one then the other at fd 100
 * (dup2), while the main thread changes the file at fd 100 N times
 * (default 5000: fchmod, futimens, fsetxattr).  A monitor that checks
 * fd 100 and lets the kernel take the number again sometimes changes
 * the read-only file; one that acts on the file it checked never does.
 * The driver checks RO's mode and times afterwards.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "hostile.h"

static int ro, rw;
static volatile int done;

static void *flip(void *arg)
{
	(void)arg;
	while (!done) {
		dup2(ro, 100);
		dup2(rw, 100);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 3 ? atol(argv[3]) : 5000, changed = 0;
	struct timespec ts[2] = { { 1, 0 }, { 1, 0 } };
	pthread_t t;

	if (argc < 3)
		return 2;
	ro = open(argv[1], O_RDONLY);
	rw = open(argv[2], O_RDWR);
	if (ro < 0 || rw < 0)
		setup_failed("open");
	if (pthread_create(&t, NULL, flip, NULL))
		setup_failed("pthread_create");
	for (long i = 0; i < n; i++) {
		if (fchmod(100, i & 1 ? 0600 : 0640) == 0)
			changed++;
		futimens(100, ts);
		fsetxattr(100, "user.fdswap", "x", 1, 0);
	}
	done = 1;
	pthread_join(t, NULL);
	held("changes through an fd number swapped after the check", 0);
	printf("changed the writable file: %s\n", changed ? "yes" : "no");
	return hostile_done();
}
