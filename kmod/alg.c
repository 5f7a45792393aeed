// SPDX-License-Identifier: GPL-2.0
/*
 * 128-EEA2 (AES-CTR) and 128-EIA2 (AES-CMAC) of TS 33.401 Annex B, on the
 * crypto API's ctr(aes) and cmac(aes).
 *
 * Transforms are not per UE: a small pool, one slot per possible CPU, each
 * with one ctr(aes) and one cmac(aes) transform, is keyed for the duration
 * of one request and wiped when the request puts it back. Memory therefore
 * does not grow with the number of UEs, and no transform is allocated per
 * PDU.
 */

#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/unaligned.h>
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>

#include "alg.h"

struct enbkey_alg {
	struct mutex lock;	/* one request at a time per slot */
	struct crypto_skcipher *ctr;
	struct skcipher_request *req;
	struct crypto_wait wait;
	struct crypto_shash *cmac;
	/* copies of the keys the transforms hold, to skip setkey in a batch */
	u8 ctr_key[ENBKEY_AS_KEY_LEN];
	u8 cmac_key[ENBKEY_AS_KEY_LEN];
	bool ctr_keyed;
	bool cmac_keyed;
	/* a keystream block must not live on the stack: see enbkey_eea2_tail() */
	u8 block[2 * AES_BLOCK_SIZE];
};

static struct enbkey_alg *enbkey_alg_pool;
static unsigned int enbkey_alg_pool_size;
static const u8 enbkey_alg_zero_key[ENBKEY_AS_KEY_LEN];

static void enbkey_alg_free(struct enbkey_alg *alg)
{
	skcipher_request_free(alg->req);
	crypto_free_skcipher(alg->ctr);
	crypto_free_shash(alg->cmac);
	mutex_destroy(&alg->lock);
}

static int enbkey_alg_alloc(struct enbkey_alg *alg)
{
	mutex_init(&alg->lock);
	crypto_init_wait(&alg->wait);
	alg->ctr = crypto_alloc_skcipher("ctr(aes)", 0, 0);
	if (IS_ERR(alg->ctr))
		return PTR_ERR(alg->ctr);
	alg->req = skcipher_request_alloc(alg->ctr, GFP_KERNEL);
	if (!alg->req)
		return -ENOMEM;
	skcipher_request_set_callback(alg->req, CRYPTO_TFM_REQ_MAY_SLEEP,
				      crypto_req_done, &alg->wait);
	alg->cmac = crypto_alloc_shash("cmac(aes)", 0, 0);
	if (IS_ERR(alg->cmac))
		return PTR_ERR(alg->cmac);
	return 0;
}

int enbkey_alg_init(void)
{
	unsigned int i;
	int err;

	enbkey_alg_pool_size = num_possible_cpus();
	enbkey_alg_pool = kcalloc(enbkey_alg_pool_size,
				  sizeof(*enbkey_alg_pool), GFP_KERNEL);
	if (!enbkey_alg_pool)
		return -ENOMEM;
	for (i = 0; i < enbkey_alg_pool_size; i++) {
		err = enbkey_alg_alloc(&enbkey_alg_pool[i]);
		if (err) {
			/* kcalloc left the pointers of the rest NULL */
			enbkey_alg_pool_size = i + 1;
			enbkey_alg_exit();
			return err;
		}
	}
	return 0;
}

void enbkey_alg_exit(void)
{
	unsigned int i;

	for (i = 0; i < enbkey_alg_pool_size; i++)
		enbkey_alg_free(&enbkey_alg_pool[i]);
	kfree(enbkey_alg_pool);
	enbkey_alg_pool = NULL;
	enbkey_alg_pool_size = 0;
}

/* A slot, locked; the CPU we run on picks it, so contention stays rare. */
struct enbkey_alg *enbkey_alg_get(void)
{
	struct enbkey_alg *alg;

	alg = &enbkey_alg_pool[raw_smp_processor_id() % enbkey_alg_pool_size];
	mutex_lock(&alg->lock);
	return alg;
}

