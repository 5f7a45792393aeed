// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "enbkey": the provisioning role installs keys,
 * the agent role uses them; no command returns KeNB, NH or an AS key.
 */

#include <crypto/algapi.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/moduleparam.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "handover.h"
#include "netlink.h"
#include "netns.h"
#include "pdcp.h"

static int agent_gid = -1;
module_param(agent_gid, int, 0644);
MODULE_PARM_DESC(agent_gid, "Group whose members may use agent commands (-1: none, CAP_NET_ADMIN only)");

static struct genl_family enbkey_nl_family;

/* TS 33.401 A.3 and A.4: KeNB and NH are 256 bits. */
static int enbkey_nl_validate_key(const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	if (nla_len(attr) == ENBKEY_KENB_LEN)
		return 0;
	if (nla_type(attr) == ENBKEY_A_NH)
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "NH must be " __stringify(ENBKEY_KENB_LEN) " octets");
	else
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "KeNB must be " __stringify(ENBKEY_KENB_LEN) " octets");
	return -EINVAL;
}

/* The one-time pad an exported key leaves the kernel under. */
static int enbkey_nl_validate_mask(const struct nlattr *attr,
				   struct netlink_ext_ack *extack)
{
	if (nla_len(attr) == ENBKEY_KENB_LEN)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "key mask must be " __stringify(ENBKEY_KENB_LEN) " random octets");
	return -EINVAL;
}

/*
 * A key in a command that takes none: refused, and wiped where it lies, in
 * the request that the core frees (and would echo in its error ACK) once
 * this refusal returns. nla_data() of a request is ours to write.
 */
static int enbkey_nl_refuse_key(const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	memzero_explicit(nla_data(attr), nla_len(attr));
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "keys are accepted by key set only; this one was wiped");
	return -EINVAL;
}

#define ENBKEY_NL_REPLY_ONLY \
	{ .type = NLA_REJECT, .reject_message = "attribute is only sent by the kernel" }
#define ENBKEY_NL_KEY_REFUSED \
	NLA_POLICY_VALIDATE_FN(NLA_BINARY, enbkey_nl_refuse_key)
#define ENBKEY_NL_BOOL		NLA_POLICY_MAX(NLA_U8, 1)

/* In every policy: what only replies carry, and keys, refused and wiped. */
#define ENBKEY_NL_REPLY_ATTRS \
	[ENBKEY_A_KEY_INSTALLED] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_KEY_GENERATION] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_INTEGRITY_FAILURES] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_KEY_REFRESH] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_EVENT] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_NH_PENDING] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_VERTICAL] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_KENB_STAR] = ENBKEY_NL_KEY_REFUSED, \
	[ENBKEY_A_KENB_STAR_PENDING] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_S_KENB] = ENBKEY_NL_KEY_REFUSED, \
	[ENBKEY_A_SCG_COUNTER] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_KENB_PENDING] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_CELLS] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_SHORT_MAC_I] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_BEARERS] = ENBKEY_NL_REPLY_ONLY

/* ... and of every command but key set, KeNB and NH. */
#define ENBKEY_NL_COMMON_ATTRS \
	[ENBKEY_A_UE_ID] = { .type = NLA_U32 }, \
	[ENBKEY_A_KENB] = ENBKEY_NL_KEY_REFUSED, \
	[ENBKEY_A_NH] = ENBKEY_NL_KEY_REFUSED, \
	ENBKEY_NL_REPLY_ATTRS

/*
 * Integer attributes with a range of their own have only their type in the
 * policies: the range is checked by enbkey_nl_check_ranges(), with a message
 * that names it. (A validation function would sit in the union the policy
 * dump of 6.1 reads as min and max, and trip its WARN_ON_ONCE: in every
 * error ACK about such an attribute, and in CTRL_CMD_GETPOLICY.)
 */
#define ENBKEY_NL_PCI		{ .type = NLA_U16 }
#define ENBKEY_NL_EARFCN	{ .type = NLA_U32 }
#define ENBKEY_NL_ALG		{ .type = NLA_U8 }

static const struct nla_policy enbkey_nl_ue_policy[ENBKEY_A_MAX + 1] = {
	ENBKEY_NL_COMMON_ATTRS,
};

static const struct nla_policy enbkey_nl_ue_new_policy[ENBKEY_A_MAX + 1] = {
	ENBKEY_NL_COMMON_ATTRS,
	[ENBKEY_A_EMERGENCY] = ENBKEY_NL_BOOL,
};

static const struct nla_policy enbkey_nl_ue_get_policy[ENBKEY_A_MAX + 1] = {
	ENBKEY_NL_COMMON_ATTRS,
	[ENBKEY_A_SHOW_BEARERS] = ENBKEY_NL_BOOL,
};

static const struct nla_policy enbkey_nl_key_set_policy[ENBKEY_A_MAX + 1] = {
	[ENBKEY_A_UE_ID] = { .type = NLA_U32 },
	[ENBKEY_A_KENB] = NLA_POLICY_VALIDATE_FN(NLA_BINARY, enbkey_nl_validate_key),
	[ENBKEY_A_NH] = NLA_POLICY_VALIDATE_FN(NLA_BINARY, enbkey_nl_validate_key),
	[ENBKEY_A_NCC] = { .type = NLA_U8 },
	ENBKEY_NL_REPLY_ATTRS,
};

static const struct nla_policy enbkey_nl_sec_set_policy[ENBKEY_A_MAX + 1] = {
	ENBKEY_NL_COMMON_ATTRS,
	[ENBKEY_A_EEA] = ENBKEY_NL_ALG,
	[ENBKEY_A_EIA] = ENBKEY_NL_ALG,
	[ENBKEY_A_UP_INTEGRITY] = ENBKEY_NL_BOOL,
};

static const struct nla_policy enbkey_nl_ho_prepare_policy[ENBKEY_A_MAX + 1] = {
	ENBKEY_NL_COMMON_ATTRS,
	[ENBKEY_A_PCI] = ENBKEY_NL_PCI,
	[ENBKEY_A_EARFCN_DL] = ENBKEY_NL_EARFCN,
	[ENBKEY_A_EEA] = ENBKEY_NL_ALG,
	[ENBKEY_A_EIA] = ENBKEY_NL_ALG,
};

/* ho commit: a prepared cell, optionally */
static const struct nla_policy enbkey_nl_ho_cell_policy[ENBKEY_A_MAX + 1] = {
	ENBKEY_NL_COMMON_ATTRS,
	[ENBKEY_A_PCI] = ENBKEY_NL_PCI,
	[ENBKEY_A_EARFCN_DL] = ENBKEY_NL_EARFCN,
};

#define ENBKEY_NL_KEY_MASK \
	NLA_POLICY_VALIDATE_FN(NLA_BINARY, enbkey_nl_validate_mask)

/* ho export: a prepared cell, optionally, and the mask of the key */
static const struct nla_policy enbkey_nl_ho_export_policy[ENBKEY_A_MAX + 1] = {
	ENBKEY_NL_COMMON_ATTRS,
	[ENBKEY_A_PCI] = ENBKEY_NL_PCI,
	[ENBKEY_A_EARFCN_DL] = ENBKEY_NL_EARFCN,
	[ENBKEY_A_KEY_MASK] = ENBKEY_NL_KEY_MASK,
};

