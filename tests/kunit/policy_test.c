// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the request policies: what each command accepts, and the
 * message a rejected request carries.
 */

#include <linux/skbuff.h>
#include <net/netlink.h>

#include "../../kmod/netlink.h"
#include "test.h"

struct policy_case {
	const char *name;
	u8 cmd;
	void (*build)(struct sk_buff *skb);
	int err;
	const char *msg;	/* NULL: no message expected */
	int bad_attr;		/* attribute the extack points at, 0: none */
};

static void put_kenb(struct sk_buff *skb, int len)
{
	u8 key[64];

	memset(key, 0x5a, sizeof(key));
	nla_put(skb, ENBKEY_A_KENB, len, key);
}

static void build_id(struct sk_buff *skb)
{
	nla_put_u32(skb, ENBKEY_A_UE_ID, 1);
}

static void build_key_ok(struct sk_buff *skb)
{
	build_id(skb);
	put_kenb(skb, ENBKEY_KENB_LEN);
	nla_put_u8(skb, ENBKEY_A_NCC, ENBKEY_NCC_MAX);
}

static void build_key_31(struct sk_buff *skb)
{
	build_id(skb);
	put_kenb(skb, 31);
}

static void build_key_33(struct sk_buff *skb)
{
	build_id(skb);
	put_kenb(skb, 33);
}

static void build_key_0(struct sk_buff *skb)
{
	build_id(skb);
	put_kenb(skb, 0);
}

static void build_ncc_8(struct sk_buff *skb)
{
	build_id(skb);
	put_kenb(skb, ENBKEY_KENB_LEN);
	nla_put_u8(skb, ENBKEY_A_NCC, 8);
}

static void build_ncc_u32(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u32(skb, ENBKEY_A_NCC, 1);
}

static void build_sec_ok(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u8(skb, ENBKEY_A_EEA, ENBKEY_ALG_MAX);
	nla_put_u8(skb, ENBKEY_A_EIA, 0);
}

static void build_eea_4(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u8(skb, ENBKEY_A_EEA, 4);
	nla_put_u8(skb, ENBKEY_A_EIA, 2);
}

static void build_eia_255(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u8(skb, ENBKEY_A_EEA, 2);
	nla_put_u8(skb, ENBKEY_A_EIA, 255);
}

static void build_sec_with_kenb(struct sk_buff *skb)
{
	build_sec_ok(skb);
	put_kenb(skb, ENBKEY_KENB_LEN);
}

static void build_reply_only(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u32(skb, ENBKEY_A_KEY_GENERATION, 3);
}

static void build_unknown(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u32(skb, ENBKEY_A_MAX + 1, 0);
}

static void build_short_id(struct sk_buff *skb)
{
	nla_put_u16(skb, ENBKEY_A_UE_ID, 1);
}

static void build_algs_in_ue_new(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u8(skb, ENBKEY_A_EEA, 2);
}

/* One PDU entry of ENBKEY_A_PDUS, with one attribute changed. */
static void put_pdu(struct sk_buff *skb, int type, u32 value, int len)
{
	static const u8 octets[ENBKEY_PDU_DATA_MAX + 1];
	struct nlattr *list = nla_nest_start(skb, ENBKEY_A_PDUS);
	struct nlattr *pdu = nla_nest_start(skb, 0);

	nla_put_u8(skb, ENBKEY_PDU_A_RB_TYPE,
		   type == ENBKEY_PDU_A_RB_TYPE ? value : ENBKEY_RB_SRB);
	nla_put_u8(skb, ENBKEY_PDU_A_RB_ID, type == ENBKEY_PDU_A_RB_ID ? value : 1);
	nla_put_u8(skb, ENBKEY_PDU_A_DIR, type == ENBKEY_PDU_A_DIR ? value : 1);
	nla_put_u32(skb, ENBKEY_PDU_A_COUNT, 5);
	nla_put(skb, ENBKEY_PDU_A_HDR, type == ENBKEY_PDU_A_HDR ? len : 1, octets);
	nla_put(skb, ENBKEY_PDU_A_DATA, type == ENBKEY_PDU_A_DATA ? len : 10, octets);
	if (type == ENBKEY_PDU_A_FLAGS || type == ENBKEY_PDU_A_ERROR)
		nla_put_u32(skb, type, value);
	nla_nest_end(skb, pdu);
	nla_nest_end(skb, list);
}

static void build_pdu_ok(struct sk_buff *skb)
{
	build_id(skb);
	put_pdu(skb, 0, 0, 0);
}