/* Key schedules are key material too: re-key with zeros before unlocking. */
void enbkey_alg_put(struct enbkey_alg *alg)
{
	if (alg->ctr_keyed)
		crypto_skcipher_setkey(alg->ctr, enbkey_alg_zero_key,
				       sizeof(enbkey_alg_zero_key));
	if (alg->cmac_keyed)
		crypto_shash_setkey(alg->cmac, enbkey_alg_zero_key,
				    sizeof(enbkey_alg_zero_key));
	memzero_explicit(alg->ctr_key, sizeof(alg->ctr_key));
	memzero_explicit(alg->cmac_key, sizeof(alg->cmac_key));
	memzero_explicit(alg->block, sizeof(alg->block));
	alg->ctr_keyed = false;
	alg->cmac_keyed = false;
	mutex_unlock(&alg->lock);
}

static int enbkey_alg_ctr_setkey(struct enbkey_alg *alg, const u8 *key)
{
	int err;

	if (alg->ctr_keyed && !crypto_memneq(alg->ctr_key, key, ENBKEY_AS_KEY_LEN))
		return 0;
	err = crypto_skcipher_setkey(alg->ctr, key, ENBKEY_AS_KEY_LEN);
	alg->ctr_keyed = !err;
	if (!err)
		memcpy(alg->ctr_key, key, ENBKEY_AS_KEY_LEN);
	return err;
}

static int enbkey_alg_cmac_setkey(struct enbkey_alg *alg, const u8 *key)
{
	int err;

	if (alg->cmac_keyed &&
	    !crypto_memneq(alg->cmac_key, key, ENBKEY_AS_KEY_LEN))
		return 0;
	err = crypto_shash_setkey(alg->cmac, key, ENBKEY_AS_KEY_LEN);
	alg->cmac_keyed = !err;
	if (!err)
		memcpy(alg->cmac_key, key, ENBKEY_AS_KEY_LEN);
	return err;
}

/*
 * TS 33.401 B.1.3: the initial counter block is
 * COUNT[0..31] || BEARER[0..4] || DIRECTION || 0^26 || 0^64; the last 64
 * bits count the keystream blocks, so block n of the stream starts from n.
 */
static int enbkey_eea2_blocks(struct enbkey_alg *alg, const u8 *key,
			      u32 count, u8 bearer, u8 dir, u64 first_block,
			      u8 *data, unsigned int len)
{
	u8 iv[AES_BLOCK_SIZE] = {};
	struct scatterlist sg;
	int err;

	if (!len)
		return 0;
	err = enbkey_alg_ctr_setkey(alg, key);
	if (err)
		return err;
	put_unaligned_be32(count, iv);
	iv[4] = bearer << 3 | dir << 2;
	put_unaligned_be64(first_block, iv + 8);
	sg_init_one(&sg, data, len);
	skcipher_request_set_crypt(alg->req, &sg, &sg, len, iv);
	return crypto_wait_req(crypto_skcipher_encrypt(alg->req), &alg->wait);
}

/*
 * Ciphers (or deciphers) @bits bits of @data in place. Bits past @bits in
 * the last octet are not part of the message; they come out as zero.
 */
int enbkey_eea2(struct enbkey_alg *alg, const u8 key[ENBKEY_AS_KEY_LEN],
		u32 count, u8 bearer, u8 dir, u8 *data, u32 bits)
{
	unsigned int len = DIV_ROUND_UP(bits, 8);
	int err;

	err = enbkey_eea2_blocks(alg, key, count, bearer, dir, 0, data, len);
	if (!err && bits % 8)
		data[len - 1] &= 0xff << (8 - bits % 8);
	return err;
}

/*
 * Ciphers @len (at most 16) octets that sit at octet @offset of the message,
 * without the octets before them: the MAC-I at the end of a PDU whose
 * payload has been deciphered elsewhere.
 */
int enbkey_eea2_tail(struct enbkey_alg *alg, const u8 key[ENBKEY_AS_KEY_LEN],
		     u32 count, u8 bearer, u8 dir, u32 offset, u8 *data,
		     unsigned int len)
{
	unsigned int skip = offset % AES_BLOCK_SIZE;
	int err;

	if (WARN_ON_ONCE(len > AES_BLOCK_SIZE))
		return -EINVAL;
	memset(alg->block, 0, skip);
	memcpy(alg->block + skip, data, len);
	err = enbkey_eea2_blocks(alg, key, count, bearer, dir,
				 offset / AES_BLOCK_SIZE, alg->block, skip + len);
	if (!err)
		memcpy(data, alg->block + skip, len);
	memzero_explicit(alg->block, sizeof(alg->block));
	return err;
}

