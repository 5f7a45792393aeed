/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lteref: the integration tests' own reference of the LTE key hierarchy
 * and PDCP protection, on OpenSSL rather than the module's code, written
 * from TS 33.220 B.2, TS 33.401 Annex A and B, TS 36.323 and TS 36.331;
 * SNOW 3G and ZUC (128-EEA1/EIA1, 128-EEA3/EIA3) come from Intel's
 * libipsec-mb, not from kmod/crypto/. Header-only, for pdcpref and seqtest.
 * Every function exits with status 2 if a library fails.
 */
#ifndef LTEREF_H
#define LTEREF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <intel-ipsec-mb.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

/* Every flag of enum enbkey_pdu_flag (linux/enbkey.h): what the kernel accepts. */
#define __ENBKEY_PDU_F_ALL \
	(ENBKEY_PDU_F_INTEGRITY_ONLY | ENBKEY_PDU_F_CIPHER_ONLY)

static inline void lteref_die(const char *what)
{
	fprintf(stderr, "lteref: %s\n", what);
	exit(2);
}

/* TS 33.220 B.2: HMAC-SHA-256(key, S), S assembled by the caller */
static inline void lteref_kdf(const uint8_t key[32], const uint8_t *s,
			      size_t len, uint8_t out[32])
{
	unsigned int outl;

	if (!HMAC(EVP_sha256(), key, 32, s, len, out, &outl) || outl != 32)
		lteref_die("HMAC failed");
}

/* TS 33.401 A.7: type 3 RRC-enc, 4 RRC-int, 5 UP-enc, 6 UP-int */
static inline void lteref_alg_key(const uint8_t kenb[32], int type, int alg,
				  uint8_t key[16])
{
	uint8_t s[7] = { 0x15, type, 0x00, 0x01, alg, 0x00, 0x01 }, out[32];

	lteref_kdf(kenb, s, sizeof(s), out);
	memcpy(key, out + 16, 16);
}

/* TS 33.401 A.5: FC 0x13, PCI (2 octets), EARFCN-DL (2 octets, or 3 above 65535) */
static inline void lteref_kenb_star(const uint8_t key[32], unsigned int pci,
				    unsigned long earfcn, uint8_t out[32])
{
	uint8_t s[16];
	size_t n = 0;

	s[n++] = 0x13;
	s[n++] = pci >> 8;
	s[n++] = pci;
	s[n++] = 0;
	s[n++] = 2;
	if (earfcn > 65535)
		s[n++] = earfcn >> 16;
	s[n++] = earfcn >> 8;
	s[n++] = earfcn;
	s[n++] = 0;
	s[n++] = earfcn > 65535 ? 3 : 2;
	lteref_kdf(key, s, n, out);
}

/* TS 33.401 A.15: FC 0x1C, SCG Counter (2 octets) */
static inline void lteref_s_kenb(const uint8_t kenb[32], unsigned int counter,
				 uint8_t out[32])
{
	uint8_t s[5] = { 0x1c, counter >> 8, counter, 0, 2 };

	lteref_kdf(kenb, s, sizeof(s), out);
}

static inline void lteref_iv(uint8_t iv[16], uint32_t count, int bearer, int dir)
{
	memset(iv, 0, 16);
	iv[0] = count >> 24;
	iv[1] = count >> 16;
	iv[2] = count >> 8;
	iv[3] = count;
	iv[4] = bearer << 3 | dir << 2;
}

/* 128-EEA2, TS 33.401 B.1.3: AES-CTR from COUNT || BEARER || DIRECTION || 0 */
static inline void lteref_eea2(const uint8_t key[16], uint32_t count, int bearer,
			       int dir, uint8_t *data, size_t len)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t iv[16];
	int out;

	lteref_iv(iv, count, bearer, dir);
	if (!ctx || !EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, key, iv) ||
	    !EVP_EncryptUpdate(ctx, data, &out, data, len))
		lteref_die("AES-CTR failed");
	EVP_CIPHER_CTX_free(ctx);
}

/* 128-EIA2, TS 33.401 B.2.3: first 32 bits of AES-CMAC over IV[0..7] || msg */
static inline void lteref_eia2(const uint8_t key[16], uint32_t count, int bearer,
			       int dir, const uint8_t *msg, size_t len,
			       uint8_t mac[4])
{
	EVP_MAC *m = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *ctx = m ? EVP_MAC_CTX_new(m) : NULL;
	char cipher[] = "AES-128-CBC";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0),
		OSSL_PARAM_construct_end(),
	};
	uint8_t iv[16], out[16];
	size_t outl;

	lteref_iv(iv, count, bearer, dir);
	if (!ctx || !EVP_MAC_init(ctx, key, 16, params) ||
	    !EVP_MAC_update(ctx, iv, 8) || (len && !EVP_MAC_update(ctx, msg, len)) ||
	    !EVP_MAC_final(ctx, out, &outl, sizeof(out)))
		lteref_die("AES-CMAC failed");
	memcpy(mac, out, 4);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(m);
}

static inline IMB_MGR *lteref_imb(void)
{
	static IMB_MGR *mgr;

	if (!mgr) {
		mgr = alloc_mb_mgr(0);
		if (!mgr)
			lteref_die("libipsec-mb: no manager");
		init_mb_mgr_auto(mgr, NULL);
		if (imb_get_errno(mgr))
			lteref_die("libipsec-mb: init failed");
	}
	return mgr;
}

