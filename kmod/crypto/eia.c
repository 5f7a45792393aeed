// SPDX-License-Identifier: GPL-2.0
/*
 * The shashes "eia1" (SNOW 3G), "eia2" (AES-CMAC) and "eia3" (ZUC),
 * TS 33.401 B.2. As crypto/vmac.c does with its nonce, the first 8 octets
 * of the data are not message: they are the COUNT/BEARER/DIRECTION block
 * of crypto.h. The digest is MAC-I, 4 octets.
 */

#include <linux/module.h>
#include <crypto/aes.h>
#include <crypto/internal/hash.h>

#include "crypto.h"
#include "snow3g.h"
#include "zuc.h"

struct eia_tfm_ctx {
	u8 key[ENBKEY_CRYPTO_KEY_SIZE];
};

/* The IV block as it arrives; the MAC starts once it is whole and valid. */
struct eia_iv {
	u8 iv[ENBKEY_CRYPTO_IV_SIZE];
	unsigned int len;
	bool bad;
};

struct eia1_desc_ctx {
	struct eia_iv iv;
	struct enbkey_uia2 mac;
};

struct eia3_desc_ctx {
	struct eia_iv iv;
	struct enbkey_eia3 mac;
};

static int eia_setkey(struct crypto_shash *tfm, const u8 *key,
		      unsigned int len)
{
	struct eia_tfm_ctx *ctx = crypto_shash_ctx(tfm);

	if (len != ENBKEY_CRYPTO_KEY_SIZE)
		return -EINVAL;
	memcpy(ctx->key, key, len);
	return 0;
}

static void eia_exit_tfm(struct crypto_shash *tfm)
{
	struct eia_tfm_ctx *ctx = crypto_shash_ctx(tfm);

	memzero_explicit(ctx->key, sizeof(ctx->key));
}

/*
 * Takes the octets of the IV block from the front of the data. Returns 1
 * when the block has just become whole, 0 when more is needed or it was
 * whole already, and -EINVAL, for good, when it is not a valid block.
 */
static int eia_take_iv(struct eia_iv *iv, const u8 **data, unsigned int *len,
		       u32 *count, u8 *bearer, u8 *dir)
{
	unsigned int n;

	if (iv->bad)
		return -EINVAL;
	if (iv->len == ENBKEY_CRYPTO_IV_SIZE)
		return 0;
	n = min(*len, ENBKEY_CRYPTO_IV_SIZE - iv->len);
	memcpy(iv->iv + iv->len, *data, n);
	iv->len += n;
	*data += n;
	*len -= n;
	if (iv->len < ENBKEY_CRYPTO_IV_SIZE)
		return 0;
	if (enbkey_crypto_iv(iv->iv, count, bearer, dir)) {
		iv->bad = true;
		return -EINVAL;
	}
	return 1;
}

static int eia_iv_ready(const struct eia_iv *iv)
{
	return !iv->bad && iv->len == ENBKEY_CRYPTO_IV_SIZE ? 0 : -EINVAL;
}

static int eia1_init(struct shash_desc *desc)
{
	struct eia1_desc_ctx *dctx = shash_desc_ctx(desc);

	memset(&dctx->iv, 0, sizeof(dctx->iv));
	return 0;
}

static int eia1_update(struct shash_desc *desc, const u8 *data,
		       unsigned int len)
{
	const struct eia_tfm_ctx *ctx = crypto_shash_ctx(desc->tfm);
	struct eia1_desc_ctx *dctx = shash_desc_ctx(desc);
	u8 bearer, dir;
	u32 count;
	int ret;

	ret = eia_take_iv(&dctx->iv, &data, &len, &count, &bearer, &dir);
	if (ret < 0)
		return ret;
	/* TS 33.401 B.2.2: UIA2 with FRESH = BEARER || 0^27 */
	if (ret)
		enbkey_eia1_init(&dctx->mac, ctx->key, count, bearer, dir);
	if (len)
		enbkey_uia2_update(&dctx->mac, data, len);
	return 0;
}

static int eia1_final(struct shash_desc *desc, u8 *out)
{
	struct eia1_desc_ctx *dctx = shash_desc_ctx(desc);
	int err = eia_iv_ready(&dctx->iv);

	if (!err)
		enbkey_uia2_final(&dctx->mac, NULL, 0, out);
	memzero_explicit(dctx, sizeof(*dctx));
	return err;
}

