// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of PDU assembly (TS 36.323 5.6, 5.7) and the COUNT rules,
 * checked against the AES-library reference of ref.h.
 */

#include <linux/slab.h>

#include "../../kmod/pdcp.h"
#include "ref.h"
#include "test.h"

static const u8 test_kenb[ENBKEY_KENB_LEN] = {
	0x3f, 0x8a, 0x11, 0xd4, 0x92, 0x07, 0xbb, 0x5e,
	0xc1, 0x60, 0x2d, 0xe9, 0x74, 0x38, 0xaf, 0x15,
	0x0b, 0x9c, 0x47, 0xf2, 0x6e, 0xa3, 0x58, 0xd1,
	0x29, 0x84, 0xfd, 0x33, 0x7a, 0xc6, 0x0e, 0x91,
};

static const u8 test_hdr[] = { 0x05 };
static const u8 test_payload[] = {
	0x22, 0x0e, 0x10, 0x01, 0x9a, 0x44, 0x00, 0x12,
	0x7f, 0x80, 0x33, 0xa1, 0x0c, 0xde, 0x55, 0x02,
	0x99, 0x61,
};

struct pdcp_test_ctx {
	struct enbkey_ue *ue;
	struct enbkey_alg *alg;
	u8 *out;
};

static struct enbkey_ue *pdcp_test_ue(struct kunit *test, u8 eea, u8 eia,
				      bool up_integrity)
{
	struct pdcp_test_ctx *ctx = test->priv;

	if (ctx->ue)
		enbkey_ue_put(ctx->ue);
	ctx->ue = enbkey_ue_alloc(1);
	KUNIT_ASSERT_NOT_NULL(test, ctx->ue);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ctx->ue, test_kenb, 0, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ctx->ue, eea, eia,
						    up_integrity, NULL));
	return ctx->ue;
}

static struct enbkey_pdu pdcp_test_pdu(u8 rb_type, u8 rb_id, u8 dir, u32 count)
{
	return (struct enbkey_pdu){
		.rb_type = rb_type, .rb_id = rb_id, .dir = dir, .count = count,
		.hdr = test_hdr, .hdr_len = sizeof(test_hdr),
		.data = test_payload, .data_len = sizeof(test_payload),
	};
}

/* What the netlink handler does for one PDU: plan it, then run it. */
static int pdcp_test_run(struct kunit *test, const struct enbkey_pdu *pdu,
			 bool protect, struct netlink_ext_ack *extack)
{
	struct pdcp_test_ctx *ctx = test->priv;
	struct enbkey_pdcp_plan plan;
	int err;

	mutex_lock(&ctx->ue->lock);
	err = enbkey_pdcp_plan(ctx->ue, pdu, protect, &plan, extack);
	if (err >= 0 && protect)
		err = enbkey_pdcp_protect(ctx->ue, ctx->alg, pdu, &plan,
					  ctx->out, extack);
	else if (err >= 0)
		err = enbkey_pdcp_unprotect(ctx->ue, ctx->alg, pdu, &plan,
					    ctx->out, extack);
	mutex_unlock(&ctx->ue->lock);
	return err;
}

static int pdcp_test_protect(struct kunit *test, const struct enbkey_pdu *pdu,
			     struct netlink_ext_ack *extack)
{
	return pdcp_test_run(test, pdu, true, extack);
}

static int pdcp_test_unprotect(struct kunit *test, const struct enbkey_pdu *pdu,
			       struct netlink_ext_ack *extack)
{
	return pdcp_test_run(test, pdu, false, extack);
}

