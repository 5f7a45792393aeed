/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/enbkey.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_ENBKEY_H
#define _UAPI_LINUX_ENBKEY_H

#define ENBKEY_GENL_NAME	"enbkey"
#define ENBKEY_GENL_VERSION	1

#define ENBKEY_KENB_LEN			32
#define ENBKEY_AS_KEY_LEN		16
#define ENBKEY_NCC_MAX			7
#define ENBKEY_ALG_MAX			3
#define ENBKEY_SRB_MAX			2
#define ENBKEY_DRB_MAX			32
#define ENBKEY_PDU_HDR_MAX		8
#define ENBKEY_PDU_DATA_MAX		9000
#define ENBKEY_PDUS_MAX			256
#define ENBKEY_PDUS_DATA_MAX		49152
#define ENBKEY_REPLAY_WINDOW		64
#define ENBKEY_REPLAY_WINDOW_DRB	2048
#define ENBKEY_PCI_MAX			503
#define ENBKEY_EARFCN_MAX		262143
#define ENBKEY_SCG_COUNTER_MAX		65535
#define ENBKEY_CELLS_MAX		8
#define ENBKEY_CELL_ID_MAX		268435455
#define ENBKEY_CRNTI_MAX		65535

/**
 * enum enbkey_rb_type - The kind of a radio bearer.
 * @ENBKEY_RB_SRB: signalling radio bearer, SRB1..2
 * @ENBKEY_RB_DRB: data radio bearer, DRB1..32
 */
enum enbkey_rb_type {
	ENBKEY_RB_SRB,
	ENBKEY_RB_DRB,
};

/**
 * enum enbkey_dir - The direction of a PDU (TS 33.401 B.1.2).
 * @ENBKEY_DIR_UL: uplink, DIRECTION 0
 * @ENBKEY_DIR_DL: downlink, DIRECTION 1
 */
enum enbkey_dir {
	ENBKEY_DIR_UL,
	ENBKEY_DIR_DL,
};

/**
 * enum enbkey_pdu_flag - How one PDU is protected, when not in full.
 * @ENBKEY_PDU_F_INTEGRITY_ONLY: leave out ciphering: on an integrity-protected
 *   bearer only, and only until its first ciphered PDU in that direction under
 *   the current keys (the security mode procedure)
 * @ENBKEY_PDU_F_CIPHER_ONLY: leave out integrity: for DRBs without integrity,
 *   whose PDUs have no MAC-I anyway; refused on a bearer with integrity
 */
enum enbkey_pdu_flag {
	ENBKEY_PDU_F_INTEGRITY_ONLY = 1,
	ENBKEY_PDU_F_CIPHER_ONLY = 2,
};

/**
 * enum enbkey_event - Why an event notification was sent.
 * @ENBKEY_EVENT_UNSPEC: not sent
 * @ENBKEY_EVENT_UE_NEW: a UE was added
 * @ENBKEY_EVENT_UE_DEL: a UE was deleted
 * @ENBKEY_EVENT_KEY_SET: a KeNB was installed, current or pending
 * @ENBKEY_EVENT_SEC_SET: algorithms were selected and the AS keys derived
 * @ENBKEY_EVENT_KEY_REFRESH_NEEDED: a COUNT passed the module parameter
 *   count_threshold, or the SCG Counter ran out: the UE needs new keys
 * @ENBKEY_EVENT_NH_SET: an {NH, NCC} pair was installed
 * @ENBKEY_EVENT_HO_PREPARE: a cell was prepared
 * @ENBKEY_EVENT_HO_COMMIT: next keys became current
 * @ENBKEY_EVENT_HO_EXPORT: a KeNB* was exported
 * @ENBKEY_EVENT_S_KENB: an S-KeNB was derived
 * @ENBKEY_EVENT_HO_CANCEL: the prepared cells were dropped
 */
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

	/* private: */
	__ENBKEY_EVENT_MAX,
	ENBKEY_EVENT_MAX = (__ENBKEY_EVENT_MAX - 1)
};

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

enum enbkey_cell_attr {
	ENBKEY_CELL_A_UNSPEC,
	ENBKEY_CELL_A_PCI,
	ENBKEY_CELL_A_EARFCN_DL,
	ENBKEY_CELL_A_EXPORTED,

	__ENBKEY_CELL_A_LAST
};
#define ENBKEY_CELL_A_MAX (__ENBKEY_CELL_A_LAST - 1)

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

#define ENBKEY_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_ENBKEY_H */
