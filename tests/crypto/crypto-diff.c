// SPDX-License-Identifier: GPL-2.0
/*
 * crypto-diff: the SNOW 3G and ZUC cores of kmod/crypto/, built for
 * userspace, against Intel's libipsec-mb on random cases.
 *
 * Usage: crypto-diff [SEED [CASES]]
 *
 * Each case draws a key, COUNT, BEARER, DIRECTION and a length of 1 to 8192
 * bits from a generator seeded by SEED (random when not given; it is
 * printed, so that a failing run can be replayed). CASES (1000000 by
 * default) cases are run for each of 128-EEA1, 128-EIA1, 128-EEA3 and
 * 128-EIA3. One case in four feeds the core in pieces rather than at once.
 *
 * libipsec-mb takes bit lengths for SNOW 3G f8 and f9 and for ZUC EIA3,
 * but whole octets for ZUC EEA3: there the library ciphers every octet the
 * message touches, and the first LENGTH bits of both outputs are compared.
 * 128-EIA1 is compared twice, once with the PCLMULQDQ multiply of the core
 * (when the CPU has it) and once with its portable multiply.
 *
 * Where the core and libipsec-mb disagree on ZUC, zuc-spec.h, a second ZUC
 * written from the specification's words, settles it: the case counts as
 * libipsec-mb's known departure from the specification (an LFSR cell that
 * is 0 modulo 2^31 - 1 kept as 0, intel-ipsec-mb issue 144) only if the
 * core agrees with zuc-spec.h and libipsec-mb with zuc-spec.h's emulation
 * of that departure. Anything else is a mismatch.
 *
 * The last line gives the counts; the exit status is 1 on any mismatch.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <intel-ipsec-mb.h>

#include "snow3g.h"
#include "zuc.h"
#include "zuc-spec.h"

#define MAX_BITS	8192
#define MAX_OCTETS	(MAX_BITS / 8)

static uint64_t rng_state;

/* splitmix64 */
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rng_fill(u8 *buf, size_t len)
{
	while (len) {
		uint64_t r = rng();
		size_t n = len < 8 ? len : 8;

		memcpy(buf, &r, n);
		buf += n;
		len -= n;
	}
}

struct sample {
	u8 key[16];
	u32 count;
	u8 bearer;
	u8 dir;
	u32 bits;
	bool pieces;
	u8 msg[MAX_OCTETS];
};

static void draw(struct sample *s)
{
	rng_fill(s->key, sizeof(s->key));
	s->count = (u32)rng();
	s->bearer = rng() & 0x1f;
	s->dir = rng() & 1;
	s->bits = 1 + rng() % MAX_BITS;
	s->pieces = rng() % 4 == 0;
	rng_fill(s->msg, (s->bits + 7) / 8);
}

/* Do the first @bits bits of @a and @b agree? */
static bool same_bits(const u8 *a, const u8 *b, u32 bits)
{
	size_t n = bits / 8;
	u8 mask = 0xff << (8 - bits % 8);

	return !memcmp(a, b, n) && (bits % 8 == 0 || !((a[n] ^ b[n]) & mask));
}

static unsigned long mismatches, departures;

/* A ZUC disagreement: libipsec-mb's known departure, or a mismatch? */
static bool ipsec_departs(const struct sample *s, bool eia, const u8 *ours,
			  const u8 *ipsec)
{
	u8 spec[MAX_OCTETS], emul[MAX_OCTETS];
	uint32_t a, b;

	if (eia) {
		a = spec_eia3(s->key, s->count, s->bearer, s->dir, s->msg,
			      s->bits, false);
		b = spec_eia3(s->key, s->count, s->bearer, s->dir, s->msg,
			      s->bits, true);
		if (a != ((uint32_t)ours[0] << 24 | ours[1] << 16 | ours[2] << 8 | ours[3]) ||
		    b != ((uint32_t)ipsec[0] << 24 | ipsec[1] << 16 | ipsec[2] << 8 | ipsec[3]))
			return false;
	} else {
		memcpy(spec, s->msg, (s->bits + 7) / 8);
		memcpy(emul, s->msg, (s->bits + 7) / 8);
		spec_eea3(s->key, s->count, s->bearer, s->dir, spec, s->bits, false);
		spec_eea3(s->key, s->count, s->bearer, s->dir, emul, s->bits, true);
		if (!same_bits(spec, ours, s->bits) || !same_bits(emul, ipsec, s->bits))
			return false;
	}
	departures++;
	return true;
}