static int eia3_init(struct shash_desc *desc)
{
	struct eia3_desc_ctx *dctx = shash_desc_ctx(desc);

	memset(&dctx->iv, 0, sizeof(dctx->iv));
	return 0;
}

static int eia3_update(struct shash_desc *desc, const u8 *data,
		       unsigned int len)
{
	const struct eia_tfm_ctx *ctx = crypto_shash_ctx(desc->tfm);
	struct eia3_desc_ctx *dctx = shash_desc_ctx(desc);
	u8 bearer, dir;
	u32 count;
	int ret;

	ret = eia_take_iv(&dctx->iv, &data, &len, &count, &bearer, &dir);
	if (ret < 0)
		return ret;
	/* TS 33.401 B.2.4 */
	if (ret)
		enbkey_eia3_init(&dctx->mac, ctx->key, count, bearer, dir);
	if (len)
		enbkey_eia3_update(&dctx->mac, data, len);
	return 0;
}

static int eia3_final(struct shash_desc *desc, u8 *out)
{
	struct eia3_desc_ctx *dctx = shash_desc_ctx(desc);
	int err = eia_iv_ready(&dctx->iv);

	if (!err)
		enbkey_eia3_final(&dctx->mac, NULL, 0, out);
	memzero_explicit(dctx, sizeof(*dctx));
	return err;
}

/*
 * 128-EIA2 (TS 33.401 B.2.3) is the first 32 bits of AES-CMAC over
 * COUNT || BEARER || DIRECTION || 0^26 || MESSAGE: cmac(aes) over the data
 * as it stands, the IV block included. The child's descriptor follows ours,
 * so our descsize is set per transform, as crypto/hmac.c does; export and
 * import go through the child rather than copy its tfm pointer.
 */
struct eia2_tfm_ctx {
	struct crypto_shash *cmac;
};

struct eia2_desc_ctx {
	struct eia_iv iv;
	struct shash_desc cmac;		/* must be last */
};

#define EIA2_CMAC_STATE_MAX	128

struct eia2_state {
	struct eia_iv iv;
	u8 cmac[EIA2_CMAC_STATE_MAX];
};

static int eia2_init_tfm(struct crypto_shash *tfm)
{
	struct eia2_tfm_ctx *ctx = crypto_shash_ctx(tfm);
	struct crypto_shash *cmac;

	cmac = crypto_alloc_shash("cmac(aes)", 0, 0);
	if (IS_ERR(cmac))
		return PTR_ERR(cmac);
	if (crypto_shash_statesize(cmac) > EIA2_CMAC_STATE_MAX) {
		crypto_free_shash(cmac);
		return -EINVAL;
	}
	ctx->cmac = cmac;
	tfm->descsize = sizeof(struct eia2_desc_ctx) +
			crypto_shash_descsize(cmac);
	return 0;
}

static void eia2_exit_tfm(struct crypto_shash *tfm)
{
	struct eia2_tfm_ctx *ctx = crypto_shash_ctx(tfm);

	/* the child's key schedule is freed with kfree_sensitive() */
	crypto_free_shash(ctx->cmac);
}

static int eia2_setkey(struct crypto_shash *tfm, const u8 *key,
		       unsigned int len)
{
	struct eia2_tfm_ctx *ctx = crypto_shash_ctx(tfm);

	/* 128-EIA2 is AES-128 only */
	if (len != ENBKEY_CRYPTO_KEY_SIZE)
		return -EINVAL;
	return crypto_shash_setkey(ctx->cmac, key, len);
}

static int eia2_init(struct shash_desc *desc)
{
	struct eia2_tfm_ctx *ctx = crypto_shash_ctx(desc->tfm);
	struct eia2_desc_ctx *dctx = shash_desc_ctx(desc);

	memset(&dctx->iv, 0, sizeof(dctx->iv));
	dctx->cmac.tfm = ctx->cmac;
	return crypto_shash_init(&dctx->cmac);
}

static int eia2_update(struct shash_desc *desc, const u8 *data,
		       unsigned int len)
{
	struct eia2_desc_ctx *dctx = shash_desc_ctx(desc);
	const u8 *rest = data;
	unsigned int n = len;
	u8 bearer, dir;
	u32 count;
	int ret;

	/* only to check the block: cmac(aes) takes it with the message */
	ret = eia_take_iv(&dctx->iv, &rest, &n, &count, &bearer, &dir);
	if (ret < 0)
		return ret;
	return crypto_shash_update(&dctx->cmac, data, len);
}

