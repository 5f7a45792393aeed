// SPDX-License-Identifier: GPL-2.0
/*
 * The security context of one UE: KeNB, NCC, the selected algorithms and the
 * access-stratum keys derived from them (TS 33.401 7.2).
 */

#include <linux/slab.h>
#include <linux/string.h>

#include "ue.h"

struct enbkey_ue *enbkey_ue_alloc(u32 id)
{
	struct enbkey_ue *ue;

	ue = kzalloc(sizeof(*ue), GFP_KERNEL);
	if (!ue)
		return NULL;
	refcount_set(&ue->refcnt, 1);
	ue->id = id;
	mutex_init(&ue->lock);
	return ue;
}

/* TS 33.401 B.1.1, B.2.1: with new keys every COUNT may be used again. */
static void enbkey_ue_reset_counts(struct enbkey_ue *ue)
{
	int i;

	for (i = 0; i < ENBKEY_NR_BEARERS; i++) {
		kfree(ue->counts[i]);
		ue->counts[i] = NULL;
	}
}

static void enbkey_ue_free_rcu(struct rcu_head *rcu)
{
	kfree_sensitive(container_of(rcu, struct enbkey_ue, rcu));
}

void enbkey_ue_put(struct enbkey_ue *ue)
{
	if (!ue || !refcount_dec_and_test(&ue->refcnt))
		return;
	/*
	 * Nobody holds a reference any more, so the keys go now; the memory
	 * itself waits for a grace period, as RCU readers may still be looking
	 * at the table entry that pointed here.
	 */
	memzero_explicit(ue->kenb, sizeof(ue->kenb));
	memzero_explicit(&ue->keys, sizeof(ue->keys));
	enbkey_ue_drop_nh(ue);
	enbkey_ue_drop_kenb_star(ue);
	enbkey_ue_reset_counts(ue);
	mutex_destroy(&ue->lock);
	call_rcu(&ue->rcu, enbkey_ue_free_rcu);
}

void enbkey_ue_drop_nh(struct enbkey_ue *ue)
{
	memzero_explicit(ue->nh, sizeof(ue->nh));
	ue->has_nh = false;
}

void enbkey_ue_drop_kenb_star(struct enbkey_ue *ue)
{
	memzero_explicit(ue->kenb_star, sizeof(ue->kenb_star));
	ue->has_kenb_star = false;
}

/*
 * Makes @kenb the UE's KeNB, with ue->lock held. When algorithms are
 * selected the AS keys are derived from it before anything is replaced, so
 * that a failure leaves the context as it was. Everything tied to the old
 * KeNB starts afresh: COUNTs (TS 33.401 B.1.1) and the SCG Counter (A.15).
 */
int enbkey_ue_install_kenb(struct enbkey_ue *ue,
			   const u8 kenb[ENBKEY_KENB_LEN], u8 ncc,
			   struct netlink_ext_ack *extack)
{
	struct enbkey_as_keys keys;
	int err = 0;

	lockdep_assert_held(&ue->lock);
	if (ue->has_algs) {
		err = enbkey_kdf_as_keys(kenb, ue->eea, ue->eia, &keys);
		if (err) {
			NL_SET_ERR_MSG(extack, "AS key derivation failed");
			goto out;
		}
		memcpy(&ue->keys, &keys, sizeof(keys));
	}
	enbkey_ue_reset_counts(ue);
	memcpy(ue->kenb, kenb, ENBKEY_KENB_LEN);
	ue->ncc = ncc;
	ue->has_kenb = true;
	ue->scg_next = 0;
	ue->key_refresh = false;
	ue->key_generation++;
out:
	memzero_explicit(&keys, sizeof(keys));
	return err;
}

/*
 * A new KeNB from the core network: S1AP Initial Context Setup, UE Context
 * Modification, or the KeNB* a source eNB sent (TS 33.401 7.2.8). An unused
 * {NH, NCC} pair or a pending KeNB* belonged to the old key chain and goes.
 */
int enbkey_ue_set_kenb(struct enbkey_ue *ue, const u8 kenb[ENBKEY_KENB_LEN],
		       u8 ncc, struct netlink_ext_ack *extack)
{
	int err;

	mutex_lock(&ue->lock);
	err = enbkey_ue_install_kenb(ue, kenb, ncc, extack);
	if (!err) {
		enbkey_ue_drop_nh(ue);
		enbkey_ue_drop_kenb_star(ue);
	}
	mutex_unlock(&ue->lock);
	return err;
}

/*
 * TS 33.401 7.2.4.4 and A.7: selecting algorithms derives the four AS keys.
 * Only algorithms this module can run are accepted, so that a UE never
 * reaches its first PDU with keys nothing can use.
 */
int enbkey_ue_set_algs(struct enbkey_ue *ue, u8 eea, u8 eia, bool up_integrity,
		       struct netlink_ext_ack *extack)
{
	struct enbkey_as_keys keys;
	int err;

	if (eea != 0 && eea != 2) {
		NL_SET_ERR_MSG(extack, "only EEA0 and 128-EEA2 are implemented");
		return -EOPNOTSUPP;
	}
	if (eia != 0 && eia != 2) {
		NL_SET_ERR_MSG(extack, "only EIA0 and 128-EIA2 are implemented");
		return -EOPNOTSUPP;
	}

	mutex_lock(&ue->lock);
	if (!ue->has_kenb) {
		NL_SET_ERR_MSG(extack, "UE has no KeNB; install one with key set first");
		err = -ENOKEY;
		goto out;
	}
	err = enbkey_kdf_as_keys(ue->kenb, eea, eia, &keys);
	if (err) {
		NL_SET_ERR_MSG(extack, "AS key derivation failed");
		goto out;
	}
	memcpy(&ue->keys, &keys, sizeof(keys));
	enbkey_ue_reset_counts(ue);
	/* new AS keys answer a COUNT running out, not the SCG Counter */
	ue->key_refresh = ue->scg_next > ENBKEY_SCG_COUNTER_MAX;
	ue->eea = eea;
	ue->eia = eia;
	ue->up_integrity = up_integrity;
	ue->has_algs = true;
out:
	mutex_unlock(&ue->lock);
	memzero_explicit(&keys, sizeof(keys));
	return err;
}

void enbkey_ue_info(struct enbkey_ue *ue, struct enbkey_ue_info *info)
{
	mutex_lock(&ue->lock);
	info->id = ue->id;
	info->key_generation = ue->key_generation;
	info->ncc = ue->ncc;
	info->eea = ue->eea;
	info->eia = ue->eia;
	info->has_kenb = ue->has_kenb;
	info->has_algs = ue->has_algs;
	info->up_integrity = ue->up_integrity;
	info->key_refresh = ue->key_refresh;
	info->integrity_failures = ue->integrity_failures;
	info->has_nh = ue->has_nh;
	info->has_kenb_star = ue->has_kenb_star;
	info->scg_next = ue->scg_next;
	mutex_unlock(&ue->lock);
}
