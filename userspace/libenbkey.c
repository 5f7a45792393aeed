// SPDX-License-Identifier: MIT
/*
 * libenbkey: requests to the enbkey generic netlink family.
 *
 * Each request is read to its end before the function returns: a do request
 * asks for an ACK and ends with it, a dump ends with NLMSG_DONE. Errors found
 * in the middle of an answer are remembered until then, so that the next
 * request does not find the rest of this one in the socket.
 */

#include <errno.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/enbkey.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "libenbkey.h"

/* Octets before the first attribute of a request or reply */
#define MSG_HDRLEN (MNL_NLMSG_HDRLEN + GENL_HDRLEN)

/*
 * Where ENBKEY_A_PDUS starts: after the headers and ENBKEY_A_UE_ID, which
 * both a PDCP request and its reply put first.
 */
#define PDUS_OFFSET (MSG_HDRLEN + MNL_ATTR_HDRLEN + sizeof(uint32_t))

/*
 * Room for any request. The largest is a PDCP batch, whose PDUs all travel
 * in ENBKEY_A_PDUS: an attribute length is 16 bits, so that is under 64 KiB
 * however many PDUs there are. A KeNB far longer than ENBKEY_KENB_LEN fits
 * too: rejecting a wrong length is left to the kernel, which explains why.
 */
#define TX_SIZE (PDUS_OFFSET + UINT16_MAX)

/*
 * Room for any message the kernel sends: the reply to a PDCP batch has the
 * same 16-bit bound on ENBKEY_A_PDUS, followed by ENBKEY_A_KEY_GENERATION,
 * and the kernel fills a dump message up to the reader's buffer but never
 * beyond 32 KiB. recvmsg() would truncate a longer one.
 */
#define RX_SIZE (PDUS_OFFSET + UINT16_MAX + MNL_ATTR_HDRLEN + sizeof(uint32_t))

/*
 * Socket buffers. The kernel drops the ACK that follows a reply when the
 * reply alone overfills the receive buffer, and accounts for a 64 KiB reply
 * as up to twice that. The kernel may cap this at net.core.rmem_max and
 * wmem_max; their defaults are still enough.
 */
#define SOCK_BUF (4 * RX_SIZE)

struct enbkey {
	struct mnl_socket *nl;
	uint32_t seq;
	uint16_t family;
	uint32_t pdcp_generation;	/* of the last PDCP request */
	char errmsg[512];
	/* In the handle, so that a request allocates nothing */
	alignas(struct nlmsghdr) char tx[TX_SIZE];
	alignas(struct nlmsghdr) char rx[RX_SIZE];
};

/* Called for each data message of an answer. */
typedef void (*msg_cb)(const struct nlmsghdr *nlh, void *arg);

/* Records failure @err with the kernel's message @ext, if any. */
static int fail(struct enbkey *h, int err, const char *ext)
{
	if (ext)
		snprintf(h->errmsg, sizeof(h->errmsg), "%s (%s)", ext,
			 strerror(err));
	else
		snprintf(h->errmsg, sizeof(h->errmsg), "%s", strerror(err));
	return -err;
}

static struct nlmsghdr *genl_msg(struct enbkey *h, uint16_t type, uint8_t cmd,
				 uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(h->tx);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

static struct nlmsghdr *enbkey_msg(struct enbkey *h, uint8_t cmd,
				   uint16_t flags)
{
	return genl_msg(h, h->family, cmd, ENBKEY_GENL_VERSION, flags);
}

static int ext_attr(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    !mnl_attr_validate(attr, MNL_TYPE_NUL_STRING))
		*(const char **)data = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

/* Extended ACK message of @nlh, whose TLVs start @off octets into it. */
static const char *ext_msg(const struct nlmsghdr *nlh, size_t off)
{
	const char *msg = NULL;

	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    off <= mnl_nlmsg_get_payload_len(nlh))
		mnl_attr_parse(nlh, off, ext_attr, &msg);
	return msg;
}

static int ack(struct enbkey *h, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return fail(h, EPROTO, NULL);
	if (!e->error)
		return 0;
	/* NETLINK_CAP_ACK is set, but a kernel may still echo the request. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off = offsetof(struct nlmsgerr, msg) + e->msg.nlmsg_len;
	return fail(h, -e->error, ext_msg(nlh, off));
}

/* NLMSG_DONE carries the dump's error code, then possibly TLVs. */
static int done(struct enbkey *h, const struct nlmsghdr *nlh)
{
	const int *err = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err) || !*err)
		return 0;
	return fail(h, -*err, ext_msg(nlh, sizeof(*err)));
}

/*
 * Sends @nlh and reads its whole answer, passing each data message to @cb,
 * which may be NULL when none is expected.
 */
