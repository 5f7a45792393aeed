// SPDX-License-Identifier: GPL-2.0
/*
 * SNOW 3G, UEA2 and UIA2, written from ETSI/SAGE "Specification of the 3GPP
 * Confidentiality and Integrity Algorithms UEA2 & UIA2", document 1
 * (UEA2 and UIA2) and document 2 (SNOW 3G).
 *
 * The LFSR is a ring of 16 words: a clock writes the new word over s0, and
 * the ring turns instead of its words moving. Sixteen clocks bring it back
 * where it started, so keystream comes 16 words at a time from straight-line
 * code in which every index is a constant.
 *
 * The S-boxes, MULalpha and DIValpha are tables, which tools/snow3g-tables.py
 * computes from their definitions in document 2 into snow3g_tables.h.
 */

#include "portable.h"
#include "snow3g.h"
#include "snow3g_tables.h"

/* Document 2, 3.3.1 and 3.3.2, through the tables of snow3g_tables.h. */
static __always_inline u32 snow3g_s1(u32 w)
{
	return snow3g_s1_t0[w >> 24] ^ snow3g_s1_t1[w >> 16 & 0xff] ^
	       snow3g_s1_t2[w >> 8 & 0xff] ^ snow3g_s1_t3[w & 0xff];
}

static __always_inline u32 snow3g_s2(u32 w)
{
	return snow3g_s2_t0[w >> 24] ^ snow3g_s2_t1[w >> 16 & 0xff] ^
	       snow3g_s2_t2[w >> 8 & 0xff] ^ snow3g_s2_t3[w & 0xff];
}

/*
 * One clock with s0 at ring position @i: the FSM (document 2, 3.4.6) and
 * then the LFSR, in initialisation mode (3.4.4) when @init, where the FSM
 * output F enters the feedback, or else in keystream mode (3.4.5). Returns
 * F XOR s0, the keystream word of 4.2 (meaningless when @init).
 */
static __always_inline u32 snow3g_clock(u32 *s, u32 *r1, u32 *r2, u32 *r3,
					unsigned int i, bool init)
{
	u32 s0 = s[i % 16];
	u32 s11 = s[(i + 11) % 16];
	u32 f = (s[(i + 15) % 16] + *r1) ^ *r2;
	u32 r = *r2 + (*r3 ^ s[(i + 5) % 16]);
	u32 v;

	*r3 = snow3g_s2(*r2);
	*r2 = snow3g_s1(*r1);
	*r1 = r;
	v = s0 << 8 ^ snow3g_mulalpha[s0 >> 24] ^ s[(i + 2) % 16] ^
	    s11 >> 8 ^ snow3g_divalpha[s11 & 0xff];
	s[i % 16] = init ? v ^ f : v;
	return f ^ s0;
}

/* A clock whose keystream word goes to z[@i] unless @z is NULL. */
static __always_inline void snow3g_step(u32 *s, u32 *r1, u32 *r2, u32 *r3,
					u32 *z, unsigned int i, bool init)
{
	u32 w = snow3g_clock(s, r1, r2, r3, i, init);

	if (z)
		z[i] = w;
}

/*
 * Sixteen clocks, written out: at -O2 a loop stays a loop, with every ring
 * index computed at run time.
 */
static __always_inline void snow3g_block(struct enbkey_snow3g *st, u32 *z,
					 bool init)
{
	u32 r1 = st->r1, r2 = st->r2, r3 = st->r3;
	u32 *s = st->s;

	snow3g_step(s, &r1, &r2, &r3, z, 0, init);
	snow3g_step(s, &r1, &r2, &r3, z, 1, init);
	snow3g_step(s, &r1, &r2, &r3, z, 2, init);
	snow3g_step(s, &r1, &r2, &r3, z, 3, init);
	snow3g_step(s, &r1, &r2, &r3, z, 4, init);
	snow3g_step(s, &r1, &r2, &r3, z, 5, init);
	snow3g_step(s, &r1, &r2, &r3, z, 6, init);
	snow3g_step(s, &r1, &r2, &r3, z, 7, init);
	snow3g_step(s, &r1, &r2, &r3, z, 8, init);
	snow3g_step(s, &r1, &r2, &r3, z, 9, init);
	snow3g_step(s, &r1, &r2, &r3, z, 10, init);
	snow3g_step(s, &r1, &r2, &r3, z, 11, init);
	snow3g_step(s, &r1, &r2, &r3, z, 12, init);
	snow3g_step(s, &r1, &r2, &r3, z, 13, init);
	snow3g_step(s, &r1, &r2, &r3, z, 14, init);
	snow3g_step(s, &r1, &r2, &r3, z, 15, init);
	st->r1 = r1;
	st->r2 = r2;
	st->r3 = r3;
}

