// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of key chaining (TS 33.401 7.2.8, 7.2.9, A.5, A.15): KeNB* for
 * the published vector and the EARFCN-DL boundaries, vertical and
 * horizontal derivation, several prepared cells, cancel, export, commit,
 * the next keys, S-KeNB counters and re-keying. Expected values come from
 * shared/vectors/kdf.json or the HMAC reference of ref.h.
 */

#include "../../kmod/handover.h"
#include "../../kmod/pdcp.h"
#include "../../kmod/crypto/crypto.h"
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

static const struct enbkey_ho_algs ho_same = {};
static const struct enbkey_cell ho_none = {};

static struct enbkey_ue *ho_test_ue(struct kunit *test, bool algs)
{
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	bool changed;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, vec_key, 0, NULL));
	if (algs)
		KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false,
							    &changed, NULL));
	return ue;
}

static struct enbkey_cell ho_cell(u16 pci, u32 earfcn)
{
	return (struct enbkey_cell){ .pci = pci, .earfcn_dl = earfcn, .given = true };
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
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	struct enbkey_as_keys keys;
	bool vertical = true, changed;
	u8 ncc = 9;

	/* Arrange: NCC 4 with the KeNB, no NH */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, vec_key, 4, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, &changed,
						    NULL));

	/* Act */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 32, 561, &ho_same, &ncc,
						   &vertical, NULL));

	/* Assert: from the KeNB, NCC unchanged, one prepared cell */
	KUNIT_EXPECT_FALSE(test, vertical);
	KUNIT_EXPECT_EQ(test, ncc, 4);
	KUNIT_ASSERT_EQ(test, ue->n_next, 1);
	KUNIT_EXPECT_FALSE(test, ue->rekey);
	ENBKEY_EXPECT_MEMEQ(test, ue->next[0]->base, vec_kenb_star, 32, "KeNB*");
	ENBKEY_EXPECT_MEMEQ(test, ue->cur->base, vec_key, 32, "KeNB untouched");
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(vec_kenb_star, 2, 2, &keys));
	ENBKEY_EXPECT_MEMEQ(test, &ue->next[0]->keys, &keys, sizeof(keys),
			    "the next AS keys, before commit");

	/* Commit: KeNB* becomes KeNB, AS keys follow, generation + 1 */
	KUNIT_EXPECT_EQ(test, ue->key_generation, 1);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, &ho_none, NULL));
	ENBKEY_EXPECT_MEMEQ(test, ue->cur->base, vec_kenb_star, 32, "new KeNB");
	KUNIT_EXPECT_EQ(test, ue->n_next, 0);
	KUNIT_EXPECT_NULL(test, ue->prep);
	KUNIT_EXPECT_EQ(test, ue->cur->ncc, 4);
	KUNIT_EXPECT_EQ(test, ue->key_generation, 2);
	ENBKEY_EXPECT_MEMEQ(test, &ue->cur->keys, &keys, sizeof(keys), "AS keys");
	memzero_explicit(&keys, sizeof(keys));
	enbkey_test_ue_put(ue);
}

/*
 * Several cells of one preparation from an NH: all vertical, the same NCC,
 * each its own KeNB*; the NH stays unused until the commit of one of them.
 */
