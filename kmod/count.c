// SPDX-License-Identifier: GPL-2.0
/*
 * TS 33.401 B.1.1 and B.2.1: the inputs COUNT, BEARER and DIRECTION make
 * each keystream and each MAC input unique under one key. A COUNT protected
 * twice on the same bearer would reuse a keystream, so downlink protection
 * only moves forward. Uplink deprotection keeps a window of accepted COUNTs
 * so that a replayed PDU is refused (TS 33.401 5.1.4.1: replay protection
 * goes with integrity protection, EIA0 excepted); a bearer without
 * integrity has no such window, as nothing there is authenticated.
 */

#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "count.h"

/* @window: 0, or a power of two of at least BITS_PER_LONG */
struct enbkey_count *enbkey_count_alloc(unsigned int window)
{
	struct enbkey_count *c;

	c = kzalloc(struct_size(c, seen, BITS_TO_LONGS(window)),
		    GFP_KERNEL_ACCOUNT);
	if (c)
		c->window = window;
	return c;
}

int enbkey_count_tx_check(const struct enbkey_count *c, u32 count)
{
	if ((c->flags & ENBKEY_COUNT_F_TX) && count <= c->tx_top)
		return -EINVAL;
	return 0;
}

void enbkey_count_tx_commit(struct enbkey_count *c, u32 count)
{
	c->tx_top = count;
	c->flags |= ENBKEY_COUNT_F_TX;
}

/* -EINVAL: accepted before; -ERANGE: too far behind to tell. */
int enbkey_count_rx_check(const struct enbkey_count *c, u32 count)
{
	if (!c->window || !(c->flags & ENBKEY_COUNT_F_RX) || count > c->rx_top)
		return 0;
	if (c->rx_top - count >= c->window)
		return -ERANGE;
	return test_bit(count % c->window, c->seen) ? -EINVAL : 0;
}

/*
 * Records @count as accepted. Without a window only the highest COUNT is
 * kept, for COUNT reports (TS 36.331 5.3.6); it is no replay state.
 */
void enbkey_count_rx_commit(struct enbkey_count *c, u32 count)
{
	u32 top = c->rx_top, n;

	if (!(c->flags & ENBKEY_COUNT_F_RX)) {
		c->flags |= ENBKEY_COUNT_F_RX;
		top = count;
	} else if (count > top) {
		/* the COUNTs between the old and the new top were not seen */
		for (n = count - top; c->window && n && n < c->window; n--)
			__clear_bit((top + n) % c->window, c->seen);
		if (c->window && count - top >= c->window)
			bitmap_zero(c->seen, c->window);
		top = count;
	}
	c->rx_top = top;
	if (c->window)
		__set_bit(count % c->window, c->seen);
}
