// SPDX-License-Identifier: GPL-2.0-only
/*
 * The netview plugin: the session's view of the network.
 *
 *   --net=host|none|loopback   what is reachable at all (default: host)
 *   --allow-connect=CIDR[:PORTS], --deny-connect=CIDR[:PORTS]
 *                              rules, first match wins, before --net's
 *   --redirect=ADDR:PORT=ADDR2:PORT2
 *                              connect and sendto to the first go to the
 *                              second
 *
 * connect(2) and sendto(2) with an address are decided on the address the
 * monitor read, once; an allowed one is then performed by the monitor on
 * the guest's own socket (pidfd_getfd) with that copy, so a thread that
 * rewrites the sockaddr after the check changes nothing.  A blocking
 * connect is performed in a thread of its own (uvmm_sc_settle_async):
 * the monitor keeps serving meanwhile.  Under --net=none and loopback,
 * packet, raw and netlink sockets are refused at socket(2) (EPERM).
 *
 *   --port-map=GUEST=HOST|auto bind(2) of GUEST gets HOST (auto: a free
 *                              port for every bind); getsockname says
 *                              GUEST, the session's connects to GUEST
 *                              reach HOST
 *
 *   --allow-abstract=NAME      abstract AF_UNIX names are the session's
 *                              own (a prefix the monitor adds), but NAME
 *
 * Not yet: sendmsg/sendmmsg with an address (refused under none/loopback
 * and by deny rules, else run as they are), sendto to an abstract name,
 * getpeername after a redirect (it says where the connection goes) or of
 * an abstract peer (its prefixed name).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include "uvmm/plugin.h"

enum { NV_OPT_NET, NV_OPT_ALLOW, NV_OPT_DENY, NV_OPT_REDIRECT,
       NV_OPT_PORT_MAP, NV_OPT_ALLOW_ABSTRACT, NV_OPT_ALLOW_BIND,
       NV_OPT_DENY_BIND };
enum nv_net { NV_HOST, NV_NONE, NV_LOOPBACK };

/* An address family, a prefix and a port range: one rule's match. */
struct nv_match {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char addr[16];
	unsigned int prefix;		/* Bits. */
	unsigned int port_lo, port_hi;	/* 0-65535: any. */
};

struct nv_rule {
	struct nv_match m;
	bool allow;
};

struct nv_redirect {
	struct sockaddr_storage from, to;
	socklen_t len;
};

/* A port the session binds, and the host's port it really has. */
struct nv_port {
	unsigned int guest, host;
};

/* The plugin's instance (uvmm_state). */
struct nv_state {
	bool on;
	enum nv_net net;
	bool port_auto;			/* --port-map=auto */
	struct nv_port *ports;		/* Given, then learnt at bind. */
	unsigned int nports;
	/* Abstract AF_UNIX names: the session's own, but these. */
	char prefix[32];
	size_t prefix_len;
	char **abstract_ok;
	unsigned int nabstract_ok;
	struct nv_rule *rules;
	unsigned int nrules;
	/* --allow-bind, --deny-bind: local addresses, first match wins. */
	struct nv_rule *brules;
	unsigned int nbrules;
	struct nv_redirect *redir;
	unsigned int nredir;
};

static const int nv_syscalls[] = {
	SYS_connect, SYS_sendto, SYS_sendmsg, SYS_sendmmsg, SYS_socket,
	SYS_bind, SYS_getsockname,
	UVMM_SYSCALLS_END
};
/*
 * Not sendmsg: the command sends the monitor its seccomp listener with
 * sendmsg, after the filter is in place and before anyone serves it.
 */
static const int nv_emulate[] = {
	SYS_connect, SYS_sendto, SYS_sendmmsg, SYS_socket, SYS_bind,
	SYS_getsockname,
	UVMM_SYSCALLS_END
};
/*
 * getsockname changes only what nv_bind bound (a remapped port, an
 * abstract name): those sockets are marked there, and uvmm.ko lets the
 * others' run unseen.
 */
static const int nv_fd_syscalls[] = {
	SYS_getsockname,
	UVMM_SYSCALLS_END
};

const struct uvmm_plugin uvmm_netview_plugin;

static struct nv_state *nv_of(struct uvmm *vmm)
{
	return uvmm_state(vmm, &uvmm_netview_plugin);
}