static int eia2_final(struct shash_desc *desc, u8 *out)
{
	struct eia2_desc_ctx *dctx = shash_desc_ctx(desc);
	u8 mac[AES_BLOCK_SIZE];
	int err = eia_iv_ready(&dctx->iv);

	if (!err)
		err = crypto_shash_final(&dctx->cmac, mac);
	if (!err)
		memcpy(out, mac, ENBKEY_CRYPTO_MAC_SIZE);
	memzero_explicit(mac, sizeof(mac));
	shash_desc_zero(&dctx->cmac);
	memzero_explicit(&dctx->iv, sizeof(dctx->iv));
	return err;
}

static int eia2_export(struct shash_desc *desc, void *out)
{
	struct eia2_desc_ctx *dctx = shash_desc_ctx(desc);
	struct eia2_state *state = out;

	state->iv = dctx->iv;
	return crypto_shash_export(&dctx->cmac, state->cmac);
}

static int eia2_import(struct shash_desc *desc, const void *in)
{
	struct eia2_tfm_ctx *ctx = crypto_shash_ctx(desc->tfm);
	struct eia2_desc_ctx *dctx = shash_desc_ctx(desc);
	const struct eia2_state *state = in;

	dctx->iv = state->iv;
	dctx->cmac.tfm = ctx->cmac;
	return crypto_shash_import(&dctx->cmac, state->cmac);
}

static struct shash_alg eia_algs[] = {
	{
		.base.cra_name		= "eia1",
		.base.cra_driver_name	= "eia1-generic",
		.base.cra_priority	= 100,
		.base.cra_blocksize	= 8,	/* UIA2 works on 64-bit blocks */
		.base.cra_ctxsize	= sizeof(struct eia_tfm_ctx),
		.base.cra_module	= THIS_MODULE,

		.digestsize		= ENBKEY_CRYPTO_MAC_SIZE,
		.descsize		= sizeof(struct eia1_desc_ctx),
		.setkey			= eia_setkey,
		.init			= eia1_init,
		.update			= eia1_update,
		.final			= eia1_final,
		.exit_tfm		= eia_exit_tfm,
	}, {
		.base.cra_name		= "eia2",
		.base.cra_driver_name	= "eia2-generic",
		.base.cra_priority	= 100,
		.base.cra_blocksize	= AES_BLOCK_SIZE,
		.base.cra_ctxsize	= sizeof(struct eia2_tfm_ctx),
		.base.cra_module	= THIS_MODULE,

		.digestsize		= ENBKEY_CRYPTO_MAC_SIZE,
		/* grown per transform by eia2_init_tfm() */
		.descsize		= sizeof(struct eia2_desc_ctx),
		.statesize		= sizeof(struct eia2_state),
		.setkey			= eia2_setkey,
		.init			= eia2_init,
		.update			= eia2_update,
		.final			= eia2_final,
		.export			= eia2_export,
		.import			= eia2_import,
		.init_tfm		= eia2_init_tfm,
		.exit_tfm		= eia2_exit_tfm,
	}, {
		.base.cra_name		= "eia3",
		.base.cra_driver_name	= "eia3-generic",
		.base.cra_priority	= 100,
		.base.cra_blocksize	= 4,	/* 128-EIA3 works on 32-bit words */
		.base.cra_ctxsize	= sizeof(struct eia_tfm_ctx),
		.base.cra_module	= THIS_MODULE,

		.digestsize		= ENBKEY_CRYPTO_MAC_SIZE,
		.descsize		= sizeof(struct eia3_desc_ctx),
		.setkey			= eia_setkey,
		.init			= eia3_init,
		.update			= eia3_update,
		.final			= eia3_final,
		.exit_tfm		= eia_exit_tfm,
	},
};

int enbkey_eia_register(void)
{
	return crypto_register_shashes(eia_algs, ARRAY_SIZE(eia_algs));
}

void enbkey_eia_unregister(void)
{
	crypto_unregister_shashes(eia_algs, ARRAY_SIZE(eia_algs));
}

MODULE_ALIAS_CRYPTO("eia1");
MODULE_ALIAS_CRYPTO("eia1-generic");
MODULE_ALIAS_CRYPTO("eia2");
MODULE_ALIAS_CRYPTO("eia2-generic");
MODULE_ALIAS_CRYPTO("eia3");
MODULE_ALIAS_CRYPTO("eia3-generic");
