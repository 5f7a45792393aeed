// SPDX-License-Identifier: MIT
/*
 * Tests of libenbkey's messages that need no module. The requests it builds
 * are walked as the kernel parses them; replies shaped as the kernel sends
 * them, and malformed ones, are fed to its reply parsers. libenbkey.c is
 * included to reach its static functions, and its socket calls are turned
 * to the fake socket below, so that whole requests can run; no socket is
 * opened.
 *
 * Prints "ok - ..." or "not ok - ..." per check and exits 1 if any failed.
 */

#include <libmnl/libmnl.h>
#include <sys/socket.h>

static int fake_fd(const struct mnl_socket *nl);
static unsigned int fake_portid(const struct mnl_socket *nl);
static ssize_t fake_sendto(const struct mnl_socket *nl, const void *buf,
			   size_t len);
static ssize_t fake_recvfrom(const struct mnl_socket *nl, void *buf,
			     size_t size);
static ssize_t fake_recv(int fd, void *buf, size_t size, int flags);

#define mnl_socket_get_fd fake_fd
#define mnl_socket_get_portid fake_portid
#define mnl_socket_sendto fake_sendto
#define mnl_socket_recvfrom fake_recvfrom
#define recv fake_recv

#include "libenbkey.c"

#define FAMILY 0x1234
#define UE 7

static struct enbkey *h;
static bool failed;

static void check(bool ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	if (!ok)
		failed = true;
}

/* The attribute of type @type in the nest @nest, or NULL. */
static const struct nlattr *nested(const struct nlattr *nest, uint16_t type)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) == type)
			return attr;
	return NULL;
}

static size_t count_nested(const struct nlattr *nest)
{
	const struct nlattr *attr;
	size_t n = 0;

	mnl_attr_for_each_nested(attr, nest)
		n++;
	return n;
}

static bool binary_is(const struct nlattr *attr, const void *p, size_t len)
{
	return attr && mnl_attr_get_payload_len(attr) == len &&
	       (!len || !memcmp(mnl_attr_get_payload(attr), p, len));
}

/*
 * The ENBKEY_A_PDUS of the request @nlh, after checking the headers and
 * that ENBKEY_A_UE_ID and it are the only attributes and fill the message.
 */
static const struct nlattr *request_pdus(const struct nlmsghdr *nlh,
					 uint8_t cmd)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr, *list = NULL;
	bool id = false;
	size_t end = MSG_HDRLEN;

	if (nlh->nlmsg_type != FAMILY ||
	    nlh->nlmsg_flags != (NLM_F_REQUEST | NLM_F_ACK) ||
	    genl->cmd != cmd || genl->version != ENBKEY_GENL_VERSION ||
	    genl->reserved)
		return NULL;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		end += MNL_ALIGN(attr->nla_len);
		if (attr->nla_type == ENBKEY_A_UE_ID &&
		    !mnl_attr_validate(attr, MNL_TYPE_U32) &&
		    mnl_attr_get_u32(attr) == UE)
			id = true;
		else if (attr->nla_type == (NLA_F_NESTED | ENBKEY_A_PDUS))
			list = attr;
		else
			return NULL;
	}
	return id && end == nlh->nlmsg_len ? list : NULL;
}

/* Whether entry @entry is @pdu, as the kernel would read it. */
static bool entry_is(const struct nlattr *entry, const struct enbkey_pdu *pdu)
{
	const struct nlattr *a;
	size_t want = 5 + !!pdu->hdr_len + !!pdu->flags;

	a = nested(entry, ENBKEY_PDU_A_RB_TYPE);
	if (!a || mnl_attr_validate(a, MNL_TYPE_U8) ||
	    mnl_attr_get_u8(a) != pdu->rb_type)
		return false;
	a = nested(entry, ENBKEY_PDU_A_RB_ID);
	if (!a || mnl_attr_validate(a, MNL_TYPE_U8) ||
	    mnl_attr_get_u8(a) != pdu->rb_id)
		return false;
	a = nested(entry, ENBKEY_PDU_A_DIR);
	if (!a || mnl_attr_validate(a, MNL_TYPE_U8) ||
	    mnl_attr_get_u8(a) != pdu->dir)
		return false;
	a = nested(entry, ENBKEY_PDU_A_COUNT);
	if (!a || mnl_attr_validate(a, MNL_TYPE_U32) ||
	    mnl_attr_get_u32(a) != pdu->count)
		return false;
	a = nested(entry, ENBKEY_PDU_A_FLAGS);
	if (pdu->flags && (!a || mnl_attr_validate(a, MNL_TYPE_U32) ||
			   mnl_attr_get_u32(a) != pdu->flags))
		return false;
	if (pdu->hdr_len &&
	    !binary_is(nested(entry, ENBKEY_PDU_A_HDR), pdu->hdr, pdu->hdr_len))
		return false;
	return binary_is(nested(entry, ENBKEY_PDU_A_DATA), pdu->data,
			 pdu->data_len) &&
	       count_nested(entry) == want;
}

static void test_request(void)
{
	static const uint8_t hdr[] = { 0x80, 0x01 }, data[] = { 1, 2, 3 };
	struct enbkey_pdu pdus[] = {
		{ .rb_type = ENBKEY_RB_SRB, .rb_id = 1, .dir = ENBKEY_DIR_UL,
		  .count = 5, .hdr = hdr, .hdr_len = sizeof(hdr),
		  .data = data, .data_len = sizeof(data) },
		{ .rb_type = ENBKEY_RB_DRB, .rb_id = 32, .dir = ENBKEY_DIR_DL,
		  .count = UINT32_MAX, .flags = ENBKEY_PDU_F_CIPHER_ONLY },
	};
	struct pdcp_batch b = { .pdus = pdus, .n = 2, .id = UE };
	const struct nlmsghdr *nlh;
	const struct nlattr *list, *entry;
	size_t i = 0;
	bool ok = true;

	nlh = pdcp_request(h, ENBKEY_CMD_PDCP_PROTECT, &b);
	list = nlh ? request_pdus(nlh, ENBKEY_CMD_PDCP_PROTECT) : NULL;
	check(list, "request: headers, UE id and a nested PDU list");
	if (!list)
		return;
	mnl_attr_for_each_nested(entry, list) {
		/* the kernel's nla_parse_nested() wants NLA_F_NESTED */
		ok = ok && i < 2 && entry->nla_type == (NLA_F_NESTED | i) &&
		     entry_is(entry, &pdus[i]);
		i++;
	}
	check(ok && i == 2, "request: entries 0 and 1 carry their PDUs");

	b.n = 0;
	nlh = pdcp_request(h, ENBKEY_CMD_PDCP_UNPROTECT, &b);
	list = nlh ? request_pdus(nlh, ENBKEY_CMD_PDCP_UNPROTECT) : NULL;
	check(list && list->nla_len == MNL_ATTR_HDRLEN,
	      "request: no PDUs is an empty list, for the kernel to refuse");
}

