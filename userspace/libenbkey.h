/* SPDX-License-Identifier: MIT */
/*
 * libenbkey: client of the "enbkey" generic netlink family, which keeps LTE
 * access-stratum keys in the kernel (see <linux/enbkey.h>).
 *
 * A handle owns one netlink socket and must not be used by two threads at
 * once. The functions that send a request return 0 or a negative errno
 * value, after which enbkey_strerror() describes the failure.
 *
 * Arguments are passed to the kernel as given: the kernel checks KeNB length
 * and the NCC, EEA and EIA ranges, and its message says what was wrong.
 *
 * No function returns a key; the kernel never sends one.
 */

#ifndef LIBENBKEY_H
#define LIBENBKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct enbkey;

/*
 * Opens a handle and looks up the family. Returns NULL with errno set on
 * failure; errno is ENOENT exactly when the family is not registered, that
 * is, when the enbkey module is not loaded.
 */
struct enbkey *enbkey_open(void);

/* Closes @h; NULL is ignored. */
void enbkey_close(struct enbkey *h);

/*
 * Describes the last failure on @h: the kernel's extended ACK message
 * followed by the errno text in parentheses, for example
 * "KeNB must be 32 octets (Invalid argument)", or the errno text alone when
 * the kernel gave no message. Valid until the next call on @h.
 */
const char *enbkey_strerror(const struct enbkey *h);

/* Creates UE @id, without a key. Provisioning role. */
int enbkey_ue_add(struct enbkey *h, uint32_t id);

/* Deletes UE @id; the kernel wipes its keys. Provisioning role. */
int enbkey_ue_del(struct enbkey *h, uint32_t id);

/* State of a UE. Key material is never part of it. */
struct enbkey_ue_info {
	uint32_t id;
	bool key_installed;
	uint8_t ncc;			/* NCC of the current KeNB */
	bool algs_selected;		/* false: eea and eia are 0, not chosen */
	uint8_t eea, eia;
	uint32_t key_generation;	/* number of KeNBs installed so far */
};

/* Fills @out with the state of UE @id. Agent role. */
int enbkey_ue_get(struct enbkey *h, uint32_t id, struct enbkey_ue_info *out);

/*
 * Calls @cb for every UE of the network namespace. @cb returns 0 to go on or
 * a negative errno value, which ends the walk and is returned. Returns
 * -EINTR when the UE set changed during the walk, which may then have missed
 * or repeated UEs. Agent role.
 */
int enbkey_ue_dump(struct enbkey *h,
		   int (*cb)(const struct enbkey_ue_info *ue, void *arg),
		   void *arg);

/*
 * Installs the @len octets at @kenb as KeNB of UE @id, with NCC @ncc, or
 * without the NCC attribute (the kernel then uses 0) when @ncc is negative.
 * An @ncc above 255 does not fit the attribute and gives -ERANGE. The copy of
 * the key made to send it is wiped. Provisioning role.
 */
int enbkey_key_set(struct enbkey *h, uint32_t id, const uint8_t *kenb,
		   size_t len, int ncc);

/*
 * Selects ciphering algorithm EEA@eea and integrity algorithm EIA@eia for UE
 * @id, which needs a KeNB; the kernel derives the AS keys. Agent role.
 */
int enbkey_sec_set(struct enbkey *h, uint32_t id, uint8_t eea, uint8_t eia);

#endif /* LIBENBKEY_H */
