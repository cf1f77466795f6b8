// SPDX-License-Identifier: GPL-2.0-only
/*
 * sandbox: the policy file (uvmm-policy(5)) and the path globs its rules
 * are written with.  One rule per line, in order; the first rule that
 * matches decides:
 *
 *	default allow|deny
 *	allow|deny|hide|log INTENT[,INTENT...] PATTERN...
 *	allow|deny connect|bind CIDR[:PORT[-PORT]]...
 *	syscall NAME[,NAME...] allow|kill|trap|log|errno ERR [if COND [and COND]...]
 *
 * Paths and connects go to the plugins that resolve them (fsview, which
 * asks sbx_path_match through ->path_check; netview, given the address
 * rules as its own options); syscall rules become a seccomp filter.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utrace.h"
#include "sandbox.h"

static const char *const sbx_intents[] = {
	[UVMM_IN_READ] = "read", [UVMM_IN_WRITE] = "write",
	[UVMM_IN_CREATE] = "create", [UVMM_IN_DELETE] = "delete",
	[UVMM_IN_EXEC] = "exec", [UVMM_IN_STAT] = "stat",
	[UVMM_IN_CHDIR] = "chdir",
};

const char *sbx_intent_name(unsigned int intent)
{
	return intent < sizeof(sbx_intents) / sizeof(sbx_intents[0]) ?
	       sbx_intents[intent] : "?";
}

/* A bracket expression at @p ("[a-z]", "[!.]"); *@end past it. */
static bool sbx_class(const char *p, char c, const char **end)
{
	bool neg = p[1] == '!' || p[1] == '^', in = false;
	const char *q = p + 1 + neg;

	if (*q == ']')		/* "[]x]": a literal ] first */
		in |= c == ']', q++;
	for (; *q && *q != ']'; q++) {
		if (q[1] == '-' && q[2] && q[2] != ']') {
			in |= c >= q[0] && c <= q[2];
			q += 2;
		} else {
			in |= c == *q;
		}
	}
	*end = *q ? q + 1 : q;
	return in != neg;
}

/*
 * @s matches glob @p: "*" any run of characters but "/", "?" one of
 * them, "[...]" a class, "**" any run at all (a final "**" after a
 * slash also matches the directory itself, and "**" then a slash in the
 * middle also matches no directory at all).
 */
bool sbx_glob(const char *p, const char *s)
{
	for (;;) {
		if (p[0] == '*' && p[1] == '*') {
			p += 2;
			if (*p == '/' && sbx_glob(p + 1, s))
				return true;
			for (const char *t = s;; t++) {
				if (sbx_glob(p, t))
					return true;
				if (!*t)
					return false;
			}
		}
		if (*p == '*') {
			p++;
			for (const char *t = s;; t++) {
				if (sbx_glob(p, t))
					return true;
				if (!*t || *t == '/')
					return false;
			}
		}
		if (p[0] == '/' && p[1] == '*' && p[2] == '*' && !p[3] && !*s)
			return true;	/* DIR, slash, "**" matches DIR */
		if (!*p)
			return !*s;
		if (!*s)
			return false;
		if (*p == '?') {
			if (*s == '/')
				return false;
		} else if (*p == '[') {
			const char *e;

			if (*s == '/' || !sbx_class(p, *s, &e))
				return false;
			p = e;
			s++;
			continue;
		} else if (*p != *s) {
			return false;
		}
		p++;
		s++;
	}
}

const struct sbx_path_rule *sbx_path_match(struct sbx_state *sbx,
					   unsigned int intent,
					   const char *path)
{
	for (unsigned int i = 0; i < sbx->npaths; i++) {
		const struct sbx_path_rule *r = &sbx->paths[i];

		if ((r->intents & (1U << intent)) && sbx_glob(r->glob, path))
			return r;
	}
	return NULL;
}