static int transact(struct enbkey *h, struct nlmsghdr *nlh, msg_cb cb,
		    void *arg)
{
	uint32_t seq = ++h->seq;
	bool intr = false;
	int ret;

	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(h->nl, nlh, nlh->nlmsg_len) < 0)
		return fail(h, errno, NULL);

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(h->nl, h->rx, sizeof(h->rx));
		const struct nlmsghdr *msg = (const void *)h->rx;
		int len = n;

		if (n < 0)
			return fail(h, errno, NULL);
		for (; mnl_nlmsg_ok(msg, len); msg = mnl_nlmsg_next(msg, &len)) {
			/* Left over from a request cut short by a socket error */
			if (msg->nlmsg_seq != seq)
				continue;
			if (msg->nlmsg_pid != mnl_socket_get_portid(h->nl))
				return fail(h, EPROTO, NULL);
			if (msg->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;

			switch (msg->nlmsg_type) {
			case NLMSG_ERROR:
				return ack(h, msg);
			case NLMSG_DONE:
				ret = done(h, msg);
				return !ret && intr ? fail(h, EINTR, NULL) : ret;
			default:
				if (msg->nlmsg_type >= NLMSG_MIN_TYPE && cb)
					cb(msg, arg);
			}
		}
	}
}

static void family_id(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    !mnl_attr_validate(attr, MNL_TYPE_U16))
			*(uint16_t *)arg = mnl_attr_get_u16(attr);
	}
}

static int resolve_family(struct enbkey *h)
{
	struct nlmsghdr *nlh = genl_msg(h, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
					NLM_F_ACK);
	int ret;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ENBKEY_GENL_NAME);
	ret = transact(h, nlh, family_id, &h->family);
	if (!ret && !h->family)
		ret = fail(h, EPROTO, NULL);
	return ret;
}

struct enbkey *enbkey_open(void)
{
	struct enbkey *h = calloc(1, sizeof(*h));
	int one = 1, buf = SOCK_BUF, err;

	if (!h)
		return NULL;
	h->nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!h->nl ||
	    /* An error ACK must not echo a request: it may carry a KeNB. */
	    mnl_socket_setsockopt(h->nl, NETLINK_CAP_ACK, &one, sizeof(one)) ||
	    mnl_socket_setsockopt(h->nl, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(mnl_socket_get_fd(h->nl), SOL_SOCKET, SO_RCVBUF, &buf,
		       sizeof(buf)) ||
	    setsockopt(mnl_socket_get_fd(h->nl), SOL_SOCKET, SO_SNDBUF, &buf,
		       sizeof(buf)) ||
	    mnl_socket_bind(h->nl, 0, MNL_SOCKET_AUTOPID))
		err = -errno;
	else
		err = resolve_family(h);
	if (err) {
		enbkey_close(h);
		errno = -err;
		return NULL;
	}
	return h;
}

void enbkey_close(struct enbkey *h)
{
	if (!h)
		return;
	if (h->nl)
		mnl_socket_close(h->nl);
	free(h);
}

const char *enbkey_strerror(const struct enbkey *h)
{
	return h->errmsg;
}

/* A request about UE @id, with the cell it names unless @cell is NULL. */
static struct nlmsghdr *ue_msg_cell(struct enbkey *h, uint8_t cmd, uint32_t id,
				    const struct enbkey_cell *cell)
{
	struct nlmsghdr *nlh = enbkey_msg(h, cmd, NLM_F_ACK);

	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
	if (cell) {
		mnl_attr_put_u16(nlh, ENBKEY_A_PCI, cell->pci);
		mnl_attr_put_u32(nlh, ENBKEY_A_EARFCN_DL, cell->earfcn_dl);
	}
	return nlh;
}

static int ue_cmd(struct enbkey *h, uint8_t cmd, uint32_t id)
{
	return transact(h, ue_msg_cell(h, cmd, id, NULL), NULL, NULL);
}

int enbkey_ue_add(struct enbkey *h, uint32_t id)
{
	return ue_cmd(h, ENBKEY_CMD_UE_NEW, id);
}

int enbkey_ue_add_emergency(struct enbkey *h, uint32_t id)
{
	struct nlmsghdr *nlh = ue_msg_cell(h, ENBKEY_CMD_UE_NEW, id, NULL);

	mnl_attr_put_u8(nlh, ENBKEY_A_EMERGENCY, 1);
	return transact(h, nlh, NULL, NULL);
}

int enbkey_ue_del(struct enbkey *h, uint32_t id)
{
	return ue_cmd(h, ENBKEY_CMD_UE_DEL, id);
}

/* Reply attributes and their types; other attributes are skipped. */
static const enum mnl_attr_data_type ue_attr_type[ENBKEY_A_MAX + 1] = {
	[ENBKEY_A_UE_ID]		= MNL_TYPE_U32,
	[ENBKEY_A_NCC]			= MNL_TYPE_U8,
	[ENBKEY_A_EEA]			= MNL_TYPE_U8,
	[ENBKEY_A_EIA]			= MNL_TYPE_U8,
	[ENBKEY_A_KEY_INSTALLED]	= MNL_TYPE_U8,
	[ENBKEY_A_KEY_GENERATION]	= MNL_TYPE_U32,
	[ENBKEY_A_UP_INTEGRITY]		= MNL_TYPE_U8,
	[ENBKEY_A_INTEGRITY_FAILURES]	= MNL_TYPE_U32,
	[ENBKEY_A_KEY_REFRESH]		= MNL_TYPE_U8,
	[ENBKEY_A_NH_PENDING]		= MNL_TYPE_U8,
	[ENBKEY_A_KENB_STAR_PENDING]	= MNL_TYPE_U8,
	[ENBKEY_A_SCG_COUNTER]		= MNL_TYPE_U32,
	[ENBKEY_A_EMERGENCY]		= MNL_TYPE_U8,
	[ENBKEY_A_KENB_PENDING]		= MNL_TYPE_U8,
	[ENBKEY_A_CELLS]		= MNL_TYPE_NESTED,
	[ENBKEY_A_BEARERS]		= MNL_TYPE_NESTED,
};

