// SPDX-License-Identifier: GPL-2.0
/*
 * ZUC, 128-EEA3 and 128-EIA3, written from ETSI/SAGE "Specification of the
 * 3GPP Confidentiality and Integrity Algorithms 128-EEA3 & 128-EIA3",
 * document 1 (128-EEA3 and 128-EIA3) and document 2 (ZUC, version 1.6).
 *
 * As in snow3g.c, the LFSR is a ring of 16 cells: a step writes s16 over
 * s0, and sixteen steps of straight-line code bring the ring back home.
 */

#include "portable.h"
#include "zuc.h"

/* Document 2, 3.4.1: table 3.1, the S-box S0 (row h, column l at 16h + l) */
static const u8 zuc_s0[256] = {
	0x3e, 0x72, 0x5b, 0x47, 0xca, 0xe0, 0x00, 0x33,
	0x04, 0xd1, 0x54, 0x98, 0x09, 0xb9, 0x6d, 0xcb,
	0x7b, 0x1b, 0xf9, 0x32, 0xaf, 0x9d, 0x6a, 0xa5,
	0xb8, 0x2d, 0xfc, 0x1d, 0x08, 0x53, 0x03, 0x90,
	0x4d, 0x4e, 0x84, 0x99, 0xe4, 0xce, 0xd9, 0x91,
	0xdd, 0xb6, 0x85, 0x48, 0x8b, 0x29, 0x6e, 0xac,
	0xcd, 0xc1, 0xf8, 0x1e, 0x73, 0x43, 0x69, 0xc6,
	0xb5, 0xbd, 0xfd, 0x39, 0x63, 0x20, 0xd4, 0x38,
	0x76, 0x7d, 0xb2, 0xa7, 0xcf, 0xed, 0x57, 0xc5,
	0xf3, 0x2c, 0xbb, 0x14, 0x21, 0x06, 0x55, 0x9b,
	0xe3, 0xef, 0x5e, 0x31, 0x4f, 0x7f, 0x5a, 0xa4,
	0x0d, 0x82, 0x51, 0x49, 0x5f, 0xba, 0x58, 0x1c,
	0x4a, 0x16, 0xd5, 0x17, 0xa8, 0x92, 0x24, 0x1f,
	0x8c, 0xff, 0xd8, 0xae, 0x2e, 0x01, 0xd3, 0xad,
	0x3b, 0x4b, 0xda, 0x46, 0xeb, 0xc9, 0xde, 0x9a,
	0x8f, 0x87, 0xd7, 0x3a, 0x80, 0x6f, 0x2f, 0xc8,
	0xb1, 0xb4, 0x37, 0xf7, 0x0a, 0x22, 0x13, 0x28,
	0x7c, 0xcc, 0x3c, 0x89, 0xc7, 0xc3, 0x96, 0x56,
	0x07, 0xbf, 0x7e, 0xf0, 0x0b, 0x2b, 0x97, 0x52,
	0x35, 0x41, 0x79, 0x61, 0xa6, 0x4c, 0x10, 0xfe,
	0xbc, 0x26, 0x95, 0x88, 0x8a, 0xb0, 0xa3, 0xfb,
	0xc0, 0x18, 0x94, 0xf2, 0xe1, 0xe5, 0xe9, 0x5d,
	0xd0, 0xdc, 0x11, 0x66, 0x64, 0x5c, 0xec, 0x59,
	0x42, 0x75, 0x12, 0xf5, 0x74, 0x9c, 0xaa, 0x23,
	0x0e, 0x86, 0xab, 0xbe, 0x2a, 0x02, 0xe7, 0x67,
	0xe6, 0x44, 0xa2, 0x6c, 0xc2, 0x93, 0x9f, 0xf1,
	0xf6, 0xfa, 0x36, 0xd2, 0x50, 0x68, 0x9e, 0x62,
	0x71, 0x15, 0x3d, 0xd6, 0x40, 0xc4, 0xe2, 0x0f,
	0x8e, 0x83, 0x77, 0x6b, 0x25, 0x05, 0x3f, 0x0c,
	0x30, 0xea, 0x70, 0xb7, 0xa1, 0xe8, 0xa9, 0x65,
	0x8d, 0x27, 0x1a, 0xdb, 0x81, 0xb3, 0xa0, 0xf4,
	0x45, 0x7a, 0x19, 0xdf, 0xee, 0x78, 0x34, 0x60,};

