/* SPDX-License-Identifier: GPL-2.0-only */
/* uvmm: run a command under the monitor, with the plugins its options enable. */
#include <errno.h>
#include <sched.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>

#include "vmm.h"

/* Usage errors are uvmm's own failures: 125, as env(1) says them. */
#define EXIT_USAGE 125

enum { OPT_HELP = 'h', OPT_VERSION = 'V', OPT_CPUS = 128, OPT_BACKEND,
       OPT_STATS, OPT_SETENV, OPT_UNSETENV, OPT_CLEARENV,
       OPT_DIE_WITH_PARENT, OPT_KILL_ON_EXIT,
       OPT_PLUGIN_BASE = 256 };

struct opt_map {
	const struct uvmm_plugin *plugin;
	const struct uvmm_option *opt;
};

/*
 * --setenv, --unsetenv, --clearenv: the command's environment, changed in
 * the order given once the plugins have read the monitor's (TMPDIR...).
 */
struct env_op {
	int op;
	const char *name, *value;
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
		"  --backend=B       how emulated calls reach the monitor: kmod\n"
		"                    (/dev/uvmm, the uvmm.ko module), notify\n"
		"                    (seccomp user notification), ptrace, or auto\n"
		"                    (default: kmod if /dev/uvmm is there, else\n"
		"                    notify where the kernel has it)\n"
		"  --stats[=FILE]    at the end, count the calls that reached the\n"
		"                    monitor, by notification and by ptrace stop\n"
		"                    (to standard error, or FILE)\n"
		"  --setenv VAR VALUE, --unsetenv VAR, --clearenv\n"
		"                    change the command's environment, in order\n"
		"  --die-with-parent uvmm, and so the command, end when the process\n"
		"                    that started uvmm does (SIGKILL)\n"
		"  --kill-on-exit    when COMMAND ends, kill what it left running\n"
		"                    (by default uvmm waits for all of it)\n"
		"\nWith no COMMAND, the shell ($SHELL, else /bin/sh) runs, if an\n"
		"option gave the session something to do.\n");
	for (const struct uvmm_plugin *const *pp = vmm_builtin_plugins; *pp;
	     pp++) {
		const struct uvmm_plugin *p = *pp;

		fprintf(f, "\n%s: %s\n", p->name, p->summary);
		for (const struct uvmm_option *o = p->options; o && o->name;
		     o++) {
			char lhs[64];

			if (o->arg == UVMM_OPT_ARG || o->arg == UVMM_OPT_ARG12)
				snprintf(lhs, sizeof(lhs), "--%s=%s", o->name,
					 o->argname);
			else if (o->arg == UVMM_OPT_ARG2)
				snprintf(lhs, sizeof(lhs), "--%s %s", o->name,
					 o->argname);
			else if (o->arg == UVMM_OPT_OPTARG)
				snprintf(lhs, sizeof(lhs), "--%s[=%s]", o->name,
					 o->argname);
			else
				snprintf(lhs, sizeof(lhs), "--%s", o->name);
			fprintf(f, "  %-26s %s\n", lhs, o->help);
		}
	}
	fprintf(f, "\nOptions taking SRC and DEST (--bind...) take them as one word,\n"
		"--bind=SRC[:DEST] or --bind SRC:DEST, or as two, --bind SRC DEST\n"
		"(bwrap's form), when DEST is absolute and SRC has no ':'.\n"
		"\nExit status: COMMAND's; 125 if uvmm itself failed or was used\n"
		"wrongly, 126 if COMMAND cannot run, 127 if it was not found.\n");
}

