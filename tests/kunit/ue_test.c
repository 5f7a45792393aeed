// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the UE context and of the per-namespace table: key
 * installation, algorithm selection once, re-keying held until commit,
 * keys never taken into use twice, EIA0 for emergency UEs only, deletion.
 */

#include <net/net_namespace.h>

#include "../../kmod/handover.h"
#include "../../kmod/netns.h"
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
static const u8 kenb_c[ENBKEY_KENB_LEN] = { 0x43 };

static void ue_test_fresh_context(struct kunit *test)
{
	struct enbkey_ue *ue = enbkey_test_ue(test, 7, false);
	struct enbkey_ue_info info;

	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_EQ(test, info.id, 7);
	KUNIT_EXPECT_FALSE(test, info.has_kenb);
	KUNIT_EXPECT_FALSE(test, info.has_algs);
	KUNIT_EXPECT_FALSE(test, info.emergency);
	KUNIT_EXPECT_FALSE(test, info.kenb_pending);
	KUNIT_EXPECT_EQ(test, info.n_cells, 0);
	KUNIT_EXPECT_EQ(test, info.ncc, 0);
	KUNIT_EXPECT_EQ(test, info.key_generation, 0);
	enbkey_test_ue_put(ue);
}

static void ue_test_algs_need_kenb(struct kunit *test)
{
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	struct netlink_ext_ack extack = {};
	bool changed;

	KUNIT_EXPECT_EQ(test, enbkey_ue_set_algs(ue, 2, 2, false, &changed,
						 &extack), -ENOKEY);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "UE has no KeNB; install one with key set first");
	KUNIT_EXPECT_FALSE(test, changed);
	KUNIT_EXPECT_NULL(test, ue->cur);
	enbkey_test_ue_put(ue);
}

static void ue_test_kenb_then_algs(struct kunit *test)
{
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	struct enbkey_ue_info info;
	bool changed;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 5, NULL));
	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_TRUE(test, info.has_kenb);
	KUNIT_EXPECT_FALSE(test, info.has_algs);
	KUNIT_EXPECT_EQ(test, info.ncc, 5);
	KUNIT_EXPECT_EQ(test, info.key_generation, 1);

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, &changed,
						    NULL));
	KUNIT_EXPECT_TRUE(test, changed);
	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_TRUE(test, info.has_algs);
	KUNIT_EXPECT_EQ(test, info.eea, 2);
	KUNIT_EXPECT_EQ(test, info.eia, 2);
	ENBKEY_EXPECT_MEMEQ(test, ue->cur->keys.rrc_enc, krrcenc_a_eea2,
			    ENBKEY_AS_KEY_LEN, "KRRCenc");
	ENBKEY_EXPECT_MEMEQ(test, ue->cur->keys.up_int, kupint_a_eia2,
			    ENBKEY_AS_KEY_LEN, "KUPint");
	enbkey_test_ue_put(ue);
}

/*
 * TS 33.401 B.1.1: selecting the algorithms again would restart COUNT state
 * under the same keys. The same selection changes nothing, another one is
 * refused; the keys and their COUNT state stay.
 */
static void ue_test_algs_once(struct kunit *test)
{
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	struct netlink_ext_ack extack = {};
	struct enbkey_keyset *cur;
	struct enbkey_count *c;
	bool changed;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 0, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, &changed,
						    NULL));
	cur = ue->cur;
	c = enbkey_keyset_count(cur, ENBKEY_RB_DRB, 1, true);
	KUNIT_ASSERT_NOT_NULL(test, c);
	enbkey_count_tx_commit(c, 5);

	/* Act and assert: the same selection */
	KUNIT_EXPECT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, &changed,
						    NULL));
	KUNIT_EXPECT_FALSE(test, changed);
	KUNIT_EXPECT_PTR_EQ(test, ue->cur, cur);
	KUNIT_EXPECT_EQ(test, enbkey_count_tx_check(c, 5), -EINVAL);

	/* another EEA, EIA or user-plane integrity */
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_algs(ue, 0, 2, false, &changed,
						 &extack), -EBUSY);
	KUNIT_EXPECT_STREQ(test, extack._msg, "algorithms change only at handover");
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_algs(ue, 2, 2, true, &changed,
						 NULL), -EBUSY);
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_algs(ue, 1, 3, false, &changed,
						 NULL), -EBUSY);
	KUNIT_EXPECT_EQ(test, ue->cur->eea, 2);
	KUNIT_EXPECT_FALSE(test, ue->cur->up_integrity);
	KUNIT_EXPECT_EQ(test, enbkey_count_tx_check(c, 5), -EINVAL);
	enbkey_test_ue_put(ue);
}