/* SRB: HDR || EEA2(KRRCenc)(DATA || EIA2(KRRCint)(HDR || DATA)) */
static void pdcp_test_srb_protect(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_DL, 0x21);
	struct pdcp_test_ctx *ctx = test->priv;
	struct enbkey_as_keys keys;
	u8 expected[64];
	size_t len = sizeof(test_payload);

	/* Arrange: the expected PDU from the reference */
	pdcp_test_ue(test, 2, 2, false);
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(test_kenb, 2, 2, &keys));
	memcpy(expected, test_hdr, 1);
	memcpy(expected + 1, test_payload, len);
	ref_eia2(keys.rrc_int, 0x21, 0, 1, test_hdr, 1, test_payload, len,
		 expected + 1 + len);
	ref_eea2(keys.rrc_enc, 0x21, 0, 1, expected + 1, len + 4);

	/* Act */
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));

	/* Assert */
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, 1 + len + 4, "SRB1 PDU");
	memzero_explicit(&keys, sizeof(keys));
}

/* SRB2, uplink: BEARER 1, DIRECTION 0 */
static void pdcp_test_srb2_uplink(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 2, ENBKEY_DIR_UL, 7);
	struct pdcp_test_ctx *ctx = test->priv;
	struct enbkey_as_keys keys;
	size_t len = sizeof(test_payload);
	u8 expected[64];

	pdcp_test_ue(test, 2, 2, false);
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(test_kenb, 2, 2, &keys));
	memcpy(expected, test_hdr, 1);
	memcpy(expected + 1, test_payload, len);
	ref_eia2(keys.rrc_int, 7, 1, 0, test_hdr, 1, test_payload, len,
		 expected + 1 + len);
	ref_eea2(keys.rrc_enc, 7, 1, 0, expected + 1, len + 4);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, 1 + len + 4, "SRB2 PDU");
	memzero_explicit(&keys, sizeof(keys));
}

/* DRB n: BEARER n - 1, KUPenc, no MAC-I without user-plane integrity */
static void pdcp_test_drb(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_DRB, 5, ENBKEY_DIR_DL, 1000);
	struct pdcp_test_ctx *ctx = test->priv;
	struct enbkey_pdcp_plan plan;
	struct enbkey_as_keys keys;
	size_t len = sizeof(test_payload);
	u8 expected[64];

	pdcp_test_ue(test, 2, 2, false);
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(test_kenb, 2, 2, &keys));
	memcpy(expected, test_hdr, 1);
	memcpy(expected + 1, test_payload, len);
	ref_eea2(keys.up_enc, 1000, 4, 1, expected + 1, len);
	mutex_lock(&ctx->ue->lock);
	KUNIT_EXPECT_EQ(test, enbkey_pdcp_plan(ctx->ue, &pdu, true, &plan, NULL),
			1 + len);
	mutex_unlock(&ctx->ue->lock);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, 1 + len, "DRB5 PDU");

	/* With user-plane integrity: MAC-I with KUPint, ciphered too */
	pdcp_test_ue(test, 2, 2, true);
	memcpy(expected + 1, test_payload, len);
	ref_eia2(keys.up_int, 1000, 4, 1, test_hdr, 1, test_payload, len,
		 expected + 1 + len);
	ref_eea2(keys.up_enc, 1000, 4, 1, expected + 1, len + 4);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, 1 + len + 4,
			    "DRB5 PDU with UP integrity");
	memzero_explicit(&keys, sizeof(keys));
}

/* Integrity only (SecurityModeCommand), cipher only, EEA0 and EIA0 */
static void pdcp_test_options(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_DL, 1);
	struct pdcp_test_ctx *ctx = test->priv;
	size_t len = sizeof(test_payload);
	struct enbkey_as_keys keys;
	u8 expected[64];

	pdcp_test_ue(test, 2, 2, false);
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(test_kenb, 2, 2, &keys));

	pdu.flags = ENBKEY_PDU_F_INTEGRITY_ONLY;
	memcpy(expected, test_hdr, 1);
	memcpy(expected + 1, test_payload, len);
	ref_eia2(keys.rrc_int, 1, 0, 1, test_hdr, 1, test_payload, len,
		 expected + 1 + len);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, 1 + len + 4,
			    "integrity only");

	pdu.flags = ENBKEY_PDU_F_CIPHER_ONLY;
	pdu.count = 2;
	memcpy(expected + 1, test_payload, len);
	ref_eea2(keys.rrc_enc, 2, 0, 1, expected + 1, len);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, 1 + len, "cipher only");

	pdu.flags = __ENBKEY_PDU_F_ALL;
	pdu.count = 3;
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, NULL), -EINVAL);

	/* EEA0 leaves the data in clear, EIA0 gives 32 zero bits */
	pdcp_test_ue(test, 0, 0, false);
	pdu.flags = 0;
	memcpy(expected + 1, test_payload, len);
	memset(expected + 1 + len, 0, 4);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, 1 + len + 4, "EEA0/EIA0");
	memzero_explicit(&keys, sizeof(keys));
}