static const struct nla_policy enbkey_nl_s_kenb_policy[ENBKEY_A_MAX + 1] = {
	ENBKEY_NL_COMMON_ATTRS,
	[ENBKEY_A_KEY_MASK] = ENBKEY_NL_KEY_MASK,
};

static const struct nla_policy enbkey_nl_short_mac_policy[ENBKEY_A_MAX + 1] = {
	ENBKEY_NL_COMMON_ATTRS,
	[ENBKEY_A_CELL_ID] = { .type = NLA_U32 },
	[ENBKEY_A_PCI] = ENBKEY_NL_PCI,
	[ENBKEY_A_CRNTI] = { .type = NLA_U32 },
};

static int enbkey_nl_validate_hdr(const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	if (nla_len(attr) <= ENBKEY_PDU_HDR_MAX)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr, "PDCP header must be at most "
			    __stringify(ENBKEY_PDU_HDR_MAX) " octets");
	return -EINVAL;
}

static int enbkey_nl_validate_data(const struct nlattr *attr,
				   struct netlink_ext_ack *extack)
{
	if (nla_len(attr) <= ENBKEY_PDU_DATA_MAX)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr, "PDU data must be at most "
			    __stringify(ENBKEY_PDU_DATA_MAX) " octets");
	return -EINVAL;
}

static const struct nla_policy enbkey_nl_pdu_policy[ENBKEY_PDU_A_MAX + 1] = {
	[ENBKEY_PDU_A_RB_TYPE] = NLA_POLICY_MAX(NLA_U8, ENBKEY_RB_DRB),
	[ENBKEY_PDU_A_RB_ID] = { .type = NLA_U8 },
	[ENBKEY_PDU_A_DIR] = NLA_POLICY_MAX(NLA_U8, ENBKEY_DIR_DL),
	[ENBKEY_PDU_A_COUNT] = { .type = NLA_U32 },
	[ENBKEY_PDU_A_HDR] = NLA_POLICY_VALIDATE_FN(NLA_BINARY, enbkey_nl_validate_hdr),
	[ENBKEY_PDU_A_DATA] = NLA_POLICY_VALIDATE_FN(NLA_BINARY, enbkey_nl_validate_data),
	[ENBKEY_PDU_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __ENBKEY_PDU_F_ALL),
	[ENBKEY_PDU_A_ERROR] = ENBKEY_NL_REPLY_ONLY,
};

static const struct nla_policy enbkey_nl_pdcp_policy[ENBKEY_A_MAX + 1] = {
	ENBKEY_NL_COMMON_ATTRS,
	[ENBKEY_A_PDUS] = NLA_POLICY_NESTED_ARRAY(enbkey_nl_pdu_policy),
	[ENBKEY_A_NEXT] = ENBKEY_NL_BOOL,
	[ENBKEY_A_PCI] = ENBKEY_NL_PCI,
	[ENBKEY_A_EARFCN_DL] = ENBKEY_NL_EARFCN,
};

struct enbkey_nl_range {
	u16 type;
	u32 min;
	u32 max;
	const char *msg;
};

/*
 * TS 33.401 7.2.8.4, 5.1.3.2 and 5.1.4.2; TS 36.211 6.11; TS 36.101 5.7.3;
 * TS 36.331 6.3.4 and 6.3.2
 */
static const struct enbkey_nl_range enbkey_nl_ranges[] = {
	{ ENBKEY_A_NCC, 0, ENBKEY_NCC_MAX,
	  "NCC must be 0.." __stringify(ENBKEY_NCC_MAX) },
	{ ENBKEY_A_EEA, 0, ENBKEY_ALG_MAX,
	  "EEA must be 0.." __stringify(ENBKEY_ALG_MAX) },
	{ ENBKEY_A_EIA, 0, ENBKEY_ALG_MAX,
	  "EIA must be 0.." __stringify(ENBKEY_ALG_MAX) },
	{ ENBKEY_A_PCI, 0, ENBKEY_PCI_MAX,
	  "PCI must be 0.." __stringify(ENBKEY_PCI_MAX) },
	{ ENBKEY_A_EARFCN_DL, 0, ENBKEY_EARFCN_MAX,
	  "EARFCN-DL must be 0.." __stringify(ENBKEY_EARFCN_MAX) },
	{ ENBKEY_A_CELL_ID, 0, ENBKEY_CELL_ID_MAX,
	  "cell identity must be 0..268435455 (28 bits)" },
	{ ENBKEY_A_CRNTI, 0, ENBKEY_CRNTI_MAX,
	  "C-RNTI must be 0..65535 (16 bits)" },
};

static const struct enbkey_nl_range enbkey_nl_rb_id_range = {
	ENBKEY_PDU_A_RB_ID, 1, ENBKEY_DRB_MAX,
	"RB identity must be 1..2 for an SRB, 1..32 for a DRB"
};

/* An integer attribute the policy has type-checked: u8, u16 or u32. */
static int enbkey_nl_check_range(const struct nlattr *attr,
				 const struct enbkey_nl_range *r,
				 struct netlink_ext_ack *extack)
{
	u32 v;

	switch (nla_len(attr)) {
	case sizeof(u8):
		v = nla_get_u8(attr);
		break;
	case sizeof(u16):
		v = nla_get_u16(attr);
		break;
	default:
		v = nla_get_u32(attr);
	}
	if (v >= r->min && v <= r->max)
		return 0;
	/* what NL_SET_ERR_MSG_ATTR() does, for a message from the table */
	if (extack) {
		extack->_msg = r->msg;
		extack->bad_attr = attr;
	}
	return -EINVAL;
}

/*
 * The ranges of the attributes of a parsed request, checked before anything
 * else of the handler so that they come out as policy errors do.
 */
int enbkey_nl_check_ranges(struct nlattr **tb, struct netlink_ext_ack *extack)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(enbkey_nl_ranges); i++) {
		if (!tb[enbkey_nl_ranges[i].type])
			continue;
		err = enbkey_nl_check_range(tb[enbkey_nl_ranges[i].type],
					    &enbkey_nl_ranges[i], extack);
		if (err)
			return err;
	}
	return 0;
}

/* The RB identity of each PDU of a request, which the policy type-checked. */
int enbkey_nl_check_pdus(struct nlattr **tb, struct netlink_ext_ack *extack)
{
	struct nlattr *entry, *attr;
	int rem, rem2, err;

	if (!tb[ENBKEY_A_PDUS])
		return 0;
	nla_for_each_nested(entry, tb[ENBKEY_A_PDUS], rem) {
		nla_for_each_nested(attr, entry, rem2) {
			if (nla_type(attr) != ENBKEY_PDU_A_RB_ID)
				continue;
			err = enbkey_nl_check_range(attr, &enbkey_nl_rb_id_range,
						    extack);
			if (err)
				return err;
		}
	}
	return 0;
}

/*
 * Runs for every do request genetlink parsed, before its handler: the ranges
 * the policies leave to code. ENBKEY_CMD_KEY_SET, which genetlink does not
 * parse, checks them in its handler.
 */
