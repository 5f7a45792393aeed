// SPDX-License-Identifier: GPL-2.0
/*
 * pdcpref: the integration tests' own reference for PDCP protection and the
 * key chain, on OpenSSL (lteref.h) rather than the module's code. From the
 * KeNB the test installed it derives the AS keys (TS 33.401 A.7) and prints
 * the protected PDU the kernel must produce, or the UE must send (TS 36.323
 * 5.6, 5.7; 128-EEA2 and 128-EIA2 of TS 33.401 Annex B), as one line of
 * lowercase hex.
 *
 * pdcpref KENB EEA EIA UP_INTEGRITY srb|drb RB ul|dl COUNT HDR DATA [integrity-only|cipher-only]
 *   HDR and DATA in hex ('-' for none); UP_INTEGRITY 0 or 1.
 * pdcpref kenb-star KEY PCI EARFCN-DL   KeNB* from KeNB or NH (TS 33.401 A.5)
 * pdcpref s-kenb KENB SCG-COUNTER       S-KeNB (TS 33.401 A.15)
 * pdcpref shortmac KENB EIA CELL-ID PCI C-RNTI   shortMAC-I (TS 36.331 5.3.7.4)
 */
#include "lteref.h"

static size_t unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;

	if (!strcmp(s, "-"))
		return 0;
	if (strlen(s) % 2 || strlen(s) / 2 > max)
		lteref_die("bad hex");
	for (; *s; s += 2) {
		unsigned int b;

		if (sscanf(s, "%2x", &b) != 1)
			lteref_die("bad hex");
		out[n++] = b;
	}
	return n;
}

static void print_hex(const unsigned char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", b[i]);
	printf("\n");
}

static int key_chain(int argc, char **argv)
{
	unsigned char key[32], out[32];
	struct lteref_keys k;

	if (unhex(argv[2], key, sizeof(key)) != 32)
		lteref_die("key must be 32 octets");
	if (!strcmp(argv[1], "kenb-star") && argc == 5) {
		lteref_kenb_star(key, strtoul(argv[3], NULL, 0),
				 strtoul(argv[4], NULL, 0), out);
	} else if (!strcmp(argv[1], "s-kenb") && argc == 4) {
		lteref_s_kenb(key, strtoul(argv[3], NULL, 0), out);
	} else if (!strcmp(argv[1], "shortmac") && argc == 7) {
		lteref_as_keys(key, 0, atoi(argv[3]), false, &k);
		printf("%04x\n", lteref_short_mac(&k, strtoul(argv[4], NULL, 0),
						  strtoul(argv[5], NULL, 0),
						  strtoul(argv[6], NULL, 0)));
		return 0;
	} else {
		lteref_die("usage: pdcpref kenb-star KEY PCI EARFCN | s-kenb KENB COUNTER | shortmac KENB EIA CELL-ID PCI C-RNTI");
	}
	print_hex(out, sizeof(out));
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char pdu[10000], hdr[16], data[10000];
	unsigned char kenb[32];
	struct lteref_keys k;
	bool srb, mac, cipher;
	size_t hdr_len, len;

	if (argc > 1 && (!strcmp(argv[1], "kenb-star") ||
			 !strcmp(argv[1], "s-kenb") ||
			 !strcmp(argv[1], "shortmac")))
		return key_chain(argc, argv);
	if (argc < 11 || argc > 12)
		lteref_die("usage: pdcpref KENB EEA EIA UP_INTEGRITY srb|drb RB ul|dl COUNT HDR DATA [integrity-only|cipher-only]");
	if (unhex(argv[1], kenb, sizeof(kenb)) != 32)
		lteref_die("KeNB must be 32 octets");
	lteref_as_keys(kenb, atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), &k);
	srb = !strcmp(argv[5], "srb");
	hdr_len = unhex(argv[9], hdr, sizeof(hdr));
	len = unhex(argv[10], data, sizeof(data) - 4);
	cipher = !(argc == 12 && !strcmp(argv[11], "integrity-only"));
	mac = (srb || k.up_integrity) &&
	      !(argc == 12 && !strcmp(argv[11], "cipher-only"));
	print_hex(pdu, lteref_pdu(&k, srb, atoi(argv[6]), !strcmp(argv[7], "dl"),
				  strtoul(argv[8], NULL, 0), hdr, hdr_len, data,
				  len, mac, cipher, pdu));
	return 0;
}
