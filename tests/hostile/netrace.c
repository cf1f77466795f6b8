/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netrace ALLOWED DENIED [N]: listens on both loopback ports, then a
 * thread keeps flipping one sockaddr between them while the main thread
 * connects to it N times (default 3000).  A monitor that checks the
 * address and lets the kernel read it again sometimes connects to the
 * denied port; one that connects with the copy it checked never does.
 * Natively (nothing denied) both ports get connections.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hostile.h"

static struct sockaddr_in sa;
static volatile in_port_t port_a, port_d;
static volatile int done;

static void *flip(void *arg)
{
	(void)arg;
	while (!done) {
		/* Both stores happen, in order: the race is the point. */
		__atomic_store_n(&sa.sin_port, port_a, __ATOMIC_SEQ_CST);
		__atomic_store_n(&sa.sin_port, port_d, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static int listener(int port)
{
	struct sockaddr_in l = { .sin_family = AF_INET,
				 .sin_port = htons((in_port_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;

	l.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&l, sizeof(l)) ||
	    listen(fd, 4096))
		setup_failed("listen");
	return fd;
}

int main(int argc, char **argv)
{
	long n = argc > 3 ? atol(argv[3]) : 3000, to_a = 0, to_d = 0;
	int la, ld;
	pthread_t t;

	if (argc < 3)
		return 2;
	la = listener(atoi(argv[1]));
	ld = listener(atoi(argv[2]));
	port_a = htons((in_port_t)atoi(argv[1]));
	port_d = htons((in_port_t)atoi(argv[2]));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = port_a;
	if (pthread_create(&t, NULL, flip, NULL))
		setup_failed("pthread_create");
	for (long i = 0; i < n; i++) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		int fd = socket(AF_INET, SOCK_STREAM, 0), c;

		if (fd < 0)
			setup_failed("socket");
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
		    getpeername(fd, (struct sockaddr *)&peer, &len) == 0) {
			if (peer.sin_port == port_d)
				to_d++;
			else
				to_a++;
		}
		close(fd);
		/* Keep the backlogs empty (the listeners do not block). */
		while ((c = accept(la, NULL, NULL)) >= 0 ||
		       (c = accept(ld, NULL, NULL)) >= 0)
			close(c);
	}
	done = 1;
	pthread_join(t, NULL);
	if (to_d)
		escaped("connects to the denied port: %ld of %ld", to_d, n);
	else
		held("connects to the denied port", 0);
	printf("connected to the allowed port: %s\n", to_a ? "yes" : "no");
	return hostile_escaped;
}
