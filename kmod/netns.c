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

#include "netlink.h"
#include "netns.h"

static unsigned int max_ues = 65536;
module_param(max_ues, uint, 0644);
MODULE_PARM_DESC(max_ues, "Maximum number of UE contexts per network namespace");

/*
 * Any user can make network namespaces (with a user namespace of its own),
 * so the per-namespace limit alone does not bound the memory UEs pin.
 */
static unsigned int max_ues_total = 1048576;
module_param(max_ues_total, uint, 0644);
MODULE_PARM_DESC(max_ues_total, "Maximum number of UE contexts in all network namespaces");

static atomic_t enbkey_ues_total = ATOMIC_INIT(0);

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

/*
 * Events of one UE are sent under its lock, and UE_NEW and UE_DEL under the
 * table's too, so that listeners see them in order: UE_NEW first, nothing
 * after UE_DEL.
 */
int enbkey_netns_ue_add(struct net *net, u32 id, bool emergency,
			struct netlink_ext_ack *extack)
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
	if (atomic_inc_return(&enbkey_ues_total) > READ_ONCE(max_ues_total)) {
		NL_SET_ERR_MSG(extack,
			       "UE limit of all namespaces reached (module parameter max_ues_total)");
		err = -ENOSPC;
		goto err_total;
	}
	ue = enbkey_ue_alloc(id, emergency);
	if (!ue) {
		err = -ENOMEM;
		goto err_total;
	}
	mutex_lock(&ue->lock);
	err = xa_insert(&en->ues, id, ue, GFP_KERNEL_ACCOUNT);
	if (err) {
		mutex_unlock(&ue->lock);
		enbkey_ue_put(ue);
		if (err == -EBUSY) {
			NL_SET_ERR_MSG(extack, "a UE with this id already exists");
			err = -EEXIST;
		}
		goto err_total;
	}
	en->nr_ues++;
	enbkey_nl_notify(net, id, ENBKEY_EVENT_UE_NEW);
	mutex_unlock(&ue->lock);
	goto out;

err_total:
	atomic_dec(&enbkey_ues_total);
out:
	mutex_unlock(&en->lock);
	return err;
}

/* A UE leaves its table: dead and wiped under its lock, then put. */
static void enbkey_netns_ue_remove(struct net *net, struct enbkey_net *en,
				   struct enbkey_ue *ue, bool notify)
{
	lockdep_assert_held(&en->lock);
	en->nr_ues--;
	atomic_dec(&enbkey_ues_total);
	mutex_lock(&ue->lock);
	enbkey_ue_kill(ue);
	if (notify)
		enbkey_nl_notify(net, ue->id, ENBKEY_EVENT_UE_DEL);
	mutex_unlock(&ue->lock);
	enbkey_ue_put(ue);
}

int enbkey_netns_ue_del(struct net *net, u32 id, struct netlink_ext_ack *extack)
{
	struct enbkey_net *en = enbkey_net(net);
	struct enbkey_ue *ue;

	mutex_lock(&en->lock);
	ue = xa_erase(&en->ues, id);
	if (ue)
		enbkey_netns_ue_remove(net, en, ue, true);
	mutex_unlock(&en->lock);

	if (!ue) {
		NL_SET_ERR_MSG(extack, "no UE with this id");
		return -ENOENT;
	}
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

	mutex_lock(&en->lock);
	xa_for_each(&en->ues, id, ue) {
		xa_erase(&en->ues, id);
		enbkey_netns_ue_remove(net, en, ue, false);
	}
	mutex_unlock(&en->lock);
	xa_destroy(&en->ues);
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
