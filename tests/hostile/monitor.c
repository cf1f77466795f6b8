/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * monitor SECRET-DIR: find the monitor (the nearest ancestor named uvmm)
 * and reach it as a same-uid process may reach another: PTRACE_SEIZE,
 * /proc/<pid>/mem, process_vm_readv, pidfd_getfd of its descriptors, and
 * its /proc/<pid>/{root,cwd,fd/N} links, which the kernel follows with
 * the monitor's own view of the filesystem (the host's).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "hostile.h"

static pid_t parent_of(pid_t pid, char *comm, size_t len)
{
	char path[64], buf[512], *p, *q;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strchr(buf, '(');
	q = strrchr(buf, ')');
	if (!p || !q || q - p - 1 >= (long)len)
		return -1;
	memcpy(comm, p + 1, (size_t)(q - p - 1));
	comm[q - p - 1] = 0;
	return (pid_t)strtol(q + 4, NULL, 10);
}

static pid_t find_monitor(void)
{
	char comm[64];
	pid_t pid = getppid(), up;

	while (pid > 1) {
		up = parent_of(pid, comm, sizeof(comm));
		if (up < 0)
			return -1;
		if (!strcmp(comm, "uvmm"))
			return pid;
		pid = up;
	}
	return -1;
}

static void try_read(const char *what, const char *path)
{
	char buf[256] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		held(what, errno);
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0 && has_secret(buf))
		escaped("%s: read the secret through %s", what, path);
	else
		printf("%s: opened %s, no secret\n", what, path);
}

int main(int argc, char **argv)
{
	char path[4200], buf[64];
	struct iovec local = { buf, sizeof(buf) }, remote;
	pid_t mon;
	DIR *d;
	int pidfd, fd, nfd = 0;

	if (argc != 2)
		return 2;
	mon = find_monitor();
	if (mon < 0) {
		printf("setup failed: no uvmm among my ancestors\n");
		return 2;
	}
	if (ptrace(PTRACE_SEIZE, mon, NULL, NULL) == 0) {
		escaped("PTRACE_SEIZE of the monitor %d", mon);
		ptrace(PTRACE_DETACH, mon, NULL, NULL);
	} else {
		held("PTRACE_SEIZE of the monitor", errno);
	}
	snprintf(path, sizeof(path), "/proc/%d/mem", mon);
	fd = open(path, O_RDWR);
	if (fd >= 0) {
		escaped("opened %s for writing", path);
		close(fd);
	} else {
		held("/proc/<monitor>/mem", errno);
	}
	remote.iov_base = (void *)&main;	/* Same binary layout or not: any address. */
	remote.iov_len = 1;
	local.iov_len = 1;
	if (process_vm_readv(mon, &local, 1, &remote, 1, 0) >= 0 ||
	    errno == EFAULT)
		escaped("process_vm_readv of the monitor");
	else
		held("process_vm_readv of the monitor", errno);
	pidfd = (int)syscall(SYS_pidfd_open, mon, 0);
	if (pidfd >= 0) {
		for (int i = 0; i < 64; i++) {
			fd = (int)syscall(SYS_pidfd_getfd, pidfd, i, 0);
			if (fd >= 0) {
				escaped("pidfd_getfd of the monitor's fd %d", i);
				close(fd);
				break;
			}
			if (i == 63 || errno != EBADF) {
				held("pidfd_getfd of the monitor's fds", errno);
				break;
			}
		}
		close(pidfd);
	}
	snprintf(path, sizeof(path), "/proc/%d/root%s/marker", mon, argv[1]);
	try_read("/proc/<monitor>/root", path);
	snprintf(path, sizeof(path), "/proc/%d/cwd", mon);
	if (readlink(path, buf, sizeof(buf)) >= 0)
		escaped("readlink of %s", path);
	else
		held("/proc/<monitor>/cwd", errno);
	snprintf(path, sizeof(path), "/proc/%d/fd", mon);
	d = opendir(path);
	if (d) {
		struct dirent *e;

		while ((e = readdir(d)))
			if (e->d_name[0] != '.')
				nfd++;
		closedir(d);
		escaped("listed %d fds of the monitor", nfd);
		for (int i = 0; i < 64; i++) {
			snprintf(path, sizeof(path), "/proc/%d/fd/%d", mon, i);
			fd = open(path, O_RDWR);
			if (fd >= 0) {
				escaped("opened %s for writing", path);
				close(fd);
			}
		}
	} else {
		held("/proc/<monitor>/fd", errno);
	}
	/*
	 * Read-only opens are the ones a monitor may perform itself: it must
	 * not open its own descriptors for the guest.
	 */
	for (int i = 0; i < 64; i++) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", mon, i);
		fd = open(path, O_RDONLY);
		if (fd >= 0) {
			escaped("opened %s for reading", path);
			close(fd);
			break;
		}
	}
	snprintf(path, sizeof(path), "/proc/%d/cwd/.", mon);
	fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		escaped("opened %s", path);
		close(fd);
	} else {
		held("open of /proc/<monitor>/cwd/.", errno);
	}
	return hostile_done();
}
