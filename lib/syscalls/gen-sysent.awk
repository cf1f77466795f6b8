# SPDX-License-Identifier: GPL-2.0-only
# Turns syscalls.tbl into C headers for one architecture; rejects bad tables.
#
# Usage: awk -v arch=x86_64 -v out=KIND -f gen-sysent.awk syscalls.tbl
#   out=sysent	  designated initializers of struct utrace_sysent, by number
#   out=sysnames  X-macro lines UT_SYSCALL(name, nr), by number
#   out=syscheck  #ifdef __NR_name checks against a system header, by number
# Kept to POSIX awk (Debian's default awk is mawk).

function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}

BEGIN {
	if (arch == "")
		arch = "x86_64"
	if (out != "sysent" && out != "sysnames" && out != "syscheck") {
		print "gen-sysent.awk: out must be sysent, sysnames or syscheck" \
			> "/dev/stderr"
		failed = 1
		exit 1
	}
	# Kinds that name a size argument, and the kinds that size may have.
	sized["buf_in"] = sized["buf_out"] = 1
	sized["sockaddr"] = sized["sockaddr_out"] = 1
	plain["int"] = plain["fd"] = plain["dirfd"] = plain["path"] = 1
	plain["str"] = plain["len"] = plain["lenp"] = plain["ptr"] = 1
	plain["oflags"] = plain["atflags"] = plain["mode"] = 1
	plain["uid"] = plain["gid"] = plain["dev"] = 1
	split("read access modify create delete rmdir unlinkat open exec chdir",
	      t, " ")
	for (i in t)
		use_ok[t[i]] = 1
	split("yes no unless if open", t, " ")
	for (i in t)
		follow_ok[t[i]] = 1
	maxnr = -1
	n = 0
}