/* One clock, after which the ring is turned back so that s[0] is s0. */
static u32 snow3g_clock1(struct enbkey_snow3g *st, bool init)
{
	u32 z = snow3g_clock(st->s, &st->r1, &st->r2, &st->r3, 0, init);
	u32 s15 = st->s[0];

	memmove(st->s, st->s + 1, 15 * sizeof(st->s[0]));
	st->s[15] = s15;
	return z;
}

static void snow3g_block_init(struct enbkey_snow3g *st)
{
	snow3g_block(st, NULL, true);
}

static void snow3g_block_keystream(struct enbkey_snow3g *st, u32 z[16])
{
	snow3g_block(st, z, false);
}

/* Document 2, 4.1 (initialisation) and the first clock of 4.2. */
void enbkey_snow3g_init(struct enbkey_snow3g *st, const u32 k[4],
			const u32 iv[4])
{
	u32 *s = st->s;

	s[15] = k[3] ^ iv[0];
	s[14] = k[2];
	s[13] = k[1];
	s[12] = k[0] ^ iv[1];
	s[11] = ~k[3];
	s[10] = ~k[2] ^ iv[2];
	s[9] = ~k[1] ^ iv[3];
	s[8] = ~k[0];
	s[7] = k[3];
	s[6] = k[2];
	s[5] = k[1];
	s[4] = k[0];
	s[3] = ~k[3];
	s[2] = ~k[2];
	s[1] = ~k[1];
	s[0] = ~k[0];
	st->r1 = 0;
	st->r2 = 0;
	st->r3 = 0;
	/* 32 clocks in initialisation mode */
	snow3g_block_init(st);
	snow3g_block_init(st);
	/* 4.2: the FSM output of the first keystream-mode clock is discarded */
	snow3g_clock1(st, false);
}

void enbkey_snow3g_keystream(struct enbkey_snow3g *st, u32 *z, size_t n)
{
	for (; n >= 16; n -= 16, z += 16)
		snow3g_block_keystream(st, z);
	while (n--)
		*z++ = snow3g_clock1(st, false);
}

void enbkey_snow3g_xor(struct enbkey_snow3g *st, u8 *dst, const u8 *src,
		       size_t len)
{
	u32 z[16];
	size_t i;

	for (; len >= ENBKEY_SNOW3G_BLOCK_SIZE;
	     len -= ENBKEY_SNOW3G_BLOCK_SIZE,
	     src += ENBKEY_SNOW3G_BLOCK_SIZE, dst += ENBKEY_SNOW3G_BLOCK_SIZE) {
		snow3g_block_keystream(st, z);
		for (i = 0; i < 16; i++)
			enbkey_store_be32(dst + 4 * i,
					  enbkey_load_be32(src + 4 * i) ^ z[i]);
	}
	if (len) {
		/* the end of the stream: the rest of this block is dropped */
		snow3g_block_keystream(st, z);
		for (i = 0; i < len; i++)
			dst[i] = src[i] ^ z[i / 4] >> (24 - 8 * (i % 4));
	}
	memzero_explicit(z, sizeof(z));
}

/* Document 1, 3.4 (UEA2) and 4.4 (UIA2): K3 is the first word of the key. */
static void snow3g_key(u32 k[4], const u8 key[16])
{
	k[3] = enbkey_load_be32(key);
	k[2] = enbkey_load_be32(key + 4);
	k[1] = enbkey_load_be32(key + 8);
	k[0] = enbkey_load_be32(key + 12);
}

/*
 * Document 1, 3.4: IV3 = IV1 = COUNT-C, IV2 = IV0 = BEARER || DIRECTION ||
 * 0^26. TS 33.401 B.1.2 builds the 128-EEA1 IV the same way.
 */
void enbkey_uea2_init(struct enbkey_snow3g *st, const u8 key[16], u32 count,
		      u8 bearer, u8 dir)
{
	u32 k[4], iv[4];

	snow3g_key(k, key);
	iv[3] = count;
	iv[2] = (u32)(bearer & 0x1f) << 27 | (u32)(dir & 1) << 26;
	iv[1] = iv[3];
	iv[0] = iv[2];
	enbkey_snow3g_init(st, k, iv);
	memzero_explicit(k, sizeof(k));
}

