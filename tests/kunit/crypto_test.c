// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the 3GPP algorithm layer, kmod/crypto/:
 *
 * - enbkey-snow3g and enbkey-zuc test the cores, which need no set-up: the
 *   keystream words of the implementors' test data, and every published
 *   128-EEA1, 128-EIA1, 128-EEA3 and 128-EIA3 set of
 *   shared/vectors/algorithms.json (tools/alg-vectors.py), bit lengths
 *   included, in one piece and in pieces, on both multiply paths of EIA1.
 * - enbkey-crypto-api tests the six algorithms through the crypto API, on
 *   the whole octets of every set. The suite registers the algorithms
 *   itself (the KUnit build's module init does nothing, see kdf_test.c):
 *   its suite_init takes a reference with enbkey_crypto_init(), which
 *   registers only when nothing else holds one, and suite_exit drops it.
 */

#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>

#include "../../kmod/crypto/crypto.h"
#include "../../kmod/crypto/snow3g.h"
#include "../../kmod/crypto/zuc.h"
#include "ref.h"
#include "test.h"

struct enbkey_alg_vector {
	const char *name;
	u8 key[16];
	u32 count;
	u8 bearer;
	u8 dir;
	u32 bits;
	const u8 *in;
	const u8 *out;
};

#include "alg_vectors.h"

static void crypto_vector_desc(const struct enbkey_alg_vector *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(eea1, enbkey_eea1_vectors, crypto_vector_desc);
KUNIT_ARRAY_PARAM(eia1, enbkey_eia1_vectors, crypto_vector_desc);
KUNIT_ARRAY_PARAM(eea2, enbkey_eea2_vectors, crypto_vector_desc);
KUNIT_ARRAY_PARAM(eia2, enbkey_eia2_vectors, crypto_vector_desc);
KUNIT_ARRAY_PARAM(eea3, enbkey_eea3_vectors, crypto_vector_desc);
KUNIT_ARRAY_PARAM(eia3, enbkey_eia3_vectors, crypto_vector_desc);

static size_t octets(u32 bits)
{
	return DIV_ROUND_UP(bits, 8);
}

/* The published outputs zero the bits past the message in the last octet. */
static u8 last_mask(u32 bits)
{
	return bits % 8 ? 0xff << (8 - bits % 8) : 0xff;
}

static u8 *test_buf(struct kunit *test, const u8 *src, size_t len)
{
	u8 *buf = kunit_kzalloc(test, len + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	if (src)
		memcpy(buf, src, len);
	return buf;
}

/* ---- SNOW 3G -------------------------------------------------------- */

struct snow3g_kat {
	const char *name;
	u32 k[4];		/* k0 .. k3 */
	u32 iv[4];		/* IV0 .. IV3 */
	u32 z1, z2;
	u32 z2500;		/* 0: not given */
};

/* UEA2 & UIA2 document 3 (implementors' test data), SNOW 3G test sets 1-4 */
static const struct snow3g_kat snow3g_kats[] = {
	{
		.name = "test set 1",
		.k = { 0x2bd6459f, 0x82c5b300, 0x952c4910, 0x4881ff48 },
		.iv = { 0xea024714, 0xad5c4d84, 0xdf1f9b25, 0x1c0bf45f },
		.z1 = 0xabee9704, .z2 = 0x7ac31373,
	}, {
		.name = "test set 2",
		.k = { 0x8ce33e2c, 0xc3c0b5fc, 0x1f3de8a6, 0xdc66b1f3 },
		.iv = { 0xd3c5d592, 0x327fb11c, 0xde551988, 0xceb2f9b7 },
		.z1 = 0xeff8a342, .z2 = 0xf751480f,
	}, {
		.name = "test set 3",
		.k = { 0x4035c668, 0x0af8c6d1, 0xa8ff8667, 0xb1714013 },
		.iv = { 0x62a54098, 0x1ba6f9b7, 0x4592b0e7, 0x8690f71b },
		.z1 = 0xa8c874a9, .z2 = 0x7ae7c4f8,
	}, {
		.name = "test set 4",
		.k = { 0x0ded7263, 0x109cf92e, 0x3352255a, 0x140e0f76 },
		.iv = { 0x6b68079a, 0x41a7c4c9, 0x1befd79f, 0x7fdcc233 },
		.z1 = 0xd712c05c, .z2 = 0xa937c2a6, .z2500 = 0x9c0db3aa,
	},
};

static void snow3g_kat_desc(const struct snow3g_kat *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(snow3g_kat, snow3g_kats, snow3g_kat_desc);

static void snow3g_test_keystream(struct kunit *test)
{
	const struct snow3g_kat *v = test->param_value;
	size_t n = v->z2500 ? 2500 : 2;
	struct enbkey_snow3g st;
	u32 *z = kunit_kcalloc(test, n, sizeof(*z), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, z);
	/* Act: words one and two alone, then all of them from the start */
	enbkey_snow3g_init(&st, v->k, v->iv);
	enbkey_snow3g_keystream(&st, z, 2);
	KUNIT_EXPECT_EQ(test, z[0], v->z1);
	KUNIT_EXPECT_EQ(test, z[1], v->z2);
	enbkey_snow3g_init(&st, v->k, v->iv);
	enbkey_snow3g_keystream(&st, z, n);

	/* Assert */
	KUNIT_EXPECT_EQ(test, z[0], v->z1);
	KUNIT_EXPECT_EQ(test, z[1], v->z2);
	if (v->z2500)
		KUNIT_EXPECT_EQ(test, z[2499], v->z2500);
}

/* Blocks of 16 words and single words continue the same stream. */
static void snow3g_test_keystream_pieces(struct kunit *test)
{
	const struct snow3g_kat *v = &snow3g_kats[3];
	struct enbkey_snow3g st;
	u32 whole[100], part[100];
	size_t done = 0, n = 1;

	enbkey_snow3g_init(&st, v->k, v->iv);
	enbkey_snow3g_keystream(&st, whole, ARRAY_SIZE(whole));
	enbkey_snow3g_init(&st, v->k, v->iv);
	for (; done < ARRAY_SIZE(part); done += n, n += 7) {
		if (n > ARRAY_SIZE(part) - done)
			n = ARRAY_SIZE(part) - done;
		enbkey_snow3g_keystream(&st, part + done, n);
	}
	ENBKEY_EXPECT_MEMEQ(test, whole, part, sizeof(whole), "keystream");
}

static void snow3g_test_eea1(struct kunit *test)
{
	const struct enbkey_alg_vector *v = test->param_value;
	size_t len = octets(v->bits);
	u8 *out = test_buf(test, NULL, len);
	u8 *back = test_buf(test, v->out, len);
	u8 *stream = test_buf(test, v->in, len);
	struct enbkey_snow3g st;

	/* Act: cipher, decipher in place, and cipher in two calls */
	enbkey_eea1(v->key, v->count, v->bearer, v->dir, out, v->in, v->bits);
	enbkey_eea1(v->key, v->count, v->bearer, v->dir, back, back, v->bits);
	enbkey_uea2_init(&st, v->key, v->count, v->bearer, v->dir);
	enbkey_snow3g_xor(&st, stream, stream, min_t(size_t, len, 64));
	if (len > 64)
		enbkey_snow3g_xor(&st, stream + 64, stream + 64, len - 64);

	/* Assert */
	ENBKEY_EXPECT_MEMEQ(test, out, v->out, len, "ciphertext");
	ENBKEY_EXPECT_MEMEQ(test, back, v->in, len - 1, "plaintext");
	KUNIT_EXPECT_EQ(test, back[len - 1], v->in[len - 1] & last_mask(v->bits));
	ENBKEY_EXPECT_MEMEQ(test, stream, v->out, len - 1, "in two calls");
}

/* The MAC of a message fed to UIA2 in pieces of @step octets. */
static void eia1_pieces(const struct enbkey_alg_vector *v, size_t step,
			bool portable, u8 mac[4])
{
	struct enbkey_uia2 ctx;
	size_t len = v->bits / 8, i;

	enbkey_eia1_init(&ctx, v->key, v->count, v->bearer, v->dir);
	ctx.portable = portable;
	for (i = 0; i < len; i += step)
		enbkey_uia2_update(&ctx, v->in + i, min(step, len - i));
	enbkey_uia2_final(&ctx, v->in + len, v->bits % 8, mac);
}

static void snow3g_test_eia1(struct kunit *test)
{
	const struct enbkey_alg_vector *v = test->param_value;
	static const size_t steps[] = { 1, 3, 8, 13, 64, 4096 };
	u8 mac[4], part[4];
	unsigned int i;

	/* Act */
	enbkey_eia1(v->key, v->count, v->bearer, v->dir, v->in, v->bits, mac);

	/* Assert: one piece, and pieces on either multiply */
	ENBKEY_EXPECT_MEMEQ(test, mac, v->out, 4, "MAC-I");
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		eia1_pieces(v, steps[i], false, part);
		ENBKEY_EXPECT_MEMEQ(test, part, v->out, 4, "pieces of %zu",
				    steps[i]);
		eia1_pieces(v, steps[i], true, part);
		ENBKEY_EXPECT_MEMEQ(test, part, v->out, 4,
				    "pieces of %zu, portable multiply",
				    steps[i]);
	}
}

/*
 * The PCLMULQDQ multiply, where the CPU has it, against the portable one,
 * on every length from 0 to 600 bits. Without it both runs are portable.
 */
static void snow3g_test_eia1_paths(struct kunit *test)
{
	static const u8 key[16] = { 0x55, 0xaa, 1, 2, 3, 4, 5, 6, 7 };
	u8 *msg = test_buf(test, NULL, 76);
	struct enbkey_uia2 a, b;
	u8 mac_a[4], mac_b[4];
	u32 bits;

	for (bits = 0; bits < 76; bits++)
		msg[bits] = bits * 37 + 11;
	for (bits = 0; bits <= 600; bits++) {
		enbkey_uia2_init(&a, key, bits * 0x01010101, bits, bits & 1);
		b = a;
		b.portable = true;
		enbkey_uia2_update(&a, msg, bits / 8);
		enbkey_uia2_update(&b, msg, bits / 8);
		enbkey_uia2_final(&a, msg + bits / 8, bits % 8, mac_a);
		enbkey_uia2_final(&b, msg + bits / 8, bits % 8, mac_b);
		ENBKEY_EXPECT_MEMEQ(test, mac_a, mac_b, 4, "%u bits", bits);
	}
}

/* The final step leaves nothing of the key-derived state behind. */
static void snow3g_test_final_wipes(struct kunit *test)
{
	const struct enbkey_alg_vector *v = &enbkey_eia1_vectors[1];
	struct enbkey_uia2 ctx;
	u8 mac[4];

	enbkey_eia1_init(&ctx, v->key, v->count, v->bearer, v->dir);
	enbkey_uia2_update(&ctx, v->in, 5);
	enbkey_uia2_final(&ctx, NULL, 0, mac);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(&ctx, 0, sizeof(ctx)), NULL);
}

static struct kunit_case enbkey_snow3g_test_cases[] = {
	KUNIT_CASE_PARAM(snow3g_test_keystream, snow3g_kat_gen_params),
	KUNIT_CASE(snow3g_test_keystream_pieces),
	KUNIT_CASE_PARAM(snow3g_test_eea1, eea1_gen_params),
	KUNIT_CASE_PARAM(snow3g_test_eia1, eia1_gen_params),
	KUNIT_CASE(snow3g_test_eia1_paths),
	KUNIT_CASE(snow3g_test_final_wipes),
	{}
};

static struct kunit_suite enbkey_snow3g_test_suite = {
	.name = "enbkey-snow3g",
	.test_cases = enbkey_snow3g_test_cases,
};

/* ---- ZUC ------------------------------------------------------------ */

struct zuc_kat {
	const char *name;
	u8 key[16];
	u8 iv[16];
	u32 z1, z2;
	u32 z2000;		/* 0: not given */
};

/* EEA3 & EIA3 document 3 (implementors' test data), 3.3 to 3.6: ZUC sets 1-4 */
static const struct zuc_kat zuc_kats[] = {
	{
		.name = "test set 1",
		.z1 = 0x27bede74, .z2 = 0x018082da,
	}, {
		.name = "test set 2",
		.key = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		.iv = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		.z1 = 0x0657cfa0, .z2 = 0x7096398b,
	}, {
		.name = "test set 3",
		.key = { 0x3d, 0x4c, 0x4b, 0xe9, 0x6a, 0x82, 0xfd, 0xae,
			 0xb5, 0x8f, 0x64, 0x1d, 0xb1, 0x7b, 0x45, 0x5b },
		.iv = { 0x84, 0x31, 0x9a, 0xa8, 0xde, 0x69, 0x15, 0xca,
			0x1f, 0x6b, 0xda, 0x6b, 0xfb, 0xd8, 0xc7, 0x66 },
		.z1 = 0x14f1c272, .z2 = 0x3279c419,
	}, {
		.name = "test set 4",
		.key = { 0x4d, 0x32, 0x0b, 0xfa, 0xd4, 0xc2, 0x85, 0xbf,
			 0xd6, 0xb8, 0xbd, 0x00, 0xf3, 0x9d, 0x8b, 0x41 },
		.iv = { 0x52, 0x95, 0x9d, 0xab, 0xa0, 0xbf, 0x17, 0x6e,
			0xce, 0x2d, 0xc3, 0x15, 0x04, 0x9e, 0xb5, 0x74 },
		.z1 = 0xed4400e7, .z2 = 0x0633e5c5, .z2000 = 0x7a574cdb,
	},
};

static void zuc_kat_desc(const struct zuc_kat *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(zuc_kat, zuc_kats, zuc_kat_desc);

static void zuc_test_keystream(struct kunit *test)
{
	const struct zuc_kat *v = test->param_value;
	size_t n = v->z2000 ? 2000 : 2;
	struct enbkey_zuc st;
	u32 *z = kunit_kcalloc(test, n, sizeof(*z), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, z);
	/* Act: words one and two alone, then all of them from the start */
	enbkey_zuc_init(&st, v->key, v->iv);
	enbkey_zuc_keystream(&st, z, 2);
	KUNIT_EXPECT_EQ(test, z[0], v->z1);
	KUNIT_EXPECT_EQ(test, z[1], v->z2);
	enbkey_zuc_init(&st, v->key, v->iv);
	enbkey_zuc_keystream(&st, z, n);

	/* Assert */
	KUNIT_EXPECT_EQ(test, z[0], v->z1);
	KUNIT_EXPECT_EQ(test, z[1], v->z2);
	if (v->z2000)
		KUNIT_EXPECT_EQ(test, z[1999], v->z2000);
}

static void zuc_test_keystream_pieces(struct kunit *test)
{
	const struct zuc_kat *v = &zuc_kats[3];
	struct enbkey_zuc st;
	u32 whole[100], part[100];
	size_t done = 0, n = 1;

	enbkey_zuc_init(&st, v->key, v->iv);
	enbkey_zuc_keystream(&st, whole, ARRAY_SIZE(whole));
	enbkey_zuc_init(&st, v->key, v->iv);
	for (; done < ARRAY_SIZE(part); done += n, n += 7) {
		if (n > ARRAY_SIZE(part) - done)
			n = ARRAY_SIZE(part) - done;
		enbkey_zuc_keystream(&st, part + done, n);
	}
	ENBKEY_EXPECT_MEMEQ(test, whole, part, sizeof(whole), "keystream");
}

static void zuc_test_eea3(struct kunit *test)
{
	const struct enbkey_alg_vector *v = test->param_value;
	size_t len = octets(v->bits);
	u8 *out = test_buf(test, NULL, len);
	u8 *back = test_buf(test, v->out, len);
	u8 *stream = test_buf(test, v->in, len);
	struct enbkey_zuc st;

	/* Act: cipher, decipher in place, and cipher in two calls */
	enbkey_eea3(v->key, v->count, v->bearer, v->dir, out, v->in, v->bits);
	enbkey_eea3(v->key, v->count, v->bearer, v->dir, back, back, v->bits);
	enbkey_eea3_init(&st, v->key, v->count, v->bearer, v->dir);
	enbkey_zuc_xor(&st, stream, stream, min_t(size_t, len, 64));
	if (len > 64)
		enbkey_zuc_xor(&st, stream + 64, stream + 64, len - 64);

	/* Assert */
	ENBKEY_EXPECT_MEMEQ(test, out, v->out, len, "ciphertext");
	ENBKEY_EXPECT_MEMEQ(test, back, v->in, len - 1, "plaintext");
	KUNIT_EXPECT_EQ(test, back[len - 1], v->in[len - 1] & last_mask(v->bits));
	ENBKEY_EXPECT_MEMEQ(test, stream, v->out, len - 1, "in two calls");
}

static void zuc_test_eia3(struct kunit *test)
{
	const struct enbkey_alg_vector *v = test->param_value;
	static const size_t steps[] = { 1, 3, 4, 13, 64, 100, 4096 };
	size_t len = v->bits / 8, i;
	u8 mac[4], part[4];
	unsigned int s;

	/* Act */
	enbkey_eia3(v->key, v->count, v->bearer, v->dir, v->in, v->bits, mac);

	/* Assert: one piece, and pieces */
	ENBKEY_EXPECT_MEMEQ(test, mac, v->out, 4, "MAC-I");
	for (s = 0; s < ARRAY_SIZE(steps); s++) {
		struct enbkey_eia3 ctx;

		enbkey_eia3_init(&ctx, v->key, v->count, v->bearer, v->dir);
		for (i = 0; i < len; i += steps[s])
			enbkey_eia3_update(&ctx, v->in + i,
					   min(steps[s], len - i));
		enbkey_eia3_final(&ctx, v->in + len, v->bits % 8, part);
		ENBKEY_EXPECT_MEMEQ(test, part, v->out, 4, "pieces of %zu",
				    steps[s]);
		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(&ctx, 0, sizeof(ctx)),
				    NULL);
	}
}

static struct kunit_case enbkey_zuc_test_cases[] = {
	KUNIT_CASE_PARAM(zuc_test_keystream, zuc_kat_gen_params),
	KUNIT_CASE(zuc_test_keystream_pieces),
	KUNIT_CASE_PARAM(zuc_test_eea3, eea3_gen_params),
	KUNIT_CASE_PARAM(zuc_test_eia3, eia3_gen_params),
	{}
};

static struct kunit_suite enbkey_zuc_test_suite = {
	.name = "enbkey-zuc",
	.test_cases = enbkey_zuc_test_cases,
};

/* ---- the crypto API ------------------------------------------------- */

/* @len octets at @buf as three scatterlist entries, split at @a and @b. */
static void split_sg(struct scatterlist sg[3], u8 *buf, unsigned int len,
		     unsigned int a, unsigned int b)
{
	a = min(a, len);
	b = clamp(b, a, len);
	sg_init_table(sg, 3);
	sg_set_buf(&sg[0], buf, a);
	sg_set_buf(&sg[1], buf + a, b - a);
	sg_set_buf(&sg[2], buf + b, len - b);
}

static int api_skcipher(struct crypto_skcipher *tfm, bool enc,
			struct scatterlist *src, struct scatterlist *dst,
			unsigned int len, u8 *iv)
{
	struct skcipher_request *req = skcipher_request_alloc(tfm, GFP_KERNEL);
	DECLARE_CRYPTO_WAIT(wait);
	int err;

	if (!req)
		return -ENOMEM;
	skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
				      crypto_req_done, &wait);
	skcipher_request_set_crypt(req, src, dst, len, iv);
	err = crypto_wait_req(enc ? crypto_skcipher_encrypt(req) :
			      crypto_skcipher_decrypt(req), &wait);
	skcipher_request_free(req);
	return err;
}

/*
 * Every set of an EEA through crypto_alloc_skcipher(@alg): the octets
 * before the last, partial one, out of place across odd scatterlist splits,
 * then deciphered in place.
 */
static void api_test_eea(struct kunit *test, const char *alg)
{
	const struct enbkey_alg_vector *v = test->param_value;
	unsigned int len = v->bits / 8;
	u8 *src = test_buf(test, v->in, len);
	u8 *dst = test_buf(test, NULL, len);
	struct scatterlist sg_src[3], sg_dst[3];
	u8 iv[ENBKEY_CRYPTO_IV_SIZE];
	struct crypto_skcipher *tfm;
	char driver[CRYPTO_MAX_ALG_NAME];

	/* Arrange */
	tfm = crypto_alloc_skcipher(alg, 0, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(tfm), "%s: %ld", alg, PTR_ERR(tfm));
	snprintf(driver, sizeof(driver), "%s-generic", alg);
	KUNIT_EXPECT_STREQ(test, crypto_tfm_alg_driver_name(crypto_skcipher_tfm(tfm)),
			   driver);
	KUNIT_EXPECT_EQ(test, crypto_skcipher_ivsize(tfm), ENBKEY_CRYPTO_IV_SIZE);
	KUNIT_ASSERT_EQ(test, 0, crypto_skcipher_setkey(tfm, v->key, 16));
	split_sg(sg_src, src, len, 1, 70);
	split_sg(sg_dst, dst, len, 17, 33);

	/* Act: cipher out of place, then decipher that in place */
	enbkey_crypto_make_iv(iv, v->count, v->bearer, v->dir);
	KUNIT_EXPECT_EQ(test, 0, api_skcipher(tfm, true, sg_src, sg_dst, len, iv));
	ENBKEY_EXPECT_MEMEQ(test, dst, v->out, len, "ciphertext");
	split_sg(sg_dst, dst, len, 64, 65);
	enbkey_crypto_make_iv(iv, v->count, v->bearer, v->dir);
	KUNIT_EXPECT_EQ(test, 0, api_skcipher(tfm, false, sg_dst, sg_dst, len,
					      iv));

	/* Assert */
	ENBKEY_EXPECT_MEMEQ(test, dst, v->in, len, "deciphered");
	ENBKEY_EXPECT_MEMEQ(test, src, v->in, len, "source untouched");
	crypto_free_skcipher(tfm);
}

static void api_test_eea1(struct kunit *test)
{
	api_test_eea(test, "eea1");
}

static void api_test_eea2(struct kunit *test)
{
	api_test_eea(test, "eea2");
}

static void api_test_eea3(struct kunit *test)
{
	api_test_eea(test, "eea3");
}

/* MAC-I of @data (IV block and message) in pieces of @step octets. */
static int api_mac(struct crypto_shash *tfm, const u8 *data, unsigned int len,
		   unsigned int step, u8 mac[4])
{
	SHASH_DESC_ON_STACK(desc, tfm);
	unsigned int i;
	int err;

	desc->tfm = tfm;
	err = crypto_shash_init(desc);
	for (i = 0; !err && i < len; i += step)
		err = crypto_shash_update(desc, data + i, min(step, len - i));
	if (!err)
		err = crypto_shash_final(desc, mac);
	shash_desc_zero(desc);
	return err;
}

/*
 * Every set of an EIA through crypto_alloc_shash(@alg). A set of whole
 * octets must give its published MAC-I; of the others, the whole octets
 * must give what the core (or, for EIA2, the reference of ref.h) gives on
 * them.
 */
static void api_test_eia(struct kunit *test, const char *alg)
{
	const struct enbkey_alg_vector *v = test->param_value;
	static const unsigned int steps[] = { 1, 5, 8, 9, 64, 100000 };
	unsigned int len = v->bits / 8, i;
	u8 *data = test_buf(test, NULL, ENBKEY_CRYPTO_IV_SIZE + len);
	char driver[CRYPTO_MAX_ALG_NAME];
	struct crypto_shash *tfm;
	u8 want[4], mac[4];

	/* Arrange */
	tfm = crypto_alloc_shash(alg, 0, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(tfm), "%s: %ld", alg, PTR_ERR(tfm));
	snprintf(driver, sizeof(driver), "%s-generic", alg);
	KUNIT_EXPECT_STREQ(test, crypto_tfm_alg_driver_name(crypto_shash_tfm(tfm)),
			   driver);
	KUNIT_EXPECT_EQ(test, crypto_shash_digestsize(tfm), ENBKEY_CRYPTO_MAC_SIZE);
	KUNIT_ASSERT_EQ(test, 0, crypto_shash_setkey(tfm, v->key, 16));
	enbkey_crypto_make_iv(data, v->count, v->bearer, v->dir);
	memcpy(data + ENBKEY_CRYPTO_IV_SIZE, v->in, len);
	if (v->bits % 8 == 0)
		memcpy(want, v->out, 4);
	else if (!strcmp(alg, "eia1"))
		enbkey_eia1(v->key, v->count, v->bearer, v->dir, v->in, 8 * len,
			    want);
	else if (!strcmp(alg, "eia3"))
		enbkey_eia3(v->key, v->count, v->bearer, v->dir, v->in, 8 * len,
			    want);
	else
		ref_eia2(v->key, v->count, v->bearer, v->dir, NULL, 0, v->in,
			 len, want);

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		/* Act */
		KUNIT_EXPECT_EQ(test, 0, api_mac(tfm, data,
						 ENBKEY_CRYPTO_IV_SIZE + len,
						 steps[i], mac));
		/* Assert */
		ENBKEY_EXPECT_MEMEQ(test, mac, want, 4, "pieces of %u", steps[i]);
	}
	KUNIT_EXPECT_EQ(test, 0, crypto_shash_tfm_digest(tfm, data,
							 ENBKEY_CRYPTO_IV_SIZE + len,
							 mac));
	ENBKEY_EXPECT_MEMEQ(test, mac, want, 4, "digest");
	crypto_free_shash(tfm);
}

