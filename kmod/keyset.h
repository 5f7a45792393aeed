/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A key set: a base key with its NCC, the access-stratum keys derived from
 * it and the COUNT state that goes with them. A UE's current keys, a
 * pending re-keying KeNB, each prepared cell and an unused {NH, NCC} pair
 * are all key sets, so that every wipe goes through one function.
 */

#ifndef _ENBKEY_KEYSET_H
#define _ENBKEY_KEYSET_H

#include <linux/types.h>

#include "count.h"
#include "kdf.h"

/* SRB1, SRB2, then DRB1..DRB32 */
#define ENBKEY_NR_BEARERS	(ENBKEY_SRB_MAX + ENBKEY_DRB_MAX)

struct enbkey_keyset {
	u8 base[ENBKEY_KENB_LEN];	/* KeNB, NH or KeNB* */
	struct enbkey_as_keys keys;	/* valid when has_algs */
	struct enbkey_count **counts;	/* per bearer, allocated on first use */
	u32 scg_next;			/* next SCG Counter, 0..0x10000 */
	u32 earfcn_dl;			/* a prepared cell: its EARFCN-DL */
	u16 pci;			/* and its PCI */
	u8 ncc;
	u8 eea;
	u8 eia;
	bool has_algs;
	bool up_integrity;
	bool refresh;			/* these keys need replacing */
	bool exported;			/* another eNB holds this KeNB* */
};

struct enbkey_keyset *enbkey_keyset_new(const u8 base[ENBKEY_KENB_LEN],
					u8 ncc);
void enbkey_keyset_free(struct enbkey_keyset *ks);
int enbkey_keyset_set_algs(struct enbkey_keyset *ks, u8 eea, u8 eia,
			   bool up_integrity);
bool enbkey_keyset_authenticated(const struct enbkey_keyset *ks, u8 rb_type);
struct enbkey_count *enbkey_keyset_count(struct enbkey_keyset *ks, u8 rb_type,
					 u8 rb_id, bool alloc);
u64 enbkey_key_fingerprint(const u8 key[ENBKEY_KENB_LEN]);

#endif /* _ENBKEY_KEYSET_H */