/* Requests near the 16-bit bound of ENBKEY_A_PDUS. */
static void test_request_size(void)
{
	static uint8_t data[UINT16_MAX];
	static struct enbkey_pdu pdus[ENBKEY_PDUS_MAX];
	struct pdcp_batch b = { .pdus = pdus, .id = UE };
	const struct nlmsghdr *nlh;
	const struct nlattr *list;
	size_t i;

	/* the nest: 4 octets, then an entry of 4 + 4 * 8 + 4 + data octets */
	pdus[0] = (struct enbkey_pdu){ .rb_id = 1, .data = data,
				       .data_len = UINT16_MAX - 3 - 44 };
	b.n = 1;
	nlh = pdcp_request(h, ENBKEY_CMD_PDCP_PROTECT, &b);
	list = nlh ? request_pdus(nlh, ENBKEY_CMD_PDCP_PROTECT) : NULL;
	check(list && list->nla_len == UINT16_MAX - 3,
	      "size: a PDU that fills the list to 65532 octets fits");
	pdus[0].data_len++;
	check(!pdcp_request(h, ENBKEY_CMD_PDCP_PROTECT, &b),
	      "size: one octet more does not");

	for (i = 0; i < ENBKEY_PDUS_MAX; i++)
		pdus[i] = (struct enbkey_pdu){ .rb_id = 1, .data = data,
					       .data_len = 200 };
	b.n = ENBKEY_PDUS_MAX;
	check(pdcp_request(h, ENBKEY_CMD_PDCP_PROTECT, &b),
	      "size: 256 PDUs of 200 octets fit");
	/* the most the kernel takes, with padding after each header */
	for (i = 0; i < ENBKEY_PDUS_MAX; i++)
		pdus[i] = (struct enbkey_pdu){
			.rb_id = 1, .hdr = data, .hdr_len = 1, .data = data,
			.data_len = ENBKEY_PDUS_DATA_MAX / ENBKEY_PDUS_MAX - 1,
			.flags = ENBKEY_PDU_F_CIPHER_ONLY };
	check(pdcp_request(h, ENBKEY_CMD_PDCP_PROTECT, &b),
	      "size: ENBKEY_PDUS_MAX PDUs of ENBKEY_PDUS_DATA_MAX octets fit");
	for (i = 0; i < 8; i++)
		pdus[i] = (struct enbkey_pdu){ .rb_id = 1, .data = data,
					       .data_len = 65536 / 8 };
	b.n = 8;
	check(!pdcp_request(h, ENBKEY_CMD_PDCP_PROTECT, &b),
	      "size: 64 KiB of payload does not");
	pdus[0].data_len = 70000;
	b.n = 1;
	check(!pdcp_request(h, ENBKEY_CMD_PDCP_PROTECT, &b),
	      "size: a PDU beyond 16 bits is refused, not wrapped");
}

/* Replies are built in their own buffer, as the kernel would send them. */
static alignas(struct nlmsghdr) char reply_buf[RX_SIZE];

static struct nlmsghdr *reply_start(uint32_t id)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(reply_buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = FAMILY;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = ENBKEY_CMD_PDCP_PROTECT;
	genl->version = ENBKEY_GENL_VERSION;
	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
	return nlh;
}

static void reply_data(struct nlmsghdr *nlh, uint16_t i, const void *p,
		       size_t len)
{
	struct nlattr *entry = mnl_attr_nest_start(nlh, i);

	mnl_attr_put(nlh, ENBKEY_PDU_A_DATA, len, p);
	mnl_attr_nest_end(nlh, entry);
}

static void reply_error(struct nlmsghdr *nlh, uint16_t i, uint32_t err)
{
	struct nlattr *entry = mnl_attr_nest_start(nlh, i);

	mnl_attr_put_u32(nlh, ENBKEY_PDU_A_ERROR, err);
	mnl_attr_nest_end(nlh, entry);
}

static void test_reply(void)
{
	static const uint8_t pdu0[] = { 0x80, 0x01, 0xaa, 0xbb, 0xcc };
	uint8_t out0[8], out1[4];
	struct enbkey_pdu pdus[4] = {
		{ .out = out0, .out_size = sizeof(out0), .err = 1 },
		{ .out = out1, .out_size = sizeof(out1), .err = 1 },
		{ .out = out1, .out_size = sizeof(out1), .err = 1 },
		{ .err = 1, .out_len = 9 },
	};
	struct pdcp_batch b = { .pdus = pdus, .n = 4, .id = UE };
	struct nlmsghdr *nlh = reply_start(UE);
	struct nlattr *list = mnl_attr_nest_start(nlh, ENBKEY_A_PDUS);

	reply_data(nlh, 0, pdu0, sizeof(pdu0));
	reply_data(nlh, 1, pdu0, sizeof(pdu0));
	reply_error(nlh, 2, EBADMSG);
	reply_data(nlh, 3, "", 0);
	mnl_attr_nest_end(nlh, list);
	pdcp_reply(nlh, &b);
	check(!pdcp_outcome(h, &b, 0), "reply: answered");
	check(!pdus[0].err && pdus[0].out_len == sizeof(pdu0) &&
	      !memcmp(out0, pdu0, sizeof(pdu0)),
	      "reply: a result is copied to its buffer");
	check(pdus[1].err == -ENOBUFS && pdus[1].out_len == sizeof(pdu0),
	      "reply: a result too large gives -ENOBUFS and the size needed");
	check(pdus[2].err == -EBADMSG && !pdus[2].out_len,
	      "reply: an error of one PDU is its -errno");
	check(!pdus[3].err && !pdus[3].out_len,
	      "reply: an empty result needs no buffer");
}

/* A reply that must fail the request of two PDUs with -EPROTO */
static void malformed(struct nlmsghdr *nlh, unsigned int messages,
		      const char *what)
{
	uint8_t out[16];
	struct enbkey_pdu pdus[2] = {
		{ .out = out, .out_size = sizeof(out) },
		{ .out = out, .out_size = sizeof(out) },
	};
	struct pdcp_batch b = { .pdus = pdus, .n = 2, .id = UE };
	char desc[128];

	while (messages--)
		pdcp_reply(nlh, &b);
	snprintf(desc, sizeof(desc), "malformed reply: %s", what);
	check(pdcp_outcome(h, &b, 0) == -EPROTO && pdus[0].err == -EPROTO &&
	      pdus[1].err == -EPROTO && !pdus[0].out_len && !pdus[1].out_len,
	      desc);
}