static void api_test_eia1(struct kunit *test)
{
	api_test_eia(test, "eia1");
}

static void api_test_eia2(struct kunit *test)
{
	api_test_eia(test, "eia2");
}

static void api_test_eia3(struct kunit *test)
{
	api_test_eia(test, "eia3");
}

static const char *const api_eeas[] = { "eea1", "eea2", "eea3" };
static const char *const api_eias[] = { "eia1", "eia2", "eia3" };

/* Keys of other lengths, and IV blocks with reserved bits set, are refused. */
static void api_test_refusals(struct kunit *test)
{
	static const u8 key[32];
	u8 *buf = test_buf(test, NULL, 64);
	struct scatterlist sg;
	unsigned int i;
	u8 iv[8], mac[4];

	for (i = 0; i < ARRAY_SIZE(api_eeas); i++) {
		struct crypto_skcipher *tfm = crypto_alloc_skcipher(api_eeas[i],
								     0, 0);

		KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
		KUNIT_EXPECT_EQ(test, -EINVAL,
				crypto_skcipher_setkey(tfm, key, 15));
		KUNIT_EXPECT_EQ(test, -EINVAL,
				crypto_skcipher_setkey(tfm, key, 32));
		KUNIT_ASSERT_EQ(test, 0, crypto_skcipher_setkey(tfm, key, 16));
		sg_init_one(&sg, buf, 64);
		enbkey_crypto_make_iv(iv, 1, 2, 1);
		iv[4] |= 1;
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    api_skcipher(tfm, true, &sg, &sg, 64, iv),
				    "%s", api_eeas[i]);
		enbkey_crypto_make_iv(iv, 1, 2, 1);
		iv[7] = 0x80;
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    api_skcipher(tfm, false, &sg, &sg, 64, iv),
				    "%s", api_eeas[i]);
		crypto_free_skcipher(tfm);
	}
	for (i = 0; i < ARRAY_SIZE(api_eias); i++) {
		struct crypto_shash *tfm = crypto_alloc_shash(api_eias[i], 0, 0);

		KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
		KUNIT_EXPECT_EQ(test, -ENOKEY,
				crypto_shash_tfm_digest(tfm, buf, 16, mac));
		KUNIT_EXPECT_EQ(test, -EINVAL,
				crypto_shash_setkey(tfm, key, 32));
		KUNIT_ASSERT_EQ(test, 0, crypto_shash_setkey(tfm, key, 16));
		/* seven octets: not even a whole IV block */
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    crypto_shash_tfm_digest(tfm, buf, 7, mac),
				    "%s", api_eias[i]);
		buf[5] = 1;
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL, api_mac(tfm, buf, 64, 3, mac),
				    "%s", api_eias[i]);
		buf[5] = 0;
		KUNIT_EXPECT_EQ(test, 0, crypto_shash_tfm_digest(tfm, buf, 8,
								 mac));
		crypto_free_shash(tfm);
	}
}