/* TS 33.401 B.1: EEA@eea over @len octets of @data, in place; EEA0 none */
static inline void lteref_cipher(int eea, const uint8_t key[16], uint32_t count,
				 int bearer, int dir, uint8_t *data, size_t len)
{
	snow3g_key_schedule_t ks;
	uint8_t iv[16];

	if (!len)
		return;
	switch (eea) {
	case 1:	/* B.1.2: UEA2 with the 5-bit BEARER */
		if (snow3g_f8_iv_gen(count, bearer, dir, iv) ||
		    IMB_SNOW3G_INIT_KEY_SCHED(lteref_imb(), key, &ks))
			lteref_die("libipsec-mb: SNOW 3G");
		IMB_SNOW3G_F8_1_BUFFER(lteref_imb(), &ks, iv, data, data, len);
		break;
	case 2:
		lteref_eea2(key, count, bearer, dir, data, len);
		break;
	case 3:	/* B.1.4 */
		if (zuc_eea3_iv_gen(count, bearer, dir, iv))
			lteref_die("libipsec-mb: ZUC IV");
		IMB_ZUC_EEA3_1_BUFFER(lteref_imb(), key, iv, data, data, len);
		break;
	}
}

/* TS 33.401 B.2: MAC-I of EIA@eia over @len octets; EIA0 gives zero */
static inline void lteref_mac(int eia, const uint8_t key[16], uint32_t count,
			      int bearer, int dir, const uint8_t *msg,
			      size_t len, uint8_t mac[4])
{
	snow3g_key_schedule_t ks;
	uint8_t iv[16];

	memset(mac, 0, 4);
	switch (eia) {
	case 1:	/* B.2.2: UIA2 with FRESH = BEARER || 0^27 */
		if (snow3g_f9_iv_gen(count, (uint32_t)bearer << 27, dir, iv) ||
		    IMB_SNOW3G_INIT_KEY_SCHED(lteref_imb(), key, &ks))
			lteref_die("libipsec-mb: SNOW 3G");
		IMB_SNOW3G_F9_1_BUFFER(lteref_imb(), &ks, iv, msg, len * 8, mac);
		break;
	case 2:
		lteref_eia2(key, count, bearer, dir, msg, len, mac);
		break;
	case 3:	/* B.2.4 */
		if (zuc_eia3_iv_gen(count, bearer, dir, iv))
			lteref_die("libipsec-mb: ZUC IV");
		IMB_ZUC_EIA3_1_BUFFER(lteref_imb(), key, iv, msg, len * 8,
				      (uint32_t *)mac);
		break;
	}
}

/* The four AS keys of a KeNB and algorithms, TS 33.401 A.7 */
struct lteref_keys {
	uint8_t rrc_enc[16], rrc_int[16], up_enc[16], up_int[16];
	int eea, eia;
	bool up_integrity;
};

static inline void lteref_as_keys(const uint8_t kenb[32], int eea, int eia,
				  bool up_integrity, struct lteref_keys *k)
{
	lteref_alg_key(kenb, 3, eea, k->rrc_enc);
	lteref_alg_key(kenb, 4, eia, k->rrc_int);
	lteref_alg_key(kenb, 5, eea, k->up_enc);
	lteref_alg_key(kenb, 6, eia, k->up_int);
	k->eea = eea;
	k->eia = eia;
	k->up_integrity = up_integrity;
}

/*
 * TS 36.323 5.6, 5.7: HDR || EEA(DATA || MAC-I) into @pdu, MAC-I over
 * HDR || DATA when @mac, ciphered when @cipher; returns the length. BEARER
 * is RB identity - 1, DIRECTION 0 uplink, 1 downlink.
 */
static inline size_t lteref_pdu(const struct lteref_keys *k, bool srb, int rb,
				int dir, uint32_t count, const uint8_t *hdr,
				size_t hdr_len, const uint8_t *data,
				size_t len, bool mac, bool cipher, uint8_t *pdu)
{
	memcpy(pdu, hdr, hdr_len);
	memcpy(pdu + hdr_len, data, len);
	if (mac) {
		lteref_mac(k->eia, srb ? k->rrc_int : k->up_int, count, rb - 1,
			   dir, pdu, hdr_len + len, pdu + hdr_len + len);
		len += 4;
	}
	if (cipher)
		lteref_cipher(k->eea, srb ? k->rrc_enc : k->up_enc, count,
			      rb - 1, dir, pdu + hdr_len, len);
	return hdr_len + len;
}

/*
 * TS 36.331 5.3.7.4: the 16 least significant bits of the MAC-I over
 * VarShortMAC-Input (UPER: cellIdentity 28 bits, physCellId 0..503 in 9
 * bits, c-RNTI 16 bits, zero padding to 7 octets), with KRRCint, COUNT,
 * BEARER and DIRECTION all ones.
 */
static inline unsigned int lteref_short_mac(const struct lteref_keys *k,
					    uint32_t cell_id, unsigned int pci,
					    unsigned int crnti)
{
	uint8_t msg[7] = { 0 }, mac[4] = { 0 };
	uint64_t bits = (uint64_t)cell_id << 25 | (uint64_t)pci << 16 | crnti;
	int i;

	/* 53 bits, most significant first, then 3 zero bits */
	bits <<= 3;
	for (i = 6; i >= 0; i--, bits >>= 8)
		msg[i] = bits;
	lteref_mac(k->eia, k->rrc_int, 0xffffffff, 31, 1, msg, sizeof(msg), mac);
	return mac[2] << 8 | mac[3];
}

#endif /* LTEREF_H */
