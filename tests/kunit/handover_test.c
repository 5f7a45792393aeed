// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of key chaining (TS 33.401 7.2.8, A.5, A.15): KeNB* for the
 * published vector and the EARFCN-DL boundaries, vertical and horizontal
 * derivation, NCC wrap, commit, S-KeNB counters and re-keying. Expected
 * values come from shared/vectors/kdf.json or the HMAC reference of ref.h.
 */

#include "../../kmod/handover.h"
#include "ref.h"
#include "test.h"

/* "KeNB* (33.401 A.5), PCI = 32, EARFCN-DL = 561" of kdf.json */
static const u8 vec_key[ENBKEY_KENB_LEN] = {
	0xc4, 0xc7, 0xbc, 0x79, 0x8a, 0xb9, 0x4e, 0x3d,
	0x35, 0x4c, 0xd6, 0x60, 0x8e, 0x79, 0xaa, 0x92,
	0xf5, 0x56, 0x9d, 0xf4, 0x65, 0x19, 0x50, 0x78,
	0x50, 0x05, 0x1e, 0x36, 0xf0, 0x18, 0xca, 0x5f,
};

static const u8 vec_kenb_star[ENBKEY_KENB_LEN] = {
	0x6f, 0x04, 0x54, 0x57, 0x7f, 0x55, 0x5c, 0xa7,
	0x6f, 0x44, 0x9c, 0x2a, 0xc1, 0xda, 0x0f, 0x4f,
	0xb7, 0xde, 0x4b, 0x94, 0x40, 0x11, 0x0f, 0xfb,
	0xd1, 0x2f, 0x3a, 0x5d, 0x4d, 0xe1, 0x73, 0x50,
};

static const u8 test_nh[ENBKEY_KENB_LEN] = {
	0x90, 0x81, 0x72, 0x63, 0x54, 0x45, 0x36, 0x27,
	0x18, 0x09, 0xfa, 0xeb, 0xdc, 0xcd, 0xbe, 0xaf,
	0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5, 0x06, 0x17,
	0x28, 0x39, 0x4a, 0x5b, 0x6c, 0x7d, 0x8e, 0x9f,
};

/* TS 33.401 A.5, assembled octet by octet */
static void ref_kenb_star(const u8 *key, u16 pci, u32 earfcn, u8 out[32])
{
	u8 s[10] = { 0x13, pci >> 8, pci & 0xff, 0x00, 0x02 };
	size_t n = 5;

	if (earfcn > 0xffff)
		s[n++] = earfcn >> 16;
	s[n++] = earfcn >> 8;
	s[n++] = earfcn & 0xff;
	s[n++] = 0x00;
	s[n++] = earfcn > 0xffff ? 0x03 : 0x02;
	ref_hmac_sha256(key, ENBKEY_KENB_LEN, s, n, out);
}

static struct enbkey_ue *ho_test_ue(struct kunit *test, bool algs)
{
	struct enbkey_ue *ue = enbkey_ue_alloc(1);

	KUNIT_ASSERT_NOT_NULL(test, ue);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, vec_key, 0, NULL));
	if (algs)
		KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, NULL));
	return ue;
}

static void ho_test_vector(struct kunit *test)
{
	u8 out[ENBKEY_KDF_OUT_LEN];

	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_kenb_star(vec_key, 32, 561, out));
	ENBKEY_EXPECT_MEMEQ(test, out, vec_kenb_star, sizeof(out), "KeNB*");
}

static const u32 ho_test_earfcns[] = { 0, 561, 65535, 65536, 262143 };