/* A reply for UE @id whose list holds entries 0..n-1 with data. */
static struct nlmsghdr *reply_n(uint32_t id, uint16_t n)
{
	struct nlmsghdr *nlh = reply_start(id);
	struct nlattr *list = mnl_attr_nest_start(nlh, ENBKEY_A_PDUS);
	uint16_t i;

	for (i = 0; i < n; i++)
		reply_data(nlh, i, "x", 1);
	mnl_attr_nest_end(nlh, list);
	return nlh;
}

static void test_malformed(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *list, *entry;

	malformed(reply_n(UE, 1), 1, "one PDU missing");
	malformed(reply_n(UE, 3), 1, "one PDU too many");
	malformed(reply_n(UE + 1, 2), 1, "another UE");
	malformed(reply_n(UE, 2), 2, "two reply messages");
	malformed(reply_n(UE, 2), 0, "no reply message");
	malformed(reply_start(UE), 1, "no PDU list");

	nlh = reply_start(UE);
	list = mnl_attr_nest_start(nlh, ENBKEY_A_PDUS);
	reply_data(nlh, 1, "x", 1);
	reply_data(nlh, 0, "x", 1);
	mnl_attr_nest_end(nlh, list);
	malformed(nlh, 1, "entries out of order");

	nlh = reply_start(UE);
	list = mnl_attr_nest_start(nlh, ENBKEY_A_PDUS);
	reply_data(nlh, 0, "x", 1);
	reply_error(nlh, 1, 0);
	mnl_attr_nest_end(nlh, list);
	malformed(nlh, 1, "error 0");

	nlh = reply_start(UE);
	list = mnl_attr_nest_start(nlh, ENBKEY_A_PDUS);
	reply_data(nlh, 0, "x", 1);
	entry = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put(nlh, ENBKEY_PDU_A_DATA, 1, "x");
	mnl_attr_put_u32(nlh, ENBKEY_PDU_A_ERROR, EINVAL);
	mnl_attr_nest_end(nlh, entry);
	mnl_attr_nest_end(nlh, list);
	malformed(nlh, 1, "data and error");

	nlh = reply_start(UE);
	list = mnl_attr_nest_start(nlh, ENBKEY_A_PDUS);
	reply_data(nlh, 0, "x", 1);
	entry = mnl_attr_nest_start(nlh, 1);
	mnl_attr_nest_end(nlh, entry);
	mnl_attr_nest_end(nlh, list);
	malformed(nlh, 1, "neither data nor error");
}

static void test_failed_request(void)
{
	struct enbkey_pdu pdus[2] = { { .out_len = 3 }, { .out_len = 3 } };
	struct pdcp_batch b = { .pdus = pdus, .n = 2, .id = UE };

	check(pdcp_outcome(h, &b, -ENOENT) == -ENOENT &&
	      pdus[0].err == -ENOENT && pdus[1].err == -ENOENT &&
	      !pdus[0].out_len && !pdus[1].out_len,
	      "a failed request fails each PDU");
}

/* A UE_GET reply with the attributes every module sends */
static struct nlmsghdr *ue_reply(void)
{
	struct nlmsghdr *nlh = reply_start(UE);

	mnl_attr_put_u8(nlh, ENBKEY_A_KEY_INSTALLED, 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 2);
	mnl_attr_put_u32(nlh, ENBKEY_A_KEY_GENERATION, 3);
	return nlh;
}

static void test_ue_info(void)
{
	struct enbkey_ue_info ue;
	struct nlmsghdr *nlh;

	nlh = ue_reply();
	check(!parse_ue(nlh, &ue, NULL) && ue.id == UE && ue.key_installed &&
	      ue.ncc == 2 && ue.key_generation == 3 && !ue.algs_selected &&
	      !ue.up_integrity && !ue.integrity_failures && !ue.key_refresh,
	      "ue info: the new attributes are optional");

	nlh = ue_reply();
	mnl_attr_put_u32(nlh, ENBKEY_A_INTEGRITY_FAILURES, 4);
	mnl_attr_put_u8(nlh, ENBKEY_A_KEY_REFRESH, 0);
	check(!parse_ue(nlh, &ue, NULL) && !ue.algs_selected && !ue.up_integrity &&
	      ue.integrity_failures == 4 && !ue.key_refresh,
	      "ue info: before algorithms");

	nlh = ue_reply();
	mnl_attr_put_u8(nlh, ENBKEY_A_EEA, 2);
	mnl_attr_put_u8(nlh, ENBKEY_A_EIA, 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_UP_INTEGRITY, 1);
	mnl_attr_put_u32(nlh, ENBKEY_A_INTEGRITY_FAILURES, 0);
	mnl_attr_put_u8(nlh, ENBKEY_A_KEY_REFRESH, 1);
	check(!parse_ue(nlh, &ue, NULL) && ue.algs_selected && ue.eea == 2 &&
	      ue.eia == 1 && ue.up_integrity && ue.key_refresh,
	      "ue info: algorithms, user-plane integrity, key refresh");

	nlh = ue_reply();
	mnl_attr_put_u8(nlh, ENBKEY_A_INTEGRITY_FAILURES, 1);
	check(parse_ue(nlh, &ue, NULL) == -EPROTO,
	      "ue info: a wrongly sized attribute is refused");

	check(!parse_ue(ue_reply(), &ue, NULL) && !ue.nh_pending &&
	      !ue.kenb_star_pending && !ue.scg_counter,
	      "ue info: no handover attributes: nothing pending, SCG Counter 0");

	nlh = ue_reply();
	mnl_attr_put_u8(nlh, ENBKEY_A_NH_PENDING, 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_KENB_STAR_PENDING, 1);
	mnl_attr_put_u32(nlh, ENBKEY_A_SCG_COUNTER, 0x10000);
	check(!parse_ue(nlh, &ue, NULL) && ue.nh_pending && ue.kenb_star_pending &&
	      ue.scg_counter == 0x10000,
	      "ue info: NH and KeNB* pending, SCG Counter spent");

	nlh = ue_reply();
	mnl_attr_put_u8(nlh, ENBKEY_A_NH_PENDING, 0);
	mnl_attr_put_u8(nlh, ENBKEY_A_KENB_STAR_PENDING, 0);
	mnl_attr_put_u32(nlh, ENBKEY_A_SCG_COUNTER, 3);
	check(!parse_ue(nlh, &ue, NULL) && !ue.nh_pending && !ue.kenb_star_pending &&
	      ue.scg_counter == 3, "ue info: nothing pending, SCG Counter 3");

	nlh = ue_reply();
	mnl_attr_put_u16(nlh, ENBKEY_A_SCG_COUNTER, 3);
	check(parse_ue(nlh, &ue, NULL) == -EPROTO,
	      "ue info: a 16-bit SCG Counter is refused");
}

