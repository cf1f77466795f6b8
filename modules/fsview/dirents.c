// SPDX-License-Identifier: GPL-2.0-only
/* fsview: directory listings the view changes, made by the monitor. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsv.h"

/*
 * Directory listings of merged cow directories, made here.  The file
 * offset of the guest's fd says where it is: the call becomes an lseek
 * to the index after the entries it returns, so that rewinddir, seekdir
 * and a fresh open of the same fd number all start where they should.
 */
struct fsv_linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static unsigned char fsv_dirbuf[65536];

int fsv_dirents(struct uvmm_sc *sc, struct fsv_call *call,
		       const struct fsv_ctx *c, bool is64)
{
	int fd = (int)uvmm_sc_arg(sc, 0);
	uintptr_t buf = uvmm_sc_arg(sc, 1);
	size_t count = (unsigned int)uvmm_sc_arg(sc, 2), used = 0;
	struct fsv_proc *pd = fsv_proc(uvmm_sc_proc(sc));
	struct fsv_dirstate *ds, **pp;
	const struct fsv_mount *m = NULL;
	char host[PATH_MAX], line[128];
	unsigned char *out = fsv_dirbuf;
	long long pos = -1;
	struct stat st;
	size_t i;
	FILE *f;

	if (fsv_fd_host(c->tid, fd, host) || host[0] != '/')
		return 0;
	for (unsigned int k = 0; k < c->view->n; k++) {
		const struct fsv_mount *mm = &c->view->m[k];
		size_t hl = strlen(host);

		if (mm->type == FSV_COW && hl >= mm->ulen &&
		    !memcmp(host, mm->upper, mm->ulen) &&
		    (!host[mm->ulen] || host[mm->ulen] == '/'))
			m = mm;
	}
	if (!m || stat(host, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	snprintf(line, sizeof(line), "/proc/%d/fdinfo/%d", (int)c->tid, fd);
	f = fopen(line, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "pos: %lld", &pos) == 1)
			break;
	fclose(f);
	if (pos < 0)
		return 0;
	for (pp = &pd->dirs; (ds = *pp); pp = &ds->next)
		if (ds->fd == fd)
			break;
	if (ds && (pos == 0 || ds->dev != st.st_dev || ds->ino != st.st_ino)) {
		*pp = ds->next;
		fsv_dirents_free(ds->d, ds->n);
		free(ds);
		ds = NULL;
	}
	if (!ds) {
		int r;

		ds = calloc(1, sizeof(*ds));
		if (!ds)
			return -ENOMEM;
		r = fsv_cow_list(m, host + m->ulen, &ds->d, &ds->n);
		if (r) {
			free(ds);
			return r;
		}
		ds->fd = fd;
		ds->dev = st.st_dev;
		ds->ino = st.st_ino;
		ds->next = pd->dirs;
		pd->dirs = ds;
	}
	if (count > sizeof(fsv_dirbuf))
		count = sizeof(fsv_dirbuf);
	for (i = (size_t)pos; i < ds->n; i++) {
		const char *name = ds->d[i].name;
		size_t nl = strlen(name);
		size_t reclen = is64 ? (19 + nl + 1 + 7) & ~(size_t)7 :
				       (18 + nl + 2 + 7) & ~(size_t)7;
		unsigned char *rec = out + used;

		if (used + reclen > count)
			break;
		memset(rec, 0, reclen);
		if (is64) {
			struct fsv_linux_dirent64 *d = (void *)rec;

			d->d_ino = ds->d[i].ino;
			d->d_off = (int64_t)i + 1;
			d->d_reclen = (unsigned short)reclen;
			d->d_type = ds->d[i].type;
			memcpy(d->d_name, name, nl);
		} else {
			unsigned long ino = ds->d[i].ino, off = i + 1;
			unsigned short rl = (unsigned short)reclen;

			memcpy(rec, &ino, 8);
			memcpy(rec + 8, &off, 8);
			memcpy(rec + 16, &rl, 2);
			memcpy(rec + 18, name, nl);
			rec[reclen - 1] = ds->d[i].type;
		}
		used += reclen;
	}
	if (i < ds->n && used == 0)
		return -EINVAL;
	if (used && uvmm_sc_write(sc, buf, out, used))
		return -EFAULT;
	if (i > (size_t)pos || (size_t)pos > ds->n)
		pos = (long long)i;
	uvmm_sc_set_nr(sc, UVMM_NR_lseek);
	uvmm_sc_set_arg(sc, 1, (unsigned long)pos);
	uvmm_sc_set_arg(sc, 2, SEEK_SET);
	call->post = POST_DIRENTS;
	call->count = (long)used;
	uvmm_sc_want_exit(sc);
	return 1;
}

void fsv_dirs_free(struct fsv_proc *pd)
{
	while (pd->dirs) {
		struct fsv_dirstate *d = pd->dirs;

		pd->dirs = d->next;
		fsv_dirents_free(d->d, d->n);
		free(d);
	}
}

