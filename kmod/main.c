// SPDX-License-Identifier: GPL-2.0
/*
 * enbkey: LTE access-stratum security contexts held in the kernel.
 */

#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>

#include "alg.h"
#include "crypto/crypto.h"
#include "kdf.h"
#include "netlink.h"
#include "netns.h"

/*
 * A KUnit build of the module (make ENBKEY_KUNIT=y) is loaded only to run
 * its suites, and each suite sets up what it tests. 6.1 runs a module's
 * suites while it is coming, before this init, and 6.12 once it is live,
 * after it; doing nothing here keeps the two alike, where a full init
 * would register the pernet operations a second time under 6.12.
 */
#ifdef ENBKEY_KUNIT_BUILD
static const bool kunit_build = true;
#else
static const bool kunit_build;
#endif

static int __init enbkey_init(void)
{
	int err;

	if (kunit_build)
		return 0;

	/* the 3GPP algorithms first: the pool of alg.c allocates them */
	err = enbkey_crypto_init();
	if (err)
		return err;
	err = enbkey_kdf_init();
	if (err)
		goto err_kdf;
	err = enbkey_alg_init();
	if (err)
		goto err_alg;
	err = enbkey_netns_init();
	if (err)
		goto err_netns;
	err = enbkey_nl_init();
	if (err)
		goto err_nl;
	return 0;

err_nl:
	enbkey_netns_exit();
err_netns:
	enbkey_alg_exit();
err_alg:
	enbkey_kdf_exit();
err_kdf:
	enbkey_crypto_exit();
	return err;
}

static void __exit enbkey_exit(void)
{
	if (kunit_build)
		return;
	enbkey_nl_exit();
	enbkey_netns_exit();
	/* UE contexts are freed by RCU callbacks that live in this module. */
	rcu_barrier();
	enbkey_alg_exit();
	enbkey_kdf_exit();
	enbkey_crypto_exit();
}

module_init(enbkey_init);
module_exit(enbkey_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LTE access-stratum security contexts held in the kernel");
MODULE_ALIAS_GENL_FAMILY(ENBKEY_GENL_NAME);
MODULE_SOFTDEP("pre: hmac sha256 aes ctr cmac");
