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

#include "keyset.h"

/* Fingerprints of the keys a UE must never take into use again. */
#define ENBKEY_SPENT_MAX	16

struct enbkey_ue {
	struct rcu_head rcu;
	refcount_t refcnt;
	u32 id;
	bool emergency;			/* unauthenticated: EIA0 allowed */

	/* Serialises every change of the state below and its readers. */
	struct mutex lock;
	bool dead;			/* deleted; every key is wiped */
	struct enbkey_keyset *cur;	/* the keys in use, once a KeNB came */
	/*
	 * The next keys: the re-keying KeNB alone (rekey), or the prepared
	 * cells, all derived from prep, a copy of the NH or KeNB they came
	 * from (TS 33.401 7.2.8.4).
	 */
	struct enbkey_keyset *next[ENBKEY_CELLS_MAX];
	unsigned int n_next;
	bool rekey;
	struct enbkey_keyset *prep;
	bool prep_vertical;
	struct enbkey_keyset *nh;	/* an unused {NH, NCC} pair */
	u32 key_generation;
	u32 integrity_failures;
	/* keys taken into use here, or exported when the bit is set */
	u64 spent[ENBKEY_SPENT_MAX];
	unsigned long spent_exported;
	unsigned int n_spent;
};

/* A prepared cell a request names, or none: the only one. */
struct enbkey_cell {
	u32 earfcn_dl;
	u16 pci;
	bool given;
};

/* What userspace may learn of a UE: metadata, never a key. */
struct enbkey_ue_info {
	u32 id;
	u32 key_generation;
	u32 integrity_failures;
	u32 scg_next;
	u8 ncc;
	u8 eea;
	u8 eia;
	bool has_kenb;
	bool has_algs;
	bool up_integrity;
	bool key_refresh;
	bool has_nh;
	bool emergency;
	bool kenb_pending;
	unsigned int n_cells;
	struct {
		u32 earfcn_dl;
		u16 pci;
		bool exported;
	} cells[ENBKEY_CELLS_MAX];
};

enum enbkey_spent {
	ENBKEY_SPENT_NO,
	ENBKEY_SPENT_USED,
	ENBKEY_SPENT_EXPORTED,
};

struct enbkey_ue *enbkey_ue_alloc(u32 id, bool emergency);
void enbkey_ue_put(struct enbkey_ue *ue);

static inline bool enbkey_ue_get(struct enbkey_ue *ue)
{
	return refcount_inc_not_zero(&ue->refcnt);
}

void enbkey_ue_kill(struct enbkey_ue *ue);
void enbkey_ue_drop_next(struct enbkey_ue *ue);
void enbkey_ue_make_current(struct enbkey_ue *ue, struct enbkey_keyset *ks);
enum enbkey_spent enbkey_ue_spent(const struct enbkey_ue *ue,
				  const u8 key[ENBKEY_KENB_LEN]);
void enbkey_ue_spend(struct enbkey_ue *ue, const u8 key[ENBKEY_KENB_LEN],
		     bool exported);
int enbkey_ue_check_algs(const struct enbkey_ue *ue, u8 eea, u8 eia,
			 struct netlink_ext_ack *extack);
int enbkey_ue_set_kenb(struct enbkey_ue *ue, const u8 kenb[ENBKEY_KENB_LEN],
		       u8 ncc, struct netlink_ext_ack *extack);
int enbkey_ue_set_algs(struct enbkey_ue *ue, u8 eea, u8 eia, bool up_integrity,
		       bool *changed, struct netlink_ext_ack *extack);
void enbkey_ue_info(const struct enbkey_ue *ue, struct enbkey_ue_info *info);

#endif /* _ENBKEY_UE_H */