/*
 * The fake socket. A request is copied to sent[]; the messages queued in
 * answer[] are then received one per call, as the kernel's are, with the
 * request's sequence number.
 */
#define PORTID 4242

static alignas(struct nlmsghdr) char sent[TX_SIZE];
static alignas(struct nlmsghdr) char answer[2 * RX_SIZE];
static size_t queued, delivered;	/* octets of answer[] */
static unsigned int sends;		/* requests sent */
static int recv_errno;			/* the next receive fails with it */

static int fake_fd(const struct mnl_socket *nl)
{
	(void)nl;
	return -1;
}

static unsigned int fake_portid(const struct mnl_socket *nl)
{
	(void)nl;
	return PORTID;
}

/*
 * As the kernel does, the key of a queued HO_EXPORT or S_KENB reply is
 * XORed with the mask of the request that is sent.
 */
static void mask_queued(const struct nlmsghdr *req)
{
	const struct nlattr *attr, *mask = NULL;
	struct nlmsghdr *nlh;
	struct nlattr *key;
	size_t off, i;

	mnl_attr_for_each(attr, req, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == ENBKEY_A_KEY_MASK &&
		    mnl_attr_get_payload_len(attr) == ENBKEY_KENB_LEN)
			mask = attr;
	if (!mask)
		return;
	for (off = delivered; off < queued; off += MNL_ALIGN(nlh->nlmsg_len)) {
		nlh = (void *)(answer + off);
		if (nlh->nlmsg_type == NLMSG_ERROR)
			continue;
		mnl_attr_for_each(key, nlh, GENL_HDRLEN) {
			if ((mnl_attr_get_type(key) != ENBKEY_A_KENB_STAR &&
			     mnl_attr_get_type(key) != ENBKEY_A_S_KENB) ||
			    mnl_attr_get_payload_len(key) != ENBKEY_KENB_LEN)
				continue;
			for (i = 0; i < ENBKEY_KENB_LEN; i++)
				((uint8_t *)mnl_attr_get_payload(key))[i] ^=
					((const uint8_t *)mnl_attr_get_payload(mask))[i];
		}
	}
}

static ssize_t fake_sendto(const struct mnl_socket *nl, const void *buf,
			   size_t len)
{
	(void)nl;
	memcpy(sent, buf, len);
	sends++;
	mask_queued(buf);
	return len;
}

static ssize_t receive(void *buf, size_t size)
{
	struct nlmsghdr *nlh = (void *)(answer + delivered);
	size_t len;

	if (recv_errno || delivered == queued) {
		errno = recv_errno ? recv_errno : EAGAIN;
		recv_errno = 0;
		return -1;
	}
	nlh->nlmsg_seq = ((struct nlmsghdr *)sent)->nlmsg_seq;
	nlh->nlmsg_pid = PORTID;
	len = nlh->nlmsg_len;
	memcpy(buf, nlh, len < size ? len : size);
	delivered += MNL_ALIGN(len);
	return len;
}

static ssize_t fake_recvfrom(const struct mnl_socket *nl, void *buf,
			     size_t size)
{
	(void)nl;
	return receive(buf, size);
}

/* drain() reads with recv(2). */
static ssize_t fake_recv(int fd, void *buf, size_t size, int flags)
{
	(void)fd;
	(void)flags;
	return receive(buf, size);
}

/* Empties the fake socket and forgets the last request. */
static void answer_reset(void)
{
	queued = delivered = 0;
	sends = 0;
	memset(sent, 0, sizeof(sent));
}

static void queue(const struct nlmsghdr *nlh)
{
	memcpy(answer + queued, nlh, nlh->nlmsg_len);
	queued += MNL_ALIGN(nlh->nlmsg_len);
}

/* Queues an ACK of @error, a positive errno or 0, with message @ext. */
static void queue_ack(int error, const char *ext)
{
	alignas(struct nlmsghdr) char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED | (ext ? NLM_F_ACK_TLVS : 0);
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -error;
	e->msg.nlmsg_len = sizeof(e->msg);
	if (ext)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, ext);
	queue(nlh);
}

/* Whether the answer was read to its end. */
static bool all_read(void)
{
	return delivered == queued;
}

static bool all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

/* Whether the last request was wiped from h->tx, where it was built. */
static bool request_wiped(void)
{
	return all_zero(h->tx, ((struct nlmsghdr *)sent)->nlmsg_len);
}

/*
 * An attribute a request must carry: the integer @val, or @len at @data, or
 * with @data ANY_DATA @len octets other than all zeros
 */
struct want {
	uint16_t type;
	uint16_t len;
	uint32_t val;
	const void *data;
};

static const char any_data[1];
#define ANY_DATA ((const void *)any_data)

/*
 * Whether the last request was @cmd with the @n attributes at @want, in
 * that order, and nothing else.
 */
static bool request_is(uint8_t cmd, const struct want *want, size_t n)
{
	const struct nlmsghdr *nlh = (const void *)sent;
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t i = 0, end = MSG_HDRLEN;

	if (sends != 1 || nlh->nlmsg_type != FAMILY ||
	    nlh->nlmsg_flags != (NLM_F_REQUEST | NLM_F_ACK) ||
	    genl->cmd != cmd || genl->version != ENBKEY_GENL_VERSION ||
	    genl->reserved)
		return false;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		const struct want *w = &want[i];
		uint16_t len = mnl_attr_get_payload_len(attr);
		uint32_t val;

		end += MNL_ALIGN(attr->nla_len);
		if (i++ == n || attr->nla_type != w->type || len != w->len)
			return false;
		if (w->data == ANY_DATA) {
			if (all_zero(mnl_attr_get_payload(attr), len))
				return false;
			continue;
		}
		if (w->data) {
			if (memcmp(mnl_attr_get_payload(attr), w->data, len))
				return false;
			continue;
		}
		val = len == 1 ? mnl_attr_get_u8(attr) :
		      len == 2 ? mnl_attr_get_u16(attr) :
				 mnl_attr_get_u32(attr);
		if (val != w->val)
			return false;
	}
	return i == n && end == nlh->nlmsg_len;
}

static const uint8_t key[ENBKEY_KENB_LEN] = {
	0x3f, 0x8a, 0x11, 0xd4, 0x00, 0x01, 0x02, 0x03,
	0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13,
	0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0xee,
};

