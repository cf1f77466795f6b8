/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killclone [ROUNDS [TAG]]: a process that creates threads as fast as it can
 * is SIGKILLed at a random moment, ROUNDS times (default 200): the
 * monitor must notice every death, including a thread whose first stop
 * comes while its creator dies inside clone(), and still exit.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "hostile.h"

static void *idle(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

static void __attribute__((noreturn)) spawner(void)
{
	pthread_t t;

	for (;;)
		if (pthread_create(&t, NULL, idle, NULL) == 0)
			pthread_detach(t);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 200;
	unsigned int seed = (unsigned int)time(NULL) ^ (unsigned int)getpid();

	for (int i = 0; i < rounds; i++) {
		struct timespec ts = { 0, (long)(rand_r(&seed) % 3000) * 1000 };
		pid_t pid = fork();
		int status;

		if (pid < 0)
			setup_failed("fork");
		if (pid == 0)
			spawner();
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		if (waitpid(pid, &status, 0) != pid)
			setup_failed("waitpid");
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
			setup_failed("the spawner did not die of SIGKILL");
	}
	printf("%d spawners killed\n", rounds);
	return 0;
}
