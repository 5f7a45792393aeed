/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EEA0..3 and EIA0..3 for PDCP, TS 33.401 Annex B, from a pool of keyed
 * transforms.
 */

#ifndef _ENBKEY_ALG_H
#define _ENBKEY_ALG_H

#include <linux/types.h>
#include <uapi/linux/enbkey.h>

#define ENBKEY_MAC_LEN	4	/* MAC-I, 32 bits */

struct enbkey_alg;

int enbkey_alg_init(void);
void enbkey_alg_exit(void);

struct enbkey_alg *enbkey_alg_get(void);
void enbkey_alg_put(struct enbkey_alg *alg);

int enbkey_alg_eea(struct enbkey_alg *alg, u8 eea,
		   const u8 key[ENBKEY_AS_KEY_LEN], u32 count, u8 bearer,
		   u8 dir, u8 *data, u32 len, u8 *tail, u32 tail_len);
int enbkey_alg_eia(struct enbkey_alg *alg, u8 eia,
		   const u8 key[ENBKEY_AS_KEY_LEN], u32 count, u8 bearer,
		   u8 dir, const u8 *head, u32 head_len, const u8 *msg,
		   u32 len, u8 mac[ENBKEY_MAC_LEN]);

#endif /* _ENBKEY_ALG_H */
