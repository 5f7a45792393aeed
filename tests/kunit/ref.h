/* SPDX-License-Identifier: GPL-2.0 */
/*
 * References for the KUnit suites: AES-CTR and AES-CMAC on the AES library,
 * HMAC-SHA-256 on the SHA-256 library, rather than the crypto API the
 * module uses, so that the two are independent. Whole octets only.
 */

#ifndef _ENBKEY_KUNIT_REF_H
#define _ENBKEY_KUNIT_REF_H

#include <linux/types.h>
#include "../../kmod/compat.h"
#include <crypto/aes.h>
#include <crypto/sha2.h>

/* TS 33.401 B.1.3 and B.2.3: COUNT || BEARER || DIRECTION || 0^26 */
static inline void ref_iv(u8 iv[AES_BLOCK_SIZE], u32 count, u8 bearer, u8 dir)
{
	memset(iv, 0, AES_BLOCK_SIZE);
	put_unaligned_be32(count, iv);
	iv[4] = bearer << 3 | dir << 2;
}

static inline void ref_eea2(const u8 key[16], u32 count, u8 bearer, u8 dir,
			    u8 *data, size_t len)
{
	u8 ctr[AES_BLOCK_SIZE], ks[AES_BLOCK_SIZE];
	struct crypto_aes_ctx aes;
	size_t i;
	int j;

	aes_expandkey(&aes, key, 16);
	ref_iv(ctr, count, bearer, dir);
	for (i = 0; i < len; i++) {
		if (i % AES_BLOCK_SIZE == 0) {
			aes_encrypt(&aes, ks, ctr);
			for (j = AES_BLOCK_SIZE - 1; j >= 0 && !++ctr[j]; j--)
				;
		}
		data[i] ^= ks[i % AES_BLOCK_SIZE];
	}
}

static inline void ref_dbl(u8 b[AES_BLOCK_SIZE])
{
	u8 msb = b[0] & 0x80;
	int i;

	for (i = 0; i < AES_BLOCK_SIZE - 1; i++)
		b[i] = b[i] << 1 | b[i + 1] >> 7;
	b[AES_BLOCK_SIZE - 1] <<= 1;
	if (msb)
		b[AES_BLOCK_SIZE - 1] ^= 0x87;
}

/* NIST SP 800-38B CMAC over a || b, first 32 bits. */
static inline void ref_eia2(const u8 key[16], u32 count, u8 bearer, u8 dir,
			    const u8 *a, size_t a_len, const u8 *b,
			    size_t b_len, u8 mac[4])
{
	u8 k[AES_BLOCK_SIZE] = {}, x[AES_BLOCK_SIZE] = {}, blk[AES_BLOCK_SIZE];
	u8 iv[AES_BLOCK_SIZE];
	size_t total = 8 + a_len + b_len, i, n;
	struct crypto_aes_ctx aes;
	int j;

	aes_expandkey(&aes, key, 16);
	aes_encrypt(&aes, k, k);
	ref_dbl(k);				/* K1 */
	if (total % AES_BLOCK_SIZE || !total)
		ref_dbl(k);			/* K2 */
	ref_iv(iv, count, bearer, dir);
	n = total ? (total + AES_BLOCK_SIZE - 1) / AES_BLOCK_SIZE : 1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < AES_BLOCK_SIZE; j++) {
			size_t o = i * AES_BLOCK_SIZE + j;
			u8 v;

			if (o < 8)
				v = iv[o];
			else if (o < 8 + a_len)
				v = a[o - 8];
			else if (o < total)
				v = b[o - 8 - a_len];
			else
				v = o == total ? 0x80 : 0;
			blk[j] = v;
		}
		if (i == n - 1)
			for (j = 0; j < AES_BLOCK_SIZE; j++)
				blk[j] ^= k[j];
		for (j = 0; j < AES_BLOCK_SIZE; j++)
			x[j] ^= blk[j];
		aes_encrypt(&aes, x, x);
	}
	memcpy(mac, x, 4);
}

/* RFC 2104 HMAC with SHA-256, for keys up to one block. */
static inline void ref_hmac_sha256(const u8 *key, size_t key_len, const u8 *msg,
			    size_t msg_len, u8 out[SHA256_DIGEST_SIZE])
{
	u8 ipad[SHA256_BLOCK_SIZE], opad[SHA256_BLOCK_SIZE];
	u8 inner[SHA256_DIGEST_SIZE];
	struct sha256_state st;
	size_t i;

	memset(ipad, 0x36, sizeof(ipad));
	memset(opad, 0x5c, sizeof(opad));
	for (i = 0; i < key_len; i++) {
		ipad[i] ^= key[i];
		opad[i] ^= key[i];
	}
	sha256_init(&st);
	sha256_update(&st, ipad, sizeof(ipad));
	sha256_update(&st, msg, msg_len);
	sha256_final(&st, inner);
	sha256_init(&st);
	sha256_update(&st, opad, sizeof(opad));
	sha256_update(&st, inner, sizeof(inner));
	sha256_final(&st, out);
}

#endif /* _ENBKEY_KUNIT_REF_H */
