// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of 128-EEA2 and 128-EIA2 (TS 33.401 Annex B) against every
 * published set in shared/vectors/algorithms.json (converted by
 * tools/alg-vectors.py), bit lengths included, through the bit-length
 * entry points of kmod/crypto/aes3gpp.c; and of the one interface PDCP
 * uses for EEA0..3 and EIA0..3 (alg.c), on whole octets of every published
 * set, and against the reference of ref.h.
 */

#include <linux/slab.h>

#include "../../kmod/alg.h"
#include "../../kmod/crypto/aes3gpp.h"
#include "../../kmod/crypto/crypto.h"
#include "../../kmod/crypto/snow3g.h"
#include "../../kmod/crypto/zuc.h"
#include "ref.h"
#include "test.h"

struct enbkey_alg_vector {
	const char *name;
	u8 key[ENBKEY_AS_KEY_LEN];
	u32 count;
	u8 bearer;
	u8 dir;
	u32 bits;
	const u8 *in;
	const u8 *out;
};

#include "alg_vectors.h"

static void alg_vector_desc(const struct enbkey_alg_vector *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(eea2, enbkey_eea2_vectors, alg_vector_desc);
KUNIT_ARRAY_PARAM(eia2, enbkey_eia2_vectors, alg_vector_desc);

/* The published outputs zero the bits past the message in the last octet. */
static u8 *alg_test_copy(struct kunit *test, const u8 *src, u32 bits)
{
	size_t len = DIV_ROUND_UP(bits, 8);
	u8 *buf = kunit_kmalloc(test, len + 16, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, src, len);
	return buf;
}

static void alg_test_eea2(struct kunit *test)
{
	const struct enbkey_alg_vector *v = test->param_value;
	size_t len = DIV_ROUND_UP(v->bits, 8);
	u8 *buf = alg_test_copy(test, v->in, v->bits);
	u8 *back = alg_test_copy(test, v->out, v->bits);
	u8 last_mask = v->bits % 8 ? 0xff << (8 - v->bits % 8) : 0xff;

	/* Act: cipher the plaintext, and decipher the ciphertext */
	enbkey_eea2(v->key, v->count, v->bearer, v->dir, buf, buf, v->bits);
	enbkey_eea2(v->key, v->count, v->bearer, v->dir, back, back, v->bits);

	/* Assert */
	ENBKEY_EXPECT_MEMEQ(test, buf, v->out, len, "ciphertext");
	ENBKEY_EXPECT_MEMEQ(test, back, v->in, len - 1, "plaintext");
	KUNIT_EXPECT_EQ(test, back[len - 1], v->in[len - 1] & last_mask);
}

static void alg_test_eia2(struct kunit *test)
{
	const struct enbkey_alg_vector *v = test->param_value;
	u8 mac[ENBKEY_MAC_LEN];

	enbkey_eia2(v->key, v->count, v->bearer, v->dir, v->in, v->bits, mac);
	ENBKEY_EXPECT_MEMEQ(test, mac, v->out, ENBKEY_MAC_LEN, "MAC-I");
}

/* The reference of the other suites agrees with the published sets. */
static void alg_test_reference(struct kunit *test)
{
	u8 buf[512], mac[4];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(enbkey_eea2_vectors); i++) {
		const struct enbkey_alg_vector *v = &enbkey_eea2_vectors[i];
		size_t len = v->bits / 8;	/* whole octets only */

		if (len > sizeof(buf))
			continue;
		memcpy(buf, v->in, len);
		ref_eea2(v->key, v->count, v->bearer, v->dir, buf, len);
		ENBKEY_EXPECT_MEMEQ(test, buf, v->out, len, "%s", v->name);
	}
	for (i = 0; i < ARRAY_SIZE(enbkey_eia2_vectors); i++) {
		const struct enbkey_alg_vector *v = &enbkey_eia2_vectors[i];

		if (v->bits % 8)
			continue;
		ref_eia2(v->key, v->count, v->bearer, v->dir, NULL, 0, v->in,
			 v->bits / 8, mac);
		ENBKEY_EXPECT_MEMEQ(test, mac, v->out, 4, "%s", v->name);
	}
}

/* The EEA or EIA sets of algorithm 1..3, for the pool tests. */
static const struct enbkey_alg_vector *alg_sets(u8 alg, bool eia, size_t *n)
{
	switch (alg * 2 + eia) {
	case 2:
		*n = ARRAY_SIZE(enbkey_eea1_vectors);
		return enbkey_eea1_vectors;
	case 3:
		*n = ARRAY_SIZE(enbkey_eia1_vectors);
		return enbkey_eia1_vectors;
	case 4:
		*n = ARRAY_SIZE(enbkey_eea2_vectors);
		return enbkey_eea2_vectors;
	case 5:
		*n = ARRAY_SIZE(enbkey_eia2_vectors);
		return enbkey_eia2_vectors;
	case 6:
		*n = ARRAY_SIZE(enbkey_eea3_vectors);
		return enbkey_eea3_vectors;
	default:
		*n = ARRAY_SIZE(enbkey_eia3_vectors);
		return enbkey_eia3_vectors;
	}
}