static int enbkey_nl_pre_doit(const struct ENBKEY_GENL_OPS *ops,
			      struct sk_buff *skb,
			      struct genl_info *info)
{
	int err;

	if (!info->attrs)
		return 0;
	err = enbkey_nl_check_ranges(info->attrs, info->extack);
	if (!err)
		err = enbkey_nl_check_pdus(info->attrs, info->extack);
	return err;
}

static bool enbkey_cred_in_group(const struct cred *cred, kgid_t gid)
{
	const struct group_info *groups = cred->group_info;
	int i;

	if (gid_eq(cred->fsgid, gid))
		return true;
	for (i = 0; i < groups->ngroups; i++)
		if (gid_eq(groups->gid[i], gid))
			return true;
	return false;
}

/*
 * The provisioning role: CAP_NET_ADMIN over the namespace. This is the test
 * GENL_UNS_ADMIN_PERM makes; it is done here so that a refusal says what is
 * missing.
 */
static int enbkey_nl_check_admin(struct sk_buff *skb,
				 struct netlink_ext_ack *extack)
{
	if (netlink_ns_capable(skb, sock_net(skb->sk)->user_ns, CAP_NET_ADMIN))
		return 0;
	NL_SET_ERR_MSG(extack, "provisioning commands need CAP_NET_ADMIN");
	return -EPERM;
}

/*
 * The agent role: CAP_NET_ADMIN over the namespace, or membership of
 * agent_gid. As netlink_ns_capable() does for capabilities, both the opener
 * of the socket and the sender must qualify, so that neither can lend its
 * rights to the other by passing the socket on.
 */
static int enbkey_nl_check_agent(struct sk_buff *skb,
				 struct netlink_ext_ack *extack)
{
	struct sock *sk = NETLINK_CB(skb).sk;
	kgid_t gid = make_kgid(&init_user_ns, READ_ONCE(agent_gid));

	if (netlink_ns_capable(skb, sock_net(sk)->user_ns, CAP_NET_ADMIN))
		return 0;
	if (gid_valid(gid) && sk->sk_socket && sk->sk_socket->file &&
	    enbkey_cred_in_group(sk->sk_socket->file->f_cred, gid) &&
	    in_group_p(gid))
		return 0;
	NL_SET_ERR_MSG(extack,
		       "agent commands need CAP_NET_ADMIN or membership of the group agent_gid");
	return -EPERM;
}

/* GENL_REQ_ATTR_CHECK() with a message a person can act on. */
#define enbkey_nl_require(info, type, msg) ({				\
	struct genl_info *__info = (info);				\
	int __err = 0;							\
									\
	if (!__info->attrs[type]) {					\
		NL_SET_ERR_MSG(__info->extack, msg);			\
		NL_SET_ERR_ATTR_MISS(__info->extack, NULL, type);	\
		__err = -EINVAL;					\
	}								\
	__err;								\
})

/* Looks up the UE the request names, with a reference held. */
static struct enbkey_ue *enbkey_nl_ue(struct genl_info *info, int *err)
{
	struct enbkey_ue *ue;

	*err = enbkey_nl_require(info, ENBKEY_A_UE_ID, "UE id is required");
	if (*err)
		return NULL;
	ue = enbkey_netns_ue_find(genl_info_net(info),
				  nla_get_u32(info->attrs[ENBKEY_A_UE_ID]));
	if (!ue) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ENBKEY_A_UE_ID],
				    "no UE with this id");
		*err = -ENOENT;
	}
	return ue;
}

/*
 * Locks @ue for a request; a UE deleted since it was looked up is gone for
 * the request too (the reference is then dropped).
 */
static int enbkey_nl_lock(struct genl_info *info, struct enbkey_ue *ue)
{
	mutex_lock(&ue->lock);
	if (!ue->dead)
		return 0;
	mutex_unlock(&ue->lock);
	enbkey_ue_put(ue);
	NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ENBKEY_A_UE_ID],
			    "no UE with this id");
	return -ENOENT;
}

/* The UE of the request, looked up and locked. */
static struct enbkey_ue *enbkey_nl_ue_lock(struct genl_info *info, int *err)
{
	struct enbkey_ue *ue = enbkey_nl_ue(info, err);

	if (ue)
		*err = enbkey_nl_lock(info, ue);
	return *err ? NULL : ue;
}

static void enbkey_nl_ue_unlock(struct enbkey_ue *ue)
{
	mutex_unlock(&ue->lock);
	enbkey_ue_put(ue);
}

/* The prepared cell a request names with PCI and EARFCN-DL, if any. */
static int enbkey_nl_cell(struct genl_info *info, struct enbkey_cell *cell)
{
	struct nlattr *pci = info->attrs[ENBKEY_A_PCI];
	struct nlattr *earfcn = info->attrs[ENBKEY_A_EARFCN_DL];

	if (!pci != !earfcn) {
		NL_SET_ERR_MSG_ATTR(info->extack, pci ?: earfcn,
				    "a cell is named by both its PCI and its EARFCN-DL");
		return -EINVAL;
	}
	cell->given = pci;
	if (pci) {
		cell->pci = nla_get_u16(pci);
		cell->earfcn_dl = nla_get_u32(earfcn);
	}
	return 0;
}

static int enbkey_nl_fill_cells(struct sk_buff *skb,
				const struct enbkey_ue_info *ui)
{
	struct nlattr *list, *entry;
	unsigned int i;

	if (!ui->n_cells)
		return 0;
	list = nla_nest_start(skb, ENBKEY_A_CELLS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < ui->n_cells; i++) {
		entry = nla_nest_start(skb, i);
		if (!entry ||
		    nla_put_u16(skb, ENBKEY_CELL_A_PCI, ui->cells[i].pci) ||
		    nla_put_u32(skb, ENBKEY_CELL_A_EARFCN_DL,
				ui->cells[i].earfcn_dl) ||
		    nla_put_u8(skb, ENBKEY_CELL_A_EXPORTED,
			       ui->cells[i].exported))
			return -EMSGSIZE;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, list);
	return 0;
}

/*
 * The COUNTs of each bearer that carried PDUs under @ks, for the Counter
 * Check procedure (TS 36.331 5.3.6): the next downlink COUNT and the highest
 * uplink COUNT accepted. The caller holds the UE's lock.
 */
static int enbkey_nl_fill_bearers(struct sk_buff *skb,
				  struct enbkey_keyset *ks)
{
	struct nlattr *list, *entry;
	struct enbkey_count *c;
	unsigned int i, n = 0;
	u8 type, id;

	list = nla_nest_start(skb, ENBKEY_A_BEARERS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; ks && i < ENBKEY_NR_BEARERS; i++) {
		type = i < ENBKEY_SRB_MAX ? ENBKEY_RB_SRB : ENBKEY_RB_DRB;
		id = i < ENBKEY_SRB_MAX ? i + 1 : i - ENBKEY_SRB_MAX + 1;
		c = enbkey_keyset_count(ks, type, id, false);
		if (!c || !(c->flags & (ENBKEY_COUNT_F_TX | ENBKEY_COUNT_F_RX)))
			continue;
		entry = nla_nest_start(skb, n++);
		if (!entry ||
		    nla_put_u8(skb, ENBKEY_BEARER_A_RB_TYPE, type) ||
		    nla_put_u8(skb, ENBKEY_BEARER_A_RB_ID, id) ||
		    nla_put_u64_64bit(skb, ENBKEY_BEARER_A_DL_COUNT,
				      c->flags & ENBKEY_COUNT_F_TX ?
				      (u64)c->tx_top + 1 : 0,
				      ENBKEY_BEARER_A_PAD) ||
		    ((c->flags & ENBKEY_COUNT_F_RX) &&
		     nla_put_u32(skb, ENBKEY_BEARER_A_UL_COUNT, c->rx_top)))
			return -EMSGSIZE;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, list);
	return 0;
}

