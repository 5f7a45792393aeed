// SPDX-License-Identifier: GPL-2.0
/*
 * PDCP ciphering and integrity protection of one PDU (TS 36.323 5.6, 5.7)
 * with a set of AS keys (TS 33.401 Annex B), as the eNB side does it:
 * downlink PDUs are protected, uplink PDUs verified and deciphered. The
 * caller holds the UE's lock and a slot of the algorithm pool for the
 * whole request.
 */

#include <linux/moduleparam.h>
#include <linux/string.h>
#include <crypto/algapi.h>

#include "compat.h"
#include "pdcp.h"

static unsigned int count_threshold = 0xc0000000;
module_param(count_threshold, uint, 0644);
MODULE_PARM_DESC(count_threshold,
		 "COUNT past which a UE is marked as needing new keys");

/*
 * Works out, once per PDU and before anything is spent, what the PDU gets
 * and how long its result is.
 */
int enbkey_pdcp_plan(struct enbkey_keyset *ks, const struct enbkey_pdu *pdu,
		     bool protect, struct enbkey_pdcp_plan *plan,
		     struct netlink_ext_ack *extack)
{
	bool srb = pdu->rb_type == ENBKEY_RB_SRB;
	bool integrity = srb || ks->up_integrity;
	const struct enbkey_count *c;
	u32 mac_len;

	if (!ks->has_algs) {
		NL_SET_ERR_MSG(extack, "security is not configured for this UE; run sec set first");
		return -ENOKEY;
	}
	if (srb && pdu->rb_id > ENBKEY_SRB_MAX) {
		NL_SET_ERR_MSG(extack, "SRB identity must be 1..2");
		return -EINVAL;
	}
	/* The eNB's role: it sends downlink and receives uplink. */
	if (protect && pdu->dir != ENBKEY_DIR_DL) {
		NL_SET_ERR_MSG(extack,
			       "the eNB protects downlink PDUs only; uplink ones are the UE's to protect");
		return -EINVAL;
	}
	if (!protect && pdu->dir != ENBKEY_DIR_UL) {
		NL_SET_ERR_MSG(extack, "the eNB unprotects uplink PDUs only");
		return -EINVAL;
	}
	if ((pdu->flags & __ENBKEY_PDU_F_ALL) == __ENBKEY_PDU_F_ALL) {
		NL_SET_ERR_MSG(extack, "integrity-only and cipher-only exclude each other");
		return -EINVAL;
	}
	/* TS 36.323 6.3.4: a bearer with integrity always has the MAC-I field */
	if (integrity && (pdu->flags & ENBKEY_PDU_F_CIPHER_ONLY)) {
		if (srb)
			NL_SET_ERR_MSG(extack,
				       "an SRB PDU always carries a MAC-I (TS 36.323 6.3.4); cipher-only is for DRBs");
		else
			NL_SET_ERR_MSG(extack,
				       "this DRB is integrity protected; its PDUs always carry a MAC-I");
		return -EINVAL;
	}
	if (!integrity && (pdu->flags & ENBKEY_PDU_F_INTEGRITY_ONLY)) {
		NL_SET_ERR_MSG(extack,
			       "integrity-only on a DRB needs user-plane integrity (sec set up-integrity)");
		return -EINVAL;
	}
	/*
	 * TS 33.401 7.2.4.5: the security mode procedure is protected but not
	 * yet ciphered; once ciphering has started on a bearer and direction,
	 * every PDU there is ciphered.
	 */
	c = enbkey_keyset_count(ks, pdu->rb_type, pdu->rb_id, false);
	if ((pdu->flags & ENBKEY_PDU_F_INTEGRITY_ONLY) && c &&
	    (c->flags & (protect ? ENBKEY_COUNT_F_DL_CIPHERED :
				   ENBKEY_COUNT_F_UL_CIPHERED))) {
		NL_SET_ERR_MSG(extack,
			       "ciphering has started on this bearer; integrity-only is only for the security mode procedure");
		return -EINVAL;
	}

	plan->enc_key = srb ? ks->keys.rrc_enc : ks->keys.up_enc;
	plan->int_key = srb ? ks->keys.rrc_int : ks->keys.up_int;
	plan->cipher = !(pdu->flags & ENBKEY_PDU_F_INTEGRITY_ONLY);
	plan->mac = integrity;
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

static void enbkey_pdcp_check_threshold(struct enbkey_keyset *ks, u32 count)
{
	if (count >= READ_ONCE(count_threshold))
		ks->refresh = true;
}

/* MAC-I over the header and the payload (TS 36.323 5.7) */
static int enbkey_pdcp_mac(const struct enbkey_keyset *ks,
			   struct enbkey_alg *alg,
			   const struct enbkey_pdcp_plan *plan,
			   const struct enbkey_pdu *pdu, const u8 *payload,
			   u32 len, u8 mac[ENBKEY_MAC_LEN])
{
	return enbkey_alg_eia(alg, ks->eia, plan->int_key, pdu->count,
			      plan->bearer, pdu->dir, pdu->hdr, pdu->hdr_len,
			      payload, len, mac);
}

/*
 * out: HDR || EEA(DATA || MAC-I), or without ciphering as the plan says.
 * The COUNT is spent even if the caller then fails to send the result: a
 * keystream must not be produced twice.
 */
int enbkey_pdcp_protect(struct enbkey_keyset *ks, struct enbkey_alg *alg,
			const struct enbkey_pdu *pdu,
			const struct enbkey_pdcp_plan *plan, u8 *out,
			struct netlink_ext_ack *extack)
{
	struct enbkey_count *count;
	u8 *payload = out + pdu->hdr_len;
	u32 len = pdu->data_len;
	int err;

