// SPDX-License-Identifier: GPL-2.0
/*
 * crypto-bench: the SNOW 3G and ZUC cores of kmod/crypto/, built for the
 * host, against Intel's libipsec-mb, on 1500-octet messages with the key
 * set up afresh for every message (each message has its own key and
 * COUNT). Built and run by "make -C tests/crypto bench".
 *
 * Each figure is the best of several rounds of about 0.2 s, the two sides
 * taking turns, so that a busy machine penalises both alike. libipsec-mb
 * runs on the code path init_mb_mgr_auto() picks for this CPU, through its
 * single-buffer calls; the cores run their portable C, and 128-EIA1 also
 * its PCLMULQDQ multiply.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <intel-ipsec-mb.h>

#include "snow3g.h"
#include "zuc.h"

#define LEN		1500
#define ROUNDS		7
#define ROUND_NS	200000000ull

static IMB_MGR *mgr;
static u8 msg[LEN], out[LEN];
static volatile u8 sink;

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void key_for(u8 key[16], uint32_t i)
{
	memset(key, 0x5a, 16);
	memcpy(key, &i, sizeof(i));
}

/* ---- the cores ---- */

static void ours_eea1(uint32_t i)
{
	u8 key[16];

	key_for(key, i);
	enbkey_eea1(key, i, i & 0x1f, i & 1, out, msg, 8 * LEN);
	sink ^= out[i % LEN];
}

static void ours_eia1(uint32_t i)
{
	u8 key[16], mac[4];

	key_for(key, i);
	enbkey_eia1(key, i, i & 0x1f, i & 1, msg, 8 * LEN, mac);
	sink ^= mac[0];
}

static void ours_eia1_portable(uint32_t i)
{
	struct enbkey_uia2 ctx;
	u8 key[16], mac[4];

	key_for(key, i);
	enbkey_eia1_init(&ctx, key, i, i & 0x1f, i & 1);
	ctx.portable = true;
	enbkey_uia2_update(&ctx, msg, LEN);
	enbkey_uia2_final(&ctx, NULL, 0, mac);
	sink ^= mac[0];
}

static void ours_eea3(uint32_t i)
{
	u8 key[16];

	key_for(key, i);
	enbkey_eea3(key, i, i & 0x1f, i & 1, out, msg, 8 * LEN);
	sink ^= out[i % LEN];
}

static void ours_eia3(uint32_t i)
{
	u8 key[16], mac[4];

	key_for(key, i);
	enbkey_eia3(key, i, i & 0x1f, i & 1, msg, 8 * LEN, mac);
	sink ^= mac[0];
}

/* ---- libipsec-mb ---- */

static void ipsec_eea1(uint32_t i)
{
	snow3g_key_schedule_t ks;
	u8 key[16], iv[16];

	key_for(key, i);
	snow3g_f8_iv_gen(i, i & 0x1f, i & 1, iv);
	IMB_SNOW3G_INIT_KEY_SCHED(mgr, key, &ks);
	IMB_SNOW3G_F8_1_BUFFER_BIT(mgr, &ks, iv, msg, out, 8 * LEN, 0);
	sink ^= out[i % LEN];
}

static void ipsec_eia1(uint32_t i)
{
	snow3g_key_schedule_t ks;
	u8 key[16], iv[16], tag[4];

	key_for(key, i);
	snow3g_f9_iv_gen(i, (i & 0x1f) << 27, i & 1, iv);
	IMB_SNOW3G_INIT_KEY_SCHED(mgr, key, &ks);
	IMB_SNOW3G_F9_1_BUFFER(mgr, &ks, iv, msg, 8 * LEN, tag);
	sink ^= tag[0];
}

static void ipsec_eea3(uint32_t i)
{
	u8 key[16], iv[16];

	key_for(key, i);
	zuc_eea3_iv_gen(i, i & 0x1f, i & 1, iv);
	IMB_ZUC_EEA3_1_BUFFER(mgr, key, iv, msg, out, LEN);
	sink ^= out[i % LEN];
}

