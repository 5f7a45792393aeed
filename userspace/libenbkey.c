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

#include <libmnl/libmnl.h>
#include <linux/enbkey.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "libenbkey.h"

/*
 * Room for any request, including a KeNB far longer than ENBKEY_KENB_LEN:
 * rejecting a wrong length is left to the kernel, which explains why.
 */
#define TX_SIZE 1024

/*
 * The kernel fills a reply or dump message up to the larger of the reader's
 * buffer and NLMSG_GOODSIZE, which is below 8 KiB, so this never truncates.
 */
#define RX_SIZE 8192

struct enbkey {
	struct mnl_socket *nl;
	uint32_t seq;
	uint16_t family;
	char errmsg[512];
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
	int one = 1, err;

	if (!h)
		return NULL;
	h->nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!h->nl ||
	    /* An error ACK must not echo a request: it may carry a KeNB. */
	    mnl_socket_setsockopt(h->nl, NETLINK_CAP_ACK, &one, sizeof(one)) ||
	    mnl_socket_setsockopt(h->nl, NETLINK_EXT_ACK, &one, sizeof(one)) ||
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

static int ue_cmd(struct enbkey *h, uint8_t cmd, uint32_t id)
{
	struct nlmsghdr *nlh = enbkey_msg(h, cmd, NLM_F_ACK);

	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
	return transact(h, nlh, NULL, NULL);
}

int enbkey_ue_add(struct enbkey *h, uint32_t id)
{
	return ue_cmd(h, ENBKEY_CMD_UE_NEW, id);
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
};

static int parse_ue(const struct nlmsghdr *nlh, struct enbkey_ue_info *ue)
{
	const struct nlattr *tb[ENBKEY_A_MAX + 1] = { NULL };
	const struct nlattr *attr;

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
	return 0;
}

struct ue_walk {
	int (*cb)(const struct enbkey_ue_info *ue, void *arg);
	void *arg;
	unsigned int count;
	int err;	/* first failure; later UEs are read but dropped */
};

static void ue_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct ue_walk *w = arg;
	struct enbkey_ue_info ue;

	if (w->err)
		return;
	w->err = parse_ue(nlh, &ue);
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

int enbkey_ue_dump(struct enbkey *h,
		   int (*cb)(const struct enbkey_ue_info *ue, void *arg),
		   void *arg)
{
	struct nlmsghdr *nlh = enbkey_msg(h, ENBKEY_CMD_UE_GET, NLM_F_DUMP);
	struct ue_walk w = { .cb = cb, .arg = arg };

	return walk_ues(h, nlh, &w);
}

int enbkey_key_set(struct enbkey *h, uint32_t id, const uint8_t *kenb,
		   size_t len, int ncc)
{
	struct nlmsghdr *nlh;
	int ret;

	if (ncc > UINT8_MAX)
		return fail(h, ERANGE, NULL);
	nlh = enbkey_msg(h, ENBKEY_CMD_KEY_SET, NLM_F_ACK);
	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
	if (ncc >= 0)
		mnl_attr_put_u8(nlh, ENBKEY_A_NCC, ncc);
	/* Last, so that nothing is put after a KeNB that filled the buffer */
	if (mnl_attr_put_check(nlh, sizeof(h->tx), ENBKEY_A_KENB, len, kenb))
		ret = transact(h, nlh, NULL, NULL);
	else
		ret = fail(h, EMSGSIZE, NULL);
	explicit_bzero(h->tx, sizeof(h->tx));
	return ret;
}

int enbkey_sec_set(struct enbkey *h, uint32_t id, uint8_t eea, uint8_t eia)
{
	struct nlmsghdr *nlh = enbkey_msg(h, ENBKEY_CMD_SEC_SET, NLM_F_ACK);

	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
	mnl_attr_put_u8(nlh, ENBKEY_A_EEA, eea);
	mnl_attr_put_u8(nlh, ENBKEY_A_EIA, eia);
	return transact(h, nlh, NULL, NULL);
}
