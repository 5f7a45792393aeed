// SPDX-License-Identifier: GPL-2.0
/*
 * PDCP ciphering and integrity protection of one PDU (TS 36.323 5.6, 5.7)
 * with the AS keys of a UE (TS 33.401 Annex B). The caller holds ue->lock
 * and a slot of the algorithm pool for the whole request.
 */

#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/algapi.h>

#include "pdcp.h"

static unsigned int count_threshold = 0xc0000000;
module_param(count_threshold, uint, 0644);
MODULE_PARM_DESC(count_threshold,
		 "COUNT past which a UE is marked as needing new keys");

/*
 * Works out, once per PDU and before anything is spent, what the PDU gets
 * and how long its result is; ue->lock is held until the PDU is done.
 */
int enbkey_pdcp_plan(const struct enbkey_ue *ue, const struct enbkey_pdu *pdu,
		     bool protect, struct enbkey_pdcp_plan *plan,
		     struct netlink_ext_ack *extack)
{
	bool srb = pdu->rb_type == ENBKEY_RB_SRB;
	u32 mac_len;

	lockdep_assert_held(&ue->lock);
	if (!ue->has_algs) {
		NL_SET_ERR_MSG(extack, "security is not configured for this UE; run sec set first");
		return -ENOKEY;
	}
	if (srb && pdu->rb_id > ENBKEY_SRB_MAX) {
		NL_SET_ERR_MSG(extack, "SRB identity must be 1..2");
		return -EINVAL;
	}
	if ((pdu->flags & __ENBKEY_PDU_F_ALL) == __ENBKEY_PDU_F_ALL) {
		NL_SET_ERR_MSG(extack, "integrity-only and cipher-only exclude each other");
		return -EINVAL;
	}
	if (!srb && !ue->up_integrity &&
	    (pdu->flags & ENBKEY_PDU_F_INTEGRITY_ONLY)) {
		NL_SET_ERR_MSG(extack,
			       "integrity-only on a DRB needs user-plane integrity (sec set up-integrity)");
		return -EINVAL;
	}

	plan->enc_key = srb ? ue->keys.rrc_enc : ue->keys.up_enc;
	plan->int_key = srb ? ue->keys.rrc_int : ue->keys.up_int;
	plan->cipher = !(pdu->flags & ENBKEY_PDU_F_INTEGRITY_ONLY);
	plan->mac = (srb || ue->up_integrity) &&
		    !(pdu->flags & ENBKEY_PDU_F_CIPHER_ONLY);
	plan->bearer = pdu->rb_id - 1;

	mac_len = plan->mac ? ENBKEY_MAC_LEN : 0;
	if (!protect && pdu->data_len < mac_len) {
		NL_SET_ERR_MSG(extack, "PDU is shorter than its MAC-I");
		return -EINVAL;
	}
	if (protect)
		plan->out_len = pdu->hdr_len + pdu->data_len + mac_len;
	else
		plan->out_len = pdu->data_len - mac_len;
	return plan->out_len;
}

static struct enbkey_count *enbkey_pdcp_count(struct enbkey_ue *ue,
					      const struct enbkey_pdu *pdu)
{
	unsigned int i = pdu->rb_id - 1;

	if (pdu->rb_type == ENBKEY_RB_DRB)
		i += ENBKEY_SRB_MAX;
	if (!ue->counts[i])
		ue->counts[i] = kzalloc(sizeof(*ue->counts[i]), GFP_KERNEL);
	return ue->counts[i];
}

static void enbkey_pdcp_check_threshold(struct enbkey_ue *ue, u32 count)
{
	if (count >= READ_ONCE(count_threshold))
		ue->key_refresh = true;
}

/*
 * MAC-I over the header and the payload (TS 36.323 5.7); EIA0 gives 32 zero
 * bits (TS 33.401 5.1.4.1).
 */
static int enbkey_pdcp_mac(struct enbkey_ue *ue, struct enbkey_alg *alg,
			   const struct enbkey_pdcp_plan *plan,
			   const struct enbkey_pdu *pdu, const u8 *payload,
			   u32 len, u8 mac[ENBKEY_MAC_LEN])
{
	if (ue->eia == 0) {
		memset(mac, 0, ENBKEY_MAC_LEN);
		return 0;
	}
	return enbkey_eia2(alg, plan->int_key, pdu->count, plan->bearer,
			   pdu->dir, pdu->hdr, pdu->hdr_len, payload, len * 8,
			   mac);
}