static void test_key_requests(void)
{
	uint8_t long_nh[ENBKEY_KENB_LEN + 1] = { 0 };
	const struct want nh[] = {
		{ ENBKEY_A_UE_ID, 4, UE, NULL },
		{ ENBKEY_A_NCC, 1, 7, NULL },
		{ ENBKEY_A_NH, ENBKEY_KENB_LEN, 0, key },
	};
	const struct want nh_long[] = {
		{ ENBKEY_A_UE_ID, 4, UE, NULL },
		{ ENBKEY_A_NCC, 1, 0, NULL },
		{ ENBKEY_A_NH, sizeof(long_nh), 0, long_nh },
	};
	const struct want kenb[] = {
		{ ENBKEY_A_UE_ID, 4, UE, NULL },
		{ ENBKEY_A_KENB, ENBKEY_KENB_LEN, 0, key },
	};
	int ret;

	answer_reset();
	queue_ack(0, NULL);
	ret = enbkey_nh_set(h, UE, key, sizeof(key), 7);
	check(!ret && request_is(ENBKEY_CMD_KEY_SET, nh, 3) && all_read(),
	      "nh set: UE id, NCC and a 32-octet NH");
	check(request_wiped(), "nh set: the request is wiped");

	answer_reset();
	queue_ack(EINVAL, "NH must be 32 octets");
	ret = enbkey_nh_set(h, UE, long_nh, sizeof(long_nh), 0);
	check(ret == -EINVAL && request_is(ENBKEY_CMD_KEY_SET, nh_long, 3) &&
	      !strcmp(enbkey_strerror(h),
		      "NH must be 32 octets (Invalid argument)"),
	      "nh set: the NH length is the kernel's to judge");
	check(request_wiped(), "nh set: a refused request is wiped too");

	answer_reset();
	check(enbkey_nh_set(h, UE, key, sizeof(key), -1) == -ERANGE &&
	      enbkey_nh_set(h, UE, key, sizeof(key), 256) == -ERANGE &&
	      !sends, "nh set: an NCC that does not fit is not sent");

	answer_reset();
	queue_ack(0, NULL);
	ret = enbkey_key_set(h, UE, key, sizeof(key), -1);
	check(!ret && request_is(ENBKEY_CMD_KEY_SET, kenb, 2) &&
	      request_wiped(),
	      "key set: UE id and KeNB, without NCC, then wiped");
}

/* A reply to command @cmd for UE @id, to fill in and queue */
static struct nlmsghdr *cmd_reply(uint8_t cmd, uint32_t id)
{
	struct nlmsghdr *nlh = reply_start(id);
	struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	genl->cmd = cmd;
	return nlh;
}

static void test_ho_prepare(void)
{
	const struct want req[] = {
		{ ENBKEY_A_UE_ID, 4, UE, NULL },
		{ ENBKEY_A_PCI, 2, 65535, NULL },
		{ ENBKEY_A_EARFCN_DL, 4, 262144, NULL },
	};
	struct nlmsghdr *nlh;
	bool vertical = false;
	uint8_t ncc = 0;
	int ret;

	answer_reset();
	nlh = cmd_reply(ENBKEY_CMD_HO_PREPARE, UE);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 3);
	mnl_attr_put_u8(nlh, ENBKEY_A_VERTICAL, 1);
	queue(nlh);
	queue_ack(0, NULL);
	ret = enbkey_ho_prepare(h, UE, 65535, 262144, &ncc, &vertical);
	check(!ret && request_is(ENBKEY_CMD_HO_PREPARE, req, 3) && all_read(),
	      "ho prepare: UE id, a 16-bit PCI and a 32-bit EARFCN-DL, "
	      "out of range for the kernel to refuse");
	check(!ret && ncc == 3 && vertical, "ho prepare: NCC 3, vertical");

	answer_reset();
	nlh = cmd_reply(ENBKEY_CMD_HO_PREPARE, UE);
	mnl_attr_put_u8(nlh, ENBKEY_A_VERTICAL, 0);
	mnl_attr_put_u32(nlh, ENBKEY_A_SCG_COUNTER, 9);	/* skipped */
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 0);
	queue(nlh);
	queue_ack(0, NULL);
	ret = enbkey_ho_prepare(h, UE, 1, 2, &ncc, &vertical);
	check(!ret && !ncc && !vertical,
	      "ho prepare: NCC 0, horizontal, in any order, other attributes "
	      "skipped");

	answer_reset();
	queue_ack(EINVAL, "PCI must be 0..503");
	ncc = 5;
	ret = enbkey_ho_prepare(h, UE, 504, 2, &ncc, &vertical);
	check(ret == -EINVAL && ncc == 5 &&
	      !strcmp(enbkey_strerror(h),
		      "PCI must be 0..503 (Invalid argument)"),
	      "ho prepare: the kernel's refusal and its message");
}

enum reply_cmd { PREPARE, EXPORT, S_KENB };

/*
 * Queues @nlh @messages times and an ACK, runs @cmd, which must fail with
 * -EPROTO leaving the caller's variables as they were, or, for a key,
 * zeroed, and the receive buffer wiped.
 */
static void malformed_reply(enum reply_cmd cmd, const struct nlmsghdr *nlh,
			    unsigned int messages, const char *what)
{
	static const char *const name[] = { "ho prepare", "ho export",
					     "dc skenb" };
	uint8_t out[ENBKEY_KENB_LEN], ncc = 9;
	uint32_t counter = 9;
	bool vertical = false, ok;
	char desc[128];
	int ret;

	answer_reset();
	while (messages--)
		queue(nlh);
	queue_ack(0, NULL);
	memset(out, 0xff, sizeof(out));
	switch (cmd) {
	case PREPARE:
		ret = enbkey_ho_prepare(h, UE, 1, 1, &ncc, &vertical);
		ok = ncc == 9 && !vertical;
		break;
	case EXPORT:
		ret = enbkey_ho_export(h, UE, out, &ncc);
		ok = ncc == 9 && all_zero(out, sizeof(out)) &&
		     all_zero(h->rx, sizeof(h->rx));
		break;
	default:
		ret = enbkey_s_kenb(h, UE, out, &counter);
		ok = counter == 9 && all_zero(out, sizeof(out)) &&
		     all_zero(h->rx, sizeof(h->rx));
		break;
	}
	snprintf(desc, sizeof(desc), "%s: malformed reply: %s", name[cmd],
		 what);
	check(ret == -EPROTO && ok && all_read(), desc);
}

