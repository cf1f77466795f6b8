/* SPDX-License-Identifier: GPL-2.0-only */
/* Traced side of make bench: times raw getppid calls, prints ns per call. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>	/* SYS_getppid, SYS_getpid */
#include <time.h>
#include <unistd.h>

/* Calibrate on a batch at least this long: it averages cross-CPU wakeups. */
#define CALIBRATE_NS 20000000.0

static double now_ns(void)
{
	struct timespec ts;

	/* vDSO: no syscall, so nothing a filter or tracer could see. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * The call timed: getppid, getuid (-u, which uvmm --fakeroot emulates),
 * getsockname of a socket nobody bound (-s: uvmm --port-map wants the
 * call, but only on the sockets it remapped), a stat, an open (and its
 * close), an access check or an attribute read of a path (-p, -o, -a,
 * -g: a view wants them only under its mounts), a plain reading open
 * (-r: O_RDONLY alone, which a --fakeroot session wants in /proc only).
 */
static long nr = SYS_getppid;
static int sock = -1;
static const char *path;
static int oflags = O_RDONLY | O_CLOEXEC;	/* -o's; -r: O_RDONLY */

static long call(void)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);

	if (nr == SYS_getsockname)
		return syscall(nr, sock, &sa, &len);
	if (nr == SYS_newfstatat) {
		struct stat st;

		return syscall(nr, AT_FDCWD, path, &st, 0);
	}
	if (nr == SYS_faccessat)
		return syscall(nr, AT_FDCWD, path, R_OK);
	if (nr == SYS_lgetxattr)
		return syscall(nr, path, "user.uvmm", NULL, 0);
	if (nr == SYS_openat) {
		long fd = syscall(nr, AT_FDCWD, path, oflags);

		if (fd < 0)
			return fd;
		close((int)fd);
		return 0;
	}
	return syscall(nr);
}

/* @n raw calls; returns their ns and counts results other than @expect. */
static double loop(long n, long expect, long *bad)
{
	double t0 = now_ns();
	long i;

	for (i = 0; i < n; i++) {
		/* syscall(): no libc caching or wrapper logic in the way. */
		if (call() != expect)
			(*bad)++;
	}
	return now_ns() - t0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: getppid-loop [-u|-s|-p PATH|-o PATH|-r PATH|-a PATH|-g PATH] "
		"[-t SECONDS] [-x EXPECTED]\n"
		"Times raw getppid() calls (-u: getuid(), -s: getsockname() of\n"
		"an unbound socket, -p: a stat of PATH, -o: an open of PATH and\n"
		"its close, -r: the same with O_RDONLY alone (no O_CLOEXEC),\n"
		"-a: an access(R_OK) check of PATH, -g: an lgetxattr of\n"
		"PATH's user.uvmm, whose first answer every call must give) for\n"
		"about SECONDS (default 0.4) and prints ns per call; -x: every\n"
		"call must return EXPECTED (as a tracer that rewrites the result\n"
		"makes it), else exit 1.\n");
	exit(2);
}

int main(int argc, char **argv)
{
	double target = 0.4e9, ns, per;
	long n, expect, bad = 0;
	int c;

	expect = syscall(SYS_getppid);
	while ((c = getopt(argc, argv, "usp:o:r:a:g:t:x:")) != -1) {
		switch (c) {
		case 'u':
			nr = SYS_getuid;
			expect = syscall(nr);
			break;
		case 's':
			sock = socket(AF_INET, SOCK_STREAM, 0);
			if (sock < 0) {
				perror("getppid-loop: socket");
				return 1;
			}
			nr = SYS_getsockname;
			expect = 0;
			break;
		case 'r':
			oflags = O_RDONLY;
			/* fall through */
		case 'p':
		case 'o':
		case 'a':
			path = optarg;
			nr = c == 'p' ? SYS_newfstatat :
			     c == 'a' ? SYS_faccessat : SYS_openat;
			expect = 0;
			break;
		case 'g':
			path = optarg;
			nr = SYS_lgetxattr;
			expect = call();	/* -1 (ENODATA) mostly. */
			break;
		case 't':
			target = strtod(optarg, NULL) * 1e9;
			if (!(target > 0))
				usage();
			break;
		case 'x':
			expect = strtol(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}

	/* One getpid: a tracer that asked for it sees its filter is in place. */
	syscall(SYS_getpid);

	/* Warm up and size the timed loop from the measured cost. */
	for (n = 16;; n *= 2) {
		ns = loop(n, expect, &bad);
		if (ns >= CALIBRATE_NS || n >= (1L << 26))
			break;
	}
	per = ns / n;
	n = (long)(target / per);
	if (n < 100)
		n = 100;

	ns = loop(n, expect, &bad);
	if (bad) {
		fprintf(stderr, "getppid-loop: %ld calls did not return %ld\n",
			bad, expect);
		return 1;
	}
	printf("%.1f\n", ns / n);
	return 0;
}