static void ho_test_cells_from_nh(struct kunit *test)
{
	static const u16 pcis[] = { 7, 8, 9 };
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	struct enbkey_cell cell = ho_cell(8, 70000);
	struct netlink_ext_ack extack = {};
	u8 ref[ENBKEY_KDF_OUT_LEN], ncc;
	unsigned int i;
	bool vertical;

	/* Arrange: KeNB at NCC 7, then an older and a newer {NH, NCC} */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, vec_key, 7, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, vec_kenb_star, 6, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, test_nh, 0, NULL));

	for (i = 0; i < ARRAY_SIZE(pcis); i++) {
		KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, pcis[i], 70000,
							   &ho_same, &ncc,
							   &vertical, NULL));
		KUNIT_EXPECT_TRUE(test, vertical);
		KUNIT_EXPECT_EQ(test, ncc, 0);
	}
	KUNIT_ASSERT_EQ(test, ue->n_next, 3);
	KUNIT_EXPECT_NOT_NULL(test, ue->nh);
	for (i = 0; i < ARRAY_SIZE(pcis); i++) {
		ref_kenb_star(test_nh, pcis[i], 70000, ref);
		ENBKEY_EXPECT_MEMEQ(test, ue->next[i]->base, ref, 32,
				    "vertical KeNB* of PCI %u", pcis[i]);
		KUNIT_EXPECT_EQ(test, ue->next[i]->ncc, 0);
	}

	/* An NH during a preparation is refused; so is a KeNB */
	KUNIT_EXPECT_EQ(test, enbkey_ho_set_nh(ue, vec_key, 1, &extack), -EBUSY);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "a handover is prepared; commit or cancel it first");
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_kenb(ue, test_nh, 1, NULL), -EBUSY);

	/* Commit of one names it; the NH is spent, the others wiped */
	KUNIT_EXPECT_EQ(test, enbkey_ho_commit(ue, &ho_none, &extack), -EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "several cells are prepared; name one with pci and earfcn");
	cell.pci = 10;
	KUNIT_EXPECT_EQ(test, enbkey_ho_commit(ue, &cell, &extack), -ENOKEY);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "no cell is prepared with this PCI and EARFCN-DL");
	cell.pci = 8;
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, &cell, NULL));
	ref_kenb_star(test_nh, 8, 70000, ref);
	ENBKEY_EXPECT_MEMEQ(test, ue->cur->base, ref, 32, "KeNB");
	KUNIT_EXPECT_EQ(test, ue->cur->ncc, 0);
	KUNIT_EXPECT_NULL(test, ue->nh);
	KUNIT_EXPECT_EQ(test, ue->n_next, 0);

	/* The next one is horizontal again, from the new KeNB */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 7, 70000, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_EXPECT_FALSE(test, vertical);
	KUNIT_EXPECT_EQ(test, ncc, 0);
	enbkey_test_ue_put(ue);
}

/* Up to 8 cells from the KeNB; the same cell again replaces it. */
static void ho_test_cells_from_kenb(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, true);
	struct enbkey_ho_algs algs = { .eea = 0, .eia = 2, .given = true };
	struct netlink_ext_ack extack = {};
	u8 ref[ENBKEY_KDF_OUT_LEN], ncc;
	struct enbkey_as_keys keys;
	unsigned int i;
	bool vertical;

	for (i = 0; i < ENBKEY_CELLS_MAX; i++)
		KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, i, 561 + i,
							   &ho_same, &ncc,
							   &vertical, NULL));
	KUNIT_EXPECT_EQ(test, enbkey_ho_prepare(ue, 100, 1, &ho_same, &ncc,
						&vertical, &extack), -ENOSPC);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "at most 8 cells can be prepared for one handover");
	KUNIT_EXPECT_EQ(test, ue->n_next, ENBKEY_CELLS_MAX);
	for (i = 0; i < ENBKEY_CELLS_MAX; i++) {
		ref_kenb_star(vec_key, i, 561 + i, ref);
		ENBKEY_EXPECT_MEMEQ(test, ue->next[i]->base, ref, 32, "cell %u", i);
	}

	/* Again for cell 3, with the target's algorithms: replaced in place */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 3, 564, &algs, &ncc,
						   &vertical, NULL));
	KUNIT_EXPECT_EQ(test, ue->n_next, ENBKEY_CELLS_MAX);
	KUNIT_EXPECT_EQ(test, ue->next[3]->eea, 0);
	ref_kenb_star(vec_key, 3, 564, ref);
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(ref, 0, 2, &keys));
	ENBKEY_EXPECT_MEMEQ(test, &ue->next[3]->keys, &keys, sizeof(keys),
			    "AS keys of EEA0/EIA2");
	KUNIT_EXPECT_EQ(test, ue->next[2]->eea, 2);

	/* Committed, the target's algorithms are the UE's */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, &(struct enbkey_cell){
		.pci = 3, .earfcn_dl = 564, .given = true }, NULL));
	KUNIT_EXPECT_EQ(test, ue->cur->eea, 0);
	KUNIT_EXPECT_EQ(test, ue->cur->eia, 2);
	memzero_explicit(&keys, sizeof(keys));
	enbkey_test_ue_put(ue);
}

