// SPDX-License-Identifier: GPL-2.0
/*
 * The key chain of a UE as one state machine (TS 33.401 7.2.8, 7.2.9): the
 * current KeNB and its NCC, at most one unused {NH, NCC} pair from the MME,
 * the next keys of a handover (up to ENBKEY_CELLS_MAX prepared cells, each
 * with its KeNB*) or of a re-keying, and the SCG Counter of dual
 * connectivity (A.15). Callers hold ue->lock.
 */

#include <linux/string.h>

#include "handover.h"

#define ENBKEY_HO_BUSY "a handover is prepared; commit or cancel it first"

/*
 * TS 33.401 7.2.8.4: an {NH, NCC} pair from S1AP Path Switch Request
 * Acknowledge or Handover Request waits for the next handover. Only the
 * newest pair is of use, so a newer one replaces an unused older one. No
 * KeNB is needed: the target of an S1 handover starts from the NH alone.
 * A preparation derives all its cells from one key, so a pair arriving
 * during one is refused.
 */
int enbkey_ho_set_nh(struct enbkey_ue *ue, const u8 nh[ENBKEY_KENB_LEN],
		     u8 ncc, struct netlink_ext_ack *extack)
{
	struct enbkey_keyset *ks;

	lockdep_assert_held(&ue->lock);
	if (ue->n_next && !ue->rekey) {
		NL_SET_ERR_MSG(extack, ENBKEY_HO_BUSY);
		return -EBUSY;
	}
	ks = enbkey_keyset_new(nh, ncc);
	if (!ks)
		return -ENOMEM;
	enbkey_keyset_free(ue->nh);
	ue->nh = ks;
	return 0;
}

/* The index of the prepared cell (@pci, @earfcn_dl), or n_next. */
static unsigned int enbkey_ho_cell(const struct enbkey_ue *ue, u16 pci,
				   u32 earfcn_dl)
{
	unsigned int i;

	for (i = 0; i < ue->n_next; i++)
		if (ue->next[i]->pci == pci && ue->next[i]->earfcn_dl == earfcn_dl)
			break;
	return i;
}

/*
 * TS 33.401 7.2.8.4.2 and 7.2.8.4.3: with an unused {NH, NCC} pair the
 * derivation is vertical, from the NH, and the UE is told that pair's NCC;
 * otherwise it is horizontal, from the current KeNB, and the NCC stays.
 * The same derivation serves RRC connection re-establishment (7.2.9.2) and
 * intra-cell key refresh (7.2.9.3). The first cell of a preparation fixes
 * the key every further cell derives from (TS 36.331 AS-Context:
 * additionalReestabInfoList); the NH stays unused until a vertical KeNB*
 * is committed or exported. The AS keys of the cell are those of the
 * algorithms the target selects (7.2.4.2.2), by default the current ones.
 */
