/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * enbkey: LTE/NR access-stratum security contexts held in the kernel.
 *
 * Generic netlink family "enbkey". Userspace names a UE by a 32-bit id of its
 * own choosing (for instance the eNB UE S1AP ID); the id is local to the
 * network namespace of the socket.
 *
 * Two roles use the family:
 *
 *   provisioning  CAP_NET_ADMIN over the namespace: creates and deletes UEs and
 *                 installs KeNB, as S1AP does when the MME sends it.
 *   agent         CAP_NET_ADMIN, or membership of the group given by the
 *                 module parameter agent_gid: the RRC/PDCP side. It selects
 *                 algorithms and reads UE state.
 *
 * No command returns KeNB or a key derived from it. Every command below is
 * answered with an ACK (and, on error, an extended ACK carrying a message)
 * unless a reply is shown.
 *
 * ENBKEY_CMD_UE_NEW (provisioning)
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *
 * ENBKEY_CMD_UE_DEL (provisioning)
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *     The UE's keys are wiped.
 *
 * ENBKEY_CMD_UE_GET (agent), do with ENBKEY_A_UE_ID, or dump with no attribute
 *   ENBKEY_A_UE_ID: NLA_U32, required for do, rejected for dump
 *
 *   reply (one message per UE, command ENBKEY_CMD_UE_GET):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_KEY_INSTALLED: NLA_U8, 1 when a KeNB is installed, else 0
 *   ENBKEY_A_NCC: NLA_U8, next hop chaining count of the current KeNB
 *   ENBKEY_A_EEA: NLA_U8, absent until algorithms are selected
 *   ENBKEY_A_EIA: NLA_U8, absent until algorithms are selected
 *   ENBKEY_A_KEY_GENERATION: NLA_U32, number of KeNBs this UE has had
 *   ENBKEY_A_UP_INTEGRITY: NLA_U8, 1 when user-plane integrity is on
 *   ENBKEY_A_INTEGRITY_FAILURES: NLA_U32, PDUs refused for a wrong MAC-I
 *   ENBKEY_A_KEY_REFRESH: NLA_U8, 1 when the UE needs new keys: a COUNT
 *                         passed the module parameter count_threshold, or
 *                         the SCG Counter ran out
 *   ENBKEY_A_NH_PENDING: NLA_U8, 1 when an unused {NH, NCC} pair is held
 *   ENBKEY_A_KENB_STAR_PENDING: NLA_U8, 1 when a prepared KeNB* is held
 *   ENBKEY_A_SCG_COUNTER: NLA_U32, the next SCG Counter, 0..0x10000
 *
 * ENBKEY_CMD_KEY_SET (provisioning): a KeNB, or an {NH, NCC} pair
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_KENB: NLA_BINARY, exactly ENBKEY_KENB_LEN octets
 *   ENBKEY_A_NH: NLA_BINARY, exactly ENBKEY_KENB_LEN octets
 *   ENBKEY_A_NCC: NLA_U8, 0..ENBKEY_NCC_MAX; optional with a KeNB (default
 *                 0), required with an NH
 *     Exactly one of ENBKEY_A_KENB and ENBKEY_A_NH.
 *     A KeNB (S1AP Initial Context Setup, UE Context Modification, or the
 *     KeNB* a source eNB sent over X2) replaces any previous one, drops any
 *     unused {NH, NCC} pair and pending KeNB*, restarts the SCG Counter and
 *     increments the key generation; when algorithms are selected the four
 *     AS keys are derived again at once.
 *     An {NH, NCC} pair (S1AP Path Switch Request Acknowledge, Handover
 *     Request) is kept unused for the next handover, replacing an older
 *     unused pair (TS 33.401 7.2.8.4).
 *     The kernel wipes the request that carried the key, whether it accepts
 *     it or not, so an error ACK never echoes the key back.
 *
 * ENBKEY_CMD_SEC_SET (agent)
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_EEA: NLA_U8, 0..ENBKEY_ALG_MAX, required
 *   ENBKEY_A_EIA: NLA_U8, 0..ENBKEY_ALG_MAX, required
 *   ENBKEY_A_UP_INTEGRITY: NLA_U8, 0 or 1, optional, default 0
 *     Requires an installed KeNB. Derives KRRCenc, KRRCint, KUPenc and KUPint
 *     (TS 33.401 A.7); the keys never leave the kernel. Algorithms that are
 *     not implemented (EEA1, EEA3, EIA1, EIA3 for now) are refused here.
 *     COUNT state starts afresh, as it does with a new KeNB.
 *
 * ENBKEY_CMD_PDCP_PROTECT, ENBKEY_CMD_PDCP_UNPROTECT (agent)
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_PDUS: NLA_NESTED_ARRAY, 1..ENBKEY_PDUS_MAX entries, required
 *     0: NLA_NESTED
 *       ENBKEY_PDU_A_RB_TYPE: NLA_U8, enum enbkey_rb_type, required
 *       ENBKEY_PDU_A_RB_ID: NLA_U8, SRB 1..2 or DRB 1..32, required
 *       ENBKEY_PDU_A_DIR: NLA_U8, enum enbkey_dir, required
 *       ENBKEY_PDU_A_COUNT: NLA_U32, HFN || SN, required
 *       ENBKEY_PDU_A_HDR: NLA_BINARY, 0..ENBKEY_PDU_HDR_MAX octets, optional
 *       ENBKEY_PDU_A_DATA: NLA_BINARY, 0..ENBKEY_PDU_DATA_MAX octets, required
 *       ENBKEY_PDU_A_FLAGS: NLA_U32, enum enbkey_pdu_flag, optional
 *     1: NLA_NESTED
 *       ...
 *
 *   reply (same command):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_PDUS: NLA_NESTED_ARRAY, one entry per PDU, in order
 *     0: NLA_NESTED
 *       ENBKEY_PDU_A_DATA: NLA_BINARY, protect: the PDU, header included;
 *                          unprotect: the payload, without header and MAC-I
 *       or ENBKEY_PDU_A_ERROR: NLA_U32, a positive errno for this PDU
 *
 *     TS 36.323 5.6 and 5.7, TS 33.401 Annex B. BEARER is RB_ID - 1. An SRB
 *     PDU is HDR || EEA(KRRCenc)(DATA || MAC-I) with MAC-I = EIA(KRRCint)
 *     over HDR || DATA; a DRB PDU is HDR || EEA(KUPenc)(DATA), or handled as
 *     an SRB one with KUPint when user-plane integrity is on. INTEGRITY_ONLY
 *     leaves out ciphering, CIPHER_ONLY leaves out the MAC-I. Protect refuses
 *     a COUNT not above the highest already protected on that bearer and
 *     direction under the current keys; unprotect refuses a COUNT it has
 *     already accepted (a window of ENBKEY_REPLAY_WINDOW) and, when the
 *     MAC-I is wrong, returns no data and counts the failure on the UE.
 *     A request of one PDU fails as a whole, with an extended ACK, when its
 *     PDU fails; in a request of several, each PDU fails on its own.
 *
 * ENBKEY_CMD_HO_PREPARE (agent): handover, re-establishment or key refresh
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_PCI: NLA_U16, 0..ENBKEY_PCI_MAX, target PCI, required
 *   ENBKEY_A_EARFCN_DL: NLA_U32, 0..ENBKEY_EARFCN_MAX, target EARFCN-DL,
 *                       required
 *
 *   reply (same command):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_NCC: NLA_U8, the NCC the UE is to use with KeNB*
 *   ENBKEY_A_VERTICAL: NLA_U8, 1 when KeNB* came from an unused NH
 *
 *     TS 33.401 A.5 and 7.2.8.4: KeNB* = KDF(K, 0x13, PCI, EARFCN-DL), with
 *     EARFCN-DL in 2 octets up to 65535 and in 3 above. K is the unused NH
 *     when there is one (vertical derivation: the pair is consumed and its
 *     NCC goes with KeNB*), else the current KeNB (horizontal: NCC stays).
 *     KeNB* is kept pending, replacing an earlier pending one; it is never
 *     returned to the agent.
 *
 * ENBKEY_CMD_HO_COMMIT (agent): intra-eNB handover, re-establishment or key
 *   refresh completes on this eNB
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *     The pending KeNB* becomes KeNB with its NCC; the AS keys are derived
 *     again with the selected algorithms, COUNT state starts afresh, the
 *     SCG Counter restarts, the key generation is incremented, and the old
 *     keys are wiped.
 *
 * ENBKEY_CMD_HO_EXPORT (provisioning): the key for X2AP Handover Request
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *
 *   reply (same command):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_KENB_STAR: NLA_BINARY, ENBKEY_KENB_LEN octets
 *   ENBKEY_A_NCC: NLA_U8
 *
 * ENBKEY_CMD_S_KENB (provisioning): dual connectivity, SeNB Addition Request
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *
 *   reply (same command):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_S_KENB: NLA_BINARY, ENBKEY_KENB_LEN octets
 *   ENBKEY_A_SCG_COUNTER: NLA_U32, the SCG Counter it was derived with
 *
 *     TS 33.401 A.15: S-KeNB = KDF(KeNB, 0x1C, SCG Counter in 2 octets).
 *     The counter starts at 0 with each KeNB and is never used twice; once
 *     ENBKEY_SCG_COUNTER_MAX is spent the UE is marked as needing a key
 *     refresh and the command is refused.
 *
 * ENBKEY_CMD_HO_EXPORT and ENBKEY_CMD_S_KENB are the only commands that
 * return key material, and only to CAP_NET_ADMIN: keys a target or
 * secondary eNB needs, never KeNB, NH or an AS key.
 *
 * ENBKEY_CMD_EVENT (notification on ENBKEY_MCGRP_EVENTS only)
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_EVENT: NLA_U8, enum enbkey_event
 *
 * Attributes a command does not list are rejected, as are reply-only
 * attributes in a request.
 *
 * Multicast group ENBKEY_MCGRP_EVENTS ("events") carries metadata only: the
 * UE id and what happened. Subscribing needs CAP_NET_ADMIN.
 */

