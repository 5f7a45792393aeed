/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PDCP protection of one PDU with a set of AS keys.
 */

#ifndef _ENBKEY_PDCP_H
#define _ENBKEY_PDCP_H

#include <linux/netlink.h>
#include <linux/types.h>

#include "alg.h"
#include "keyset.h"

/* Every flag of enum enbkey_pdu_flag: what the policy lets through. */
#define __ENBKEY_PDU_F_ALL \
	(ENBKEY_PDU_F_INTEGRITY_ONLY | ENBKEY_PDU_F_CIPHER_ONLY)

struct enbkey_pdu {
	const u8 *hdr;
	const u8 *data;
	u32 data_len;
	u32 count;
	u32 flags;		/* enum enbkey_pdu_flag */
	u16 hdr_len;
	u8 rb_type;		/* enum enbkey_rb_type */
	u8 rb_id;
	u8 dir;			/* enum enbkey_dir */
};

/* What one PDU gets, from its bearer, the key set and its flags. */
struct enbkey_pdcp_plan {
	const u8 *enc_key;
	const u8 *int_key;
	u32 out_len;	/* octets of the result */
	bool cipher;
	bool mac;	/* a MAC-I field follows the payload */
	u8 bearer;	/* BEARER, TS 33.401 B.1.2: RB identity - 1 */
};

int enbkey_pdcp_plan(struct enbkey_keyset *ks, const struct enbkey_pdu *pdu,
		     bool protect, struct enbkey_pdcp_plan *plan,
		     struct netlink_ext_ack *extack);
int enbkey_pdcp_protect(struct enbkey_keyset *ks, struct enbkey_alg *alg,
			const struct enbkey_pdu *pdu,
			const struct enbkey_pdcp_plan *plan, u8 *out,
			struct netlink_ext_ack *extack);
int enbkey_pdcp_unprotect(struct enbkey_keyset *ks, struct enbkey_alg *alg,
			  const struct enbkey_pdu *pdu,
			  const struct enbkey_pdcp_plan *plan, u8 *out,
			  struct netlink_ext_ack *extack);
int enbkey_pdcp_short_mac(const struct enbkey_keyset *ks,
			  struct enbkey_alg *alg, u32 cell_id, u16 pci,
			  u16 crnti, u16 *short_mac,
			  struct netlink_ext_ack *extack);

#endif /* _ENBKEY_PDCP_H */