/* A new "where" string, kept until sbx_policy_free; NULL if no memory. */
char *sbx_where(struct sbx_state *sbx, const char *fmt, ...)
{
	char **n = realloc(sbx->wheres, (sbx->nwheres + 1) * sizeof(*n));
	va_list ap;
	char *w;
	int r;

	if (!n)
		return NULL;
	sbx->wheres = n;
	va_start(ap, fmt);
	r = vasprintf(&w, fmt, ap);
	va_end(ap);
	if (r < 0)
		return NULL;
	sbx->wheres[sbx->nwheres++] = w;
	return w;
}

void sbx_policy_free(struct sbx_state *sbx)
{
	for (unsigned int i = 0; i < sbx->npaths; i++)
		free(sbx->paths[i].glob);
	free(sbx->paths);
	free(sbx->sys);
	for (unsigned int i = 0; i < sbx->nwheres; i++)
		free(sbx->wheres[i]);
	free(sbx->wheres);
	sbx->paths = NULL;
	sbx->sys = NULL;
	sbx->wheres = NULL;
	sbx->npaths = sbx->nsys = sbx->nwheres = 0;
}

int sbx_sys_add(struct sbx_state *sbx, const struct sbx_sys_rule *r)
{
	struct sbx_sys_rule *n = realloc(sbx->sys,
					 (sbx->nsys + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	sbx->sys = n;
	n[sbx->nsys++] = *r;
	return 0;
}

bool sbx_conds_hold(const struct sbx_sys_rule *r, const unsigned long *a)
{
	for (unsigned int i = 0; i < r->nconds; i++) {
		const struct sbx_cond *c = &r->c[i];
		uint64_t v = (uint64_t)a[c->arg] & c->mask;
		bool ok;

		switch (c->op) {
		case SBX_EQ: ok = v == c->value; break;
		case SBX_NE: ok = v != c->value; break;
		case SBX_LT: ok = v < c->value; break;
		case SBX_LE: ok = v <= c->value; break;
		case SBX_GT: ok = v > c->value; break;
		default: ok = v >= c->value; break;
		}
		if (!ok)
			return false;
	}
	return true;
}

/* "EPERM" or "1": the errno, or -1. */
static int sbx_errno(const char *s)
{
	char *end;
	long n = strtol(s, &end, 0);

	if (*s && !*end)
		return n > 0 && n < 4096 ? (int)n : -1;
	for (int e = 1; e < 4096; e++) {
		const char *name = strerrorname_np(e);

		if (name && !strcmp(name, s))
			return e;
	}
	return -1;
}

static int sbx_num(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (*s == '-') {	/* -1: as the kernel sees an int, 64 bits */
		long long l = strtoll(s, &end, 0);

		*v = (uint64_t)l;
	}
	return !*s || *end || errno ? -EINVAL : 0;
}

/* Split @line into words (double quotes keep spaces); "#" ends it. */
static unsigned int sbx_words(char *line, char **w, unsigned int max)
{
	unsigned int n = 0;
	char *p = line;

	while (n < max) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			break;
		if (*p == '"') {
			w[n++] = ++p;
			p += strcspn(p, "\"");
		} else {
			w[n++] = p;
			p += strcspn(p, " \t\r\n");
		}
		if (!*p)
			break;
		*p++ = '\0';
	}
	return n;
}

/* ~, $HOME, $PWD, $TMPDIR at the start of a pattern. */
static char *sbx_expand(struct sbx_state *sbx, const char *pat)
{
	const struct {
		const char *var;
		const char *val;
	} vars[] = {
		{ "~", sbx->home }, { "$HOME", sbx->home },
		{ "$PWD", sbx->cwd }, { "$TMPDIR", sbx->tmpdir },
	};
	char *out;

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		size_t l = strlen(vars[i].var);

		if (strncmp(pat, vars[i].var, l) ||
		    (pat[l] && pat[l] != '/'))
			continue;
		if (asprintf(&out, "%s%s", vars[i].val, pat + l) < 0)
			return NULL;
		return out;
	}
	return strdup(pat);
}