/*
 * out: HDR || EEA(DATA || MAC-I), or without MAC-I or ciphering as the plan
 * says. The COUNT is spent even if the caller then fails to send the
 * result: a keystream must not be produced twice.
 */
int enbkey_pdcp_protect(struct enbkey_ue *ue, struct enbkey_alg *alg,
			const struct enbkey_pdu *pdu,
			const struct enbkey_pdcp_plan *plan, u8 *out,
			struct netlink_ext_ack *extack)
{
	struct enbkey_count *count;
	u8 *payload = out + pdu->hdr_len;
	u32 len = pdu->data_len;
	int err;

	count = enbkey_pdcp_count(ue, pdu);
	if (!count)
		return -ENOMEM;
	if (enbkey_count_tx_check(count, pdu->dir, pdu->count)) {
		NL_SET_ERR_MSG(extack,
			       "COUNT reuse: COUNT must be above the highest protected on this bearer");
		return -EINVAL;
	}

	memcpy(out, pdu->hdr, pdu->hdr_len);
	memcpy(payload, pdu->data, len);
	if (plan->mac) {
		err = enbkey_pdcp_mac(ue, alg, plan, pdu, payload, len,
				      payload + len);
		if (err)
			return err;
		len += ENBKEY_MAC_LEN;
	}
	/* TS 36.323 5.6: the data part and the MAC-I are ciphered */
	if (plan->cipher && ue->eea == 2) {
		err = enbkey_eea2(alg, plan->enc_key, pdu->count, plan->bearer,
				  pdu->dir, payload, len * 8);
		if (err)
			return err;
	}
	enbkey_count_tx_commit(count, pdu->dir, pdu->count);
	enbkey_pdcp_check_threshold(ue, pdu->count);
	return 0;
}

/*
 * out: the payload, released only once its MAC-I is verified. A wrong MAC-I
 * leaves out zeroed and counts a failure on the UE.
 */
int enbkey_pdcp_unprotect(struct enbkey_ue *ue, struct enbkey_alg *alg,
			  const struct enbkey_pdu *pdu,
			  const struct enbkey_pdcp_plan *plan, u8 *out,
			  struct netlink_ext_ack *extack)
{
	u8 mac[ENBKEY_MAC_LEN], expected[ENBKEY_MAC_LEN];
	struct enbkey_count *count;
	u32 len = plan->out_len;
	int err;

	count = enbkey_pdcp_count(ue, pdu);
	if (!count)
		return -ENOMEM;
	err = enbkey_count_rx_check(count, pdu->dir, pdu->count);
	if (err == -ERANGE) {
		NL_SET_ERR_MSG(extack, "COUNT is behind the replay window");
		return err;
	}
	if (err) {
		NL_SET_ERR_MSG(extack, "COUNT replay: a PDU with this COUNT was already accepted");
		return err;
	}

	memcpy(out, pdu->data, len);
	if (plan->mac)
		memcpy(mac, pdu->data + len, ENBKEY_MAC_LEN);
	if (plan->cipher && ue->eea == 2) {
		err = enbkey_eea2(alg, plan->enc_key, pdu->count, plan->bearer,
				  pdu->dir, out, len * 8);
		if (!err && plan->mac)
			err = enbkey_eea2_tail(alg, plan->enc_key, pdu->count,
					       plan->bearer, pdu->dir, len, mac,
					       ENBKEY_MAC_LEN);
		if (err)
			goto fail;
	}
	/* TS 33.401 5.1.4.1: with EIA0 the MAC-I is not checked */
	if (plan->mac && ue->eia != 0) {
		err = enbkey_pdcp_mac(ue, alg, plan, pdu, out, len, expected);
		if (err)
			goto fail;
		if (crypto_memneq(mac, expected, ENBKEY_MAC_LEN)) {
			ue->integrity_failures++;
			NL_SET_ERR_MSG(extack, "integrity check failed");
			err = -EBADMSG;
			goto fail;
		}
	}
	enbkey_count_rx_commit(count, pdu->dir, pdu->count);
	enbkey_pdcp_check_threshold(ue, pdu->count);
	return 0;
fail:
	memzero_explicit(out, len);
	return err;
}