/* One UE_GET message; with @bearers (the UE locked) its COUNT report. */
static int enbkey_nl_fill_ue(struct sk_buff *skb,
			     const struct enbkey_ue_info *ui,
			     struct enbkey_ue *bearers, u32 portid, u32 seq,
			     int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &enbkey_nl_family, flags,
			  ENBKEY_CMD_UE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, ENBKEY_A_UE_ID, ui->id) ||
	    nla_put_u8(skb, ENBKEY_A_KEY_INSTALLED, ui->has_kenb) ||
	    nla_put_u8(skb, ENBKEY_A_NCC, ui->ncc) ||
	    nla_put_u32(skb, ENBKEY_A_KEY_GENERATION, ui->key_generation) ||
	    nla_put_u32(skb, ENBKEY_A_INTEGRITY_FAILURES,
			ui->integrity_failures) ||
	    nla_put_u8(skb, ENBKEY_A_KEY_REFRESH, ui->key_refresh) ||
	    nla_put_u8(skb, ENBKEY_A_NH_PENDING, ui->has_nh) ||
	    nla_put_u8(skb, ENBKEY_A_KENB_STAR_PENDING, ui->n_cells > 0) ||
	    nla_put_u32(skb, ENBKEY_A_SCG_COUNTER, ui->scg_next) ||
	    nla_put_u8(skb, ENBKEY_A_EMERGENCY, ui->emergency) ||
	    nla_put_u8(skb, ENBKEY_A_KENB_PENDING, ui->kenb_pending) ||
	    enbkey_nl_fill_cells(skb, ui))
		goto err;
	if (ui->has_algs &&
	    (nla_put_u8(skb, ENBKEY_A_EEA, ui->eea) ||
	     nla_put_u8(skb, ENBKEY_A_EIA, ui->eia) ||
	     nla_put_u8(skb, ENBKEY_A_UP_INTEGRITY, ui->up_integrity)))
		goto err;
	if (bearers && enbkey_nl_fill_bearers(skb, bearers->cur))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * A metadata-only notification on the events group: UE id and event. The
 * caller holds the UE's lock, so that a UE's events keep their order.
 */
void enbkey_nl_notify(struct net *net, u32 id, u8 event)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&enbkey_nl_family, net, 0))
		return;
	msg = genlmsg_new(nla_total_size(sizeof(u32)) + nla_total_size(sizeof(u8)),
			  GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &enbkey_nl_family, 0, ENBKEY_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, ENBKEY_A_UE_ID, id) ||
	    nla_put_u8(msg, ENBKEY_A_EVENT, event)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&enbkey_nl_family, net, msg, 0, 0, GFP_KERNEL);
}

static void enbkey_nl_notify_ue(struct genl_info *info,
				const struct enbkey_ue *ue, u8 event)
{
	enbkey_nl_notify(genl_info_net(info), ue->id, event);
}

/* ENBKEY_CMD_UE_NEW and ENBKEY_CMD_UE_DEL */
static int enbkey_nl_ue_new_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *emergency = info->attrs[ENBKEY_A_EMERGENCY];
	struct net *net = genl_info_net(info);
	u32 id;
	int err;

	err = enbkey_nl_check_admin(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_require(info, ENBKEY_A_UE_ID, "UE id is required");
	if (err)
		return err;
	id = nla_get_u32(info->attrs[ENBKEY_A_UE_ID]);
	if (info->genlhdr->cmd == ENBKEY_CMD_UE_NEW)
		return enbkey_netns_ue_add(net, id,
					   emergency && nla_get_u8(emergency),
					   info->extack);
	return enbkey_netns_ue_del(net, id, info->extack);
}

static int enbkey_nl_ue_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *bearers = info->attrs[ENBKEY_A_SHOW_BEARERS];
	struct enbkey_ue_info ui;
	struct enbkey_ue *ue;
	struct sk_buff *msg;
	int err;

	err = enbkey_nl_check_agent(skb, info->extack);
	if (err)
		return err;
	ue = enbkey_nl_ue(info, &err);
	if (!ue)
		return err;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		enbkey_ue_put(ue);
		return -ENOMEM;
	}
	err = enbkey_nl_lock(info, ue);
	if (err)
		goto err_msg;
	enbkey_ue_info(ue, &ui);
	err = enbkey_nl_fill_ue(msg, &ui,
				bearers && nla_get_u8(bearers) ? ue : NULL,
				info->snd_portid, info->snd_seq, 0);
	enbkey_nl_ue_unlock(ue);
	if (err)
		goto err_msg;
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	return err;
}

/*
 * cb->args[0]: the next UE id to report; cb->args[1]: past the last id;
 * cb->args[2]: the request was checked. The check is made by the first call,
 * which runs in the sender's context and, unlike ->start() on this kernel,
 * can return an extack message.
 */
