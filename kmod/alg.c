// SPDX-License-Identifier: GPL-2.0
/*
 * EEA0..3 and EIA0..3 of TS 33.401 Annex B for PDCP, through the crypto API
 * algorithms "eea1", "eea3" and "eia1".."eia3" (kmod/crypto/), so that a
 * faster driver registered later serves PDCP too. 128-EEA2 runs on
 * "ctr(aes)" itself: its fast drivers (AES-NI) are asynchronous, which the
 * synchronous "eea2" wrapper cannot use.
 *
 * Transforms are not per UE: a small pool, one slot per possible CPU, each
 * with one transform of every algorithm, is keyed for the duration of one
 * request and re-keyed with zeros when the request puts it back. Memory
 * therefore does not grow with the number of UEs, and no transform is
 * allocated per PDU.
 */

#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>

#include "alg.h"
#include "crypto/crypto.h"

/* A transform and the key it holds, so that a batch sets it once. */
struct enbkey_alg_key {
	u8 key[ENBKEY_AS_KEY_LEN];
	bool keyed;
};

struct enbkey_alg {
	struct mutex lock;	/* one request at a time per slot */
	struct crypto_wait wait;
	/* index: the algorithm identity; EEA0 and EIA0 need none */
	struct crypto_skcipher *eea[ENBKEY_ALG_MAX + 1];
	struct skcipher_request *req[ENBKEY_ALG_MAX + 1];
	struct crypto_shash *eia[ENBKEY_ALG_MAX + 1];
	struct enbkey_alg_key eea_key[ENBKEY_ALG_MAX + 1];
	struct enbkey_alg_key eia_key[ENBKEY_ALG_MAX + 1];
	/* what a scatterlist points at must not be on the stack */
	u8 iv[AES_BLOCK_SIZE];
	u8 tail[ENBKEY_MAC_LEN];
};

static struct enbkey_alg *enbkey_alg_pool;
static unsigned int enbkey_alg_pool_size;
static const u8 enbkey_alg_zero_key[ENBKEY_AS_KEY_LEN];

static const char *const enbkey_alg_eea_names[] = {
	[1] = "eea1", [2] = "ctr(aes)", [3] = "eea3",
};

static const char *const enbkey_alg_eia_names[] = {
	[1] = "eia1", [2] = "eia2", [3] = "eia3",
};

/*
 * A transform holds a reference on the module of its algorithm. Those of
 * the pool, when the algorithm is this module's own (kmod/crypto/), would
 * pin the module until its exit, which could then never run: the pool
 * gives that reference back as it takes it, and takes it again just
 * before it frees the transform.
 */
static void enbkey_alg_unpin(const struct crypto_alg *alg)
{
	if (alg->cra_module == THIS_MODULE)
		module_put(THIS_MODULE);
}

static void enbkey_alg_repin(const struct crypto_alg *alg)
{
	if (alg->cra_module == THIS_MODULE)
		__module_get(THIS_MODULE);
}

static void enbkey_alg_free(struct enbkey_alg *alg)
{
	int i;

	for (i = 1; i <= ENBKEY_ALG_MAX; i++) {
		skcipher_request_free(alg->req[i]);
		if (!IS_ERR_OR_NULL(alg->eea[i])) {
			enbkey_alg_repin(&crypto_skcipher_alg(alg->eea[i])->base);
			crypto_free_skcipher(alg->eea[i]);
		}
		if (!IS_ERR_OR_NULL(alg->eia[i])) {
			enbkey_alg_repin(&crypto_shash_alg(alg->eia[i])->base);
			crypto_free_shash(alg->eia[i]);
		}
	}
	mutex_destroy(&alg->lock);
}

static int enbkey_alg_alloc(struct enbkey_alg *alg)
{
	int i;

	mutex_init(&alg->lock);
	crypto_init_wait(&alg->wait);
	for (i = 1; i <= ENBKEY_ALG_MAX; i++) {
		alg->eea[i] = crypto_alloc_skcipher(enbkey_alg_eea_names[i], 0, 0);
		if (IS_ERR(alg->eea[i]))
			return PTR_ERR(alg->eea[i]);
		enbkey_alg_unpin(&crypto_skcipher_alg(alg->eea[i])->base);
		alg->req[i] = skcipher_request_alloc(alg->eea[i], GFP_KERNEL);
		if (!alg->req[i])
			return -ENOMEM;
		skcipher_request_set_callback(alg->req[i],
					      CRYPTO_TFM_REQ_MAY_SLEEP,
					      crypto_req_done, &alg->wait);
		alg->eia[i] = crypto_alloc_shash(enbkey_alg_eia_names[i], 0, 0);
		if (IS_ERR(alg->eia[i]))
			return PTR_ERR(alg->eia[i]);
		enbkey_alg_unpin(&crypto_shash_alg(alg->eia[i])->base);
	}
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
	int i;

	for (i = 1; i <= ENBKEY_ALG_MAX; i++) {
		if (alg->eea_key[i].keyed)
			crypto_skcipher_setkey(alg->eea[i], enbkey_alg_zero_key,
					       sizeof(enbkey_alg_zero_key));
		if (alg->eia_key[i].keyed)
			crypto_shash_setkey(alg->eia[i], enbkey_alg_zero_key,
					    sizeof(enbkey_alg_zero_key));
	}
	memzero_explicit(alg->eea_key, sizeof(alg->eea_key));
	memzero_explicit(alg->eia_key, sizeof(alg->eia_key));
	mutex_unlock(&alg->lock);
}

