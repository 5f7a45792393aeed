// SPDX-License-Identifier: MIT
/*
 * Tests of libenbkey's PDCP messages that need no module. The requests it
 * builds are walked as the kernel parses them; replies shaped as the kernel
 * sends them, and malformed ones, are fed to its reply parser. libenbkey.c
 * is included to reach its static functions; no socket is opened.
 *
 * Prints "ok - ..." or "not ok - ..." per check and exits 1 if any failed.
 */

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
	check(!parse_ue(nlh, &ue) && ue.id == UE && ue.key_installed &&
	      ue.ncc == 2 && ue.key_generation == 3 && !ue.algs_selected &&
	      !ue.up_integrity && !ue.integrity_failures && !ue.key_refresh,
	      "ue info: the new attributes are optional");

	nlh = ue_reply();
	mnl_attr_put_u32(nlh, ENBKEY_A_INTEGRITY_FAILURES, 4);
	mnl_attr_put_u8(nlh, ENBKEY_A_KEY_REFRESH, 0);
	check(!parse_ue(nlh, &ue) && !ue.algs_selected && !ue.up_integrity &&
	      ue.integrity_failures == 4 && !ue.key_refresh,
	      "ue info: before algorithms");

	nlh = ue_reply();
	mnl_attr_put_u8(nlh, ENBKEY_A_EEA, 2);
	mnl_attr_put_u8(nlh, ENBKEY_A_EIA, 1);
	mnl_attr_put_u8(nlh, ENBKEY_A_UP_INTEGRITY, 1);
	mnl_attr_put_u32(nlh, ENBKEY_A_INTEGRITY_FAILURES, 0);
	mnl_attr_put_u8(nlh, ENBKEY_A_KEY_REFRESH, 1);
	check(!parse_ue(nlh, &ue) && ue.algs_selected && ue.eea == 2 &&
	      ue.eia == 1 && ue.up_integrity && ue.key_refresh,
	      "ue info: algorithms, user-plane integrity, key refresh");

	nlh = ue_reply();
	mnl_attr_put_u8(nlh, ENBKEY_A_INTEGRITY_FAILURES, 1);
	check(parse_ue(nlh, &ue) == -EPROTO,
	      "ue info: a wrongly sized attribute is refused");
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

	free(h);
	return failed;
}
