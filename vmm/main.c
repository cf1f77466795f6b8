/* SPDX-License-Identifier: GPL-2.0-only */
/* uvmm: run a command under the monitor, with the plugins its options enable. */
#include <errno.h>
#include <sched.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"

/* Usage errors: exit 2, as getopt-based tools do. */
#define EXIT_USAGE 2

enum { OPT_HELP = 'h', OPT_VERSION = 'V', OPT_CPUS = 128, OPT_BACKEND,
       OPT_STATS,
       OPT_PLUGIN_BASE = 256 };

struct opt_map {
	const struct uvmm_plugin *plugin;
	int key;
};

static void __attribute__((noreturn, format(printf, 1, 2)))
die_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("uvmm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'uvmm --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: uvmm [OPTION]... [--] COMMAND [ARG]...\n"
		"Run COMMAND under the uvmm monitor: the plugins that the options\n"
		"enable give it its own view of the system (identity, files...).\n"
		"It exits with COMMAND's status (128+N if signal N killed it).\n\n"
		"  -h, --help        print this help and exit\n"
		"  -V, --version     print the version and exit\n"
		"  --cpus=N|all      run the monitor and COMMAND on CPU N, or leave\n"
		"                    them to the scheduler (all, the default)\n"
		"  --backend=B       how emulated calls reach the monitor: notify\n"
		"                    (seccomp user notification), ptrace, or auto\n"
		"                    (default: notify where the kernel has it)\n"
		"  --stats[=FILE]    at the end, count the calls that reached the\n"
		"                    monitor, by notification and by ptrace stop\n"
		"                    (to standard error, or FILE)\n");
	for (const struct uvmm_plugin *const *pp = vmm_builtin_plugins; *pp;
	     pp++) {
		const struct uvmm_plugin *p = *pp;

		fprintf(f, "\n%s: %s\n", p->name, p->summary);
		for (const struct uvmm_option *o = p->options; o && o->name;
		     o++) {
			char lhs[64];

			if (o->arg == UVMM_OPT_ARG)
				snprintf(lhs, sizeof(lhs), "--%s=%s", o->name,
					 o->argname);
			else if (o->arg == UVMM_OPT_OPTARG)
				snprintf(lhs, sizeof(lhs), "--%s[=%s]", o->name,
					 o->argname);
			else
				snprintf(lhs, sizeof(lhs), "--%s", o->name);
			fprintf(f, "  %-26s %s\n", lhs, o->help);
		}
	}
	fprintf(f, "\nExit status: COMMAND's; 125 if uvmm itself failed, 126 if\n"
		"COMMAND cannot run, 127 if it was not found, 2 for usage errors.\n");
}

