/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the enbkey KUnit suites. */

#ifndef _ENBKEY_KUNIT_TEST_H
#define _ENBKEY_KUNIT_TEST_H

#include <kunit/test.h>
#include <linux/string.h>

#include "../../kmod/ue.h"

/* KUNIT_EXPECT_MEMEQ() arrived after 6.1; no octet is printed either way. */
#define ENBKEY_EXPECT_MEMEQ(test, a, b, len, ...)			\
	KUNIT_EXPECT_TRUE_MSG(test, !memcmp(a, b, len), __VA_ARGS__)
#define ENBKEY_EXPECT_MEMNEQ(test, a, b, len, ...)			\
	KUNIT_EXPECT_TRUE_MSG(test, memcmp(a, b, len), __VA_ARGS__)

/*
 * A UE of the test's own, locked as the netlink handlers hold it for the
 * state machine; enbkey_test_ue_put() unlocks and puts it.
 */
static inline struct enbkey_ue *enbkey_test_ue(struct kunit *test, u32 id,
					       bool emergency)
{
	struct enbkey_ue *ue = enbkey_ue_alloc(id, emergency);

	KUNIT_ASSERT_NOT_NULL(test, ue);
	mutex_lock(&ue->lock);
	return ue;
}

static inline void enbkey_test_ue_put(struct enbkey_ue *ue)
{
	mutex_unlock(&ue->lock);
	enbkey_ue_put(ue);
}

#endif /* _ENBKEY_KUNIT_TEST_H */