/* Unprotect returns the payload of what protect made, and verifies it. */
static void pdcp_test_unprotect_verifies(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_UL, 40);
	struct pdcp_test_ctx *ctx = test->priv;
	struct netlink_ext_ack extack = {};
	size_t len = sizeof(test_payload);
	u8 pdu_octets[64];

	pdcp_test_ue(test, 2, 2, false);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	memcpy(pdu_octets, ctx->out, 1 + len + 4);

	/* Arrange: the receiving side sees header and ciphered rest */
	pdu.data = pdu_octets + 1;
	pdu.data_len = len + 4;
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, test_payload, len, "payload");

	/* The same COUNT again is a replay */
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, &extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);

	/* A flipped bit in the MAC-I, in the payload, a wrong COUNT, a wrong bearer */
	pdu.count = 41;
	pdu_octets[1 + len + 3] ^= 0x01;
	extack._msg = NULL;
	memset(ctx->out, 0xaa, len);
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, &extack), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, extack._msg, "integrity check failed");
	KUNIT_EXPECT_TRUE(test, !memchr_inv(ctx->out, 0, len));
	pdu_octets[1 + len + 3] ^= 0x01;
	pdu_octets[3] ^= 0x80;
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL), -EBADMSG);
	pdu_octets[3] ^= 0x80;
	pdu.count = 42;
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL), -EBADMSG);
	pdu.count = 40;
	pdu.rb_id = 2;
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL), -EBADMSG);
	KUNIT_EXPECT_EQ(test, ctx->ue->integrity_failures, 4);

	/* A refused PDU was not accepted: its COUNT can still come */
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(ctx->ue->counts[0],
						       ENBKEY_DIR_UL, 41));
}

/* EIA0: the MAC-I is not checked */
static void pdcp_test_eia0_unchecked(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_UL, 1);
	struct pdcp_test_ctx *ctx = test->priv;
	u8 in[sizeof(test_payload) + 4];

	pdcp_test_ue(test, 0, 0, false);
	memcpy(in, test_payload, sizeof(test_payload));
	memset(in + sizeof(test_payload), 0x5a, 4);
	pdu.data = in;
	pdu.data_len = sizeof(in);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, test_payload, sizeof(test_payload),
			    "payload");
}

/* COUNT rules: protect moves forward per bearer and direction. */
static void pdcp_test_count_rules(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_DRB, 1, ENBKEY_DIR_DL, 10);
	struct pdcp_test_ctx *ctx = test->priv;
	struct netlink_ext_ack extack = {};

	pdcp_test_ue(test, 2, 2, false);
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, &extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	pdu.count = 9;
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, NULL), -EINVAL);
	pdu.count = 11;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));

	/* Other direction, other bearer, other type: their own state */
	pdu.count = 0;
	pdu.dir = ENBKEY_DIR_UL;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	pdu.rb_id = 2;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	pdu.rb_type = ENBKEY_RB_SRB;
	pdu.rb_id = 1;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));

	/* New algorithms start afresh */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ctx->ue, 2, 2, false, NULL));
	pdu = pdcp_test_pdu(ENBKEY_RB_DRB, 1, ENBKEY_DIR_DL, 10);
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	/* and so does a new KeNB */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ctx->ue, test_kenb, 0, NULL));
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));

	/* COUNT past the threshold marks the UE; 0xffffffff is usable once */
	KUNIT_EXPECT_FALSE(test, ctx->ue->key_refresh);
	pdu.count = 0xc0000000;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	KUNIT_EXPECT_TRUE(test, ctx->ue->key_refresh);
	pdu.count = 0xffffffff;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, NULL), -EINVAL);
}