int main(int argc, char *argv[])
{
	static struct uvmm vmm;
	struct option longopts[128];
	struct opt_map map[128];
	struct env_op *envops = NULL;
	size_t nenvops = 0;
	unsigned int nerrors;
	char *shell[2];
	bool cpus_set = false, plugin_opts = false;
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
	longopts[n++] = (struct option){ "setenv", required_argument, NULL,
					 OPT_SETENV };
	longopts[n++] = (struct option){ "unsetenv", required_argument, NULL,
					 OPT_UNSETENV };
	longopts[n++] = (struct option){ "clearenv", no_argument, NULL,
					 OPT_CLEARENV };
	longopts[n++] = (struct option){ "die-with-parent", no_argument, NULL,
					 OPT_DIE_WITH_PARENT };
	longopts[n++] = (struct option){ "kill-on-exit", no_argument, NULL,
					 OPT_KILL_ON_EXIT };
	for (const struct uvmm_plugin *const *pp = vmm_builtin_plugins; *pp;
	     pp++) {
		for (const struct uvmm_option *o = (*pp)->options; o && o->name;
		     o++) {
			if (n >= sizeof(longopts) / sizeof(longopts[0]) - 1)
				break;
			map[n] = (struct opt_map){ *pp, o };
			longopts[n] = (struct option){
				o->name,
				o->arg == UVMM_OPT_ARG ||
				o->arg == UVMM_OPT_ARG2 ||
				o->arg == UVMM_OPT_ARG12 ? required_argument :
				o->arg == UVMM_OPT_OPTARG ? optional_argument :
				no_argument,
				NULL, OPT_PLUGIN_BASE + (int)n };
			n++;
		}
	}
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };

	pthread_mutex_init(&vmm.lock, NULL);
	r = vmm_states_init(&vmm);
	if (r < 0) {
		fprintf(stderr, "uvmm: plugin instances: %s\n", strerror(-r));
		return 125;
	}
	if (getenv("UVMM_BACKEND")) {
		/* The test suites run on each backend through this. */
		const char *b = getenv("UVMM_BACKEND");

		vmm.backend = !strcmp(b, "ptrace") ? VMM_BACKEND_PTRACE :
			      !strcmp(b, "notify") ? VMM_BACKEND_NOTIFY :
			      !strcmp(b, "kmod") ? VMM_BACKEND_KMOD :
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
			else if (!strcmp(optarg, "kmod"))
				vmm.backend = VMM_BACKEND_KMOD;
			else
				die_usage("--backend=%s: auto, kmod, notify or "
					  "ptrace", optarg);
			break;
		case OPT_STATS:
			if (vmm.stats && vmm.stats != stderr)
				fclose(vmm.stats);
			vmm.stats = optarg ? fopen(optarg, "we") : stderr;
			if (!vmm.stats)
				die_usage("--stats=%s: %s", optarg,
					  strerror(errno));
			break;
		case OPT_SETENV:
		case OPT_UNSETENV:
		case OPT_CLEARENV: {
			struct env_op *ne = realloc(envops, (nenvops + 1) *
							     sizeof(*ne));

			if (!ne)
				die_usage("%s", strerror(ENOMEM));
			envops = ne;
			ne[nenvops] = (struct env_op){ c, optarg, NULL };
			if (c == OPT_SETENV) {
				if (optind >= argc)
					die_usage("--setenv needs VAR and VALUE");
				ne[nenvops].value = argv[optind++];
			}
			if (optarg && (!*optarg || strchr(optarg, '=')))
				die_usage("--%s: '%s' is not a variable name",
					  c == OPT_SETENV ? "setenv" :
					  "unsetenv", optarg);
			nenvops++;
			break;
		}
		case OPT_KILL_ON_EXIT:
			vmm.kill_on_exit = true;
			break;
		case OPT_DIE_WITH_PARENT:
			/*
			 * The monitor dies with the parent, and every guest
			 * with the monitor.  The parent may be gone already.
			 */
			if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 ||
			    getppid() == 1)
				return EXIT_USAGE;
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
			plugin_opts = true;
			vmm.optarg2 = NULL;
			switch (map[c - OPT_PLUGIN_BASE].opt->arg) {
			case UVMM_OPT_ARG2:
				if (optind >= argc)
					die_usage("--%s needs %s",
						  map[c - OPT_PLUGIN_BASE].opt->name,
						  map[c - OPT_PLUGIN_BASE].opt->argname);
				vmm.optarg2 = argv[optind++];
				break;
			case UVMM_OPT_ARG12:
				/* A word of its own (not --opt=A), then B. */
				if (optarg == argv[optind - 1] &&
				    !strchr(optarg, ':') && optind < argc &&
				    argv[optind][0] == '/')
					vmm.optarg2 = argv[optind++];
				break;
			default:
				break;
			}
			vmm.current = map[c - OPT_PLUGIN_BASE].plugin;
			r = map[c - OPT_PLUGIN_BASE].plugin->option(
				&vmm, map[c - OPT_PLUGIN_BASE].opt->key, optarg);
			vmm.current = NULL;
			vmm.optarg2 = NULL;
			if (r < 0)
				return EXIT_USAGE;
		}
	}
	if (optind >= argc && !plugin_opts)
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
		vmm.init_calls = vmm.init_emulate = NULL;
		vmm.init_watch = NULL;
		vmm.init_values = NULL;
		r = (*pp)->init ? (*pp)->init(&vmm) : 0;
		vmm.current = NULL;
		if (r < 0)
			return 125;
		if (r > 0 && vmm_enable(&vmm, *pp) < 0)
			return 125;
		vmm.init_calls = vmm.init_emulate = NULL;
		vmm.init_watch = NULL;
		vmm.init_values = NULL;
	}
	vmm_emul_init();
	/* A view that only watched processes use makes no session a view. */
	for (unsigned int i = 0; i < vmm.nplugins; i++)
		if ((vmm.plugins[i].desc->flags & UVMM_PF_VIEW) &&
		    !vmm.view_sets)
			vmm.view = true;
	if (vmm.stats) {
		vmm.counts = calloc(UTRACE_SYSCALL_NR_MAX, sizeof(*vmm.counts));
		if (!vmm.counts) {
			fprintf(stderr, "uvmm: --stats: %s\n", strerror(errno));
			return 125;
		}
	}
	for (size_t i = 0; i < nenvops; i++) {
		if (envops[i].op == OPT_CLEARENV)
			clearenv();
		else if (envops[i].op == OPT_UNSETENV)
			unsetenv(envops[i].name);
		else
			setenv(envops[i].name, envops[i].value, 1);
	}
	free(envops);
	if (optind >= argc) {
		/* As fakeroot and proot do: the user's shell. */
		const char *sh = getenv("SHELL");

		shell[0] = (char *)(sh && *sh ? sh : "/bin/sh");
		shell[1] = NULL;
		r = vmm_run(&vmm, shell);
	} else {
		r = vmm_run(&vmm, argv + optind);
	}
	vmm_stats_print(&vmm);
	nerrors = vmm.nerrors;
	/* Enabled or not: options may have left something in the instance. */
	for (const struct uvmm_plugin *const *pp = vmm_builtin_plugins; *pp;
	     pp++)
		if ((*pp)->fini)
			(*pp)->fini(&vmm);
	vmm_states_free(&vmm);
	/* What the session made and could not keep (an export) is a failure. */
	if (vmm.nerrors > nerrors && r == 0)
		r = 125;
	return r;
}