static int sbx_intents_of(const char *s, unsigned int *mask)
{
	char buf[128], *save = NULL;

	*mask = 0;
	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	for (char *t = strtok_r(buf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		unsigned int i;

		if (!strcmp(t, "all")) {
			*mask |= SBX_IN_ALL;
			continue;
		}
		for (i = 0; i < sizeof(sbx_intents) / sizeof(sbx_intents[0]);
		     i++)
			if (!strcmp(t, sbx_intents[i]))
				break;
		if (i == sizeof(sbx_intents) / sizeof(sbx_intents[0]))
			return -EINVAL;
		*mask |= 1U << i;
	}
	return *mask ? 0 : -EINVAL;
}

/* "syscall NAMES ACTION [ERR] [if argN [& MASK] OP VALUE [and ...]]" */
static int sbx_syscall_rule(struct uvmm *vmm, char **w, unsigned int n,
			    const char *where)
{
	struct sbx_state *sbx = sbx_of(vmm);
	struct sbx_sys_rule r = { .where = where };
	char names[1024], *save = NULL;
	unsigned int i = 3;
	int err;

	if (n < 3)
		goto bad;
	if (!strcmp(w[2], "allow"))
		r.act = SBX_ALLOW;
	else if (!strcmp(w[2], "kill"))
		r.act = SBX_KILL;
	else if (!strcmp(w[2], "trap"))
		r.act = SBX_TRAP;
	else if (!strcmp(w[2], "log"))
		r.act = SBX_LOG;
	else if (!strcmp(w[2], "errno") && n > 3 &&
		 (r.err = sbx_errno(w[3])) > 0)
		r.act = SBX_ERRNO, i = 4;
	else
		goto bad;
	if (i < n) {
		if (strcmp(w[i], "if"))
			goto bad;
		for (i++; i < n; i++) {
			struct sbx_cond *c = &r.c[r.nconds];
			static const char *const ops[] = {
				"==", "!=", "<", "<=", ">", ">=",
			};
			unsigned int o;

			if (r.nconds == SBX_MAX_CONDS ||
			    sscanf(w[i], "arg%u", &c->arg) != 1 || c->arg > 5 ||
			    i + 2 >= n)
				goto bad;
			c->mask = ~UINT64_C(0);
			i++;
			if (!strcmp(w[i], "&")) {
				if (i + 3 >= n || sbx_num(w[i + 1], &c->mask))
					goto bad;
				i += 2;
			}
			for (o = 0; o < 6 && strcmp(w[i], ops[o]); o++)
				;
			if (o == 6 || sbx_num(w[i + 1], &c->value))
				goto bad;
			c->op = (enum sbx_op)o;
			r.nconds++;
			i += 2;
			if (i < n && strcmp(w[i], "and"))
				goto bad;
		}
	}
	if (strlen(w[1]) >= sizeof(names))
		goto bad;
	strcpy(names, w[1]);
	for (char *t = strtok_r(names, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		long nr = utrace_syscall_lookup(t);

		if (nr < 0) {
			uvmm_error(vmm, "%s: no system call named %s", where, t);
			return -EINVAL;
		}
		r.nr = (int)nr;
		err = sbx_sys_add(sbx, &r);
		if (err)
			return err;
	}
	return 0;
bad:
	uvmm_error(vmm, "%s: expected: syscall NAME[,NAME...] allow|kill|trap"
		   "|log|errno ERR [if argN [& MASK] OP VALUE [and ...]]",
		   where);
	return -EINVAL;
}

static int sbx_line(struct uvmm *vmm, char **w, unsigned int n,
		    const char *where)
{
	struct sbx_state *sbx = sbx_of(vmm);
	enum sbx_act act;
	unsigned int intents;
	int r;

	if (!strcmp(w[0], "default")) {
		if (n != 2 || (strcmp(w[1], "allow") && strcmp(w[1], "deny"))) {
			uvmm_error(vmm, "%s: expected: default allow|deny",
				   where);
			return -EINVAL;
		}
		sbx->default_allow = !strcmp(w[1], "allow");
		return 0;
	}
	if (!strcmp(w[0], "syscall"))
		return sbx_syscall_rule(vmm, w, n, where);
	if (!strcmp(w[0], "allow"))
		act = SBX_ALLOW;
	else if (!strcmp(w[0], "deny"))
		act = SBX_DENY;
	else if (!strcmp(w[0], "hide"))
		act = SBX_HIDE;
	else if (!strcmp(w[0], "log"))
		act = SBX_LOG;
	else {
		uvmm_error(vmm, "%s: unknown rule '%s' (default, allow, deny, "
			   "hide, log, syscall)", where, w[0]);
		return -EINVAL;
	}
	if (n < 3) {
		uvmm_error(vmm, "%s: expected: %s INTENT[,INTENT...] PATTERN..."
			   " or %s connect|bind ADDRESS...", where, w[0], w[0]);
		return -EINVAL;
	}
	if (!strcmp(w[1], "connect") || !strcmp(w[1], "bind")) {
		char opt[32];

		if (act != SBX_ALLOW && act != SBX_DENY) {
			uvmm_error(vmm, "%s: %s rules allow or deny", where,
				   w[1]);
			return -EINVAL;
		}
		snprintf(opt, sizeof(opt), "%s-%s",
			 act == SBX_ALLOW ? "allow" : "deny", w[1]);
		for (unsigned int i = 2; i < n; i++) {
			r = uvmm_option_set(vmm, opt, w[i]);
			if (r)
				return r;
		}
		return 0;
	}
	if (sbx_intents_of(w[1], &intents)) {
		uvmm_error(vmm, "%s: '%s': intents are read, write, create, "
			   "delete, exec, stat, chdir, all (comma-separated)",
			   where, w[1]);
		return -EINVAL;
	}
	for (unsigned int i = 2; i < n; i++) {
		struct sbx_path_rule *pr;
		char *g = sbx_expand(sbx, w[i]);

		if (!g)
			return -ENOMEM;
		if (g[0] != '/') {
			uvmm_error(vmm, "%s: '%s': patterns are absolute paths "
				   "(or start with ~, $HOME, $PWD, $TMPDIR)",
				   where, w[i]);
			free(g);
			return -EINVAL;
		}
		pr = realloc(sbx->paths, (sbx->npaths + 1) * sizeof(*pr));
		if (!pr) {
			free(g);
			return -ENOMEM;
		}
		sbx->paths = pr;
		pr[sbx->npaths++] = (struct sbx_path_rule){ intents, act, g,
							   where };
	}
	return 0;
}

int sbx_policy_load(struct uvmm *vmm, const char *file)
{
	struct sbx_state *sbx = sbx_of(vmm);
	FILE *f = fopen(file, "re");
	char line[8192], *w[256];
	unsigned int lineno = 0;
	int r = 0;

	if (!f) {
		r = -errno;
		uvmm_error(vmm, "--policy=%s: %s", file, strerror(errno));
		return r;
	}
	while (!r && fgets(line, sizeof(line), f)) {
		unsigned int n;
		char *where;

		lineno++;
		n = sbx_words(line, w, sizeof(w) / sizeof(w[0]));
		if (!n)
			continue;
		where = sbx_where(sbx, "%s:%u", file, lineno);
		if (!where) {
			r = -ENOMEM;
			break;
		}
		r = sbx_line(vmm, w, n, where);
	}
	if (!r && ferror(f)) {
		r = -EIO;
		uvmm_error(vmm, "--policy=%s: read error", file);
	}
	fclose(f);
	return r;
}