/* Document 2, 3.4.1: table 3.2, the S-box S1 */
static const u8 zuc_s1[256] = {
	0x55, 0xc2, 0x63, 0x71, 0x3b, 0xc8, 0x47, 0x86,
	0x9f, 0x3c, 0xda, 0x5b, 0x29, 0xaa, 0xfd, 0x77,
	0x8c, 0xc5, 0x94, 0x0c, 0xa6, 0x1a, 0x13, 0x00,
	0xe3, 0xa8, 0x16, 0x72, 0x40, 0xf9, 0xf8, 0x42,
	0x44, 0x26, 0x68, 0x96, 0x81, 0xd9, 0x45, 0x3e,
	0x10, 0x76, 0xc6, 0xa7, 0x8b, 0x39, 0x43, 0xe1,
	0x3a, 0xb5, 0x56, 0x2a, 0xc0, 0x6d, 0xb3, 0x05,
	0x22, 0x66, 0xbf, 0xdc, 0x0b, 0xfa, 0x62, 0x48,
	0xdd, 0x20, 0x11, 0x06, 0x36, 0xc9, 0xc1, 0xcf,
	0xf6, 0x27, 0x52, 0xbb, 0x69, 0xf5, 0xd4, 0x87,
	0x7f, 0x84, 0x4c, 0xd2, 0x9c, 0x57, 0xa4, 0xbc,
	0x4f, 0x9a, 0xdf, 0xfe, 0xd6, 0x8d, 0x7a, 0xeb,
	0x2b, 0x53, 0xd8, 0x5c, 0xa1, 0x14, 0x17, 0xfb,
	0x23, 0xd5, 0x7d, 0x30, 0x67, 0x73, 0x08, 0x09,
	0xee, 0xb7, 0x70, 0x3f, 0x61, 0xb2, 0x19, 0x8e,
	0x4e, 0xe5, 0x4b, 0x93, 0x8f, 0x5d, 0xdb, 0xa9,
	0xad, 0xf1, 0xae, 0x2e, 0xcb, 0x0d, 0xfc, 0xf4,
	0x2d, 0x46, 0x6e, 0x1d, 0x97, 0xe8, 0xd1, 0xe9,
	0x4d, 0x37, 0xa5, 0x75, 0x5e, 0x83, 0x9e, 0xab,
	0x82, 0x9d, 0xb9, 0x1c, 0xe0, 0xcd, 0x49, 0x89,
	0x01, 0xb6, 0xbd, 0x58, 0x24, 0xa2, 0x5f, 0x38,
	0x78, 0x99, 0x15, 0x90, 0x50, 0xb8, 0x95, 0xe4,
	0xd0, 0x91, 0xc7, 0xce, 0xed, 0x0f, 0xb4, 0x6f,
	0xa0, 0xcc, 0xf0, 0x02, 0x4a, 0x79, 0xc3, 0xde,
	0xa3, 0xef, 0xea, 0x51, 0xe6, 0x6b, 0x18, 0xec,
	0x1b, 0x2c, 0x80, 0xf7, 0x74, 0xe7, 0xff, 0x21,
	0x5a, 0x6a, 0x54, 0x1e, 0x41, 0x31, 0x92, 0x35,
	0xc4, 0x33, 0x07, 0x0a, 0xba, 0x7e, 0x0e, 0x34,
	0x88, 0xb1, 0x98, 0x7c, 0xf3, 0x3d, 0x60, 0x6c,
	0x7b, 0xca, 0xd3, 0x1f, 0x32, 0x65, 0x04, 0x28,
	0x64, 0xbe, 0x85, 0x9b, 0x2f, 0x59, 0x8a, 0xd7,
	0xb0, 0x25, 0xac, 0xaf, 0x12, 0x03, 0xe2, 0xf2,};

/* Document 2, 3.5: the constants d0 .. d15 of key loading */
static const u32 zuc_d[16] = {
	0x44d7, 0x26bc, 0x626b, 0x135e, 0x5789, 0x35e2, 0x7135, 0x09af,
	0x4d78, 0x2f13, 0x6bc4, 0x1af1, 0x5e26, 0x3c4d, 0x789a, 0x47ac,
};

/* Document 2, 3.4.1: S = (S0, S1, S2, S3) with S2 = S0 and S3 = S1. */
static __always_inline u32 zuc_s(u32 x)
{
	return (u32)zuc_s0[x >> 24] << 24 | (u32)zuc_s1[x >> 16 & 0xff] << 16 |
	       (u32)zuc_s0[x >> 8 & 0xff] << 8 | zuc_s1[x & 0xff];
}