static void test_prepare_malformed(void)
{
	struct nlmsghdr *nlh;

	nlh = cmd_reply(ENBKEY_CMD_HO_PREPARE, UE);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_VERTICAL, 1);
	malformed_reply(PREPARE, nlh, 2, "two messages");
	malformed_reply(PREPARE, nlh, 0, "no message");

	nlh = cmd_reply(ENBKEY_CMD_HO_PREPARE, UE + 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_VERTICAL, 1);
	malformed_reply(PREPARE, nlh, 1, "another UE");

	nlh = cmd_reply(ENBKEY_CMD_HO_PREPARE, UE);
	mnl_attr_put_u8(nlh, ENBKEY_A_VERTICAL, 1);
	malformed_reply(PREPARE, nlh, 1, "no NCC");

	nlh = cmd_reply(ENBKEY_CMD_HO_PREPARE, UE);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 1);
	malformed_reply(PREPARE, nlh, 1, "no VERTICAL");

	nlh = cmd_reply(ENBKEY_CMD_HO_PREPARE, UE);
	mnl_attr_put_u32(nlh, ENBKEY_A_NCC, 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_VERTICAL, 1);
	malformed_reply(PREPARE, nlh, 1, "a 32-bit NCC");

	/* a reply without ENBKEY_A_UE_ID */
	nlh = mnl_nlmsg_put_header(reply_buf);
	nlh->nlmsg_type = FAMILY;
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_VERTICAL, 1);
	malformed_reply(PREPARE, nlh, 1, "no UE id");
}

static void test_ho_commit(void)
{
	const struct want req[] = { { ENBKEY_A_UE_ID, 4, UE, NULL } };

	answer_reset();
	queue_ack(0, NULL);
	check(!enbkey_ho_commit(h, UE) &&
	      request_is(ENBKEY_CMD_HO_COMMIT, req, 1) && all_read(),
	      "ho commit: UE id alone");

	answer_reset();
	queue_ack(ENOKEY, "no KeNB* prepared");
	check(enbkey_ho_commit(h, UE) == -ENOKEY &&
	      !strcmp(enbkey_strerror(h),
		      "no KeNB* prepared (Required key not available)"),
	      "ho commit: the kernel's refusal and its message");
}

/* A reply to @cmd with the key attribute @type of @len octets and @val */
static struct nlmsghdr *key_reply(uint8_t cmd, uint16_t type, size_t len,
				  uint16_t val_type, uint32_t val,
				  size_t val_len)
{
	uint8_t k[ENBKEY_KENB_LEN + 1] = { 0 };
	struct nlmsghdr *nlh = cmd_reply(cmd, UE);

	memcpy(k, key, sizeof(key));
	if (type)
		mnl_attr_put(nlh, type, len, k);
	if (val_len == 1)
		mnl_attr_put_u8(nlh, val_type, val);
	else if (val_len == 4)
		mnl_attr_put_u32(nlh, val_type, val);
	return nlh;
}

static void test_key_replies(void)
{
	const struct want req[] = {
		{ ENBKEY_A_UE_ID, 4, UE, NULL },
		{ ENBKEY_A_KEY_MASK, ENBKEY_KENB_LEN, 0, ANY_DATA },
	};
	uint8_t out[ENBKEY_KENB_LEN];
	uint32_t counter = 0;
	uint8_t ncc = 0;
	int ret;

	answer_reset();
	queue(key_reply(ENBKEY_CMD_HO_EXPORT, ENBKEY_A_KENB_STAR,
			ENBKEY_KENB_LEN, ENBKEY_A_NCC, 4, 1));
	queue_ack(0, NULL);
	ret = enbkey_ho_export(h, UE, out, &ncc);
	check(!ret && request_is(ENBKEY_CMD_HO_EXPORT, req, 2) && all_read(),
	      "ho export: UE id and a random key mask");
	check(!ret && !memcmp(out, key, sizeof(key)) && ncc == 4,
	      "ho export: KeNB*, unmasked, and its NCC");
	check(request_wiped(), "ho export: the request and its mask are wiped");
	check(all_zero(h->rx, sizeof(h->rx)),
	      "ho export: the receive buffer no longer holds KeNB*");

	answer_reset();
	queue(key_reply(ENBKEY_CMD_S_KENB, ENBKEY_A_S_KENB, ENBKEY_KENB_LEN,
			ENBKEY_A_SCG_COUNTER, 0xfffe, 4));
	queue_ack(0, NULL);
	ret = enbkey_s_kenb(h, UE, out, &counter);
	check(!ret && request_is(ENBKEY_CMD_S_KENB, req, 2) && all_read(),
	      "dc skenb: UE id and a random key mask");
	check(!ret && !memcmp(out, key, sizeof(key)) && counter == 0xfffe,
	      "dc skenb: S-KeNB, unmasked, and its SCG Counter");
	check(request_wiped(), "dc skenb: the request and its mask are wiped");
	check(all_zero(h->rx, sizeof(h->rx)),
	      "dc skenb: the receive buffer no longer holds S-KeNB");

	answer_reset();
	queue_ack(EACCES, "SCG Counter exhausted; refresh the KeNB");
	memset(out, 0xff, sizeof(out));
	ret = enbkey_s_kenb(h, UE, out, &counter);
	check(ret == -EACCES && all_zero(out, sizeof(out)) &&
	      !strcmp(enbkey_strerror(h),
		      "SCG Counter exhausted; refresh the KeNB (Permission denied)"),
	      "dc skenb: the kernel's refusal, the caller's buffer zeroed");

	/* A signal cuts the first receive short: the answer is drained. */
	answer_reset();
	queue(key_reply(ENBKEY_CMD_HO_EXPORT, ENBKEY_A_KENB_STAR,
			ENBKEY_KENB_LEN, ENBKEY_A_NCC, 4, 1));
	queue_ack(0, NULL);
	recv_errno = EINTR;
	memset(out, 0xff, sizeof(out));
	ret = enbkey_ho_export(h, UE, out, &ncc);
	recv_errno = 0;
	check(ret == -EINTR && all_read() && all_zero(out, sizeof(out)) &&
	      all_zero(h->rx, sizeof(h->rx)),
	      "ho export: an interrupted answer is read out and wiped");
}

