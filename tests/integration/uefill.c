// SPDX-License-Identifier: GPL-2.0
/*
 * uefill add|del FIRST N: in one process, add N UEs with ids FIRST..,
 * each with a KeNB of its own, EEA2/EIA2 and one protected DRB PDU (so
 * that it holds a key set and COUNT state), or delete them. Prints how
 * many it did; exits 1 at the first failure, with its message. For the
 * memory-accounting scenarios, where a process per command would be slow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libenbkey.h"

int main(int argc, char **argv)
{
	static const uint8_t data[] = { 0x45, 0, 0, 0x1c, 1, 2, 3, 4 };
	uint8_t kenb[ENBKEY_KENB_LEN], out[64];
	uint32_t first, n, i;
	struct enbkey *h;
	bool add;
	int ret = 0;

	if (argc != 4 || (strcmp(argv[1], "add") && strcmp(argv[1], "del"))) {
		fprintf(stderr, "usage: uefill add|del FIRST N\n");
		return 2;
	}
	add = !strcmp(argv[1], "add");
	first = strtoul(argv[2], NULL, 0);
	n = strtoul(argv[3], NULL, 0);
	h = enbkey_open();
	if (!h) {
		perror("uefill");
		return 2;
	}
	for (i = 0; i < n && !ret; i++) {
		struct enbkey_pdu pdu = {
			.rb_type = ENBKEY_RB_DRB, .rb_id = 1, .dir = ENBKEY_DIR_DL,
			.data = data, .data_len = sizeof(data),
			.out = out, .out_size = sizeof(out),
		};

		if (!add) {
			ret = enbkey_ue_del(h, first + i);
			continue;
		}
		memset(kenb, 0, sizeof(kenb));
		memcpy(kenb, &i, sizeof(i));
		kenb[31] = 0xa5;
		ret = enbkey_ue_add(h, first + i);
		if (!ret)
			ret = enbkey_key_set(h, first + i, kenb, sizeof(kenb), -1);
		if (!ret)
			ret = enbkey_sec_set(h, first + i, 2, 2, false);
		if (!ret)
			ret = enbkey_pdcp_protect(h, first + i, &pdu, 1);
	}
	printf("%u\n", ret ? i - 1 : i);
	if (ret)
		fprintf(stderr, "uefill: %s\n", enbkey_strerror(h));
	enbkey_close(h);
	return ret ? 1 : 0;
}
