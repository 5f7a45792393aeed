// SPDX-License-Identifier: GPL-2.0
/*
 * One table of UE contexts per network namespace, keyed by the UE id that
 * userspace chose. Readers look contexts up under RCU and take a reference;
 * writers serialise on the table's mutex.
 */

#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/xarray.h>
#include <net/netns/generic.h>

#include "netns.h"

static unsigned int max_ues = 65536;
module_param(max_ues, uint, 0644);
MODULE_PARM_DESC(max_ues, "Maximum number of UE contexts per network namespace");

struct enbkey_net {
	struct mutex lock;	/* serialises changes of ues and nr_ues */
	struct xarray ues;
	unsigned int nr_ues;
};

static unsigned int enbkey_net_id __read_mostly;

static struct enbkey_net *enbkey_net(struct net *net)
{
	return net_generic(net, enbkey_net_id);
}

int enbkey_netns_ue_add(struct net *net, u32 id, struct netlink_ext_ack *extack)
{
	struct enbkey_net *en = enbkey_net(net);
	struct enbkey_ue *ue;
	int err;

	mutex_lock(&en->lock);
	if (en->nr_ues >= READ_ONCE(max_ues)) {
		NL_SET_ERR_MSG(extack,
			       "UE limit of this namespace reached (module parameter max_ues)");
		err = -ENOSPC;
		goto out;
	}
	ue = enbkey_ue_alloc(id);
	if (!ue) {
		err = -ENOMEM;
		goto out;
	}
	err = xa_insert(&en->ues, id, ue, GFP_KERNEL);
	if (err) {
		enbkey_ue_put(ue);
		if (err == -EBUSY) {
			NL_SET_ERR_MSG(extack, "a UE with this id already exists");
			err = -EEXIST;
		}
		goto out;
	}
	en->nr_ues++;
out:
	mutex_unlock(&en->lock);
	return err;
}

int enbkey_netns_ue_del(struct net *net, u32 id, struct netlink_ext_ack *extack)
{
	struct enbkey_net *en = enbkey_net(net);
	struct enbkey_ue *ue;

	mutex_lock(&en->lock);
	ue = xa_erase(&en->ues, id);
	if (ue)
		en->nr_ues--;
	mutex_unlock(&en->lock);

	if (!ue) {
		NL_SET_ERR_MSG(extack, "no UE with this id");
		return -ENOENT;
	}
	enbkey_ue_put(ue);
	return 0;
}

/* Returns the UE with a reference held, or NULL. */
struct enbkey_ue *enbkey_netns_ue_find(struct net *net, u32 id)
{
	struct enbkey_ue *ue;

	rcu_read_lock();
	ue = xa_load(&enbkey_net(net)->ues, id);
	if (ue && !enbkey_ue_get(ue))
		ue = NULL;
	rcu_read_unlock();
	return ue;
}

/*
 * Returns the UE with the lowest id at or above *index, with a reference
 * held, and sets *index to its id; NULL when there is none. Dumps resume from
 * an id, so contexts added or removed meanwhile neither repeat nor skip others.
 */
struct enbkey_ue *enbkey_netns_ue_next(struct net *net, unsigned long *index)
{
	struct enbkey_net *en = enbkey_net(net);
	struct enbkey_ue *ue;

	rcu_read_lock();
	for (;;) {
		ue = xa_find(&en->ues, index, U32_MAX, XA_PRESENT);
		if (!ue || enbkey_ue_get(ue))
			break;
		/* Being deleted: its table entry is about to go. */
		if (*index == U32_MAX) {
			ue = NULL;
			break;
		}
		++*index;
	}
	rcu_read_unlock();
	return ue;
}

static int __net_init enbkey_net_init(struct net *net)
{
	struct enbkey_net *en = enbkey_net(net);

	mutex_init(&en->lock);
	xa_init(&en->ues);
	return 0;
}

/* The namespace is going away: no socket can reach its table any more. */
static void __net_exit enbkey_net_exit(struct net *net)
{
	struct enbkey_net *en = enbkey_net(net);
	struct enbkey_ue *ue;
	unsigned long id;

	xa_for_each(&en->ues, id, ue) {
		xa_erase(&en->ues, id);
		enbkey_ue_put(ue);
	}
	xa_destroy(&en->ues);
	en->nr_ues = 0;
	mutex_destroy(&en->lock);
}

static struct pernet_operations enbkey_net_ops = {
	.init = enbkey_net_init,
	.exit = enbkey_net_exit,
	.id = &enbkey_net_id,
	.size = sizeof(struct enbkey_net),
};

int enbkey_netns_init(void)
{
	return register_pernet_subsys(&enbkey_net_ops);
}

void enbkey_netns_exit(void)
{
	unregister_pernet_subsys(&enbkey_net_ops);
}
