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
 *   provisioning  CAP_NET_ADMIN over the namespace: creates and deletes UEs,
 *                 installs KeNB and {NH, NCC} as S1AP delivers them, and
 *                 exports the keys another eNB needs.
 *   agent         CAP_NET_ADMIN, or membership of the group given by the
 *                 module parameter agent_gid: the RRC/PDCP side. It selects
 *                 algorithms, runs the handover procedures and has PDCP PDUs
 *                 protected and verified, as an eNB does: downlink protect,
 *                 uplink unprotect.
 *
 * No command returns KeNB, NH or an access-stratum key. Every command below
 * is answered with an ACK (and, on error, an extended ACK carrying a
 * message) unless a reply is shown. A refused request changes nothing.
 *
 * Each UE has one set of current keys: a base key (KeNB) with its NCC, the
 * algorithms and the AS keys derived from them (TS 33.401 A.7), and the
 * COUNT state that goes with them. It may also hold next keys that are not
 * yet in use: either a re-keying KeNB from the MME, or up to
 * ENBKEY_CELLS_MAX cells prepared for a handover, each with its KeNB*. A
 * commit makes one next set current and wipes the others.
 *
 * The invariants the kernel holds over every sequence of commands:
 *
 *  1. Keystream once (TS 33.401 B.1.1, B.2.1): COUNT state belongs to the
 *     keys it protects and starts afresh only with new keys. Algorithms are
 *     selected once and change only at handover; a KeNB this UE already had
 *     (or handed to another eNB) is never taken into use again.
 *  2. The eNB's role: protect is downlink only, unprotect uplink only.
 *  3. SRB format (TS 36.323 6.3.4): an SRB PDU always carries the MAC-I;
 *     integrity-only protection is for the security mode procedure, before
 *     the first ciphered PDU of the bearer and direction.
 *  4. EIA0 only for an unauthenticated emergency UE (TS 33.401 5.1.4.1),
 *     and then without replay protection.
 *  5. Replay state moves only for authenticated PDUs: a PDU without a
 *     verified MAC-I neither checks nor advances it.
 *  6. One eNB per key: an exported KeNB* is never committed locally.
 *  7. No reply, error ACK, notification or log line carries a key; the
 *     request that carried a KeNB or NH is wiped, refused or not.
 *  8. Per-UE memory is charged to the caller's memory cgroup and bounded by
 *     max_ues (per namespace) and max_ues_total (all namespaces).
 *  9. Once UE_DEL returns, no request already in flight can use or change
 *     that UE's keys, and no event for the UE follows its UE_DEL event.
 *
 * ENBKEY_CMD_UE_NEW (provisioning)
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_EMERGENCY: NLA_U8, 0 or 1, optional: an unauthenticated
 *                       emergency UE, the only kind that may select EIA0
 *
 * ENBKEY_CMD_UE_DEL (provisioning)
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *     Every key of the UE is wiped before the ACK.
 *
 * ENBKEY_CMD_UE_GET (agent), do with ENBKEY_A_UE_ID, or dump with no attribute
 *   ENBKEY_A_UE_ID: NLA_U32, required for do, rejected for dump
 *   ENBKEY_A_SHOW_BEARERS: NLA_U8, 0 or 1, do only: add ENBKEY_A_BEARERS
 *
 *   reply (one message per UE, command ENBKEY_CMD_UE_GET):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_KEY_INSTALLED: NLA_U8, 1 when a KeNB is current, else 0
 *   ENBKEY_A_NCC: NLA_U8, next hop chaining count of the current KeNB
 *   ENBKEY_A_EEA: NLA_U8, absent until algorithms are selected
 *   ENBKEY_A_EIA: NLA_U8, absent until algorithms are selected
 *   ENBKEY_A_UP_INTEGRITY: NLA_U8, 1 when user-plane integrity is on
 *   ENBKEY_A_KEY_GENERATION: NLA_U32, number of KeNBs taken into use
 *   ENBKEY_A_INTEGRITY_FAILURES: NLA_U32, PDUs refused for a wrong MAC-I
 *   ENBKEY_A_KEY_REFRESH: NLA_U8, 1 when the UE needs new keys: a COUNT
 *                         passed the module parameter count_threshold, or
 *                         the SCG Counter ran out
 *   ENBKEY_A_NH_PENDING: NLA_U8, 1 when an unused {NH, NCC} pair is held
 *   ENBKEY_A_KENB_STAR_PENDING: NLA_U8, 1 when at least one cell is prepared
 *   ENBKEY_A_SCG_COUNTER: NLA_U32, the next SCG Counter, 0..0x10000
 *   ENBKEY_A_EMERGENCY: NLA_U8
 *   ENBKEY_A_KENB_PENDING: NLA_U8, 1 when a re-keying KeNB waits for commit
 *   ENBKEY_A_CELLS: NLA_NESTED_ARRAY, the prepared cells, absent when none
 *     0: NLA_NESTED
 *       ENBKEY_CELL_A_PCI: NLA_U16
 *       ENBKEY_CELL_A_EARFCN_DL: NLA_U32
 *       ENBKEY_CELL_A_EXPORTED: NLA_U8, 1 once its KeNB* was exported
 *   ENBKEY_A_BEARERS: NLA_NESTED_ARRAY, with ENBKEY_A_SHOW_BEARERS: each
 *                     bearer that carried PDUs under the current keys
 *     0: NLA_NESTED
 *       ENBKEY_BEARER_A_RB_TYPE: NLA_U8, enum enbkey_rb_type
 *       ENBKEY_BEARER_A_RB_ID: NLA_U8
 *       ENBKEY_BEARER_A_DL_COUNT: NLA_U64, the next downlink COUNT
 *       ENBKEY_BEARER_A_UL_COUNT: NLA_U32, the highest uplink COUNT
 *                                 accepted, absent when none was
 *
 * ENBKEY_CMD_KEY_SET (provisioning): a KeNB, or an {NH, NCC} pair
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_KENB: NLA_BINARY, exactly ENBKEY_KENB_LEN octets
 *   ENBKEY_A_NH: NLA_BINARY, exactly ENBKEY_KENB_LEN octets
 *   ENBKEY_A_NCC: NLA_U8, 0..ENBKEY_NCC_MAX; optional with a KeNB (default
 *                 0), required with an NH
 *     Exactly one of ENBKEY_A_KENB and ENBKEY_A_NH. Both are refused while
 *     cells are prepared (EBUSY): commit or cancel the handover first.
 *     A KeNB (S1AP Initial Context Setup, UE Context Modification, or the
 *     KeNB* a source eNB sent over X2) on a UE whose AS keys are not yet
 *     derived becomes its KeNB at once. On a UE whose AS keys are in use it
 *     is held pending (TS 33.401 7.2.9.2, re-keying): the current keys go
 *     on serving until ENBKEY_CMD_HO_COMMIT takes it into use as it is,
 *     with the same algorithms and fresh COUNT state; a newer pending KeNB
 *     replaces an older one. Either way an unused {NH, NCC} pair of the old
 *     key chain is dropped. The KeNB already current or pending, or one
 *     this UE had before or exported, is refused (EEXIST).
 *     An {NH, NCC} pair (S1AP Path Switch Request Acknowledge, Handover
 *     Request) is kept unused for the next handover, replacing an older
 *     unused pair (TS 33.401 7.2.8.4).
 *     The kernel wipes the request that carried the key, whether it accepts
 *     it or not, so an error ACK never echoes the key back; sent with
 *     NLM_F_DUMP it is wiped and refused (EOPNOTSUPP).
 *
 * ENBKEY_CMD_SEC_SET (agent): the AS security mode command
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_EEA: NLA_U8, 0..ENBKEY_ALG_MAX, required
 *   ENBKEY_A_EIA: NLA_U8, 0..ENBKEY_ALG_MAX, required
 *   ENBKEY_A_UP_INTEGRITY: NLA_U8, 0 or 1, optional, default 0
 *     Requires a KeNB. Derives KRRCenc, KRRCint, KUPenc and KUPint
 *     (TS 33.401 A.7); the keys never leave the kernel. Algorithms are
 *     selected once: another selection is refused (EBUSY) and the same one
 *     changes nothing; they change at handover (ENBKEY_CMD_HO_PREPARE).
 *     EIA0 is refused (EPERM) unless the UE was added as an emergency UE.
 *     EEA0..3 and EIA0..3 come in any combination: 128-EEA1/EIA1 (SNOW 3G),
 *     128-EEA2/EIA2 (AES), 128-EEA3/EIA3 (ZUC), TS 33.401 5.1.3.2, 5.1.4.2.
 *
 * ENBKEY_CMD_PDCP_PROTECT, ENBKEY_CMD_PDCP_UNPROTECT (agent)
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_NEXT: NLA_U8, 0 or 1, unprotect only: use the next keys, those
 *                  of a prepared cell or of the pending re-keying KeNB
 *   ENBKEY_A_PCI, ENBKEY_A_EARFCN_DL: with ENBKEY_A_NEXT, the prepared cell
 *                  whose keys to use; may be left out when only one cell
 *                  is prepared, and must be when a KeNB is pending
 *   ENBKEY_A_PDUS: NLA_NESTED_ARRAY, 1..ENBKEY_PDUS_MAX entries, required
 *     0: NLA_NESTED
 *       ENBKEY_PDU_A_RB_TYPE: NLA_U8, enum enbkey_rb_type, required
 *       ENBKEY_PDU_A_RB_ID: NLA_U8, SRB 1..2 or DRB 1..32, required
 *       ENBKEY_PDU_A_DIR: NLA_U8, enum enbkey_dir, optional: protect is
 *                         downlink and unprotect uplink only
 *       ENBKEY_PDU_A_COUNT: NLA_U32, HFN || SN, required
 *       ENBKEY_PDU_A_HDR: NLA_BINARY, 0..ENBKEY_PDU_HDR_MAX octets, optional
 *       ENBKEY_PDU_A_DATA: NLA_BINARY, 0..ENBKEY_PDU_DATA_MAX octets, required
 *       ENBKEY_PDU_A_FLAGS: NLA_U32, enum enbkey_pdu_flag, optional
 *     1: NLA_NESTED
 *       ...
 *
 *   reply (same command):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_KEY_GENERATION: NLA_U32, the generation of the keys that served
 *                  the whole request: the UE's key generation, or with
 *                  ENBKEY_A_NEXT the one those keys get when committed
 *   ENBKEY_A_PDUS: NLA_NESTED_ARRAY, one entry per PDU, in order
 *     0: NLA_NESTED
 *       ENBKEY_PDU_A_DATA: NLA_BINARY, protect: the PDU, header included;
 *                          unprotect: the payload, without header and MAC-I
 *       or ENBKEY_PDU_A_ERROR: NLA_U32, a positive errno for this PDU
 *
 *     TS 36.323 5.6 and 5.7, TS 33.401 Annex B. BEARER is RB_ID - 1. An SRB
 *     PDU is HDR || EEA(KRRCenc)(DATA || MAC-I) with MAC-I = EIA(KRRCint)
 *     over HDR || DATA; a DRB PDU is HDR || EEA(KUPenc)(DATA), or handled as
 *     an SRB one with KUPint when user-plane integrity is on.
 *     INTEGRITY_ONLY leaves out ciphering, on an integrity-protected bearer
 *     only and only until its first ciphered PDU in that direction under
 *     the current keys. CIPHER_ONLY is for DRBs without integrity, whose
 *     PDUs have no MAC-I anyway; on a bearer with integrity it is refused.
 *     Protect refuses a COUNT not above the highest already protected on
 *     that bearer under the current keys. Unprotect of an authenticated
 *     PDU (a MAC-I checked with EIA1..3) refuses a COUNT already accepted,
 *     or behind the replay window (ENBKEY_REPLAY_WINDOW COUNTs on an SRB,
 *     ENBKEY_REPLAY_WINDOW_DRB on a DRB with integrity), and only a PDU
 *     whose MAC-I verified moves that window; a wrong MAC-I returns no data
 *     and counts the failure on the UE. Other PDUs (a DRB without integrity,
 *     EIA0) have no replay state. The next keys, which protect never uses,
 *     have COUNT state of their own that a commit carries over.
 *     A request of one PDU fails as a whole, with an extended ACK, when its
 *     PDU fails; in a request of several, each PDU fails on its own.
 *
 * ENBKEY_CMD_HO_PREPARE (agent): handover, re-establishment or key refresh
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_PCI: NLA_U16, 0..ENBKEY_PCI_MAX, target PCI, required
 *   ENBKEY_A_EARFCN_DL: NLA_U32, 0..ENBKEY_EARFCN_MAX, target EARFCN-DL,
 *                       required
 *   ENBKEY_A_EEA, ENBKEY_A_EIA: NLA_U8, optional, both or neither: the
 *                       algorithms the target cell selects (TS 33.401
 *                       7.2.4.2.2); by default the current ones
 *
 *   reply (same command):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_NCC: NLA_U8, the NCC the UE is to use with KeNB*
 *   ENBKEY_A_VERTICAL: NLA_U8, 1 when KeNB* came from an unused NH
 *
 *     TS 33.401 A.5 and 7.2.8.4: KeNB* = KDF(K, 0x13, PCI, EARFCN-DL), with
 *     EARFCN-DL in 2 octets up to 65535 and in 3 above. K is the unused NH
 *     when there is one (vertical derivation: its NCC goes with KeNB*),
 *     else the current KeNB (horizontal: NCC stays). Up to
 *     ENBKEY_CELLS_MAX cells may be prepared, all from the K of the first;
 *     preparing a prepared cell again replaces it. The unused NH is
 *     consumed only when a vertical KeNB* is committed or exported. KeNB*
 *     is never returned to the agent. Refused while a re-keying KeNB is
 *     pending (EBUSY).
 *
 * ENBKEY_CMD_HO_COMMIT (agent): intra-eNB handover, re-establishment, key
 *   refresh or re-keying completes on this eNB
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_PCI, ENBKEY_A_EARFCN_DL: optional, both or neither: the
 *                       prepared cell to commit; may be left out when only
 *                       one is prepared, and must be for a re-keying KeNB
 *     The next keys become current, with the COUNT state they already
 *     have; the SCG Counter restarts, the key generation is incremented,
 *     and the old keys and every other prepared cell are wiped. A cell
 *     whose KeNB* was exported is refused (EPERM): another eNB holds it.
 *
 * ENBKEY_CMD_HO_CANCEL (agent): the handover preparation is dropped
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *     Every prepared cell is wiped; an unused NH stays unused.
 *
 * ENBKEY_CMD_HO_EXPORT (provisioning): the key for X2AP Handover Request
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_PCI, ENBKEY_A_EARFCN_DL: optional, both or neither, as for
 *                       ENBKEY_CMD_HO_COMMIT
 *   ENBKEY_A_KEY_MASK: NLA_BINARY, exactly ENBKEY_KENB_LEN octets, required:
 *                       a one-time pad, fresh random octets for each request
 *
 *   reply (same command):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_KENB_STAR: NLA_BINARY, ENBKEY_KENB_LEN octets: KeNB* XOR mask
 *   ENBKEY_A_NCC: NLA_U8
 *
 *     The cell is marked exported and can no longer be committed here.
 *
 * ENBKEY_CMD_S_KENB (provisioning): dual connectivity, SeNB Addition Request
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_KEY_MASK: NLA_BINARY, as for ENBKEY_CMD_HO_EXPORT, required
 *
 *   reply (same command):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_S_KENB: NLA_BINARY, ENBKEY_KENB_LEN octets: S-KeNB XOR mask
 *   ENBKEY_A_SCG_COUNTER: NLA_U32, the SCG Counter it was derived with
 *
 *     TS 33.401 A.15: S-KeNB = KDF(KeNB, 0x1C, SCG Counter in 2 octets).
 *     The counter starts at 0 with each KeNB and is never used twice; once
 *     ENBKEY_SCG_COUNTER_MAX is spent the UE is marked as needing a key
 *     refresh and the command is refused.
 *
 * ENBKEY_CMD_SHORT_MAC (agent): shortMAC-I, TS 36.331 5.3.7.4
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_CELL_ID: NLA_U32, 0..ENBKEY_CELL_ID_MAX, the target cell's
 *                     cellIdentity, required
 *   ENBKEY_A_PCI: NLA_U16, 0..ENBKEY_PCI_MAX, the source PCell, required
 *   ENBKEY_A_CRNTI: NLA_U32, 0..ENBKEY_CRNTI_MAX, the C-RNTI in the source
 *                   PCell, required
 *
 *   reply (same command):
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_SHORT_MAC_I: NLA_U16, the 16 least significant bits of the
 *                         MAC-I over VarShortMAC-Input, with the current
 *                         KRRCint and EIA, COUNT, BEARER and DIRECTION all
 *                         ones; no COUNT state is used or changed
 *
 * ENBKEY_CMD_HO_EXPORT and ENBKEY_CMD_S_KENB are the only commands that
 * return key material, and only to CAP_NET_ADMIN: keys a target or
 * secondary eNB needs, never KeNB, NH or an AS key. The key leaves the
 * kernel XORed with the caller's mask, which the kernel wipes from the
 * request: a reply buffer is freed by the socket layer, unwiped, once it
 * is read, so only the masked key is ever left in freed memory.
 *
 * ENBKEY_CMD_EVENT (notification on ENBKEY_MCGRP_EVENTS only)
 *   ENBKEY_A_UE_ID: NLA_U32
 *   ENBKEY_A_EVENT: NLA_U8, enum enbkey_event
 *
 * Attributes a command does not list are rejected, as are reply-only
 * attributes in a request. A KeNB or NH attribute sent in another command
 * is refused, and wiped as it is.
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
#define ENBKEY_REPLAY_WINDOW	64	/* COUNTs unprotect remembers, SRB */
/* and on a DRB with integrity: the reordering window of a 12-bit SN */
#define ENBKEY_REPLAY_WINDOW_DRB 2048
#define ENBKEY_PCI_MAX		503	/* physical cell identity, TS 36.211 6.11 */
#define ENBKEY_EARFCN_MAX	262143	/* EARFCN-DL, TS 36.101 5.7.3 */
#define ENBKEY_SCG_COUNTER_MAX	0xffff	/* SCG Counter, 16 bits, TS 33.401 A.15 */
#define ENBKEY_CELLS_MAX	8	/* cells prepared for one handover */
#define ENBKEY_CELL_ID_MAX	0xfffffff /* cellIdentity, 28 bits, TS 36.331 */
#define ENBKEY_CRNTI_MAX	0xffff	/* C-RNTI, 16 bits, TS 36.331 */

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
	ENBKEY_CMD_HO_CANCEL,
	ENBKEY_CMD_SHORT_MAC,
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
	ENBKEY_A_EMERGENCY,
	ENBKEY_A_KENB_PENDING,
	ENBKEY_A_CELLS,
	ENBKEY_A_NEXT,
	ENBKEY_A_CELL_ID,
	ENBKEY_A_CRNTI,
	ENBKEY_A_SHORT_MAC_I,
	ENBKEY_A_SHOW_BEARERS,
	ENBKEY_A_BEARERS,
	ENBKEY_A_KEY_MASK,
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

