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

const struct nla_policy *enbkey_nl_cmd_policy(u8 cmd);

#endif /* _ENBKEY_NETLINK_H */