/* Document 2, 3.4.2 */
static __always_inline u32 zuc_l1(u32 x)
{
	return x ^ enbkey_rol32(x, 2) ^ enbkey_rol32(x, 10) ^
	       enbkey_rol32(x, 18) ^ enbkey_rol32(x, 24);
}

static __always_inline u32 zuc_l2(u32 x)
{
	return x ^ enbkey_rol32(x, 8) ^ enbkey_rol32(x, 14) ^
	       enbkey_rol32(x, 22) ^ enbkey_rol32(x, 30);
}

/*
 * One step with s0 at ring position @i: the bit-reorganisation (document 2,
 * 3.3), F (3.4), then the LFSR in initialisation mode (3.2), which takes
 * u = W >> 1, when @init, or else in working mode. Returns W XOR X3, the
 * keyword of 3.6.2 (meaningless when @init).
 *
 * The feedback 2^15 s15 + 2^17 s13 + 2^21 s10 + 2^20 s4 + (1 + 2^8) s0 is
 * summed as it stands, below 2^55 (the informative note of 3.2 rotates
 * each term instead), and folded twice modulo 2^31 - 1. As every cell is
 * non-zero, so is the sum, and the folds give 2^31 - 1 rather than 0 for a
 * multiple of it: the value 3.2 asks for.
 */
static __always_inline u32 zuc_clock(u32 *s, u32 *r1, u32 *r2,
				     unsigned int i, bool init)
{
	u32 s0 = s[i % 16];
	u32 s15 = s[(i + 15) % 16];
	u32 x0 = (s15 & 0x7fff8000) << 1 | (s[(i + 14) % 16] & 0xffff);
	u32 x1 = s[(i + 11) % 16] << 16 | s[(i + 9) % 16] >> 15;
	u32 x2 = s[(i + 7) % 16] << 16 | s[(i + 5) % 16] >> 15;
	u32 x3 = s[(i + 2) % 16] << 16 | s0 >> 15;
	u32 w = (x0 ^ *r1) + *r2;
	u32 w1 = *r1 + x1;
	u32 w2 = *r2 ^ x2;
	u64 v;

	*r1 = zuc_s(zuc_l1(w1 << 16 | w2 >> 16));
	*r2 = zuc_s(zuc_l2(w2 << 16 | w1 >> 16));
	v = ((u64)s15 << 15) + ((u64)s[(i + 13) % 16] << 17) +
	    ((u64)s[(i + 10) % 16] << 21) + ((u64)s[(i + 4) % 16] << 20) +
	    ((u64)s0 << 8) + s0;
	if (init)
		v += w >> 1;
	v = (v & 0x7fffffff) + (v >> 31);
	v = (v & 0x7fffffff) + (v >> 31);
	s[i % 16] = v;
	return w ^ x3;
}

/* A step whose keyword goes to z[@i] unless @z is NULL. */
static __always_inline void zuc_step(u32 *s, u32 *r1, u32 *r2, u32 *z,
				     unsigned int i, bool init)
{
	u32 w = zuc_clock(s, r1, r2, i, init);

	if (z)
		z[i] = w;
}

/*
 * Sixteen steps, written out: at -O2 a loop stays a loop, with every ring
 * index computed at run time.
 */
static __always_inline void zuc_block(struct enbkey_zuc *st, u32 *z,
				      bool init)
{
	u32 r1 = st->r1, r2 = st->r2;
	u32 *s = st->s;

	zuc_step(s, &r1, &r2, z, 0, init);
	zuc_step(s, &r1, &r2, z, 1, init);
	zuc_step(s, &r1, &r2, z, 2, init);
	zuc_step(s, &r1, &r2, z, 3, init);
	zuc_step(s, &r1, &r2, z, 4, init);
	zuc_step(s, &r1, &r2, z, 5, init);
	zuc_step(s, &r1, &r2, z, 6, init);
	zuc_step(s, &r1, &r2, z, 7, init);
	zuc_step(s, &r1, &r2, z, 8, init);
	zuc_step(s, &r1, &r2, z, 9, init);
	zuc_step(s, &r1, &r2, z, 10, init);
	zuc_step(s, &r1, &r2, z, 11, init);
	zuc_step(s, &r1, &r2, z, 12, init);
	zuc_step(s, &r1, &r2, z, 13, init);
	zuc_step(s, &r1, &r2, z, 14, init);
	zuc_step(s, &r1, &r2, z, 15, init);
	st->r1 = r1;
	st->r2 = r2;
}