#ifndef _UAPI_LINUX_ENBKEY_H
#define _UAPI_LINUX_ENBKEY_H

#define ENBKEY_GENL_NAME	"enbkey"
#define ENBKEY_GENL_VERSION	1
#define ENBKEY_MCGRP_EVENTS	"events"

#define ENBKEY_KENB_LEN		32	/* KeNB, 256 bits, TS 33.401 A.3 */
#define ENBKEY_AS_KEY_LEN	16	/* KRRCenc, KRRCint, KUPenc, KUPint */
#define ENBKEY_NCC_MAX		7	/* NCC is 3 bits, TS 33.401 7.2.8.4 */
#define ENBKEY_ALG_MAX		3	/* EEA0..3 and EIA0..3, TS 33.401 5.1.3 */
#define ENBKEY_SRB_MAX		2	/* SRB1 and SRB2 */
#define ENBKEY_DRB_MAX		32	/* DRB1..DRB32 */
#define ENBKEY_PDU_HDR_MAX	8	/* PDCP header octets, sent in clear */
#define ENBKEY_PDU_DATA_MAX	9000	/* payload, with MAC-I for unprotect */
#define ENBKEY_PDUS_MAX		256	/* PDUs in one request */
/* header and data octets in one request: each list fits one attribute */
#define ENBKEY_PDUS_DATA_MAX	49152
#define ENBKEY_REPLAY_WINDOW	64	/* COUNTs unprotect remembers */
#define ENBKEY_PCI_MAX		503	/* physical cell identity, TS 36.211 6.11 */
#define ENBKEY_EARFCN_MAX	262143	/* EARFCN-DL, TS 36.101 5.7.3 */
#define ENBKEY_SCG_COUNTER_MAX	0xffff	/* SCG Counter, 16 bits, TS 33.401 A.15 */

