# SPDX-License-Identifier: GPL-2.0-only
# fsview-programs.sh - real programs in an fsview view: make and cc build a
# small C project bound at /src of a --root tree made of host binds (it
# runs, knows it is in /src, rebuilds only what changed); git init, add,
# commit, rm, branch, checkout in a --cow layer over a repository bound at
# /repo: the lower tree stays byte for byte and stat for stat what it
# was, the upper holds the changes (whiteouts for deletions), and a
# second session sees them again; tar and cpio round trips and sh -c
# pipelines inside the view; a static binary in a root that holds
# nothing else (every stat entry point, fork and exec in the view).
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require tar cpio find sort sha256sum diff
t_init
need_fsview
view_root "$T/root"
mkdir -p root/src root/repo root/w proj w || hard_error "mkdir"
t_guard "$T/root" "$T/proj" "$T/w" "$T/lower" "$T/upper" "$T/sroot"

# make and cc on a project bound at /src.
if have make && have cc; then
	# Not the make that may run this test: its level and jobserver.
	unset MAKEFLAGS MAKELEVEL MFLAGS
	cat >proj/util.h <<'EOF'
int add(int a, int b);
const char *where(void);
EOF
	cat >proj/main.c <<'EOF'
#include <stdio.h>
#include "util.h"
int main(void) { printf("sum %d in %s\n", add(2, 3), where()); return 0; }
EOF
	cat >proj/util.c <<'EOF'
#include "util.h"
int add(int a, int b) { return a + b; }
EOF
	cat >proj/where.c <<'EOF'
#include <unistd.h>
#include "util.h"
static char buf[4096];
const char *where(void) { return getcwd(buf, sizeof(buf)) ? buf : "?"; }
EOF
	printf '%s\n' 'OBJS = main.o util.o where.o' '' 'hello: $(OBJS)' \
		'	cc -o $@ $(OBJS)' '' '%.o: %.c util.h' '	cc -O2 -c -o $@ $<' \
		'' 'clean:' '	rm -f hello $(OBJS)' >proj/Makefile
	fv 'cd /src; make; ./hello; make; sleep 1; touch util.c; make; ./hello' --bind "$T/proj:/src"
	check_out "make and cc build and run the project in /src" 0 \
		"cc -O2 -c -o main.o main.c
cc -O2 -c -o util.o util.c
cc -O2 -c -o where.o where.c
cc -o hello main.o util.o where.o
sum 5 in /src
make: 'hello' is up to date.
cc -O2 -c -o util.o util.c
cc -o hello main.o util.o where.o
sum 5 in /src"
	capture sh -c 'cd proj && ./hello && ls'
	check_out "the build is in the host's tree, and runs there" 0 "sum 5 in $T/proj
Makefile
hello
main.c
main.o
util.c
util.h
util.o
where.c
where.o"
	fv 'make -C /src clean; ls /src' --bind "$T/proj:/src"
	check_out "make -C /src clean" 0 "make: Entering directory '/src'
rm -f hello main.o util.o where.o
make: Leaving directory '/src'
Makefile
main.c
util.c
util.h
where.c"
else
	skip_part "make or cc is not installed"
fi

# git in a copy-on-write layer over a repository made beforehand.
if have git; then
	HOME=$T/home GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=uvmm GIT_COMMITTER_NAME=uvmm
	GIT_AUTHOR_EMAIL=uvmm-it@example.invalid GIT_COMMITTER_EMAIL=uvmm-it@example.invalid
	export HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_COMMITTER_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_EMAIL
	mkdir -p home lower/dir || hard_error "mkdir"
	echo one >lower/a
	echo two >lower/dir/b
	echo gone >lower/old
	(cd lower && git init -q && git symbolic-ref HEAD refs/heads/main &&
		git add . && git commit -q -m initial) >"$T/.lib/git" 2>&1 ||
		{ cat "$T/.lib/git"; hard_error "git init of the lower repo"; }
	state() {
		(cd "$T/lower" && find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2 &&
			find . -exec stat -c '%n %F %s %a %h %i %Y' {} + | LC_ALL=C sort &&
			ls -lAR --time-style=full-iso .)
	}
	lower_before=$(state)
	COW="--bind $T/lower:/repo --cow /repo=$T/upper"
	# shellcheck disable=SC2086
	fv 'export HOME=/tmp; cd /repo; git status --porcelain; echo changed > a; echo new > c; git rm -q old
git add a c; git commit -q -m second; git branch feature; git checkout -q feature
echo feat > dir/f; git add dir/f; git commit -q -m feat; git checkout -q main
ls; ls dir; git log --format=%s; git branch --format="%(refname:short)"; git status --porcelain; cat a
git init -q newrepo; git -C newrepo symbolic-ref HEAD; ls newrepo/.git/HEAD' $COW
	check_out "git status, add, commit, rm, branch, checkout, init in a --cow layer" 0 "a
