// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the TS 33.220 B.2 KDF and its TS 33.401 A.7 use.
 *
 * Expected values come from shared/vectors/kdf.json (converted by
 * tools/kdf-vectors.py) and from an HMAC-SHA-256 the test builds itself on
 * the SHA-256 library, over an S it assembles octet by octet.
 */

#include <crypto/sha2.h>

#include "../../kmod/kdf.h"
#include "ref.h"
#include "test.h"

struct enbkey_kdf_vector {
	const char *name;
	u8 key[ENBKEY_KENB_LEN];
	u8 fc;
	struct {
		u8 data[8];
		u16 len;
	} params[4];
	unsigned int n_params;
	u8 out256[ENBKEY_KDF_OUT_LEN];
	u8 alg_key128[ENBKEY_AS_KEY_LEN];
};

#include "kdf_vectors.h"

static const u8 test_kenb[ENBKEY_KENB_LEN] = {
	0xc4, 0xc7, 0xbc, 0x79, 0x8a, 0xb9, 0x4e, 0x3d,
	0x35, 0x4c, 0xd6, 0x60, 0x8e, 0x79, 0xaa, 0x92,
	0xf5, 0x56, 0x9d, 0xf4, 0x65, 0x19, 0x50, 0x78,
	0x50, 0x05, 0x1e, 0x36, 0xf0, 0x18, 0xca, 0x5f,
};

static void kdf_vector_desc(const struct enbkey_kdf_vector *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kdf_vector, enbkey_kdf_vectors, kdf_vector_desc);

static void kdf_test_vector(struct kunit *test)
{
	const struct enbkey_kdf_vector *v = test->param_value;
	struct enbkey_kdf_param params[ARRAY_SIZE(v->params)];
	u8 out[ENBKEY_KDF_OUT_LEN];
	unsigned int i;

	/* Arrange */
	for (i = 0; i < v->n_params; i++) {
		params[i].data = v->params[i].data;
		params[i].len = v->params[i].len;
	}

	/* Act */
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf(v->key, sizeof(v->key), v->fc,
					    params, v->n_params, out));

	/* Assert */
	ENBKEY_EXPECT_MEMEQ(test, out, v->out256, sizeof(out), "out256");
	ENBKEY_EXPECT_MEMEQ(test, out + 16, v->alg_key128, 16, "key128");
}

/* The A.7 entries also go through the function the module really uses. */
static void kdf_test_vectors_alg_key(struct kunit *test)
{
	u8 key[ENBKEY_AS_KEY_LEN];
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(enbkey_kdf_vectors); i++) {
		const struct enbkey_kdf_vector *v = &enbkey_kdf_vectors[i];

		if (v->fc != ENBKEY_FC_ALG_KEY)
			continue;
		KUNIT_ASSERT_EQ(test, 0,
				enbkey_kdf_alg_key(v->key, v->params[0].data[0],
						   v->params[1].data[0], key));
		ENBKEY_EXPECT_MEMEQ(test, key, v->alg_key128, sizeof(key),
				    "%s", v->name);
		n++;
	}
	/* 4 published and 16 computed A.7 entries */
	KUNIT_EXPECT_EQ(test, n, 20);
}

/* The reference HMAC reproduces the published values too. */
static void kdf_test_reference_matches_vectors(struct kunit *test)
{
	u8 s[64], out[SHA256_DIGEST_SIZE];
	unsigned int i, j;
	size_t n;

	for (i = 0; i < ARRAY_SIZE(enbkey_kdf_vectors); i++) {
		const struct enbkey_kdf_vector *v = &enbkey_kdf_vectors[i];

		n = 0;
		s[n++] = v->fc;
		for (j = 0; j < v->n_params; j++) {
			memcpy(s + n, v->params[j].data, v->params[j].len);
			n += v->params[j].len;
			s[n++] = v->params[j].len >> 8;
			s[n++] = v->params[j].len & 0xff;
		}
		ref_hmac_sha256(v->key, sizeof(v->key), s, n, out);
		ENBKEY_EXPECT_MEMEQ(test, out, v->out256, sizeof(out), "%s",
				    v->name);
	}
}

/*
 * Independent cases: parameters of several lengths (a length field above
 * 255 included) and keys other than the vectors', against the reference.
 */
