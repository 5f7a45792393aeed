/* SPDX-License-Identifier: MIT */
/*
 * libenbkey: client of the "enbkey" generic netlink family, which keeps LTE
 * access-stratum keys in the kernel (see <linux/enbkey.h>).
 *
 * A handle owns one netlink socket and must not be used by two threads at
 * once. The functions that send a request return 0 or a negative errno
 * value, after which enbkey_strerror() describes the failure.
 *
 * Arguments are passed to the kernel as given: the kernel checks KeNB and NH
 * length, the NCC, EEA, EIA, PCI and EARFCN-DL ranges and those of PDUs, and
 * its message says what was wrong.
 *
 * Only enbkey_ho_export() and enbkey_s_kenb() return a key: KeNB* for a
 * target eNB and S-KeNB for a secondary eNB, which the kernel gives to the
 * provisioning role alone. The library wipes its own copies of them, as it
 * wipes those of the KeNB and NH it sends; wiping the caller's buffer once
 * the key has been passed on is the caller's part.
 *
 * Protecting a batch of n downlink packets of DRB1 in one round trip, each
 * with a 2-octet PDCP header (12-bit SN), with h from enbkey_open():
 *
 *	struct enbkey_pdu pdus[64];
 *	uint8_t out[64][2 + 1500 + ENBKEY_MAC_I_LEN];
 *
 *	for (i = 0; i < n; i++)
 *		pdus[i] = (struct enbkey_pdu){
 *			.rb_type = ENBKEY_RB_DRB, .rb_id = 1,
 *			.dir = ENBKEY_DIR_DL, .count = count++,
 *			.hdr = pkt[i].hdr, .hdr_len = 2,
 *			.data = pkt[i].data, .data_len = pkt[i].len,
 *			.out = out[i], .out_size = sizeof(out[i]),
 *		};
 *	if (enbkey_pdcp_protect(h, ue_id, pdus, n) < 0)
 *		warnx("protect: %s", enbkey_strerror(h));
 *	else
 *		for (i = 0; i < n; i++)
 *			if (!pdus[i].err)
 *				send_pdu(out[i], pdus[i].out_len);
 */

#ifndef LIBENBKEY_H
#define LIBENBKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/enbkey.h>	/* ENBKEY_RB_*, ENBKEY_DIR_*, ENBKEY_PDU_F_* */

/* Octets of the MAC-I that protect may append, TS 36.323 6.3.4 */
#define ENBKEY_MAC_I_LEN 4

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

/*
 * Creates UE @id as an unauthenticated emergency UE, the only kind that may
 * select EIA0 (TS 33.401 5.1.4.1). Provisioning role.
 */
int enbkey_ue_add_emergency(struct enbkey *h, uint32_t id);

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
	bool up_integrity;		/* DRB PDUs carry a MAC-I; false
					   until algorithms are selected */
	uint32_t integrity_failures;	/* PDUs refused for a wrong MAC-I */
	bool key_refresh;		/* new keys needed: a COUNT passed
					   the module's count_threshold, or
					   the SCG Counter ran out */
	bool nh_pending;		/* an unused {NH, NCC} pair is held */
	bool kenb_star_pending;		/* at least one cell is prepared */
	uint32_t scg_counter;		/* next SCG Counter, 0..0x10000 */
	bool emergency;			/* added with enbkey_ue_add_emergency() */
	bool kenb_pending;		/* a re-keying KeNB waits for commit */
	unsigned int n_cells;		/* prepared cells in cells[] */
	struct enbkey_cell_info {
		uint16_t pci;
		uint32_t earfcn_dl;
		bool exported;		/* its KeNB* went to another eNB */
	} cells[ENBKEY_CELLS_MAX];
};

/* Fills @out with the state of UE @id. Agent role. */
int enbkey_ue_get(struct enbkey *h, uint32_t id, struct enbkey_ue_info *out);

/* The COUNTs of one bearer, for the Counter Check (TS 36.331 5.3.6). */
struct enbkey_bearer {
	uint8_t rb_type;		/* ENBKEY_RB_SRB or ENBKEY_RB_DRB */
	uint8_t rb_id;
	uint64_t dl_count;		/* the next downlink COUNT */
	bool ul_valid;			/* an uplink PDU was accepted */
	uint32_t ul_count;		/* the highest uplink COUNT accepted */
};

/*
 * Fills @out with the state of UE @id and @bearers, room for @max, with the
 * bearers that carried PDUs under its current keys; sets *@n to their
 * number (at most ENBKEY_NR_BEARERS_MAX, 34). -ENOBUFS when @max is too
 * small, with *@n the number needed. Agent role.
 */
#define ENBKEY_NR_BEARERS_MAX (ENBKEY_SRB_MAX + ENBKEY_DRB_MAX)
int enbkey_ue_bearers(struct enbkey *h, uint32_t id, struct enbkey_ue_info *out,
		      struct enbkey_bearer *bearers, size_t max, size_t *n);

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
 * the key made to send it is wiped. On a UE whose AS keys are in use the
 * kernel holds the KeNB pending until enbkey_ho_commit() (re-keying, TS
 * 33.401 7.2.9.2), and the current keys serve until then. A KeNB the UE has
 * or had gives -EEXIST; while cells are prepared, -EBUSY. Provisioning role.
 */
