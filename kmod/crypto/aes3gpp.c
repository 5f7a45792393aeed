// SPDX-License-Identifier: GPL-2.0
/*
 * 128-EEA2 and 128-EIA2 (TS 33.401 B.1.3 and B.2.3) of messages of any bit
 * length, on the AES library, with the signatures of enbkey_eea1() and
 * enbkey_eia1(): the published test sets are not all whole octets, while the
 * crypto API algorithms "eea2" and "eia2" (eea.c, eia.c), which PDCP uses,
 * are. Every key schedule and intermediate value is wiped.
 */

#include <linux/string.h>
#include <crypto/aes.h>

#include "aes3gpp.h"
#include "crypto.h"

/* COUNT || BEARER || DIRECTION || 0^26, then 0^64 for the CTR block */
static void aes3gpp_block(u8 b[AES_BLOCK_SIZE], u32 count, u8 bearer, u8 dir)
{
	memset(b, 0, AES_BLOCK_SIZE);
	enbkey_crypto_make_iv(b, count, bearer, dir);
}

/*
 * TS 33.401 B.1.3: keystream block i is AES(K, T + i), T the block above;
 * bits past @bits in the last octet come out zero.
 */
void enbkey_eea2(const u8 key[16], u32 count, u8 bearer, u8 dir, u8 *dst,
		 const u8 *src, u32 bits)
{
	u8 ctr[AES_BLOCK_SIZE], ks[AES_BLOCK_SIZE];
	u32 len = DIV_ROUND_UP(bits, 8), i;
	struct crypto_aes_ctx aes;
	int j;

	aes_expandkey(&aes, key, 16);
	aes3gpp_block(ctr, count, bearer, dir);
	for (i = 0; i < len; i++) {
		if (i % AES_BLOCK_SIZE == 0) {
			aes_encrypt(&aes, ks, ctr);
			for (j = AES_BLOCK_SIZE - 1; j >= 0 && !++ctr[j]; j--)
				;
		}
		dst[i] = src[i] ^ ks[i % AES_BLOCK_SIZE];
	}
	if (bits % 8)
		dst[len - 1] &= 0xff << (8 - bits % 8);
	memzero_explicit(ks, sizeof(ks));
	memzero_explicit(&aes, sizeof(aes));
}

/* Doubling in GF(2^128), NIST SP 800-38B 6.1 */
static void aes3gpp_dbl(u8 b[AES_BLOCK_SIZE])
{
	u8 carry = b[0] >> 7;
	int i;

	for (i = 0; i < AES_BLOCK_SIZE - 1; i++)
		b[i] = b[i] << 1 | b[i + 1] >> 7;
	b[AES_BLOCK_SIZE - 1] = b[AES_BLOCK_SIZE - 1] << 1 ^ (0x87 & -carry);
}

/*
 * Octet @j of M = the 8 octets of @iv || the @total - 64 bits of @msg,
 * padded with a 1 bit and zeros (SP 800-38B 6.2) when M ends inside a
 * block.
 */
static u8 aes3gpp_m(const u8 *iv, const u8 *msg, u32 total, u32 j)
{
	u32 start = j * 8;
	unsigned int keep;
	u8 b;

	if (start >= total)
		return start == total ? 0x80 : 0;
	b = j < ENBKEY_CRYPTO_IV_SIZE ? iv[j] : msg[j - ENBKEY_CRYPTO_IV_SIZE];
	if (start + 8 > total) {
		keep = total - start;
		b = (b & 0xff << (8 - keep)) | 0x80 >> keep;
	}
	return b;
}

/*
 * TS 33.401 B.2.3: MAC-I is the first 32 bits of AES-CMAC(K, M), M the
 * 64-bit block above and the message (NIST SP 800-38B).
 */
void enbkey_eia2(const u8 key[16], u32 count, u8 bearer, u8 dir,
		 const u8 *msg, u32 bits, u8 mac[4])
{
	u8 iv[AES_BLOCK_SIZE], k[AES_BLOCK_SIZE] = {}, x[AES_BLOCK_SIZE] = {};
	u32 total = ENBKEY_CRYPTO_IV_SIZE * 8 + bits, n, i, j;
	struct crypto_aes_ctx aes;

	aes_expandkey(&aes, key, 16);
	aes3gpp_block(iv, count, bearer, dir);
	aes_encrypt(&aes, k, k);
	aes3gpp_dbl(k);				/* K1 */
	if (total % (AES_BLOCK_SIZE * 8))
		aes3gpp_dbl(k);			/* K2, for a padded last block */
	n = DIV_ROUND_UP(total, AES_BLOCK_SIZE * 8);
	for (i = 0; i < n; i++) {
		for (j = 0; j < AES_BLOCK_SIZE; j++) {
			x[j] ^= aes3gpp_m(iv, msg, total, i * AES_BLOCK_SIZE + j);
			if (i == n - 1)
				x[j] ^= k[j];
		}
		aes_encrypt(&aes, x, x);
	}
	memcpy(mac, x, 4);
	memzero_explicit(k, sizeof(k));
	memzero_explicit(x, sizeof(x));
	memzero_explicit(&aes, sizeof(aes));
}