static void build_pdu_rb_0(struct sk_buff *skb)
{
	build_id(skb);
	put_pdu(skb, ENBKEY_PDU_A_RB_ID, 0, 0);
}

static void build_pdu_rb_33(struct sk_buff *skb)
{
	build_id(skb);
	put_pdu(skb, ENBKEY_PDU_A_RB_ID, 33, 0);
}

static void build_pdu_hdr_9(struct sk_buff *skb)
{
	build_id(skb);
	put_pdu(skb, ENBKEY_PDU_A_HDR, 0, ENBKEY_PDU_HDR_MAX + 1);
}

static void build_pdu_data_max(struct sk_buff *skb)
{
	build_id(skb);
	put_pdu(skb, ENBKEY_PDU_A_DATA, 0, ENBKEY_PDU_DATA_MAX);
}

static void build_pdu_data_big(struct sk_buff *skb)
{
	build_id(skb);
	put_pdu(skb, ENBKEY_PDU_A_DATA, 0, ENBKEY_PDU_DATA_MAX + 1);
}

static void build_pdu_flag(struct sk_buff *skb)
{
	build_id(skb);
	put_pdu(skb, ENBKEY_PDU_A_FLAGS, 1U << 2, 0);
}

static void build_pdu_dir_2(struct sk_buff *skb)
{
	build_id(skb);
	put_pdu(skb, ENBKEY_PDU_A_DIR, 2, 0);
}

static void build_pdu_error(struct sk_buff *skb)
{
	build_id(skb);
	put_pdu(skb, ENBKEY_PDU_A_ERROR, 1, 0);
}

static void build_up_integrity_2(struct sk_buff *skb)
{
	build_sec_ok(skb);
	nla_put_u8(skb, ENBKEY_A_UP_INTEGRITY, 2);
}

static void build_nh_31(struct sk_buff *skb)
{
	u8 nh[31] = {};

	build_id(skb);
	nla_put(skb, ENBKEY_A_NH, sizeof(nh), nh);
	nla_put_u8(skb, ENBKEY_A_NCC, 1);
}

static void build_ho(struct sk_buff *skb, u16 pci, u32 earfcn)
{
	build_id(skb);
	nla_put_u16(skb, ENBKEY_A_PCI, pci);
	nla_put_u32(skb, ENBKEY_A_EARFCN_DL, earfcn);
}

static void build_ho_ok(struct sk_buff *skb)
{
	build_ho(skb, ENBKEY_PCI_MAX, ENBKEY_EARFCN_MAX);
}

static void build_ho_pci_504(struct sk_buff *skb)
{
	build_ho(skb, 504, 561);
}

static void build_ho_earfcn_big(struct sk_buff *skb)
{
	build_ho(skb, 32, ENBKEY_EARFCN_MAX + 1);
}

static void build_export_with_kenb_star(struct sk_buff *skb)
{
	u8 key[ENBKEY_KENB_LEN];

	memset(key, 0x5a, sizeof(key));
	build_id(skb);
	nla_put(skb, ENBKEY_A_KENB_STAR, sizeof(key), key);
}

static void build_mask(struct sk_buff *skb, int len)
{
	u8 mask[ENBKEY_KENB_LEN + 1];

	memset(mask, 0xa5, sizeof(mask));
	build_id(skb);
	nla_put(skb, ENBKEY_A_KEY_MASK, len, mask);
}

static void build_mask_ok(struct sk_buff *skb)
{
	build_mask(skb, ENBKEY_KENB_LEN);
}

static void build_mask_31(struct sk_buff *skb)
{
	build_mask(skb, ENBKEY_KENB_LEN - 1);
}

static void build_mask_33(struct sk_buff *skb)
{
	build_mask(skb, ENBKEY_KENB_LEN + 1);
}

static void build_prepare_with_nh(struct sk_buff *skb)
{
	u8 key[ENBKEY_KENB_LEN];

	memset(key, 0x5a, sizeof(key));
	build_ho_ok(skb);
	nla_put(skb, ENBKEY_A_NH, sizeof(key), key);
}

static void build_prepare_algs(struct sk_buff *skb)
{
	build_ho_ok(skb);
	nla_put_u8(skb, ENBKEY_A_EEA, 0);
	nla_put_u8(skb, ENBKEY_A_EIA, 2);
}

static void build_prepare_eia_4(struct sk_buff *skb)
{
	build_ho_ok(skb);
	nla_put_u8(skb, ENBKEY_A_EEA, 0);
	nla_put_u8(skb, ENBKEY_A_EIA, 4);
}