c
dir
b
second
initial
feature
main
changed
refs/heads/master
newrepo/.git/HEAD"
	capture state
	check_out "the lower tree is byte for byte, stat for stat unchanged" 0 "$lower_before"
	capture sh -c 'cd upper && cat a c && ls -d .wh.old .git/refs/heads/feature newrepo/.git/HEAD; ls -d old dir/b 2>&1'
	check_out "the upper has the changed and new files, a whiteout for the removed one" 2 "changed
new
.git/refs/heads/feature
.wh.old
newrepo/.git/HEAD
ls: cannot access 'old': No such file or directory
ls: cannot access 'dir/b': No such file or directory"
	# shellcheck disable=SC2086
	fv 'export HOME=/tmp; cd /repo; ls; cat a; git status --porcelain; git log --format=%s feature
git fsck --no-progress 2>&1; git checkout -q feature; cat dir/f; git checkout -q main; ls dir' $COW
	check_out "a second session sees the commits, branch and files again" 0 "a
c
dir
newrepo
changed
?? newrepo/
feat
second
initial
feat
b"
	capture state
	check_out "the lower tree is still unchanged" 0 "$lower_before"
	# shellcheck disable=SC2086
	fv 'export HOME=/tmp; cd /repo; git log --format=%s; cat a; ls' --bind "$T/lower:/repo"
	check_out "without the layer, the repository is the old one" 0 "initial
one
a
dir
old"
else
	skip_part "git is not installed"
fi

# tar and cpio round trips inside the view.
fv 'mkdir -p /w/t/sub; echo hi > /w/t/a; echo there > /w/t/sub/b; ln -s a /w/t/lnk; chmod 750 /w/t/sub
tar -C /w -cf /w/t.tar t; tar -tf /w/t.tar | sort
mkdir /w/x; tar -C /w/x -xf /w/t.tar; diff -r /w/t /w/x/t && echo tar same; readlink /w/x/t/lnk; stat -c %a /w/x/t/sub
tar -cf - /w/t 2>/dev/null | tar -tf - | sort | head -n 2
cd /w; find t | sort | cpio -o -H newc --quiet > t.cpio; mkdir y; cd y; cpio -idm --quiet < ../t.cpio
diff -r ../t t && echo cpio same; cpio -it --quiet < ../t.cpio | sort | tr "\n" " "; echo' --bind "$T/w:/w"
check_out "tar and cpio out and in" 0 "t/
t/a
t/lnk
t/sub/
t/sub/b
tar same
a
750
w/t/
w/t/a
cpio same
t t/a t/lnk t/sub t/sub/b "
capture sh -c 'cat w/x/t/sub/b w/y/t/a; readlink w/y/t/lnk'
check_out "the extracted trees are in the host's tree" 0 "there
hi
a"

# Pipelines.
fv 'echo hello > /w/p
cat /w/p | tr a-z A-Z | cat
ls / | grep -c -x -e usr -e w -e proc
echo "cwd $(cd /w/t && pwd)"; (cd /w/t/sub && pwd) | sed s/sub/SUB/
find /w/t -type f | sort | xargs cat
printf "%s\n" /w/t/* | xargs -n1 basename | tr "\n" " "; echo
sh -c "cd /w && pwd && ls p" | cat
cat <<EOT | sh
cd /w/t; pwd; cat a
EOT' --bind "$T/w:/w"
check_out "sh -c pipelines, subshells, command substitution, xargs, here-docs" 0 "HELLO
3
cwd /w/t
/w/t/SUB
hi
there
a lnk sub 
/w
p
/w/t
hi"

# A static binary in a root that holds nothing else.
if have "${CC:-cc}" &&
	it_prog probe-static "$IT_SRC/probe.c" "$T/probe-static" -static; then
	mkdir -p sroot/d || hard_error "mkdir sroot"
	cp "$T/probe-static" sroot/probe-static || hard_error "cp probe-static"
	echo hi >sroot/hello
	chmod 644 sroot/hello
	capture uvmm --root "$T/sroot" -- /probe-static access /hello r access /etc/passwd f stat /hello \
		run /probe-static access /d x
	check_out "a static binary runs in a root with nothing else" 0 "access /hello r: ok
access /etc/passwd f: ENOENT
/hello: uid=$ME_UID gid=$ME_GID mode=100644 rdev=0,0 nlink=1
access /d x: ok
exited 0"
	capture uvmm --root "$T/sroot" --chdir /d -- sh -c true
	check_rc "there, sh is not found (127)" 127
else
	skip_part "cc -static cannot link (no static libc)"
fi

t_done