/* "1.2.3.4", "::1", with "/N" and ":PORT[-PORT]" (IPv6 in brackets). */
static int nv_parse_match(const char *arg, struct nv_match *m)
{
	char buf[128], *p = buf, *slash, *port = NULL;
	unsigned long v;
	char *end;

	if (strlen(arg) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, arg);
	if (*p == '[') {
		char *close = strchr(p, ']');

		if (!close)
			return -EINVAL;
		*close = '\0';
		p++;
		if (close[1] == ':')
			port = close + 2;
		else if (close[1])
			return -EINVAL;
	} else if (strchr(p, '.')) {
		port = strchr(p, ':');
		if (port)
			*port++ = '\0';
	}
	slash = strchr(p, '/');
	if (slash)
		*slash++ = '\0';
	memset(m, 0, sizeof(*m));
	if (inet_pton(AF_INET, p, m->addr) == 1) {
		m->family = AF_INET;
		m->prefix = 32;
	} else if (inet_pton(AF_INET6, p, m->addr) == 1) {
		m->family = AF_INET6;
		m->prefix = 128;
	} else {
		return -EINVAL;
	}
	if (slash) {
		v = strtoul(slash, &end, 10);
		if (!*slash || *end || v > m->prefix)
			return -EINVAL;
		m->prefix = (unsigned int)v;
	}
	m->port_lo = 0;
	m->port_hi = 65535;
	if (port) {
		v = strtoul(port, &end, 10);
		if (!*port || v > 65535 || (*end && *end != '-'))
			return -EINVAL;
		m->port_lo = m->port_hi = (unsigned int)v;
		if (*end == '-') {
			v = strtoul(end + 1, &end, 10);
			if (*end || v > 65535 || v < m->port_lo)
				return -EINVAL;
			m->port_hi = (unsigned int)v;
		}
	}
	return 0;
}

/* "ADDR:PORT" (or "[V6]:PORT") into a sockaddr. */
static int nv_parse_sa(const char *s, struct sockaddr_storage *ss,
		       socklen_t *len)
{
	struct nv_match m;

	if (nv_parse_match(s, &m) || m.port_lo != m.port_hi ||
	    (m.family == AF_INET && m.prefix != 32) ||
	    (m.family == AF_INET6 && m.prefix != 128) ||
	    !strchr(s, ':') || (m.family == AF_INET6 && s[0] != '['))
		return -EINVAL;
	memset(ss, 0, sizeof(*ss));
	if (m.family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)m.port_lo);
		memcpy(&sin->sin_addr, m.addr, 4);
		*len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)m.port_lo);
		memcpy(&sin6->sin6_addr, m.addr, 16);
		*len = sizeof(*sin6);
	}
	return 0;
}