/* The prepared cells of a UE_GET reply. */
static int parse_cells(const struct nlattr *list, struct enbkey_ue_info *ue)
{
	const struct nlattr *entry, *attr;

	mnl_attr_for_each_nested(entry, list) {
		struct enbkey_cell_info *c = &ue->cells[ue->n_cells];
		unsigned int seen = 0;

		if (ue->n_cells == ENBKEY_CELLS_MAX)
			return -EPROTO;
		mnl_attr_for_each_nested(attr, entry) {
			switch (mnl_attr_get_type(attr)) {
			case ENBKEY_CELL_A_PCI:
				if (mnl_attr_validate(attr, MNL_TYPE_U16))
					return -EPROTO;
				c->pci = mnl_attr_get_u16(attr);
				seen |= 1;
				break;
			case ENBKEY_CELL_A_EARFCN_DL:
				if (mnl_attr_validate(attr, MNL_TYPE_U32))
					return -EPROTO;
				c->earfcn_dl = mnl_attr_get_u32(attr);
				seen |= 2;
				break;
			case ENBKEY_CELL_A_EXPORTED:
				if (mnl_attr_validate(attr, MNL_TYPE_U8))
					return -EPROTO;
				c->exported = mnl_attr_get_u8(attr);
				break;
			}
		}
		if (seen != 3)
			return -EPROTO;
		ue->n_cells++;
	}
	return 0;
}

/* Where a UE_GET reply's bearers go, if the caller asked for them. */
struct bearers {
	struct enbkey_bearer *out;
	size_t max;
	size_t n;	/* reported, even beyond max */
	bool seen;	/* the reply had the list */
};

static int parse_bearers(const struct nlattr *list, struct bearers *b)
{
	const struct nlattr *entry, *attr;

	b->seen = true;
	mnl_attr_for_each_nested(entry, list) {
		struct enbkey_bearer v = { 0 };
		unsigned int seen = 0;

		mnl_attr_for_each_nested(attr, entry) {
			switch (mnl_attr_get_type(attr)) {
			case ENBKEY_BEARER_A_RB_TYPE:
				if (mnl_attr_validate(attr, MNL_TYPE_U8))
					return -EPROTO;
				v.rb_type = mnl_attr_get_u8(attr);
				seen |= 1;
				break;
			case ENBKEY_BEARER_A_RB_ID:
				if (mnl_attr_validate(attr, MNL_TYPE_U8))
					return -EPROTO;
				v.rb_id = mnl_attr_get_u8(attr);
				seen |= 2;
				break;
			case ENBKEY_BEARER_A_DL_COUNT:
				if (mnl_attr_validate(attr, MNL_TYPE_U64))
					return -EPROTO;
				v.dl_count = mnl_attr_get_u64(attr);
				seen |= 4;
				break;
			case ENBKEY_BEARER_A_UL_COUNT:
				if (mnl_attr_validate(attr, MNL_TYPE_U32))
					return -EPROTO;
				v.ul_count = mnl_attr_get_u32(attr);
				v.ul_valid = true;
				break;
			}
		}
		if (seen != 7)
			return -EPROTO;
		if (b->n < b->max)
			b->out[b->n] = v;
		b->n++;
	}
	return 0;
}

static int parse_ue(const struct nlmsghdr *nlh, struct enbkey_ue_info *ue,
		    struct bearers *b)
{
	const struct nlattr *tb[ENBKEY_A_MAX + 1] = { NULL };
	const struct nlattr *attr;
	int err;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		uint16_t type = mnl_attr_get_type(attr);