static int enbkey_nl_ue_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = enbkey_dump_attrs(cb);
	unsigned long index = cb->args[0];
	struct enbkey_ue_info ui;
	struct enbkey_ue *ue;
	int err;

	if (!cb->args[2]) {
		err = enbkey_nl_check_agent(cb->skb, cb->extack);
		if (err)
			return err;
		if (attrs[ENBKEY_A_UE_ID] || attrs[ENBKEY_A_SHOW_BEARERS]) {
			NL_SET_ERR_MSG_ATTR(cb->extack,
					    attrs[ENBKEY_A_UE_ID] ?:
					    attrs[ENBKEY_A_SHOW_BEARERS],
					    "a dump lists every UE; ask for one UE without NLM_F_DUMP");
			return -EINVAL;
		}
		cb->args[2] = 1;
	}
	if (cb->args[1])
		return 0;
	while ((ue = enbkey_netns_ue_next(sock_net(skb->sk), &index))) {
		mutex_lock(&ue->lock);
		enbkey_ue_info(ue, &ui);
		err = ue->dead;
		mutex_unlock(&ue->lock);
		enbkey_ue_put(ue);
		if (!err && enbkey_nl_fill_ue(skb, &ui, NULL,
					      NETLINK_CB(cb->skb).portid,
					      cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		if (index == U32_MAX) {
			cb->args[1] = 1;
			break;
		}
		index++;
	}
	cb->args[0] = index;
	return skb->len;
}

/* Wipes the attributes of a request: a key may be among them. */
static void enbkey_nl_wipe(const struct nlmsghdr *nlh)
{
	memzero_explicit(nlmsg_data(nlh) + GENL_HDRLEN,
			 nlmsg_len(nlh) - GENL_HDRLEN);
}

/*
 * Key installation is parsed here rather than by genetlink, so that the
 * request is wiped on every path, a refused one included: its memory would
 * otherwise keep the key after it is freed, and an error ACK would echo it.
 */
static int enbkey_nl_key_set(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlmsghdr *nlh = info->nlhdr;
	struct nlattr *tb[ENBKEY_A_MAX + 1];
	struct enbkey_ue *ue;
	u8 ncc = 0;
	int err;

	err = enbkey_nl_check_admin(skb, info->extack);
	if (err)
		goto out;
	if (info->genlhdr->reserved) {
		NL_SET_ERR_MSG(info->extack, "reserved genetlink header field must be 0");
		err = -EINVAL;
		goto out;
	}
	err = nlmsg_parse(nlh, GENL_HDRLEN, tb, ENBKEY_A_MAX,
			  enbkey_nl_key_set_policy, info->extack);
	if (!err)
		err = enbkey_nl_check_ranges(tb, info->extack);
	if (err)
		goto out;
	info->attrs = tb;
	if (!tb[ENBKEY_A_KENB] == !tb[ENBKEY_A_NH]) {
		NL_SET_ERR_MSG(info->extack, "give either a KeNB or an NH");
		err = -EINVAL;
		goto out;
	}
	if (tb[ENBKEY_A_NH]) {
		err = enbkey_nl_require(info, ENBKEY_A_NCC, "an NH needs its NCC");
		if (err)
			goto out;
	}
	ue = enbkey_nl_ue_lock(info, &err);
	if (!ue)
		goto out;
	if (tb[ENBKEY_A_NCC])
		ncc = nla_get_u8(tb[ENBKEY_A_NCC]);
	if (tb[ENBKEY_A_KENB]) {
		err = enbkey_ue_set_kenb(ue, nla_data(tb[ENBKEY_A_KENB]), ncc,
					 info->extack);
		if (!err)
			enbkey_nl_notify_ue(info, ue, ENBKEY_EVENT_KEY_SET);
	} else {
		err = enbkey_ho_set_nh(ue, nla_data(tb[ENBKEY_A_NH]), ncc,
				       info->extack);
		if (!err)
			enbkey_nl_notify_ue(info, ue, ENBKEY_EVENT_NH_SET);
	}
	enbkey_nl_ue_unlock(ue);
out:
	info->attrs = NULL;
	enbkey_nl_wipe(nlh);
	return err;
}

/*
 * ENBKEY_CMD_KEY_SET with NLM_F_DUMP: genetlink hands such a request to the
 * dump path, where ->start() is the first code of ours to see it. It wipes
 * the request (held until the dump ends) and the dump refuses it.
 */
static int enbkey_nl_key_set_start(struct netlink_callback *cb)
{
	enbkey_nl_wipe(cb->nlh);
	return 0;
}

static int enbkey_nl_key_set_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	NL_SET_ERR_MSG(cb->extack,
		       "key set is not a dump; send it without NLM_F_DUMP (the request was wiped)");
	return -EOPNOTSUPP;
}

static int enbkey_nl_sec_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *up = info->attrs[ENBKEY_A_UP_INTEGRITY];
	struct enbkey_ue *ue;
	bool changed;
	int err;

	err = enbkey_nl_check_agent(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_require(info, ENBKEY_A_EEA, "EEA is required");
	if (!err)
		err = enbkey_nl_require(info, ENBKEY_A_EIA, "EIA is required");
	if (err)
		return err;
	ue = enbkey_nl_ue_lock(info, &err);
	if (!ue)
		return err;
	err = enbkey_ue_set_algs(ue, nla_get_u8(info->attrs[ENBKEY_A_EEA]),
				 nla_get_u8(info->attrs[ENBKEY_A_EIA]),
				 up && nla_get_u8(up), &changed, info->extack);
	if (changed)
		enbkey_nl_notify_ue(info, ue, ENBKEY_EVENT_SEC_SET);
	enbkey_nl_ue_unlock(ue);
	return err;
}

/*
 * The PDUs of a request, checked for what each needs; their octets stay in
 * the request. Returns how many, or -errno.
 */
static int enbkey_nl_parse_pdus(struct genl_info *info, bool protect,
				struct enbkey_pdu **pdus)
{
	struct nlattr *list = info->attrs[ENBKEY_A_PDUS];
	struct nlattr *tb[ENBKEY_PDU_A_MAX + 1], *entry;
	size_t octets = 0;
	int n = 0, i = 0, rem, err;

	nla_for_each_nested(entry, list, rem)
		n++;
	if (!n || n > ENBKEY_PDUS_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, list,
				    "a request carries 1.." __stringify(ENBKEY_PDUS_MAX) " PDUs");
		return -EINVAL;
	}
	*pdus = kcalloc(n, sizeof(**pdus), GFP_KERNEL_ACCOUNT);
	if (!*pdus)
		return -ENOMEM;

	nla_for_each_nested(entry, list, rem) {
		struct enbkey_pdu *pdu = &(*pdus)[i++];

		err = nla_parse_nested(tb, ENBKEY_PDU_A_MAX, entry,
				       enbkey_nl_pdu_policy, info->extack);
		if (err)
			goto err;
		if (!tb[ENBKEY_PDU_A_RB_TYPE] || !tb[ENBKEY_PDU_A_RB_ID] ||
		    !tb[ENBKEY_PDU_A_COUNT] || !tb[ENBKEY_PDU_A_DATA]) {
			NL_SET_ERR_MSG_ATTR(info->extack, entry,
					    "every PDU needs RB type, RB identity, COUNT and data");
			err = -EINVAL;
			goto err;
		}
		pdu->rb_type = nla_get_u8(tb[ENBKEY_PDU_A_RB_TYPE]);
		pdu->rb_id = nla_get_u8(tb[ENBKEY_PDU_A_RB_ID]);
		/* the eNB's own direction when none is given */
		pdu->dir = protect ? ENBKEY_DIR_DL : ENBKEY_DIR_UL;
		if (tb[ENBKEY_PDU_A_DIR])
			pdu->dir = nla_get_u8(tb[ENBKEY_PDU_A_DIR]);
		pdu->count = nla_get_u32(tb[ENBKEY_PDU_A_COUNT]);
		pdu->data = nla_data(tb[ENBKEY_PDU_A_DATA]);
		pdu->data_len = nla_len(tb[ENBKEY_PDU_A_DATA]);
		if (tb[ENBKEY_PDU_A_HDR]) {
			pdu->hdr = nla_data(tb[ENBKEY_PDU_A_HDR]);
			pdu->hdr_len = nla_len(tb[ENBKEY_PDU_A_HDR]);
		}
		if (tb[ENBKEY_PDU_A_FLAGS])
			pdu->flags = nla_get_u32(tb[ENBKEY_PDU_A_FLAGS]);
		octets += pdu->hdr_len + pdu->data_len;
	}
	if (octets > ENBKEY_PDUS_DATA_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, list, "a request carries at most "
				    __stringify(ENBKEY_PDUS_DATA_MAX) " octets of PDUs");
		err = -E2BIG;
		goto err;
	}
	return n;
err:
	kfree(*pdus);
	return err;
}

