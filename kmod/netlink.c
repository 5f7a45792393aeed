// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "enbkey": the provisioning role installs keys,
 * the agent role uses them; no command returns a key.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/moduleparam.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "netlink.h"
#include "netns.h"

static int agent_gid = -1;
module_param(agent_gid, int, 0644);
MODULE_PARM_DESC(agent_gid, "Group whose members may use agent commands (-1: none, CAP_NET_ADMIN only)");

static struct genl_family enbkey_nl_family;

/* TS 33.401 7.2.8.4: NCC is a 3-bit counter. */
static int enbkey_nl_validate_ncc(const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	if (nla_get_u8(attr) <= ENBKEY_NCC_MAX)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "NCC must be 0.." __stringify(ENBKEY_NCC_MAX));
	return -EINVAL;
}

/* TS 33.401 5.1.3.2 and 5.1.4.2: EEA0..3 and EIA0..3 are assigned. */
static int enbkey_nl_validate_eea(const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	if (nla_get_u8(attr) <= ENBKEY_ALG_MAX)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "EEA must be 0.." __stringify(ENBKEY_ALG_MAX));
	return -EINVAL;
}

static int enbkey_nl_validate_eia(const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	if (nla_get_u8(attr) <= ENBKEY_ALG_MAX)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "EIA must be 0.." __stringify(ENBKEY_ALG_MAX));
	return -EINVAL;
}

static int enbkey_nl_validate_kenb(const struct nlattr *attr,
				   struct netlink_ext_ack *extack)
{
	if (nla_len(attr) == ENBKEY_KENB_LEN)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "KeNB must be " __stringify(ENBKEY_KENB_LEN) " octets");
	return -EINVAL;
}

#define ENBKEY_NL_REPLY_ONLY \
	{ .type = NLA_REJECT, .reject_message = "attribute is only sent by the kernel" }

#define ENBKEY_NL_REPLY_ATTRS \
	[ENBKEY_A_KEY_INSTALLED] = ENBKEY_NL_REPLY_ONLY, \
	[ENBKEY_A_KEY_GENERATION] = ENBKEY_NL_REPLY_ONLY

static const struct nla_policy enbkey_nl_ue_policy[ENBKEY_A_MAX + 1] = {
	[ENBKEY_A_UE_ID] = { .type = NLA_U32 },
	ENBKEY_NL_REPLY_ATTRS,
};

static const struct nla_policy enbkey_nl_key_set_policy[ENBKEY_A_MAX + 1] = {
	[ENBKEY_A_UE_ID] = { .type = NLA_U32 },
	[ENBKEY_A_KENB] = NLA_POLICY_VALIDATE_FN(NLA_BINARY, enbkey_nl_validate_kenb),
	[ENBKEY_A_NCC] = NLA_POLICY_VALIDATE_FN(NLA_U8, enbkey_nl_validate_ncc),
	ENBKEY_NL_REPLY_ATTRS,
};

static const struct nla_policy enbkey_nl_sec_set_policy[ENBKEY_A_MAX + 1] = {
	[ENBKEY_A_UE_ID] = { .type = NLA_U32 },
	[ENBKEY_A_EEA] = NLA_POLICY_VALIDATE_FN(NLA_U8, enbkey_nl_validate_eea),
	[ENBKEY_A_EIA] = NLA_POLICY_VALIDATE_FN(NLA_U8, enbkey_nl_validate_eia),
	ENBKEY_NL_REPLY_ATTRS,
};

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