/* One step, after which the ring is turned back so that s[0] is s0. */
static u32 zuc_clock1(struct enbkey_zuc *st, bool init)
{
	u32 z = zuc_clock(st->s, &st->r1, &st->r2, 0, init);
	u32 s15 = st->s[0];

	memmove(st->s, st->s + 1, 15 * sizeof(st->s[0]));
	st->s[15] = s15;
	return z;
}

static void zuc_block_init(struct enbkey_zuc *st)
{
	zuc_block(st, NULL, true);
}

static void zuc_block_keystream(struct enbkey_zuc *st, u32 z[16])
{
	zuc_block(st, z, false);
}

void enbkey_zuc_init(struct enbkey_zuc *st, const u8 key[16],
		     const u8 iv[16])
{
	unsigned int i;

	/* 3.5: s_i = k_i || d_i || iv_i */
	for (i = 0; i < 16; i++)
		st->s[i] = (u32)key[i] << 23 | zuc_d[i] << 8 | iv[i];
	st->r1 = 0;
	st->r2 = 0;
	/* 3.6.1: 32 steps in initialisation mode */
	zuc_block_init(st);
	zuc_block_init(st);
	/* 3.6.2: one working step whose output is discarded */
	zuc_clock1(st, false);
}

void enbkey_zuc_keystream(struct enbkey_zuc *st, u32 *z, size_t n)
{
	for (; n >= 16; n -= 16, z += 16)
		zuc_block_keystream(st, z);
	while (n--)
		*z++ = zuc_clock1(st, false);
}

void enbkey_zuc_xor(struct enbkey_zuc *st, u8 *dst, const u8 *src,
		    size_t len)
{
	u32 z[16];
	size_t i;

	for (; len >= ENBKEY_ZUC_BLOCK_SIZE; len -= ENBKEY_ZUC_BLOCK_SIZE,
	     src += ENBKEY_ZUC_BLOCK_SIZE, dst += ENBKEY_ZUC_BLOCK_SIZE) {
		zuc_block_keystream(st, z);
		for (i = 0; i < 16; i++)
			enbkey_store_be32(dst + 4 * i,
					  enbkey_load_be32(src + 4 * i) ^ z[i]);
	}
	if (len) {
		/* the end of the stream: the rest of this block is dropped */
		zuc_block_keystream(st, z);
		for (i = 0; i < len; i++)
			dst[i] = src[i] ^ z[i / 4] >> (24 - 8 * (i % 4));
	}
	memzero_explicit(z, sizeof(z));
}

/*
 * Document 1, 3.3: IV = COUNT || BEARER || DIRECTION || 0^26, twice.
 * TS 33.401 B.1.4.
 */
void enbkey_eea3_init(struct enbkey_zuc *st, const u8 key[16], u32 count,
		      u8 bearer, u8 dir)
{
	u8 iv[16];

	enbkey_store_be32(iv, count);
	iv[4] = (bearer & 0x1f) << 3 | (dir & 1) << 2;
	iv[5] = 0;
	iv[6] = 0;
	iv[7] = 0;
	memcpy(iv + 8, iv, 8);
	enbkey_zuc_init(st, key, iv);
}

/* Document 1, 3.4 and 3.5. */
void enbkey_eea3(const u8 key[16], u32 count, u8 bearer, u8 dir, u8 *dst,
		 const u8 *src, u32 bits)
{
	size_t len = bits / 8 + (bits % 8 != 0);
	struct enbkey_zuc st;

	enbkey_eea3_init(&st, key, count, bearer, dir);
	enbkey_zuc_xor(&st, dst, src, len);
	if (bits % 8)
		dst[len - 1] &= 0xff << (8 - bits % 8);
	memzero_explicit(&st, sizeof(st));
}

/*
 * Document 1, 4.5: the part of T that the 32 message bits @m (bit 0 on top)
 * add, given the keywords @ka and @kb that start where they do. For message
 * bit b the keystream word z[i] is the top half of (ka || kb) << b, so the
 * sum is the top half of the carry-less product of ka || kb by the bits of
 * @m, taken four at a time from a table of the 16 nibble values.
 */
static __always_inline u32 eia3_word(u32 m, u32 ka, u32 kb)
{
	u64 w = (u64)ka << 32 | kb;
	u64 t[16], acc = 0;
	unsigned int n;

	t[0] = 0;
	t[8] = w;
	t[4] = w << 1;
	t[2] = w << 2;
	t[1] = w << 3;
	t[3] = t[2] ^ t[1];
	t[5] = t[4] ^ t[1];
	t[6] = t[4] ^ t[2];
	t[7] = t[4] ^ t[3];
	for (n = 1; n < 8; n++)
		t[8 + n] = w ^ t[n];
	for (n = 0; n < 8; n++)
		acc ^= t[m >> (28 - 4 * n) & 15] << (4 * n);
	return acc >> 32;
}

