/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The key chain of one UE: {NH, NCC}, prepared cells with their KeNB*,
 * commit, cancel, export and S-KeNB, TS 33.401 7.2.8 and 7.2.9.
 */

#ifndef _ENBKEY_HANDOVER_H
#define _ENBKEY_HANDOVER_H

#include <linux/netlink.h>
#include <linux/types.h>

#include "ue.h"

/* Algorithms a preparation names for the target cell, if any. */
struct enbkey_ho_algs {
	u8 eea;
	u8 eia;
	bool given;
};

int enbkey_ho_set_nh(struct enbkey_ue *ue, const u8 nh[ENBKEY_KENB_LEN],
		     u8 ncc, struct netlink_ext_ack *extack);
int enbkey_ho_prepare(struct enbkey_ue *ue, u16 pci, u32 earfcn_dl,
		      const struct enbkey_ho_algs *algs, u8 *ncc,
		      bool *vertical, struct netlink_ext_ack *extack);
struct enbkey_keyset *enbkey_ho_next(struct enbkey_ue *ue,
				     const struct enbkey_cell *cell,
				     bool rekey_ok, int *err,
				     struct netlink_ext_ack *extack);
int enbkey_ho_commit(struct enbkey_ue *ue, const struct enbkey_cell *cell,
		     struct netlink_ext_ack *extack);
int enbkey_ho_cancel(struct enbkey_ue *ue, struct netlink_ext_ack *extack);
int enbkey_ho_export(struct enbkey_ue *ue, const struct enbkey_cell *cell,
		     u8 kenb_star[ENBKEY_KENB_LEN], u8 *ncc,
		     struct netlink_ext_ack *extack);
int enbkey_ho_s_kenb(struct enbkey_ue *ue, u8 s_kenb[ENBKEY_KENB_LEN],
		     u32 *scg_counter, bool *refresh,
		     struct netlink_ext_ack *extack);

#endif /* _ENBKEY_HANDOVER_H */