static int nv_option(struct uvmm *vmm, int key, const char *arg)
{
	struct nv_state *nv = nv_of(vmm);

	nv->on = true;
	switch (key) {
	case NV_OPT_NET:
		if (!strcmp(arg, "host"))
			nv->net = NV_HOST;
		else if (!strcmp(arg, "none"))
			nv->net = NV_NONE;
		else if (!strcmp(arg, "loopback"))
			nv->net = NV_LOOPBACK;
		else {
			uvmm_error(vmm, "--net=%s: host, none or loopback", arg);
			return -EINVAL;
		}
		return 0;
	case NV_OPT_ALLOW:
	case NV_OPT_DENY:
	case NV_OPT_ALLOW_BIND:
	case NV_OPT_DENY_BIND: {
		bool bind = key == NV_OPT_ALLOW_BIND || key == NV_OPT_DENY_BIND;
		struct nv_rule **rules = bind ? &nv->brules : &nv->rules;
		unsigned int *n = bind ? &nv->nbrules : &nv->nrules;
		struct nv_rule *r = realloc(*rules, (*n + 1) * sizeof(*r));

		if (!r)
			return -ENOMEM;
		*rules = r;
		if (nv_parse_match(arg, &r[*n].m)) {
			uvmm_error(vmm, "--%s-%s=%s: expected CIDR[:PORT"
				   "[-PORT]] ([V6/N]:PORT for IPv6)",
				   key == NV_OPT_ALLOW || key == NV_OPT_ALLOW_BIND ?
				   "allow" : "deny", bind ? "bind" : "connect",
				   arg);
			return -EINVAL;
		}
		r[(*n)++].allow = key == NV_OPT_ALLOW ||
				  key == NV_OPT_ALLOW_BIND;
		return 0;
	}
	case NV_OPT_ALLOW_ABSTRACT: {
		char **na = realloc(nv->abstract_ok, (nv->nabstract_ok + 1) *
						    sizeof(*na));

		if (!na)
			return -ENOMEM;
		nv->abstract_ok = na;
		na[nv->nabstract_ok] = strdup(arg);
		if (!na[nv->nabstract_ok])
			return -ENOMEM;
		nv->nabstract_ok++;
		return 0;
	}
	case NV_OPT_PORT_MAP: {
		unsigned long g, h;
		char *end;
		struct nv_port *np;

		if (!strcmp(arg, "auto")) {
			nv->port_auto = true;
			return 0;
		}
		g = strtoul(arg, &end, 10);
		if (end == arg || *end != '=' || !g || g > 65535)
			goto badmap;
		h = strtoul(end + 1, &end, 10);
		if (*end || !h || h > 65535)
			goto badmap;
		np = realloc(nv->ports, (nv->nports + 1) * sizeof(*np));
		if (!np)
			return -ENOMEM;
		nv->ports = np;
		np[nv->nports++] = (struct nv_port){ (unsigned int)g,
						    (unsigned int)h };
		return 0;
badmap:
		uvmm_error(vmm, "--port-map=%s: expected GUEST=HOST (ports) or "
			   "auto", arg);
		return -EINVAL;
	}
	case NV_OPT_REDIRECT: {
		struct nv_redirect *r = realloc(nv->redir, (nv->nredir + 1) *
							  sizeof(*r));
		const char *eq = strchr(arg, '=');
		char from[128];
		socklen_t l2;

		if (!r)
			return -ENOMEM;
		nv->redir = r;
		r += nv->nredir;
		if (!eq || (size_t)(eq - arg) >= sizeof(from))
			goto bad;
		memcpy(from, arg, (size_t)(eq - arg));
		from[eq - arg] = '\0';
		if (nv_parse_sa(from, &r->from, &r->len) ||
		    nv_parse_sa(eq + 1, &r->to, &l2) ||
		    r->from.ss_family != r->to.ss_family)
			goto bad;
		nv->nredir++;
		return 0;
bad:
		uvmm_error(vmm, "--redirect=%s: expected ADDR:PORT=ADDR2:PORT2 "
			   "(one family)", arg);
		return -EINVAL;
	}
	}
	return -EINVAL;
}

static int nv_init(struct uvmm *vmm)
{
	struct nv_state *nv = nv_of(vmm);

	if (!nv->on)
		return 0;
	/* "\0uvmm.PID." then the guest's name: this session's namespace. */
	nv->prefix_len = (size_t)snprintf(nv->prefix, sizeof(nv->prefix),
					 "%cuvmm.%d.", '\0', (int)getpid());
	return 1;
}

static void nv_fini(struct uvmm *vmm)
{
	struct nv_state *nv = nv_of(vmm);

	free(nv->rules);
	free(nv->redir);
	free(nv->ports);
	free(nv->brules);
	for (unsigned int i = 0; i < nv->nabstract_ok; i++)
		free(nv->abstract_ok[i]);
	free(nv->abstract_ok);
}

static bool nv_matches(const struct nv_match *m, int family,
		       const unsigned char *addr, unsigned int port)
{
	unsigned int full = m->prefix / 8, rest = m->prefix % 8;

	if (m->family != family || port < m->port_lo || port > m->port_hi)
		return false;
	if (memcmp(m->addr, addr, full))
		return false;
	return !rest ||
	       !((m->addr[full] ^ addr[full]) & (0xff00 >> rest) & 0xff);
}

static bool nv_loopback(int family, const unsigned char *a)
{
	static const unsigned char v6lo[16] = { [15] = 1 };

	if (family == AF_INET)
		return a[0] == 127;
	return !memcmp(a, v6lo, 16);
}

/*
 * May the session reach @sa?  0, or the errno: ECONNREFUSED for a rule's
 * no (as if nothing listened), ENETUNREACH where --net has no such net.
 */
/* The address bytes and port of an AF_INET or AF_INET6 @sa; else false. */
static bool nv_addr_of(const struct sockaddr_storage *sa,
		       const unsigned char **a, unsigned int *port)
{
	if (sa->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;

		*a = (const unsigned char *)&sin->sin_addr;
		*port = ntohs(sin->sin_port);
		return true;
	}
	if (sa->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;

		*a = sin6->sin6_addr.s6_addr;
		*port = ntohs(sin6->sin6_port);
		return true;
	}
	return false;
}