/* A whole chunk of 16 message words, after which the keywords move on. */
static void eia3_chunk(struct enbkey_eia3 *ctx, const u8 *m)
{
	u32 t = ctx->t;
	unsigned int j;

	for (j = 0; j < 16; j++)
		t ^= eia3_word(enbkey_load_be32(m + 4 * j), ctx->ks[j],
			       ctx->ks[j + 1]);
	ctx->t = t;
	ctx->ks[0] = ctx->ks[16];
	ctx->ks[1] = ctx->ks[17];
	enbkey_zuc_keystream(&ctx->zuc, ctx->ks + 2, 16);
}

/*
 * Document 1, 4.3: IV = COUNT || BEARER || 0^27, then the same with
 * DIRECTION added to the top bits of octets 8 and 14. TS 33.401 B.2.4.
 */
void enbkey_eia3_init(struct enbkey_eia3 *ctx, const u8 key[16], u32 count,
		      u8 bearer, u8 dir)
{
	u8 iv[16];

	enbkey_store_be32(iv, count);
	iv[4] = (bearer & 0x1f) << 3;
	iv[5] = 0;
	iv[6] = 0;
	iv[7] = 0;
	memcpy(iv + 8, iv, 8);
	iv[8] ^= (dir & 1) << 7;
	iv[14] ^= (dir & 1) << 7;
	enbkey_zuc_init(&ctx->zuc, key, iv);
	/* 4.4: the keywords, 18 at a time ahead of the message */
	enbkey_zuc_keystream(&ctx->zuc, ctx->ks, 18);
	ctx->t = 0;
	ctx->buflen = 0;
}

void enbkey_eia3_update(struct enbkey_eia3 *ctx, const u8 *data, size_t len)
{
	size_t n;

	if (ctx->buflen) {
		n = sizeof(ctx->buf) - ctx->buflen;
		if (n > len)
			n = len;
		memcpy(ctx->buf + ctx->buflen, data, n);
		ctx->buflen += n;
		data += n;
		len -= n;
		if (ctx->buflen < sizeof(ctx->buf))
			return;
		eia3_chunk(ctx, ctx->buf);
		ctx->buflen = 0;
	}
	for (; len >= sizeof(ctx->buf); len -= sizeof(ctx->buf),
	     data += sizeof(ctx->buf))
		eia3_chunk(ctx, data);
	memcpy(ctx->buf, data, len);
	ctx->buflen = len;
}

/*
 * Document 1, 4.5: T over the last bits, then T ^= z[LENGTH] and
 * MAC = T ^ z[32 * (L - 1)] with L = ceil(LENGTH / 32) + 2, both counted
 * here from the start of the chunk.
 */
void enbkey_eia3_final(struct enbkey_eia3 *ctx, const u8 *tail,
		       unsigned int tail_bits, u8 mac[4])
{
	unsigned int bits = 8 * ctx->buflen + tail_bits;
	unsigned int words = (bits + 31) / 32;
	u32 *ks = ctx->ks;
	u32 t = ctx->t;
	unsigned int j;
	u64 w;

	memset(ctx->buf + ctx->buflen, 0, sizeof(ctx->buf) - ctx->buflen);
	if (tail_bits)
		ctx->buf[ctx->buflen] = *tail & 0xff << (8 - tail_bits);
	for (j = 0; j < words; j++)
		t ^= eia3_word(enbkey_load_be32(ctx->buf + 4 * j), ks[j],
			       ks[j + 1]);
	w = (u64)ks[bits / 32] << 32 | ks[bits / 32 + 1];
	t ^= (u32)(w >> (32 - bits % 32));
	t ^= ks[words + 1];
	enbkey_store_be32(mac, t);
	memzero_explicit(ctx, sizeof(*ctx));
}

void enbkey_eia3(const u8 key[16], u32 count, u8 bearer, u8 dir,
		 const u8 *msg, u32 bits, u8 mac[4])
{
	struct enbkey_eia3 ctx;

	enbkey_eia3_init(&ctx, key, count, bearer, dir);
	enbkey_eia3_update(&ctx, msg, bits / 8);
	enbkey_eia3_final(&ctx, msg + bits / 8, bits % 8, mac);
}
