// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsview: /proc/PID/mountinfo and /proc/PID/mounts as the view has them.
 *
 * The kernel's tables list the host's mounts, which a program in a view
 * would then find missing (the --root tree, the binds at their guest
 * names, what mount(2) did inside).  An open of one gets a copy, made now
 * in the session's private directory, listing the view's mounts in their
 * order: each with the host mount it shows (device, root within it, file
 * system, source and options; "ro" where the view made it read-only;
 * tmpfs for a private directory), followed, as a recursive bind would
 * bring them, by the host's mounts below it, at their guest names, unless
 * a --hide covers them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsv.h"

/* One line of the host's mountinfo, split (paths unescaped). */
struct fsv_hmnt {
	char *majmin, *root, *point, *opts, *fstype, *source, *super;
	size_t plen;
};

/* A line made: its guest mount point and id, for the parents. */
struct fsv_line {
	char *point;
	size_t plen;
	int id;
};

#define FSV_MI_LINES 4096

struct fsv_mi {
	struct fsv_hmnt *h;
	unsigned int nh;
	struct fsv_line *l;
	unsigned int nl;
	FILE *out;
	bool mounts;		/* /proc/PID/mounts' format */
};

/* \040 and its kind, in place. */
static void fsv_mi_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

static void fsv_mi_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			fprintf(f, "\\%03o", (unsigned char)*s);
		else
			fputc(*s, f);
	}
}

/* Parse @buf (the host's mountinfo) into @mi->h.  0 or -errno. */
static int fsv_mi_parse(struct fsv_mi *mi, char *buf)
{
	char *save = NULL;
	unsigned int cap = 0;

	for (char *line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[12], *p = line, *sep;
		unsigned int n = 0;
		struct fsv_hmnt *h;

		/* Up to the optional fields, then after " - ". */
		sep = strstr(line, " - ");
		if (!sep)
			continue;
		*sep = '\0';
		while (n < 6 && (f[n] = strsep(&p, " ")))
			n++;
		if (n < 6)
			continue;
		p = sep + 3;
		while (n < 9 && (f[n] = strsep(&p, " ")))
			n++;
		if (n < 9)
			continue;
		if (mi->nh == cap) {
			unsigned int nc = cap ? cap * 2 : 64;
			struct fsv_hmnt *nhm = realloc(mi->h, nc * sizeof(*nhm));

			if (!nhm)
				return -ENOMEM;
			mi->h = nhm;
			cap = nc;
		}
		h = &mi->h[mi->nh++];
		h->majmin = f[2];
		h->root = f[3];
		h->point = f[4];
		h->opts = f[5];
		h->fstype = f[6];
		h->source = f[7];
		h->super = f[8];
		fsv_mi_unescape(h->root);
		fsv_mi_unescape(h->point);
		fsv_mi_unescape(h->source);
		/* "/" as "": a prefix of every path, as the view's are. */
		if (!strcmp(h->point, "/"))
			h->point[0] = '\0';
		h->plen = strlen(h->point);
	}
	return 0;
}

/* Is @pre (length @plen, "" for /) @s itself or one of its parents? */
static bool fsv_mi_under(const char *s, const char *pre, size_t plen)
{
	return !plen || (!strncmp(s, pre, plen) &&
			 (s[plen] == '/' || !s[plen]));
}

/* The host mount @path is on: the last (top) of the deepest. */
static const struct fsv_hmnt *fsv_mi_host_of(const struct fsv_mi *mi,
					     const char *path)
{
	const struct fsv_hmnt *best = NULL;

	for (unsigned int i = 0; i < mi->nh; i++) {
		const struct fsv_hmnt *h = &mi->h[i];

		if (fsv_mi_under(path, h->point, h->plen) &&
		    (!best || h->plen >= best->plen))
			best = h;
	}
	return best;
}

/* One line: @point is the guest's ("" for /), @sub the path in @h. */
static int fsv_mi_emit(struct fsv_mi *mi, const struct fsv_hmnt *h,
		       const char *sub, const char *point, bool ro,
		       const char *fstype)
{
	const char *opts = h->opts;
	struct fsv_line *l;
	int parent = 1;
	size_t best = 0, plen = strlen(point);

	if (mi->nl == FSV_MI_LINES)
		return -ENOSPC;
	/* The parent: the last of the deepest lines at or above it. */
	for (unsigned int i = 0; i < mi->nl; i++)
		if (fsv_mi_under(point, mi->l[i].point, mi->l[i].plen) &&
		    (parent == 1 || mi->l[i].plen >= best)) {
			parent = mi->l[i].id;
			best = mi->l[i].plen;
		}
	l = &mi->l[mi->nl];
	l->point = strdup(point);
	if (!l->point)
		return -ENOMEM;
	l->plen = plen;
	l->id = 1000 + (int)mi->nl;
	mi->nl++;
	/* The per-mount options, "rw" or "ro" first. */
	if (!strncmp(opts, "rw", 2) || !strncmp(opts, "ro", 2))
		opts += 2;
	if (mi->mounts) {
		fsv_mi_escaped(mi->out, fstype ? fstype : h->source);
		fputc(' ', mi->out);
		fsv_mi_escaped(mi->out, plen ? point : "/");
		/* The mount's options, then the superblock's but rw/ro. */
		const char *sup = fstype ? "" : h->super;

		if (!strncmp(sup, "rw", 2) || !strncmp(sup, "ro", 2))
			sup += 2;
		if (*sup == ',')
			sup++;
		fprintf(mi->out, " %s %s%s%s%s 0 0\n",
			fstype ? fstype : h->fstype, ro ? "ro" : "rw",
			fstype ? "" : opts, *sup ? "," : "", sup);
		return 0;
	}
	fprintf(mi->out, "%d %d %s ", l->id, parent, h->majmin);
	if (fstype || !strcmp(h->root, "/")) {
		fsv_mi_escaped(mi->out, *sub ? sub : "/");
	} else {
		fsv_mi_escaped(mi->out, h->root);
		fsv_mi_escaped(mi->out, sub);
	}
	fputc(' ', mi->out);
	fsv_mi_escaped(mi->out, plen ? point : "/");
	fprintf(mi->out, " %s%s - %s ", ro ? "ro" : "rw", opts,
		fstype ? fstype : h->fstype);
	fsv_mi_escaped(mi->out, fstype ? fstype : h->source);
	fprintf(mi->out, " %s\n", fstype ? "rw" : h->super);
	return 0;
}

