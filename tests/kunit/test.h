/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the enbkey KUnit suites. */

#ifndef _ENBKEY_KUNIT_TEST_H
#define _ENBKEY_KUNIT_TEST_H

#include <kunit/test.h>
#include <linux/string.h>

/* KUNIT_EXPECT_MEMEQ() arrived after 6.1; no octet is printed either way. */
#define ENBKEY_EXPECT_MEMEQ(test, a, b, len, ...)			\
	KUNIT_EXPECT_TRUE_MSG(test, !memcmp(a, b, len), __VA_ARGS__)
#define ENBKEY_EXPECT_MEMNEQ(test, a, b, len, ...)			\
	KUNIT_EXPECT_TRUE_MSG(test, memcmp(a, b, len), __VA_ARGS__)

#endif /* _ENBKEY_KUNIT_TEST_H */
