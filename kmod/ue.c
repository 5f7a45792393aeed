// SPDX-License-Identifier: GPL-2.0
/*
 * The security context of one UE (TS 33.401 7.2): its current keys, the
 * next keys of a re-keying or a handover, an unused {NH, NCC} pair, and
 * what it must never use again. Callers hold ue->lock unless said.
 */

#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/algapi.h>

#include "ue.h"

struct enbkey_ue *enbkey_ue_alloc(u32 id, bool emergency)
{
	struct enbkey_ue *ue;

	ue = kzalloc(sizeof(*ue), GFP_KERNEL_ACCOUNT);
	if (!ue)
		return NULL;
	refcount_set(&ue->refcnt, 1);
	ue->id = id;
	ue->emergency = emergency;
	mutex_init(&ue->lock);
	return ue;
}

/* The next keys of a re-keying or a handover preparation, wiped. */
void enbkey_ue_drop_next(struct enbkey_ue *ue)
{
	unsigned int i;

	for (i = 0; i < ue->n_next; i++) {
		enbkey_keyset_free(ue->next[i]);
		ue->next[i] = NULL;
	}
	ue->n_next = 0;
	ue->rekey = false;
	enbkey_keyset_free(ue->prep);
	ue->prep = NULL;
	ue->prep_vertical = false;
}

static void enbkey_ue_wipe(struct enbkey_ue *ue)
{
	enbkey_ue_drop_next(ue);
	enbkey_keyset_free(ue->cur);
	ue->cur = NULL;
	enbkey_keyset_free(ue->nh);
	ue->nh = NULL;
	memzero_explicit(ue->spent, sizeof(ue->spent));
}

/*
 * The UE is deleted: its keys go now, before the deletion is acknowledged,
 * and a request that looked it up earlier finds it dead once it gets the
 * lock (enbkey_ue_put() frees the memory when the last such request ends).
 */
void enbkey_ue_kill(struct enbkey_ue *ue)
{
	lockdep_assert_held(&ue->lock);
	ue->dead = true;
	enbkey_ue_wipe(ue);
}

static void enbkey_ue_free_rcu(struct rcu_head *rcu)
{
	kfree_sensitive(container_of(rcu, struct enbkey_ue, rcu));
}

/* Without ue->lock: the last reference has no other user. */
void enbkey_ue_put(struct enbkey_ue *ue)
{
	if (!ue || !refcount_dec_and_test(&ue->refcnt))
		return;
	enbkey_ue_wipe(ue);
	mutex_destroy(&ue->lock);
	/* RCU readers may still be looking at the table entry. */
	call_rcu(&ue->rcu, enbkey_ue_free_rcu);
}

enum enbkey_spent enbkey_ue_spent(const struct enbkey_ue *ue,
				  const u8 key[ENBKEY_KENB_LEN])
{
	unsigned int i, n = min_t(unsigned int, ue->n_spent, ENBKEY_SPENT_MAX);
	u64 fp = enbkey_key_fingerprint(key);

	for (i = 0; i < n; i++)
		if (ue->spent[i] == fp)
			return test_bit(i, &ue->spent_exported) ?
			       ENBKEY_SPENT_EXPORTED : ENBKEY_SPENT_USED;
	return ENBKEY_SPENT_NO;
}

/*
 * Remembers that @key was taken into use here or, with @exported, handed
 * to another eNB: either way its COUNT space is spent (TS 33.401 B.1.1), so
 * it must not start afresh here again. The last ENBKEY_SPENT_MAX are kept.
 */
void enbkey_ue_spend(struct enbkey_ue *ue, const u8 key[ENBKEY_KENB_LEN],
		     bool exported)
{
	unsigned int i = ue->n_spent % ENBKEY_SPENT_MAX;

	if (enbkey_ue_spent(ue, key) != ENBKEY_SPENT_NO)
		return;
	ue->spent[i] = enbkey_key_fingerprint(key);
	if (exported)
		__set_bit(i, &ue->spent_exported);
	else
		__clear_bit(i, &ue->spent_exported);
	ue->n_spent++;
}

/*
 * @ks becomes the UE's keys, with the COUNT state it has: the old ones are
 * wiped, the key generation moves on, and the base key is spent.
 */
void enbkey_ue_make_current(struct enbkey_ue *ue, struct enbkey_keyset *ks)
{
	enbkey_keyset_free(ue->cur);
	ue->cur = ks;
	ue->key_generation++;
	enbkey_ue_spend(ue, ks->base, false);
}

/*
 * TS 33.401 5.1.3.2 and 5.1.4.2: every EEA and EIA may be selected (the
 * policy bounds them to 0..3), but EIA0 only for unauthenticated emergency
 * calls (5.1.4.1).
 */
int enbkey_ue_check_algs(const struct enbkey_ue *ue, u8 eea, u8 eia,
			 struct netlink_ext_ack *extack)
{
	if (eia == 0 && !ue->emergency) {
		NL_SET_ERR_MSG(extack,
			       "EIA0 is only for an unauthenticated emergency UE (ue add ID emergency)");
		return -EPERM;
	}
	return 0;
}