/* Cancel wipes the cells and leaves the NH unused. */
static void ho_test_cancel_keeps_nh(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, true);
	struct netlink_ext_ack extack = {};
	bool vertical;
	u8 ncc;

	KUNIT_EXPECT_EQ(test, enbkey_ho_cancel(ue, &extack), -ENOKEY);
	KUNIT_EXPECT_STREQ(test, extack._msg, "no handover is prepared");
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, test_nh, 5, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 1, 2, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 3, 4, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_cancel(ue, NULL));
	KUNIT_EXPECT_EQ(test, ue->n_next, 0);
	KUNIT_EXPECT_NULL(test, ue->prep);
	KUNIT_ASSERT_NOT_NULL(test, ue->nh);
	KUNIT_EXPECT_EQ(test, ue->nh->ncc, 5);
	ENBKEY_EXPECT_MEMEQ(test, ue->nh->base, test_nh, 32, "NH");

	/* and the next preparation is vertical again, from that NH */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 1, 2, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_EXPECT_TRUE(test, vertical);
	KUNIT_EXPECT_EQ(test, ncc, 5);
	enbkey_test_ue_put(ue);
}

/* The target of an S1 handover has an NH and no KeNB yet. */
static void ho_test_s1_target(struct kunit *test)
{
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	struct netlink_ext_ack extack = {};
	bool vertical;
	u8 ncc;

	KUNIT_EXPECT_EQ(test, enbkey_ho_prepare(ue, 1, 1, &ho_same, &ncc,
						&vertical, &extack), -ENOKEY);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "UE has neither a KeNB nor an unused NH to derive KeNB* from");
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, test_nh, 2, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 1, 1, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_EXPECT_TRUE(test, vertical);
	KUNIT_EXPECT_FALSE(test, ue->next[0]->has_algs);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, &ho_none, NULL));
	KUNIT_ASSERT_NOT_NULL(test, ue->cur);
	KUNIT_EXPECT_EQ(test, ue->cur->ncc, 2);
	KUNIT_EXPECT_FALSE(test, ue->cur->has_algs);
	enbkey_test_ue_put(ue);
}

/* Commit with nothing pending, export with nothing pending: no change */
static void ho_test_nothing_pending(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, true);
	struct netlink_ext_ack extack = {};
	u8 key[ENBKEY_KENB_LEN], ncc;

	KUNIT_EXPECT_EQ(test, enbkey_ho_commit(ue, &ho_none, &extack), -ENOKEY);
	KUNIT_EXPECT_STREQ(test, extack._msg, "no KeNB* pending; run ho prepare first");
	KUNIT_EXPECT_EQ(test, enbkey_ho_export(ue, &ho_none, key, &ncc, NULL),
			-ENOKEY);
	KUNIT_EXPECT_EQ(test, ue->key_generation, 1);
	ENBKEY_EXPECT_MEMEQ(test, ue->cur->base, vec_key, 32, "KeNB");
	enbkey_test_ue_put(ue);
}

/*
 * TS 33.401 7.2.8.4.3: an exported KeNB* belongs to the target eNB. It
 * cannot be committed, its keys cannot be used here, and preparing the same
 * cell from the same KeNB after a cancel brings back the same, exported, key.
 */
static void ho_test_export_blocks_commit(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, true);
	struct enbkey_cell a = ho_cell(32, 561), b = ho_cell(33, 561);
	struct netlink_ext_ack extack = {};
	u8 key[ENBKEY_KENB_LEN], ncc;
	struct enbkey_ue_info info;
	bool vertical;
	int err;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 32, 561, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 33, 561, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_export(ue, &a, key, &ncc, NULL));
	ENBKEY_EXPECT_MEMEQ(test, key, vec_kenb_star, 32, "exported KeNB*");
	KUNIT_EXPECT_EQ(test, ncc, 0);
	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_EQ(test, info.n_cells, 2);
	KUNIT_EXPECT_TRUE(test, info.cells[0].exported);
	KUNIT_EXPECT_FALSE(test, info.cells[1].exported);

	KUNIT_EXPECT_EQ(test, enbkey_ho_commit(ue, &a, &extack), -EPERM);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "this cell's KeNB* was exported to another eNB; it cannot be committed here");
	KUNIT_EXPECT_TRUE(test, enbkey_ho_next(ue, &a, true, &err, NULL)->exported);

	/* Cancel, then the same cell again: still the target's key */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_cancel(ue, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 32, 561, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_EXPECT_TRUE(test, ue->next[0]->exported);
	KUNIT_EXPECT_EQ(test, enbkey_ho_commit(ue, &ho_none, NULL), -EPERM);

	/* Another cell is the source's to commit (re-establishment) */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 33, 561, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, &b, NULL));
	KUNIT_EXPECT_EQ(test, ue->key_generation, 2);
	memzero_explicit(key, sizeof(key));
	enbkey_test_ue_put(ue);
}

