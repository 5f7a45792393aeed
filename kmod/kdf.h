/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key derivation function of TS 33.220 B.2, as used by TS 33.401 Annex A.
 */

#ifndef _ENBKEY_KDF_H
#define _ENBKEY_KDF_H

#include <linux/types.h>
#include <crypto/sha2.h>
#include <uapi/linux/enbkey.h>

/* FC values, TS 33.401 A.1 (the 0x10..0x1F range of TS 33.220 A.2) */
enum enbkey_fc {
	ENBKEY_FC_NH = 0x12,		/* A.4 */
	ENBKEY_FC_KENB_STAR = 0x13,	/* A.5 */
	ENBKEY_FC_ALG_KEY = 0x15,	/* A.7 */
	ENBKEY_FC_S_KENB = 0x1c,	/* A.15 */
};

/* Algorithm type distinguishers, TS 33.401 A.7 table A.7-1 */
enum enbkey_alg_type {
	ENBKEY_ALG_TYPE_RRC_ENC = 0x03,
	ENBKEY_ALG_TYPE_RRC_INT = 0x04,
	ENBKEY_ALG_TYPE_UP_ENC = 0x05,
	ENBKEY_ALG_TYPE_UP_INT = 0x06,
};

#define ENBKEY_KDF_OUT_LEN	SHA256_DIGEST_SIZE

/* One input parameter Pi of S; the KDF appends its length Li itself. */
struct enbkey_kdf_param {
	const u8 *data;
	u16 len;
};

/* The four access-stratum keys of one KeNB, TS 33.401 A.7 */
struct enbkey_as_keys {
	u8 rrc_enc[ENBKEY_AS_KEY_LEN];
	u8 rrc_int[ENBKEY_AS_KEY_LEN];
	u8 up_enc[ENBKEY_AS_KEY_LEN];
	u8 up_int[ENBKEY_AS_KEY_LEN];
};

int enbkey_kdf_init(void);
void enbkey_kdf_exit(void);

int enbkey_kdf(const u8 *key, unsigned int key_len, u8 fc,
	       const struct enbkey_kdf_param *params, unsigned int n_params,
	       u8 out[ENBKEY_KDF_OUT_LEN]);
int enbkey_kdf_alg_key(const u8 kenb[ENBKEY_KENB_LEN], u8 alg_type, u8 alg_id,
		       u8 out[ENBKEY_AS_KEY_LEN]);
int enbkey_kdf_as_keys(const u8 kenb[ENBKEY_KENB_LEN], u8 eea, u8 eia,
		       struct enbkey_as_keys *keys);
int enbkey_kdf_kenb_star(const u8 key[ENBKEY_KENB_LEN], u16 pci, u32 earfcn_dl,
			 u8 out[ENBKEY_KDF_OUT_LEN]);
int enbkey_kdf_s_kenb(const u8 kenb[ENBKEY_KENB_LEN], u16 scg_counter,
		      u8 out[ENBKEY_KDF_OUT_LEN]);

#endif /* _ENBKEY_KDF_H */
