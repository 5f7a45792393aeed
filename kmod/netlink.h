/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family "enbkey".
 */

#ifndef _ENBKEY_NETLINK_H
#define _ENBKEY_NETLINK_H

#include <net/netlink.h>
#include <uapi/linux/enbkey.h>

int enbkey_nl_init(void);
void enbkey_nl_exit(void);

void enbkey_nl_notify(struct net *net, u32 id, u8 event);
const struct nla_policy *enbkey_nl_cmd_policy(u8 cmd);
int enbkey_nl_check_ranges(struct nlattr **tb, struct netlink_ext_ack *extack);
int enbkey_nl_check_pdus(struct nlattr **tb, struct netlink_ext_ack *extack);

#endif /* _ENBKEY_NETLINK_H */