/* A vertical export spends the NH; the other cells keep their KeNB*. */
static void ho_test_export_vertical(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, false);
	struct enbkey_cell a = ho_cell(32, 561), b = ho_cell(1, 2);
	u8 key[ENBKEY_KENB_LEN], ref[32], ncc;
	bool vertical;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, test_nh, 3, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 32, 561, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 1, 2, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_export(ue, &a, key, &ncc, NULL));
	ref_kenb_star(test_nh, 32, 561, ref);
	ENBKEY_EXPECT_MEMEQ(test, key, ref, 32, "exported vertical KeNB*");
	KUNIT_EXPECT_EQ(test, ncc, 3);
	KUNIT_EXPECT_NULL(test, ue->nh);
	/* a further cell of the same preparation still comes from the NH */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 5, 6, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_EXPECT_TRUE(test, vertical);
	KUNIT_EXPECT_EQ(test, ncc, 3);
	ref_kenb_star(test_nh, 5, 6, ref);
	ENBKEY_EXPECT_MEMEQ(test, ue->next[2]->base, ref, 32, "third cell");
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_export(ue, &b, key, &ncc, NULL));
	memzero_explicit(key, sizeof(key));
	enbkey_test_ue_put(ue);
}

/*
 * The next keys before commit (TS 36.331 5.3.5.4): the UE's Complete comes
 * under the prepared cell's keys; it verifies with them, under COUNT state
 * of their own, which the commit carries over.
 */
static void ho_test_next_keys(struct kunit *test)
{
	static const u8 hdr[] = { 0x00 }, done[] = { 0x12, 0x00 };
	struct enbkey_ue *ue = ho_test_ue(test, true);
	struct enbkey_pdu pdu = {
		.rb_type = ENBKEY_RB_SRB, .rb_id = 1, .dir = ENBKEY_DIR_UL,
		.count = 0, .hdr = hdr, .hdr_len = 1,
	};
	struct enbkey_pdcp_plan plan;
	struct enbkey_as_keys keys;
	struct enbkey_keyset *ks;
	struct enbkey_alg *alg;
	u8 ul[6], out[6];
	bool vertical;
	int err;
	u8 ncc;

	/* Arrange: a prepared cell and the UE's Complete under its keys */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 32, 561, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(vec_kenb_star, 2, 2, &keys));
	memcpy(ul, done, 2);
	ref_eia2(keys.rrc_int, 0, 0, 0, hdr, 1, done, 2, ul + 2);
	ref_eea2(keys.rrc_enc, 0, 0, 0, ul, sizeof(ul));
	pdu.data = ul;
	pdu.data_len = sizeof(ul);

	/* Act: unprotect with the next keys */
	ks = enbkey_ho_next(ue, &ho_none, true, &err, NULL);
	KUNIT_ASSERT_NOT_NULL(test, ks);
	KUNIT_ASSERT_EQ(test, enbkey_pdcp_plan(ks, &pdu, false, &plan, NULL), 2);
	alg = enbkey_alg_get();
	err = enbkey_pdcp_unprotect(ks, alg, &pdu, &plan, out, NULL);
	/* under the current keys the same PDU does not verify */
	KUNIT_ASSERT_EQ(test, enbkey_pdcp_plan(ue->cur, &pdu, false, &plan,
					       NULL), 2);
	KUNIT_EXPECT_EQ(test, enbkey_pdcp_unprotect(ue->cur, alg, &pdu, &plan,
						    out + 2, NULL), -EBADMSG);
	enbkey_alg_put(alg);

	/* Assert: the payload; the current keys have no COUNT state of it */
	KUNIT_ASSERT_EQ(test, err, 0);
	ENBKEY_EXPECT_MEMEQ(test, out, done, 2, "the Complete");
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, &ho_none, NULL));
	KUNIT_EXPECT_PTR_EQ(test, ue->cur, ks);
	KUNIT_EXPECT_EQ(test, enbkey_count_rx_check(enbkey_keyset_count(ue->cur,
				ENBKEY_RB_SRB, 1, false), 0), -EINVAL);
	memzero_explicit(&keys, sizeof(keys));
	enbkey_test_ue_put(ue);
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
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	u8 s1[] = { 0x1c, 0x00, 0x01, 0x00, 0x02 };
	u8 key[ENBKEY_KENB_LEN], ref[32];
	struct netlink_ext_ack extack = {};
	bool refresh, changed, vertical;
	u32 counter;
	u8 ncc;

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
	ue->cur->scg_next = ENBKEY_SCG_COUNTER_MAX;
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_s_kenb(ue, key, &counter, &refresh, NULL));
	KUNIT_EXPECT_EQ(test, counter, 0xffff);
	KUNIT_EXPECT_FALSE(test, refresh);
	KUNIT_EXPECT_EQ(test, enbkey_ho_s_kenb(ue, key, &counter, &refresh, &extack),
			-ENOSPC);
	KUNIT_EXPECT_STREQ(test, extack._msg, "SCG Counter exhausted: key refresh needed");
	KUNIT_EXPECT_TRUE(test, refresh);
	KUNIT_EXPECT_TRUE(test, ue->cur->refresh);
	KUNIT_EXPECT_EQ(test, enbkey_ho_s_kenb(ue, key, &counter, &refresh, NULL),
			-ENOSPC);
	KUNIT_EXPECT_FALSE(test, refresh);

	/* Algorithms do not help; new keys (a key refresh) restart it */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, &changed,
						    NULL));
	KUNIT_EXPECT_TRUE(test, ue->cur->refresh);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_prepare(ue, 1, 1, &ho_same, &ncc,
						   &vertical, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, &ho_none, NULL));
	KUNIT_EXPECT_FALSE(test, ue->cur->refresh);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_s_kenb(ue, key, &counter, &refresh, NULL));
	KUNIT_EXPECT_EQ(test, counter, 0);
	memzero_explicit(key, sizeof(key));
	enbkey_test_ue_put(ue);
}