/* Whether @k already holds @key; if not, @k is to be keyed with it. */
static bool enbkey_alg_has_key(struct enbkey_alg_key *k, const u8 *key)
{
	return k->keyed && !crypto_memneq(k->key, key, ENBKEY_AS_KEY_LEN);
}

static void enbkey_alg_keyed(struct enbkey_alg_key *k, const u8 *key, int err)
{
	k->keyed = !err;
	if (!err)
		memcpy(k->key, key, ENBKEY_AS_KEY_LEN);
}

/*
 * TS 33.401 B.1: ciphers (or deciphers) @len octets of @data in place and,
 * as the continuation of the same keystream, @tail_len octets at @tail:
 * the MAC-I of an uplink PDU, which is not next to its payload here. EEA0
 * leaves both as they are.
 */
int enbkey_alg_eea(struct enbkey_alg *alg, u8 eea,
		   const u8 key[ENBKEY_AS_KEY_LEN], u32 count, u8 bearer,
		   u8 dir, u8 *data, u32 len, u8 *tail, u32 tail_len)
{
	struct enbkey_alg_key *k = &alg->eea_key[eea];
	struct scatterlist sg[2], *first = sg;
	int err;

	if (!eea || !(len + tail_len))
		return 0;
	if (WARN_ON_ONCE(eea > ENBKEY_ALG_MAX || tail_len > sizeof(alg->tail)))
		return -EINVAL;
	if (!enbkey_alg_has_key(k, key)) {
		err = crypto_skcipher_setkey(alg->eea[eea], key,
					     ENBKEY_AS_KEY_LEN);
		enbkey_alg_keyed(k, key, err);
		if (err)
			return err;
	}
	/* TS 33.401 B.1.3: for ctr(aes), the block counter follows, from 0 */
	memset(alg->iv, 0, sizeof(alg->iv));
	enbkey_crypto_make_iv(alg->iv, count, bearer, dir);
	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], data, len);
	sg_set_buf(&sg[1], alg->tail, tail_len);
	memcpy(alg->tail, tail, tail_len);
	if (!tail_len)
		sg_mark_end(&sg[0]);
	else if (!len)
		first = &sg[1];
	skcipher_request_set_crypt(alg->req[eea], first, first, len + tail_len,
				   alg->iv);
	err = crypto_wait_req(crypto_skcipher_encrypt(alg->req[eea]),
			      &alg->wait);
	if (!err)
		memcpy(tail, alg->tail, tail_len);
	memzero_explicit(alg->tail, sizeof(alg->tail));
	return err;
}

/*
 * TS 33.401 B.2: MAC-I over @head and @msg, whole octets: the PDCP header
 * and the payload (TS 36.323 5.7). EIA0 gives 32 zero bits (5.1.4.1).
 */
int enbkey_alg_eia(struct enbkey_alg *alg, u8 eia,
		   const u8 key[ENBKEY_AS_KEY_LEN], u32 count, u8 bearer,
		   u8 dir, const u8 *head, u32 head_len, const u8 *msg,
		   u32 len, u8 mac[ENBKEY_MAC_LEN])
{
	struct enbkey_alg_key *k = &alg->eia_key[eia];
	struct crypto_shash *tfm;
	u8 iv[ENBKEY_CRYPTO_IV_SIZE];
	int err;

	if (!eia) {
		memset(mac, 0, ENBKEY_MAC_LEN);
		return 0;
	}
	if (WARN_ON_ONCE(eia > ENBKEY_ALG_MAX))
		return -EINVAL;
	tfm = alg->eia[eia];
	if (!enbkey_alg_has_key(k, key)) {
		err = crypto_shash_setkey(tfm, key, ENBKEY_AS_KEY_LEN);
		enbkey_alg_keyed(k, key, err);
		if (err)
			return err;
	}
	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		enbkey_crypto_make_iv(iv, count, bearer, dir);
		err = crypto_shash_init(desc);
		if (!err)
			err = crypto_shash_update(desc, iv, sizeof(iv));
		if (!err && head_len)
			err = crypto_shash_update(desc, head, head_len);
		if (!err)
			err = crypto_shash_finup(desc, msg, len, mac);
		shash_desc_zero(desc);
	}
	return err;
}
