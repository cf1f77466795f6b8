/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * namespaces SECRET-DIR: a user namespace (unshare, clone) would give the
 * guest mounts the monitor does not model; the new mount API names trees
 * without a path the view resolves (open_tree of SECRET-DIR gives a
 * descriptor to the host directory, then openat(fd, "marker") reads it);
 * setns joins namespaces made elsewhere.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "hostile.h"

#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif

int main(int argc, char **argv)
{
	char buf[256] = "";
	long r;
	int fd, mfd, status;

	if (argc != 2)
		return 2;
	r = syscall(SYS_unshare, CLONE_NEWUSER);
	if (r == 0)
		escaped("unshare(CLONE_NEWUSER)");
	else
		held("unshare(CLONE_NEWUSER)", errno);
	r = syscall(SYS_unshare, CLONE_NEWUSER | CLONE_NEWNS);
	if (r == 0)
		escaped("unshare(CLONE_NEWUSER|CLONE_NEWNS)");
	else
		held("unshare(CLONE_NEWUSER|CLONE_NEWNS)", errno);
	r = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		_exit(0);
	if (r > 0) {
		waitpid((pid_t)r, &status, 0);
		escaped("clone(CLONE_NEWUSER)");
	} else {
		held("clone(CLONE_NEWUSER)", errno);
	}
	fd = (int)syscall(SYS_open_tree, AT_FDCWD, argv[1], OPEN_TREE_CLOEXEC);
	if (fd >= 0) {
		mfd = openat(fd, "marker", O_RDONLY);
		if (mfd >= 0 && read(mfd, buf, sizeof(buf) - 1) > 0 &&
		    has_secret(buf))
			escaped("open_tree(%s) then openat read the secret", argv[1]);
		else
			printf("open_tree(%s) worked, but no secret\n", argv[1]);
	} else {
		held("open_tree", errno);
	}
	if (syscall(SYS_fsopen, "tmpfs", 0) >= 0)
		escaped("fsopen(tmpfs)");
	else
		held("fsopen", errno);
	fd = open("/proc/1/ns/mnt", O_RDONLY);
	if (fd >= 0 && syscall(SYS_setns, fd, 0) == 0)
		escaped("setns to pid 1's mount namespace");
	else if (fd >= 0)
		held("setns", errno);
	return hostile_done();
}