		if (type > ENBKEY_A_MAX || !ue_attr_type[type])
			continue;
		if (mnl_attr_validate(attr, ue_attr_type[type]))
			return -EPROTO;
		tb[type] = attr;
	}
	if (!tb[ENBKEY_A_UE_ID] || !tb[ENBKEY_A_KEY_INSTALLED] ||
	    !tb[ENBKEY_A_NCC] || !tb[ENBKEY_A_KEY_GENERATION] ||
	    /* the algorithms are selected, and reported, together */
	    !tb[ENBKEY_A_EEA] != !tb[ENBKEY_A_EIA])
		return -EPROTO;

	*ue = (struct enbkey_ue_info){
		.id = mnl_attr_get_u32(tb[ENBKEY_A_UE_ID]),
		.key_installed = mnl_attr_get_u8(tb[ENBKEY_A_KEY_INSTALLED]),
		.ncc = mnl_attr_get_u8(tb[ENBKEY_A_NCC]),
		.key_generation = mnl_attr_get_u32(tb[ENBKEY_A_KEY_GENERATION]),
	};
	if (tb[ENBKEY_A_EEA]) {
		ue->algs_selected = true;
		ue->eea = mnl_attr_get_u8(tb[ENBKEY_A_EEA]);
		ue->eia = mnl_attr_get_u8(tb[ENBKEY_A_EIA]);
	}
	/* Optional, so that an older module's replies still parse */
	if (tb[ENBKEY_A_UP_INTEGRITY])
		ue->up_integrity = mnl_attr_get_u8(tb[ENBKEY_A_UP_INTEGRITY]);
	if (tb[ENBKEY_A_INTEGRITY_FAILURES])
		ue->integrity_failures =
			mnl_attr_get_u32(tb[ENBKEY_A_INTEGRITY_FAILURES]);
	if (tb[ENBKEY_A_KEY_REFRESH])
		ue->key_refresh = mnl_attr_get_u8(tb[ENBKEY_A_KEY_REFRESH]);
	if (tb[ENBKEY_A_NH_PENDING])
		ue->nh_pending = mnl_attr_get_u8(tb[ENBKEY_A_NH_PENDING]);
	if (tb[ENBKEY_A_KENB_STAR_PENDING])
		ue->kenb_star_pending =
			mnl_attr_get_u8(tb[ENBKEY_A_KENB_STAR_PENDING]);
	if (tb[ENBKEY_A_SCG_COUNTER])
		ue->scg_counter = mnl_attr_get_u32(tb[ENBKEY_A_SCG_COUNTER]);
	if (tb[ENBKEY_A_EMERGENCY])
		ue->emergency = mnl_attr_get_u8(tb[ENBKEY_A_EMERGENCY]);
	if (tb[ENBKEY_A_KENB_PENDING])
		ue->kenb_pending = mnl_attr_get_u8(tb[ENBKEY_A_KENB_PENDING]);
	if (tb[ENBKEY_A_CELLS]) {
		err = parse_cells(tb[ENBKEY_A_CELLS], ue);
		if (err)
			return err;
	}
	if (tb[ENBKEY_A_BEARERS] && b)
		return parse_bearers(tb[ENBKEY_A_BEARERS], b);
	return 0;
}

struct ue_walk {
	int (*cb)(const struct enbkey_ue_info *ue, void *arg);
	void *arg;
	struct bearers *bearers;	/* asked for, of the one UE */
	unsigned int count;
	int err;	/* first failure; later UEs are read but dropped */
};

static void ue_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct ue_walk *w = arg;
	struct enbkey_ue_info ue;

	if (w->err)
		return;
	w->err = parse_ue(nlh, &ue, w->bearers);
	if (!w->err)
		w->err = w->cb(&ue, w->arg);
	w->count++;
}

static int walk_ues(struct enbkey *h, struct nlmsghdr *nlh, struct ue_walk *w)
{
	int ret = transact(h, nlh, ue_msg, w);

	if (!ret && w->err)
		ret = fail(h, -w->err, NULL);
	return ret;
}

static int copy_ue(const struct enbkey_ue_info *ue, void *arg)
{
	*(struct enbkey_ue_info *)arg = *ue;
	return 0;
}

int enbkey_ue_get(struct enbkey *h, uint32_t id, struct enbkey_ue_info *out)
{
	struct nlmsghdr *nlh = enbkey_msg(h, ENBKEY_CMD_UE_GET, NLM_F_ACK);
	struct ue_walk w = { .cb = copy_ue, .arg = out };
	int ret;

	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
	ret = walk_ues(h, nlh, &w);
	if (!ret && w.count != 1)
		ret = fail(h, EPROTO, NULL);
	return ret;
}

int enbkey_ue_bearers(struct enbkey *h, uint32_t id, struct enbkey_ue_info *out,
		      struct enbkey_bearer *bearers, size_t max, size_t *n)
{
	struct nlmsghdr *nlh = enbkey_msg(h, ENBKEY_CMD_UE_GET, NLM_F_ACK);
	struct bearers b = { .out = bearers, .max = max };
	struct ue_walk w = { .cb = copy_ue, .arg = out, .bearers = &b };
	int ret;

	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
	mnl_attr_put_u8(nlh, ENBKEY_A_SHOW_BEARERS, 1);
	ret = walk_ues(h, nlh, &w);
	if (!ret && (w.count != 1 || !b.seen))
		ret = fail(h, EPROTO, NULL);
	if (!ret && b.n > max)
		ret = fail(h, ENOBUFS, NULL);
	*n = b.n;
	return ret;
}

int enbkey_ue_dump(struct enbkey *h,
		   int (*cb)(const struct enbkey_ue_info *ue, void *arg),
		   void *arg)
{
	struct nlmsghdr *nlh = enbkey_msg(h, ENBKEY_CMD_UE_GET, NLM_F_DUMP);
	struct ue_walk w = { .cb = cb, .arg = arg };

	return walk_ues(h, nlh, &w);
}

/*
 * Puts @len octets from @data as attribute @type, unless the message would
 * then pass @limit octets. libmnl would let a length that its 16-bit field
 * cannot hold, or that wraps its own arithmetic, through: refused here.
 */
static bool put_binary(struct nlmsghdr *nlh, size_t limit, uint16_t type,
		       const void *data, size_t len)
{
	if (len > UINT16_MAX - MNL_ATTR_HDRLEN)
		return false;
	/* memcpy() wants a valid pointer even for no octets */
	return mnl_attr_put_check(nlh, limit, type, len, len ? data : "");
}