/* Document 1, 3.5 and 3.6 (f8); TS 33.401 B.1.2. */
void enbkey_eea1(const u8 key[16], u32 count, u8 bearer, u8 dir, u8 *dst,
		 const u8 *src, u32 bits)
{
	size_t len = bits / 8 + (bits % 8 != 0);
	struct enbkey_snow3g st;

	enbkey_uea2_init(&st, key, count, bearer, dir);
	enbkey_snow3g_xor(&st, dst, src, len);
	if (bits % 8)
		dst[len - 1] &= 0xff << (8 - bits % 8);
	memzero_explicit(&st, sizeof(st));
}

/*
 * Document 1, 4.3.2: MUL64x with c = 0x1B, i.e. V times x in GF(2^64)
 * modulo x^64 + x^4 + x^3 + x + 1.
 */
static __always_inline u64 uia2_mulx(u64 v)
{
	return v << 1 ^ (0x1b & -(v >> 63));
}

/*
 * Document 1, 4.3.4: MUL64(V, P, 0x1B), here four bits of P at a time from
 * the top (Horner's rule on nibbles), with a table of the 16 multiples of V.
 * For the one or two products a message needs besides its blocks.
 */
static u64 uia2_mul(u64 v, u64 p)
{
	u64 t[16], r = 0;
	unsigned int j, m;
	int i;

	t[0] = 0;
	for (j = 1; j < 16; j <<= 1) {
		t[j] = v;
		for (m = 1; m < j; m++)
			t[j + m] = v ^ t[m];
		v = uia2_mulx(v);
	}
	for (i = 60; i >= 0; i -= 4) {
		u64 top = r >> 60;

		/* r * x^4: the four bits that leave come back times 0x1B */
		r = r << 4 ^ top << 4 ^ top << 3 ^ top << 1 ^ top;
		r ^= t[p >> i & 15];
	}
	memzero_explicit(t, sizeof(t));
	return r;
}

/*
 * The same product, four bits of V at a time: t[k][n] holds n * x^(4k) * P
 * for the eight nibbles of a 32-bit half. A 64-bit V is its low half times
 * P, plus x^32 times its high half times P.
 */
struct uia2_table {
	u64 t[8][16];
};

static void uia2_table_init(struct uia2_table *tab, u64 p)
{
	unsigned int k, j;

	for (k = 0; k < 8; k++) {
		u64 *t = tab->t[k];

		t[0] = 0;
		for (j = 1; j < 16; j <<= 1) {
			unsigned int m;

			t[j] = p;
			for (m = 1; m < j; m++)
				t[j + m] = p ^ t[m];
			p = uia2_mulx(p);
		}
	}
}

static __always_inline u64 uia2_mul_half(const struct uia2_table *tab, u32 v)
{
	return tab->t[0][v & 15] ^ tab->t[1][v >> 4 & 15] ^
	       tab->t[2][v >> 8 & 15] ^ tab->t[3][v >> 12 & 15] ^
	       tab->t[4][v >> 16 & 15] ^ tab->t[5][v >> 20 & 15] ^
	       tab->t[6][v >> 24 & 15] ^ tab->t[7][v >> 28];
}

static __always_inline u64 uia2_mul_table(const struct uia2_table *tab, u64 v)
{
	u64 lo = uia2_mul_half(tab, v);
	u64 hi = uia2_mul_half(tab, v >> 32);
	u64 top = hi >> 32;

	/* x^32 * hi: its top 32 bits come back as x^64 = x^4 + x^3 + x + 1 */
	return lo ^ hi << 32 ^ top << 4 ^ top << 3 ^ top << 1 ^ top;
}

static u64 uia2_blocks_portable(u64 eval, u64 p, const u8 *data, size_t n)
{
	struct uia2_table tab;

	uia2_table_init(&tab, p);
	for (; n; n--, data += 8)
		eval = uia2_mul_table(&tab, eval ^ enbkey_load_be64(data));
	memzero_explicit(&tab, sizeof(tab));
	return eval;
}

#ifdef ENBKEY_HAVE_CLMUL
/*
 * With PCLMULQDQ. Four steps of Horner's rule are folded into one,
 * EVAL' = (EVAL ^ M0) P^4 ^ M1 P^3 ^ M2 P^2 ^ M3 P, so that the four
 * products are independent and only their sum is reduced. The compiler
 * may not touch SSE registers in the kernel, so each asm statement loads,
 * multiplies and stores back on its own, using xmm0 to xmm5 at most.
 */

/* hi * x^64 + lo modulo x^64 + x^4 + x^3 + x + 1 */
static __always_inline u64 uia2_reduce(u64 lo, u64 hi)
{
	u64 over = hi >> 60 ^ hi >> 61 ^ hi >> 63;

	lo ^= hi << 4 ^ hi << 3 ^ hi << 1 ^ hi;
	return lo ^ over << 4 ^ over << 3 ^ over << 1 ^ over;
}