static void mismatch(const char *alg, unsigned long i, const struct sample *s,
		     const char *what)
{
	if (++mismatches <= 10)
		fprintf(stderr,
			"MISMATCH %s case %lu%s: COUNT %08x BEARER %u DIRECTION %u, %u bits%s\n",
			alg, i, what, s->count, s->bearer, s->dir, s->bits,
			s->pieces ? ", in pieces" : "");
}

/* A stream cipher in whole blocks of 64 octets, then the rest. */
static void stream_pieces(void *st, bool zuc, u8 *buf, u32 bits)
{
	size_t len = (bits + 7) / 8, done = 0;

	while (len - done > 64 && rng() % 2) {
		size_t n = 64 * (1 + rng() % ((len - done - 1) / 64));

		if (zuc)
			enbkey_zuc_xor(st, buf + done, buf + done, n);
		else
			enbkey_snow3g_xor(st, buf + done, buf + done, n);
		done += n;
	}
	if (zuc)
		enbkey_zuc_xor(st, buf + done, buf + done, len - done);
	else
		enbkey_snow3g_xor(st, buf + done, buf + done, len - done);
}

/* Random pieces of whole octets for an update() of a MAC. */
static size_t piece(size_t left)
{
	return left ? 1 + rng() % left : 0;
}

static void our_eea(bool zuc, const struct sample *s, u8 *out)
{
	if (!s->pieces) {
		if (zuc)
			enbkey_eea3(s->key, s->count, s->bearer, s->dir, out,
				    s->msg, s->bits);
		else
			enbkey_eea1(s->key, s->count, s->bearer, s->dir, out,
				    s->msg, s->bits);
		return;
	}
	memcpy(out, s->msg, (s->bits + 7) / 8);
	if (zuc) {
		struct enbkey_zuc st;

		enbkey_eea3_init(&st, s->key, s->count, s->bearer, s->dir);
		stream_pieces(&st, true, out, s->bits);
	} else {
		struct enbkey_snow3g st;

		enbkey_uea2_init(&st, s->key, s->count, s->bearer, s->dir);
		stream_pieces(&st, false, out, s->bits);
	}
}

static void our_eia1(const struct sample *s, bool portable, u8 mac[4])
{
	struct enbkey_uia2 ctx;
	size_t len = s->bits / 8, done = 0, n;

	if (!s->pieces && !portable) {
		enbkey_eia1(s->key, s->count, s->bearer, s->dir, s->msg, s->bits,
			    mac);
		return;
	}
	enbkey_eia1_init(&ctx, s->key, s->count, s->bearer, s->dir);
	ctx.portable = portable;
	for (; done < len; done += n) {
		n = s->pieces ? piece(len - done) : len;
		enbkey_uia2_update(&ctx, s->msg + done, n);
	}
	enbkey_uia2_final(&ctx, s->msg + len, s->bits % 8, mac);
}

static void our_eia3(const struct sample *s, u8 mac[4])
{
	struct enbkey_eia3 ctx;
	size_t len = s->bits / 8, done = 0, n;

	if (!s->pieces) {
		enbkey_eia3(s->key, s->count, s->bearer, s->dir, s->msg, s->bits,
			    mac);
		return;
	}
	enbkey_eia3_init(&ctx, s->key, s->count, s->bearer, s->dir);
	for (; done < len; done += n) {
		n = piece(len - done);
		enbkey_eia3_update(&ctx, s->msg + done, n);
	}
	enbkey_eia3_final(&ctx, s->msg + len, s->bits % 8, mac);
}

static const char *arch_name(IMB_ARCH arch)
{
	switch (arch) {
	case IMB_ARCH_NOAESNI:
		return "no-aesni";
	case IMB_ARCH_SSE:
		return "sse";
	case IMB_ARCH_AVX:
		return "avx";
	case IMB_ARCH_AVX2:
		return "avx2";
	case IMB_ARCH_AVX512:
		return "avx512";
	default:
		return "?";
	}
}