/*
 * KEY_SET with the key @type, ENBKEY_A_KENB or ENBKEY_A_NH: @len octets at
 * @key, and NCC @ncc unless it is negative.
 */
static int key_attr_set(struct enbkey *h, uint32_t id, uint16_t type,
			const uint8_t *key, size_t len, int ncc)
{
	struct nlmsghdr *nlh;
	int ret;

	if (ncc > UINT8_MAX)
		return fail(h, ERANGE, NULL);
	nlh = enbkey_msg(h, ENBKEY_CMD_KEY_SET, NLM_F_ACK);
	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
	if (ncc >= 0)
		mnl_attr_put_u8(nlh, ENBKEY_A_NCC, ncc);
	/* Last, so that nothing is put after a key that filled the buffer */
	if (put_binary(nlh, sizeof(h->tx), type, key, len))
		ret = transact(h, nlh, NULL, NULL);
	else
		ret = fail(h, EMSGSIZE, NULL);
	/* The request, key included; a key that did not fit was not copied */
	explicit_bzero(h->tx, nlh->nlmsg_len);
	return ret;
}

int enbkey_key_set(struct enbkey *h, uint32_t id, const uint8_t *kenb,
		   size_t len, int ncc)
{
	return key_attr_set(h, id, ENBKEY_A_KENB, kenb, len, ncc);
}

int enbkey_nh_set(struct enbkey *h, uint32_t id, const uint8_t *nh,
		  size_t len, int ncc)
{
	if (ncc < 0)
		return fail(h, ERANGE, NULL);
	return key_attr_set(h, id, ENBKEY_A_NH, nh, len, ncc);
}

int enbkey_sec_set(struct enbkey *h, uint32_t id, uint8_t eea, uint8_t eia,
		   bool up_integrity)
{
	struct nlmsghdr *nlh = enbkey_msg(h, ENBKEY_CMD_SEC_SET, NLM_F_ACK);

	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
	mnl_attr_put_u8(nlh, ENBKEY_A_EEA, eea);
	mnl_attr_put_u8(nlh, ENBKEY_A_EIA, eia);
	/* Only when on: a module without user-plane integrity rejects it. */
	if (up_integrity)
		mnl_attr_put_u8(nlh, ENBKEY_A_UP_INTEGRITY, 1);
	return transact(h, nlh, NULL, NULL);
}

/* A PDCP request on its way: its PDUs and how much of it was answered. */
struct pdcp_batch {
	struct enbkey_pdu *pdus;
	size_t n;
	uint32_t id;
	bool next;			/* unprotect with the next keys */
	const struct enbkey_cell *cell;	/* of this prepared cell */
	unsigned int replies;	/* reply messages; there must be one */
	size_t answered;	/* PDUs that reply accounted for, in order */
	uint32_t generation;	/* of the keys that served the request */
	bool bad;		/* the reply was malformed */
};

/* Entry @index of ENBKEY_A_PDUS. Returns false if it passes @limit. */
static bool put_pdu(struct nlmsghdr *nlh, size_t limit, uint16_t index,
		    const struct enbkey_pdu *pdu)
{
	struct nlattr *entry = mnl_attr_nest_start_check(nlh, limit, index);

	if (!entry ||
	    !mnl_attr_put_u8_check(nlh, limit, ENBKEY_PDU_A_RB_TYPE,
				   pdu->rb_type) ||
	    !mnl_attr_put_u8_check(nlh, limit, ENBKEY_PDU_A_RB_ID, pdu->rb_id) ||
	    !mnl_attr_put_u8_check(nlh, limit, ENBKEY_PDU_A_DIR, pdu->dir) ||
	    !mnl_attr_put_u32_check(nlh, limit, ENBKEY_PDU_A_COUNT,
				    pdu->count) ||
	    (pdu->hdr_len &&
	     !put_binary(nlh, limit, ENBKEY_PDU_A_HDR, pdu->hdr,
			 pdu->hdr_len)) ||
	    !put_binary(nlh, limit, ENBKEY_PDU_A_DATA, pdu->data,
			pdu->data_len) ||
	    (pdu->flags &&
	     !mnl_attr_put_u32_check(nlh, limit, ENBKEY_PDU_A_FLAGS,
				     pdu->flags)))
		return false;
	mnl_attr_nest_end(nlh, entry);
	return true;
}

/*
 * Builds the request for @b in h->tx. Returns NULL when its PDUs do not fit
 * in ENBKEY_A_PDUS. Their number and sizes are otherwise the kernel's to
 * judge, an empty batch included.
 */
static struct nlmsghdr *pdcp_request(struct enbkey *h, uint8_t cmd,
				     const struct pdcp_batch *b)
{
	struct nlmsghdr *nlh = ue_msg_cell(h, cmd, b->id, b->cell);
	struct nlattr *list;
	size_t limit, i;

	if (b->next)
		mnl_attr_put_u8(nlh, ENBKEY_A_NEXT, 1);
	list = mnl_attr_nest_start(nlh, ENBKEY_A_PDUS);
	/*
	 * What bounds the batch is the 16-bit length of the nest, which
	 * TX_SIZE allows for. Each entry takes at least 40 octets, so entry
	 * indexes stay far below what the 14 bits of an attribute type hold.
	 */
	limit = (size_t)((char *)list - h->tx) + UINT16_MAX;
	if (limit > sizeof(h->tx))
		limit = sizeof(h->tx);
	for (i = 0; i < b->n; i++)
		if (!put_pdu(nlh, limit, i, &b->pdus[i]))
			return NULL;
	mnl_attr_nest_end(nlh, list);
	return nlh;
}