/*
 * ENBKEY_CMD_KEY_SET comes first: the kernel parses its requests itself, so
 * that it can wipe the key they carry even when it refuses them.
 */
enum enbkey_cmd {
	ENBKEY_CMD_UNSPEC,
	ENBKEY_CMD_KEY_SET,
	ENBKEY_CMD_UE_NEW,
	ENBKEY_CMD_UE_DEL,
	ENBKEY_CMD_UE_GET,
	ENBKEY_CMD_SEC_SET,
	ENBKEY_CMD_PDCP_PROTECT,
	ENBKEY_CMD_PDCP_UNPROTECT,
	ENBKEY_CMD_EVENT,
	ENBKEY_CMD_HO_PREPARE,
	ENBKEY_CMD_HO_COMMIT,
	ENBKEY_CMD_HO_EXPORT,
	ENBKEY_CMD_S_KENB,
	__ENBKEY_CMD_LAST
};

#define ENBKEY_CMD_MAX (__ENBKEY_CMD_LAST - 1)

enum enbkey_attr {
	ENBKEY_A_UNSPEC,
	ENBKEY_A_UE_ID,
	ENBKEY_A_KENB,
	ENBKEY_A_NCC,
	ENBKEY_A_EEA,
	ENBKEY_A_EIA,
	ENBKEY_A_KEY_INSTALLED,
	ENBKEY_A_KEY_GENERATION,
	ENBKEY_A_UP_INTEGRITY,
	ENBKEY_A_INTEGRITY_FAILURES,
	ENBKEY_A_KEY_REFRESH,
	ENBKEY_A_PDUS,
	ENBKEY_A_EVENT,
	ENBKEY_A_NH,
	ENBKEY_A_NH_PENDING,
	ENBKEY_A_PCI,
	ENBKEY_A_EARFCN_DL,
	ENBKEY_A_VERTICAL,
	ENBKEY_A_KENB_STAR,
	ENBKEY_A_KENB_STAR_PENDING,
	ENBKEY_A_S_KENB,
	ENBKEY_A_SCG_COUNTER,
	__ENBKEY_A_LAST
};