static void ipsec_eia3(uint32_t i)
{
	u8 key[16], iv[16];
	uint32_t tag;

	key_for(key, i);
	zuc_eia3_iv_gen(i, i & 0x1f, i & 1, iv);
	IMB_ZUC_EIA3_1_BUFFER(mgr, key, iv, msg, 8 * LEN, &tag);
	sink ^= tag;
}

/* MB/s of one round of about ROUND_NS. */
static double round_mbps(void (*fn)(uint32_t), uint32_t *i)
{
	uint64_t t0 = now_ns(), t;
	unsigned long n = 0;

	do {
		for (unsigned int k = 0; k < 256; k++)
			fn((*i)++);
		n += 256;
		t = now_ns();
	} while (t - t0 < ROUND_NS);
	return (double)n * LEN * 1e3 / (double)(t - t0);
}

struct row {
	const char *name;
	void (*ours)(uint32_t);
	void (*theirs)(uint32_t);
	double target;
	bool reference;		/* not the default path: no verdict */
	const char *our_path;
	const char *their_call;
};

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

int main(void)
{
	static const struct row rows[] = {
		{ "EEA1", ours_eea1, ipsec_eea1, 0.5, false,
		  "portable C, tables",
		  "IMB_SNOW3G_F8_1_BUFFER_BIT" },
		{ "EIA1", ours_eia1, ipsec_eia1, 0.3, false,
		  "PCLMULQDQ multiply",
		  "IMB_SNOW3G_F9_1_BUFFER" },
		{ "EIA1", ours_eia1_portable, ipsec_eia1, 0.3, true,
		  "portable multiply (*)",
		  "IMB_SNOW3G_F9_1_BUFFER" },
		{ "EEA3", ours_eea3, ipsec_eea3, 0.5, false,
		  "portable C",
		  "IMB_ZUC_EEA3_1_BUFFER" },
		{ "EIA3", ours_eia3, ipsec_eia3, 0.5, false,
		  "portable C",
		  "IMB_ZUC_EIA3_1_BUFFER" },
	};
	unsigned int r, k, missed = 0;
	IMB_ARCH arch;
	uint32_t i = 0;

	mgr = alloc_mb_mgr(0);
	if (!mgr)
		return 2;
	init_mb_mgr_auto(mgr, &arch);
	for (k = 0; k < LEN; k++)
		msg[k] = k * 131 + 7;
	if (!enbkey_simd_begin())
		fprintf(stderr, "crypto-bench: no PCLMULQDQ: the EIA1 \"PCLMULQDQ\" row runs the portable multiply\n");

	printf("crypto-bench: %d-octet messages, key set up per message; libipsec-mb %s, %s; best of %d rounds\n",
	       LEN, imb_get_version_str(), arch_name(arch), ROUNDS);
	printf("%-5s %-22s %10s %10s %7s %7s  %s\n", "alg", "enbkey core",
	       "MB/s", "ipsec-mb", "ratio", "target", "libipsec-mb call");
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const struct row *w = &rows[r];
		double a = 0, b = 0, x, ratio;

		for (k = 0; k < ROUNDS; k++) {
			x = round_mbps(w->ours, &i);
			a = x > a ? x : a;
			x = round_mbps(w->theirs, &i);
			b = x > b ? x : b;
		}
		ratio = a / b;
		if (!w->reference)
			missed += ratio < w->target;
		printf("%-5s %-22s %10.0f %10.0f %7.2f %5s%.1f  %s (%s)\n",
		       w->name, w->our_path, a, b, ratio,
		       w->reference ? "(*) " : ratio < w->target ? "MISS " : ">= ",
		       w->target, w->their_call, arch_name(arch));
		fflush(stdout);
	}
	printf("(*) the fallback where PCLMULQDQ is missing or SIMD unusable: shown, not judged\n");
	printf("crypto-bench: %s\n", missed ? "some targets missed" :
	       "every target met");
	free_mb_mgr(mgr);
	return 0;
}