static int nv_decide(const struct nv_state *nv,
		     const struct sockaddr_storage *sa)
{
	const unsigned char *a;
	unsigned int port;

	if (!nv_addr_of(sa, &a, &port))
		return 0;	/* AF_UNIX: fsview's; AF_UNSPEC: disconnect. */
	for (unsigned int i = 0; i < nv->nrules; i++)
		if (nv_matches(&nv->rules[i].m, sa->ss_family, a, port))
			return nv->rules[i].allow ? 0 : -ECONNREFUSED;
	switch (nv->net) {
	case NV_NONE:
		return -ENETUNREACH;
	case NV_LOOPBACK:
		return nv_loopback(sa->ss_family, a) ? 0 : -ENETUNREACH;
	default:
		return 0;
	}
}

/* May the session bind @sa?  0, or EACCES (as for a port it may not). */
static int nv_bind_decide(const struct nv_state *nv,
			  const struct sockaddr_storage *sa)
{
	const unsigned char *a;
	unsigned int port;

	if (!nv_addr_of(sa, &a, &port))
		return 0;
	for (unsigned int i = 0; i < nv->nbrules; i++)
		if (nv_matches(&nv->brules[i].m, sa->ss_family, a, port))
			return nv->brules[i].allow ? 0 : -EACCES;
	return 0;
}

static unsigned int nv_port_of(const struct sockaddr_storage *sa)
{
	return ntohs(sa->ss_family == AF_INET ?
		     ((const struct sockaddr_in *)sa)->sin_port :
		     ((const struct sockaddr_in6 *)sa)->sin6_port);
}

static void nv_set_port(struct sockaddr_storage *sa, unsigned int port)
{
	if (sa->ss_family == AF_INET)
		((struct sockaddr_in *)sa)->sin_port = htons((uint16_t)port);
	else
		((struct sockaddr_in6 *)sa)->sin6_port = htons((uint16_t)port);
}

/* The host port of guest port @g (@to_host), or the other way; 0: none. */
static unsigned int nv_map(const struct nv_state *nv, unsigned int p,
			   bool to_host)
{
	for (unsigned int i = 0; i < nv->nports; i++)
		if ((to_host ? nv->ports[i].guest : nv->ports[i].host) == p)
			return to_host ? nv->ports[i].host : nv->ports[i].guest;
	return 0;
}

