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
	mutex_destroy(&ue->lock);
	call_rcu(&ue->rcu, enbkey_ue_free_rcu);
}

/*
 * A new KeNB, from S1AP Initial Context Setup or UE Context Modification
 * (TS 33.401 7.2.8.1). When algorithms are already selected the AS keys are
 * derived again from the new KeNB before anything is replaced, so that a
 * failure leaves the context as it was.
 */
int enbkey_ue_set_kenb(struct enbkey_ue *ue, const u8 kenb[ENBKEY_KENB_LEN],
		       u8 ncc, struct netlink_ext_ack *extack)
{
	struct enbkey_as_keys keys;
	int err = 0;

	mutex_lock(&ue->lock);
	if (ue->has_algs) {
		err = enbkey_kdf_as_keys(kenb, ue->eea, ue->eia, &keys);
		if (err) {
			NL_SET_ERR_MSG(extack, "AS key derivation failed");
			goto out;
		}
		memcpy(&ue->keys, &keys, sizeof(keys));
	}
	memcpy(ue->kenb, kenb, ENBKEY_KENB_LEN);
	ue->ncc = ncc;
	ue->has_kenb = true;
	ue->key_generation++;
out:
	mutex_unlock(&ue->lock);
	memzero_explicit(&keys, sizeof(keys));
	return err;
}

/* TS 33.401 7.2.4.4 and A.7: selecting algorithms derives the four AS keys. */
int enbkey_ue_set_algs(struct enbkey_ue *ue, u8 eea, u8 eia,
		       struct netlink_ext_ack *extack)
{
	struct enbkey_as_keys keys;
	int err;

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
	ue->eea = eea;
	ue->eia = eia;
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
	mutex_unlock(&ue->lock);
}