	count = enbkey_keyset_count(ks, pdu->rb_type, pdu->rb_id, true);
	if (!count)
		return -ENOMEM;
	if (enbkey_count_tx_check(count, pdu->count)) {
		NL_SET_ERR_MSG(extack,
			       "COUNT reuse: COUNT must be above the highest protected on this bearer");
		return -EINVAL;
	}

	memcpy(out, pdu->hdr, pdu->hdr_len);
	memcpy(payload, pdu->data, len);
	if (plan->mac) {
		err = enbkey_pdcp_mac(ks, alg, plan, pdu, payload, len,
				      payload + len);
		if (err)
			return err;
		len += ENBKEY_MAC_LEN;
	}
	/* TS 36.323 5.6: the data part and the MAC-I are ciphered */
	if (plan->cipher) {
		err = enbkey_alg_eea(alg, ks->eea, plan->enc_key, pdu->count,
				     plan->bearer, pdu->dir, payload, len,
				     NULL, 0);
		if (err)
			return err;
	}
	enbkey_count_tx_commit(count, pdu->count);
	if (plan->cipher)
		count->flags |= ENBKEY_COUNT_F_DL_CIPHERED;
	enbkey_pdcp_check_threshold(ks, pdu->count);
	return 0;
}

/*
 * out: the payload, released only once its MAC-I is verified. Replay state
 * is checked and moved only for a PDU whose MAC-I is checked, and moved only
 * once it verified. A wrong MAC-I leaves out zeroed and returns -EBADMSG.
 */
int enbkey_pdcp_unprotect(struct enbkey_keyset *ks, struct enbkey_alg *alg,
			  const struct enbkey_pdu *pdu,
			  const struct enbkey_pdcp_plan *plan, u8 *out,
			  struct netlink_ext_ack *extack)
{
	u8 mac[ENBKEY_MAC_LEN], expected[ENBKEY_MAC_LEN];
	bool checked = plan->mac && ks->eia;
	struct enbkey_count *count;
	u32 len = plan->out_len;
	int err;

	count = enbkey_keyset_count(ks, pdu->rb_type, pdu->rb_id, true);
	if (!count)
		return -ENOMEM;
	err = checked ? enbkey_count_rx_check(count, pdu->count) : 0;
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
	/* the payload and, in the same keystream, the MAC-I after it */
	if (plan->cipher) {
		err = enbkey_alg_eea(alg, ks->eea, plan->enc_key, pdu->count,
				     plan->bearer, pdu->dir, out, len, mac,
				     plan->mac ? ENBKEY_MAC_LEN : 0);
		if (err)
			goto fail;
	}
	/* TS 33.401 5.1.4.1: with EIA0 the MAC-I is not checked */
	if (checked) {
		err = enbkey_pdcp_mac(ks, alg, plan, pdu, out, len, expected);
		if (err)
			goto fail;
		if (crypto_memneq(mac, expected, ENBKEY_MAC_LEN)) {
			NL_SET_ERR_MSG(extack, "integrity check failed");
			err = -EBADMSG;
			goto fail;
		}
	}
	enbkey_count_rx_commit(count, pdu->count);
	if (plan->cipher)
		count->flags |= ENBKEY_COUNT_F_UL_CIPHERED;
	enbkey_pdcp_check_threshold(ks, pdu->count);
	return 0;
fail:
	memzero_explicit(out, len);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

/*
 * TS 36.331 5.3.7.4: the shortMAC-I is the 16 least significant bits of the
 * MAC-I over VarShortMAC-Input, computed with KRRCint and the integrity
 * algorithm of the source PCell, with COUNT, BEARER and DIRECTION all ones.
 * VarShortMAC-Input is, in UPER (TS 36.331 clause 8, X.691), cellIdentity
 * (BIT STRING of 28 bits), physCellId (INTEGER 0..503, 9 bits) and c-RNTI
 * (BIT STRING of 16 bits): 53 bits, padded with zeros to 7 octets.
 */
int enbkey_pdcp_short_mac(const struct enbkey_keyset *ks,
			  struct enbkey_alg *alg, u32 cell_id, u16 pci,
			  u16 crnti, u16 *short_mac,
			  struct netlink_ext_ack *extack)
{
	u8 msg[8], mac[ENBKEY_MAC_LEN];
	int err;

	if (!ks || !ks->has_algs) {
		NL_SET_ERR_MSG(extack, "security is not configured for this UE; run sec set first");
		return -ENOKEY;
	}
	put_unaligned_be64((u64)cell_id << 36 | (u64)pci << 27 |
			   (u64)crnti << 11, msg);
	err = enbkey_alg_eia(alg, ks->eia, ks->keys.rrc_int, U32_MAX, 0x1f, 1,
			     NULL, 0, msg, 7, mac);
	if (!err)
		*short_mac = get_unaligned_be16(mac + 2);
	memzero_explicit(mac, sizeof(mac));
	return err;
}
