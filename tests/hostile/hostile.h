/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hostile.h - shared by the hostile-guest programs: each tries one way out
 * of the monitor's sight and reports on stdout, one line per attempt,
 * "held <what>: <errno name>" or "ESCAPED <what>: <detail>".  Exit 0: all
 * held; 1: something escaped; 2: the program itself could not set up.
 */
#ifndef HOSTILE_H
#define HOSTILE_H 1

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hostile_escaped;

static inline void __attribute__((format(printf, 1, 2))) escaped(const char *fmt, ...)
{
	va_list ap;

	fputs("ESCAPED ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	hostile_escaped = 1;
}

/* A refused attempt: the errno it got, by name. */
static inline void held(const char *what, int err)
{
	printf("held %s: %s\n", what, err == 0 ? "0" :
	       strerrorname_np(err) ? strerrorname_np(err) : "?");
	fflush(stdout);
}

static inline void __attribute__((noreturn)) setup_failed(const char *what)
{
	printf("setup failed: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* Does @buf hold the secret marker the driver planted outside the view? */
static inline int has_secret(const char *buf)
{
	return strstr(buf, "SECRET-OUTSIDE") != NULL;
}

static inline int hostile_done(void)
{
	return hostile_escaped;
}

#endif /* HOSTILE_H */
