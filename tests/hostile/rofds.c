/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rofds DIR N: open DIR/f0 .. DIR/f<N-1> read-only, all kept open, then
 * fchmod(0600) and fchown each through its fd.  DIR is a read-only name of
 * files also writable under another name: every change must be EROFS,
 * however many fds the monitor has to remember.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include "hostile.h"

int main(int argc, char **argv)
{
	char path[4096];
	int n, fds[1024];

	if (argc != 3 || (n = atoi(argv[2])) <= 0 || n > 1024)
		return 2;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%d", argv[1], i);
		fds[i] = open(path, O_RDONLY);
		if (fds[i] < 0)
			setup_failed(path);
	}
	for (int i = 0; i < n; i++) {
		if (fchmod(fds[i], 0600) == 0)
			escaped("fchmod of f%d through a read-only fd", i);
		else if (errno != EROFS)
			printf("fchmod f%d: %s (not EROFS)\n", i, strerror(errno));
		if (fchown(fds[i], getuid(), getgid()) == 0)
			escaped("fchown of f%d through a read-only fd", i);
	}
	printf("%d read-only fds checked\n", n);
	return hostile_done();
}