static void build_emergency(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u8(skb, ENBKEY_A_EMERGENCY, 1);
}

static void build_emergency_2(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u8(skb, ENBKEY_A_EMERGENCY, 2);
}

static void build_bearers(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u8(skb, ENBKEY_A_SHOW_BEARERS, 1);
}

static void build_next(struct sk_buff *skb)
{
	build_pdu_ok(skb);
	nla_put_u8(skb, ENBKEY_A_NEXT, 1);
	nla_put_u16(skb, ENBKEY_A_PCI, 7);
	nla_put_u32(skb, ENBKEY_A_EARFCN_DL, 100);
}

static void build_next_2(struct sk_buff *skb)
{
	build_pdu_ok(skb);
	nla_put_u8(skb, ENBKEY_A_NEXT, 2);
}

static void build_short_mac(struct sk_buff *skb, u32 cell_id, u16 pci,
			    u32 crnti)
{
	build_id(skb);
	nla_put_u32(skb, ENBKEY_A_CELL_ID, cell_id);
	nla_put_u16(skb, ENBKEY_A_PCI, pci);
	nla_put_u32(skb, ENBKEY_A_CRNTI, crnti);
}

static void build_short_mac_ok(struct sk_buff *skb)
{
	build_short_mac(skb, ENBKEY_CELL_ID_MAX, ENBKEY_PCI_MAX, ENBKEY_CRNTI_MAX);
}

static void build_short_mac_cell(struct sk_buff *skb)
{
	build_short_mac(skb, ENBKEY_CELL_ID_MAX + 1, 0, 0);
}

static void build_short_mac_pci(struct sk_buff *skb)
{
	build_short_mac(skb, 0, ENBKEY_PCI_MAX + 1, 0);
}

static void build_short_mac_crnti(struct sk_buff *skb)
{
	build_short_mac(skb, 0, 0, ENBKEY_CRNTI_MAX + 1);
}

static void build_cells_in_request(struct sk_buff *skb)
{
	build_id(skb);
	nla_put_u8(skb, ENBKEY_A_KENB_PENDING, 1);
}

