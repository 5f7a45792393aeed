// SPDX-License-Identifier: GPL-2.0
/*
 * The generic key derivation function of TS 33.220 B.2 and its use for the
 * access-stratum keys of TS 33.401 A.7.
 */

#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <crypto/hash.h>

#include "compat.h"
#include "kdf.h"

/*
 * One transform serves every derivation. HMAC keeps key-dependent state in
 * the transform, so setkey, digest and the final wipe of that state must not
 * interleave: derivations happen at key installation and handover, never per
 * PDU, and a mutex costs less than a transform per UE.
 */
static struct crypto_shash *enbkey_kdf_tfm;
static DEFINE_MUTEX(enbkey_kdf_lock);

int enbkey_kdf_init(void)
{
	enbkey_kdf_tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(enbkey_kdf_tfm)) {
		int err = PTR_ERR(enbkey_kdf_tfm);

		enbkey_kdf_tfm = NULL;
		return err;
	}
	return 0;
}

void enbkey_kdf_exit(void)
{
	crypto_free_shash(enbkey_kdf_tfm);
	enbkey_kdf_tfm = NULL;
}

/*
 * TS 33.220 B.2.2: derived key = HMAC-SHA-256(Key, S),
 * S = FC || P0 || L0 || P1 || L1 || ... || Pn || Ln, where each Li is the
 * length of Pi in octets as a 16-bit big-endian number.
 */
int enbkey_kdf(const u8 *key, unsigned int key_len, u8 fc,
	       const struct enbkey_kdf_param *params, unsigned int n_params,
	       u8 out[ENBKEY_KDF_OUT_LEN])
{
	static const u8 zero_key[ENBKEY_KENB_LEN];
	SHASH_DESC_ON_STACK(desc, enbkey_kdf_tfm);
	unsigned int i;
	__be16 len;
	int err;

	mutex_lock(&enbkey_kdf_lock);
	desc->tfm = enbkey_kdf_tfm;

	err = crypto_shash_setkey(enbkey_kdf_tfm, key, key_len);
	if (err)
		goto out;
	err = crypto_shash_init(desc);
	if (err)
		goto out;
	err = crypto_shash_update(desc, &fc, 1);
	for (i = 0; !err && i < n_params; i++) {
		len = cpu_to_be16(params[i].len);
		err = crypto_shash_update(desc, params[i].data, params[i].len);
		if (!err)
			err = crypto_shash_update(desc, (u8 *)&len, sizeof(len));
	}
	if (!err)
		err = crypto_shash_final(desc, out);
out:
	/* Neither the descriptor nor the transform may keep key material. */
	shash_desc_zero(desc);
	crypto_shash_setkey(enbkey_kdf_tfm, zero_key, sizeof(zero_key));
	mutex_unlock(&enbkey_kdf_lock);
	if (err)
		memzero_explicit(out, ENBKEY_KDF_OUT_LEN);
	return err;
}

/*
 * TS 33.401 A.7: P0 = algorithm type distinguisher, P1 = algorithm identity;
 * the 128-bit key is the 128 least significant bits of the 256-bit output.
 */
int enbkey_kdf_alg_key(const u8 kenb[ENBKEY_KENB_LEN], u8 alg_type, u8 alg_id,
		       u8 out[ENBKEY_AS_KEY_LEN])
{
	const struct enbkey_kdf_param params[] = {
		{ .data = &alg_type, .len = 1 },
		{ .data = &alg_id, .len = 1 },
	};
	u8 full[ENBKEY_KDF_OUT_LEN];
	int err;

	err = enbkey_kdf(kenb, ENBKEY_KENB_LEN, ENBKEY_FC_ALG_KEY,
			 params, ARRAY_SIZE(params), full);
	if (!err)
		memcpy(out, full + ENBKEY_KDF_OUT_LEN - ENBKEY_AS_KEY_LEN,
		       ENBKEY_AS_KEY_LEN);
	memzero_explicit(full, sizeof(full));
	return err;
}

/*
 * TS 33.401 A.7: KRRCenc and KUPenc use the ciphering algorithm identity,
 * KRRCint and KUPint the integrity algorithm identity.
 */
int enbkey_kdf_as_keys(const u8 kenb[ENBKEY_KENB_LEN], u8 eea, u8 eia,
		       struct enbkey_as_keys *keys)
{
	int err;

	err = enbkey_kdf_alg_key(kenb, ENBKEY_ALG_TYPE_RRC_ENC, eea,
				 keys->rrc_enc);
	if (!err)
		err = enbkey_kdf_alg_key(kenb, ENBKEY_ALG_TYPE_RRC_INT, eia,
					 keys->rrc_int);
	if (!err)
		err = enbkey_kdf_alg_key(kenb, ENBKEY_ALG_TYPE_UP_ENC, eea,
					 keys->up_enc);
	if (!err)
		err = enbkey_kdf_alg_key(kenb, ENBKEY_ALG_TYPE_UP_INT, eia,
					 keys->up_int);
	if (err)
		memzero_explicit(keys, sizeof(*keys));
	return err;
}

/*
 * TS 33.401 A.5: KeNB* = KDF(KeNB or NH, 0x13, P0 = PCI, P1 = EARFCN-DL).
 * L1 is 2 for an EARFCN-DL up to 65535 and 3 above it, so P1 takes as many
 * octets.
 */
int enbkey_kdf_kenb_star(const u8 key[ENBKEY_KENB_LEN], u16 pci, u32 earfcn_dl,
			 u8 out[ENBKEY_KDF_OUT_LEN])
{
	u8 p0[2], p1[4];
	struct enbkey_kdf_param params[] = {
		{ .data = p0, .len = sizeof(p0) },
		{ .data = p1 + 1, .len = 3 },
	};

	put_unaligned_be16(pci, p0);
	put_unaligned_be32(earfcn_dl, p1);
	if (earfcn_dl <= 0xffff) {
		params[1].data = p1 + 2;
		params[1].len = 2;
	}
	return enbkey_kdf(key, ENBKEY_KENB_LEN, ENBKEY_FC_KENB_STAR, params,
			  ARRAY_SIZE(params), out);
}

/* TS 33.401 A.15: S-KeNB = KDF(KeNB, 0x1C, P0 = SCG Counter, 2 octets). */
int enbkey_kdf_s_kenb(const u8 kenb[ENBKEY_KENB_LEN], u16 scg_counter,
		      u8 out[ENBKEY_KDF_OUT_LEN])
{
	u8 p0[2];
	const struct enbkey_kdf_param params[] = {
		{ .data = p0, .len = sizeof(p0) },
	};

	put_unaligned_be16(scg_counter, p0);
	return enbkey_kdf(kenb, ENBKEY_KENB_LEN, ENBKEY_FC_S_KENB, params,
			  ARRAY_SIZE(params), out);
}
