// SPDX-License-Identifier: GPL-2.0
/*
 * The skciphers "eea1" (SNOW 3G), "eea2" (AES-CTR) and "eea3" (ZUC),
 * TS 33.401 B.1. The 8-octet IV is the COUNT/BEARER/DIRECTION block of
 * crypto.h; the keystream starts afresh with every request.
 */

#include <linux/module.h>
#include <crypto/aes.h>
#include <crypto/internal/skcipher.h>

#include "crypto.h"
#include "snow3g.h"
#include "zuc.h"

struct eea_ctx {
	u8 key[ENBKEY_CRYPTO_KEY_SIZE];
};

struct eea2_ctx {
	struct crypto_skcipher *ctr;
};

static int eea_setkey(struct crypto_skcipher *tfm, const u8 *key,
		      unsigned int len)
{
	struct eea_ctx *ctx = crypto_skcipher_ctx(tfm);

	if (len != ENBKEY_CRYPTO_KEY_SIZE)
		return -EINVAL;
	memcpy(ctx->key, key, len);
	return 0;
}

static void eea_exit_tfm(struct crypto_skcipher *tfm)
{
	struct eea_ctx *ctx = crypto_skcipher_ctx(tfm);

	memzero_explicit(ctx->key, sizeof(ctx->key));
}

/* As crypto/chacha_generic.c: whole keystream blocks but for the last step. */
static int eea_crypt(struct skcipher_request *req, bool zuc)
{
	const struct eea_ctx *ctx =
		crypto_skcipher_ctx(crypto_skcipher_reqtfm(req));
	union {
		struct enbkey_snow3g snow3g;
		struct enbkey_zuc zuc;
	} st;
	struct skcipher_walk walk;
	u8 bearer, dir;
	u32 count;
	int err;

	err = enbkey_crypto_iv(req->iv, &count, &bearer, &dir);
	if (err)
		return err;
	err = skcipher_walk_virt(&walk, req, false);
	/* TS 33.401 B.1.2 (UEA2 IV) and B.1.4 (128-EEA3 IV) */
	if (zuc)
		enbkey_eea3_init(&st.zuc, ctx->key, count, bearer, dir);
	else
		enbkey_uea2_init(&st.snow3g, ctx->key, count, bearer, dir);
	while (walk.nbytes) {
		unsigned int n = walk.nbytes;

		if (n < walk.total)
			n = round_down(n, ENBKEY_SNOW3G_BLOCK_SIZE);
		if (zuc)
			enbkey_zuc_xor(&st.zuc, walk.dst.virt.addr,
				       walk.src.virt.addr, n);
		else
			enbkey_snow3g_xor(&st.snow3g, walk.dst.virt.addr,
					  walk.src.virt.addr, n);
		err = skcipher_walk_done(&walk, walk.nbytes - n);
	}
	memzero_explicit(&st, sizeof(st));
	return err;
}

static int eea1_crypt(struct skcipher_request *req)
{
	return eea_crypt(req, false);
}

static int eea3_crypt(struct skcipher_request *req)
{
	return eea_crypt(req, true);
}

/*
 * 128-EEA2 on a ctr(aes) child, kept synchronous so that "eea2" is too.
 * The request context holds the child's request.
 */