/* L1 is 0x00 0x02 up to 65535 and 0x00 0x03 from 65536 */
static void ho_test_earfcn_boundaries(struct kunit *test)
{
	u8 out[ENBKEY_KDF_OUT_LEN], ref[ENBKEY_KDF_OUT_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ho_test_earfcns); i++) {
		KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_kenb_star(vec_key, 503,
							      ho_test_earfcns[i],
							      out));
		ref_kenb_star(vec_key, 503, ho_test_earfcns[i], ref);
		ENBKEY_EXPECT_MEMEQ(test, out, ref, sizeof(out), "EARFCN-DL %u",
				    ho_test_earfcns[i]);
	}
	/* 65535 and 65536 give different keys, as do 2- and 3-octet encodings */
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_kenb_star(vec_key, 1, 65535, out));
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_kenb_star(vec_key, 1, 65536, ref));
	ENBKEY_EXPECT_MEMNEQ(test, out, ref, sizeof(out), "65535 vs 65536");
}

static void ho_test_horizontal(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, true);
	struct enbkey_as_keys keys;
	bool vertical = true;
	u8 ncc = 9;

	/* Arrange: NCC 4 with the KeNB, no NH */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, vec_key, 4, NULL));

	/* Act */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 32, 561, &ncc, &vertical,
						   NULL));

	/* Assert: from the KeNB, NCC unchanged, pending only */
	KUNIT_EXPECT_FALSE(test, vertical);
	KUNIT_EXPECT_EQ(test, ncc, 4);
	KUNIT_EXPECT_TRUE(test, ue->has_kenb_star);
	ENBKEY_EXPECT_MEMEQ(test, ue->kenb_star, vec_kenb_star, 32, "KeNB*");
	ENBKEY_EXPECT_MEMEQ(test, ue->kenb, vec_key, 32, "KeNB untouched");

	/* Commit: KeNB* becomes KeNB, AS keys follow, generation + 1 */
	KUNIT_EXPECT_EQ(test, ue->key_generation, 2);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ue->kenb, vec_kenb_star, 32, "new KeNB");
	KUNIT_EXPECT_FALSE(test, ue->has_kenb_star);
	KUNIT_EXPECT_EQ(test, ue->ncc, 4);
	KUNIT_EXPECT_EQ(test, ue->key_generation, 3);
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(vec_kenb_star, 2, 2, &keys));
	ENBKEY_EXPECT_MEMEQ(test, &ue->keys, &keys, sizeof(keys), "AS keys");
	memzero_explicit(&keys, sizeof(keys));
	enbkey_ue_put(ue);
}

static void ho_test_vertical_and_ncc_wrap(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, true);
	u8 ref[ENBKEY_KDF_OUT_LEN], ncc;
	bool vertical;

	/* Arrange: KeNB at NCC 7, then an older and a newer {NH, NCC} */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, vec_key, 7, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, vec_key, 6, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, test_nh, 0, NULL));

	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 7, 70000, &ncc, &vertical,
						   NULL));

	/* From the newest NH, which is consumed; NCC 7 -> 0 */
	KUNIT_EXPECT_TRUE(test, vertical);
	KUNIT_EXPECT_EQ(test, ncc, 0);
	KUNIT_EXPECT_FALSE(test, ue->has_nh);
	ref_kenb_star(test_nh, 7, 70000, ref);
	ENBKEY_EXPECT_MEMEQ(test, ue->kenb_star, ref, 32, "vertical KeNB*");
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, NULL));
	KUNIT_EXPECT_EQ(test, ue->ncc, 0);
	ENBKEY_EXPECT_MEMEQ(test, ue->kenb, ref, 32, "KeNB");

	/* The next one is horizontal again, from the new KeNB */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 7, 70000, &ncc, &vertical,
						   NULL));
	KUNIT_EXPECT_FALSE(test, vertical);
	KUNIT_EXPECT_EQ(test, ncc, 0);
	enbkey_ue_put(ue);
}

