/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 128-EEA2 and 128-EIA2 of messages of any bit length, on the AES library.
 */

#ifndef _ENBKEY_CRYPTO_AES3GPP_H
#define _ENBKEY_CRYPTO_AES3GPP_H

#include <linux/types.h>

void enbkey_eea2(const u8 key[16], u32 count, u8 bearer, u8 dir, u8 *dst,
		 const u8 *src, u32 bits);
void enbkey_eia2(const u8 key[16], u32 count, u8 bearer, u8 dir,
		 const u8 *msg, u32 bits, u8 mac[4]);

#endif /* _ENBKEY_CRYPTO_AES3GPP_H */