static const struct policy_case policy_cases[] = {
	{ "ue new: id", ENBKEY_CMD_UE_NEW, build_id, 0, NULL, 0 },
	{ "ue new: id of 2 octets", ENBKEY_CMD_UE_NEW, build_short_id, -EINVAL,
	  "invalid attribute length", ENBKEY_A_UE_ID },
	{ "ue new: algorithms", ENBKEY_CMD_UE_NEW, build_algs_in_ue_new,
	  -EINVAL, "Unsupported attribute", ENBKEY_A_EEA },
	{ "ue get: reply-only attribute", ENBKEY_CMD_UE_GET, build_reply_only,
	  -EINVAL, "attribute is only sent by the kernel",
	  ENBKEY_A_KEY_GENERATION },
	{ "ue del: unknown attribute", ENBKEY_CMD_UE_DEL, build_unknown,
	  -EINVAL, "Unknown attribute type", ENBKEY_A_MAX + 1 },
	{ "key set: 32 octets, NCC 7", ENBKEY_CMD_KEY_SET, build_key_ok, 0,
	  NULL, 0 },
	{ "key set: 31 octets", ENBKEY_CMD_KEY_SET, build_key_31, -EINVAL,
	  "KeNB must be 32 octets", ENBKEY_A_KENB },
	{ "key set: 33 octets", ENBKEY_CMD_KEY_SET, build_key_33, -EINVAL,
	  "KeNB must be 32 octets", ENBKEY_A_KENB },
	{ "key set: empty", ENBKEY_CMD_KEY_SET, build_key_0, -EINVAL,
	  "KeNB must be 32 octets", ENBKEY_A_KENB },
	{ "key set: NCC 8", ENBKEY_CMD_KEY_SET, build_ncc_8, -EINVAL,
	  "NCC must be 0..7", ENBKEY_A_NCC },
	{ "key set: NCC as u32", ENBKEY_CMD_KEY_SET, build_ncc_u32, -EINVAL,
	  "invalid attribute length", ENBKEY_A_NCC },
	{ "sec set: EEA 3 EIA 0", ENBKEY_CMD_SEC_SET, build_sec_ok, 0, NULL, 0 },
	{ "sec set: EEA 4", ENBKEY_CMD_SEC_SET, build_eea_4, -EINVAL,
	  "EEA must be 0..3", ENBKEY_A_EEA },
	{ "sec set: EIA 255", ENBKEY_CMD_SEC_SET, build_eia_255, -EINVAL,
	  "EIA must be 0..3", ENBKEY_A_EIA },
	{ "sec set: a KeNB", ENBKEY_CMD_SEC_SET, build_sec_with_kenb, -EINVAL,
	  "keys are accepted by key set only; this one was wiped", ENBKEY_A_KENB },
	{ "sec set: up-integrity 2", ENBKEY_CMD_SEC_SET, build_up_integrity_2,
	  -ERANGE, "integer out of range", ENBKEY_A_UP_INTEGRITY },
	{ "protect: one PDU", ENBKEY_CMD_PDCP_PROTECT, build_pdu_ok, 0, NULL, 0 },
	{ "protect: data of 9000 octets", ENBKEY_CMD_PDCP_PROTECT,
	  build_pdu_data_max, 0, NULL, 0 },
	{ "protect: RB identity 0", ENBKEY_CMD_PDCP_PROTECT, build_pdu_rb_0,
	  -EINVAL, "RB identity must be 1..2 for an SRB, 1..32 for a DRB",
	  ENBKEY_PDU_A_RB_ID },
	{ "unprotect: RB identity 33", ENBKEY_CMD_PDCP_UNPROTECT,
	  build_pdu_rb_33, -EINVAL,
	  "RB identity must be 1..2 for an SRB, 1..32 for a DRB",
	  ENBKEY_PDU_A_RB_ID },
	{ "protect: header of 9 octets", ENBKEY_CMD_PDCP_PROTECT,
	  build_pdu_hdr_9, -EINVAL, "PDCP header must be at most 8 octets",
	  ENBKEY_PDU_A_HDR },
	{ "protect: data of 9001 octets", ENBKEY_CMD_PDCP_PROTECT,
	  build_pdu_data_big, -EINVAL, "PDU data must be at most 9000 octets",
	  ENBKEY_PDU_A_DATA },
	{ "protect: unknown flag", ENBKEY_CMD_PDCP_PROTECT, build_pdu_flag,
	  -EINVAL, "reserved bit set", ENBKEY_PDU_A_FLAGS },
	{ "protect: direction 2", ENBKEY_CMD_PDCP_PROTECT, build_pdu_dir_2,
	  -ERANGE, "integer out of range", ENBKEY_PDU_A_DIR },
	{ "unprotect: reply-only error", ENBKEY_CMD_PDCP_UNPROTECT,
	  build_pdu_error, -EINVAL, "attribute is only sent by the kernel",
	  ENBKEY_PDU_A_ERROR },
	{ "key set: NH of 31 octets", ENBKEY_CMD_KEY_SET, build_nh_31, -EINVAL,
	  "NH must be 32 octets", ENBKEY_A_NH },
	{ "ho prepare: PCI 503, EARFCN-DL 262143", ENBKEY_CMD_HO_PREPARE,
	  build_ho_ok, 0, NULL, 0 },
	{ "ho prepare: PCI 504", ENBKEY_CMD_HO_PREPARE, build_ho_pci_504,
	  -EINVAL, "PCI must be 0..503", ENBKEY_A_PCI },
	{ "ho prepare: EARFCN-DL 262144", ENBKEY_CMD_HO_PREPARE,
	  build_ho_earfcn_big, -EINVAL, "EARFCN-DL must be 0..262143",
	  ENBKEY_A_EARFCN_DL },
	{ "ho export: a KeNB* in the request", ENBKEY_CMD_HO_EXPORT,
	  build_export_with_kenb_star, -EINVAL,
	  "keys are accepted by key set only; this one was wiped",
	  ENBKEY_A_KENB_STAR },
	{ "ho export: a mask", ENBKEY_CMD_HO_EXPORT, build_mask_ok, 0, NULL, 0 },
	{ "ho export: a mask of 31 octets", ENBKEY_CMD_HO_EXPORT, build_mask_31,
	  -EINVAL, "key mask must be 32 random octets", ENBKEY_A_KEY_MASK },
	{ "s kenb: a mask", ENBKEY_CMD_S_KENB, build_mask_ok, 0, NULL, 0 },
	{ "s kenb: a mask of 33 octets", ENBKEY_CMD_S_KENB, build_mask_33,
	  -EINVAL, "key mask must be 32 random octets", ENBKEY_A_KEY_MASK },
	{ "ho commit: a mask", ENBKEY_CMD_HO_COMMIT, build_mask_ok, -EINVAL,
	  "Unsupported attribute", ENBKEY_A_KEY_MASK },
	{ "ho prepare: an NH", ENBKEY_CMD_HO_PREPARE, build_prepare_with_nh,
	  -EINVAL, "keys are accepted by key set only; this one was wiped",
	  ENBKEY_A_NH },
	{ "ho prepare: the target's algorithms", ENBKEY_CMD_HO_PREPARE,
	  build_prepare_algs, 0, NULL, 0 },
	{ "ho prepare: EIA 4", ENBKEY_CMD_HO_PREPARE, build_prepare_eia_4,
	  -EINVAL, "EIA must be 0..3", ENBKEY_A_EIA },
	{ "ho commit: a cell", ENBKEY_CMD_HO_COMMIT, build_ho_ok, 0, NULL, 0 },
	{ "ho export: PCI 504", ENBKEY_CMD_HO_EXPORT, build_ho_pci_504,
	  -EINVAL, "PCI must be 0..503", ENBKEY_A_PCI },
	{ "ho cancel: a cell", ENBKEY_CMD_HO_CANCEL, build_ho_ok, -EINVAL,
	  "Unsupported attribute", ENBKEY_A_PCI },
	{ "ue new: emergency", ENBKEY_CMD_UE_NEW, build_emergency, 0, NULL, 0 },
	{ "ue new: emergency 2", ENBKEY_CMD_UE_NEW, build_emergency_2, -ERANGE,
	  "integer out of range", ENBKEY_A_EMERGENCY },
	{ "ue del: emergency", ENBKEY_CMD_UE_DEL, build_emergency, -EINVAL,
	  "Unsupported attribute", ENBKEY_A_EMERGENCY },
	{ "ue get: bearers", ENBKEY_CMD_UE_GET, build_bearers, 0, NULL, 0 },
	{ "ue get: a re-keying flag", ENBKEY_CMD_UE_GET, build_cells_in_request,
	  -EINVAL, "attribute is only sent by the kernel", ENBKEY_A_KENB_PENDING },
	{ "unprotect: next keys of a cell", ENBKEY_CMD_PDCP_UNPROTECT,
	  build_next, 0, NULL, 0 },
	{ "unprotect: next 2", ENBKEY_CMD_PDCP_UNPROTECT, build_next_2,
	  -ERANGE, "integer out of range", ENBKEY_A_NEXT },
	{ "shortmac: the largest values", ENBKEY_CMD_SHORT_MAC,
	  build_short_mac_ok, 0, NULL, 0 },
	{ "shortmac: cell identity of 29 bits", ENBKEY_CMD_SHORT_MAC,
	  build_short_mac_cell, -EINVAL,
	  "cell identity must be 0..268435455 (28 bits)", ENBKEY_A_CELL_ID },
	{ "shortmac: PCI 504", ENBKEY_CMD_SHORT_MAC, build_short_mac_pci,
	  -EINVAL, "PCI must be 0..503", ENBKEY_A_PCI },
	{ "shortmac: C-RNTI 65536", ENBKEY_CMD_SHORT_MAC, build_short_mac_crnti,
	  -EINVAL, "C-RNTI must be 0..65535 (16 bits)", ENBKEY_A_CRNTI },
};