/* a key for EEA0 and EIA0, which ignore it */
static const u8 null_alg_key[ENBKEY_AS_KEY_LEN] = { 0x5a };

/*
 * The pool runs EEA1..3 on whole octets: the published sets' ciphertext of
 * their whole-octet prefix, also with the message split into data and a
 * 4-octet tail, as unprotect deciphers payload and MAC-I.
 */
static void alg_test_pool_eea(struct kunit *test)
{
	struct enbkey_alg *alg = enbkey_alg_get();
	const struct enbkey_alg_vector *v;
	size_t n, i;
	u8 *buf, tail[4];
	u8 eea;

	for (eea = 1; eea <= ENBKEY_ALG_MAX; eea++) {
		v = alg_sets(eea, false, &n);
		for (i = 0; i < n; i++, v++) {
			u32 len = v->bits / 8;

			if (len < 8)
				continue;
			buf = alg_test_copy(test, v->in, len * 8);
			KUNIT_EXPECT_EQ(test, 0, enbkey_alg_eea(alg, eea, v->key,
								v->count, v->bearer,
								v->dir, buf, len,
								NULL, 0));
			ENBKEY_EXPECT_MEMEQ(test, buf, v->out, len, "%s", v->name);
			memcpy(buf, v->in, len);
			memcpy(tail, v->in + len - 4, 4);
			KUNIT_EXPECT_EQ(test, 0, enbkey_alg_eea(alg, eea, v->key,
								v->count, v->bearer,
								v->dir, buf, len - 4,
								tail, 4));
			ENBKEY_EXPECT_MEMEQ(test, buf, v->out, len - 4,
					    "%s, data part", v->name);
			ENBKEY_EXPECT_MEMEQ(test, tail, v->out + len - 4, 4,
					    "%s, tail", v->name);
		}
	}
	/* EEA0 changes nothing */
	memset(tail, 0x5a, 4);
	KUNIT_EXPECT_EQ(test, 0, enbkey_alg_eea(alg, 0, null_alg_key, 1, 1, 1, tail, 4,
						NULL, 0));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(tail, 0x5a, 4));
	enbkey_alg_put(alg);
}

/*
 * The pool runs EIA1..3: the published MAC-I of every whole-octet set, with
 * the message given as a header and the rest; EIA0 gives zero.
 */
static void alg_test_pool_eia(struct kunit *test)
{
	struct enbkey_alg *alg = enbkey_alg_get();
	const struct enbkey_alg_vector *v;
	u8 mac[ENBKEY_MAC_LEN];
	size_t n, i;
	u8 eia;

	for (eia = 1; eia <= ENBKEY_ALG_MAX; eia++) {
		v = alg_sets(eia, true, &n);
		for (i = 0; i < n; i++, v++) {
			u32 len = v->bits / 8;

			if (v->bits % 8 || len < 2)
				continue;
			KUNIT_EXPECT_EQ(test, 0, enbkey_alg_eia(alg, eia, v->key,
								v->count, v->bearer,
								v->dir, v->in, 2,
								v->in + 2, len - 2,
								mac));
			ENBKEY_EXPECT_MEMEQ(test, mac, v->out, 4, "%s", v->name);
		}
	}
	/* EIA0: a MAC-I of zeros whatever the key and message */
	memset(mac, 0x5a, sizeof(mac));
	KUNIT_EXPECT_EQ(test, 0, enbkey_alg_eia(alg, 0, null_alg_key, 1, 1, 1, NULL, 0,
						null_alg_key, 1, mac));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(mac, 0, sizeof(mac)));
	enbkey_alg_put(alg);
}

static int alg_test_suite_init(struct kunit_suite *suite)
{
	int err;

	/* Sets up what the suite uses: see kdf_test.c. */
	err = enbkey_crypto_init();
	if (err)
		return err;
	err = enbkey_alg_init();
	if (err)
		enbkey_crypto_exit();
	return err;
}

static void alg_test_suite_exit(struct kunit_suite *suite)
{
	enbkey_alg_exit();
	enbkey_crypto_exit();
}

static struct kunit_case enbkey_alg_test_cases[] = {
	KUNIT_CASE_PARAM(alg_test_eea2, eea2_gen_params),
	KUNIT_CASE_PARAM(alg_test_eia2, eia2_gen_params),
	KUNIT_CASE(alg_test_reference),
	KUNIT_CASE(alg_test_pool_eea),
	KUNIT_CASE(alg_test_pool_eia),
	{}
};

static struct kunit_suite enbkey_alg_test_suite = {
	.name = "enbkey-alg",
	.suite_init = alg_test_suite_init,
	.suite_exit = alg_test_suite_exit,
	.test_cases = enbkey_alg_test_cases,
};

kunit_test_suite(enbkey_alg_test_suite);
