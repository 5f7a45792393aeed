/* SPDX-License-Identifier: GPL-2.0 */
/*
 * COUNT discipline of one radio bearer: no COUNT is protected twice under
 * one key, and no COUNT is accepted twice.
 */

#ifndef _ENBKEY_COUNT_H
#define _ENBKEY_COUNT_H

#include <linux/types.h>
#include <uapi/linux/enbkey.h>

struct enbkey_count {
	u32 tx_top[2];		/* highest COUNT protected, per direction */
	u32 rx_top[2];		/* highest COUNT accepted, per direction */
	u64 rx_seen[2];		/* bit n: rx_top - n was accepted */
	u8 tx_used;		/* bit per direction: tx_top is valid */
	u8 rx_used;		/* bit per direction: rx_top is valid */
};

int enbkey_count_tx_check(const struct enbkey_count *c, u8 dir, u32 count);
void enbkey_count_tx_commit(struct enbkey_count *c, u8 dir, u32 count);
int enbkey_count_rx_check(const struct enbkey_count *c, u8 dir, u32 count);
void enbkey_count_rx_commit(struct enbkey_count *c, u8 dir, u32 count);

#endif /* _ENBKEY_COUNT_H */
