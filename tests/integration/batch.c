// SPDX-License-Identifier: GPL-2.0
/*
 * batch protect|unprotect ID: read PDUs from stdin, one per line as
 * "srb|drb RB ul|dl COUNT HDR DATA" (HDR and DATA in hex, '-' for none),
 * send them all in ONE request through libenbkey and print one line per
 * PDU: the result in hex, or "error ERRNO". Exits 1 when the request as a
 * whole failed. For the batching scenarios of the integration tests.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libenbkey.h"

#define MAX_PDUS 64

static size_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned int b;

	if (!strcmp(s, "-"))
		return 0;
	for (; s[0] && s[1] && n < max; s += 2) {
		if (sscanf(s, "%2x", &b) != 1)
			break;
		out[n++] = b;
	}
	return n;
}

int main(int argc, char **argv)
{
	static uint8_t hdr[MAX_PDUS][16], data[MAX_PDUS][9100], out[MAX_PDUS][9200];
	struct enbkey_pdu pdus[MAX_PDUS] = {};
	char type[8], dir[8], h[40], d[18300];
	unsigned int rb, count;
	struct enbkey *e;
	size_t n = 0, i, j;
	int err;

	if (argc != 3)
		return 2;
	while (n < MAX_PDUS && scanf("%7s %u %7s %u %39s %18299s", type, &rb, dir, &count, h, d) == 6) {
		struct enbkey_pdu *p = &pdus[n];

		p->rb_type = strcmp(type, "drb") ? ENBKEY_RB_SRB : ENBKEY_RB_DRB;
		p->rb_id = rb;
		p->dir = strcmp(dir, "dl") ? ENBKEY_DIR_UL : ENBKEY_DIR_DL;
		p->count = count;
		p->hdr = hdr[n];
		p->hdr_len = unhex(h, hdr[n], sizeof(hdr[n]));
		p->data = data[n];
		p->data_len = unhex(d, data[n], sizeof(data[n]));
		p->out = out[n];
		p->out_size = sizeof(out[n]);
		n++;
	}
	e = enbkey_open();
	if (!e) {
		perror("batch: enbkey_open");
		return 2;
	}
	err = strcmp(argv[1], "protect") ?
	      enbkey_pdcp_unprotect(e, strtoul(argv[2], NULL, 0), pdus, n) :
	      enbkey_pdcp_protect(e, strtoul(argv[2], NULL, 0), pdus, n);
	if (err) {
		fprintf(stderr, "batch: %s\n", enbkey_strerror(e));
		enbkey_close(e);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (pdus[i].err) {
			printf("error %d\n", -pdus[i].err);
			continue;
		}
		for (j = 0; j < pdus[i].out_len; j++)
			printf("%02x", pdus[i].out[j]);
		printf("\n");
	}
	enbkey_close(e);
	return 0;
}