/* The target of an S1 handover has an NH and no KeNB yet. */
static void ho_test_s1_target(struct kunit *test)
{
	struct enbkey_ue *ue = enbkey_ue_alloc(1);
	struct netlink_ext_ack extack = {};
	bool vertical;
	u8 ncc;

	KUNIT_ASSERT_NOT_NULL(test, ue);
	KUNIT_EXPECT_EQ(test, enbkey_ho_prepare(ue, 1, 1, &ncc, &vertical,
						&extack), -ENOKEY);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, test_nh, 2, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 1, 1, &ncc, &vertical,
						   NULL));
	KUNIT_EXPECT_TRUE(test, vertical);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, NULL));
	KUNIT_EXPECT_TRUE(test, ue->has_kenb);
	KUNIT_EXPECT_EQ(test, ue->ncc, 2);
	enbkey_ue_put(ue);
}

/* Commit with nothing pending, export with nothing pending: no change */
static void ho_test_nothing_pending(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, true);
	struct netlink_ext_ack extack = {};
	u8 key[ENBKEY_KENB_LEN], ncc;

	KUNIT_EXPECT_EQ(test, enbkey_ho_commit(ue, &extack), -ENOKEY);
	KUNIT_EXPECT_STREQ(test, extack._msg, "no KeNB* pending; run ho prepare first");
	KUNIT_EXPECT_EQ(test, enbkey_ho_export(ue, key, &ncc, NULL), -ENOKEY);
	KUNIT_EXPECT_EQ(test, ue->key_generation, 1);
	ENBKEY_EXPECT_MEMEQ(test, ue->kenb, vec_key, 32, "KeNB");
	enbkey_ue_put(ue);
}

static void ho_test_export(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, false);
	u8 key[ENBKEY_KENB_LEN], ncc;
	bool vertical;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, test_nh, 3, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 32, 561, &ncc, &vertical,
						   NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_export(ue, key, &ncc, NULL));
	ENBKEY_EXPECT_MEMEQ(test, key, ue->kenb_star, 32, "exported KeNB*");
	KUNIT_EXPECT_EQ(test, ncc, 3);
	/* export leaves the pending KeNB* for a later commit or export */
	KUNIT_EXPECT_TRUE(test, ue->has_kenb_star);
	memzero_explicit(key, sizeof(key));
	enbkey_ue_put(ue);
}

/* TS 33.401 A.15: S-KeNB = KDF(KeNB, 0x1C, SCG Counter) */
static void ho_test_s_kenb(struct kunit *test)
{
	static const u8 s_kenb_vec[ENBKEY_KENB_LEN] = {	/* kdf.json, counter 0 */
		0x45, 0xcb, 0xc3, 0xf8, 0xa8, 0x11, 0x93, 0xfd,
		0x5c, 0x52, 0x29, 0x30, 0x0d, 0x59, 0xed, 0xf8,
		0x12, 0xe9, 0x98, 0xa1, 0x15, 0xec, 0x4e, 0x0c,
		0xe9, 0x03, 0xba, 0x89, 0x36, 0x7e, 0x26, 0x28,
	};
	static const u8 vec_kenb[ENBKEY_KENB_LEN] = {
		0xfe, 0x7d, 0xee, 0x80, 0x8d, 0x7f, 0x3b, 0x88,
		0x2a, 0x08, 0x2c, 0xbd, 0xc8, 0x39, 0x0d, 0x12,
		0x9e, 0x5d, 0x28, 0xaf, 0x0e, 0x83, 0x22, 0xeb,
		0x57, 0x3a, 0xda, 0x36, 0xf2, 0x1a, 0x5a, 0x89,
	};
	struct enbkey_ue *ue = enbkey_ue_alloc(1);
	u8 s1[] = { 0x1c, 0x00, 0x01, 0x00, 0x02 };
	u8 key[ENBKEY_KENB_LEN], ref[32];
	struct netlink_ext_ack extack = {};
	bool refresh;
	u32 counter;

	KUNIT_ASSERT_NOT_NULL(test, ue);
	KUNIT_EXPECT_EQ(test, enbkey_ho_s_kenb(ue, key, &counter, &refresh, NULL),
			-ENOKEY);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, vec_kenb, 0, NULL));

	/* Counter 0, then 1: each derivation takes the next value */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_s_kenb(ue, key, &counter, &refresh, NULL));
	KUNIT_EXPECT_EQ(test, counter, 0);
	ENBKEY_EXPECT_MEMEQ(test, key, s_kenb_vec, 32, "S-KeNB, counter 0");
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_s_kenb(ue, key, &counter, &refresh, NULL));
	KUNIT_EXPECT_EQ(test, counter, 1);
	ref_hmac_sha256(vec_kenb, 32, s1, sizeof(s1), ref);
	ENBKEY_EXPECT_MEMEQ(test, key, ref, 32, "S-KeNB, counter 1");

	/* The last value, then the refusal that marks the UE, once */
	ue->scg_next = ENBKEY_SCG_COUNTER_MAX;
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_s_kenb(ue, key, &counter, &refresh, NULL));
	KUNIT_EXPECT_EQ(test, counter, 0xffff);
	KUNIT_EXPECT_FALSE(test, refresh);
	KUNIT_EXPECT_EQ(test, enbkey_ho_s_kenb(ue, key, &counter, &refresh, &extack),
			-ENOSPC);
	KUNIT_EXPECT_STREQ(test, extack._msg, "SCG Counter exhausted: key refresh needed");
	KUNIT_EXPECT_TRUE(test, refresh);
	KUNIT_EXPECT_TRUE(test, ue->key_refresh);
	KUNIT_EXPECT_EQ(test, enbkey_ho_s_kenb(ue, key, &counter, &refresh, NULL),
			-ENOSPC);
	KUNIT_EXPECT_FALSE(test, refresh);

	/* New algorithms do not help; a new KeNB restarts the counter */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, NULL));
	KUNIT_EXPECT_TRUE(test, ue->key_refresh);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, vec_kenb, 0, NULL));
	KUNIT_EXPECT_FALSE(test, ue->key_refresh);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_s_kenb(ue, key, &counter, &refresh, NULL));
	KUNIT_EXPECT_EQ(test, counter, 0);
	memzero_explicit(key, sizeof(key));
	enbkey_ue_put(ue);
}

