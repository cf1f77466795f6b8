/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * readlink LINK...: readlink each LINK (/proc/self/exe, /proc/self/cwd:
 * links the monitor translates back to guest paths) into a buffer filled
 * with 'X' first; past the length returned, only the fill or NULs may be
 * there, never the tail of the longer host path the kernel wrote.
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "hostile.h"

int main(int argc, char **argv)
{
	char buf[4096];

	for (int i = 1; i < argc; i++) {
		ssize_t n;

		memset(buf, 'X', sizeof(buf));
		n = readlink(argv[i], buf, sizeof(buf));
		if (n < 0)
			setup_failed(argv[i]);
		for (size_t k = (size_t)n; k < sizeof(buf); k++) {
			if (buf[k] != 'X' && buf[k] != 0) {
				escaped("readlink %s: host bytes after %zd: %.20s",
					argv[i], n, buf + k);
				break;
			}
		}
		if (!hostile_escaped)
			held("readlink's buffer past its length", 0);
	}
	return hostile_done();
}