/* Room for the reply: each PDU's result, data or error, and its nest. */
static size_t enbkey_nl_pdcp_size(const struct enbkey_pdu *pdus, int n)
{
	size_t size = 2 * nla_total_size(sizeof(u32)) + nla_total_size(0);
	int i;

	for (i = 0; i < n; i++)
		size += nla_total_size(0) +
			nla_total_size(pdus[i].hdr_len + pdus[i].data_len +
				       ENBKEY_MAC_LEN);
	return size;
}

/* One PDU's result into the reply: its data, or -errno. */
static int enbkey_nl_pdcp_one(struct sk_buff *msg, struct enbkey_keyset *ks,
			      struct enbkey_alg *alg,
			      const struct enbkey_pdu *pdu, bool protect,
			      struct netlink_ext_ack *extack)
{
	struct enbkey_pdcp_plan plan;
	struct nlattr *data;
	int err;

	err = enbkey_pdcp_plan(ks, pdu, protect, &plan, extack);
	if (err < 0)
		return err;
	data = nla_reserve(msg, ENBKEY_PDU_A_DATA, plan.out_len);
	if (WARN_ON_ONCE(!data))
		return -EMSGSIZE;
	if (protect)
		return enbkey_pdcp_protect(ks, alg, pdu, &plan, nla_data(data),
					   extack);
	return enbkey_pdcp_unprotect(ks, alg, pdu, &plan, nla_data(data),
				     extack);
}

/*
 * The keys a PDCP request uses: the current ones, or with ENBKEY_A_NEXT
 * (unprotect only) those of a prepared cell or the re-keying KeNB. Returns
 * NULL with *err set when there are none to use, or no algorithms.
 */
static struct enbkey_keyset *enbkey_nl_pdcp_keys(struct enbkey_ue *ue,
						 bool next,
						 const struct enbkey_cell *cell,
						 int *err,
						 struct netlink_ext_ack *extack)
{
	struct enbkey_keyset *ks = ue->cur;

	if (next) {
		ks = enbkey_ho_next(ue, cell, true, err, extack);
		if (!ks)
			return NULL;
		if (ks->exported) {
			NL_SET_ERR_MSG(extack,
				       "this cell's KeNB* was exported to another eNB; its keys are used there");
			*err = -EPERM;
			return NULL;
		}
	}
	if (!ks || !ks->has_algs) {
		NL_SET_ERR_MSG(extack, "security is not configured for this UE; run sec set first");
		*err = -ENOKEY;
		return NULL;
	}
	return ks;
}

/*
 * One reply for the whole batch, so that user-plane traffic does not pay a
 * system call per packet. A request of one PDU fails as a whole when its
 * PDU fails, with the reason in the extended ACK; in a batch each failed
 * PDU gets its errno in its place and the others go on.
 */
static int enbkey_nl_pdcp(struct sk_buff *skb, struct genl_info *info,
			  bool protect)
{
	struct nlattr *next_attr = info->attrs[ENBKEY_A_NEXT];
	bool next = next_attr && nla_get_u8(next_attr), refresh;
	struct nlattr *list, *entry;
	u32 generation;
	struct enbkey_keyset *ks;
	struct enbkey_pdu *pdus;
	struct enbkey_cell cell;
	struct enbkey_alg *alg;
	struct enbkey_ue *ue;
	struct sk_buff *msg;
	void *hdr;
	int n, i, err;

	err = enbkey_nl_check_agent(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_require(info, ENBKEY_A_PDUS, "PDUs are required");
	if (err)
		return err;
	if (protect && next) {
		NL_SET_ERR_MSG_ATTR(info->extack, next_attr,
				    "protect never uses the next keys; they are for the UE's first uplink PDUs");
		return -EINVAL;
	}
	err = enbkey_nl_cell(info, &cell);
	if (err)
		return err;
	if (cell.given && !next) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ENBKEY_A_PCI],
				    "a cell is named only to unprotect with its next keys");
		return -EINVAL;
	}
	ue = enbkey_nl_ue(info, &err);
	if (!ue)
		return err;
	n = enbkey_nl_parse_pdus(info, protect, &pdus);
	if (n < 0) {
		err = n;
		goto out_ue;
	}
	msg = genlmsg_new(enbkey_nl_pdcp_size(pdus, n), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out_pdus;
	}
	hdr = genlmsg_put_reply(msg, info, &enbkey_nl_family, 0,
				info->genlhdr->cmd);
	if (!hdr || nla_put_u32(msg, ENBKEY_A_UE_ID, ue->id)) {
		err = -EMSGSIZE;
		goto out_msg;
	}
	list = nla_nest_start(msg, ENBKEY_A_PDUS);

	err = enbkey_nl_lock(info, ue);
	if (err) {
		ue = NULL;
		goto out_msg;
	}
	ks = enbkey_nl_pdcp_keys(ue, next, &cell, &err, info->extack);
	if (!ks)
		goto out_unlock;
	refresh = ks->refresh;
	generation = ue->key_generation + (ks != ue->cur);
	alg = enbkey_alg_get();
	for (i = 0; i < n; i++) {
		entry = nla_nest_start(msg, i);
		err = enbkey_nl_pdcp_one(msg, ks, alg, &pdus[i], protect,
					 info->extack);
		if (err == -EBADMSG)
			ue->integrity_failures++;
		if (err && n == 1)
			break;
		if (err) {
			nla_nest_cancel(msg, entry);
			entry = nla_nest_start(msg, i);
			nla_put_u32(msg, ENBKEY_PDU_A_ERROR, -err);
			err = 0;
		}
		nla_nest_end(msg, entry);
	}
	enbkey_alg_put(alg);
	if (ks == ue->cur && !refresh && ks->refresh)
		enbkey_nl_notify_ue(info, ue, ENBKEY_EVENT_KEY_REFRESH_NEEDED);
out_unlock:
	mutex_unlock(&ue->lock);
	if (err)
		goto out_msg;
	nla_nest_end(msg, list);
	if (nla_put_u32(msg, ENBKEY_A_KEY_GENERATION, generation)) {
		err = -EMSGSIZE;
		goto out_msg;
	}
	genlmsg_end(msg, hdr);
	kfree(pdus);
	enbkey_ue_put(ue);
	return genlmsg_reply(msg, info);

out_msg:
	nlmsg_free(msg);
out_pdus:
	kfree(pdus);
out_ue:
	enbkey_ue_put(ue);
	return err;
}

static int enbkey_nl_pdcp_protect(struct sk_buff *skb, struct genl_info *info)
{
	return enbkey_nl_pdcp(skb, info, true);
}

static int enbkey_nl_pdcp_unprotect(struct sk_buff *skb,
				    struct genl_info *info)
{
	return enbkey_nl_pdcp(skb, info, false);
}

