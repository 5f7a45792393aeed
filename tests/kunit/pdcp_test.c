// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of PDU assembly (TS 36.323 5.6, 5.7) as the eNB does it,
 * downlink protect and uplink unprotect, the COUNT and replay rules, and
 * the shortMAC-I of TS 36.331 5.3.7.4, checked against the AES-library
 * reference of ref.h; uplink PDUs are built by that reference too.
 */

#include <linux/slab.h>

#include "../../kmod/crypto/aes3gpp.h"
#include "../../kmod/crypto/snow3g.h"
#include "../../kmod/crypto/zuc.h"
#include "../../kmod/pdcp.h"
#include "../../kmod/crypto/crypto.h"
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

#define PAYLOAD_LEN	sizeof(test_payload)

struct pdcp_test_ctx {
	struct enbkey_keyset *ks;
	struct enbkey_as_keys keys;	/* the reference's own derivation */
	u8 *out;
};

static struct enbkey_keyset *pdcp_test_keys(struct kunit *test, u8 eea, u8 eia,
					    bool up_integrity)
{
	struct pdcp_test_ctx *ctx = test->priv;

	enbkey_keyset_free(ctx->ks);
	ctx->ks = enbkey_keyset_new(test_kenb, 0);
	KUNIT_ASSERT_NOT_NULL(test, ctx->ks);
	KUNIT_ASSERT_EQ(test, 0, enbkey_keyset_set_algs(ctx->ks, eea, eia,
							up_integrity));
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(test_kenb, eea, eia,
						    &ctx->keys));
	return ctx->ks;
}

static struct enbkey_pdu pdcp_test_pdu(u8 rb_type, u8 rb_id, u8 dir, u32 count)
{
	return (struct enbkey_pdu){
		.rb_type = rb_type, .rb_id = rb_id, .dir = dir, .count = count,
		.hdr = test_hdr, .hdr_len = sizeof(test_hdr),
		.data = test_payload, .data_len = PAYLOAD_LEN,
	};
}

/* What the netlink handler does for one PDU: plan it, then run it. */
static int pdcp_test_run(struct kunit *test, const struct enbkey_pdu *pdu,
			 bool protect, struct netlink_ext_ack *extack)
{
	struct pdcp_test_ctx *ctx = test->priv;
	struct enbkey_pdcp_plan plan;
	struct enbkey_alg *alg;
	int err;

	err = enbkey_pdcp_plan(ctx->ks, pdu, protect, &plan, extack);
	if (err < 0)
		return err;
	alg = enbkey_alg_get();
	if (protect)
		err = enbkey_pdcp_protect(ctx->ks, alg, pdu, &plan, ctx->out,
					  extack);
	else
		err = enbkey_pdcp_unprotect(ctx->ks, alg, pdu, &plan, ctx->out,
					    extack);
	enbkey_alg_put(alg);
	return err;
}

/*
 * The shortMAC-I as the handler computes it. A slot of the pool is taken
 * and given back within the test case: KUnit runs a case's exit function
 * in another thread (6.12), where a mutex taken in init cannot be released.
 */