/* The replay window: out of order within it, refused behind it. */
static void pdcp_test_replay_window(struct kunit *test)
{
	struct enbkey_count c = {};

	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(&c, 0, 100));
	enbkey_count_rx_commit(&c, 0, 100);
	KUNIT_EXPECT_EQ(test, -EINVAL, enbkey_count_rx_check(&c, 0, 100));
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(&c, 0, 99));
	enbkey_count_rx_commit(&c, 0, 99);
	KUNIT_EXPECT_EQ(test, -EINVAL, enbkey_count_rx_check(&c, 0, 99));
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(&c, 0, 100 - 63));
	KUNIT_EXPECT_EQ(test, -ERANGE, enbkey_count_rx_check(&c, 0, 100 - 64));
	enbkey_count_rx_commit(&c, 0, 170);
	KUNIT_EXPECT_EQ(test, -ERANGE, enbkey_count_rx_check(&c, 0, 100));
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(&c, 0, 169));
	/* the other direction is separate */
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(&c, 1, 100));
}

/* Nothing works before sec set. */
static void pdcp_test_needs_security(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_DL, 1);
	struct pdcp_test_ctx *ctx = test->priv;
	struct netlink_ext_ack extack = {};

	ctx->ue = enbkey_ue_alloc(2);
	KUNIT_ASSERT_NOT_NULL(test, ctx->ue);
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, &extack), -ENOKEY);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	/* and unimplemented algorithms are refused at sec set */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ctx->ue, test_kenb, 0, NULL));
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_algs(ctx->ue, 1, 2, false, NULL),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_algs(ctx->ue, 2, 3, false, NULL),
			-EOPNOTSUPP);
	KUNIT_EXPECT_FALSE(test, ctx->ue->has_algs);
}

static int pdcp_test_init(struct kunit *test)
{
	struct pdcp_test_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->out = kunit_kzalloc(test, 128, GFP_KERNEL);
	if (!ctx->out)
		return -ENOMEM;
	ctx->alg = enbkey_alg_get();
	test->priv = ctx;
	return 0;
}

static void pdcp_test_exit(struct kunit *test)
{
	struct pdcp_test_ctx *ctx = test->priv;

	enbkey_alg_put(ctx->alg);
	enbkey_ue_put(ctx->ue);
}

/* Runs before the module's init: see kdf_test.c. */
static int pdcp_test_suite_init(struct kunit_suite *suite)
{
	int err;

	err = enbkey_kdf_init();
	if (err)
		return err;
	err = enbkey_alg_init();
	if (err)
		enbkey_kdf_exit();
	return err;
}

static void pdcp_test_suite_exit(struct kunit_suite *suite)
{
	rcu_barrier();
	enbkey_alg_exit();
	enbkey_kdf_exit();
}

static struct kunit_case enbkey_pdcp_test_cases[] = {
	KUNIT_CASE(pdcp_test_srb_protect),
	KUNIT_CASE(pdcp_test_srb2_uplink),
	KUNIT_CASE(pdcp_test_drb),
	KUNIT_CASE(pdcp_test_options),
	KUNIT_CASE(pdcp_test_unprotect_verifies),
	KUNIT_CASE(pdcp_test_eia0_unchecked),
	KUNIT_CASE(pdcp_test_count_rules),
	KUNIT_CASE(pdcp_test_replay_window),
	KUNIT_CASE(pdcp_test_needs_security),
	{}
};

static struct kunit_suite enbkey_pdcp_test_suite = {
	.name = "enbkey-pdcp",
	.init = pdcp_test_init,
	.exit = pdcp_test_exit,
	.suite_init = pdcp_test_suite_init,
	.suite_exit = pdcp_test_suite_exit,
	.test_cases = enbkey_pdcp_test_cases,
};

kunit_test_suite(enbkey_pdcp_test_suite);