static int enbkey_nl_fill_ue(struct sk_buff *skb,
			     const struct enbkey_ue_info *ui,
			     u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &enbkey_nl_family, flags,
			  ENBKEY_CMD_UE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, ENBKEY_A_UE_ID, ui->id) ||
	    nla_put_u8(skb, ENBKEY_A_KEY_INSTALLED, ui->has_kenb) ||
	    nla_put_u8(skb, ENBKEY_A_NCC, ui->ncc) ||
	    nla_put_u32(skb, ENBKEY_A_KEY_GENERATION, ui->key_generation))
		goto err;
	if (ui->has_algs &&
	    (nla_put_u8(skb, ENBKEY_A_EEA, ui->eea) ||
	     nla_put_u8(skb, ENBKEY_A_EIA, ui->eia)))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int enbkey_nl_ue_new(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	err = enbkey_nl_check_admin(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_require(info, ENBKEY_A_UE_ID, "UE id is required");
	if (err)
		return err;
	return enbkey_netns_ue_add(genl_info_net(info),
				   nla_get_u32(info->attrs[ENBKEY_A_UE_ID]),
				   info->extack);
}

static int enbkey_nl_ue_del(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	err = enbkey_nl_check_admin(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_require(info, ENBKEY_A_UE_ID, "UE id is required");
	if (err)
		return err;
	return enbkey_netns_ue_del(genl_info_net(info),
				   nla_get_u32(info->attrs[ENBKEY_A_UE_ID]),
				   info->extack);
}

static int enbkey_nl_ue_get(struct sk_buff *skb, struct genl_info *info)
{
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
	enbkey_ue_info(ue, &ui);
	enbkey_ue_put(ue);

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = enbkey_nl_fill_ue(msg, &ui, info->snd_portid, info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * cb->args[0]: the next UE id to report; cb->args[1]: past the last id;
 * cb->args[2]: the request was checked. The check is made by the first call,
 * which runs in the sender's context and, unlike ->start() on this kernel,
 * can return an extack message.
 */
static int enbkey_nl_ue_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	unsigned long index = cb->args[0];
	struct enbkey_ue_info ui;
	struct enbkey_ue *ue;
	int err;

	if (!cb->args[2]) {
		err = enbkey_nl_check_agent(cb->skb, cb->extack);
		if (err)
			return err;
		if (info->attrs[ENBKEY_A_UE_ID]) {
			NL_SET_ERR_MSG_ATTR(cb->extack, info->attrs[ENBKEY_A_UE_ID],
					    "a dump lists every UE; ask for one UE without NLM_F_DUMP");
			return -EINVAL;
		}
		cb->args[2] = 1;
	}
	if (cb->args[1])
		return 0;
	while ((ue = enbkey_netns_ue_next(sock_net(skb->sk), &index))) {
		enbkey_ue_info(ue, &ui);
		enbkey_ue_put(ue);
		if (enbkey_nl_fill_ue(skb, &ui, NETLINK_CB(cb->skb).portid,
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

/*
 * Key installation is parsed here rather than by genetlink, so that the
 * request is wiped on every path, a refused one included: its memory would
 * otherwise keep the key after it is freed, and an error ACK would echo it.
 */
static int enbkey_nl_key_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlmsghdr *nlh = info->nlhdr;
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
	if (err)
		goto out;
	info->attrs = tb;
	err = enbkey_nl_require(info, ENBKEY_A_KENB, "KeNB is required");
	if (err)
		goto out;
	ue = enbkey_nl_ue(info, &err);
	if (!ue)
		goto out;
	if (tb[ENBKEY_A_NCC])
		ncc = nla_get_u8(tb[ENBKEY_A_NCC]);
	err = enbkey_ue_set_kenb(ue, nla_data(tb[ENBKEY_A_KENB]), ncc,
				 info->extack);
	enbkey_ue_put(ue);
out:
	info->attrs = NULL;
	memzero_explicit(nlmsg_data(nlh) + GENL_HDRLEN,
			 nlmsg_len(nlh) - GENL_HDRLEN);
	return err;
}

static int enbkey_nl_sec_set(struct sk_buff *skb, struct genl_info *info)
{
	struct enbkey_ue *ue;
	int err;

	err = enbkey_nl_check_agent(skb, info->extack);
	if (err)
		return err;
	err = enbkey_nl_require(info, ENBKEY_A_EEA, "EEA is required");
	if (!err)
		err = enbkey_nl_require(info, ENBKEY_A_EIA, "EIA is required");
	if (err)
		return err;
	ue = enbkey_nl_ue(info, &err);
	if (!ue)
		return err;
	err = enbkey_ue_set_algs(ue, nla_get_u8(info->attrs[ENBKEY_A_EEA]),
				 nla_get_u8(info->attrs[ENBKEY_A_EIA]),
				 info->extack);
	enbkey_ue_put(ue);
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
	},
	{
		.cmd = ENBKEY_CMD_UE_NEW,
		.doit = enbkey_nl_ue_new,
		.policy = enbkey_nl_ue_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_UE_DEL,
		.doit = enbkey_nl_ue_del,
		.policy = enbkey_nl_ue_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_UE_GET,
		.doit = enbkey_nl_ue_get,
		.dumpit = enbkey_nl_ue_dump,
		.policy = enbkey_nl_ue_policy,
		.maxattr = ENBKEY_A_MAX,
	},
	{
		.cmd = ENBKEY_CMD_SEC_SET,
		.doit = enbkey_nl_sec_set,
		.policy = enbkey_nl_sec_set_policy,
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
	case ENBKEY_CMD_UE_DEL:
	case ENBKEY_CMD_UE_GET:
		return enbkey_nl_ue_policy;
	case ENBKEY_CMD_SEC_SET:
		return enbkey_nl_sec_set_policy;
	}
	return NULL;
}

int enbkey_nl_init(void)
{
	return genl_register_family(&enbkey_nl_family);
}

void enbkey_nl_exit(void)
{
	genl_unregister_family(&enbkey_nl_family);
}
