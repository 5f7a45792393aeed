/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 128-EEA2 and 128-EIA2, TS 33.401 Annex B.
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

int enbkey_eea2(struct enbkey_alg *alg, const u8 key[ENBKEY_AS_KEY_LEN],
		u32 count, u8 bearer, u8 dir, u8 *data, u32 bits);
int enbkey_eea2_tail(struct enbkey_alg *alg, const u8 key[ENBKEY_AS_KEY_LEN],
		     u32 count, u8 bearer, u8 dir, u32 offset, u8 *data,
		     unsigned int len);
int enbkey_eia2(struct enbkey_alg *alg, const u8 key[ENBKEY_AS_KEY_LEN],
		u32 count, u8 bearer, u8 dir, const u8 *head,
		unsigned int head_len, const u8 *msg, u32 bits,
		u8 mac[ENBKEY_MAC_LEN]);

#endif /* _ENBKEY_ALG_H */