static __always_inline u64 uia2_clmul1(u64 a, u64 b)
{
	u64 lo, hi;

	__asm__("movq %[a], %%xmm0\n\t"
		"movq %[b], %%xmm1\n\t"
		"pclmulqdq $0x00, %%xmm1, %%xmm0\n\t"
		"movq %%xmm0, %[lo]\n\t"
		"psrldq $8, %%xmm0\n\t"
		"movq %%xmm0, %[hi]"
		: [lo] "=r" (lo), [hi] "=r" (hi)
		: [a] "r" (a), [b] "r" (b)
		: ENBKEY_SIMD_CLOBBERS);
	return uia2_reduce(lo, hi);
}

/* a[0] * b[0] ^ a[1] * b[1] ^ a[2] * b[2] ^ a[3] * b[3], reduced */
static __always_inline u64 uia2_clmul4(const u64 a[4], const u64 b[4])
{
	u64 lo, hi;

	__asm__("movq %[a0], %%xmm0\n\t"
		"movq %[b0], %%xmm1\n\t"
		"pclmulqdq $0x00, %%xmm1, %%xmm0\n\t"
		"movq %[a1], %%xmm2\n\t"
		"movq %[b1], %%xmm3\n\t"
		"pclmulqdq $0x00, %%xmm3, %%xmm2\n\t"
		"movq %[a2], %%xmm4\n\t"
		"movq %[b2], %%xmm5\n\t"
		"pclmulqdq $0x00, %%xmm5, %%xmm4\n\t"
		"movq %[a3], %%xmm1\n\t"
		"movq %[b3], %%xmm3\n\t"
		"pclmulqdq $0x00, %%xmm3, %%xmm1\n\t"
		"pxor %%xmm2, %%xmm0\n\t"
		"pxor %%xmm4, %%xmm1\n\t"
		"pxor %%xmm1, %%xmm0\n\t"
		"movq %%xmm0, %[lo]\n\t"
		"psrldq $8, %%xmm0\n\t"
		"movq %%xmm0, %[hi]"
		: [lo] "=r" (lo), [hi] "=r" (hi)
		: [a0] "r" (a[0]), [a1] "r" (a[1]), [a2] "r" (a[2]),
		  [a3] "r" (a[3]), [b0] "m" (b[0]), [b1] "m" (b[1]),
		  [b2] "m" (b[2]), [b3] "m" (b[3])
		: ENBKEY_SIMD_CLOBBERS);
	return uia2_reduce(lo, hi);
}

static u64 uia2_blocks_clmul(u64 eval, u64 p, const u8 *data, size_t n)
{
	u64 pw[4], m[4];

	pw[3] = p;
	pw[2] = uia2_clmul1(p, p);
	pw[1] = uia2_clmul1(pw[2], p);
	pw[0] = uia2_clmul1(pw[1], p);
	for (; n >= 4; n -= 4, data += 32) {
		m[0] = eval ^ enbkey_load_be64(data);
		m[1] = enbkey_load_be64(data + 8);
		m[2] = enbkey_load_be64(data + 16);
		m[3] = enbkey_load_be64(data + 24);
		eval = uia2_clmul4(m, pw);
	}
	for (; n; n--, data += 8)
		eval = uia2_clmul1(eval ^ enbkey_load_be64(data), p);
	memzero_explicit(pw, sizeof(pw));
	memzero_explicit(m, sizeof(m));
	return eval;
}

/* Below this many blocks the SIMD section costs more than it saves. */
#define UIA2_CLMUL_MIN		4
/* Blocks per SIMD section, which runs with preemption off in the kernel */
#define UIA2_CLMUL_MAX		512
#endif /* ENBKEY_HAVE_CLMUL */

/* Document 1, 4.5, steps for i = 0 to D - 2: EVAL = (EVAL ^ M_i) * P. */
static void uia2_blocks(struct enbkey_uia2 *ctx, const u8 *data, size_t n)
{
#ifdef ENBKEY_HAVE_CLMUL
	while (n >= UIA2_CLMUL_MIN && !ctx->portable && enbkey_simd_begin()) {
		size_t k = n < UIA2_CLMUL_MAX ? n : UIA2_CLMUL_MAX;

		ctx->eval = uia2_blocks_clmul(ctx->eval, ctx->p, data, k);
		enbkey_simd_end();
		data += 8 * k;
		n -= k;
	}
#endif
	if (n)
		ctx->eval = uia2_blocks_portable(ctx->eval, ctx->p, data, n);
}