int enbkey_ho_prepare(struct enbkey_ue *ue, u16 pci, u32 earfcn_dl,
		      const struct enbkey_ho_algs *algs, u8 *ncc,
		      bool *vertical, struct netlink_ext_ack *extack)
{
	struct enbkey_keyset *base = ue->prep, *prep = NULL, *ks = NULL;
	const struct enbkey_keyset *cur = ue->cur;
	u8 out[ENBKEY_KDF_OUT_LEN];
	unsigned int i;
	int err;

	lockdep_assert_held(&ue->lock);
	if (ue->rekey) {
		NL_SET_ERR_MSG(extack,
			       "a new KeNB from the MME is pending; commit it first");
		return -EBUSY;
	}
	if (algs->given) {
		err = enbkey_ue_check_algs(ue, algs->eea, algs->eia, extack);
		if (err)
			return err;
	}
	if (!base) {
		base = ue->nh ?: ue->cur;
		if (!base) {
			NL_SET_ERR_MSG(extack,
				       "UE has neither a KeNB nor an unused NH to derive KeNB* from");
			return -ENOKEY;
		}
	}
	i = enbkey_ho_cell(ue, pci, earfcn_dl);
	if (i == ENBKEY_CELLS_MAX) {
		NL_SET_ERR_MSG(extack, "at most 8 cells can be prepared for one handover");
		return -ENOSPC;
	}

	err = enbkey_kdf_kenb_star(base->base, pci, earfcn_dl, out);
	if (err) {
		NL_SET_ERR_MSG(extack, "KeNB* derivation failed");
		goto out;
	}
	if (enbkey_ue_spent(ue, out) == ENBKEY_SPENT_USED) {
		NL_SET_ERR_MSG(extack,
			       "the KeNB* of this cell was already in use on this UE; a new {NH, NCC} is needed");
		err = -EEXIST;
		goto out;
	}
	/* A KeNB* is a full 256-bit key: all of the KDF output (A.5). */
	ks = enbkey_keyset_new(out, base->ncc);
	if (ks && !ue->prep)
		prep = enbkey_keyset_new(base->base, base->ncc);
	if (!ks || (!ue->prep && !prep)) {
		err = -ENOMEM;
		goto out;
	}
	ks->pci = pci;
	ks->earfcn_dl = earfcn_dl;
	/* the same cell from the same key again: the same KeNB* */
	ks->exported = enbkey_ue_spent(ue, out) == ENBKEY_SPENT_EXPORTED;
	if (algs->given)
		err = enbkey_keyset_set_algs(ks, algs->eea, algs->eia,
					     cur && cur->up_integrity);
	else if (cur && cur->has_algs)
		err = enbkey_keyset_set_algs(ks, cur->eea, cur->eia,
					     cur->up_integrity);
	if (err) {
		NL_SET_ERR_MSG(extack, "AS key derivation failed");
		goto out;
	}

	if (prep) {
		ue->prep = prep;
		ue->prep_vertical = base == ue->nh;
		prep = NULL;
	}
	if (i < ue->n_next)
		enbkey_keyset_free(ue->next[i]);
	else
		ue->n_next++;
	ue->next[i] = ks;
	ks = NULL;
	*ncc = ue->prep->ncc;
	*vertical = ue->prep_vertical;
out:
	enbkey_keyset_free(ks);
	enbkey_keyset_free(prep);
	memzero_explicit(out, sizeof(out));
	return err;
}

/*
 * The next keys a request names: the re-keying KeNB when that is pending
 * (@rekey_ok), or a prepared cell, which may go unnamed when it is the
 * only one.
 */
struct enbkey_keyset *enbkey_ho_next(struct enbkey_ue *ue,
				     const struct enbkey_cell *cell,
				     bool rekey_ok, int *err,
				     struct netlink_ext_ack *extack)
{
	unsigned int i;

	lockdep_assert_held(&ue->lock);
	*err = -ENOKEY;
	if (!ue->n_next || (ue->rekey && !rekey_ok)) {
		NL_SET_ERR_MSG(extack, "no KeNB* pending; run ho prepare first");
		return NULL;
	}
	if (ue->rekey && cell->given) {
		NL_SET_ERR_MSG(extack,
			       "a new KeNB from the MME is pending; it has no cell");
		*err = -EINVAL;
		return NULL;
	}
	if (!cell->given) {
		if (ue->n_next == 1)
			return ue->next[0];
		NL_SET_ERR_MSG(extack,
			       "several cells are prepared; name one with pci and earfcn");
		*err = -EINVAL;
		return NULL;
	}
	i = enbkey_ho_cell(ue, cell->pci, cell->earfcn_dl);
	if (i == ue->n_next) {
		NL_SET_ERR_MSG(extack, "no cell is prepared with this PCI and EARFCN-DL");
		return NULL;
	}
	return ue->next[i];
}

/*
 * Handover within this eNB, re-establishment, key refresh or re-keying
 * completes: the next keys become current, with the COUNT state they
 * already have from the UE's first PDUs under them, and every other next
 * set is wiped. A vertical KeNB* spends the NH it came from.
 */