{ sub(/#.*/, "") }
NF == 0 { next }

$1 == "%arches" {
	if (narches)
		fail("second %arches line")
	narches = NF - 1
	for (i = 2; i <= NF; i++)
		if ($i == arch)
			col = i
	if (!col)
		fail("arch " arch " is not in %arches")
	next
}

{
	if (!narches)
		fail("entry before the %arches line")
	name = $1
	if (name !~ /^[a-z_][a-z0-9_]*$/)
		fail("bad syscall name '" name "'")
	if (name in seen)
		fail("duplicate syscall name " name)
	seen[name] = 1
	if (NF < 1 + narches)
		fail(name ": missing number columns")
	nr = $col
	if (nr == "-")
		next
	if (nr !~ /^[0-9]+$/ || nr + 0 >= 512)
		fail(name ": bad " arch " number '" nr "'")
	nr += 0
	if (nr in byname)
		fail(name ": number " nr " already used by " byname[nr])
	byname[nr] = name

	nargs = NF - 1 - narches
	if (nargs > 6)
		fail(name ": more than 6 arguments")
	for (i = 0; i < 6; i++) {
		kind[nr, i] = "NONE"
		size[nr, i] = -1
	}
	used = ""
	npaths = 0
	dirfd = -1
	flags = -1
	for (i = 0; i < 2; i++)
		pslot[nr, i] = "{ -1, -1, -1, 0, 0 }"
	for (i = 0; i < nargs; i++) {
		f = $(2 + narches + i)
		k = f
		s = -1
		if (f ~ /^(oflags|atflags)$/ && flags < 0)
			flags = i
		if (f == "dirfd")
			dirfd = i
		if (f == "path")
			fail(name ": path needs its use: path=USE/FOLLOW")
		if (substr(f, 1, 5) == "path=") {
			k = "path"
			pu = substr(f, 6)
			pf = ""
			if (index(pu, "/")) {
				pf = substr(pu, index(pu, "/") + 1)
				pu = substr(pu, 1, index(pu, "/") - 1)
			}
			if (!(pu in use_ok))
				fail(name ": unknown path use '" pu "' in " f)
			if (!(pf in follow_ok))
				fail(name ": unknown follow rule '" pf "' in " f)
			if (npaths == 2)
				fail(name ": more than two paths")
			pdirfd[npaths] = dirfd
			parg[npaths] = i
			puse[npaths] = toupper(pu)
			pfollow[npaths] = toupper(pf)
			dirfd = -1
			npaths++
		} else if (index(f, ":")) {
			k = substr(f, 1, index(f, ":") - 1)
			s = substr(f, index(f, ":") + 1)
			if (!(k in sized))
				fail(name ": kind " k " takes no size index")
			if (s !~ /^[0-5]$/ || s + 0 >= nargs || s + 0 == i)
				fail(name ": bad size index in " f)
			s += 0
			sk = $(2 + narches + s)
			if (sk != "len" && sk != "lenp")
				fail(name ": arg " s " sizing " f " is " sk \
				     ", not len or lenp")
			if (index(used, " " s " "))
				fail(name ": arg " s " sizes two buffers")
			used = used " " s " "
		} else if (k in sized) {
			fail(name ": kind " k " needs a size index (" k ":N)")
		} else if (!(k in plain)) {
			fail(name ": unknown kind '" k "'")
		}
		kind[nr, i] = toupper(k)
		size[nr, i] = s
	}
	for (i = 0; i < nargs; i++) {
		k = $(2 + narches + i)
		if ((k == "len" || k == "lenp") && !index(used, " " i " "))
			fail(name ": arg " i " is " k " but sizes no buffer")
	}
	# The flags argument is the first path's (linkat's AT_SYMLINK_FOLLOW).
	for (i = 0; i < npaths; i++) {
		if ((pfollow[i] == "UNLESS" || pfollow[i] == "IF") &&
		    (i || flags < 0 || $(2 + narches + flags) != "atflags"))
			fail(name ": follow rule " tolower(pfollow[i]) \
			     " without an atflags argument for it")
		pslot[nr, i] = sprintf("{ %d, %d, %d, UTRACE_PATH_%s, " \
				       "UTRACE_FOLLOW_%s }", pdirfd[i], parg[i],
				       i ? -1 : flags, puse[i], pfollow[i])
	}
	argc[nr] = nargs
	if (nr > maxnr)
		maxnr = nr
	n++
}

END {
	if (failed)
		exit 1
	if (!n) {
		print "gen-sysent.awk: no syscalls for " arch > "/dev/stderr"
		exit 1
	}
	ARCH = toupper(arch)
	print "/* SPDX-License-Identifier: GPL-2.0-only */"
	if (out == "sysent") {
		print "/* " arch " syscall facts, generated from syscalls.tbl: " \
		      "edit that, not this. */"
		printf "#define UT_SYSENT_%s_COUNT %d\t/* Largest number + 1. */\n",
		       ARCH, maxnr + 1
		printf "#define UT_SYSENT_%s_NCALLS %d\t/* Entries. */\n", ARCH, n
	} else if (out == "sysnames") {
		print "/* X-macro list of the " arch " syscalls, generated " \
		      "from syscalls.tbl. */"
		print "/* Define UT_SYSCALL(name, nr) before including. */"
	} else {
		print "/* Checks of the " arch " table against the system's " \
		      "__NR_ macros, from syscalls.tbl. */"
		print "/* Define UT_CHECK_NR(name, nr, sysnr) and " \
		      "UT_UNKNOWN_NR(name, nr) first. */"
	}
	for (nr = 0; nr <= maxnr; nr++) {
		if (!(nr in byname))
			continue
		name = byname[nr]
		if (out == "sysnames") {
			printf "UT_SYSCALL(%s, %d)\n", name, nr
		} else if (out == "syscheck") {
			printf "#ifdef __NR_%s\nUT_CHECK_NR(%s, %d, __NR_%s)\n" \
			       "#else\nUT_UNKNOWN_NR(%s, %d)\n#endif\n",
			       name, name, nr, name, name, nr
		} else {
			kinds = sizes = ""
			for (i = 0; i < 6; i++) {
				kinds = kinds (i ? ", " : "") "UTRACE_ARG_" kind[nr, i]
				sizes = sizes (i ? ", " : "") size[nr, i]
			}
			printf "[%d] = { \"%s\", %d, %d,\n\t{ %s },\n\t{ %s },\n" \
			       "\t{ %s, %s } },\n",
			       nr, name, nr, argc[nr], kinds, sizes,
			       pslot[nr, 0], pslot[nr, 1]
		}
	}
}
