/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The security context of one UE.
 */

#ifndef _ENBKEY_UE_H
#define _ENBKEY_UE_H

#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/types.h>

#include "count.h"
#include "kdf.h"

/* SRB1, SRB2, then DRB1..DRB32 */
#define ENBKEY_NR_BEARERS	(ENBKEY_SRB_MAX + ENBKEY_DRB_MAX)

struct enbkey_ue {
	struct rcu_head rcu;
	refcount_t refcnt;
	u32 id;

	/* Serialises every change of the key state below and its readers. */
	struct mutex lock;
	u8 kenb[ENBKEY_KENB_LEN];
	struct enbkey_as_keys keys;	/* valid when has_algs */
	u32 key_generation;
	u32 integrity_failures;
	u8 ncc;
	u8 eea;
	u8 eia;
	bool has_kenb;
	bool has_algs;
	bool up_integrity;
	bool key_refresh;
	/* per bearer, allocated on first use; starts afresh with new keys */
	struct enbkey_count *counts[ENBKEY_NR_BEARERS];

	/* key chaining, TS 33.401 7.2.8: see handover.c */
	u8 nh[ENBKEY_KENB_LEN];		/* valid when has_nh */
	u8 kenb_star[ENBKEY_KENB_LEN];	/* valid when has_kenb_star */
	u32 scg_next;			/* next SCG Counter, 0..0x10000 */
	u8 nh_ncc;
	u8 kenb_star_ncc;
	bool has_nh;
	bool has_kenb_star;
};

/* What userspace may learn of a UE: metadata, never a key. */
struct enbkey_ue_info {
	u32 id;
	u32 key_generation;
	u32 integrity_failures;
	u8 ncc;
	u8 eea;
	u8 eia;
	bool has_kenb;
	bool has_algs;
	bool up_integrity;
	bool key_refresh;
	bool has_nh;
	bool has_kenb_star;
	u32 scg_next;
};

struct enbkey_ue *enbkey_ue_alloc(u32 id);
void enbkey_ue_put(struct enbkey_ue *ue);

static inline bool enbkey_ue_get(struct enbkey_ue *ue)
{
	return refcount_inc_not_zero(&ue->refcnt);
}

int enbkey_ue_set_kenb(struct enbkey_ue *ue, const u8 kenb[ENBKEY_KENB_LEN],
		       u8 ncc, struct netlink_ext_ack *extack);
int enbkey_ue_install_kenb(struct enbkey_ue *ue,
			   const u8 kenb[ENBKEY_KENB_LEN], u8 ncc,
			   struct netlink_ext_ack *extack);
void enbkey_ue_drop_nh(struct enbkey_ue *ue);
void enbkey_ue_drop_kenb_star(struct enbkey_ue *ue);
int enbkey_ue_set_algs(struct enbkey_ue *ue, u8 eea, u8 eia, bool up_integrity,
		       struct netlink_ext_ack *extack);
void enbkey_ue_info(struct enbkey_ue *ue, struct enbkey_ue_info *info);

#endif /* _ENBKEY_UE_H */