/* TS 33.401 5.1.4.1: EIA0 only for unauthenticated emergency calls */
static void ue_test_eia0_emergency(struct kunit *test)
{
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	struct netlink_ext_ack extack = {};
	bool changed;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 0, NULL));
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_algs(ue, 0, 0, false, &changed,
						 &extack), -EPERM);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "EIA0 is only for an unauthenticated emergency UE (ue add ID emergency)");
	KUNIT_EXPECT_FALSE(test, ue->cur->has_algs);
	KUNIT_EXPECT_EQ(test, 0, enbkey_ue_set_algs(ue, 0, 2, false, &changed,
						    NULL));
	KUNIT_EXPECT_TRUE(test, enbkey_keyset_authenticated(ue->cur,
							    ENBKEY_RB_SRB));
	KUNIT_EXPECT_FALSE(test, enbkey_keyset_authenticated(ue->cur,
							     ENBKEY_RB_DRB));
	enbkey_test_ue_put(ue);

	ue = enbkey_test_ue(test, 2, true);
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 0, NULL));
	KUNIT_EXPECT_EQ(test, 0, enbkey_ue_set_algs(ue, 0, 0, false, &changed,
						    NULL));
	KUNIT_EXPECT_TRUE(test, ue->cur->has_algs);
	/* EIA0 authenticates nothing: no replay state on any bearer */
	KUNIT_EXPECT_FALSE(test, enbkey_keyset_authenticated(ue->cur,
							     ENBKEY_RB_SRB));
	enbkey_test_ue_put(ue);
}

/*
 * TS 33.401 7.2.9.2: a new KeNB on a UE whose AS keys are in use waits for
 * commit, and the current keys serve until then; commit takes it as it is,
 * with the same algorithms and fresh COUNT state.
 */
static void ue_test_rekey_pending(struct kunit *test)
{
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	struct netlink_ext_ack extack = {};
	struct enbkey_as_keys expected;
	const struct enbkey_cell none = {};
	struct enbkey_keyset *old;
	struct enbkey_ue_info info;
	bool changed, vertical;
	u8 ncc;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_b, 3, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, &changed,
						    NULL));
	old = ue->cur;

	/* Act: the MME's new KeNB */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 0, NULL));

	/* Assert: pending, the old keys still current */
	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_TRUE(test, info.kenb_pending);
	KUNIT_EXPECT_EQ(test, info.n_cells, 0);
	KUNIT_EXPECT_EQ(test, info.key_generation, 1);
	KUNIT_EXPECT_EQ(test, info.ncc, 3);
	KUNIT_EXPECT_PTR_EQ(test, ue->cur, old);
	ENBKEY_EXPECT_MEMEQ(test, ue->cur->base, kenb_b, ENBKEY_KENB_LEN, "KeNB");

	/* No handover while it is pending; the same KeNB again is refused */
	KUNIT_EXPECT_EQ(test, enbkey_ho_prepare(ue, 1, 1, &(struct enbkey_ho_algs){},
						&ncc, &vertical, &extack), -EBUSY);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "a new KeNB from the MME is pending; commit it first");
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_kenb(ue, kenb_a, 0, &extack), -EEXIST);
	KUNIT_EXPECT_STREQ(test, extack._msg, "this KeNB is already pending");
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_kenb(ue, kenb_b, 0, &extack), -EEXIST);
	KUNIT_EXPECT_STREQ(test, extack._msg, "this KeNB is already installed");

	/* Commit: the new KeNB as it is (no KeNB*), the same algorithms */
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_commit(ue, &none, NULL));
	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_FALSE(test, info.kenb_pending);
	KUNIT_EXPECT_EQ(test, info.key_generation, 2);
	KUNIT_EXPECT_EQ(test, info.ncc, 0);
	KUNIT_EXPECT_EQ(test, info.eea, 2);
	ENBKEY_EXPECT_MEMEQ(test, ue->cur->base, kenb_a, ENBKEY_KENB_LEN, "KeNB");
	KUNIT_ASSERT_EQ(test, 0, enbkey_kdf_as_keys(kenb_a, 2, 2, &expected));
	ENBKEY_EXPECT_MEMEQ(test, &ue->cur->keys, &expected, sizeof(expected),
			    "all four keys");
	KUNIT_EXPECT_NULL(test, ue->cur->counts);

	/* The old KeNB never comes back: its COUNTs are spent */
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_kenb(ue, kenb_b, 0, &extack), -EEXIST);
	KUNIT_EXPECT_STREQ(test, extack._msg, "this KeNB was already in use on this UE");
	memzero_explicit(&expected, sizeof(expected));
	enbkey_test_ue_put(ue);
}