/* Is @sa this machine: loopback or "any"? (Mapped ports live there.) */
static bool nv_local(const struct sockaddr_storage *sa)
{
	static const unsigned char any6[16];

	if (sa->ss_family == AF_INET) {
		uint32_t a = ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr);

		return (a >> 24) == 127 || a == 0;
	}
	if (sa->ss_family == AF_INET6) {
		const unsigned char *a =
			((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;

		return nv_loopback(AF_INET6, a) || !memcmp(a, any6, 16);
	}
	return false;
}

/* --redirect: the address @sa is replaced, in place. */
static void nv_redirect(const struct nv_state *nv,
			struct sockaddr_storage *sa, socklen_t *len)
{
	for (unsigned int i = 0; i < nv->nredir; i++) {
		const struct nv_redirect *r = &nv->redir[i];
		bool hit;

		if (r->from.ss_family != sa->ss_family)
			continue;
		if (sa->ss_family == AF_INET) {
			const struct sockaddr_in *x = (const void *)sa;
			const struct sockaddr_in *f = (const void *)&r->from;

			hit = x->sin_port == f->sin_port &&
			      x->sin_addr.s_addr == f->sin_addr.s_addr;
		} else {
			const struct sockaddr_in6 *x = (const void *)sa;
			const struct sockaddr_in6 *f = (const void *)&r->from;

			hit = x->sin6_port == f->sin6_port &&
			      !memcmp(&x->sin6_addr, &f->sin6_addr, 16);
		}
		if (hit) {
			memcpy(sa, &r->to, sizeof(r->to));
			*len = r->len;
			return;
		}
	}
}

/*
 * An abstract AF_UNIX address (sun_path[0] == 0, a name after it): into
 * the session's namespace, unless --allow-abstract lets the name through.
 * 1 if @sa (of *@len bytes) is one and was rewritten or let through, 0 if
 * it is none, -errno if the name does not fit with the prefix.
 */
static int nv_abstract(const struct nv_state *nv,
		       struct sockaddr_storage *sa, socklen_t *len)
{
	struct sockaddr_un *un = (struct sockaddr_un *)sa;
	const size_t off = offsetof(struct sockaddr_un, sun_path);
	size_t nlen;
	char name[sizeof(un->sun_path)];

	if (sa->ss_family != AF_UNIX || *len <= off + 1 || un->sun_path[0])
		return 0;	/* A path (fsview's), or autobind. */
	nlen = *len - off - 1;
	memcpy(name, un->sun_path + 1, nlen);
	for (unsigned int i = 0; i < nv->nabstract_ok; i++)
		if (strlen(nv->abstract_ok[i]) == nlen &&
		    !memcmp(nv->abstract_ok[i], name, nlen))
			return 1;
	if (nv->prefix_len + nlen > sizeof(un->sun_path))
		return -EINVAL;	/* The kernel's answer to a long address. */
	memcpy(un->sun_path, nv->prefix, nv->prefix_len);
	memcpy(un->sun_path + nv->prefix_len, name, nlen);
	*len = (socklen_t)(off + nv->prefix_len + nlen);
	return 1;
}

/*
 * ptrace: the kernel runs the call with the address checked, put below
 * the stack (another thread could still rewrite that copy); arguments
 * @i and @i + 1 are the address and its length.
 */
static enum uvmm_verdict nv_use_copy(struct uvmm_sc *sc, unsigned int i,
				     const struct sockaddr_storage *sa,
				     socklen_t len)
{
	uintptr_t a = uvmm_sc_scratch(sc, len);

	if (!a || uvmm_sc_write(sc, a, sa, len) || uvmm_sc_set_arg(sc, i, a) ||
	    uvmm_sc_set_arg(sc, i + 1, len)) {
		uvmm_sc_skip(sc, -ENOMEM);
		return UVMM_DONE;
	}
	return UVMM_NEXT;
}

/* A connect the monitor performs, perhaps in a thread of its own. */
struct nv_connect {
	int fd;
	socklen_t len;
	struct sockaddr_storage sa;
};

static long nv_do_connect(void *arg)
{
	struct nv_connect *c = arg;
	long r = connect(c->fd, (struct sockaddr *)&c->sa, c->len) < 0 ?
		 -errno : 0;

	close(c->fd);
	free(c);
	return r;
}

static enum uvmm_verdict nv_connect(struct uvmm_sc *sc)
{
	struct nv_state *nv = nv_of(uvmm_sc_vmm(sc));
	struct nv_connect *c;
	socklen_t len = (socklen_t)uvmm_sc_arg(sc, 2);
	struct sockaddr_storage sa;
	int r, fl;

	if (len < sizeof(sa_family_t) || len > sizeof(sa))
		return UVMM_NEXT;	/* The kernel's EINVAL. */
	memset(&sa, 0, sizeof(sa));
	if (uvmm_sc_read(sc, &sa, uvmm_sc_arg(sc, 1), len))
		return UVMM_NEXT;	/* Its EFAULT. */
	r = nv_abstract(nv, &sa, &len);
	if (r < 0) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	if (!r && sa.ss_family != AF_INET && sa.ss_family != AF_INET6)
		return UVMM_NEXT;
	r = nv_decide(nv, &sa);
	if (r) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	nv_redirect(nv, &sa, &len);
	/* A port the session bound: where it really listens. */
	if (nv_local(&sa) && nv_map(nv, nv_port_of(&sa), true))
		nv_set_port(&sa, nv_map(nv, nv_port_of(&sa), true));
	if (uvmm_sc_can_modify(sc))
		return nv_use_copy(sc, 1, &sa, len);
	/* Performed here, with what was checked, on the guest's socket. */
	c = malloc(sizeof(*c));
	if (!c) {
		uvmm_sc_skip(sc, -ENOMEM);
		return UVMM_DONE;
	}
	c->fd = uvmm_sc_getfd(sc, (int)uvmm_sc_arg(sc, 0));
	if (c->fd < 0) {
		r = c->fd;
		free(c);
		uvmm_sc_skip(sc, r == -EBADF ? -EBADF : -ENOTSOCK);
		return UVMM_DONE;
	}
	c->sa = sa;
	c->len = len;
	fl = fcntl(c->fd, F_GETFL);
	/* Blocking: it may take a while, in a thread of its own. */
	if (fl >= 0 && !(fl & O_NONBLOCK) &&
	    uvmm_sc_settle_async(sc, nv_do_connect, c) == 0)
		return UVMM_DONE;
	uvmm_sc_skip(sc, nv_do_connect(c));
	return UVMM_DONE;
}

/* sendto() with an address: decided, redirected, performed here. */
static enum uvmm_verdict nv_sendto(struct uvmm_sc *sc)
{
	struct nv_state *nv = nv_of(uvmm_sc_vmm(sc));
	static __thread unsigned char data[65536];
	size_t n = uvmm_sc_arg(sc, 2);
	socklen_t len = (socklen_t)uvmm_sc_arg(sc, 5);
	struct sockaddr_storage sa;
	int r, fd;
	ssize_t s;

	if (!uvmm_sc_arg(sc, 4) || len < sizeof(sa_family_t) ||
	    len > sizeof(sa))
		return UVMM_NEXT;	/* Connected, or the kernel's EINVAL. */
	memset(&sa, 0, sizeof(sa));
	if (uvmm_sc_read(sc, &sa, uvmm_sc_arg(sc, 4), len))
		return UVMM_NEXT;
	if (sa.ss_family != AF_INET && sa.ss_family != AF_INET6)
		return UVMM_NEXT;
	r = nv_decide(nv, &sa);
	if (r) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	nv_redirect(nv, &sa, &len);
	if (nv_local(&sa) && nv_map(nv, nv_port_of(&sa), true))
		nv_set_port(&sa, nv_map(nv, nv_port_of(&sa), true));
	if (uvmm_sc_can_modify(sc))
		return nv_use_copy(sc, 4, &sa, len);
	/* A datagram: its bytes read once too, then sent from here. */
	if (n > sizeof(data))
		n = sizeof(data);
	if (n && uvmm_sc_read(sc, data, uvmm_sc_arg(sc, 1), n)) {
		uvmm_sc_skip(sc, -EFAULT);
		return UVMM_DONE;
	}
	fd = uvmm_sc_getfd(sc, (int)uvmm_sc_arg(sc, 0));
	if (fd < 0) {
		uvmm_sc_skip(sc, fd);
		return UVMM_DONE;
	}
	s = sendto(fd, data, n, (int)uvmm_sc_arg(sc, 3) | MSG_DONTWAIT,
		   (struct sockaddr *)&sa, len);
	uvmm_sc_skip(sc, s < 0 ? -errno : s);
	close(fd);
	return UVMM_DONE;
}

/* The address of one msghdr at @addr: 0 or a refusal's errno. */
static int nv_msg_decide(struct uvmm_sc *sc, uintptr_t addr)
{
	struct nv_state *nv = nv_of(uvmm_sc_vmm(sc));
	struct msghdr mh;
	struct sockaddr_storage sa;

	if (uvmm_sc_read(sc, &mh, addr, sizeof(mh)) || !mh.msg_name ||
	    mh.msg_namelen < sizeof(sa_family_t) ||
	    mh.msg_namelen > sizeof(sa))
		return 0;	/* No address, or the kernel's own error. */
	memset(&sa, 0, sizeof(sa));
	if (uvmm_sc_read(sc, &sa, (uintptr_t)mh.msg_name, mh.msg_namelen))
		return 0;
	return nv_decide(nv, &sa);
}

/*
 * sendmsg() and sendmmsg() with addresses: only decided (see the header);
 * one refused message refuses the whole sendmmsg.
 */
static enum uvmm_verdict nv_sendmsg(struct uvmm_sc *sc)
{
	int r = 0;

	if (uvmm_sc_nr(sc) == SYS_sendmsg) {
		r = nv_msg_decide(sc, uvmm_sc_arg(sc, 1));
	} else {
		unsigned int vlen = (unsigned int)uvmm_sc_arg(sc, 2);

		if (vlen > 1024)
			vlen = 1024;	/* UIO_MAXIOV: the kernel's cap. */
		for (unsigned int i = 0; !r && i < vlen; i++)
			r = nv_msg_decide(sc, uvmm_sc_arg(sc, 1) +
					  i * sizeof(struct mmsghdr));
	}
	if (r) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	return UVMM_NEXT;
}

/*
 * The socket of this bind, whose getsockname the session changes: not
 * unseen (nv_fd_syscalls).  The bind is done: a mark that fails (the
 * guest closed the socket meanwhile) fails nothing.
 */
static void nv_mark(struct uvmm_sc *sc)
{
	(void)uvmm_sc_mark_fd(sc, (int)uvmm_sc_arg(sc, 0), true);
}

/*
 * bind(): a port the map names, or any port under --port-map=auto, is
 * bound as another host port (a free one for auto), by the monitor on
 * the guest's socket; the pair is remembered for getsockname and for
 * the session's own connects.  So two sessions both bind :8080, and a
 * fake root binds :80.
 */
static enum uvmm_verdict nv_bind(struct uvmm_sc *sc)
{
	struct nv_state *nv = nv_of(uvmm_sc_vmm(sc));
	socklen_t len = (socklen_t)uvmm_sc_arg(sc, 2);
	struct sockaddr_storage sa, got;
	socklen_t glen = sizeof(got);
	unsigned int gport, hport;
	struct nv_port *np;
	bool mapped;
	int fd, r;

	if (len < sizeof(sa_family_t) || len > sizeof(sa))
		return UVMM_NEXT;
	memset(&sa, 0, sizeof(sa));
	if (uvmm_sc_read(sc, &sa, uvmm_sc_arg(sc, 1), len))
		return UVMM_NEXT;
	r = nv_abstract(nv, &sa, &len);
	if (r) {
		/* An abstract name, in the session's namespace. */
		if (r > 0) {
			fd = uvmm_sc_getfd(sc, (int)uvmm_sc_arg(sc, 0));
			r = fd < 0 ? fd : bind(fd, (struct sockaddr *)&sa, len) <
					  0 ? -errno : 0;
			if (fd >= 0)
				close(fd);
			if (!r)
				nv_mark(sc);
		}
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	if ((sa.ss_family != AF_INET && sa.ss_family != AF_INET6) ||
	    (!nv->nports && !nv->port_auto && !nv->nbrules))
		return UVMM_NEXT;
	if ((sa.ss_family == AF_INET && len < sizeof(struct sockaddr_in)) ||
	    (sa.ss_family == AF_INET6 && len < sizeof(struct sockaddr_in6)))
		return UVMM_NEXT;	/* The kernel's EINVAL. */
	/* Judged on the copy read once, and bound by the monitor from it. */
	r = nv_bind_decide(nv, &sa);
	if (r) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	gport = nv_port_of(&sa);
	hport = nv_map(nv, gport, true);
	mapped = gport && (hport || nv->port_auto);
	if (mapped)
		nv_set_port(&sa, hport);	/* 0 under auto: the kernel picks. */
	fd = uvmm_sc_getfd(sc, (int)uvmm_sc_arg(sc, 0));
	if (fd < 0) {
		uvmm_sc_skip(sc, fd);
		return UVMM_DONE;
	}
	r = bind(fd, (struct sockaddr *)&sa, len) < 0 ? -errno : 0;
	if (!r && mapped)
		nv_mark(sc);
	if (!r && mapped && !hport &&
	    getsockname(fd, (struct sockaddr *)&got, &glen) == 0) {
		np = realloc(nv->ports, (nv->nports + 1) * sizeof(*np));
		if (np) {
			nv->ports = np;
			np[nv->nports++] = (struct nv_port){ gport,
							    nv_port_of(&got) };
		}
	}
	close(fd);
	uvmm_sc_skip(sc, r);
	return UVMM_DONE;
}

/* getsockname(): the port the session bound, not the host's. */
static enum uvmm_verdict nv_getsockname(struct uvmm_sc *sc)
{
	struct nv_state *nv = nv_of(uvmm_sc_vmm(sc));
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa), ulen;
	unsigned int g;
	int fd;

	if (uvmm_sc_read(sc, &ulen, uvmm_sc_arg(sc, 2), sizeof(ulen)))
		return UVMM_NEXT;	/* The kernel's EFAULT. */
	fd = uvmm_sc_getfd(sc, (int)uvmm_sc_arg(sc, 0));
	if (fd < 0) {
		uvmm_sc_skip(sc, fd);
		return UVMM_DONE;
	}
	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		uvmm_sc_skip(sc, -errno);
		close(fd);
		return UVMM_DONE;
	}
	close(fd);
	if ((sa.ss_family == AF_INET || sa.ss_family == AF_INET6) &&
	    (g = nv_map(nv, nv_port_of(&sa), false)))
		nv_set_port(&sa, g);
	if (sa.ss_family == AF_UNIX) {
		/* The session's abstract name, as the guest gave it. */
		struct sockaddr_un *un = (struct sockaddr_un *)&sa;
		const size_t off = offsetof(struct sockaddr_un, sun_path);

		if (len >= off + nv->prefix_len &&
		    !memcmp(un->sun_path, nv->prefix, nv->prefix_len)) {
			memmove(un->sun_path + 1, un->sun_path + nv->prefix_len,
				len - off - nv->prefix_len);
			len -= (socklen_t)(nv->prefix_len - 1);
		}
	}
	/* As the kernel: as much as fits, and the real length. */
	if ((int)ulen < 0) {
		uvmm_sc_skip(sc, -EINVAL);
		return UVMM_DONE;
	}
	if (uvmm_sc_write(sc, uvmm_sc_arg(sc, 1), &sa,
			  ulen < len ? ulen : len) ||
	    uvmm_sc_write(sc, uvmm_sc_arg(sc, 2), &len, sizeof(len))) {
		uvmm_sc_skip(sc, -EFAULT);
		return UVMM_DONE;
	}
	uvmm_sc_skip(sc, 0);
	return UVMM_DONE;
}