/* A first KeNB drops the unused NH, which belonged to the old chain. */
static void ho_test_kenb_drops_nh(struct kunit *test)
{
	struct enbkey_ue *ue = ho_test_ue(test, false);

	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, test_nh, 5, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, vec_kenb_star, 6, NULL));
	KUNIT_EXPECT_NULL(test, ue->nh);
	KUNIT_EXPECT_EQ(test, ue->cur->ncc, 6);
	KUNIT_EXPECT_EQ(test, ue->cur->scg_next, 0);
	enbkey_test_ue_put(ue);
}

static struct kunit_case enbkey_ho_test_cases[] = {
	KUNIT_CASE(ho_test_vector),
	KUNIT_CASE(ho_test_earfcn_boundaries),
	KUNIT_CASE(ho_test_horizontal),
	KUNIT_CASE(ho_test_cells_from_nh),
	KUNIT_CASE(ho_test_cells_from_kenb),
	KUNIT_CASE(ho_test_cancel_keeps_nh),
	KUNIT_CASE(ho_test_s1_target),
	KUNIT_CASE(ho_test_nothing_pending),
	KUNIT_CASE(ho_test_export_blocks_commit),
	KUNIT_CASE(ho_test_export_vertical),
	KUNIT_CASE(ho_test_next_keys),
	KUNIT_CASE(ho_test_s_kenb),
	KUNIT_CASE(ho_test_kenb_drops_nh),
	{}
};

/* Sets up what the suite uses: see kdf_test.c. */
static int ho_test_suite_init(struct kunit_suite *suite)
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

static void ho_test_suite_exit(struct kunit_suite *suite)
{
	rcu_barrier();
	enbkey_alg_exit();
	enbkey_kdf_exit();
	enbkey_crypto_exit();
}

static struct kunit_suite enbkey_ho_test_suite = {
	.name = "enbkey-handover",
	.suite_init = ho_test_suite_init,
	.suite_exit = ho_test_suite_exit,
	.test_cases = enbkey_ho_test_cases,
};

kunit_test_suite(enbkey_ho_test_suite);