/*
 * One entry of the reply's ENBKEY_A_PDUS: the result of @pdu, copied to
 * its buffer, or its errno. Returns false if the entry is malformed.
 */
static bool pdu_result(const struct nlattr *entry, struct enbkey_pdu *pdu)
{
	const struct nlattr *attr, *data = NULL, *error = NULL;
	uint32_t err;
	size_t len;

	mnl_attr_for_each_nested(attr, entry) {
		switch (mnl_attr_get_type(attr)) {
		case ENBKEY_PDU_A_DATA:
			data = attr;
			break;
		case ENBKEY_PDU_A_ERROR:
			if (mnl_attr_validate(attr, MNL_TYPE_U32))
				return false;
			error = attr;
			break;
		}
	}
	if (!data == !error)
		return false;

	pdu->out_len = 0;
	if (error) {
		err = mnl_attr_get_u32(error);
		/* The kernel's errno values are 1..4095. */
		if (!err || err > 4095)
			return false;
		pdu->err = -(int)err;
		return true;
	}
	len = mnl_attr_get_payload_len(data);
	if (len > pdu->out_size) {
		pdu->err = -ENOBUFS;
		pdu->out_len = len;
		return true;
	}
	if (len)
		memcpy(pdu->out, mnl_attr_get_payload(data), len);
	pdu->out_len = len;
	pdu->err = 0;
	return true;
}

/* The reply: ENBKEY_A_UE_ID and one entry per PDU, numbered in order. */
static void pdcp_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct pdcp_batch *b = arg;
	const struct nlattr *attr, *list = NULL, *entry;
	bool id_ok = false;

	if (b->replies++ || b->bad)
		return;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case ENBKEY_A_UE_ID:
			id_ok = !mnl_attr_validate(attr, MNL_TYPE_U32) &&
				mnl_attr_get_u32(attr) == b->id;
			break;
		case ENBKEY_A_PDUS:
			if (!mnl_attr_validate(attr, MNL_TYPE_NESTED))
				list = attr;
			break;
		case ENBKEY_A_KEY_GENERATION:
			if (mnl_attr_validate(attr, MNL_TYPE_U32))
				b->bad = true;
			else
				b->generation = mnl_attr_get_u32(attr);
			break;
		}
	}
	if (!id_ok || !list || b->bad) {
		b->bad = true;
		return;
	}
	mnl_attr_for_each_nested(entry, list) {
		if (b->answered == b->n ||
		    mnl_attr_get_type(entry) != b->answered ||
		    !pdu_result(entry, &b->pdus[b->answered])) {
			b->bad = true;
			return;
		}
		b->answered++;
	}
}

/*
 * The outcome of a request that transact() ended with @ret: a reply that
 * does not account for every PDU fails the request. A failed request
 * fails each of its PDUs.
 */
static int pdcp_outcome(struct enbkey *h, const struct pdcp_batch *b, int ret)
{
	size_t i;

	if (!ret && (b->bad || b->replies != 1 || b->answered != b->n))
		ret = fail(h, EPROTO, NULL);
	for (i = 0; ret && i < b->n; i++) {
		b->pdus[i].err = ret;
		b->pdus[i].out_len = 0;
	}
	return ret;
}

static int pdcp(struct enbkey *h, struct pdcp_batch *b, uint8_t cmd)
{
	struct nlmsghdr *nlh = pdcp_request(h, cmd, b);
	int ret;

	if (nlh)
		ret = transact(h, nlh, pdcp_reply, b);
	else
		ret = fail(h, EMSGSIZE, "PDUs too large for one request");
	ret = pdcp_outcome(h, b, ret);
	h->pdcp_generation = ret ? 0 : b->generation;
	return ret;
}

uint32_t enbkey_pdcp_generation(const struct enbkey *h)
{
	return h->pdcp_generation;
}

int enbkey_pdcp_protect(struct enbkey *h, uint32_t id,
			struct enbkey_pdu *pdus, size_t n)
{
	struct pdcp_batch b = { .pdus = pdus, .n = n, .id = id };

	return pdcp(h, &b, ENBKEY_CMD_PDCP_PROTECT);
}

int enbkey_pdcp_unprotect(struct enbkey *h, uint32_t id,
			  struct enbkey_pdu *pdus, size_t n)
{
	struct pdcp_batch b = { .pdus = pdus, .n = n, .id = id };

	return pdcp(h, &b, ENBKEY_CMD_PDCP_UNPROTECT);
}

int enbkey_pdcp_unprotect_next(struct enbkey *h, uint32_t id,
			       const struct enbkey_cell *cell,
			       struct enbkey_pdu *pdus, size_t n)
{
	struct pdcp_batch b = {
		.pdus = pdus, .n = n, .id = id, .next = true, .cell = cell,
	};

	return pdcp(h, &b, ENBKEY_CMD_PDCP_UNPROTECT);
}