/* Doubling in GF(2^128), NIST SP 800-38B 6.1. */
static void enbkey_cmac_dbl(u8 out[AES_BLOCK_SIZE], const u8 in[AES_BLOCK_SIZE])
{
	u8 carry = in[0] >> 7;
	int i;

	for (i = 0; i < AES_BLOCK_SIZE - 1; i++)
		out[i] = in[i] << 1 | in[i + 1] >> 7;
	out[AES_BLOCK_SIZE - 1] = in[AES_BLOCK_SIZE - 1] << 1 ^ (0x87 & -carry);
}

/*
 * cmac(aes) takes whole octets. A message that ends inside an octet is
 * padded here instead, with the 1 bit and zeros up to a whole block; cmac(aes)
 * then sees a complete last block and uses subkey K1 where CMAC wants K2 for
 * a padded one, so K1 ^ K2 is added into that block beforehand. L = AES(K, 0),
 * from which both subkeys come, is the first keystream block of ctr(aes)
 * under a zero counter.
 */
static int enbkey_eia2_partial(struct enbkey_alg *alg, struct shash_desc *desc,
			       const u8 *key, const u8 *iv, const u8 *head,
			       unsigned int head_len, const u8 *msg, u32 bits,
			       u8 out[AES_BLOCK_SIZE])
{
	unsigned int full = 8 + head_len + bits / 8;
	unsigned int len = round_up(full + 1, AES_BLOCK_SIZE);
	u8 k1[AES_BLOCK_SIZE], k2[AES_BLOCK_SIZE];
	u8 *m, *l, *last;
	int err, i;

	m = kzalloc(len + AES_BLOCK_SIZE, GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	l = m + len;
	memcpy(m, iv, 8);
	memcpy(m + 8, head, head_len);
	memcpy(m + 8 + head_len, msg, bits / 8 + 1);
	m[full] &= 0xff << (8 - bits % 8);
	m[full] |= 0x80 >> (bits % 8);

	err = enbkey_eea2_blocks(alg, key, 0, 0, 0, 0, l, AES_BLOCK_SIZE);
	if (err)
		goto out;
	enbkey_cmac_dbl(k1, l);
	enbkey_cmac_dbl(k2, k1);
	last = m + len - AES_BLOCK_SIZE;
	for (i = 0; i < AES_BLOCK_SIZE; i++)
		last[i] ^= k1[i] ^ k2[i];
	err = crypto_shash_digest(desc, m, len, out);
out:
	memzero_explicit(k1, sizeof(k1));
	memzero_explicit(k2, sizeof(k2));
	kfree_sensitive(m);
	return err;
}

/*
 * TS 33.401 B.2.3: MAC-I = the first 32 bits of
 * AES-CMAC(KEY, COUNT[0..31] || BEARER[0..4] || DIRECTION || 0^26 || MESSAGE).
 * MESSAGE is @head (whole octets, the PDCP header) followed by @bits bits of
 * @msg.
 */
int enbkey_eia2(struct enbkey_alg *alg, const u8 key[ENBKEY_AS_KEY_LEN],
		u32 count, u8 bearer, u8 dir, const u8 *head,
		unsigned int head_len, const u8 *msg, u32 bits,
		u8 mac[ENBKEY_MAC_LEN])
{
	SHASH_DESC_ON_STACK(desc, alg->cmac);
	u8 iv[8] = {}, out[AES_BLOCK_SIZE];
	int err;

	err = enbkey_alg_cmac_setkey(alg, key);
	if (err)
		return err;
	put_unaligned_be32(count, iv);
	iv[4] = bearer << 3 | dir << 2;
	desc->tfm = alg->cmac;

	if (bits % 8) {
		err = enbkey_eia2_partial(alg, desc, key, iv, head, head_len,
					  msg, bits, out);
	} else {
		err = crypto_shash_init(desc);
		if (!err)
			err = crypto_shash_update(desc, iv, sizeof(iv));
		if (!err && head_len)
			err = crypto_shash_update(desc, head, head_len);
		if (!err)
			err = crypto_shash_finup(desc, msg, bits / 8, out);
	}
	if (!err)
		memcpy(mac, out, ENBKEY_MAC_LEN);
	shash_desc_zero(desc);
	memzero_explicit(out, sizeof(out));
	return err;
}
