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
 *
 * ENBKEY_CMD_KEY_SET (provisioning)
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_KENB: NLA_BINARY, exactly ENBKEY_KENB_LEN octets, required
 *   ENBKEY_A_NCC: NLA_U8, 0..ENBKEY_NCC_MAX, optional, default 0
 *     Replaces any previous KeNB and increments the key generation. When
 *     algorithms are selected the four AS keys are derived again at once.
 *     The kernel wipes the request that carried the key, whether it accepts
 *     it or not, so an error ACK never echoes the key back.
 *
 * ENBKEY_CMD_SEC_SET (agent)
 *   ENBKEY_A_UE_ID: NLA_U32, required
 *   ENBKEY_A_EEA: NLA_U8, 0..ENBKEY_ALG_MAX, required
 *   ENBKEY_A_EIA: NLA_U8, 0..ENBKEY_ALG_MAX, required
 *     Requires an installed KeNB. Derives KRRCenc, KRRCint, KUPenc and KUPint
 *     (TS 33.401 A.7); the keys never leave the kernel.
 *
 * Attributes a command does not list are rejected, as are reply-only
 * attributes in a request.
 *
 * Multicast group ENBKEY_MCGRP_EVENTS ("events") is reserved for metadata
 * notifications; subscribing needs CAP_NET_ADMIN.
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
	__ENBKEY_A_LAST
};

#define ENBKEY_A_MAX (__ENBKEY_A_LAST - 1)

#endif /* _UAPI_LINUX_ENBKEY_H */