static void kdf_test_independent(struct kunit *test)
{
	static const u8 expected_s_head[] = { 0x1c, 0xab, 0xcd, 0x00, 0x02 };
	struct enbkey_kdf_param params[3];
	u8 key[ENBKEY_KENB_LEN], out[ENBKEY_KDF_OUT_LEN];
	u8 ref[SHA256_DIGEST_SIZE];
	u8 *big, *s;
	size_t n;
	int i;

	big = kunit_kzalloc(test, 300, GFP_KERNEL);
	s = kunit_kzalloc(test, 400, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_ASSERT_NOT_NULL(test, s);
	for (i = 0; i < 300; i++)
		big[i] = i * 7 + 1;
	for (i = 0; i < ENBKEY_KENB_LEN; i++)
		key[i] = 0xa5 ^ i;

	/* One parameter of two octets. */
	params[0].data = expected_s_head + 1;
	params[0].len = 2;
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf(key, sizeof(key), 0x1c, params, 1,
					    out));
	ref_hmac_sha256(key, sizeof(key), expected_s_head,
			sizeof(expected_s_head), ref);
	ENBKEY_EXPECT_MEMEQ(test, out, ref, sizeof(ref), "vs reference");

	/* Three parameters, the last 300 octets long (L = 0x01 0x2c). */
	params[0].data = big;
	params[0].len = 1;
	params[1].data = big + 1;
	params[1].len = 3;
	params[2].data = big;
	params[2].len = 300;
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf(key, sizeof(key), 0x13, params, 3,
					    out));
	n = 0;
	s[n++] = 0x13;
	s[n++] = big[0];
	s[n++] = 0x00;
	s[n++] = 0x01;
	memcpy(s + n, big + 1, 3);
	n += 3;
	s[n++] = 0x00;
	s[n++] = 0x03;
	memcpy(s + n, big, 300);
	n += 300;
	s[n++] = 0x01;
	s[n++] = 0x2c;
	ref_hmac_sha256(key, sizeof(key), s, n, ref);
	ENBKEY_EXPECT_MEMEQ(test, out, ref, sizeof(ref), "vs reference");

	/* No parameter at all: S = FC. */
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf(key, sizeof(key), 0x12, NULL, 0,
					    out));
	s[0] = 0x12;
	ref_hmac_sha256(key, sizeof(key), s, 1, ref);
	ENBKEY_EXPECT_MEMEQ(test, out, ref, sizeof(ref), "vs reference");
}

/* TS 33.401 A.7: S = 0x15 || P0 || 0x00 0x01 || P1 || 0x00 0x01, last 16 octets. */
static void kdf_expect_alg_key(struct kunit *test, const u8 *key, u8 type,
			       u8 alg)
{
	u8 s[] = { 0x15, type, 0x00, 0x01, alg, 0x00, 0x01 };
	u8 ref[SHA256_DIGEST_SIZE], got[ENBKEY_AS_KEY_LEN];

	ref_hmac_sha256(test_kenb, ENBKEY_KENB_LEN, s, sizeof(s), ref);
	ENBKEY_EXPECT_MEMEQ(test, key, ref + 16, ENBKEY_AS_KEY_LEN,
			    "type 0x%02x alg %u", type, alg);
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_alg_key(test_kenb, type, alg, got));
	ENBKEY_EXPECT_MEMEQ(test, got, ref + 16, sizeof(got), "alg key");
}

/* Ciphering keys follow the EEA id, integrity keys the EIA id. */
static void kdf_test_as_keys(struct kunit *test)
{
	struct enbkey_as_keys keys;
	u8 eea, eia;

	for (eea = 0; eea <= ENBKEY_ALG_MAX; eea++) {
		for (eia = 0; eia <= ENBKEY_ALG_MAX; eia++) {
			KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(test_kenb,
								    eea, eia,
								    &keys));
			kdf_expect_alg_key(test, keys.rrc_enc,
					   ENBKEY_ALG_TYPE_RRC_ENC, eea);
			kdf_expect_alg_key(test, keys.rrc_int,
					   ENBKEY_ALG_TYPE_RRC_INT, eia);
			kdf_expect_alg_key(test, keys.up_enc,
					   ENBKEY_ALG_TYPE_UP_ENC, eea);
			kdf_expect_alg_key(test, keys.up_int,
					   ENBKEY_ALG_TYPE_UP_INT, eia);
		}
	}
}

/* The shared transform carries no key from one derivation to the next. */
static void kdf_test_no_key_carried_over(struct kunit *test)
{
	static const u8 other[ENBKEY_KENB_LEN] = { 1, 2, 3 };
	u8 a[ENBKEY_AS_KEY_LEN], b[ENBKEY_AS_KEY_LEN], c[ENBKEY_AS_KEY_LEN];

	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_alg_key(test_kenb, 3, 2, a));
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_alg_key(other, 3, 2, b));
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_alg_key(test_kenb, 3, 2, c));
	ENBKEY_EXPECT_MEMNEQ(test, a, b, sizeof(a), "other key");
	ENBKEY_EXPECT_MEMEQ(test, a, c, sizeof(a), "same key");
}

static struct kunit_case enbkey_kdf_test_cases[] = {
	KUNIT_CASE_PARAM(kdf_test_vector, kdf_vector_gen_params),
	KUNIT_CASE(kdf_test_vectors_alg_key),
	KUNIT_CASE(kdf_test_reference_matches_vectors),
	KUNIT_CASE(kdf_test_independent),
	KUNIT_CASE(kdf_test_as_keys),
	KUNIT_CASE(kdf_test_no_key_carried_over),
	{}
};

/*
 * KUnit runs the suites of a module before its init function (6.1) or
 * after it (6.12); in the KUnit build the module's init does nothing (see
 * kmod/main.c), so each suite sets up what it uses and tears it down.
 */
static int kdf_test_suite_init(struct kunit_suite *suite)
{
	return enbkey_kdf_init();
}

static void kdf_test_suite_exit(struct kunit_suite *suite)
{
	enbkey_kdf_exit();
}

static struct kunit_suite enbkey_kdf_test_suite = {
	.name = "enbkey-kdf",
	.suite_init = kdf_test_suite_init,
	.suite_exit = kdf_test_suite_exit,
	.test_cases = enbkey_kdf_test_cases,
};

kunit_test_suite(enbkey_kdf_test_suite);