/* UE Context Modification: a new KeNB drops the unused NH and KeNB* */
static void ho_test_rekey_clears(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, true);
	bool vertical;
	u8 ncc;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 1, 2, &ncc, &vertical, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, test_nh, 5, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, test_nh, 6, NULL));
	KUNIT_EXPECT_FALSE(test, ue->has_nh);
	KUNIT_EXPECT_FALSE(test, ue->has_kenb_star);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(ue->nh, 0, sizeof(ue->nh)));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(ue->kenb_star, 0, sizeof(ue->kenb_star)));
	KUNIT_EXPECT_EQ(test, ue->ncc, 6);
	KUNIT_EXPECT_EQ(test, ue->scg_next, 0);
	enbkey_ue_put(ue);
}

static struct kunit_case enbkey_ho_test_cases[] = {
	KUNIT_CASE(ho_test_vector),
	KUNIT_CASE(ho_test_earfcn_boundaries),
	KUNIT_CASE(ho_test_horizontal),
	KUNIT_CASE(ho_test_vertical_and_ncc_wrap),
	KUNIT_CASE(ho_test_s1_target),
	KUNIT_CASE(ho_test_nothing_pending),
	KUNIT_CASE(ho_test_export),
	KUNIT_CASE(ho_test_s_kenb),
	KUNIT_CASE(ho_test_rekey_clears),
	{}
};

/* Runs before the module's init: see kdf_test.c. */
static int ho_test_suite_init(struct kunit_suite *suite)
{
	return enbkey_kdf_init();
}

static void ho_test_suite_exit(struct kunit_suite *suite)
{
	rcu_barrier();
	enbkey_kdf_exit();
}

static struct kunit_suite enbkey_ho_test_suite = {
	.name = "enbkey-handover",
	.suite_init = ho_test_suite_init,
	.suite_exit = ho_test_suite_exit,
	.test_cases = enbkey_ho_test_cases,
};

kunit_test_suite(enbkey_ho_test_suite);