static int eea2_init_tfm(struct crypto_skcipher *tfm)
{
	struct eea2_ctx *ctx = crypto_skcipher_ctx(tfm);
	struct crypto_skcipher *ctr;

	ctr = crypto_alloc_skcipher("ctr(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(ctr))
		return PTR_ERR(ctr);
	ctx->ctr = ctr;
	crypto_skcipher_set_reqsize(tfm, sizeof(struct skcipher_request) +
				    crypto_skcipher_reqsize(ctr));
	return 0;
}

static void eea2_exit_tfm(struct crypto_skcipher *tfm)
{
	struct eea2_ctx *ctx = crypto_skcipher_ctx(tfm);

	/* the child's key schedule is freed with kfree_sensitive() */
	crypto_free_skcipher(ctx->ctr);
}

static int eea2_setkey(struct crypto_skcipher *tfm, const u8 *key,
		       unsigned int len)
{
	struct eea2_ctx *ctx = crypto_skcipher_ctx(tfm);

	/* 128-EEA2 is AES-128 only */
	if (len != ENBKEY_CRYPTO_KEY_SIZE)
		return -EINVAL;
	crypto_skcipher_clear_flags(ctx->ctr, CRYPTO_TFM_REQ_MASK);
	crypto_skcipher_set_flags(ctx->ctr, crypto_skcipher_get_flags(tfm) &
				  CRYPTO_TFM_REQ_MASK);
	return crypto_skcipher_setkey(ctx->ctr, key, len);
}

/*
 * TS 33.401 B.1.3: the first counter block is
 * COUNT || BEARER || DIRECTION || 0^26 || 0^64.
 */
static int eea2_crypt(struct skcipher_request *req)
{
	struct eea2_ctx *ctx = crypto_skcipher_ctx(crypto_skcipher_reqtfm(req));
	struct skcipher_request *sub = skcipher_request_ctx(req);
	u8 iv[AES_BLOCK_SIZE];
	u8 bearer, dir;
	u32 count;
	int err;

	err = enbkey_crypto_iv(req->iv, &count, &bearer, &dir);
	if (err)
		return err;
	memcpy(iv, req->iv, ENBKEY_CRYPTO_IV_SIZE);
	memset(iv + ENBKEY_CRYPTO_IV_SIZE, 0, sizeof(iv) - ENBKEY_CRYPTO_IV_SIZE);
	skcipher_request_set_tfm(sub, ctx->ctr);
	skcipher_request_set_callback(sub, req->base.flags, NULL, NULL);
	skcipher_request_set_crypt(sub, req->src, req->dst, req->cryptlen, iv);
	err = crypto_skcipher_encrypt(sub);
	skcipher_request_zero(sub);
	return err;
}

static struct skcipher_alg eea_algs[] = {
	{
		.base.cra_name		= "eea1",
		.base.cra_driver_name	= "eea1-generic",
		.base.cra_priority	= 100,
		.base.cra_blocksize	= 1,
		.base.cra_ctxsize	= sizeof(struct eea_ctx),
		.base.cra_module	= THIS_MODULE,

		.min_keysize		= ENBKEY_CRYPTO_KEY_SIZE,
		.max_keysize		= ENBKEY_CRYPTO_KEY_SIZE,
		.ivsize			= ENBKEY_CRYPTO_IV_SIZE,
		.chunksize		= ENBKEY_SNOW3G_BLOCK_SIZE,
		.setkey			= eea_setkey,
		.encrypt		= eea1_crypt,
		.decrypt		= eea1_crypt,
		.exit			= eea_exit_tfm,
	}, {
		.base.cra_name		= "eea2",
		.base.cra_driver_name	= "eea2-generic",
		.base.cra_priority	= 100,
		.base.cra_blocksize	= 1,
		.base.cra_ctxsize	= sizeof(struct eea2_ctx),
		.base.cra_module	= THIS_MODULE,

		.min_keysize		= ENBKEY_CRYPTO_KEY_SIZE,
		.max_keysize		= ENBKEY_CRYPTO_KEY_SIZE,
		.ivsize			= ENBKEY_CRYPTO_IV_SIZE,
		.chunksize		= AES_BLOCK_SIZE,
		.setkey			= eea2_setkey,
		.encrypt		= eea2_crypt,
		.decrypt		= eea2_crypt,
		.init			= eea2_init_tfm,
		.exit			= eea2_exit_tfm,
	}, {
		.base.cra_name		= "eea3",
		.base.cra_driver_name	= "eea3-generic",
		.base.cra_priority	= 100,
		.base.cra_blocksize	= 1,
		.base.cra_ctxsize	= sizeof(struct eea_ctx),
		.base.cra_module	= THIS_MODULE,

		.min_keysize		= ENBKEY_CRYPTO_KEY_SIZE,
		.max_keysize		= ENBKEY_CRYPTO_KEY_SIZE,
		.ivsize			= ENBKEY_CRYPTO_IV_SIZE,
		.chunksize		= ENBKEY_ZUC_BLOCK_SIZE,
		.setkey			= eea_setkey,
		.encrypt		= eea3_crypt,
		.decrypt		= eea3_crypt,
		.exit			= eea_exit_tfm,
	},
};

int enbkey_eea_register(void)
{
	BUILD_BUG_ON(ENBKEY_SNOW3G_BLOCK_SIZE != ENBKEY_ZUC_BLOCK_SIZE);
	return crypto_register_skciphers(eea_algs, ARRAY_SIZE(eea_algs));
}

void enbkey_eea_unregister(void)
{
	crypto_unregister_skciphers(eea_algs, ARRAY_SIZE(eea_algs));
}

MODULE_ALIAS_CRYPTO("eea1");
MODULE_ALIAS_CRYPTO("eea1-generic");
MODULE_ALIAS_CRYPTO("eea2");
MODULE_ALIAS_CRYPTO("eea2-generic");
MODULE_ALIAS_CRYPTO("eea3");
MODULE_ALIAS_CRYPTO("eea3-generic");
