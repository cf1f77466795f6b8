/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fifoswap W [N]: in the writable directory W, a thread keeps exchanging
 * (renameat2 RENAME_EXCHANGE) the regular file W/f with the FIFO W/p while
 * the main thread opens W/f for reading, N times (default 3000), and a
 * third thread opens both names for writing without blocking, so that a
 * reader that met the FIFO is let go, as natively.  A monitor that looks
 * at the name, then opens it in blocking mode itself, meets the FIFO now
 * and then and waits in its open for a writer whose own open waits for
 * the monitor: the session hangs.  Prints how many opens were made.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/fs.h>		/* RENAME_EXCHANGE */

#include "hostile.h"

static char f[4096], p[4096];
static volatile int done;

static void *flip(void *arg)
{
	(void)arg;
	while (!done)
		syscall(SYS_renameat2, AT_FDCWD, f, AT_FDCWD, p,
			RENAME_EXCHANGE);
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	while (!done) {
		int fd = open(f, O_WRONLY | O_NONBLOCK);

		if (fd >= 0)
			close(fd);
		fd = open(p, O_WRONLY | O_NONBLOCK);
		if (fd >= 0)
			close(fd);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 3000, opened = 0;
	pthread_t t1, t2;

	if (argc < 2)
		return 2;
	snprintf(f, sizeof(f), "%s/f", argv[1]);
	snprintf(p, sizeof(p), "%s/p", argv[1]);
	unlink(f);
	unlink(p);
	if (close(open(f, O_CREAT | O_WRONLY, 0644)) < 0 ||
	    mkfifo(p, 0644) < 0)
		setup_failed("file and FIFO");
	if (pthread_create(&t1, NULL, flip, NULL) ||
	    pthread_create(&t2, NULL, writer, NULL))
		setup_failed("pthread_create");
	for (long i = 0; i < n; i++) {
		int fd = open(f, O_RDONLY);

		if (fd >= 0) {
			opened++;
			/* The flags asked for, whatever the monitor used. */
			if (fcntl(fd, F_GETFL) & O_NONBLOCK)
				escaped("open without O_NONBLOCK: F_GETFL has it");
			close(fd);
		}
	}
	done = 1;
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("opens of a name swapped with a FIFO: %ld\n", opened);
	return hostile_escaped;
}
