/* SPDX-License-Identifier: GPL-2.0-only */
/* Tracee memory: process_vm_readv/writev, with /proc/pid/mem as the fallback. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>		/* process_vm_readv */

#include "internal.h"

#define UT_PAGE_SIZE 4096UL

void ut_group_close_mem(struct ut_group *grp)
{
	if (grp->memfd >= 0) {
		close(grp->memfd);
		grp->memfd = -1;
	}
}

/* /proc/pid/mem of the thread's current mm (reopened after exec). */
static int ut_memfd(struct utrace_task *task)
{
	struct ut_group *grp = task->grp;
	char path[64];
	int fd;

	if (grp && grp->memfd >= 0)
		return grp->memfd;
	snprintf(path, sizeof(path), "/proc/%d/mem", task->tid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (grp)
		grp->memfd = fd;
	return fd;
}

static ssize_t ut_mem_pread(struct utrace_task *task, void *dst,
			    uintptr_t addr, size_t len)
{
	int fd = ut_memfd(task);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = pread(fd, dst, len, (off_t)addr);
	if (n < 0)
		n = errno == EIO ? -EFAULT : -errno;
	if (!task->grp)
		close(fd);
	return n;
}

static ssize_t ut_read_some(struct utrace_task *task, void *dst,
			    uintptr_t addr, size_t len)
{
	struct iovec local = { dst, len };
	struct iovec remote = { (void *)addr, len };
	ssize_t n;

	n = process_vm_readv(task->tid, &local, 1, &remote, 1, 0);
	if (n >= 0)
		return n;
	if (errno == EFAULT)
		return -EFAULT;
	/* ENOSYS, EPERM (some LSMs): /proc/pid/mem still works for a tracer. */
	return ut_mem_pread(task, dst, addr, len);
}

static int ut_mem_check(const struct utrace_task *task)
{
	if (!task)
		return -EINVAL;
	if (task->run == UT_DEAD)
		return -ESRCH;
	return 0;
}

UT_EXPORT ssize_t utrace_peek(struct utrace_task *task, void *dst,
			      uintptr_t addr, size_t len)
{
	ssize_t n;
	int r = ut_mem_check(task);

	if (r)
		return r;
	if (!len)
		return 0;
	if (addr + len < addr)
		return -EFAULT;
	n = ut_read_some(task, dst, addr, len);
	if (n >= 0 && (size_t)n < len)
		return -EFAULT;	/* Ran into an unmapped page. */
	return n;
}

UT_EXPORT ssize_t utrace_poke(struct utrace_task *task, uintptr_t addr,
			      const void *src, size_t len)
{
	struct iovec local = { (void *)src, len };
	struct iovec remote = { (void *)addr, len };
	ssize_t n;
	int fd, r = ut_mem_check(task);

	if (r)
		return r;
	if (!len)
		return 0;
	if (addr + len < addr)
		return -EFAULT;
	n = process_vm_writev(task->tid, &local, 1, &remote, 1, 0);
	if (n == (ssize_t)len)
		return n;
	/*
	 * Read-only pages (text, rodata) refuse process_vm_writev; the mem
	 * file writes them as a debugger's breakpoints are written (FOLL_FORCE).
	 */
	fd = ut_memfd(task);
	if (fd < 0)
		return fd;
	n = pwrite(fd, src, len, (off_t)addr);
	if (n < 0)
		n = errno == EIO ? -EFAULT : -errno;
	else if ((size_t)n < len)
		n = -EFAULT;
	if (!task->grp)
		close(fd);
	return n;
}

UT_EXPORT ssize_t utrace_peek_string(struct utrace_task *task, char *dst,
				     uintptr_t addr, size_t size)
{
	size_t done = 0;
	int r = ut_mem_check(task);

	if (r)
		return r;
	if (!size)
		return -ENAMETOOLONG;
	/*
	 * Read page by page: a string that ends just before an unmapped page
	 * is fine, one that runs into it is -EFAULT.
	 */
	while (done < size) {
		uintptr_t a = addr + done;
		size_t chunk = UT_PAGE_SIZE - (a & (UT_PAGE_SIZE - 1));
		ssize_t n;
		char *nul;

		if (a < addr)
			return -EFAULT;
		if (chunk > size - done)
			chunk = size - done;
		n = ut_read_some(task, dst + done, a, chunk);
		if (n < 0)
			return n;
		if (n == 0)
			return -EFAULT;
		nul = memchr(dst + done, 0, (size_t)n);
		if (nul)
			return nul - dst;
		done += (size_t)n;
		if ((size_t)n < chunk)
			return -EFAULT;
	}
	dst[size - 1] = 0;
	return -ENAMETOOLONG;
}