/*
 * Document 1, 4.4: IV3 = COUNT-I, IV2 = FRESH, IV1 = COUNT-I with
 * DIRECTION added to its top bit, IV0 = FRESH with DIRECTION added to bit
 * 16 from the left; z1 .. z5 then give P, Q and the final mask.
 */
void enbkey_uia2_init(struct enbkey_uia2 *ctx, const u8 key[16], u32 count,
		      u32 fresh, u8 dir)
{
	struct enbkey_snow3g st;
	u32 k[4], iv[4], z[5];

	snow3g_key(k, key);
	iv[3] = count;
	iv[2] = fresh;
	iv[1] = count ^ (u32)(dir & 1) << 31;
	iv[0] = fresh ^ (u32)(dir & 1) << 15;
	enbkey_snow3g_init(&st, k, iv);
	enbkey_snow3g_keystream(&st, z, 5);
	ctx->p = (u64)z[0] << 32 | z[1];
	ctx->q = (u64)z[2] << 32 | z[3];
	ctx->z5 = z[4];
	ctx->eval = 0;
	ctx->len = 0;
	ctx->buflen = 0;
	ctx->portable = false;
	memzero_explicit(&st, sizeof(st));
	memzero_explicit(k, sizeof(k));
	memzero_explicit(z, sizeof(z));
}

/* TS 33.401 B.2.2: FRESH[0..31] = BEARER[0..4] || 0^27. */
void enbkey_eia1_init(struct enbkey_uia2 *ctx, const u8 key[16], u32 count,
		      u8 bearer, u8 dir)
{
	enbkey_uia2_init(ctx, key, count, (u32)(bearer & 0x1f) << 27, dir);
}

void enbkey_uia2_update(struct enbkey_uia2 *ctx, const u8 *data, size_t len)
{
	size_t n;

	ctx->len += len;
	if (ctx->buflen) {
		n = 8 - ctx->buflen;
		if (n > len)
			n = len;
		memcpy(ctx->buf + ctx->buflen, data, n);
		ctx->buflen += n;
		data += n;
		len -= n;
		if (ctx->buflen < 8)
			return;
		uia2_blocks(ctx, ctx->buf, 1);
		ctx->buflen = 0;
	}
	if (len >= 8) {
		n = len / 8;
		uia2_blocks(ctx, data, n);
		data += 8 * n;
		len -= 8 * n;
	}
	memcpy(ctx->buf, data, len);
	ctx->buflen = len;
}

#ifdef ENBKEY_HAVE_CLMUL
static bool uia2_last_clmul(const struct enbkey_uia2 *ctx, u64 *eval, bool last,
			    u64 length)
{
	if (ctx->portable || !enbkey_simd_begin())
		return false;
	if (last)
		*eval = uia2_clmul1(*eval, ctx->p);
	*eval = uia2_clmul1(*eval ^ length, ctx->q);
	enbkey_simd_end();
	return true;
}
#else
static bool uia2_last_clmul(const struct enbkey_uia2 *ctx, u64 *eval, bool last,
			    u64 length)
{
	return false;
}
#endif

/* Document 1, 4.5: the last, zero-padded block, LENGTH, Q and z5. */
void enbkey_uia2_final(struct enbkey_uia2 *ctx, const u8 *tail,
		       unsigned int tail_bits, u8 mac[4])
{
	u64 length = ctx->len * 8 + tail_bits;
	bool last = ctx->buflen || tail_bits;
	u64 eval = ctx->eval;

	if (last) {
		memset(ctx->buf + ctx->buflen, 0, 8 - ctx->buflen);
		if (tail_bits)
			ctx->buf[ctx->buflen] = *tail & 0xff << (8 - tail_bits);
		eval ^= enbkey_load_be64(ctx->buf);
	}
	if (!uia2_last_clmul(ctx, &eval, last, length)) {
		if (last)
			eval = uia2_mul(eval, ctx->p);
		eval = uia2_mul(eval ^ length, ctx->q);
	}
	enbkey_store_be32(mac, (u32)(eval >> 32) ^ ctx->z5);
	memzero_explicit(ctx, sizeof(*ctx));
}

void enbkey_eia1(const u8 key[16], u32 count, u8 bearer, u8 dir,
		 const u8 *msg, u32 bits, u8 mac[4])
{
	struct enbkey_uia2 ctx;

	enbkey_eia1_init(&ctx, key, count, bearer, dir);
	enbkey_uia2_update(&ctx, msg, bits / 8);
	enbkey_uia2_final(&ctx, msg + bits / 8, bits % 8, mac);
}