static int enbkey_nl_ho_prepare(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *eea = info->attrs[ENBKEY_A_EEA];
	struct nlattr *eia = info->attrs[ENBKEY_A_EIA];
	struct enbkey_ho_algs algs = {};
	struct enbkey_ue *ue;
	struct sk_buff *msg;
	bool vertical;
	void *hdr;
	u8 ncc;
	int err;

	err = enbkey_nl_check_agent(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_require(info, ENBKEY_A_PCI, "target PCI is required");
	if (!err)
		err = enbkey_nl_require(info, ENBKEY_A_EARFCN_DL,
					"target EARFCN-DL is required");
	if (err)
		return err;
	if (!eea != !eia) {
		NL_SET_ERR_MSG_ATTR(info->extack, eea ?: eia,
				    "the target's algorithms are EEA and EIA together");
		return -EINVAL;
	}
	if (eea) {
		algs.eea = nla_get_u8(eea);
		algs.eia = nla_get_u8(eia);
		algs.given = true;
	}
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ue = enbkey_nl_ue_lock(info, &err);
	if (!ue)
		goto err_msg;
	err = enbkey_ho_prepare(ue, nla_get_u16(info->attrs[ENBKEY_A_PCI]),
				nla_get_u32(info->attrs[ENBKEY_A_EARFCN_DL]),
				&algs, &ncc, &vertical, info->extack);
	if (!err)
		enbkey_nl_notify_ue(info, ue, ENBKEY_EVENT_HO_PREPARE);
	enbkey_nl_ue_unlock(ue);
	if (err)
		goto err_msg;

	hdr = genlmsg_put_reply(msg, info, &enbkey_nl_family, 0,
				ENBKEY_CMD_HO_PREPARE);
	if (!hdr ||
	    nla_put_u32(msg, ENBKEY_A_UE_ID,
			nla_get_u32(info->attrs[ENBKEY_A_UE_ID])) ||
	    nla_put_u8(msg, ENBKEY_A_NCC, ncc) ||
	    nla_put_u8(msg, ENBKEY_A_VERTICAL, vertical)) {
		err = -EMSGSIZE;
		goto err_msg;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	return err;
}

/* ENBKEY_CMD_HO_COMMIT and ENBKEY_CMD_HO_CANCEL */
static int enbkey_nl_ho_commit_cancel(struct sk_buff *skb,
				      struct genl_info *info)
{
	bool commit = info->genlhdr->cmd == ENBKEY_CMD_HO_COMMIT;
	struct enbkey_cell cell;
	struct enbkey_ue *ue;
	int err;

	err = enbkey_nl_check_agent(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_cell(info, &cell);
	if (err)
		return err;
	ue = enbkey_nl_ue_lock(info, &err);
	if (!ue)
		return err;
	if (commit)
		err = enbkey_ho_commit(ue, &cell, info->extack);
	else
		err = enbkey_ho_cancel(ue, info->extack);
	if (!err)
		enbkey_nl_notify_ue(info, ue, commit ? ENBKEY_EVENT_HO_COMMIT :
						       ENBKEY_EVENT_HO_CANCEL);
	enbkey_nl_ue_unlock(ue);
	return err;
}

/*
 * The one-time pad of a request for key material: copied to @mask and wiped
 * in the request, which the socket layer frees as it is.
 */
static int enbkey_nl_take_mask(struct genl_info *info,
			       u8 mask[ENBKEY_KENB_LEN])
{
	struct nlattr *attr = info->attrs[ENBKEY_A_KEY_MASK];
	int err;

	err = enbkey_nl_require(info, ENBKEY_A_KEY_MASK,
				"a key mask is required: the key is returned XORed with it");
	if (err)
		return err;
	memcpy(mask, nla_data(attr), ENBKEY_KENB_LEN);
	memzero_explicit(nla_data(attr), ENBKEY_KENB_LEN);
	return 0;
}

/* The size of a reply carrying a key and one integer attribute. */
static size_t enbkey_nl_key_size(void)
{
	return 2 * nla_total_size(sizeof(u32)) + nla_total_size(ENBKEY_KENB_LEN);
}

/*
 * The reply of the two commands that return key material, to the
 * provisioning role only: KeNB* for a target eNB and S-KeNB for a secondary
 * eNB, XORed with the request's @mask, then the integer attribute @attr of
 * @value_len octets at @value.
 *
 * The reply's buffer belongs to the socket once it is sent and is freed
 * unwiped after userspace reads it; netlink may also copy it to trim it.
 * So the key is masked as it is written: no copy of it in clear is ever in
 * an skb. The reply is sized exactly, which leaves netlink nothing to trim.
 */
static int enbkey_nl_fill_key(struct sk_buff *msg, struct genl_info *info,
			      int key_attr, const u8 *key, const u8 *mask,
			      int attr, const void *value, int value_len)
{
	struct nlattr *dst;
	void *hdr;

	hdr = genlmsg_put_reply(msg, info, &enbkey_nl_family, 0,
				info->genlhdr->cmd);
	if (!hdr ||
	    nla_put_u32(msg, ENBKEY_A_UE_ID,
			nla_get_u32(info->attrs[ENBKEY_A_UE_ID])))
		return -EMSGSIZE;
	dst = nla_reserve(msg, key_attr, ENBKEY_KENB_LEN);
	if (!dst)
		return -EMSGSIZE;
	crypto_xor_cpy(nla_data(dst), key, mask, ENBKEY_KENB_LEN);
	if (nla_put(msg, attr, value_len, value))
		return -EMSGSIZE;
	genlmsg_end(msg, hdr);
	return 0;
}

static int enbkey_nl_ho_export(struct sk_buff *skb, struct genl_info *info)
{
	u8 kenb_star[ENBKEY_KENB_LEN], mask[ENBKEY_KENB_LEN];
	struct enbkey_cell cell;
	struct enbkey_ue *ue;
	struct sk_buff *msg;
	u8 ncc;
	int err;

	err = enbkey_nl_check_admin(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_cell(info, &cell);
	if (err)
		return err;
	err = enbkey_nl_take_mask(info, mask);
	if (err)
		return err;
	msg = genlmsg_new(enbkey_nl_key_size(), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	ue = enbkey_nl_ue_lock(info, &err);
	if (!ue)
		goto out;
	err = enbkey_ho_export(ue, &cell, kenb_star, &ncc, info->extack);
	if (!err)
		err = enbkey_nl_fill_key(msg, info, ENBKEY_A_KENB_STAR,
					 kenb_star, mask, ENBKEY_A_NCC, &ncc,
					 sizeof(ncc));
	if (!err)
		enbkey_nl_notify_ue(info, ue, ENBKEY_EVENT_HO_EXPORT);
	enbkey_nl_ue_unlock(ue);
out:
	memzero_explicit(kenb_star, sizeof(kenb_star));
	memzero_explicit(mask, sizeof(mask));
	if (!err)
		return genlmsg_reply(msg, info);
	nlmsg_free(msg);
	return err;
}

static int enbkey_nl_s_kenb(struct sk_buff *skb, struct genl_info *info)
{
	u8 s_kenb[ENBKEY_KENB_LEN], mask[ENBKEY_KENB_LEN];
	bool refresh = false;
	struct enbkey_ue *ue;
	struct sk_buff *msg;
	u32 counter;
	int err;

	err = enbkey_nl_check_admin(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_take_mask(info, mask);
	if (err)
		return err;
	msg = genlmsg_new(enbkey_nl_key_size(), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	ue = enbkey_nl_ue_lock(info, &err);
	if (!ue)
		goto out;
	err = enbkey_ho_s_kenb(ue, s_kenb, &counter, &refresh, info->extack);
	if (refresh)
		enbkey_nl_notify_ue(info, ue, ENBKEY_EVENT_KEY_REFRESH_NEEDED);
	if (!err)
		err = enbkey_nl_fill_key(msg, info, ENBKEY_A_S_KENB, s_kenb,
					 mask, ENBKEY_A_SCG_COUNTER, &counter,
					 sizeof(counter));
	if (!err)
		enbkey_nl_notify_ue(info, ue, ENBKEY_EVENT_S_KENB);
	enbkey_nl_ue_unlock(ue);
out:
	memzero_explicit(s_kenb, sizeof(s_kenb));
	memzero_explicit(mask, sizeof(mask));
	if (!err)
		return genlmsg_reply(msg, info);
	nlmsg_free(msg);
	return err;
}

static int enbkey_nl_short_mac(struct sk_buff *skb, struct genl_info *info)
{
	struct enbkey_alg *alg;
	struct enbkey_ue *ue;
	struct sk_buff *msg;
	u16 short_mac;
	void *hdr;
	int err;

	err = enbkey_nl_check_agent(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_require(info, ENBKEY_A_CELL_ID, "target cell identity is required");
	if (!err)
		err = enbkey_nl_require(info, ENBKEY_A_PCI, "source PCI is required");
	if (!err)
		err = enbkey_nl_require(info, ENBKEY_A_CRNTI, "source C-RNTI is required");
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ue = enbkey_nl_ue_lock(info, &err);
	if (!ue)
		goto err_msg;
	alg = enbkey_alg_get();
	err = enbkey_pdcp_short_mac(ue->cur, alg,
				    nla_get_u32(info->attrs[ENBKEY_A_CELL_ID]),
				    nla_get_u16(info->attrs[ENBKEY_A_PCI]),
				    nla_get_u32(info->attrs[ENBKEY_A_CRNTI]),
				    &short_mac, info->extack);
	enbkey_alg_put(alg);
	enbkey_nl_ue_unlock(ue);
	if (err)
		goto err_msg;

	hdr = genlmsg_put_reply(msg, info, &enbkey_nl_family, 0,
				ENBKEY_CMD_SHORT_MAC);
	if (!hdr ||
	    nla_put_u32(msg, ENBKEY_A_UE_ID,
			nla_get_u32(info->attrs[ENBKEY_A_UE_ID])) ||
	    nla_put_u16(msg, ENBKEY_A_SHORT_MAC_I, short_mac)) {
		err = -EMSGSIZE;
		goto err_msg;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	return err;
}

/*
 * Requests of the other commands are parsed by genetlink with the policy
 * given here; maxattr is per command, as the family has none, so that
 * ENBKEY_CMD_KEY_SET, below resv_start_op, reaches its handler unparsed.
 * Every handler checks its role first: provisioning or agent.
 */
static const struct genl_ops enbkey_nl_ops[] = {
	{
		.cmd = ENBKEY_CMD_KEY_SET,
		.doit = enbkey_nl_key_set,
		.start = enbkey_nl_key_set_start,
		.dumpit = enbkey_nl_key_set_dump,
	},
	{
		.cmd = ENBKEY_CMD_UE_NEW,
		.doit = enbkey_nl_ue_new_del,
		.policy = enbkey_nl_ue_new_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_UE_DEL,
		.doit = enbkey_nl_ue_new_del,
		.policy = enbkey_nl_ue_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_UE_GET,
		.doit = enbkey_nl_ue_get,
		.dumpit = enbkey_nl_ue_dump,
		.policy = enbkey_nl_ue_get_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_SEC_SET,
		.doit = enbkey_nl_sec_set,
		.policy = enbkey_nl_sec_set_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_PDCP_PROTECT,
		.doit = enbkey_nl_pdcp_protect,
		.policy = enbkey_nl_pdcp_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_PDCP_UNPROTECT,
		.doit = enbkey_nl_pdcp_unprotect,
		.policy = enbkey_nl_pdcp_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_HO_PREPARE,
		.doit = enbkey_nl_ho_prepare,
		.policy = enbkey_nl_ho_prepare_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_HO_COMMIT,
		.doit = enbkey_nl_ho_commit_cancel,
		.policy = enbkey_nl_ho_cell_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_HO_EXPORT,
		.doit = enbkey_nl_ho_export,
		.policy = enbkey_nl_ho_export_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_S_KENB,
		.doit = enbkey_nl_s_kenb,
		.policy = enbkey_nl_s_kenb_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_HO_CANCEL,
		.doit = enbkey_nl_ho_commit_cancel,
		.policy = enbkey_nl_ue_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_SHORT_MAC,
		.doit = enbkey_nl_short_mac,
		.policy = enbkey_nl_short_mac_policy,
		.maxattr = ENBKEY_A_MAX,
	},
};

static const struct genl_multicast_group enbkey_nl_mcgrps[] = {
	{ .name = ENBKEY_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family enbkey_nl_family __ro_after_init = {
	.name = ENBKEY_GENL_NAME,
	.version = ENBKEY_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.resv_start_op = ENBKEY_CMD_KEY_SET + 1,
	.pre_doit = enbkey_nl_pre_doit,
	.ops = enbkey_nl_ops,
	.n_ops = ARRAY_SIZE(enbkey_nl_ops),
	.mcgrps = enbkey_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(enbkey_nl_mcgrps),
	.module = THIS_MODULE,
};

/* The request policy of a command, for the KUnit policy tests. */
const struct nla_policy *enbkey_nl_cmd_policy(u8 cmd)
{
	switch (cmd) {
	case ENBKEY_CMD_KEY_SET:
		return enbkey_nl_key_set_policy;
	case ENBKEY_CMD_UE_NEW:
		return enbkey_nl_ue_new_policy;
	case ENBKEY_CMD_UE_GET:
		return enbkey_nl_ue_get_policy;
	case ENBKEY_CMD_UE_DEL:
	case ENBKEY_CMD_HO_CANCEL:
		return enbkey_nl_ue_policy;
	case ENBKEY_CMD_S_KENB:
		return enbkey_nl_s_kenb_policy;
	case ENBKEY_CMD_HO_COMMIT:
		return enbkey_nl_ho_cell_policy;
	case ENBKEY_CMD_HO_EXPORT:
		return enbkey_nl_ho_export_policy;
	case ENBKEY_CMD_HO_PREPARE:
		return enbkey_nl_ho_prepare_policy;
	case ENBKEY_CMD_SEC_SET:
		return enbkey_nl_sec_set_policy;
	case ENBKEY_CMD_PDCP_PROTECT:
	case ENBKEY_CMD_PDCP_UNPROTECT:
		return enbkey_nl_pdcp_policy;
	case ENBKEY_CMD_SHORT_MAC:
		return enbkey_nl_short_mac_policy;
	}
	return NULL;
}

int enbkey_nl_init(void)
{
	/* The reply's list of results must fit one attribute. */
	BUILD_BUG_ON(NLA_HDRLEN + ENBKEY_PDUS_DATA_MAX +
		     ENBKEY_PDUS_MAX * (2 * NLA_HDRLEN + NLA_ALIGNTO +
					ENBKEY_MAC_LEN) > U16_MAX);
	return genl_register_family(&enbkey_nl_family);
}

void enbkey_nl_exit(void)
{
	genl_unregister_family(&enbkey_nl_family);
}
