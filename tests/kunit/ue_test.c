// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the UE context and of the per-namespace table.
 */

#include <crypto/sha2.h>
#include <net/net_namespace.h>

#include "../../kmod/netns.h"
#include "../../kmod/ue.h"
#include "test.h"

static const u8 kenb_a[ENBKEY_KENB_LEN] = {
	0xc4, 0xc7, 0xbc, 0x79, 0x8a, 0xb9, 0x4e, 0x3d,
	0x35, 0x4c, 0xd6, 0x60, 0x8e, 0x79, 0xaa, 0x92,
	0xf5, 0x56, 0x9d, 0xf4, 0x65, 0x19, 0x50, 0x78,
	0x50, 0x05, 0x1e, 0x36, 0xf0, 0x18, 0xca, 0x5f,
};

/* "LTE KRRC-enc alg2" and "LTE KUP-int alg2" of shared/vectors/kdf.json */
static const u8 krrcenc_a_eea2[ENBKEY_AS_KEY_LEN] = {
	0x93, 0x5e, 0xcd, 0x4b, 0xfe, 0x1e, 0x79, 0x4f,
	0xb2, 0x0b, 0xec, 0x75, 0x76, 0xc8, 0x7f, 0x69,
};

static const u8 kupint_a_eia2[ENBKEY_AS_KEY_LEN] = {
	0x77, 0x16, 0xc7, 0x83, 0xa5, 0x3f, 0xd3, 0xee,
	0x58, 0x2f, 0xc5, 0x69, 0xe9, 0xc3, 0x3c, 0xa7,
};

static const u8 kenb_b[ENBKEY_KENB_LEN] = { 0x42 };

static struct enbkey_ue *ue_test_alloc(struct kunit *test, u32 id)
{
	struct enbkey_ue *ue = enbkey_ue_alloc(id);

	KUNIT_ASSERT_NOT_NULL(test, ue);
	return ue;
}

static void ue_test_fresh_context(struct kunit *test)
{
	struct enbkey_ue *ue = ue_test_alloc(test, 7);
	struct enbkey_ue_info info;

	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_EQ(test, info.id, 7);
	KUNIT_EXPECT_FALSE(test, info.has_kenb);
	KUNIT_EXPECT_FALSE(test, info.has_algs);
	KUNIT_EXPECT_EQ(test, info.ncc, 0);
	KUNIT_EXPECT_EQ(test, info.key_generation, 0);
	enbkey_ue_put(ue);
}

static void ue_test_algs_need_kenb(struct kunit *test)
{
	struct enbkey_ue *ue = ue_test_alloc(test, 1);
	struct netlink_ext_ack extack = {};
	struct enbkey_ue_info info;

	KUNIT_EXPECT_EQ(test, enbkey_ue_set_algs(ue, 2, 2, false, &extack), -ENOKEY);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_FALSE(test, info.has_algs);
	enbkey_ue_put(ue);
}

static void ue_test_kenb_then_algs(struct kunit *test)
{
	struct enbkey_ue *ue = ue_test_alloc(test, 1);
	struct enbkey_ue_info info;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 5, NULL));
	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_TRUE(test, info.has_kenb);
	KUNIT_EXPECT_FALSE(test, info.has_algs);
	KUNIT_EXPECT_EQ(test, info.ncc, 5);
	KUNIT_EXPECT_EQ(test, info.key_generation, 1);

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, NULL));
	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_TRUE(test, info.has_algs);
	KUNIT_EXPECT_EQ(test, info.eea, 2);
	KUNIT_EXPECT_EQ(test, info.eia, 2);
	ENBKEY_EXPECT_MEMEQ(test, ue->keys.rrc_enc, krrcenc_a_eea2,
			    ENBKEY_AS_KEY_LEN, "KRRCenc");
	ENBKEY_EXPECT_MEMEQ(test, ue->keys.up_int, kupint_a_eia2,
			    ENBKEY_AS_KEY_LEN, "KUPint");
	enbkey_ue_put(ue);
}

