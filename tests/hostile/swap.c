/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * swap W OUTSIDE [N]: in the writable directory W of the view, a thread
 * keeps exchanging (renameat2 RENAME_EXCHANGE) the directory W/d with the
 * symlink W/s, whose target is the host path OUTSIDE: in the view that
 * path leads nowhere, on the host it is the directory holding the secret.
 * Meanwhile the main thread makes, writes, renames, chmods, truncates and
 * removes names under W/d, N times (default 2000).  A monitor that checks
 * a path and lets the kernel walk it again sometimes follows the swapped
 * link to the host; one that performs each call on what it checked never
 * does.  The driver then checks OUTSIDE is untouched.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <linux/fs.h>		/* RENAME_EXCHANGE */

#include "hostile.h"

static char d[4096], s[4096];
static volatile int done;

static void *flip(void *arg)
{
	(void)arg;
	while (!done)
		syscall(SYS_renameat2, AT_FDCWD, d, AT_FDCWD, s,
			RENAME_EXCHANGE);
	return NULL;
}

/* One name under W/d. */
static const char *in(char *buf, const char *name)
{
	snprintf(buf, 4096, "%s/%s", d, name);
	return buf;
}

int main(int argc, char **argv)
{
	long n = argc > 3 ? atol(argv[3]) : 2000, made = 0;
	char a[4096], b[4096];
	pthread_t t;

	if (argc < 3)
		return 2;
	snprintf(d, sizeof(d), "%s/d", argv[1]);
	snprintf(s, sizeof(s), "%s/s", argv[1]);
	if (mkdir(d, 0755) < 0 || symlink(argv[2], s) < 0)
		setup_failed("mkdir/symlink");
	if (pthread_create(&t, NULL, flip, NULL))
		setup_failed("pthread_create");
	for (long i = 0; i < n; i++) {
		struct timeval tv[2] = { { 1, 0 }, { 1, 0 } };
		int fd = open(in(a, "new"), O_CREAT | O_WRONLY | O_TRUNC, 0644);

		if (fd >= 0) {
			made++;
			if (write(fd, "PWNED\n", 6) < 0)
				made--;
			close(fd);
		}
		fd = open(in(a, "marker"), O_WRONLY | O_APPEND);
		if (fd >= 0) {
			if (write(fd, "PWNED\n", 6) < 0)
				made--;
			close(fd);
		}
		mkdir(in(a, "newdir"), 0755);
		rmdir(in(a, "newdir"));
		mknod(in(a, "fifo"), S_IFIFO | 0644, 0);
		symlink("x", in(a, "link"));
		link(in(a, "new"), in(b, "hard"));
		rename(in(a, "new"), in(b, "renamed"));
		chmod(in(a, "marker"), 0777);
		chown(in(a, "marker"), getuid(), getgid());
		utimes(in(a, "marker"), tv);
		truncate(in(a, "marker"), 0);
		unlink(in(a, "renamed"));
		unlink(in(a, "hard"));
		unlink(in(a, "link"));
		unlink(in(a, "fifo"));
		unlink(in(a, "marker"));
	}
	done = 1;
	pthread_join(t, NULL);
	held("names made under a directory swapped with a link", 0);
	printf("made at least once: %s\n", made ? "yes" : "no");
	return hostile_done();
}
