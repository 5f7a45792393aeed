// SPDX-License-Identifier: GPL-2.0
/*
 * Registration of the EEA and EIA algorithms, behind known-answer tests:
 * the cores must reproduce a published set of each of 128-EEA1, 128-EIA1,
 * 128-EEA3 and 128-EIA3, bit lengths included, before anything is
 * registered; once registered, all six algorithms must reproduce one
 * through the crypto API, or they are unregistered again. A failure names
 * the algorithm, never a key.
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>

#include "crypto.h"
#include "snow3g.h"
#include "zuc.h"

struct crypto_kat {
	const char *alg;
	const u8 *key;
	u32 count;
	u8 bearer;
	u8 dir;
	u32 bits;
	const u8 *in;
	const u8 *out;		/* ciphertext, or MAC-I */
};

/* TS 33.401 C.3 test set 1; C.1 test set 1 has the same inputs. */
static const u8 kat_c1c3_key[] = {
	0xd3, 0xc5, 0xd5, 0x92, 0x32, 0x7f, 0xb1, 0x1c,
	0x40, 0x35, 0xc6, 0x68, 0x0a, 0xf8, 0xc6, 0xd1,
};

static const u8 kat_c1c3_in[] = {
	0x98, 0x1b, 0xa6, 0x82, 0x4c, 0x1b, 0xfb, 0x1a,
	0xb4, 0x85, 0x47, 0x20, 0x29, 0xb7, 0x1d, 0x80,
	0x8c, 0xe3, 0x3e, 0x2c, 0xc3, 0xc0, 0xb5, 0xfc,
	0x1f, 0x3d, 0xe8, 0xa6, 0xdc, 0x66, 0xb1, 0xf0,
};

static const u8 kat_eea1_out[] = {
	0x5d, 0x5b, 0xfe, 0x75, 0xeb, 0x04, 0xf6, 0x8c,
	0xe0, 0xa1, 0x23, 0x77, 0xea, 0x00, 0xb3, 0x7d,
	0x47, 0xc6, 0xa0, 0xba, 0x06, 0x30, 0x91, 0x55,
	0x08, 0x6a, 0x85, 0x9c, 0x43, 0x41, 0xb3, 0x78,
};

static const u8 kat_eea2_out[] = {
	0xe9, 0xfe, 0xd8, 0xa6, 0x3d, 0x15, 0x53, 0x04,
	0xd7, 0x1d, 0xf2, 0x0b, 0xf3, 0xe8, 0x22, 0x14,
	0xb2, 0x0e, 0xd7, 0xda, 0xd2, 0xf2, 0x33, 0xdc,
	0x3c, 0x22, 0xd7, 0xbd, 0xee, 0xed, 0x8e, 0x78,
};

/* TS 33.401 C.4 test set 1 */
static const u8 kat_eia1_key[] = {
	0x2b, 0xd6, 0x45, 0x9f, 0x82, 0xc5, 0xb3, 0x00,
	0x95, 0x2c, 0x49, 0x10, 0x48, 0x81, 0xff, 0x48,
};

static const u8 kat_eia1_in[] = {
	0x33, 0x32, 0x34, 0x62, 0x63, 0x39, 0x38, 0x61, 0x37, 0x34, 0x79,
};

static const u8 kat_eia1_out[] = { 0x73, 0x1f, 0x11, 0x65 };

/* TS 33.401 C.2 test set 2 */
static const u8 kat_eia2_in[] = {
	0x48, 0x45, 0x83, 0xd5, 0xaf, 0xe0, 0x82, 0xae,
};

static const u8 kat_eia2_out[] = { 0xb9, 0x37, 0x87, 0xe6 };

/* EEA3/EIA3 document 3 (implementors' test data), 128-EEA3 test set 1 */
static const u8 kat_eea3_key[] = {
	0x17, 0x3d, 0x14, 0xba, 0x50, 0x03, 0x73, 0x1d,
	0x7a, 0x60, 0x04, 0x94, 0x70, 0xf0, 0x0a, 0x29,
};

static const u8 kat_eea3_in[] = {
	0x6c, 0xf6, 0x53, 0x40, 0x73, 0x55, 0x52, 0xab,
	0x0c, 0x97, 0x52, 0xfa, 0x6f, 0x90, 0x25, 0xfe,
	0x0b, 0xd6, 0x75, 0xd9, 0x00, 0x58, 0x75, 0xb2,
	0x00,
};