static int pdcp_test_short_mac_of(const struct enbkey_keyset *ks, u32 cell_id,
				  u16 pci, u16 crnti, u16 *mac)
{
	struct enbkey_alg *alg = enbkey_alg_get();
	int err;

	err = enbkey_pdcp_short_mac(ks, alg, cell_id, pci, crnti, mac, NULL);
	enbkey_alg_put(alg);
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

/*
 * The reference's PDU for @rb_type/@rb_id/@dir/@count over the test payload
 * into @pdu: HDR || EEA(DATA || MAC-I), MAC-I if @mac, ciphered if @cipher.
 * Returns its length.
 */
static size_t pdcp_test_ref(struct kunit *test, u8 rb_type, u8 rb_id, u8 dir,
			    u32 count, bool mac, bool cipher, u8 *pdu)
{
	struct pdcp_test_ctx *ctx = test->priv;
	bool srb = rb_type == ENBKEY_RB_SRB;
	size_t len = PAYLOAD_LEN;

	memcpy(pdu, test_hdr, sizeof(test_hdr));
	memcpy(pdu + 1, test_payload, len);
	if (mac) {
		if (ctx->ks->eia)
			ref_eia2(srb ? ctx->keys.rrc_int : ctx->keys.up_int, count,
				 rb_id - 1, dir, test_hdr, 1, test_payload, len,
				 pdu + 1 + len);
		else
			memset(pdu + 1 + len, 0, 4);
		len += 4;
	}
	if (cipher && ctx->ks->eea)
		ref_eea2(srb ? ctx->keys.rrc_enc : ctx->keys.up_enc, count,
			 rb_id - 1, dir, pdu + 1, len);
	return 1 + len;
}

/* An uplink PDU as the UE sends it, for unprotect: header apart. */
static struct enbkey_pdu pdcp_test_ul(struct kunit *test, u8 rb_type, u8 rb_id,
				      u32 count, bool mac, bool cipher, u8 *buf)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(rb_type, rb_id, ENBKEY_DIR_UL,
					      count);

	pdu.data_len = pdcp_test_ref(test, rb_type, rb_id, ENBKEY_DIR_UL, count,
				     mac, cipher, buf) - 1;
	pdu.data = buf + 1;
	if (!cipher)
		pdu.flags = ENBKEY_PDU_F_INTEGRITY_ONLY;
	return pdu;
}

/* SRB: HDR || EEA2(KRRCenc)(DATA || EIA2(KRRCint)(HDR || DATA)) */
static void pdcp_test_srb_protect(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_DL, 0x21);
	struct pdcp_test_ctx *ctx = test->priv;
	u8 expected[64];
	size_t len;

	/* Arrange: the expected PDU from the reference */
	pdcp_test_keys(test, 2, 2, false);
	len = pdcp_test_ref(test, ENBKEY_RB_SRB, 1, 1, 0x21, true, true, expected);

	/* Act */
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));

	/* Assert */
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, len, "SRB1 PDU");
	KUNIT_EXPECT_EQ(test, len, 1 + PAYLOAD_LEN + 4);
}

/* The algorithms' own bit-length entry points, as a reference for PDCP. */
static void pdcp_test_cipher(u8 eea, const u8 *key, u32 count, u8 bearer,
			     u8 dir, u8 *data, size_t len)
{
	if (eea == 1)
		enbkey_eea1(key, count, bearer, dir, data, data, len * 8);
	else if (eea == 2)
		enbkey_eea2(key, count, bearer, dir, data, data, len * 8);
	else if (eea == 3)
		enbkey_eea3(key, count, bearer, dir, data, data, len * 8);
}

static void pdcp_test_mac(u8 eia, const u8 *key, u32 count, u8 bearer, u8 dir,
			  const u8 *msg, size_t len, u8 mac[4])
{
	memset(mac, 0, 4);
	if (eia == 1)
		enbkey_eia1(key, count, bearer, dir, msg, len * 8, mac);
	else if (eia == 2)
		enbkey_eia2(key, count, bearer, dir, msg, len * 8, mac);
	else if (eia == 3)
		enbkey_eia3(key, count, bearer, dir, msg, len * 8, mac);
}