/*
 * A KeNB from the core network: S1AP Initial Context Setup, UE Context
 * Modification, or the KeNB* a source eNB sent (TS 33.401 7.2.8). Until AS
 * keys are derived it is taken into use at once; after that it waits for
 * commit (re-keying, TS 33.401 7.2.9.2), so that the intra-cell handover
 * command still goes out under the keys the UE has. Either way an unused
 * {NH, NCC} pair belonged to the old key chain and goes.
 */
int enbkey_ue_set_kenb(struct enbkey_ue *ue, const u8 kenb[ENBKEY_KENB_LEN],
		       u8 ncc, struct netlink_ext_ack *extack)
{
	struct enbkey_keyset *ks, *cur = ue->cur;
	int err;

	lockdep_assert_held(&ue->lock);
	if (ue->n_next && !ue->rekey) {
		NL_SET_ERR_MSG(extack,
			       "a handover is prepared; commit or cancel it first");
		return -EBUSY;
	}
	if (cur && !crypto_memneq(cur->base, kenb, ENBKEY_KENB_LEN)) {
		NL_SET_ERR_MSG(extack, "this KeNB is already installed");
		return -EEXIST;
	}
	if (ue->rekey &&
	    !crypto_memneq(ue->next[0]->base, kenb, ENBKEY_KENB_LEN)) {
		NL_SET_ERR_MSG(extack, "this KeNB is already pending");
		return -EEXIST;
	}
	switch (enbkey_ue_spent(ue, kenb)) {
	case ENBKEY_SPENT_USED:
		NL_SET_ERR_MSG(extack, "this KeNB was already in use on this UE");
		return -EEXIST;
	case ENBKEY_SPENT_EXPORTED:
		NL_SET_ERR_MSG(extack, "this KeNB was exported to another eNB");
		return -EEXIST;
	case ENBKEY_SPENT_NO:
		break;
	}

	ks = enbkey_keyset_new(kenb, ncc);
	if (!ks)
		return -ENOMEM;
	if (cur && cur->has_algs) {
		err = enbkey_keyset_set_algs(ks, cur->eea, cur->eia,
					     cur->up_integrity);
		if (err) {
			enbkey_keyset_free(ks);
			NL_SET_ERR_MSG(extack, "AS key derivation failed");
			return err;
		}
		enbkey_ue_drop_next(ue);
		ue->next[0] = ks;
		ue->n_next = 1;
		ue->rekey = true;
	} else {
		enbkey_ue_make_current(ue, ks);
	}
	enbkey_keyset_free(ue->nh);
	ue->nh = NULL;
	return 0;
}

/*
 * TS 33.401 7.2.4.4 and A.7: the AS security mode command selects the
 * algorithms once and derives the four AS keys. Selecting them again would
 * restart COUNT state under the same keys, so another selection is refused
 * and the same one changes nothing (*@changed false); algorithms change at
 * handover, with new keys (7.2.4.2.2).
 */
int enbkey_ue_set_algs(struct enbkey_ue *ue, u8 eea, u8 eia, bool up_integrity,
		       bool *changed, struct netlink_ext_ack *extack)
{
	struct enbkey_keyset *cur = ue->cur;
	int err;

	lockdep_assert_held(&ue->lock);
	*changed = false;
	err = enbkey_ue_check_algs(ue, eea, eia, extack);
	if (err)
		return err;
	if (!cur) {
		NL_SET_ERR_MSG(extack, "UE has no KeNB; install one with key set first");
		return -ENOKEY;
	}
	if (cur->has_algs) {
		if (cur->eea == eea && cur->eia == eia &&
		    cur->up_integrity == up_integrity)
			return 0;
		NL_SET_ERR_MSG(extack, "algorithms change only at handover");
		return -EBUSY;
	}
	err = enbkey_keyset_set_algs(cur, eea, eia, up_integrity);
	if (err) {
		NL_SET_ERR_MSG(extack, "AS key derivation failed");
		return err;
	}
	*changed = true;
	return 0;
}

void enbkey_ue_info(const struct enbkey_ue *ue, struct enbkey_ue_info *info)
{
	const struct enbkey_keyset *cur = ue->cur;
	unsigned int i;

	lockdep_assert_held(&ue->lock);
	memset(info, 0, sizeof(*info));
	info->id = ue->id;
	info->key_generation = ue->key_generation;
	info->integrity_failures = ue->integrity_failures;
	info->emergency = ue->emergency;
	info->has_nh = !!ue->nh;
	info->kenb_pending = ue->rekey;
	if (cur) {
		info->has_kenb = true;
		info->ncc = cur->ncc;
		info->scg_next = cur->scg_next;
		info->key_refresh = cur->refresh;
		info->has_algs = cur->has_algs;
		info->eea = cur->eea;
		info->eia = cur->eia;
		info->up_integrity = cur->up_integrity;
	}
	if (ue->rekey)
		return;
	info->n_cells = ue->n_next;
	for (i = 0; i < ue->n_next; i++) {
		info->cells[i].pci = ue->next[i]->pci;
		info->cells[i].earfcn_dl = ue->next[i]->earfcn_dl;
		info->cells[i].exported = ue->next[i]->exported;
	}
}
