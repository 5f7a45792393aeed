// SPDX-License-Identifier: GPL-2.0
/*
 * Key sets: allocate, derive, use, wipe. Everything here is charged to the
 * memory cgroup of the task that caused it (GFP_KERNEL_ACCOUNT).
 */

#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/sha2.h>

#include "compat.h"
#include "keyset.h"

struct enbkey_keyset *enbkey_keyset_new(const u8 base[ENBKEY_KENB_LEN], u8 ncc)
{
	struct enbkey_keyset *ks;

	ks = kzalloc(sizeof(*ks), GFP_KERNEL_ACCOUNT);
	if (!ks)
		return NULL;
	memcpy(ks->base, base, ENBKEY_KENB_LEN);
	ks->ncc = ncc;
	return ks;
}

/* The one way a key set goes: every key and all COUNT state, wiped. */
void enbkey_keyset_free(struct enbkey_keyset *ks)
{
	int i;

	if (!ks)
		return;
	if (ks->counts) {
		for (i = 0; i < ENBKEY_NR_BEARERS; i++)
			kfree(ks->counts[i]);
		kfree(ks->counts);
	}
	kfree_sensitive(ks);
}

/*
 * TS 33.401 7.2.4.4 and A.7: the four AS keys of the selected algorithms.
 * The key set is changed only once they are all derived.
 */
int enbkey_keyset_set_algs(struct enbkey_keyset *ks, u8 eea, u8 eia,
			   bool up_integrity)
{
	struct enbkey_as_keys keys;
	int err;

	err = enbkey_kdf_as_keys(ks->base, eea, eia, &keys);
	if (!err) {
		memcpy(&ks->keys, &keys, sizeof(keys));
		ks->eea = eea;
		ks->eia = eia;
		ks->up_integrity = up_integrity;
		ks->has_algs = true;
	}
	memzero_explicit(&keys, sizeof(keys));
	return err;
}

/*
 * Whether PDUs of this bearer type are authenticated: they carry a MAC-I
 * (an SRB, or a DRB with user-plane integrity, TS 36.323 5.7) and it is
 * checked (not EIA0, TS 33.401 5.1.4.1).
 */
bool enbkey_keyset_authenticated(const struct enbkey_keyset *ks, u8 rb_type)
{
	return ks->eia && (rb_type == ENBKEY_RB_SRB || ks->up_integrity);
}

/*
 * The COUNT state of a bearer, allocated on first use when @alloc is set.
 * Its replay window covers the sequence number space of an SRB (5 bits)
 * twice over, and the reordering window of a 12-bit DRB SN.
 */
struct enbkey_count *enbkey_keyset_count(struct enbkey_keyset *ks, u8 rb_type,
					 u8 rb_id, bool alloc)
{
	unsigned int i = rb_id - 1, window = 0;

	if (rb_type == ENBKEY_RB_DRB)
		i += ENBKEY_SRB_MAX;
	if (!ks->counts) {
		if (!alloc)
			return NULL;
		ks->counts = kcalloc(ENBKEY_NR_BEARERS, sizeof(*ks->counts),
				     GFP_KERNEL_ACCOUNT);
		if (!ks->counts)
			return NULL;
	}
	if (!ks->counts[i] && alloc) {
		if (enbkey_keyset_authenticated(ks, rb_type))
			window = rb_type == ENBKEY_RB_SRB ?
				 ENBKEY_REPLAY_WINDOW : ENBKEY_REPLAY_WINDOW_DRB;
		ks->counts[i] = enbkey_count_alloc(window);
	}
	return ks->counts[i];
}

/*
 * A 64-bit fingerprint of a base key, so that a UE can recognise a key it
 * already used without keeping the key: the first octets of its SHA-256.
 */
u64 enbkey_key_fingerprint(const u8 key[ENBKEY_KENB_LEN])
{
	u8 digest[SHA256_DIGEST_SIZE];
	u64 fp;

	sha256(key, ENBKEY_KENB_LEN, digest);
	fp = get_unaligned_be64(digest);
	memzero_explicit(digest, sizeof(digest));
	return fp;
}
