// SPDX-License-Identifier: GPL-2.0-only
/* fsview: directory listings the view changes, made by the monitor. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "fsv.h"

/*
 * Directory listings the view changes, made here: merged cow directories,
 * directories holding a --hide (the name is not listed) or a mount point
 * the tree underneath lacks (it is, as bwrap's and proot's are).  The
 * file offset of the guest's fd says where it is: the call becomes an
 * lseek to the index after the entries it returns, so that rewinddir,
 * seekdir and a fresh open of the same fd number all start where they
 * should.
 */
struct fsv_linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Does guest directory @g hold a mount point (or a hidden name)? */
static bool fsv_view_children(const struct fsv_view *v, const char *g)
{
	size_t gl = strlen(g);

	for (unsigned int k = 1; k < v->n; k++) {
		const struct fsv_mount *m = &v->m[k];

		if (m->glen > gl + 1 && !memcmp(m->guest, g, gl) &&
		    m->guest[gl] == '/' && !strchr(m->guest + gl + 1, '/'))
			return true;
	}
	return false;
}

/* The host directory's own entries. */
static int fsv_host_list(const char *host, struct fsv_dirent **d,
			 size_t *n)
{
	size_t cap = 0;
	struct dirent *e;
	DIR *dir = opendir(host);
	int r = 0;

	*d = NULL;
	*n = 0;
	if (!dir)
		return -errno;
	while (!r && (errno = 0, e = readdir(dir)))
		r = fsv_dirent_push(d, n, &cap, e);
	if (!r && errno)
		r = -errno;
	closedir(dir);
	return r;
}

/*
 * The mounts directly below guest directory @g, on the listing: a hidden
 * name goes, a mount point the tree lacks comes (a name that is there
 * stays as it is: a kernel lists the covered directory's inode too).
 */
static int fsv_list_mounts(const struct fsv_view *v, const char *g,
			   struct fsv_dirent **d, size_t *n)
{
	size_t gl = strlen(g), cap = *n;

	for (unsigned int k = 1; k < v->n; k++) {
		const struct fsv_mount *m = &v->m[k];
		const char *name = m->guest + gl + 1;
		struct dirent e;
		struct stat st;
		size_t i;

		if (m->glen <= gl + 1 || memcmp(m->guest, g, gl) ||
		    m->guest[gl] != '/' || strchr(name, '/'))
			continue;
		/* Only the topmost mount at a point says what is there. */
		if (fsv_mount_at(v, m->guest) != (int)k)
			continue;
		for (i = 0; i < *n; i++)
			if (!strcmp((*d)[i].name, name))
				break;
		if (m->type == FSV_HIDE) {
			if (i < *n) {
				free((*d)[i].name);
				memmove(&(*d)[i], &(*d)[i + 1],
					(*n - i - 1) * sizeof(**d));
				(*n)--;
			}
			continue;
		}
		if (i < *n || strlen(name) >= sizeof(e.d_name) ||
		    stat(m->hlen ? m->host : "/", &st) < 0)
			continue;
		memset(&e, 0, sizeof(e));
		e.d_ino = st.st_ino;
		e.d_type = S_ISDIR(st.st_mode) ? DT_DIR :
			   S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		strcpy(e.d_name, name);
		if (fsv_dirent_push(d, n, &cap, &e) < 0)
			return -ENOMEM;
	}
	return 0;
}

int fsv_dirents(struct uvmm_sc *sc, struct fsv_call *call,
		       const struct fsv_ctx *c, bool is64)
{
	struct fsv_state *fsv = fsv_of(uvmm_sc_vmm(sc));
	int fd = (int)uvmm_sc_arg(sc, 0);
	uintptr_t buf = uvmm_sc_arg(sc, 1);
	size_t count = (unsigned int)uvmm_sc_arg(sc, 2), used = 0;
	struct fsv_proc *pd = fsv_proc(uvmm_sc_proc(sc));
	struct fsv_dirstate *ds, **pp;
	const struct fsv_mount *m = NULL;
	char host[PATH_MAX], guest[PATH_MAX], line[128];
	unsigned char *out = fsv->dirbuf;
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
	if (!m && !fsv->dirents_view)
		return 0;
	if (stat(host, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	if (!m && (fsv_unmap(c->view, host, guest) ||
		   !fsv_view_children(c->view, guest)))
		return 0;	/* The kernel's listing is the view's. */
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
		r = m ? fsv_cow_list(m, host + m->ulen, &ds->d, &ds->n) :
			fsv_host_list(host, &ds->d, &ds->n);
		if (!r && (m ? !fsv_unmap(c->view, host, guest) : true))
			r = fsv_list_mounts(c->view, guest, &ds->d, &ds->n);
		if (r) {
			fsv_dirents_free(ds->d, ds->n);
			free(ds);
			return r;
		}
		ds->fd = fd;
		ds->dev = st.st_dev;
		ds->ino = st.st_ino;
		ds->next = pd->dirs;
		pd->dirs = ds;
	}
	if (count > sizeof(fsv->dirbuf))
		count = sizeof(fsv->dirbuf);
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

