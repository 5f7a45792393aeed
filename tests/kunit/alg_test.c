// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of 128-EEA2 and 128-EIA2 (TS 33.401 Annex B) against every
 * published set in shared/vectors/algorithms.json (converted by
 * tools/alg-vectors.py), bit lengths included, and against the reference
 * of ref.h.
 */

#include <linux/slab.h>

#include "../../kmod/alg.h"
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
	struct enbkey_alg *alg;
	u8 last_mask = v->bits % 8 ? 0xff << (8 - v->bits % 8) : 0xff;

	alg = enbkey_alg_get();
	/* Act: cipher the plaintext, and decipher the ciphertext */
	KUNIT_EXPECT_EQ(test, 0, enbkey_eea2(alg, v->key, v->count, v->bearer,
					     v->dir, buf, v->bits));
	KUNIT_EXPECT_EQ(test, 0, enbkey_eea2(alg, v->key, v->count, v->bearer,
					     v->dir, back, v->bits));
	enbkey_alg_put(alg);

	/* Assert */
	ENBKEY_EXPECT_MEMEQ(test, buf, v->out, len, "ciphertext");
	ENBKEY_EXPECT_MEMEQ(test, back, v->in, len - 1, "plaintext");
	KUNIT_EXPECT_EQ(test, back[len - 1], v->in[len - 1] & last_mask);
}

static void alg_test_eia2(struct kunit *test)
{
	const struct enbkey_alg_vector *v = test->param_value;
	size_t len = DIV_ROUND_UP(v->bits, 8);
	u8 *msg = alg_test_copy(test, v->in, v->bits);
	u8 mac[ENBKEY_MAC_LEN], split[ENBKEY_MAC_LEN];
	struct enbkey_alg *alg;

	alg = enbkey_alg_get();
	KUNIT_EXPECT_EQ(test, 0, enbkey_eia2(alg, v->key, v->count, v->bearer,
					     v->dir, NULL, 0, msg, v->bits,
					     mac));
	/* The same message given as a 2-octet head and the rest */
	if (len > 2)
		KUNIT_EXPECT_EQ(test, 0, enbkey_eia2(alg, v->key, v->count,
						     v->bearer, v->dir, msg, 2,
						     msg + 2, v->bits - 16,
						     split));
	enbkey_alg_put(alg);

	ENBKEY_EXPECT_MEMEQ(test, mac, v->out, ENBKEY_MAC_LEN, "MAC-I");
	if (len > 2)
		ENBKEY_EXPECT_MEMEQ(test, split, v->out, ENBKEY_MAC_LEN,
				    "MAC-I, split message");
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

/* Deciphering four octets at any offset matches the whole stream. */
static void alg_test_eea2_tail(struct kunit *test)
{
	static const u8 key[ENBKEY_AS_KEY_LEN] = { 7, 6, 5, 4, 3, 2, 1 };
	u8 *whole = kunit_kzalloc(test, 100, GFP_KERNEL);
	u8 *part = kunit_kzalloc(test, 4, GFP_KERNEL);
	struct enbkey_alg *alg;
	u32 off;

	KUNIT_ASSERT_NOT_NULL(test, whole);
	KUNIT_ASSERT_NOT_NULL(test, part);
	alg = enbkey_alg_get();
	KUNIT_ASSERT_EQ(test, 0, enbkey_eea2(alg, key, 0x1234, 3, 1, whole,
					     100 * 8));
	for (off = 0; off + 4 <= 100; off += 5) {
		memset(part, 0, 4);
		KUNIT_ASSERT_EQ(test, 0, enbkey_eea2_tail(alg, key, 0x1234, 3,
							  1, off, part, 4));
		ENBKEY_EXPECT_MEMEQ(test, part, whole + off, 4, "offset %u", off);
	}
	enbkey_alg_put(alg);
}

static int alg_test_suite_init(struct kunit_suite *suite)
{
	return enbkey_alg_init();
}

static void alg_test_suite_exit(struct kunit_suite *suite)
{
	enbkey_alg_exit();
}

static struct kunit_case enbkey_alg_test_cases[] = {
	KUNIT_CASE_PARAM(alg_test_eea2, eea2_gen_params),
	KUNIT_CASE_PARAM(alg_test_eia2, eia2_gen_params),
	KUNIT_CASE(alg_test_reference),
	KUNIT_CASE(alg_test_eea2_tail),
	{}
};

/* Runs before the module's init: see kdf_test.c. */
static struct kunit_suite enbkey_alg_test_suite = {
	.name = "enbkey-alg",
	.suite_init = alg_test_suite_init,
	.suite_exit = alg_test_suite_exit,
	.test_cases = enbkey_alg_test_cases,
};

kunit_test_suite(enbkey_alg_test_suite);