/* Every EEA and EIA pair: SRB1 and DRB5 downlink, and SRB2 back uplink. */
static void pdcp_test_all_algs(struct kunit *test)
{
	struct pdcp_test_ctx *ctx = test->priv;
	struct enbkey_pdu pdu;
	u8 expected[64], ul[64];
	size_t len = PAYLOAD_LEN;
	u8 eea, eia;

	for (eea = 0; eea <= ENBKEY_ALG_MAX; eea++) {
		for (eia = 0; eia <= ENBKEY_ALG_MAX; eia++) {
			/* Arrange: TS 36.323 5.6, 5.7 from the cores */
			pdcp_test_keys(test, eea, eia, false);
			memcpy(expected, test_hdr, 1);
			memcpy(expected + 1, test_payload, len);
			pdcp_test_mac(eia, ctx->keys.rrc_int, 0x21, 0, 1,
				      expected, 1 + len, expected + 1 + len);
			pdcp_test_cipher(eea, ctx->keys.rrc_enc, 0x21, 0, 1,
					 expected + 1, len + 4);
			pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_DL, 0x21);

			/* Act and assert */
			KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
			ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, 1 + len + 4,
					    "SRB1, EEA%u EIA%u", eea, eia);

			memcpy(expected + 1, test_payload, len);
			pdcp_test_cipher(eea, ctx->keys.up_enc, 1000, 4, 1,
					 expected + 1, len);
			pdu = pdcp_test_pdu(ENBKEY_RB_DRB, 5, ENBKEY_DIR_DL, 1000);
			KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
			ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, 1 + len,
					    "DRB5, EEA%u EIA%u", eea, eia);

			/* the UE's SRB2 PDU, deciphered and verified */
			memcpy(ul, test_hdr, 1);
			memcpy(ul + 1, test_payload, len);
			pdcp_test_mac(eia, ctx->keys.rrc_int, 9, 1, 0, ul, 1 + len,
				      ul + 1 + len);
			pdcp_test_cipher(eea, ctx->keys.rrc_enc, 9, 1, 0, ul + 1,
					 len + 4);
			pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 2, ENBKEY_DIR_UL, 9);
			pdu.data = ul + 1;
			pdu.data_len = len + 4;
			KUNIT_ASSERT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
			ENBKEY_EXPECT_MEMEQ(test, ctx->out, test_payload, len,
					    "SRB2 uplink, EEA%u EIA%u", eea, eia);
			ul[1 + len + 3] ^= 1;
			pdu.count = 10;
			KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL),
					eia ? -EBADMSG : 0);
		}
	}
}

/* SRB2: BEARER 1 */
static void pdcp_test_srb2(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 2, ENBKEY_DIR_DL, 7);
	struct pdcp_test_ctx *ctx = test->priv;
	u8 expected[64];
	size_t len;

	pdcp_test_keys(test, 2, 2, false);
	len = pdcp_test_ref(test, ENBKEY_RB_SRB, 2, 1, 7, true, true, expected);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, len, "SRB2 PDU");
}

/* DRB n: BEARER n - 1, KUPenc, no MAC-I without user-plane integrity */
static void pdcp_test_drb(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_DRB, 5, ENBKEY_DIR_DL, 1000);
	struct pdcp_test_ctx *ctx = test->priv;
	struct enbkey_pdcp_plan plan;
	u8 expected[64];
	size_t len;

	pdcp_test_keys(test, 2, 2, false);
	len = pdcp_test_ref(test, ENBKEY_RB_DRB, 5, 1, 1000, false, true, expected);
	KUNIT_EXPECT_EQ(test, enbkey_pdcp_plan(ctx->ks, &pdu, true, &plan, NULL),
			1 + PAYLOAD_LEN);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, len, "DRB5 PDU");

	/* With user-plane integrity: MAC-I with KUPint, ciphered too */
	pdcp_test_keys(test, 2, 2, true);
	len = pdcp_test_ref(test, ENBKEY_RB_DRB, 5, 1, 1000, true, true, expected);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, len,
			    "DRB5 PDU with UP integrity");
}

/* The eNB protects downlink and unprotects uplink, nothing else. */
static void pdcp_test_role(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_DRB, 1, ENBKEY_DIR_UL, 1);
	struct netlink_ext_ack extack = {};

	pdcp_test_keys(test, 2, 2, false);
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, &extack), -EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "the eNB protects downlink PDUs only; uplink ones are the UE's to protect");
	pdu.dir = ENBKEY_DIR_DL;
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, &extack), -EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg, "the eNB unprotects uplink PDUs only");
	/* nothing was spent: DRB1 has no COUNT state yet */
	KUNIT_EXPECT_NULL(test, enbkey_keyset_count(((struct pdcp_test_ctx *)
						     test->priv)->ks,
						    ENBKEY_RB_DRB, 1, false));
}