static void policy_case_desc(const struct policy_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(policy, policy_cases, policy_case_desc);

static void policy_test(struct kunit *test)
{
	const struct policy_case *c = test->param_value;
	const struct nla_policy *policy = enbkey_nl_cmd_policy(c->cmd);
	struct nlattr *tb[ENBKEY_A_MAX + 1];
	struct netlink_ext_ack extack = {};
	struct sk_buff *skb;
	int err;

	/* Arrange */
	KUNIT_ASSERT_NOT_NULL(test, policy);
	skb = alloc_skb(2 * ENBKEY_PDU_DATA_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	c->build(skb);

	/* Act: the parse genetlink does, then the ranges pre_doit checks */
	err = nla_parse(tb, ENBKEY_A_MAX, (struct nlattr *)skb->data, skb->len,
			policy, &extack);
	if (!err)
		err = enbkey_nl_check_ranges(tb, &extack);
	if (!err)
		err = enbkey_nl_check_pdus(tb, &extack);

	/* Assert */
	KUNIT_EXPECT_EQ(test, err, c->err);
	if (c->msg)
		KUNIT_EXPECT_STREQ(test, extack._msg, c->msg);
	else
		KUNIT_EXPECT_NULL(test, extack._msg);
	if (c->bad_attr)
		KUNIT_EXPECT_EQ(test, nla_type(extack.bad_attr), c->bad_attr);
	/* a refused key is wiped where it lies in the request */
	if (c->msg && strstr(c->msg, "wiped"))
		KUNIT_EXPECT_TRUE(test, !memchr_inv(nla_data(extack.bad_attr), 0,
						    nla_len(extack.bad_attr)));
	kfree_skb(skb);
}

/*
 * Every command has a policy, and no policy accepts a reply-only attribute;
 * ENBKEY_CMD_EVENT is only sent by the kernel.
 */
static void policy_test_every_command(struct kunit *test)
{
	u8 cmd;

	for (cmd = 1; cmd <= ENBKEY_CMD_MAX; cmd++) {
		const struct nla_policy *policy = enbkey_nl_cmd_policy(cmd);

		if (cmd == ENBKEY_CMD_EVENT)
			continue;
		KUNIT_ASSERT_NOT_NULL_MSG(test, policy, "command %u", cmd);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_KEY_INSTALLED].type,
				NLA_REJECT);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_KEY_GENERATION].type,
				NLA_REJECT);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_INTEGRITY_FAILURES].type,
				NLA_REJECT);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_KEY_REFRESH].type,
				NLA_REJECT);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_EVENT].type, NLA_REJECT);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_VERTICAL].type, NLA_REJECT);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_KENB_PENDING].type,
				NLA_REJECT);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_CELLS].type, NLA_REJECT);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_BEARERS].type, NLA_REJECT);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_SHORT_MAC_I].type,
				NLA_REJECT);
		/* keys: checked (key set) or refused and wiped (the others) */
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_KENB_STAR].validation_type,
				NLA_VALIDATE_FUNCTION);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_S_KENB].validation_type,
				NLA_VALIDATE_FUNCTION);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_KENB].validation_type,
				NLA_VALIDATE_FUNCTION);
		KUNIT_EXPECT_EQ(test, policy[ENBKEY_A_NH].validation_type,
				NLA_VALIDATE_FUNCTION);
	}
	KUNIT_EXPECT_NULL(test, enbkey_nl_cmd_policy(ENBKEY_CMD_EVENT));
	KUNIT_EXPECT_NULL(test, enbkey_nl_cmd_policy(ENBKEY_CMD_MAX + 1));
}

