// SPDX-License-Identifier: GPL-2.0
/*
 * pdcpref: the integration tests' own reference for PDCP protection, on
 * OpenSSL rather than the module's code. From the KeNB the test installed
 * it derives the AS keys (TS 33.401 A.7) and prints the protected PDU the
 * kernel must produce (TS 36.323 5.6, 5.7; 128-EEA2 and 128-EIA2 of
 * TS 33.401 Annex B), as one line of lowercase hex.
 *
 * pdcpref KENB EEA EIA UP_INTEGRITY srb|drb RB ul|dl COUNT HDR DATA [integrity-only|cipher-only]
 *   HDR and DATA in hex ('-' for none); UP_INTEGRITY 0 or 1.
 * pdcpref kenb-star KEY PCI EARFCN-DL   KeNB* from KeNB or NH (TS 33.401 A.5)
 * pdcpref s-kenb KENB SCG-COUNTER       S-KeNB (TS 33.401 A.15)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

static void die(const char *what)
{
	fprintf(stderr, "pdcpref: %s\n", what);
	exit(2);
}

static size_t unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;

	if (!strcmp(s, "-"))
		return 0;
	if (strlen(s) % 2 || strlen(s) / 2 > max)
		die("bad hex");
	for (; *s; s += 2) {
		unsigned int b;

		if (sscanf(s, "%2x", &b) != 1)
			die("bad hex");
		out[n++] = b;
	}
	return n;
}

/* TS 33.401 A.7 */
static void alg_key(const unsigned char kenb[32], int type, int alg, unsigned char key[16])
{
	unsigned char s[7] = { 0x15, type, 0x00, 0x01, alg, 0x00, 0x01 }, out[32];
	unsigned int len;

	if (!HMAC(EVP_sha256(), kenb, 32, s, sizeof(s), out, &len))
		die("HMAC failed");
	memcpy(key, out + 16, 16);
}

static void iv_block(unsigned char iv[16], unsigned int count, int bearer, int dir)
{
	memset(iv, 0, 16);
	iv[0] = count >> 24;
	iv[1] = count >> 16;
	iv[2] = count >> 8;
	iv[3] = count;
	iv[4] = bearer << 3 | dir << 2;
}

/* 128-EEA2, TS 33.401 B.1.3 */
static void eea2(const unsigned char key[16], unsigned int count, int bearer, int dir,
		 unsigned char *data, int len)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	unsigned char iv[16];
	int out;

	iv_block(iv, count, bearer, dir);
	if (!ctx || !EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, key, iv) ||
	    !EVP_EncryptUpdate(ctx, data, &out, data, len))
		die("AES-CTR failed");
	EVP_CIPHER_CTX_free(ctx);
}

/* 128-EIA2, TS 33.401 B.2.3: first 32 bits of AES-CMAC over IV[0..7] || msg */
static void eia2(const unsigned char key[16], unsigned int count, int bearer, int dir,
		 const unsigned char *msg, size_t len, unsigned char mac[4])
{
	EVP_MAC *m = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *ctx = m ? EVP_MAC_CTX_new(m) : NULL;
	char cipher[] = "AES-128-CBC";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0),
		OSSL_PARAM_construct_end(),
	};
	unsigned char iv[16], out[16];
	size_t outl;

	iv_block(iv, count, bearer, dir);
	if (!ctx || !EVP_MAC_init(ctx, key, 16, params) || !EVP_MAC_update(ctx, iv, 8) ||
	    !EVP_MAC_update(ctx, msg, len) || !EVP_MAC_final(ctx, out, &outl, sizeof(out)))
		die("AES-CMAC failed");
	memcpy(mac, out, 4);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(m);
}

static void print_hex(const unsigned char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", b[i]);
	printf("\n");
}

/* KDF of TS 33.220 B.2: HMAC-SHA-256(key, S), S assembled by the caller */
static void kdf(const unsigned char key[32], const unsigned char *s, size_t len)
{
	unsigned char out[32];
	unsigned int outl;

	if (!HMAC(EVP_sha256(), key, 32, s, len, out, &outl))
		die("HMAC failed");
	print_hex(out, sizeof(out));
}

static int key_chain(int argc, char **argv)
{
	unsigned char key[32], s[16];
	unsigned long a, b;
	size_t n = 0;

	if (unhex(argv[2], key, sizeof(key)) != 32)
		die("key must be 32 octets");
	a = strtoul(argv[3], NULL, 0);
	if (!strcmp(argv[1], "kenb-star") && argc == 5) {
		b = strtoul(argv[4], NULL, 0);
		/* FC 0x13, PCI (2 octets), EARFCN-DL (2 octets up to 65535, else 3) */
		s[n++] = 0x13;
		s[n++] = a >> 8;
		s[n++] = a;
		s[n++] = 0;
		s[n++] = 2;
		if (b > 65535)
			s[n++] = b >> 16;
		s[n++] = b >> 8;
		s[n++] = b;
		s[n++] = 0;
		s[n++] = b > 65535 ? 3 : 2;
	} else if (!strcmp(argv[1], "s-kenb") && argc == 4) {
		s[n++] = 0x1c;
		s[n++] = a >> 8;
		s[n++] = a;
		s[n++] = 0;
		s[n++] = 2;
	} else {
		die("usage: pdcpref kenb-star KEY PCI EARFCN | s-kenb KENB COUNTER");
	}
	kdf(key, s, n);
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char pdu[10000];
	unsigned char kenb[32], enc[16], integ[16];
	bool srb, mac, cipher;
	unsigned int count;
	int eea, eia, up, rb, dir, bearer;
	size_t hdr_len, len;

	if (argc > 1 && (!strcmp(argv[1], "kenb-star") || !strcmp(argv[1], "s-kenb")))
		return key_chain(argc, argv);
	if (argc < 11 || argc > 12)
		die("usage: pdcpref KENB EEA EIA UP_INTEGRITY srb|drb RB ul|dl COUNT HDR DATA [integrity-only|cipher-only]");
	if (unhex(argv[1], kenb, sizeof(kenb)) != 32)
		die("KeNB must be 32 octets");
	eea = atoi(argv[2]);
	eia = atoi(argv[3]);
	up = atoi(argv[4]);
	srb = !strcmp(argv[5], "srb");
	rb = atoi(argv[6]);
	dir = !strcmp(argv[7], "dl");
	count = strtoul(argv[8], NULL, 0);
	hdr_len = unhex(argv[9], pdu, 16);
	len = unhex(argv[10], pdu + hdr_len, sizeof(pdu) - hdr_len - 4);
	bearer = rb - 1;

	/* TS 33.401 A.7 type distinguishers: 3 RRC-enc, 4 RRC-int, 5 UP-enc, 6 UP-int */
	alg_key(kenb, srb ? 3 : 5, eea, enc);
	alg_key(kenb, srb ? 4 : 6, eia, integ);
	cipher = !(argc == 12 && !strcmp(argv[11], "integrity-only"));
	mac = (srb || up) && !(argc == 12 && !strcmp(argv[11], "cipher-only"));

	if (mac) {
		if (eia == 2)
			eia2(integ, count, bearer, dir, pdu, hdr_len + len, pdu + hdr_len + len);
		else
			memset(pdu + hdr_len + len, 0, 4);
		len += 4;
	}
	if (cipher && eea == 2)
		eea2(enc, count, bearer, dir, pdu + hdr_len, len);
	print_hex(pdu, hdr_len + len);
	return 0;
}