/*
 * TS 36.323 6.3.4: an SRB PDU always carries the MAC-I; integrity only is
 * the security mode procedure's, before the first ciphered PDU.
 */
static void pdcp_test_srb_format(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_DL, 1);
	struct pdcp_test_ctx *ctx = test->priv;
	struct netlink_ext_ack extack = {};
	u8 expected[64], ul[64];
	size_t len;

	pdcp_test_keys(test, 2, 2, false);

	pdu.flags = ENBKEY_PDU_F_CIPHER_ONLY;
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, &extack), -EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "an SRB PDU always carries a MAC-I (TS 36.323 6.3.4); cipher-only is for DRBs");
	pdu.flags = __ENBKEY_PDU_F_ALL;
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, NULL), -EINVAL);

	/* SecurityModeCommand: integrity only */
	pdu.flags = ENBKEY_PDU_F_INTEGRITY_ONLY;
	len = pdcp_test_ref(test, ENBKEY_RB_SRB, 1, 1, 1, true, false, expected);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, len, "integrity only");
	pdu.count = 2;
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));

	/* SecurityModeComplete, uplink: integrity only too */
	pdu = pdcp_test_ul(test, ENBKEY_RB_SRB, 1, 0, true, false, ul);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, test_payload, PAYLOAD_LEN, "SMC complete");

	/* Ciphering starts; then integrity only is refused in that direction */
	pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_DL, 3);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	pdu.count = 4;
	pdu.flags = ENBKEY_PDU_F_INTEGRITY_ONLY;
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, &extack), -EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "ciphering has started on this bearer; integrity-only is only for the security mode procedure");
	/* uplink has not started ciphering yet, and SRB2 has its own state */
	pdu = pdcp_test_ul(test, ENBKEY_RB_SRB, 1, 1, true, false, ul);
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 2, ENBKEY_DIR_DL, 0);
	pdu.flags = ENBKEY_PDU_F_INTEGRITY_ONLY;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	pdu = pdcp_test_ul(test, ENBKEY_RB_SRB, 1, 2, true, true, ul);
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	pdu = pdcp_test_ul(test, ENBKEY_RB_SRB, 1, 3, true, false, ul);
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL), -EINVAL);

	/* a DRB without integrity: cipher-only is its normal format */
	pdu = pdcp_test_pdu(ENBKEY_RB_DRB, 1, ENBKEY_DIR_DL, 0);
	pdu.flags = ENBKEY_PDU_F_CIPHER_ONLY;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	pdu.flags = ENBKEY_PDU_F_INTEGRITY_ONLY;
	pdu.count = 1;
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, NULL), -EINVAL);

	/* EEA0 leaves the data in clear, EIA0 gives 32 zero bits */
	pdcp_test_keys(test, 0, 0, false);
	pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_DL, 1);
	memcpy(expected + 1, test_payload, PAYLOAD_LEN);
	memset(expected + 1 + PAYLOAD_LEN, 0, 4);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, expected, 1 + PAYLOAD_LEN + 4,
			    "EEA0/EIA0");
}