/* An eia2 state exported from one transform imports into another. */
static void api_test_eia2_export(struct kunit *test)
{
	const struct enbkey_alg_vector *v = &enbkey_eia2_vectors[4];
	unsigned int len = ENBKEY_CRYPTO_IV_SIZE + v->bits / 8;
	u8 *data = test_buf(test, NULL, len);
	struct crypto_shash *a, *b;
	u8 mac[4];
	void *state;

	a = crypto_alloc_shash("eia2", 0, 0);
	b = crypto_alloc_shash("eia2", 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	state = kunit_kzalloc(test, crypto_shash_statesize(a), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, state);
	KUNIT_ASSERT_EQ(test, 0, crypto_shash_setkey(a, v->key, 16));
	KUNIT_ASSERT_EQ(test, 0, crypto_shash_setkey(b, v->key, 16));
	enbkey_crypto_make_iv(data, v->count, v->bearer, v->dir);
	memcpy(data + ENBKEY_CRYPTO_IV_SIZE, v->in, len - ENBKEY_CRYPTO_IV_SIZE);
	{
		SHASH_DESC_ON_STACK(da, a);
		SHASH_DESC_ON_STACK(db, b);

		/* Act: half the data on a, the rest on b */
		da->tfm = a;
		db->tfm = b;
		KUNIT_EXPECT_EQ(test, 0, crypto_shash_init(da));
		KUNIT_EXPECT_EQ(test, 0, crypto_shash_update(da, data, 29));
		KUNIT_EXPECT_EQ(test, 0, crypto_shash_export(da, state));
		shash_desc_zero(da);
		KUNIT_EXPECT_EQ(test, 0, crypto_shash_import(db, state));
		KUNIT_EXPECT_EQ(test, 0, crypto_shash_finup(db, data + 29,
							    len - 29, mac));
		shash_desc_zero(db);
	}

	/* Assert */
	ENBKEY_EXPECT_MEMEQ(test, mac, v->out, 4, "MAC-I");
	crypto_free_shash(a);
	crypto_free_shash(b);
}

/* enbkey_crypto_init() nests: the inner exit leaves the algorithms there. */
static void api_test_nesting(struct kunit *test)
{
	struct crypto_skcipher *tfm;

	KUNIT_ASSERT_EQ(test, 0, enbkey_crypto_init());
	enbkey_crypto_exit();
	tfm = crypto_alloc_skcipher("eea3-generic", 0, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR(tfm));
	if (!IS_ERR(tfm))
		crypto_free_skcipher(tfm);
}

static int api_test_suite_init(struct kunit_suite *suite)
{
	return enbkey_crypto_init();
}

static void api_test_suite_exit(struct kunit_suite *suite)
{
	enbkey_crypto_exit();
}

static struct kunit_case enbkey_crypto_api_test_cases[] = {
	KUNIT_CASE_PARAM(api_test_eea1, eea1_gen_params),
	KUNIT_CASE_PARAM(api_test_eea2, eea2_gen_params),
	KUNIT_CASE_PARAM(api_test_eea3, eea3_gen_params),
	KUNIT_CASE_PARAM(api_test_eia1, eia1_gen_params),
	KUNIT_CASE_PARAM(api_test_eia2, eia2_gen_params),
	KUNIT_CASE_PARAM(api_test_eia3, eia3_gen_params),
	KUNIT_CASE(api_test_refusals),
	KUNIT_CASE(api_test_eia2_export),
	KUNIT_CASE(api_test_nesting),
	{}
};

static struct kunit_suite enbkey_crypto_api_test_suite = {
	.name = "enbkey-crypto-api",
	.suite_init = api_test_suite_init,
	.suite_exit = api_test_suite_exit,
	.test_cases = enbkey_crypto_api_test_cases,
};

kunit_test_suites(&enbkey_snow3g_test_suite, &enbkey_zuc_test_suite,
		  &enbkey_crypto_api_test_suite);