int main(int argc, char **argv)
{
	unsigned long cases = 1000000, i;
	struct sample *s = malloc(sizeof(*s));
	u8 *ref = malloc(MAX_OCTETS), *out = malloc(MAX_OCTETS);
	snow3g_key_schedule_t ks;
	u8 iv[16], mac[4], tag[4];
	uint64_t seed;
	IMB_MGR *mgr;
	IMB_ARCH arch;

	if (argc > 1) {
		seed = strtoull(argv[1], NULL, 0);
	} else if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed)) {
		perror("getrandom");
		return 2;
	}
	if (argc > 2)
		cases = strtoul(argv[2], NULL, 0);
	mgr = alloc_mb_mgr(0);
	if (!s || !ref || !out || !mgr) {
		fprintf(stderr, "out of memory\n");
		return 2;
	}
	init_mb_mgr_auto(mgr, &arch);
	{
		/* zuc-spec.h on the ZUC test set 1 of document 3: K = IV = 0 */
		static const uint8_t zero[16];
		struct spec_zuc z;

		spec_zuc_init(&z, zero, zero, false);
		if (spec_zuc_word(&z) != 0x27bede74 ||
		    spec_zuc_word(&z) != 0x018082da) {
			fprintf(stderr, "crypto-diff: zuc-spec.h fails its test set\n");
			return 2;
		}
	}
	printf("crypto-diff: seed 0x%016llx (replay: crypto-diff 0x%016llx %lu), libipsec-mb %s, %s; cores: EIA1 multiply %s and portable\n",
	       (unsigned long long)seed, (unsigned long long)seed, cases,
	       imb_get_version_str(), arch_name(arch),
	       enbkey_simd_begin() ? "PCLMULQDQ" : "portable (no PCLMULQDQ)");
	fflush(stdout);

	rng_state = seed;
	for (i = 0; i < cases; i++) {
		/* 128-EEA1: UEA2 f8, bit lengths on both sides */
		draw(s);
		snow3g_f8_iv_gen(s->count, s->bearer, s->dir, iv);
		IMB_SNOW3G_INIT_KEY_SCHED(mgr, s->key, &ks);
		IMB_SNOW3G_F8_1_BUFFER_BIT(mgr, &ks, iv, s->msg, ref, s->bits, 0);
		our_eea(false, s, out);
		if (!same_bits(out, ref, s->bits))
			mismatch("EEA1", i, s, "");

		/* 128-EIA1: UIA2 f9 with FRESH = BEARER || 0^27 */
		draw(s);
		snow3g_f9_iv_gen(s->count, (u32)s->bearer << 27, s->dir, iv);
		IMB_SNOW3G_INIT_KEY_SCHED(mgr, s->key, &ks);
		IMB_SNOW3G_F9_1_BUFFER(mgr, &ks, iv, s->msg, s->bits, tag);
		our_eia1(s, false, mac);
		if (memcmp(mac, tag, 4))
			mismatch("EIA1", i, s, "");
		our_eia1(s, true, mac);
		if (memcmp(mac, tag, 4))
			mismatch("EIA1", i, s, " (portable multiply)");

		/* 128-EEA3: the library takes whole octets */
		draw(s);
		zuc_eea3_iv_gen(s->count, s->bearer, s->dir, iv);
		IMB_ZUC_EEA3_1_BUFFER(mgr, s->key, iv, s->msg, ref,
				      (s->bits + 7) / 8);
		our_eea(true, s, out);
		if (!same_bits(out, ref, s->bits) &&
		    !ipsec_departs(s, false, out, ref))
			mismatch("EEA3", i, s, "");

		/* 128-EIA3 */
		draw(s);
		zuc_eia3_iv_gen(s->count, s->bearer, s->dir, iv);
		IMB_ZUC_EIA3_1_BUFFER(mgr, s->key, iv, s->msg, s->bits,
				      (uint32_t *)tag);
		our_eia3(s, mac);
		if (memcmp(mac, tag, 4) && !ipsec_departs(s, true, mac, tag))
			mismatch("EIA3", i, s, "");
	}
	printf("crypto-diff: %lu cases where libipsec-mb departs from the ZUC specification (intel-ipsec-mb issue 144) and the core follows it\n",
	       departures);
	printf("crypto-diff: seed 0x%016llx: EEA1 %lu, EIA1 %lu (x2: PCLMULQDQ and portable), EEA3 %lu, EIA3 %lu cases, 1..%u bits; %lu mismatches\n",
	       (unsigned long long)seed, cases, cases, cases, cases, MAX_BITS,
	       mismatches);
	free_mb_mgr(mgr);
	free(s);
	free(ref);
	free(out);
	return mismatches ? 1 : 0;
}