/* One prepared cell of ENBKEY_A_CELLS. */
enum enbkey_cell_attr {
	ENBKEY_CELL_A_UNSPEC,
	ENBKEY_CELL_A_PCI,
	ENBKEY_CELL_A_EARFCN_DL,
	ENBKEY_CELL_A_EXPORTED,
	__ENBKEY_CELL_A_LAST
};

#define ENBKEY_CELL_A_MAX (__ENBKEY_CELL_A_LAST - 1)

/* One bearer of ENBKEY_A_BEARERS: its COUNTs, for the Counter Check. */
enum enbkey_bearer_attr {
	ENBKEY_BEARER_A_UNSPEC,
	ENBKEY_BEARER_A_PAD,
	ENBKEY_BEARER_A_RB_TYPE,
	ENBKEY_BEARER_A_RB_ID,
	ENBKEY_BEARER_A_DL_COUNT,
	ENBKEY_BEARER_A_UL_COUNT,
	__ENBKEY_BEARER_A_LAST
};

#define ENBKEY_BEARER_A_MAX (__ENBKEY_BEARER_A_LAST - 1)

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
	ENBKEY_EVENT_HO_CANCEL,
	__ENBKEY_EVENT_LAST
};

#define ENBKEY_EVENT_MAX (__ENBKEY_EVENT_LAST - 1)

#endif /* _UAPI_LINUX_ENBKEY_H */
