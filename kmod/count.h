/* SPDX-License-Identifier: GPL-2.0 */
/*
 * COUNT state of one radio bearer under one set of keys: the downlink
 * COUNTs the eNB protected, the uplink COUNTs it accepted.
 */

#ifndef _ENBKEY_COUNT_H
#define _ENBKEY_COUNT_H

#include <linux/types.h>
#include <uapi/linux/enbkey.h>

enum {
	ENBKEY_COUNT_F_TX = BIT(0),		/* tx_top is valid */
	ENBKEY_COUNT_F_RX = BIT(1),		/* rx_top is valid */
	ENBKEY_COUNT_F_DL_CIPHERED = BIT(2),	/* a ciphered downlink PDU */
	ENBKEY_COUNT_F_UL_CIPHERED = BIT(3),	/* a ciphered uplink PDU */
};

struct enbkey_count {
	u32 tx_top;		/* highest downlink COUNT protected */
	u32 rx_top;		/* highest uplink COUNT accepted */
	u16 window;		/* COUNTs of replay state in seen[], or 0 */
	u8 flags;
	/* bit c % window: uplink COUNT c in (rx_top - window, rx_top] seen */
	unsigned long seen[];
};

struct enbkey_count *enbkey_count_alloc(unsigned int window);
int enbkey_count_tx_check(const struct enbkey_count *c, u32 count);
void enbkey_count_tx_commit(struct enbkey_count *c, u32 count);
int enbkey_count_rx_check(const struct enbkey_count *c, u32 count);
void enbkey_count_rx_commit(struct enbkey_count *c, u32 count);

#endif /* _ENBKEY_COUNT_H */