static void test_key_malformed(void)
{
	const struct nlmsghdr *nlh;

	nlh = key_reply(ENBKEY_CMD_HO_EXPORT, ENBKEY_A_KENB_STAR,
			ENBKEY_KENB_LEN, ENBKEY_A_NCC, 1, 1);
	malformed_reply(EXPORT, nlh, 2, "two messages");
	malformed_reply(EXPORT, nlh, 0, "no message");
	nlh = key_reply(ENBKEY_CMD_HO_EXPORT, ENBKEY_A_KENB_STAR,
			ENBKEY_KENB_LEN - 1, ENBKEY_A_NCC, 1, 1);
	malformed_reply(EXPORT, nlh, 1, "31-octet KeNB*");
	nlh = key_reply(ENBKEY_CMD_HO_EXPORT, ENBKEY_A_KENB_STAR,
			ENBKEY_KENB_LEN + 1, ENBKEY_A_NCC, 1, 1);
	malformed_reply(EXPORT, nlh, 1, "33-octet KeNB*");
	nlh = key_reply(ENBKEY_CMD_HO_EXPORT, 0, 0, ENBKEY_A_NCC, 1, 1);
	malformed_reply(EXPORT, nlh, 1, "no KeNB*");
	nlh = key_reply(ENBKEY_CMD_HO_EXPORT, ENBKEY_A_S_KENB,
			ENBKEY_KENB_LEN, ENBKEY_A_NCC, 1, 1);
	malformed_reply(EXPORT, nlh, 1, "S-KeNB instead of KeNB*");
	nlh = key_reply(ENBKEY_CMD_HO_EXPORT, ENBKEY_A_KENB_STAR,
			ENBKEY_KENB_LEN, ENBKEY_A_NCC, 1, 0);
	malformed_reply(EXPORT, nlh, 1, "no NCC");
	nlh = key_reply(ENBKEY_CMD_HO_EXPORT, ENBKEY_A_KENB_STAR,
			ENBKEY_KENB_LEN, ENBKEY_A_NCC, 1, 4);
	malformed_reply(EXPORT, nlh, 1, "a 32-bit NCC");

	nlh = key_reply(ENBKEY_CMD_S_KENB, ENBKEY_A_S_KENB, ENBKEY_KENB_LEN,
			ENBKEY_A_SCG_COUNTER, 1, 4);
	malformed_reply(S_KENB, nlh, 2, "two messages");
	malformed_reply(S_KENB, nlh, 0, "no message");
	nlh = key_reply(ENBKEY_CMD_S_KENB, ENBKEY_A_S_KENB,
			ENBKEY_KENB_LEN - 1, ENBKEY_A_SCG_COUNTER, 1, 4);
	malformed_reply(S_KENB, nlh, 1, "31-octet S-KeNB");
	nlh = key_reply(ENBKEY_CMD_S_KENB, ENBKEY_A_KENB_STAR,
			ENBKEY_KENB_LEN, ENBKEY_A_SCG_COUNTER, 1, 4);
	malformed_reply(S_KENB, nlh, 1, "KeNB* instead of S-KeNB");
	nlh = key_reply(ENBKEY_CMD_S_KENB, ENBKEY_A_S_KENB, ENBKEY_KENB_LEN,
			ENBKEY_A_SCG_COUNTER, 1, 0);
	malformed_reply(S_KENB, nlh, 1, "no SCG Counter");
	nlh = key_reply(ENBKEY_CMD_S_KENB, ENBKEY_A_S_KENB, ENBKEY_KENB_LEN,
			ENBKEY_A_SCG_COUNTER, 1, 1);
	malformed_reply(S_KENB, nlh, 1, "an 8-bit SCG Counter");

	nlh = key_reply(ENBKEY_CMD_S_KENB, ENBKEY_A_S_KENB, ENBKEY_KENB_LEN,
			ENBKEY_A_SCG_COUNTER, 1, 4);
	mnl_attr_put_u32((struct nlmsghdr *)nlh, ENBKEY_A_UE_ID, UE + 1);
	malformed_reply(S_KENB, nlh, 1, "a second, other UE id");
}

/* The next keys: NEXT and the cell travel before the PDUs. */
static void test_next_request(void)
{
	static const uint8_t data[] = { 9, 8, 7, 6, 5 };
	struct enbkey_pdu pdu = {
		.rb_type = ENBKEY_RB_SRB, .rb_id = 1, .dir = ENBKEY_DIR_UL,
		.count = 0, .data = data, .data_len = sizeof(data),
	};
	const struct enbkey_cell cell = { .pci = 503, .earfcn_dl = 65536 };
	struct pdcp_batch b = {
		.pdus = &pdu, .n = 1, .id = UE, .next = true, .cell = &cell,
	};
	const struct nlmsghdr *nlh = pdcp_request(h, ENBKEY_CMD_PDCP_UNPROTECT, &b);
	const struct nlattr *attr;
	unsigned int seen = 0;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case ENBKEY_A_UE_ID:
			seen |= (mnl_attr_get_u32(attr) == UE) << 0;
			break;
		case ENBKEY_A_PCI:
			seen |= (mnl_attr_get_payload_len(attr) == 2 &&
				 mnl_attr_get_u16(attr) == 503) << 1;
			break;
		case ENBKEY_A_EARFCN_DL:
			seen |= (mnl_attr_get_u32(attr) == 65536) << 2;
			break;
		case ENBKEY_A_NEXT:
			seen |= (mnl_attr_get_u8(attr) == 1) << 3;
			break;
		case ENBKEY_A_PDUS:
			seen |= 1 << 4;
			break;
		default:
			seen |= 1 << 5;
		}
	}
	check(seen == 0x1f, "unprotect next: UE id, cell (16-bit PCI, 32-bit EARFCN-DL), NEXT 1, PDUs");

	b.cell = NULL;
	b.next = false;
	nlh = pdcp_request(h, ENBKEY_CMD_PDCP_UNPROTECT, &b);
	check(request_pdus(nlh, ENBKEY_CMD_PDCP_UNPROTECT) != NULL,
	      "unprotect: neither NEXT nor a cell");
}

