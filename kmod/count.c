// SPDX-License-Identifier: GPL-2.0
/*
 * TS 33.401 B.1.1 and B.2.1: the inputs COUNT, BEARER and DIRECTION make
 * each keystream and each MAC input unique under one key. A COUNT protected
 * twice on the same bearer and direction would reuse a keystream, so
 * protection only moves forward. Deprotection keeps a window of accepted
 * COUNTs so that a replayed PDU is refused (TS 36.323 5.1.2.1.3 leaves
 * duplicates to PDCP; here the key owner refuses them too).
 */

#include <linux/bits.h>
#include <linux/errno.h>

#include "count.h"

int enbkey_count_tx_check(const struct enbkey_count *c, u8 dir, u32 count)
{
	if ((c->tx_used & BIT(dir)) && count <= c->tx_top[dir])
		return -EINVAL;
	return 0;
}

void enbkey_count_tx_commit(struct enbkey_count *c, u8 dir, u32 count)
{
	c->tx_top[dir] = count;
	c->tx_used |= BIT(dir);
}

/* -EINVAL: accepted before; -ERANGE: too far behind to tell. */
int enbkey_count_rx_check(const struct enbkey_count *c, u8 dir, u32 count)
{
	u32 behind;

	if (!(c->rx_used & BIT(dir)) || count > c->rx_top[dir])
		return 0;
	behind = c->rx_top[dir] - count;
	if (behind >= ENBKEY_REPLAY_WINDOW)
		return -ERANGE;
	return c->rx_seen[dir] & BIT_ULL(behind) ? -EINVAL : 0;
}

void enbkey_count_rx_commit(struct enbkey_count *c, u8 dir, u32 count)
{
	u32 ahead;

	if (!(c->rx_used & BIT(dir))) {
		c->rx_top[dir] = count;
		c->rx_seen[dir] = 1;
		c->rx_used |= BIT(dir);
		return;
	}
	if (count <= c->rx_top[dir]) {
		c->rx_seen[dir] |= BIT_ULL(c->rx_top[dir] - count);
		return;
	}
	ahead = count - c->rx_top[dir];
	c->rx_seen[dir] = ahead >= ENBKEY_REPLAY_WINDOW ? 0 : c->rx_seen[dir] << ahead;
	c->rx_seen[dir] |= 1;
	c->rx_top[dir] = count;
}