#define ENBKEY_A_MAX (__ENBKEY_A_LAST - 1)

/* One PDU of ENBKEY_A_PDUS, in a request and in its reply. */
enum enbkey_pdu_attr {
	ENBKEY_PDU_A_UNSPEC,
	ENBKEY_PDU_A_RB_TYPE,
	ENBKEY_PDU_A_RB_ID,
	ENBKEY_PDU_A_DIR,
	ENBKEY_PDU_A_COUNT,
	ENBKEY_PDU_A_HDR,
	ENBKEY_PDU_A_DATA,
	ENBKEY_PDU_A_FLAGS,
	ENBKEY_PDU_A_ERROR,
	__ENBKEY_PDU_A_LAST
};

#define ENBKEY_PDU_A_MAX (__ENBKEY_PDU_A_LAST - 1)

enum enbkey_rb_type {
	ENBKEY_RB_SRB,
	ENBKEY_RB_DRB,
};

enum enbkey_dir {
	ENBKEY_DIR_UL,		/* DIRECTION 0, TS 33.401 B.1.2 */
	ENBKEY_DIR_DL,		/* DIRECTION 1 */
};

enum enbkey_pdu_flag {
	ENBKEY_PDU_F_INTEGRITY_ONLY = 1U << 0,
	ENBKEY_PDU_F_CIPHER_ONLY = 1U << 1,
	__ENBKEY_PDU_F_ALL = ENBKEY_PDU_F_INTEGRITY_ONLY |
			     ENBKEY_PDU_F_CIPHER_ONLY
};

/* Why an ENBKEY_CMD_EVENT notification was sent. */
enum enbkey_event {
	ENBKEY_EVENT_UNSPEC,
	ENBKEY_EVENT_UE_NEW,
	ENBKEY_EVENT_UE_DEL,
	ENBKEY_EVENT_KEY_SET,
	ENBKEY_EVENT_SEC_SET,
	ENBKEY_EVENT_KEY_REFRESH_NEEDED,
	ENBKEY_EVENT_NH_SET,
	ENBKEY_EVENT_HO_PREPARE,
	ENBKEY_EVENT_HO_COMMIT,
	ENBKEY_EVENT_HO_EXPORT,
	ENBKEY_EVENT_S_KENB,
	__ENBKEY_EVENT_LAST
};

#define ENBKEY_EVENT_MAX (__ENBKEY_EVENT_LAST - 1)

#endif /* _UAPI_LINUX_ENBKEY_H */