/*
 * The one message that answers HO_PREPARE, HO_EXPORT or S_KENB for UE @id.
 * Every attribute that @types gives a type is required, ENBKEY_A_UE_ID
 * among them; others are skipped. Integers go to @val, and the attribute
 * of type MNL_TYPE_BINARY, a key of ENBKEY_KENB_LEN octets, to @key.
 * Values are copied as the message is read: h->rx may hold the ACK by the
 * time transact() returns.
 */
struct reply {
	uint32_t id;
	const enum mnl_attr_data_type *types;	/* indexed by attribute */
	uint32_t val[ENBKEY_A_MAX + 1];
	uint8_t *key;
	unsigned int messages;	/* there must be one */
	bool bad;		/* it was malformed */
};

static void reply_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct reply *r = arg;
	bool seen[ENBKEY_A_MAX + 1] = { false };
	const struct nlattr *attr;
	unsigned int type;

	if (r->messages++)
		return;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		type = mnl_attr_get_type(attr);
		if (type > ENBKEY_A_MAX || !r->types[type])
			continue;
		if (r->types[type] == MNL_TYPE_BINARY) {
			if (mnl_attr_get_payload_len(attr) != ENBKEY_KENB_LEN)
				goto bad;
			memcpy(r->key, mnl_attr_get_payload(attr),
			       ENBKEY_KENB_LEN);
		} else if (mnl_attr_validate(attr, r->types[type])) {
			goto bad;
		} else if (r->types[type] == MNL_TYPE_U8) {
			r->val[type] = mnl_attr_get_u8(attr);
		} else if (r->types[type] == MNL_TYPE_U16) {
			r->val[type] = mnl_attr_get_u16(attr);
		} else {
			r->val[type] = mnl_attr_get_u32(attr);
		}
		seen[type] = true;
	}
	for (type = 0; type <= ENBKEY_A_MAX; type++)
		if (r->types[type] && !seen[type])
			goto bad;
	if (r->val[ENBKEY_A_UE_ID] == r->id)
		return;
bad:
	r->bad = true;
}

/*
 * Sends @nlh and reads its reply into @r. Returns -EPROTO if the kernel
 * accepted the request but did not send exactly one well-formed reply.
 */
static int reply_cmd(struct enbkey *h, struct nlmsghdr *nlh, struct reply *r)
{
	int ret = transact(h, nlh, reply_msg, r);

	if (!ret && (r->bad || r->messages != 1))
		ret = fail(h, EPROTO, NULL);
	return ret;
}

static const enum mnl_attr_data_type prepare_reply[ENBKEY_A_MAX + 1] = {
	[ENBKEY_A_UE_ID]	= MNL_TYPE_U32,
	[ENBKEY_A_NCC]		= MNL_TYPE_U8,
	[ENBKEY_A_VERTICAL]	= MNL_TYPE_U8,
};

/* HO_PREPARE towards @cell, with the algorithms @algs (eea, eia) or not. */
static int ho_prepare(struct enbkey *h, uint32_t id,
		      const struct enbkey_cell *cell, const uint8_t *algs,
		      uint8_t *ncc, bool *vertical)
{
	struct nlmsghdr *nlh = ue_msg_cell(h, ENBKEY_CMD_HO_PREPARE, id, cell);
	struct reply r = { .id = id, .types = prepare_reply };
	int ret;

	if (algs) {
		mnl_attr_put_u8(nlh, ENBKEY_A_EEA, algs[0]);
		mnl_attr_put_u8(nlh, ENBKEY_A_EIA, algs[1]);
	}
	ret = reply_cmd(h, nlh, &r);
	if (!ret) {
		*ncc = r.val[ENBKEY_A_NCC];
		*vertical = r.val[ENBKEY_A_VERTICAL];
	}
	return ret;
}

int enbkey_ho_prepare(struct enbkey *h, uint32_t id, uint16_t pci,
		      uint32_t earfcn_dl, uint8_t *ncc, bool *vertical)
{
	const struct enbkey_cell cell = { .pci = pci, .earfcn_dl = earfcn_dl };

	return ho_prepare(h, id, &cell, NULL, ncc, vertical);
}

int enbkey_ho_prepare_algs(struct enbkey *h, uint32_t id, uint16_t pci,
			   uint32_t earfcn_dl, uint8_t eea, uint8_t eia,
			   uint8_t *ncc, bool *vertical)
{
	const struct enbkey_cell cell = { .pci = pci, .earfcn_dl = earfcn_dl };
	const uint8_t algs[] = { eea, eia };

	return ho_prepare(h, id, &cell, algs, ncc, vertical);
}

int enbkey_ho_commit(struct enbkey *h, uint32_t id)
{
	return ue_cmd(h, ENBKEY_CMD_HO_COMMIT, id);
}

int enbkey_ho_commit_cell(struct enbkey *h, uint32_t id,
			  const struct enbkey_cell *cell)
{
	return transact(h, ue_msg_cell(h, ENBKEY_CMD_HO_COMMIT, id, cell),
			NULL, NULL);
}

int enbkey_ho_cancel(struct enbkey *h, uint32_t id)
{
	return ue_cmd(h, ENBKEY_CMD_HO_CANCEL, id);
}

static const enum mnl_attr_data_type short_mac_reply[ENBKEY_A_MAX + 1] = {
	[ENBKEY_A_UE_ID]	= MNL_TYPE_U32,
	[ENBKEY_A_SHORT_MAC_I]	= MNL_TYPE_U16,
};

