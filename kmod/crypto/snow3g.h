/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SNOW 3G (ETSI/SAGE UEA2 & UIA2 document 2) and the two algorithms of
 * document 1 built on it: UEA2 (f8), which is 128-EEA1, and UIA2 (f9), of
 * which 128-EIA1 is a case (TS 33.401 B.1.2, B.2.2).
 *
 * Lengths are in bits where the specifications count bits. Bits are taken
 * most significant first: bit 0 of a message is the top bit of its first
 * octet.
 */

#ifndef _ENBKEY_CRYPTO_SNOW3G_H
#define _ENBKEY_CRYPTO_SNOW3G_H

#include "portable.h"

#define ENBKEY_SNOW3G_KEY_SIZE		16
#define ENBKEY_SNOW3G_MAC_SIZE		4
/* Keystream octets produced at once; see enbkey_snow3g_xor(). */
#define ENBKEY_SNOW3G_BLOCK_SIZE	64

struct enbkey_snow3g {
	u32 s[16];		/* LFSR: s[0] is s0 */
	u32 r1, r2, r3;		/* FSM */
};

/* Document 2, 4.1; k[0] is k0, iv[0] is IV0. */
void enbkey_snow3g_init(struct enbkey_snow3g *st, const u32 k[4],
			const u32 iv[4]);
/* Document 2, 4.2: the next @n keystream words (z1 first). */
void enbkey_snow3g_keystream(struct enbkey_snow3g *st, u32 *z, size_t n);
/*
 * XORs the keystream with @len octets of @src into @dst (which may be
 * @src). Calls continue the stream as long as @len is a multiple of
 * ENBKEY_SNOW3G_BLOCK_SIZE; any other length ends it.
 */
void enbkey_snow3g_xor(struct enbkey_snow3g *st, u8 *dst, const u8 *src,
		       size_t len);

/* UEA2: SNOW 3G keyed and initialised for COUNT, BEARER, DIRECTION. */
void enbkey_uea2_init(struct enbkey_snow3g *st, const u8 key[16], u32 count,
		      u8 bearer, u8 dir);
/*
 * 128-EEA1: ciphers (or deciphers) @bits bits of @src into @dst, which may
 * be @src. The bits past @bits in the last octet of @dst come out as zero.
 */
void enbkey_eea1(const u8 key[16], u32 count, u8 bearer, u8 dir, u8 *dst,
		 const u8 *src, u32 bits);

/* UIA2 over a message given in pieces. */
struct enbkey_uia2 {
	u64 p, q;		/* z1 || z2 and z3 || z4 */
	u64 eval;
	u64 len;		/* octets taken so far */
	u32 z5;
	unsigned int buflen;
	u8 buf[8];		/* a partial 64-bit block */
	bool portable;		/* tests: keep to the portable multiply */
};

void enbkey_uia2_init(struct enbkey_uia2 *ctx, const u8 key[16], u32 count,
		      u32 fresh, u8 dir);
void enbkey_eia1_init(struct enbkey_uia2 *ctx, const u8 key[16], u32 count,
		      u8 bearer, u8 dir);
/* Whole octets of the message. */
void enbkey_uia2_update(struct enbkey_uia2 *ctx, const u8 *data, size_t len);
/*
 * Ends the message with the top @tail_bits (0 to 7) bits of *@tail, writes
 * MAC-I and wipes @ctx. @tail is not read when @tail_bits is 0.
 */
void enbkey_uia2_final(struct enbkey_uia2 *ctx, const u8 *tail,
		       unsigned int tail_bits, u8 mac[4]);

/* 128-EIA1: MAC-I of the @bits bits of @msg. */
void enbkey_eia1(const u8 key[16], u32 count, u8 bearer, u8 dir,
		 const u8 *msg, u32 bits, u8 mac[4]);

#endif /* _ENBKEY_CRYPTO_SNOW3G_H */