int enbkey_ho_commit(struct enbkey_ue *ue, const struct enbkey_cell *cell,
		     struct netlink_ext_ack *extack)
{
	struct enbkey_keyset *ks;
	unsigned int i;
	bool vertical;
	int err;

	ks = enbkey_ho_next(ue, cell, true, &err, extack);
	if (!ks)
		return err;
	/* TS 33.401 7.2.8.4.3: the target eNB holds it now */
	if (ks->exported) {
		NL_SET_ERR_MSG(extack,
			       "this cell's KeNB* was exported to another eNB; it cannot be committed here");
		return -EPERM;
	}
	vertical = !ue->rekey && ue->prep_vertical;
	for (i = 0; ue->next[i] != ks; i++)
		;
	ue->next[i] = NULL;
	enbkey_ue_drop_next(ue);
	if (vertical) {
		enbkey_keyset_free(ue->nh);
		ue->nh = NULL;
	}
	enbkey_ue_make_current(ue, ks);
	return 0;
}

int enbkey_ho_cancel(struct enbkey_ue *ue, struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&ue->lock);
	if (!ue->n_next || ue->rekey) {
		NL_SET_ERR_MSG(extack, "no handover is prepared");
		return -ENOKEY;
	}
	enbkey_ue_drop_next(ue);
	return 0;
}

/*
 * TS 33.401 7.2.8.4.3: for a handover to another eNB the source sends it
 * KeNB* and its NCC in X2AP Handover Request. From then on the target owns
 * that key: the cell cannot be committed here, and the key is remembered
 * as spent so that preparing the same cell from the same key again does
 * not bring it back.
 */
int enbkey_ho_export(struct enbkey_ue *ue, const struct enbkey_cell *cell,
		     u8 kenb_star[ENBKEY_KENB_LEN], u8 *ncc,
		     struct netlink_ext_ack *extack)
{
	struct enbkey_keyset *ks;
	int err;

	ks = enbkey_ho_next(ue, cell, false, &err, extack);
	if (!ks)
		return err;
	memcpy(kenb_star, ks->base, ENBKEY_KENB_LEN);
	*ncc = ks->ncc;
	ks->exported = true;
	enbkey_ue_spend(ue, ks->base, true);
	if (ue->prep_vertical) {
		enbkey_keyset_free(ue->nh);
		ue->nh = NULL;
	}
	return 0;
}

/*
 * TS 33.401 A.15 and Annex E: each S-KeNB for SeNB Addition Request uses the
 * next SCG Counter, which never repeats under one KeNB. When the 16 bits
 * are spent the UE needs a new KeNB; *refresh says whether this call is the
 * one that found out.
 */
int enbkey_ho_s_kenb(struct enbkey_ue *ue, u8 s_kenb[ENBKEY_KENB_LEN],
		     u32 *scg_counter, bool *refresh,
		     struct netlink_ext_ack *extack)
{
	struct enbkey_keyset *cur = ue->cur;
	u8 out[ENBKEY_KDF_OUT_LEN];
	int err;

	lockdep_assert_held(&ue->lock);
	*refresh = false;
	if (!cur) {
		NL_SET_ERR_MSG(extack, "UE has no KeNB; install one with key set first");
		return -ENOKEY;
	}
	if (cur->scg_next > ENBKEY_SCG_COUNTER_MAX) {
		*refresh = !cur->refresh;
		cur->refresh = true;
		NL_SET_ERR_MSG(extack, "SCG Counter exhausted: key refresh needed");
		return -ENOSPC;
	}
	err = enbkey_kdf_s_kenb(cur->base, cur->scg_next, out);
	if (err) {
		NL_SET_ERR_MSG(extack, "S-KeNB derivation failed");
	} else {
		memcpy(s_kenb, out, ENBKEY_KENB_LEN);
		*scg_counter = cur->scg_next++;
	}
	memzero_explicit(out, sizeof(out));
	return err;
}
