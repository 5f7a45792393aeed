// SPDX-License-Identifier: GPL-2.0
/*
 * runas UID GID[,GROUP...] PROG [ARGS...]: run PROG as UID with primary group
 * GID and the supplementary groups listed (none when only GID is given), and
 * without capabilities; for the permission matrix of the integration tests.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	gid_t groups[16];
	size_t n = 0;
	char *tok, *save;
	uid_t uid;

	if (argc < 4) {
		fprintf(stderr, "usage: runas UID GID[,GROUP...] PROG [ARGS...]\n");
		return 2;
	}
	uid = strtoul(argv[1], NULL, 10);
	for (tok = strtok_r(argv[2], ",", &save); tok && n < 16; tok = strtok_r(NULL, ",", &save))
		groups[n++] = strtoul(tok, NULL, 10);
	/* Dropping root for another uid clears every capability set. */
	if (setgroups(n - 1, groups + 1) || setresgid(groups[0], groups[0], groups[0]) ||
	    setresuid(uid, uid, uid)) {
		perror("runas");
		return 2;
	}
	execvp(argv[3], argv + 3);
	perror("runas: exec");
	return 127;
}