int enbkey_key_set(struct enbkey *h, uint32_t id, const uint8_t *kenb,
		   size_t len, int ncc);

/*
 * Gives UE @id the {NH, NCC} pair of the @len octets at @nh and @ncc, as
 * S1AP Path Switch Request Acknowledge and Handover Request carry it; the
 * kernel keeps it for the next enbkey_ho_prepare(). The NCC is required: an
 * @ncc outside 0..255 does not fit the attribute and gives -ERANGE. The copy
 * of the NH made to send it is wiped. Provisioning role.
 */
int enbkey_nh_set(struct enbkey *h, uint32_t id, const uint8_t *nh,
		  size_t len, int ncc);

/*
 * Selects ciphering algorithm EEA@eea and integrity algorithm EIA@eia for UE
 * @id, which needs a KeNB; the kernel derives the AS keys. With
 * @up_integrity, DRB PDUs carry a MAC-I too, as SRB PDUs always do.
 * Algorithms are selected once: another selection gives -EBUSY (they
 * change at handover, enbkey_ho_prepare_algs()), the same one does nothing.
 * EIA0 gives -EPERM unless the UE is an emergency UE. Agent role.
 */
int enbkey_sec_set(struct enbkey *h, uint32_t id, uint8_t eea, uint8_t eia,
		   bool up_integrity);

/* One PDU of a PDCP request and, once it is answered, its result. */
struct enbkey_pdu {
	/* in */
	uint8_t rb_type;	/* ENBKEY_RB_SRB or ENBKEY_RB_DRB */
	uint8_t rb_id;		/* SRB 1..2, DRB 1..32 */
	uint8_t dir;		/* ENBKEY_DIR_DL to protect, _UL to unprotect */
	uint32_t count;		/* HFN || SN */
	uint32_t flags;		/* ENBKEY_PDU_F_INTEGRITY_ONLY or _CIPHER_ONLY */
	const uint8_t *hdr;	/* PDCP header: in clear, under the MAC-I */
	size_t hdr_len;		/* 0: none, and hdr may be NULL */
	const uint8_t *data;	/* what follows the header */
	size_t data_len;	/* 0: none, and data may be NULL */
	/* out */
	uint8_t *out;		/* the caller's buffer for the result */
	size_t out_size;
	size_t out_len;		/* octets of the result, 0 on failure */
	int err;		/* 0, or a negative errno value */
};

/*
 * Protects the @n downlink PDUs at @pdus of UE @id in one request (TS 36.323
 * 5.6, 5.7): each result is the whole PDU, header in clear, then the payload
 * and its MAC-I, ciphered as the bearer and flags say. An SRB PDU always has
 * a MAC-I; ENBKEY_PDU_F_INTEGRITY_ONLY is for the security mode procedure,
 * before the bearer's first ciphered PDU. An @out_size of
 * hdr_len + data_len + ENBKEY_MAC_I_LEN is always enough. A COUNT must be
 * above every COUNT already protected on its bearer and direction; it is
 * spent even if the result is lost.
 *
 * Returns 0 when the kernel answered the request. Each PDU's err then says
 * how it went: 0, with the result in out and its length in out_len; the
 * kernel's -errno for this PDU; or -ENOBUFS when out_size was too small,
 * with out_len the size needed. Returns a negative errno value when the
 * request failed as a whole, for instance for an unknown UE, and then sets
 * every PDU's err to it. A request of one PDU fails as a whole when its PDU
 * fails, so that enbkey_strerror() has the kernel's reason, such as
 * "COUNT reuse: COUNT must be above the highest protected on this bearer
 * (Invalid argument)".
 *
 * The kernel judges the number of PDUs and their sizes, which the limits
 * ENBKEY_PDUS_MAX, ENBKEY_PDU_HDR_MAX, ENBKEY_PDU_DATA_MAX and
 * ENBKEY_PDUS_DATA_MAX bound. -EMSGSIZE means that the PDUs, far beyond
 * those limits, do not fit in the 64 KiB attribute that carries them.
 * Agent role.
 */
int enbkey_pdcp_protect(struct enbkey *h, uint32_t id,
			struct enbkey_pdu *pdus, size_t n);

/*
 * Checks and deciphers the @n received uplink PDUs at @pdus of UE @id, as
 * enbkey_pdcp_protect() protects them: hdr is the PDU's header, data what
 * follows it, MAC-I included, and the result is the payload alone; an
 * @out_size of data_len is always enough. A PDU whose MAC-I is wrong gives
 * -EBADMSG ("integrity check failed") and no octets; on a bearer with
 * integrity one whose COUNT was already accepted gives -EINVAL, or -ERANGE
 * when it is behind the replay window (ENBKEY_REPLAY_WINDOW COUNTs on an
 * SRB, ENBKEY_REPLAY_WINDOW_DRB on a DRB). Returns as enbkey_pdcp_protect()
 * does. Agent role.
 */