static const u8 kat_eea3_out[] = {
	0xa6, 0xc8, 0x5f, 0xc6, 0x6a, 0xfb, 0x85, 0x33,
	0xaa, 0xfc, 0x25, 0x18, 0xdf, 0xe7, 0x84, 0x94,
	0x0e, 0xe1, 0xe4, 0xb0, 0x30, 0x23, 0x8c, 0xc8,
	0x00,
};

/* The same document, 128-EIA3 test set 2: a message of 90 zero bits */
static const u8 kat_eia3_key[] = {
	0x47, 0x05, 0x41, 0x25, 0x56, 0x1e, 0xb2, 0xdd,
	0xa9, 0x40, 0x59, 0xda, 0x05, 0x09, 0x78, 0x50,
};

static const u8 kat_eia3_in[12];

static const u8 kat_eia3_out[] = { 0x67, 0x19, 0xa0, 0x88 };

static const struct crypto_kat kat_eea1 = {
	"eea1", kat_c1c3_key, 0x398a59b4, 0x15, 1, 253, kat_c1c3_in, kat_eea1_out,
};

static const struct crypto_kat kat_eea2 = {
	"eea2", kat_c1c3_key, 0x398a59b4, 0x15, 1, 253, kat_c1c3_in, kat_eea2_out,
};

static const struct crypto_kat kat_eea3 = {
	"eea3", kat_eea3_key, 0x66035492, 0xf, 0, 193, kat_eea3_in, kat_eea3_out,
};

static const struct crypto_kat kat_eia1 = {
	"eia1", kat_eia1_key, 0x38a6f056, 0x1f, 0, 88, kat_eia1_in, kat_eia1_out,
};

static const struct crypto_kat kat_eia2 = {
	"eia2", kat_c1c3_key, 0x398a59b4, 0x1a, 1, 64, kat_eia2_in, kat_eia2_out,
};

static const struct crypto_kat kat_eia3 = {
	"eia3", kat_eia3_key, 0x561eb2dd, 0x14, 0, 90, kat_eia3_in, kat_eia3_out,
};

static int selftest_fail(const char *alg, const char *how, int err)
{
	pr_err("%s self-test failed %s (%d); no EEA/EIA algorithm is registered\n",
	       alg, how, err);
	return err;
}

/* The cores, on the published sets as they stand: bit lengths. */
static int selftest_cores(void)
{
	static const struct crypto_kat *const eea[] = { &kat_eea1, &kat_eea3 };
	static const struct crypto_kat *const eia[] = { &kat_eia1, &kat_eia3 };
	u8 buf[32], mac[ENBKEY_CRYPTO_MAC_SIZE];
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(eea) && !err; i++) {
		const struct crypto_kat *v = eea[i];

		if (v == &kat_eea1)
			enbkey_eea1(v->key, v->count, v->bearer, v->dir, buf,
				    v->in, v->bits);
		else
			enbkey_eea3(v->key, v->count, v->bearer, v->dir, buf,
				    v->in, v->bits);
		if (memcmp(buf, v->out, DIV_ROUND_UP(v->bits, 8)))
			err = selftest_fail(v->alg, "on the published set",
					    -EBADMSG);
	}
	for (i = 0; i < ARRAY_SIZE(eia) && !err; i++) {
		const struct crypto_kat *v = eia[i];

		if (v == &kat_eia1)
			enbkey_eia1(v->key, v->count, v->bearer, v->dir, v->in,
				    v->bits, mac);
		else
			enbkey_eia3(v->key, v->count, v->bearer, v->dir, v->in,
				    v->bits, mac);
		if (memcmp(mac, v->out, sizeof(mac)))
			err = selftest_fail(v->alg, "on the published set",
					    -EBADMSG);
	}
	memzero_explicit(buf, sizeof(buf));
	return err;
}

/* An skcipher, by its driver name, on the whole octets of a set. */
static int selftest_skcipher(const struct crypto_kat *v)
{
	unsigned int len = v->bits / 8;
	struct crypto_skcipher *tfm;
	struct skcipher_request *req;
	u8 iv[ENBKEY_CRYPTO_IV_SIZE];
	char driver[CRYPTO_MAX_ALG_NAME];
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	u8 *buf;
	int err;

	snprintf(driver, sizeof(driver), "%s-generic", v->alg);
	tfm = crypto_alloc_skcipher(driver, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = -ENOMEM;
	/* a copy: the tables of a module may not be in the linear map */
	buf = kmemdup(v->in, len, GFP_KERNEL);
	req = skcipher_request_alloc(tfm, GFP_KERNEL);
	if (!buf || !req)
		goto out;
	enbkey_crypto_make_iv(iv, v->count, v->bearer, v->dir);
	sg_init_one(&sg, buf, len);
	skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
				      crypto_req_done, &wait);
	skcipher_request_set_crypt(req, &sg, &sg, len, iv);
	err = crypto_skcipher_setkey(tfm, v->key, ENBKEY_CRYPTO_KEY_SIZE);
	if (!err)
		err = crypto_wait_req(crypto_skcipher_encrypt(req), &wait);
	if (!err && memcmp(buf, v->out, len))
		err = -EBADMSG;
out:
	skcipher_request_free(req);
	kfree_sensitive(buf);
	crypto_free_skcipher(tfm);
	return err;
}