/* Is guest path @g under a --hide of @v? */
static bool fsv_mi_hidden(const struct fsv_view *v, const char *g)
{
	for (unsigned int k = 0; k < v->n; k++)
		if (v->m[k].type == FSV_HIDE &&
		    fsv_mi_under(g, v->m[k].guest, v->m[k].glen))
			return true;
	return false;
}

static int fsv_mi_make(struct fsv_state *fsv, struct fsv_mi *mi,
		       const struct fsv_view *v)
{
	size_t tl = strlen(fsv->tmpbase);
	const char *sub, *fstype;
	char point[PATH_MAX];
	int r;

	for (unsigned int k = 0; k < v->n; k++) {
		const struct fsv_mount *m = &v->m[k];
		const struct fsv_hmnt *h;
		bool ro;

		if (m->type == FSV_HIDE ||
		    fsv_mi_hidden(v, m->guest))
			continue;
		h = fsv_mi_host_of(mi, m->host);
		if (!h)
			continue;
		ro = m->ro || !strncmp(h->opts, "ro", 2);
		sub = m->host + h->plen;
		fstype = m->fstype;
		/*
		 * A private directory (--tmpfs, --dev, mount -t tmpfs) or what
		 * is in one: a tmpfs, the path from its root, no host name.
		 */
		if (tl && !strncmp(m->host, fsv->tmpbase, tl) &&
		    m->host[tl] == '/') {
			sub = m->host + tl + 1;
			sub += strcspn(sub, "/");
			fstype = "tmpfs";
		}
		r = fsv_mi_emit(mi, h, sub, m->guest, ro, fstype);
		if (r)
			return r;
		if (fstype)
			continue;	/* A file system of its own. */
		/* The host's mounts below, where the bind shows them. */
		for (unsigned int i = 0; i < mi->nh; i++) {
			const struct fsv_hmnt *s = &mi->h[i];

			if (s->plen <= m->hlen || s == h ||
			    !fsv_mi_under(s->point, m->host, m->hlen))
				continue;
			if (m->glen + s->plen - m->hlen >= sizeof(point))
				continue;
			snprintf(point, sizeof(point), "%s%s", m->guest,
				 s->point + m->hlen);
			if (fsv_mi_hidden(v, point))
				continue;
			r = fsv_mi_emit(mi, s, "", point,
					m->ro || !strncmp(s->opts, "ro", 2),
					NULL);
			if (r)
				return r;
		}
	}
	return 0;
}

/* Is @host /proc/PID[/task/TID]/mountinfo or .../mounts?  1: mounts. */
static int fsv_mi_kind(const char *host)
{
	const char *name;
	pid_t id;

	if (!strcmp(host, "/proc/mounts"))
		return 1;	/* The link to self/mounts, left as it is. */
	name = fsv_proc_file(host, &id);
	if (!name)
		return -1;
	return !strcmp(name, "mountinfo") ? 0 : !strcmp(name, "mounts") ? 1 : -1;
}

int fsv_mountinfo(struct fsv_state *fsv, const struct fsv_ctx *c, char *host)
{
	struct fsv_mi mi = { 0 };
	char copy[PATH_MAX], *buf = NULL;
	size_t cap = 0, len = 0;
	int kind = fsv_mi_kind(host), fd, r;
	ssize_t n;

	if (kind < 0 || !fsv->tmpbase[0])
		return 0;
	/* One the guest may not read: the kernel says why. */
	fd = open(host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	close(fd);
	/* The host's table (the monitor's mount namespace is the guest's). */
	snprintf(copy, sizeof(copy), "/proc/%d/mountinfo", (int)c->tid);
	fd = open(copy, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	for (;;) {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				r = -ENOMEM;
				goto out;
			}
			buf = nb;
			cap += 65536;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	fd = -1;
	buf[len] = '\0';
	mi.mounts = kind == 1;
	mi.l = calloc(FSV_MI_LINES, sizeof(*mi.l));
	r = mi.l ? fsv_mi_parse(&mi, buf) : -ENOMEM;
	if (r)
		goto out;
	if (snprintf(copy, sizeof(copy), "%s/%s.%d", fsv->tmpbase,
		     kind ? "mounts" : "mountinfo", (int)c->tid) >=
	    (int)sizeof(copy)) {
		r = 0;
		goto out;
	}
	mi.out = fopen(copy, "we");
	if (!mi.out) {
		r = 0;		/* Then the host's, as before. */
		goto out;
	}
	r = fsv_mi_make(fsv, &mi, c->view);
	if (fclose(mi.out) == 0 && (r == 0 || r == -ENOSPC)) {
		strcpy(host, copy);
		r = 0;
	}
out:
	if (fd >= 0)
		close(fd);
	for (unsigned int i = 0; i < mi.nl; i++)
		free(mi.l[i].point);
	free(mi.l);
	free(mi.h);
	free(buf);
	return r;
}