/* A new KeNB re-derives the AS keys with the selected algorithms. */
static void ue_test_rekey(struct kunit *test)
{
	struct enbkey_ue *ue = ue_test_alloc(test, 1);
	struct enbkey_as_keys expected;
	struct enbkey_ue_info info;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_b, 3, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 0, NULL));

	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_EQ(test, info.ncc, 0);
	KUNIT_EXPECT_EQ(test, info.key_generation, 2);
	KUNIT_EXPECT_TRUE(test, info.has_algs);
	ENBKEY_EXPECT_MEMEQ(test, ue->kenb, kenb_a, ENBKEY_KENB_LEN, "KeNB");
	ENBKEY_EXPECT_MEMEQ(test, ue->keys.rrc_enc, krrcenc_a_eea2,
			    ENBKEY_AS_KEY_LEN, "KRRCenc");
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(kenb_a, 2, 2, &expected));
	ENBKEY_EXPECT_MEMEQ(test, &ue->keys, &expected, sizeof(expected),
			    "all four keys");
	enbkey_ue_put(ue);
}

static void ue_test_table(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct net *net = &init_net;
	struct enbkey_ue *ue;
	unsigned long index;

	/* Arrange: ids chosen above anything the other tests use */
	KUNIT_ASSERT_EQ(test, 0, enbkey_netns_ue_add(net, 0xfffffffe, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_netns_ue_add(net, 0xffffffff, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_netns_ue_add(net, 0xfffff000, NULL));

	/* A duplicate is refused with a message */
	KUNIT_EXPECT_EQ(test, enbkey_netns_ue_add(net, 0xfffffffe, &extack),
			-EEXIST);
	KUNIT_EXPECT_STREQ(test, extack._msg, "a UE with this id already exists");

	/* Lookup takes a reference */
	ue = enbkey_netns_ue_find(net, 0xffffffff);
	KUNIT_ASSERT_NOT_NULL(test, ue);
	KUNIT_EXPECT_EQ(test, ue->id, 0xffffffff);
	KUNIT_EXPECT_EQ(test, refcount_read(&ue->refcnt), 2);

	/* Deleting leaves a held context usable until the last put */
	KUNIT_EXPECT_EQ(test, 0, enbkey_netns_ue_del(net, 0xffffffff, NULL));
	KUNIT_EXPECT_NULL(test, enbkey_netns_ue_find(net, 0xffffffff));
	KUNIT_EXPECT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 0, NULL));
	enbkey_ue_put(ue);

	extack._msg = NULL;
	KUNIT_EXPECT_EQ(test, enbkey_netns_ue_del(net, 0xffffffff, &extack),
			-ENOENT);
	KUNIT_EXPECT_STREQ(test, extack._msg, "no UE with this id");

	/* Iteration is in id order and resumes from an id */
	index = 0xfffff000;
	ue = enbkey_netns_ue_next(net, &index);
	KUNIT_ASSERT_NOT_NULL(test, ue);
	KUNIT_EXPECT_EQ(test, index, 0xfffff000);
	enbkey_ue_put(ue);
	index++;
	ue = enbkey_netns_ue_next(net, &index);
	KUNIT_ASSERT_NOT_NULL(test, ue);
	KUNIT_EXPECT_EQ(test, index, 0xfffffffe);
	enbkey_ue_put(ue);
	index++;
	KUNIT_EXPECT_NULL(test, enbkey_netns_ue_next(net, &index));

	KUNIT_EXPECT_EQ(test, 0, enbkey_netns_ue_del(net, 0xfffffffe, NULL));
	KUNIT_EXPECT_EQ(test, 0, enbkey_netns_ue_del(net, 0xfffff000, NULL));
}

static struct kunit_case enbkey_ue_test_cases[] = {
	KUNIT_CASE(ue_test_fresh_context),
	KUNIT_CASE(ue_test_algs_need_kenb),
	KUNIT_CASE(ue_test_kenb_then_algs),
	KUNIT_CASE(ue_test_rekey),
	KUNIT_CASE(ue_test_table),
	{}
};

/* Runs before the module's init: see kdf_test.c. */
static int ue_test_suite_init(struct kunit_suite *suite)
{
	int err;

	err = enbkey_kdf_init();
	if (err)
		return err;
	err = enbkey_netns_init();
	if (err)
		enbkey_kdf_exit();
	return err;
}

static void ue_test_suite_exit(struct kunit_suite *suite)
{
	enbkey_netns_exit();
	rcu_barrier();
	enbkey_kdf_exit();
}

static struct kunit_suite enbkey_ue_test_suite = {
	.name = "enbkey-ue",
	.suite_init = ue_test_suite_init,
	.suite_exit = ue_test_suite_exit,
	.test_cases = enbkey_ue_test_cases,
};

kunit_test_suite(enbkey_ue_test_suite);