/* An shash, by its driver name: MAC-I of the IV block and the message. */
static int selftest_shash(const struct crypto_kat *v, const u8 *msg,
			  unsigned int len, const u8 *mac)
{
	u8 out[ENBKEY_CRYPTO_MAC_SIZE];
	char driver[CRYPTO_MAX_ALG_NAME];
	struct crypto_shash *tfm;
	u8 *buf;
	int err;

	snprintf(driver, sizeof(driver), "%s-generic", v->alg);
	tfm = crypto_alloc_shash(driver, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	buf = kmalloc(ENBKEY_CRYPTO_IV_SIZE + len, GFP_KERNEL);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	enbkey_crypto_make_iv(buf, v->count, v->bearer, v->dir);
	memcpy(buf + ENBKEY_CRYPTO_IV_SIZE, msg, len);
	err = crypto_shash_setkey(tfm, v->key, ENBKEY_CRYPTO_KEY_SIZE);
	if (!err)
		err = crypto_shash_tfm_digest(tfm, buf,
					      ENBKEY_CRYPTO_IV_SIZE + len, out);
	if (!err && memcmp(out, mac, sizeof(out)))
		err = -EBADMSG;
out:
	kfree_sensitive(buf);
	crypto_free_shash(tfm);
	return err;
}

/*
 * Through the crypto API, on whole octets: the stream ciphers on the
 * octets before the last, partial one of their set, 128-EIA1 and 128-EIA2
 * on sets of whole octets. 128-EIA3 has no published set of whole octets;
 * it must agree with its core on the first 88 bits of its set.
 */
static int selftest_api(void)
{
	static const struct crypto_kat *const eea[] = {
		&kat_eea1, &kat_eea2, &kat_eea3,
	};
	const struct crypto_kat *v;
	u8 mac[ENBKEY_CRYPTO_MAC_SIZE];
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(eea); i++) {
		v = eea[i];
		err = selftest_skcipher(v);
		if (err)
			goto fail;
	}
	v = &kat_eia1;
	err = selftest_shash(v, v->in, v->bits / 8, v->out);
	if (err)
		goto fail;
	v = &kat_eia2;
	err = selftest_shash(v, v->in, v->bits / 8, v->out);
	if (err)
		goto fail;
	v = &kat_eia3;
	enbkey_eia3(v->key, v->count, v->bearer, v->dir, v->in, 88, mac);
	err = selftest_shash(v, v->in, 11, mac);
	if (err)
		goto fail;
	return 0;

fail:
	return selftest_fail(v->alg, "through the crypto API", err);
}

static DEFINE_MUTEX(enbkey_crypto_lock);
static unsigned int enbkey_crypto_users;

static int enbkey_crypto_register(void)
{
	int err;

	err = selftest_cores();
	if (err)
		return err;
	err = enbkey_eea_register();
	if (err)
		return err;
	err = enbkey_eia_register();
	if (err)
		goto err_eia;
	err = selftest_api();
	if (err)
		goto err_selftest;
	return 0;

err_selftest:
	enbkey_eia_unregister();
err_eia:
	enbkey_eea_unregister();
	return err;
}

int enbkey_crypto_init(void)
{
	int err = 0;

	mutex_lock(&enbkey_crypto_lock);
	if (!enbkey_crypto_users)
		err = enbkey_crypto_register();
	if (!err)
		enbkey_crypto_users++;
	mutex_unlock(&enbkey_crypto_lock);
	return err;
}

void enbkey_crypto_exit(void)
{
	mutex_lock(&enbkey_crypto_lock);
	if (!WARN_ON(!enbkey_crypto_users) && !--enbkey_crypto_users) {
		enbkey_eia_unregister();
		enbkey_eea_unregister();
	}
	mutex_unlock(&enbkey_crypto_lock);
}
