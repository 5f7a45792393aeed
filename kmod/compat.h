/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels enbkey builds for (Debian 12's 6.1 and
 * 6.12). Each item names the kernel change and tests for the feature, not
 * for a version: distribution kernels carry backports.
 */
#ifndef _ENBKEY_COMPAT_H
#define _ENBKEY_COMPAT_H

#include <net/genetlink.h>

/*
 * 6.12, "move asm/unaligned.h to linux/unaligned.h": the unaligned
 * accessors left asm/. Kbuild defines ENBKEY_HAVE_LINUX_UNALIGNED_H when
 * the kernel has the new header.
 */
#ifdef ENBKEY_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * 6.2, "genetlink: introduce split op representation": pre_doit() and
 * post_doit() are given the split op of the request. Kbuild defines
 * ENBKEY_HAVE_GENL_SPLIT_OPS when <net/genetlink.h> declares the type.
 */
#ifdef ENBKEY_HAVE_GENL_SPLIT_OPS
#define ENBKEY_GENL_OPS genl_split_ops
#else
#define ENBKEY_GENL_OPS genl_ops
#endif

/*
 * 6.6, "genetlink: add struct genl_info to struct genl_dumpit_info": the
 * attributes of a dump request moved into the genl_info that
 * genl_info_dump() returns. Kbuild defines ENBKEY_HAVE_GENL_INFO_DUMP when
 * <net/genetlink.h> has that helper.
 */
static inline struct nlattr **enbkey_dump_attrs(struct netlink_callback *cb)
{
#ifdef ENBKEY_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * 6.7, "genetlink: add CAP_NET_ADMIN test for multicast bind" (in Debian's
 * 6.1 as a backport): the events group is for provisioning only. Without
 * the flag any user could subscribe, so there is no fallback.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "enbkey needs GENL_MCAST_CAP_NET_ADMIN to restrict its events group"
#endif

#endif /* _ENBKEY_COMPAT_H */