int enbkey_short_mac(struct enbkey *h, uint32_t id, uint32_t cell_id,
		     uint16_t pci, uint32_t crnti, uint16_t *short_mac)
{
	struct nlmsghdr *nlh = ue_msg_cell(h, ENBKEY_CMD_SHORT_MAC, id, NULL);
	struct reply r = { .id = id, .types = short_mac_reply };
	int ret;

	mnl_attr_put_u32(nlh, ENBKEY_A_CELL_ID, cell_id);
	mnl_attr_put_u16(nlh, ENBKEY_A_PCI, pci);
	mnl_attr_put_u32(nlh, ENBKEY_A_CRNTI, crnti);
	ret = reply_cmd(h, nlh, &r);
	if (!ret)
		*short_mac = r.val[ENBKEY_A_SHORT_MAC_I];
	return ret;
}

/*
 * Reads and drops what the kernel queued for an answer that transact() did
 * not read to its end, as when a signal interrupts recvmsg(), so that no
 * later request reads it into h->rx. The kernel handles a request before
 * sendto() returns, so the answer is all queued by then. After a complete
 * answer nothing is left, and this costs one recv().
 */
static void drain(struct enbkey *h)
{
	int fd = mnl_socket_get_fd(h->nl);

	/* ENOBUFS reports an overrun; what was queued can still be read. */
	while (recv(fd, h->rx, sizeof(h->rx), MSG_DONTWAIT) >= 0 ||
	       errno == ENOBUFS || errno == EINTR)
		;
}

/*
 * Command @cmd about UE @id, whose reply, as @types describes it, carries a
 * key, copied to @key, and the integer attribute @val_type, set in *@val.
 * The kernel returns the key XORed with a one-time mask the request carries,
 * so that the reply it frees unwiped holds no key; the mask is undone here.
 * The buffers and the mask are wiped whatever the outcome, and so is @key if
 * the command failed.
 */
static int key_cmd(struct enbkey *h, uint8_t cmd, uint32_t id,
		   const struct enbkey_cell *cell,
		   const enum mnl_attr_data_type *types, uint16_t val_type,
		   uint8_t key[ENBKEY_KENB_LEN], uint32_t *val)
{
	struct nlmsghdr *nlh = ue_msg_cell(h, cmd, id, cell);
	struct reply r = { .id = id, .types = types, .key = key };
	uint8_t mask[ENBKEY_KENB_LEN];
	unsigned int i;
	int ret;

	if (getrandom(mask, sizeof(mask), 0) != sizeof(mask)) {
		explicit_bzero(key, ENBKEY_KENB_LEN);
		return fail(h, errno ? errno : EIO, "no random octets for the key mask");
	}
	mnl_attr_put(nlh, ENBKEY_A_KEY_MASK, sizeof(mask), mask);
	ret = reply_cmd(h, nlh, &r);
	explicit_bzero(h->tx, nlh->nlmsg_len);
	drain(h);
	explicit_bzero(h->rx, sizeof(h->rx));
	if (ret) {
		explicit_bzero(key, ENBKEY_KENB_LEN);
	} else {
		for (i = 0; i < sizeof(mask); i++)
			key[i] ^= mask[i];
		*val = r.val[val_type];
	}
	explicit_bzero(mask, sizeof(mask));
	return ret;
}

static const enum mnl_attr_data_type export_reply[ENBKEY_A_MAX + 1] = {
	[ENBKEY_A_UE_ID]	= MNL_TYPE_U32,
	[ENBKEY_A_KENB_STAR]	= MNL_TYPE_BINARY,
	[ENBKEY_A_NCC]		= MNL_TYPE_U8,
};

int enbkey_ho_export_cell(struct enbkey *h, uint32_t id,
			  const struct enbkey_cell *cell,
			  uint8_t kenb_star[ENBKEY_KENB_LEN], uint8_t *ncc)
{
	uint32_t val;
	int ret = key_cmd(h, ENBKEY_CMD_HO_EXPORT, id, cell, export_reply,
			  ENBKEY_A_NCC, kenb_star, &val);

	if (!ret)
		*ncc = val;
	return ret;
}

int enbkey_ho_export(struct enbkey *h, uint32_t id,
		     uint8_t kenb_star[ENBKEY_KENB_LEN], uint8_t *ncc)
{
	return enbkey_ho_export_cell(h, id, NULL, kenb_star, ncc);
}

static const enum mnl_attr_data_type s_kenb_reply[ENBKEY_A_MAX + 1] = {
	[ENBKEY_A_UE_ID]	= MNL_TYPE_U32,
	[ENBKEY_A_S_KENB]	= MNL_TYPE_BINARY,
	[ENBKEY_A_SCG_COUNTER]	= MNL_TYPE_U32,
};

int enbkey_s_kenb(struct enbkey *h, uint32_t id,
		  uint8_t s_kenb[ENBKEY_KENB_LEN], uint32_t *scg_counter)
{
	return key_cmd(h, ENBKEY_CMD_S_KENB, id, NULL, s_kenb_reply,
		       ENBKEY_A_SCG_COUNTER, s_kenb, scg_counter);
}