/* Unprotect returns the payload of the UE's PDU once it is verified. */
static void pdcp_test_unprotect_verifies(struct kunit *test)
{
	struct pdcp_test_ctx *ctx = test->priv;
	struct netlink_ext_ack extack = {};
	struct enbkey_pdu pdu;
	u8 ul[64];

	pdcp_test_keys(test, 2, 2, false);
	pdu = pdcp_test_ul(test, ENBKEY_RB_SRB, 1, 40, true, true, ul);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, test_payload, PAYLOAD_LEN, "payload");

	/* The same COUNT again is a replay */
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, &extack), -EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "COUNT replay: a PDU with this COUNT was already accepted");

	/* A flipped bit in the MAC-I, in the payload, a wrong COUNT, bearer */
	pdu = pdcp_test_ul(test, ENBKEY_RB_SRB, 1, 41, true, true, ul);
	ul[1 + PAYLOAD_LEN + 3] ^= 0x01;
	memset(ctx->out, 0xaa, PAYLOAD_LEN);
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, &extack), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, extack._msg, "integrity check failed");
	KUNIT_EXPECT_TRUE(test, !memchr_inv(ctx->out, 0, PAYLOAD_LEN));
	ul[1 + PAYLOAD_LEN + 3] ^= 0x01;
	ul[3] ^= 0x80;
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL), -EBADMSG);
	ul[3] ^= 0x80;
	pdu.count = 42;
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL), -EBADMSG);
	pdu.count = 41;
	pdu.rb_id = 2;
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL), -EBADMSG);

	/* A refused PDU was not accepted: its COUNT can still come */
	pdu.rb_id = 1;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
}

/*
 * Replay state comes from authenticated PDUs only: a DRB without integrity
 * and EIA0 accept the same COUNT again; the highest COUNT is still known.
 */
static void pdcp_test_no_replay_state(struct kunit *test)
{
	struct pdcp_test_ctx *ctx = test->priv;
	struct enbkey_count *c;
	struct enbkey_pdu pdu;
	u8 ul[64];

	pdcp_test_keys(test, 2, 2, false);
	pdu = pdcp_test_ul(test, ENBKEY_RB_DRB, 3, 9, false, true, ul);
	pdu.flags = 0;
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, test_payload, PAYLOAD_LEN, "DRB3");
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	pdu.count = 4;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	c = enbkey_keyset_count(ctx->ks, ENBKEY_RB_DRB, 3, false);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->window, 0);
	KUNIT_EXPECT_EQ(test, c->rx_top, 9);

	/* EIA0: the MAC-I is not checked, nor the COUNT */
	pdcp_test_keys(test, 0, 0, false);
	pdu = pdcp_test_ul(test, ENBKEY_RB_SRB, 1, 1, true, true, ul);
	memset(ul + 1 + PAYLOAD_LEN, 0x5a, 4);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ctx->out, test_payload, PAYLOAD_LEN, "payload");
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
}

/* An integrity-protected DRB remembers 2048 COUNTs (12-bit SN window). */
static void pdcp_test_drb_window(struct kunit *test)
{
	struct enbkey_pdu pdu;
	u8 ul[64];

	pdcp_test_keys(test, 2, 2, true);
	pdu = pdcp_test_ul(test, ENBKEY_RB_DRB, 1, 5000, true, true, ul);
	KUNIT_ASSERT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL), -EINVAL);
	pdu = pdcp_test_ul(test, ENBKEY_RB_DRB, 1, 5000 - 2047, true, true, ul);
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_unprotect(test, &pdu, NULL));
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL), -EINVAL);
	pdu = pdcp_test_ul(test, ENBKEY_RB_DRB, 1, 5000 - 2048, true, true, ul);
	KUNIT_EXPECT_EQ(test, pdcp_test_unprotect(test, &pdu, NULL), -ERANGE);
}

/* COUNT rules: protect moves forward per bearer. */
static void pdcp_test_count_rules(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_DRB, 1, ENBKEY_DIR_DL, 10);
	struct pdcp_test_ctx *ctx = test->priv;
	struct netlink_ext_ack extack = {};

	pdcp_test_keys(test, 2, 2, false);
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, &extack), -EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "COUNT reuse: COUNT must be above the highest protected on this bearer");
	pdu.count = 9;
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, NULL), -EINVAL);
	pdu.count = 11;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));

	/* Other bearer, other type: their own state */
	pdu.count = 0;
	pdu.rb_id = 2;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	pdu.rb_type = ENBKEY_RB_SRB;
	pdu.rb_id = 1;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));

	/* COUNT past the threshold marks the keys; 0xffffffff is usable once */
	pdu = pdcp_test_pdu(ENBKEY_RB_DRB, 1, ENBKEY_DIR_DL, 0xbfffffff);
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	KUNIT_EXPECT_FALSE(test, ctx->ks->refresh);
	pdu.count = 0xc0000000;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	KUNIT_EXPECT_TRUE(test, ctx->ks->refresh);
	pdu.count = 0xffffffff;
	KUNIT_EXPECT_EQ(test, 0, pdcp_test_protect(test, &pdu, NULL));
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, NULL), -EINVAL);
}