int main(int argc, char *argv[])
{
	static struct uvmm vmm;
	struct option longopts[128];
	struct opt_map map[128];
	bool cpus_set = false;
	size_t n = 0;
	int c, r;

	longopts[n++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	longopts[n++] = (struct option){ "version", no_argument, NULL,
					 OPT_VERSION };
	longopts[n++] = (struct option){ "cpus", required_argument, NULL,
					 OPT_CPUS };
	longopts[n++] = (struct option){ "backend", required_argument, NULL,
					 OPT_BACKEND };
	longopts[n++] = (struct option){ "stats", optional_argument, NULL,
					 OPT_STATS };
	for (const struct uvmm_plugin *const *pp = vmm_builtin_plugins; *pp;
	     pp++) {
		for (const struct uvmm_option *o = (*pp)->options; o && o->name;
		     o++) {
			if (n >= sizeof(longopts) / sizeof(longopts[0]) - 1)
				break;
			map[n] = (struct opt_map){ *pp, o->key };
			longopts[n] = (struct option){
				o->name,
				o->arg == UVMM_OPT_ARG ? required_argument :
				o->arg == UVMM_OPT_OPTARG ? optional_argument :
				no_argument,
				NULL, OPT_PLUGIN_BASE + (int)n };
			n++;
		}
	}
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };

	pthread_mutex_init(&vmm.lock, NULL);
	if (getenv("UVMM_BACKEND")) {
		/* The test suites run on each backend through this. */
		const char *b = getenv("UVMM_BACKEND");

		vmm.backend = !strcmp(b, "ptrace") ? VMM_BACKEND_PTRACE :
			      !strcmp(b, "notify") ? VMM_BACKEND_NOTIFY :
			      VMM_BACKEND_AUTO;
	}
	opterr = 0;
	/* '+': options end at COMMAND, whose own options are its own. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP:
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("uvmm %s\n", PACKAGE_VERSION);
			return 0;
		case OPT_CPUS:
			if (!strcmp(optarg, "all")) {
				vmm.cpu = -1;
			} else {
				char *end;
				long cpu = strtol(optarg, &end, 10);

				if (!*optarg || *end || cpu < 0 || cpu >= CPU_SETSIZE)
					die_usage("--cpus=%s: a CPU number or 'all'",
						  optarg);
				vmm.cpu = (int)cpu;
			}
			cpus_set = true;
			break;
		case OPT_BACKEND:
			if (!strcmp(optarg, "auto"))
				vmm.backend = VMM_BACKEND_AUTO;
			else if (!strcmp(optarg, "ptrace"))
				vmm.backend = VMM_BACKEND_PTRACE;
			else if (!strcmp(optarg, "notify"))
				vmm.backend = VMM_BACKEND_NOTIFY;
			else
				die_usage("--backend=%s: auto, notify or ptrace",
					  optarg);
			break;
		case OPT_STATS:
			if (vmm.stats && vmm.stats != stderr)
				fclose(vmm.stats);
			vmm.stats = optarg ? fopen(optarg, "we") : stderr;
			if (!vmm.stats)
				die_usage("--stats=%s: %s", optarg,
					  strerror(errno));
			break;
		case '?':
			if (optopt >= OPT_PLUGIN_BASE)
				die_usage("option '%s' needs an argument",
					  argv[optind - 1]);
			if (optopt)
				die_usage("invalid option -- '%c'", optopt);
			die_usage("unrecognized option '%s'", argv[optind - 1]);
		case ':':
			die_usage("option '%s' needs an argument",
				  argv[optind - 1]);
		default:
			if (c < OPT_PLUGIN_BASE)
				die_usage("unexpected option");
			vmm.current = map[c - OPT_PLUGIN_BASE].plugin;
			r = map[c - OPT_PLUGIN_BASE].plugin->option(
				&vmm, map[c - OPT_PLUGIN_BASE].key, optarg);
			vmm.current = NULL;
			if (r < 0)
				return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		die_usage("no command given");
	/*
	 * Unpinned by default: a notification round trip costs the same
	 * wherever the monitor's threads run, and a parallel build needs
	 * its CPUs.  --cpus=N puts everything on CPU N (a ptrace stop across
	 * the vCPUs of a virtual machine can cost 100 us).
	 */
	if (!cpus_set)
		vmm.cpu = -1;
	if (vmm.cpu >= 0) {
		cpu_set_t set;

		/*
		 * Every intercepted call is a round trip between the program
		 * and the monitor; across CPUs each wakeup costs tens of
		 * microseconds on virtual machines (the bench shows 15x), so
		 * by default both share one CPU.  Children inherit it.
		 */
		CPU_ZERO(&set);
		CPU_SET(vmm.cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set) < 0) {
			if (cpus_set) {
				fprintf(stderr, "uvmm: --cpus=%d: %s\n", vmm.cpu,
					strerror(errno));
				return EXIT_USAGE;
			}
		}
	}

	for (const struct uvmm_plugin *const *pp = vmm_builtin_plugins; *pp;
	     pp++) {
		vmm.current = *pp;
		r = (*pp)->init ? (*pp)->init(&vmm) : 0;
		vmm.current = NULL;
		if (r < 0)
			return 125;
		if (r > 0 && vmm_enable(&vmm, *pp) < 0)
			return 125;
	}
	vmm_emul_init();
	for (unsigned int i = 0; i < vmm.nplugins; i++)
		if (vmm.plugins[i].desc->flags & UVMM_PF_VIEW)
			vmm.view = true;
	if (vmm.stats) {
		vmm.counts = calloc(UTRACE_SYSCALL_NR_MAX, sizeof(*vmm.counts));
		if (!vmm.counts) {
			fprintf(stderr, "uvmm: --stats: %s\n", strerror(errno));
			return 125;
		}
	}
	r = vmm_run(&vmm, argv + optind);
	vmm_stats_print(&vmm);
	for (unsigned int i = 0; i < vmm.nplugins; i++)
		if (vmm.plugins[i].desc->fini)
			vmm.plugins[i].desc->fini(&vmm);
	return r;
}
