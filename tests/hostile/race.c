/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * race GOOD BAD [N [MODE]]: a thread rewrites one path buffer between
 * GOOD (a file the view shows) and BAD (a path that the view resolves to
 * nothing, but that the host's kernel, reading the same bytes later,
 * resolves to the secret), while the main thread opens and reads it N
 * times (default 20000), and sprays BAD below its stack pointer, where
 * a rewritten copy would sit.  A monitor that checks the path and lets the
 * kernel read it again loses this race now and then; one that performs
 * the open itself on what it checked never does.  MODE: open (the
 * default), opath (O_PATH, which seccomp cannot hand over: the kernel
 * opens it, and the file is read through /proc/self/fd/N) or openat2
 * (whose flags the filter cannot see).  Where the monitor leaves the open
 * to the kernel it must kill the process at the call's exit, before it
 * uses a file it got by the swap: a leak is said as soon as it happens.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <pthread.h>
#include <stdint.h>
#include <unistd.h>

#include "hostile.h"

static char path[4096];
static const char *good, *bad;
static volatile int done;
/* The opener's stack pointer; and whether it is inside its call. */
static uintptr_t opener_sp;
static int in_call, spraying;

/*
 * Flip the buffer; while the opener is in its call, spray BAD below its
 * stack pointer (past the 128-byte red zone), 16-byte aligned, where a
 * monitor's rewritten copy of the path would sit.  Only then: below the
 * stack pointer is the opener's own stack again once the call returns
 * (the opener waits for the spraying to stop before it goes on).
 */
static void *flip(void *arg)
{
	size_t bl = strlen(bad) + 1;

	(void)arg;
	while (!done) {
		strcpy(path, bad);
		strcpy(path, good);
		__atomic_store_n(&spraying, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&in_call, __ATOMIC_SEQ_CST))
			for (uintptr_t p = opener_sp - 128 - 2048;
			     p < opener_sp - 128; p += 16)
				memcpy((void *)p, bad, bl);
		__atomic_store_n(&spraying, 0, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

/* A system call made here, so that it runs at this frame's %rsp. */
static inline __attribute__((always_inline)) long
call4(long nr, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long ret;

	__atomic_store_n(&in_call, 1, __ATOMIC_SEQ_CST);
	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	__atomic_store_n(&in_call, 0, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&spraying, __ATOMIC_SEQ_CST))
		;
	return ret;
}

int main(int argc, char **argv)
{
	long n = argc > 3 ? atol(argv[3]) : 20000, opened = 0, leaked = 0;
	const char *mode = argc > 4 ? argv[4] : "open";
	char buf[256], fdpath[64];
	pthread_t t;

	if (argc < 3)
		return 2;
	good = argv[1];
	bad = argv[2];
	strcpy(path, good);
	__asm__ volatile("mov %%rsp, %0" : "=r"(opener_sp));
	if (pthread_create(&t, NULL, flip, NULL))
		setup_failed("pthread_create");
	for (long i = 0; i < n; i++) {
		struct open_how how = { .flags = O_RDONLY };
		int fd, pfd = -1;
		ssize_t r;

		if (!strcmp(mode, "opath")) {
			pfd = (int)call4(SYS_open, (long)path, O_PATH, 0, 0);
			if (pfd < 0)
				continue;
			snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d",
				 pfd);
			fd = open(fdpath, O_RDONLY);
			close(pfd);
		} else if (!strcmp(mode, "openat2")) {
			fd = (int)call4(SYS_openat2, AT_FDCWD, (long)path,
					(long)&how, sizeof(how));
		} else {
			fd = (int)call4(SYS_open, (long)path, O_RDONLY, 0, 0);
		}
		if (fd < 0)
			continue;
		opened++;
		r = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (r > 0) {
			buf[r] = 0;
			if (has_secret(buf) && !leaked++)
				escaped("%s of a swapped path read the secret",
					mode);
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
