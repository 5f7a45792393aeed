// SPDX-License-Identifier: GPL-2.0
/*
 * The key chain of a UE as one state machine (TS 33.401 7.2.8): the KeNB
 * and its NCC, at most one unused {NH, NCC} pair from the MME, at most one
 * pending KeNB* prepared for a handover, re-establishment or key refresh,
 * and the SCG Counter of dual connectivity (A.15).
 */

#include <linux/string.h>

#include "handover.h"

/*
 * TS 33.401 7.2.8.4: an {NH, NCC} pair from S1AP Path Switch Request
 * Acknowledge or Handover Request waits for the next handover. Only the
 * newest pair is of use, so a newer one replaces an unused older one. No
 * KeNB is needed: the target of an S1 handover starts from the NH alone.
 */
int enbkey_ho_set_nh(struct enbkey_ue *ue, const u8 nh[ENBKEY_KENB_LEN],
		     u8 ncc, struct netlink_ext_ack *extack)
{
	mutex_lock(&ue->lock);
	memcpy(ue->nh, nh, ENBKEY_KENB_LEN);
	ue->nh_ncc = ncc;
	ue->has_nh = true;
	mutex_unlock(&ue->lock);
	return 0;
}

/*
 * TS 33.401 7.2.8.4.2 and 7.2.8.4.3: with an unused {NH, NCC} pair the
 * derivation is vertical, from the NH, and the UE is told that pair's NCC;
 * otherwise it is horizontal, from the current KeNB, and the NCC stays.
 * The same derivation serves RRC connection re-establishment (7.2.9.2) and
 * intra-cell key refresh (7.2.9.3). The result waits for commit or export.
 */
int enbkey_ho_prepare(struct enbkey_ue *ue, u16 pci, u32 earfcn_dl, u8 *ncc,
		      bool *vertical, struct netlink_ext_ack *extack)
{
	u8 out[ENBKEY_KDF_OUT_LEN];
	int err;

	mutex_lock(&ue->lock);
	if (!ue->has_nh && !ue->has_kenb) {
		NL_SET_ERR_MSG(extack,
			       "UE has neither a KeNB nor an unused NH to derive KeNB* from");
		err = -ENOKEY;
		goto out;
	}
	*vertical = ue->has_nh;
	err = enbkey_kdf_kenb_star(*vertical ? ue->nh : ue->kenb, pci,
				   earfcn_dl, out);
	if (err) {
		NL_SET_ERR_MSG(extack, "KeNB* derivation failed");
		goto out;
	}
	*ncc = *vertical ? ue->nh_ncc : ue->ncc;
	/* A KeNB* is a full 256-bit key: all of the KDF output (A.5). */
	memcpy(ue->kenb_star, out, ENBKEY_KENB_LEN);
	ue->kenb_star_ncc = *ncc;
	ue->has_kenb_star = true;
	if (*vertical)
		enbkey_ue_drop_nh(ue);
out:
	mutex_unlock(&ue->lock);
	memzero_explicit(out, sizeof(out));
	return err;
}

/*
 * Handover within this eNB, re-establishment or key refresh completes: the
 * pending KeNB* becomes the KeNB, with its NCC, and the AS keys follow.
 */
int enbkey_ho_commit(struct enbkey_ue *ue, struct netlink_ext_ack *extack)
{
	int err;

	mutex_lock(&ue->lock);
	if (!ue->has_kenb_star) {
		NL_SET_ERR_MSG(extack, "no KeNB* pending; run ho prepare first");
		err = -ENOKEY;
		goto out;
	}
	err = enbkey_ue_install_kenb(ue, ue->kenb_star, ue->kenb_star_ncc,
				     extack);
	if (!err)
		enbkey_ue_drop_kenb_star(ue);
out:
	mutex_unlock(&ue->lock);
	return err;
}

/*
 * TS 33.401 7.2.8.4.3: for a handover to another eNB the source sends it
 * KeNB* and its NCC in X2AP Handover Request. The pending KeNB* stays until
 * this UE is deleted, re-keyed or prepared again.
 */
int enbkey_ho_export(struct enbkey_ue *ue, u8 kenb_star[ENBKEY_KENB_LEN],
		     u8 *ncc, struct netlink_ext_ack *extack)
{
	int err = 0;

	mutex_lock(&ue->lock);
	if (ue->has_kenb_star) {
		memcpy(kenb_star, ue->kenb_star, ENBKEY_KENB_LEN);
		*ncc = ue->kenb_star_ncc;
	} else {
		NL_SET_ERR_MSG(extack, "no KeNB* pending; run ho prepare first");
		err = -ENOKEY;
	}
	mutex_unlock(&ue->lock);
	return err;
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
	u8 out[ENBKEY_KDF_OUT_LEN];
	int err;

	*refresh = false;
	mutex_lock(&ue->lock);
	if (!ue->has_kenb) {
		NL_SET_ERR_MSG(extack, "UE has no KeNB; install one with key set first");
		err = -ENOKEY;
		goto out;
	}
	if (ue->scg_next > ENBKEY_SCG_COUNTER_MAX) {
		*refresh = !ue->key_refresh;
		ue->key_refresh = true;
		NL_SET_ERR_MSG(extack, "SCG Counter exhausted: key refresh needed");
		err = -ENOSPC;
		goto out;
	}
	err = enbkey_kdf_s_kenb(ue->kenb, ue->scg_next, out);
	if (err) {
		NL_SET_ERR_MSG(extack, "S-KeNB derivation failed");
		goto out;
	}
	memcpy(s_kenb, out, ENBKEY_KENB_LEN);
	*scg_counter = ue->scg_next++;
out:
	mutex_unlock(&ue->lock);
	memzero_explicit(out, sizeof(out));
	return err;
}