/* The replay window: out of order within it, refused behind it. */
static void pdcp_test_replay_window(struct kunit *test)
{
	struct enbkey_count *c = enbkey_count_alloc(ENBKEY_REPLAY_WINDOW);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(c, 100));
	enbkey_count_rx_commit(c, 100);
	KUNIT_EXPECT_EQ(test, -EINVAL, enbkey_count_rx_check(c, 100));
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(c, 99));
	enbkey_count_rx_commit(c, 99);
	KUNIT_EXPECT_EQ(test, -EINVAL, enbkey_count_rx_check(c, 99));
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(c, 100 - 63));
	KUNIT_EXPECT_EQ(test, -ERANGE, enbkey_count_rx_check(c, 100 - 64));
	/* a jump forward forgets what fell out, and only that */
	enbkey_count_rx_commit(c, 130);
	KUNIT_EXPECT_EQ(test, -EINVAL, enbkey_count_rx_check(c, 99));
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(c, 129));
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(c, 67));
	enbkey_count_rx_commit(c, 170);
	KUNIT_EXPECT_EQ(test, -ERANGE, enbkey_count_rx_check(c, 100));
	KUNIT_EXPECT_EQ(test, -EINVAL, enbkey_count_rx_check(c, 130));
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(c, 169));
	enbkey_count_rx_commit(c, 1000);
	KUNIT_EXPECT_EQ(test, 0, enbkey_count_rx_check(c, 999));
	KUNIT_EXPECT_EQ(test, -ERANGE, enbkey_count_rx_check(c, 936));
	kfree(c);
}

/* Nothing works before the algorithms are selected. */
static void pdcp_test_needs_security(struct kunit *test)
{
	struct enbkey_pdu pdu = pdcp_test_pdu(ENBKEY_RB_SRB, 1, ENBKEY_DIR_DL, 1);
	struct pdcp_test_ctx *ctx = test->priv;
	struct netlink_ext_ack extack = {};
	u16 mac;

	ctx->ks = enbkey_keyset_new(test_kenb, 0);
	KUNIT_ASSERT_NOT_NULL(test, ctx->ks);
	KUNIT_EXPECT_EQ(test, pdcp_test_protect(test, &pdu, &extack), -ENOKEY);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "security is not configured for this UE; run sec set first");
	KUNIT_EXPECT_EQ(test, pdcp_test_short_mac_of(ctx->ks, 1, 1, 1, &mac),
			-ENOKEY);
	KUNIT_EXPECT_EQ(test, pdcp_test_short_mac_of(NULL, 1, 1, 1, &mac),
			-ENOKEY);
}

/*
 * VarShortMAC-Input in UPER, written bit by bit: cellIdentity (28 bits),
 * physCellId (constrained 0..503: 9 bits), c-RNTI (16 bits), then zero
 * bits up to a whole octet (TS 36.331 clause 8, X.691).
 */
static void ref_put_bits(u8 *buf, unsigned int *pos, u32 v, unsigned int n)
{
	while (n--) {
		if (v >> n & 1)
			buf[*pos / 8] |= 0x80 >> (*pos % 8);
		(*pos)++;
	}
}

static u16 ref_short_mac(const u8 krrcint[16], u32 cell_id, u16 pci, u16 crnti)
{
	unsigned int pos = 0;
	u8 msg[7] = {}, mac[4];

	ref_put_bits(msg, &pos, cell_id, 28);
	ref_put_bits(msg, &pos, pci, 9);
	ref_put_bits(msg, &pos, crnti, 16);
	/* 53 bits: 7 octets; COUNT, BEARER and DIRECTION all ones */
	ref_eia2(krrcint, 0xffffffff, 0x1f, 1, msg, DIV_ROUND_UP(pos, 8), NULL,
		 0, mac);
	return mac[2] << 8 | mac[3];
}