/* Before the AS keys exist a KeNB replaces the current one at once. */
static void ue_test_kenb_before_algs(struct kunit *test)
{
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	struct netlink_ext_ack extack = {};
	struct enbkey_ue_info info;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_b, 3, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, kenb_c, 1, NULL));
	KUNIT_EXPECT_EQ(test, enbkey_ue_set_kenb(ue, kenb_b, 0, &extack), -EEXIST);
	KUNIT_EXPECT_STREQ(test, extack._msg, "this KeNB is already installed");
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 4, NULL));
	enbkey_ue_info(ue, &info);
	KUNIT_EXPECT_FALSE(test, info.kenb_pending);
	KUNIT_EXPECT_EQ(test, info.key_generation, 2);
	KUNIT_EXPECT_EQ(test, info.ncc, 4);
	/* the unused NH belonged to the old chain */
	KUNIT_EXPECT_FALSE(test, info.has_nh);
	enbkey_test_ue_put(ue);
}

/* A deleted UE is dead at once: keys wiped, every later request refused. */
static void ue_test_kill(struct kunit *test)
{
	struct enbkey_ue *ue = enbkey_test_ue(test, 1, false);
	bool changed;

	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 0, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ue_set_algs(ue, 2, 2, false, &changed,
						    NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_ho_set_nh(ue, kenb_b, 1, NULL));
	enbkey_ue_kill(ue);
	KUNIT_EXPECT_TRUE(test, ue->dead);
	KUNIT_EXPECT_NULL(test, ue->cur);
	KUNIT_EXPECT_NULL(test, ue->nh);
	KUNIT_EXPECT_EQ(test, ue->n_next, 0);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(ue->spent, 0, sizeof(ue->spent)));
	enbkey_test_ue_put(ue);
}

static void ue_test_table(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct net *net = &init_net;
	struct enbkey_ue *ue;
	unsigned long index;

	/* Arrange: ids chosen above anything the other tests use */
	KUNIT_ASSERT_EQ(test, 0, enbkey_netns_ue_add(net, 0xfffffffe, false, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_netns_ue_add(net, 0xffffffff, true, NULL));
	KUNIT_ASSERT_EQ(test, 0, enbkey_netns_ue_add(net, 0xfffff000, false, NULL));

	/* A duplicate is refused with a message */
	KUNIT_EXPECT_EQ(test, enbkey_netns_ue_add(net, 0xfffffffe, false, &extack),
			-EEXIST);
	KUNIT_EXPECT_STREQ(test, extack._msg, "a UE with this id already exists");

	/* Lookup takes a reference */
	ue = enbkey_netns_ue_find(net, 0xffffffff);
	KUNIT_ASSERT_NOT_NULL(test, ue);
	KUNIT_EXPECT_EQ(test, ue->id, 0xffffffff);
	KUNIT_EXPECT_TRUE(test, ue->emergency);
	KUNIT_EXPECT_EQ(test, refcount_read(&ue->refcnt), 2);

	/*
	 * A request holding it across the deletion finds it dead and
	 * without keys: the key it would install stays out.
	 */
	mutex_lock(&ue->lock);
	KUNIT_EXPECT_EQ(test, 0, enbkey_ue_set_kenb(ue, kenb_a, 0, NULL));
	mutex_unlock(&ue->lock);
	KUNIT_EXPECT_EQ(test, 0, enbkey_netns_ue_del(net, 0xffffffff, NULL));
	KUNIT_EXPECT_NULL(test, enbkey_netns_ue_find(net, 0xffffffff));
	mutex_lock(&ue->lock);
	KUNIT_EXPECT_TRUE(test, ue->dead);
	KUNIT_EXPECT_NULL(test, ue->cur);
	mutex_unlock(&ue->lock);
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
	KUNIT_CASE(ue_test_algs_once),
	KUNIT_CASE(ue_test_eia0_emergency),
	KUNIT_CASE(ue_test_rekey_pending),
	KUNIT_CASE(ue_test_kenb_before_algs),
	KUNIT_CASE(ue_test_kill),
	KUNIT_CASE(ue_test_table),
	{}
};

/* Sets up what the suite uses: see kdf_test.c. */
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
