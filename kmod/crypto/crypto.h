/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 128-EEA1/2/3 and 128-EIA1/2/3 (TS 33.401 Annex B) as crypto API
 * algorithms: skciphers "eea1", "eea2", "eea3" and shashes "eia1", "eia2",
 * "eia3".
 *
 * Keys are 16 octets. The IV of an skcipher, and the first 8 octets of the
 * data of an shash (the message follows), are the block
 *
 *	COUNT (32 bits, big-endian) || BEARER (5) || DIRECTION (1) || 0^26
 *
 * An shash's digest is MAC-I, 4 octets. Messages are whole octets here;
 * snow3g.h and zuc.h take bit lengths.
 */

#ifndef _ENBKEY_CRYPTO_CRYPTO_H
#define _ENBKEY_CRYPTO_CRYPTO_H

#include <linux/errno.h>
#include <linux/types.h>

#define ENBKEY_CRYPTO_KEY_SIZE	16
#define ENBKEY_CRYPTO_IV_SIZE	8
#define ENBKEY_CRYPTO_MAC_SIZE	4

/*
 * Registers the six algorithms once they have passed their self-tests;
 * calls nest, and the last enbkey_crypto_exit() unregisters them.
 */
int enbkey_crypto_init(void);
void enbkey_crypto_exit(void);

/* Within kmod/crypto/ */
int enbkey_eea_register(void);
void enbkey_eea_unregister(void);
int enbkey_eia_register(void);
void enbkey_eia_unregister(void);

/* The COUNT/BEARER/DIRECTION block; bits that must be zero are checked. */
static inline int enbkey_crypto_iv(const u8 iv[ENBKEY_CRYPTO_IV_SIZE],
				   u32 *count, u8 *bearer, u8 *dir)
{
	if ((iv[4] & 0x03) || iv[5] || iv[6] || iv[7])
		return -EINVAL;
	*count = (u32)iv[0] << 24 | (u32)iv[1] << 16 | (u32)iv[2] << 8 | iv[3];
	*bearer = iv[4] >> 3;
	*dir = iv[4] >> 2 & 1;
	return 0;
}

static inline void enbkey_crypto_make_iv(u8 iv[ENBKEY_CRYPTO_IV_SIZE],
					 u32 count, u8 bearer, u8 dir)
{
	iv[0] = count >> 24;
	iv[1] = count >> 16;
	iv[2] = count >> 8;
	iv[3] = count;
	iv[4] = (bearer & 0x1f) << 3 | (dir & 1) << 2;
	iv[5] = 0;
	iv[6] = 0;
	iv[7] = 0;
}

#endif /* _ENBKEY_CRYPTO_CRYPTO_H */