int enbkey_pdcp_unprotect(struct enbkey *h, uint32_t id,
			  struct enbkey_pdu *pdus, size_t n);

/*
 * The key generation (as enbkey_ue_info's key_generation counts) of the keys
 * that served the last PDCP request on @h, if it succeeded, else 0: the
 * UE's current generation, or for enbkey_pdcp_unprotect_next() the one its
 * next keys get when committed. Every PDU of a request is served by the same
 * keys. 0 also when the kernel does not report it.
 */
uint32_t enbkey_pdcp_generation(const struct enbkey *h);

/* A prepared cell: physical cell identity and downlink EARFCN. */
struct enbkey_cell {
	uint16_t pci;
	uint32_t earfcn_dl;
};

/*
 * As enbkey_pdcp_unprotect(), with the next keys of UE @id: those of the
 * prepared @cell, or of the pending re-keying KeNB (then @cell is NULL, as
 * it may be when only one cell is prepared). The UE's first PDUs after a
 * handover, re-keying or re-establishment come under them, before commit.
 * They have COUNT state of their own, which enbkey_ho_commit() carries
 * over. Agent role.
 */
int enbkey_pdcp_unprotect_next(struct enbkey *h, uint32_t id,
			       const struct enbkey_cell *cell,
			       struct enbkey_pdu *pdus, size_t n);

/*
 * Prepares a handover, re-establishment or key refresh of UE @id towards
 * the cell of physical cell identity @pci on downlink EARFCN @earfcn_dl: the
 * kernel derives KeNB* (TS 33.401 A.5) and its AS keys and keeps them as a
 * prepared cell. Up to ENBKEY_CELLS_MAX cells may be prepared (an X2
 * handover prepares the target and its re-establishment cells), all from
 * the same key; preparing a cell again replaces it. Sets *@ncc to the NCC
 * the UE is to use and *@vertical to whether KeNB* came from an unused NH
 * (vertical derivation) rather than the current KeNB. Agent role.
 */
int enbkey_ho_prepare(struct enbkey *h, uint32_t id, uint16_t pci,
		      uint32_t earfcn_dl, uint8_t *ncc, bool *vertical);

/* As enbkey_ho_prepare(), with the algorithms the target cell selects. */
int enbkey_ho_prepare_algs(struct enbkey *h, uint32_t id, uint16_t pci,
			   uint32_t earfcn_dl, uint8_t eea, uint8_t eia,
			   uint8_t *ncc, bool *vertical);

/*
 * Completes on this eNB what was prepared: the prepared cell's keys, or
 * the pending re-keying KeNB, become those of UE @id, with the COUNT state
 * the next keys already have; the other prepared cells are wiped. Without
 * a cell only one may be prepared. A cell whose KeNB* was exported gives
 * -EPERM. Agent role.
 */
int enbkey_ho_commit(struct enbkey *h, uint32_t id);
int enbkey_ho_commit_cell(struct enbkey *h, uint32_t id,
			  const struct enbkey_cell *cell);

/* Wipes every prepared cell of UE @id; an unused NH stays. Agent role. */
int enbkey_ho_cancel(struct enbkey *h, uint32_t id);

/*
 * Copies the KeNB* of the prepared cell of UE @id (the only one, or @cell)
 * to @kenb_star and its NCC to *@ncc, for X2AP Handover Request to a target
 * eNB; the cell can no longer be committed here. @kenb_star is left zeroed
 * on failure. Provisioning role.
 */
int enbkey_ho_export(struct enbkey *h, uint32_t id,
		     uint8_t kenb_star[ENBKEY_KENB_LEN], uint8_t *ncc);
int enbkey_ho_export_cell(struct enbkey *h, uint32_t id,
			  const struct enbkey_cell *cell,
			  uint8_t kenb_star[ENBKEY_KENB_LEN], uint8_t *ncc);

/*
 * Sets *@short_mac to the shortMAC-I of TS 36.331 5.3.7.4, computed with the
 * current KRRCint and EIA of UE @id over VarShortMAC-Input {@cell_id (28
 * bits, the target cell), @pci (the source PCell), @crnti (the source
 * C-RNTI)}: for an RRC connection re-establishment request, or for the
 * reestablishmentInfo a source sends per prepared cell. Agent role.
 */
int enbkey_short_mac(struct enbkey *h, uint32_t id, uint32_t cell_id,
		     uint16_t pci, uint32_t crnti, uint16_t *short_mac);

/*
 * Derives a new S-KeNB of UE @id (TS 33.401 A.15), for SeNB Addition Request
 * in dual connectivity: copies it to @s_kenb and the SCG Counter it was
 * derived with to *@scg_counter. Each call spends a counter value; once
 * ENBKEY_SCG_COUNTER_MAX is spent the kernel refuses and the UE needs a key
 * refresh. @s_kenb is left zeroed on failure. Provisioning role.
 */
int enbkey_s_kenb(struct enbkey *h, uint32_t id,
		  uint8_t s_kenb[ENBKEY_KENB_LEN], uint32_t *scg_counter);

#endif /* LIBENBKEY_H */