/* Prepared cells and the COUNT report in a UE_GET reply. */
static void test_cells_bearers(void)
{
	struct enbkey_bearer out[2];
	struct bearers b = { .out = out, .max = 2 };
	struct nlattr *list, *entry;
	struct enbkey_ue_info ue;
	struct nlmsghdr *nlh;
	unsigned int i;

	nlh = ue_reply();
	mnl_attr_put_u8(nlh, ENBKEY_A_EMERGENCY, 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_KENB_PENDING, 0);
	list = mnl_attr_nest_start(nlh, ENBKEY_A_CELLS);
	for (i = 0; i < 2; i++) {
		entry = mnl_attr_nest_start(nlh, i);
		mnl_attr_put_u16(nlh, ENBKEY_CELL_A_PCI, 10 + i);
		mnl_attr_put_u32(nlh, ENBKEY_CELL_A_EARFCN_DL, 70000);
		mnl_attr_put_u8(nlh, ENBKEY_CELL_A_EXPORTED, i);
		mnl_attr_nest_end(nlh, entry);
	}
	mnl_attr_nest_end(nlh, list);
	list = mnl_attr_nest_start(nlh, ENBKEY_A_BEARERS);
	entry = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u8(nlh, ENBKEY_BEARER_A_RB_TYPE, ENBKEY_RB_DRB);
	mnl_attr_put_u8(nlh, ENBKEY_BEARER_A_RB_ID, 3);
	mnl_attr_put_u64(nlh, ENBKEY_BEARER_A_DL_COUNT, 0x100000000ULL);
	mnl_attr_put_u32(nlh, ENBKEY_BEARER_A_UL_COUNT, 7);
	mnl_attr_nest_end(nlh, entry);
	entry = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_u8(nlh, ENBKEY_BEARER_A_RB_TYPE, ENBKEY_RB_SRB);
	mnl_attr_put_u8(nlh, ENBKEY_BEARER_A_RB_ID, 1);
	mnl_attr_put_u64(nlh, ENBKEY_BEARER_A_DL_COUNT, 4);
	mnl_attr_nest_end(nlh, entry);
	mnl_attr_nest_end(nlh, list);
	check(!parse_ue(nlh, &ue, &b) && ue.emergency && !ue.kenb_pending &&
	      ue.n_cells == 2 && ue.cells[0].pci == 10 && !ue.cells[0].exported &&
	      ue.cells[1].pci == 11 && ue.cells[1].earfcn_dl == 70000 &&
	      ue.cells[1].exported,
	      "ue info: emergency, two prepared cells, the second exported");
	check(b.seen && b.n == 2 && out[0].rb_type == ENBKEY_RB_DRB &&
	      out[0].rb_id == 3 && out[0].dl_count == 0x100000000ULL &&
	      out[0].ul_valid && out[0].ul_count == 7 &&
	      out[1].rb_type == ENBKEY_RB_SRB && !out[1].ul_valid &&
	      out[1].dl_count == 4,
	      "ue bearers: a 64-bit next downlink COUNT, the uplink COUNT optional");

	b = (struct bearers){ .out = out, .max = 1 };
	check(!parse_ue(nlh, &ue, &b) && b.n == 2,
	      "ue bearers: more than room counts them all, copies what fits");

	nlh = ue_reply();
	list = mnl_attr_nest_start(nlh, ENBKEY_A_CELLS);
	entry = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u32(nlh, ENBKEY_CELL_A_PCI, 10);
	mnl_attr_nest_end(nlh, entry);
	mnl_attr_nest_end(nlh, list);
	check(parse_ue(nlh, &ue, NULL) == -EPROTO, "ue info: a 32-bit cell PCI is refused");
}

static void test_short_mac(void)
{
	const struct want req[] = {
		{ ENBKEY_A_UE_ID, 4, UE, NULL },
		{ ENBKEY_A_CELL_ID, 4, 0x10000000, NULL },
		{ ENBKEY_A_PCI, 2, 504, NULL },
		{ ENBKEY_A_CRNTI, 4, 0x10000, NULL },
	};
	struct nlmsghdr *nlh;
	uint16_t mac = 0;
	int ret;

	answer_reset();
	nlh = cmd_reply(ENBKEY_CMD_SHORT_MAC, UE);
	mnl_attr_put_u16(nlh, ENBKEY_A_SHORT_MAC_I, 0xabcd);
	queue(nlh);
	queue_ack(0, NULL);
	ret = enbkey_short_mac(h, UE, 0x10000000, 504, 0x10000, &mac);
	check(!ret && request_is(ENBKEY_CMD_SHORT_MAC, req, 4) && all_read() &&
	      mac == 0xabcd,
	      "shortmac: cell identity, PCI and C-RNTI as given; the 16-bit reply");

	answer_reset();
	nlh = cmd_reply(ENBKEY_CMD_SHORT_MAC, UE);
	mnl_attr_put_u32(nlh, ENBKEY_A_SHORT_MAC_I, 0xabcd);
	queue(nlh);
	queue_ack(0, NULL);
	check(enbkey_short_mac(h, UE, 1, 1, 1, &mac) == -EPROTO,
	      "shortmac: a reply with a 32-bit value is refused");
}

static void test_cell_commands(void)
{
	const struct enbkey_cell cell = { .pci = 7, .earfcn_dl = 561 };
	const struct want commit[] = {
		{ ENBKEY_A_UE_ID, 4, UE, NULL },
		{ ENBKEY_A_PCI, 2, 7, NULL },
		{ ENBKEY_A_EARFCN_DL, 4, 561, NULL },
	};
	const struct want prep[] = {
		{ ENBKEY_A_UE_ID, 4, UE, NULL },
		{ ENBKEY_A_PCI, 2, 7, NULL },
		{ ENBKEY_A_EARFCN_DL, 4, 561, NULL },
		{ ENBKEY_A_EEA, 1, 0, NULL },
		{ ENBKEY_A_EIA, 1, 2, NULL },
	};
	const struct want id[] = { { ENBKEY_A_UE_ID, 4, UE, NULL } };
	struct nlmsghdr *nlh;
	bool vertical;
	uint8_t ncc;

	answer_reset();
	queue_ack(0, NULL);
	check(!enbkey_ho_commit_cell(h, UE, &cell) &&
	      request_is(ENBKEY_CMD_HO_COMMIT, commit, 3),
	      "ho commit: UE id and the cell");
	answer_reset();
	queue_ack(0, NULL);
	check(!enbkey_ho_cancel(h, UE) && request_is(ENBKEY_CMD_HO_CANCEL, id, 1),
	      "ho cancel: UE id alone");
	answer_reset();
	queue_ack(0, NULL);
	check(!enbkey_ue_add_emergency(h, UE) && sends == 1,
	      "ue add emergency: one request");
	answer_reset();
	nlh = cmd_reply(ENBKEY_CMD_HO_PREPARE, UE);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_VERTICAL, 0);
	queue(nlh);
	queue_ack(0, NULL);
	check(!enbkey_ho_prepare_algs(h, UE, 7, 561, 0, 2, &ncc, &vertical) &&
	      request_is(ENBKEY_CMD_HO_PREPARE, prep, 5) && ncc == 1 && !vertical,
	      "ho prepare: the target's algorithms after the cell");
}

int main(void)
{
	h = calloc(1, sizeof(*h));
	if (!h)
		return 1;
	h->family = FAMILY;

	test_request();
	test_request_size();
	test_reply();
	test_malformed();
	test_failed_request();
	test_ue_info();
	test_key_requests();
	test_ho_prepare();
	test_prepare_malformed();
	test_ho_commit();
	test_key_replies();
	test_key_malformed();
	test_next_request();
	test_cells_bearers();
	test_short_mac();
	test_cell_commands();

	free(h);
	return failed;
}