static enum uvmm_verdict nv_entry(struct uvmm_sc *sc)
{
	struct nv_state *nv = nv_of(uvmm_sc_vmm(sc));

	switch (uvmm_sc_nr(sc)) {
	case SYS_bind:
		return nv_bind(sc);
	case SYS_getsockname:
		return nv_getsockname(sc);
	case SYS_connect:
		return nv_connect(sc);
	case SYS_sendto:
		return nv_sendto(sc);
	case SYS_sendmsg:
	case SYS_sendmmsg:
		return nv_sendmsg(sc);
	case SYS_socket: {
		int domain = (int)uvmm_sc_arg(sc, 0);
		int type = (int)uvmm_sc_arg(sc, 1) & 0xf;

		/*
		 * Around the view: raw frames, raw IP, routing; refused as a
		 * kernel refuses them to the unprivileged.
		 */
		if (nv->net != NV_HOST &&
		    (domain == AF_PACKET || type == SOCK_RAW ||
		     domain == AF_NETLINK)) {
			uvmm_sc_skip(sc, -EPERM);
			return UVMM_DONE;
		}
		return UVMM_NEXT;
	}
	}
	return UVMM_NEXT;
}

static const struct uvmm_option nv_options[] = {
	{ "net", UVMM_OPT_ARG, NV_OPT_NET, "host|none|loopback",
	  "what the session can reach (default host)" },
	{ "allow-connect", UVMM_OPT_ARG, NV_OPT_ALLOW, "CIDR[:PORTS]",
	  "connect and sendto there are allowed (first rule that matches)" },
	{ "deny-connect", UVMM_OPT_ARG, NV_OPT_DENY, "CIDR[:PORTS]",
	  "... refused with ECONNREFUSED" },
	{ "redirect", UVMM_OPT_ARG, NV_OPT_REDIRECT, "ADDR:PORT=ADDR2:PORT2",
	  "connect and sendto to the first go to the second" },
	{ "allow-abstract", UVMM_OPT_ARG, NV_OPT_ALLOW_ABSTRACT, "NAME",
	  "the host's abstract AF_UNIX socket NAME is reachable (others "
	  "are the session's own)" },
	{ "port-map", UVMM_OPT_ARG, NV_OPT_PORT_MAP, "GUEST=HOST|auto",
	  "a bind of port GUEST gets HOST (auto: a free one for every bind)" },
	{ "allow-bind", UVMM_OPT_ARG, NV_OPT_ALLOW_BIND, "CIDR[:PORTS]",
	  "bind there is allowed (first rule that matches)" },
	{ "deny-bind", UVMM_OPT_ARG, NV_OPT_DENY_BIND, "CIDR[:PORTS]",
	  "... refused with EACCES" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct uvmm_plugin uvmm_netview_plugin = {
	.abi = UVMM_PLUGIN_ABI_VERSION,
	.name = "netview",
	.summary = "the session's view of the network: none, loopback, rules",
	.order = 10,
	.options = nv_options,
	.state_size = sizeof(struct nv_state),
	.syscalls = nv_syscalls,
	.emulate_syscalls = nv_emulate,
	.fd_syscalls = nv_fd_syscalls,
	.option = nv_option,
	.init = nv_init,
	.fini = nv_fini,
	.sys_entry = nv_entry,
};