static bool policy_is_int(const struct nla_policy *pt)
{
	return pt->type == NLA_U8 || pt->type == NLA_U16 ||
	       pt->type == NLA_U32 || pt->type == NLA_U64;
}

/*
 * No integer attribute has a validation function: the policy dump (of an
 * error ACK or of CTRL_CMD_GETPOLICY) reads that union as min and max, and
 * 6.1 warns when they come out negative.
 */
static void policy_test_dumpable(struct kunit *test)
{
	const struct nla_policy *policy, *pdu;
	u8 cmd;
	int i;

	for (cmd = 1; cmd <= ENBKEY_CMD_MAX; cmd++) {
		policy = enbkey_nl_cmd_policy(cmd);
		if (!policy)
			continue;
		for (i = 0; i <= ENBKEY_A_MAX; i++)
			KUNIT_EXPECT_FALSE_MSG(test, policy_is_int(&policy[i]) &&
					       policy[i].validation_type ==
					       NLA_VALIDATE_FUNCTION,
					       "command %u, attribute %d", cmd, i);
	}
	pdu = enbkey_nl_cmd_policy(ENBKEY_CMD_PDCP_PROTECT)[ENBKEY_A_PDUS].nested_policy;
	KUNIT_ASSERT_NOT_NULL(test, pdu);
	for (i = 0; i <= ENBKEY_PDU_A_MAX; i++)
		KUNIT_EXPECT_FALSE_MSG(test, policy_is_int(&pdu[i]) &&
				       pdu[i].validation_type == NLA_VALIDATE_FUNCTION,
				       "PDU attribute %d", i);
}

static struct kunit_case enbkey_policy_test_cases[] = {
	KUNIT_CASE_PARAM(policy_test, policy_gen_params),
	KUNIT_CASE(policy_test_every_command),
	KUNIT_CASE(policy_test_dumpable),
	{}
};

static struct kunit_suite enbkey_policy_test_suite = {
	.name = "enbkey-policy",
	.test_cases = enbkey_policy_test_cases,
};

kunit_test_suite(enbkey_policy_test_suite);
