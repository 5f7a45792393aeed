/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ZUC (ETSI/SAGE EEA3 & EIA3 document 2, version 1.6) and the two
 * algorithms of document 1 built on it, 128-EEA3 and 128-EIA3 (TS 33.401
 * B.1.4, B.2.4).
 *
 * Lengths are in bits where the specifications count bits. Bits are taken
 * most significant first: bit 0 of a message is the top bit of its first
 * octet.
 */

#ifndef _ENBKEY_CRYPTO_ZUC_H
#define _ENBKEY_CRYPTO_ZUC_H

#include "portable.h"

#define ENBKEY_ZUC_KEY_SIZE	16
#define ENBKEY_ZUC_IV_SIZE	16
#define ENBKEY_ZUC_MAC_SIZE	4
/* Keystream octets produced at once; see enbkey_zuc_xor(). */
#define ENBKEY_ZUC_BLOCK_SIZE	64

struct enbkey_zuc {
	u32 s[16];		/* LFSR cells of 31 bits: s[0] is s0 */
	u32 r1, r2;		/* the memory cells of F */
};

/* Document 2, 3.5 and 3.6.1, then the first step of 3.6.2. */
void enbkey_zuc_init(struct enbkey_zuc *st, const u8 key[16],
		     const u8 iv[16]);
/* Document 2, 3.6.2: the next @n keywords. */
void enbkey_zuc_keystream(struct enbkey_zuc *st, u32 *z, size_t n);
/*
 * XORs the keystream with @len octets of @src into @dst (which may be
 * @src). Calls continue the stream as long as @len is a multiple of
 * ENBKEY_ZUC_BLOCK_SIZE; any other length ends it.
 */
void enbkey_zuc_xor(struct enbkey_zuc *st, u8 *dst, const u8 *src,
		    size_t len);

/* 128-EEA3: ZUC keyed and initialised for COUNT, BEARER, DIRECTION. */
void enbkey_eea3_init(struct enbkey_zuc *st, const u8 key[16], u32 count,
		      u8 bearer, u8 dir);
/*
 * 128-EEA3: ciphers (or deciphers) @bits bits of @src into @dst, which may
 * be @src. The bits past @bits in the last octet of @dst come out as zero.
 */
void enbkey_eea3(const u8 key[16], u32 count, u8 bearer, u8 dir, u8 *dst,
		 const u8 *src, u32 bits);

/* 128-EIA3 over a message given in pieces. */
struct enbkey_eia3 {
	struct enbkey_zuc zuc;
	u32 ks[18];		/* keywords 16c .. 16c + 17 for chunk c */
	u32 t;
	unsigned int buflen;
	u8 buf[64];		/* a partial chunk of the message */
};

void enbkey_eia3_init(struct enbkey_eia3 *ctx, const u8 key[16], u32 count,
		      u8 bearer, u8 dir);
/* Whole octets of the message. */
void enbkey_eia3_update(struct enbkey_eia3 *ctx, const u8 *data, size_t len);
/*
 * Ends the message with the top @tail_bits (0 to 7) bits of *@tail, writes
 * MAC-I and wipes @ctx. @tail is not read when @tail_bits is 0.
 */
void enbkey_eia3_final(struct enbkey_eia3 *ctx, const u8 *tail,
		       unsigned int tail_bits, u8 mac[4]);

/* 128-EIA3: MAC-I of the @bits bits of @msg. */
void enbkey_eia3(const u8 key[16], u32 count, u8 bearer, u8 dir,
		 const u8 *msg, u32 bits, u8 mac[4]);

#endif /* _ENBKEY_CRYPTO_ZUC_H */
