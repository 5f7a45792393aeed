/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of UE contexts of one network namespace.
 */

#ifndef _ENBKEY_NETNS_H
#define _ENBKEY_NETNS_H

#include <linux/netlink.h>
#include <net/net_namespace.h>

#include "ue.h"

int enbkey_netns_init(void);
void enbkey_netns_exit(void);

int enbkey_netns_ue_add(struct net *net, u32 id, bool emergency,
			struct netlink_ext_ack *extack);
int enbkey_netns_ue_del(struct net *net, u32 id, struct netlink_ext_ack *extack);
struct enbkey_ue *enbkey_netns_ue_find(struct net *net, u32 id);
struct enbkey_ue *enbkey_netns_ue_next(struct net *net, unsigned long *index);

#endif /* _ENBKEY_NETNS_H */