struct short_mac_case {
	u32 cell_id;
	u16 pci;
	u16 crnti;
};

static const struct short_mac_case short_mac_cases[] = {
	{ 0, 0, 0 },
	{ 0xfffffff, 503, 0xffff },
	{ 0xfffffff, 0, 0 },
	{ 0, 503, 0 },
	{ 0, 0, 0xffff },
	{ 0x1234567, 301, 0x4601 },
};

static void short_mac_desc(const struct short_mac_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "cell %#x pci %u c-rnti %#x",
		 c->cell_id, c->pci, c->crnti);
}

KUNIT_ARRAY_PARAM(short_mac, short_mac_cases, short_mac_desc);

/* TS 36.331 5.3.7.4: the 16 least significant bits of that MAC-I */
static void pdcp_test_short_mac(struct kunit *test)
{
	const struct short_mac_case *c = test->param_value;
	struct pdcp_test_ctx *ctx = test->priv;
	u16 mac = 0;
	int err;

	pdcp_test_keys(test, 2, 2, false);
	err = pdcp_test_short_mac_of(ctx->ks, c->cell_id, c->pci, c->crnti,
				     &mac);
	KUNIT_ASSERT_EQ(test, 0, err);
	KUNIT_EXPECT_EQ(test, mac, ref_short_mac(ctx->keys.rrc_int, c->cell_id,
						 c->pci, c->crnti));
	/* it uses and changes no COUNT state */
	KUNIT_EXPECT_NULL(test, ctx->ks->counts);
	/* EIA0 (emergency) gives zero */
	pdcp_test_keys(test, 0, 0, false);
	err = pdcp_test_short_mac_of(ctx->ks, c->cell_id, c->pci, c->crnti,
				     &mac);
	KUNIT_ASSERT_EQ(test, 0, err);
	KUNIT_EXPECT_EQ(test, mac, 0);
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
	test->priv = ctx;
	return 0;
}

static void pdcp_test_exit(struct kunit *test)
{
	struct pdcp_test_ctx *ctx = test->priv;

	enbkey_keyset_free(ctx->ks);
	memzero_explicit(&ctx->keys, sizeof(ctx->keys));
}

/* Sets up what the suite uses: see kdf_test.c. */
static int pdcp_test_suite_init(struct kunit_suite *suite)
{
	int err;

	err = enbkey_crypto_init();
	if (err)
		return err;
	err = enbkey_kdf_init();
	if (err)
		goto err_kdf;
	err = enbkey_alg_init();
	if (err)
		goto err_alg;
	return 0;

err_alg:
	enbkey_kdf_exit();
err_kdf:
	enbkey_crypto_exit();
	return err;
}

static void pdcp_test_suite_exit(struct kunit_suite *suite)
{
	enbkey_alg_exit();
	enbkey_kdf_exit();
	enbkey_crypto_exit();
}

static struct kunit_case enbkey_pdcp_test_cases[] = {
	KUNIT_CASE(pdcp_test_srb_protect),
	KUNIT_CASE(pdcp_test_srb2),
	KUNIT_CASE(pdcp_test_all_algs),
	KUNIT_CASE(pdcp_test_drb),
	KUNIT_CASE(pdcp_test_role),
	KUNIT_CASE(pdcp_test_srb_format),
	KUNIT_CASE(pdcp_test_unprotect_verifies),
	KUNIT_CASE(pdcp_test_no_replay_state),
	KUNIT_CASE(pdcp_test_drb_window),
	KUNIT_CASE(pdcp_test_count_rules),
	KUNIT_CASE(pdcp_test_replay_window),
	KUNIT_CASE(pdcp_test_needs_security),
	KUNIT_CASE_PARAM(pdcp_test_short_mac, short_mac_gen_params),
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
