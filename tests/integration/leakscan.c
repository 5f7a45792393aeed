// SPDX-License-Identifier: GPL-2.0
/*
 * leakscan: install a known KeNB, compute every key the kernel can derive
 * from it (TS 33.401 A.7, with OpenSSL, not the module's code), drive every
 * command over raw generic netlink, good requests and refused ones, and look
 * for any 8 consecutive octets of those keys in every octet the kernel sends
 * back: replies, ACKs (with the request echoed, NETLINK_CAP_ACK off), dumps,
 * notifications of the "events" group, and the kernel log.
 *
 * Usage: leakscan UE_ID  (run as root, with enbkey loaded)
 * Prints "ok - ..." / "not ok - ..." lines; exits 1 if any check failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/enbkey.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>

#define WINDOW 8
#define BUF_SIZE 16384
#define MAX_NEEDLES (2 + 4 * 4 + 6)

static const unsigned char kenb[ENBKEY_KENB_LEN] = {
	0x3f, 0x8a, 0x11, 0xd4, 0x92, 0x07, 0xbb, 0x5e,
	0xc1, 0x60, 0x2d, 0xe9, 0x74, 0x38, 0xaf, 0x15,
	0x0b, 0x9c, 0x47, 0xf2, 0x6e, 0xa3, 0x58, 0xd1,
	0x29, 0x84, 0xfd, 0x33, 0x7a, 0xc6, 0x0e, 0x91,
};

static const unsigned char nh[ENBKEY_KENB_LEN] = {
	0xd0, 0x4f, 0x21, 0x9e, 0x63, 0xb8, 0x05, 0x7a,
	0xe2, 0x19, 0xc4, 0x8d, 0x36, 0xfb, 0x50, 0x0c,
	0x97, 0x2e, 0x6b, 0xa1, 0x44, 0xd9, 0x13, 0x88,
	0x5f, 0xca, 0x02, 0x7d, 0xb6, 0x31, 0xee, 0x69,
};

static struct {
	unsigned char data[ENBKEY_KENB_LEN];
	size_t len;
	char name[32];
} needles[MAX_NEEDLES];
static int n_needles;
static int failures, checks;
static uint16_t family;
static unsigned int seq;

static void result(bool ok, const char *what)
{
	checks++;
	if (!ok)
		failures++;
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
}

static void add_kdf_needle(const unsigned char key[ENBKEY_KENB_LEN],
			   const unsigned char *s, size_t slen, const char *name)
{
	unsigned int len;

	if (!HMAC(EVP_sha256(), key, ENBKEY_KENB_LEN, s, slen,
		  needles[n_needles].data, &len) || len != 32) {
		fprintf(stderr, "leakscan: HMAC failed\n");
		exit(2);
	}
	needles[n_needles].len = 32;
	snprintf(needles[n_needles].name, sizeof(needles[0].name), "%s", name);
	n_needles++;
}

/*
 * The keys HO_EXPORT and S_KENB return, which leave the kernel only XORed
 * with the request's mask: KeNB* of the cells prepared below, from KeNB or
 * from NH (TS 33.401 A.5), and S-KeNB for SCG Counters 0 and 1 (A.15).
 */
static void add_exported(void)
{
	const unsigned char star32[] = { 0x13, 0x00, 32, 0x00, 0x02, 0x02, 0x31, 0x00, 0x02 };
	const unsigned char star33[] = { 0x13, 0x00, 33, 0x00, 0x02, 0x02, 0x31, 0x00, 0x02 };
	const unsigned char skenb0[] = { 0x1c, 0x00, 0x00, 0x00, 0x02 };
	const unsigned char skenb1[] = { 0x1c, 0x00, 0x01, 0x00, 0x02 };

	add_kdf_needle(nh, star32, sizeof(star32), "KeNB* from NH, PCI 32");
	add_kdf_needle(kenb, star32, sizeof(star32), "KeNB* from KeNB, PCI 32");
	add_kdf_needle(nh, star33, sizeof(star33), "KeNB* from NH, PCI 33");
	add_kdf_needle(kenb, star33, sizeof(star33), "KeNB* from KeNB, PCI 33");
	add_kdf_needle(kenb, skenb0, sizeof(skenb0), "S-KeNB, counter 0");
	add_kdf_needle(kenb, skenb1, sizeof(skenb1), "S-KeNB, counter 1");
}

/* TS 33.401 A.7: HMAC-SHA-256(KeNB, 0x15 || type || 00 01 || alg || 00 01), last 16 octets */
static void add_needles(void)
{
	static const char *const type_names[] = { "KRRCenc", "KRRCint", "KUPenc", "KUPint" };
	unsigned char s[7] = { 0x15, 0, 0x00, 0x01, 0, 0x00, 0x01 };
	unsigned char out[32];
	unsigned int len, type, alg;

	memcpy(needles[0].data, kenb, sizeof(kenb));
	needles[0].len = sizeof(kenb);
	strcpy(needles[0].name, "KeNB");
	memcpy(needles[1].data, nh, sizeof(nh));
	needles[1].len = sizeof(nh);
	strcpy(needles[1].name, "NH");
	n_needles = 2;
	for (type = 3; type <= 6; type++) {
		for (alg = 0; alg <= 3; alg++) {
			s[1] = type;
			s[4] = alg;
			if (!HMAC(EVP_sha256(), kenb, sizeof(kenb), s, sizeof(s), out, &len) || len != 32) {
				fprintf(stderr, "leakscan: HMAC failed\n");
				exit(2);
			}
			memcpy(needles[n_needles].data, out + 16, 16);
			needles[n_needles].len = 16;
			snprintf(needles[n_needles].name, sizeof(needles[0].name), "%s alg %u",
				 type_names[type - 3], alg);
			n_needles++;
		}
	}
	add_exported();
}

/* Name of the first needle any WINDOW octets of which appear in buf, or NULL. */
static const char *find_leak(const unsigned char *buf, size_t len)
{
	size_t i, off;
	int n;

	for (n = 0; n < n_needles; n++)
		for (off = 0; off + WINDOW <= needles[n].len; off++)
			for (i = 0; i + WINDOW <= len; i++)
				if (!memcmp(buf + i, needles[n].data + off, WINDOW))
					return needles[n].name;
	return NULL;
}

/* The same, for text: lowercase or uppercase hex of any WINDOW octets. */
static const char *find_hex_leak(const char *text)
{
	char hex[2 * WINDOW + 1], HEX[2 * WINDOW + 1];
	size_t off;
	int n, i;

	for (n = 0; n < n_needles; n++) {
		for (off = 0; off + WINDOW <= needles[n].len; off++) {
			for (i = 0; i < WINDOW; i++) {
				sprintf(hex + 2 * i, "%02x", needles[n].data[off + i]);
				sprintf(HEX + 2 * i, "%02X", needles[n].data[off + i]);
			}
			if (strstr(text, hex) || strstr(text, HEX))
				return needles[n].name;
		}
	}
	return NULL;
}

static unsigned char rxbuf[1 << 16];

/*
 * Send one request and scan everything that comes back until its ACK or the
 * end of its dump. Returns the error the kernel reported (0 or -errno).
 */
static int exchange(struct mnl_socket *nl, struct nlmsghdr *nlh, const char *what)
{
	unsigned int portid = mnl_socket_get_portid(nl);
	const char *leak = NULL;
	int err = 0;
	bool done = false;
	char label[160];

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("leakscan: sendto");
		exit(2);
	}
	while (!done) {
		ssize_t n = mnl_socket_recvfrom(nl, rxbuf, sizeof(rxbuf));
		struct nlmsghdr *h;
		int rem;

		if (n < 0) {
			perror("leakscan: recvfrom");
			exit(2);
		}
		if (!leak)
			leak = find_leak(rxbuf, n);
		rem = n;
		for (h = (struct nlmsghdr *)rxbuf; mnl_nlmsg_ok(h, rem); h = mnl_nlmsg_next(h, &rem)) {
			if (h->nlmsg_seq != nlh->nlmsg_seq || h->nlmsg_pid != portid)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)mnl_nlmsg_get_payload(h))->error;
				done = true;
			} else if (h->nlmsg_type == NLMSG_DONE) {
				done = true;
			}
		}
	}
	snprintf(label, sizeof(label), "%s: no key octets in the reply (%s)", what,
		 leak ? leak : "clean");
	result(!leak, label);
	return err;
}

/* The one-time pad that HO_EXPORT and S_KENB require. */
static void put_mask(struct nlmsghdr *nlh)
{
	unsigned char mask[ENBKEY_KENB_LEN];
	size_t i;

	for (i = 0; i < sizeof(mask); i++)
		mask[i] = rand();
	mnl_attr_put(nlh, ENBKEY_A_KEY_MASK, sizeof(mask), mask);
}

static struct nlmsghdr *request(unsigned char *buf, uint8_t cmd, uint16_t flags, uint32_t id)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = ENBKEY_GENL_VERSION;
	if (!(flags & NLM_F_DUMP))
		mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
	return nlh;
}

static int family_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		family = mnl_attr_get_u16(attr);
	if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS) {
		const struct nlattr *grp, *a;

		mnl_attr_for_each_nested(grp, attr) {
			uint32_t id = 0;
			const char *name = NULL;

			mnl_attr_for_each_nested(a, grp) {
				if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
					id = mnl_attr_get_u32(a);
				if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
					name = mnl_attr_get_str(a);
			}
			if (name && !strcmp(name, ENBKEY_MCGRP_EVENTS))
				*(uint32_t *)data = id;
		}
	}
	return MNL_CB_OK;
}

static int family_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_cb, data);
}

static uint32_t resolve_family(struct mnl_socket *nl)
{
	unsigned char buf[BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;
	uint32_t group = 0;
	ssize_t n;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = ++seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ENBKEY_GENL_NAME);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return 0;
	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0 || mnl_cb_run(buf, n, seq, 0, family_msg_cb, &group) < 0)
		return 0;
	return group;
}

static void put_key(struct nlmsghdr *nlh, size_t len)
{
	mnl_attr_put(nlh, ENBKEY_A_KENB, len, kenb);
}

static void expect_err(int got, int want, const char *what);

/*
 * A batch of SRB and DRB PDUs both ways: protect output is ciphertext and
 * MAC-I, unprotect of garbage fails its MAC-I; neither may carry key octets.
 */
static void pdcp(struct mnl_socket *nl, unsigned char *buf, uint32_t id, const char *what)
{
	static const unsigned char payload[64] = { 0x11, 0x22, 0x33 };
	static uint32_t count;
	unsigned int cmd, i;

	for (cmd = ENBKEY_CMD_PDCP_PROTECT; cmd <= ENBKEY_CMD_PDCP_UNPROTECT; cmd++) {
		struct nlmsghdr *nlh = request(buf, cmd, 0, id);
		struct nlattr *list = mnl_attr_nest_start(nlh, ENBKEY_A_PDUS);

		for (i = 0; i < 4; i++) {
			struct nlattr *pdu = mnl_attr_nest_start(nlh, i);

			mnl_attr_put_u8(nlh, ENBKEY_PDU_A_RB_TYPE, i % 2 ? ENBKEY_RB_DRB : ENBKEY_RB_SRB);
			mnl_attr_put_u8(nlh, ENBKEY_PDU_A_RB_ID, 1 + i / 2);
			mnl_attr_put_u8(nlh, ENBKEY_PDU_A_DIR, cmd == ENBKEY_CMD_PDCP_PROTECT);
			mnl_attr_put_u32(nlh, ENBKEY_PDU_A_COUNT, count);
			mnl_attr_put(nlh, ENBKEY_PDU_A_DATA, sizeof(payload), payload);
			mnl_attr_nest_end(nlh, pdu);
		}
		mnl_attr_nest_end(nlh, list);
		expect_err(exchange(nl, nlh, what), 0, what);
	}
	count++;
}

static void expect_err(int got, int want, const char *what)
{
	char label[160];

	snprintf(label, sizeof(label), "%s: error %d (want %d)", what, got, want);
	result(got == want, label);
}

/* Everything the kernel logged since boot, scanned as text. */
static void scan_kmsg(void)
{
	static char text[1 << 20];
	size_t used = 0;
	const char *leak;
	char label[160];
	int fd;

	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		perror("leakscan: /dev/kmsg");
		exit(2);
	}
	for (;;) {
		ssize_t n = read(fd, text + used, sizeof(text) - 1 - used);

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records */
		if (n <= 0)
			break;
		used += n;
		if (used >= sizeof(text) - 1)
			break;
	}
	close(fd);
	text[used] = '\0';
	leak = find_hex_leak(text);
	if (!leak)
		leak = find_leak((unsigned char *)text, used);
	snprintf(label, sizeof(label), "kernel log: no key, raw or as hex (%s)", leak ? leak : "clean");
	result(!leak, label);
}

/*
 * Sends the @len octets of @msgs, one or more requests, then a sentinel
 * request whose ACK ends the answer, and scans all of the answer. Returns
 * the error of the answer to sequence number @want_seq (1 when there was
 * none: a message the kernel does not answer).
 */
static int exchange_raw(struct mnl_socket *nl, unsigned char *msgs, size_t len,
			uint32_t want_seq, const char *what)
{
	unsigned int portid = mnl_socket_get_portid(nl);
	unsigned char *p = msgs + NLMSG_ALIGN(len);
	const char *leak = NULL;
	struct nlmsghdr *nlh;
	uint32_t sentinel;
	int err = 1, rem;
	char label[200];
	bool done = false;

	nlh = request(p, ENBKEY_CMD_UE_GET, 0, 0xfffffffe);
	sentinel = nlh->nlmsg_seq;
	len = NLMSG_ALIGN(len) + nlh->nlmsg_len;
	if (mnl_socket_sendto(nl, msgs, len) < 0) {
		perror("leakscan: sendto");
		exit(2);
	}
	while (!done) {
		ssize_t n = mnl_socket_recvfrom(nl, rxbuf, sizeof(rxbuf));

		if (n < 0) {
			perror("leakscan: recvfrom");
			exit(2);
		}
		if (!leak)
			leak = find_leak(rxbuf, n);
		rem = n;
		for (nlh = (struct nlmsghdr *)rxbuf; mnl_nlmsg_ok(nlh, rem);
		     nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_pid != portid)
				continue;
			if (nlh->nlmsg_seq == want_seq &&
			    (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE))
				err = *(int *)mnl_nlmsg_get_payload(nlh);
			if (nlh->nlmsg_seq == sentinel && nlh->nlmsg_type == NLMSG_ERROR)
				done = true;
		}
	}
	snprintf(label, sizeof(label), "%s: no key octets in the answer (%s)", what,
		 leak ? leak : "clean");
	result(!leak, label);
	return err;
}

/*
 * KEY_SET with every combination of the ten nlmsg_flags bits, with
 * NETLINK_CAP_ACK off so that an error ACK would echo the request. With
 * NLM_F_DUMP genetlink routes it to the dump path, where the module wipes
 * and refuses it; without NLM_F_REQUEST the kernel does not handle it.
 */
static void key_set_flags(struct mnl_socket *nl, unsigned char *buf, uint32_t id)
{
	static const uint16_t bits[] = {
		NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO,
		NLM_F_DUMP_INTR, NLM_F_DUMP_FILTERED, NLM_F_ROOT, NLM_F_MATCH,
		NLM_F_ATOMIC, NLM_F_APPEND,
	};
	unsigned int combo, i, leaks = 0, dumps = 0, dump_ok = 0;
	char what[96];
	int err;

	for (combo = 0; combo < 1u << 10; combo++) {
		struct nlmsghdr *nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id);
		int before = failures;

		nlh->nlmsg_flags = 0;
		for (i = 0; i < 10; i++)
			if (combo & 1u << i)
				nlh->nlmsg_flags |= bits[i];
		put_key(nlh, combo % 3 ? sizeof(kenb) : 31);
		snprintf(what, sizeof(what), "flags %#x: KEY_SET", nlh->nlmsg_flags);
		err = exchange_raw(nl, buf, nlh->nlmsg_len, nlh->nlmsg_seq, what);
		leaks += failures != before;
		if ((nlh->nlmsg_flags & (NLM_F_REQUEST | NLM_F_DUMP)) ==
		    (NLM_F_REQUEST | NLM_F_DUMP)) {
			dumps++;
			dump_ok += err == -EOPNOTSUPP;
		}
	}
	snprintf(what, sizeof(what),
		 "flags: 1024 combinations, %u answers with key octets", leaks);
	result(!leaks, what);
	snprintf(what, sizeof(what),
		 "dump: KEY_SET with NLM_F_DUMP refused with EOPNOTSUPP (%u of %u)",
		 dump_ok, dumps);
	result(dumps == 128 && dump_ok == dumps, what);
}

/* Several requests in one send: each KEY_SET among them is wiped. */
static void multi_message(struct mnl_socket *nl, unsigned char *buf, uint32_t id)
{
	static const struct { uint16_t flags; int len; } m[] = {
		{ NLM_F_ACK, 32 }, { NLM_F_ACK, 31 }, { NLM_F_DUMP, 32 },
		{ NLM_F_ACK | NLM_F_ECHO, 33 }, { 0, 32 }, { NLM_F_ACK, 32 },
	};
	size_t off = 0, i;
	uint32_t last = 0;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		struct nlmsghdr *nlh = request(buf + off, ENBKEY_CMD_KEY_SET,
					       m[i].flags, id + i % 2);

		put_key(nlh, m[i].len);
		if (m[i].flags & NLM_F_DUMP)
			mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, id);
		last = nlh->nlmsg_seq;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	exchange_raw(nl, buf, off, last, "multi: six KEY_SETs in one send");
	/* a KeNB in every other command of the family, all in one send */
	off = 0;
	for (i = ENBKEY_CMD_UE_NEW; i <= ENBKEY_CMD_MAX; i++) {
		struct nlmsghdr *nlh;

		/* no request has this command: see unreachable() */
		if (i == ENBKEY_CMD_EVENT)
			continue;
		nlh = request(buf + off, i, 0, id);

		put_key(nlh, sizeof(kenb));
		last = nlh->nlmsg_seq;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	exchange_raw(nl, buf, off, last, "multi: a KeNB in every other command");
}

/*
 * A KeNB, NH, KeNB* or S-KeNB in a command that takes none is refused by the
 * policy, which wipes it, dump requests included.
 */
static void keys_elsewhere(struct mnl_socket *nl, unsigned char *buf, uint32_t id)
{
	static const uint16_t types[] = {
		ENBKEY_A_KENB, ENBKEY_A_NH, ENBKEY_A_KENB_STAR, ENBKEY_A_S_KENB,
	};
	static const uint8_t cmds[] = {
		ENBKEY_CMD_SEC_SET, ENBKEY_CMD_HO_PREPARE, ENBKEY_CMD_PDCP_PROTECT,
		ENBKEY_CMD_HO_EXPORT, ENBKEY_CMD_UE_GET,
	};
	unsigned int t, c, dump;
	char what[96];

	for (t = 0; t < 4; t++)
		for (c = 0; c < sizeof(cmds); c++)
			for (dump = 0; dump < 2; dump++) {
				struct nlmsghdr *nlh;
				int err;

				if (dump && cmds[c] != ENBKEY_CMD_UE_GET)
					continue;
				nlh = request(buf, cmds[c], dump ? NLM_F_DUMP : 0, id);
				mnl_attr_put(nlh, types[t], sizeof(kenb),
					     types[t] == ENBKEY_A_NH ? nh : kenb);
				snprintf(what, sizeof(what), "key in command %u, attribute %u%s",
					 cmds[c], types[t], dump ? ", dump" : "");
				err = exchange_raw(nl, buf, nlh->nlmsg_len, nlh->nlmsg_seq, what);
				expect_err(err, -EINVAL, what);
			}
}

/*
 * Sends the module never sees (README: "Sends that never reach the
 * module"): libenbkey sets NETLINK_CAP_ACK, so their error ACK does not
 * echo them; checked here on a socket set up as libenbkey sets it up.
 */
static void unreachable(unsigned char *buf, uint32_t id)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_GENERIC);
	struct nlmsghdr *nlh;
	int one = 1;

	if (!nl || mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one)) ||
	    mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("leakscan: socket");
		exit(2);
	}
	/* a bad attribute before the key: the core stops there */
	nlh = request(buf, ENBKEY_CMD_SEC_SET, 0, id);
	mnl_attr_put_u16(nlh, ENBKEY_A_EEA, 2);
	put_key(nlh, sizeof(kenb));
	expect_err(exchange_raw(nl, buf, nlh->nlmsg_len, nlh->nlmsg_seq,
				"key in unreachable: after a bad attribute, capped ACK"),
		   -EINVAL, "after a bad attribute");
	/* a command that only the kernel sends, and one the family lacks */
	nlh = request(buf, ENBKEY_CMD_EVENT, 0, id);
	put_key(nlh, sizeof(kenb));
	expect_err(exchange_raw(nl, buf, nlh->nlmsg_len, nlh->nlmsg_seq,
				"key in unreachable: the event command, capped ACK"),
		   -EOPNOTSUPP, "the event command");
	nlh = request(buf, ENBKEY_CMD_MAX + 1, 0, id);
	put_key(nlh, sizeof(kenb));
	expect_err(exchange_raw(nl, buf, nlh->nlmsg_len, nlh->nlmsg_seq,
				"key in unreachable: unknown command, capped ACK"),
		   -EOPNOTSUPP, "unknown command");
	mnl_socket_close(nl);
}

/*
 * The family's policies, as anyone may read them (CTRL_CMD_GETPOLICY): the
 * dump must complete, and the kernel must not warn while writing it.
 */
static void policy_dump(struct mnl_socket *nl, unsigned char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	unsigned int msgs = 0;
	struct genlmsghdr *g;
	bool done = false;
	char what[96];
	int err = 0;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETPOLICY;
	g->version = 1;
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, family);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("leakscan: sendto");
		exit(2);
	}
	while (!done) {
		ssize_t n = mnl_socket_recvfrom(nl, rxbuf, sizeof(rxbuf));
		struct nlmsghdr *h;
		int rem = n;

		if (n < 0)
			break;
		for (h = (struct nlmsghdr *)rxbuf; mnl_nlmsg_ok(h, rem);
		     h = mnl_nlmsg_next(h, &rem)) {
			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
				err = *(int *)mnl_nlmsg_get_payload(h);
				done = true;
			} else {
				msgs++;
			}
		}
	}
	snprintf(what, sizeof(what), "policy dump: %u messages, error %d", msgs, err);
	result(done && !err && msgs > 10, what);
}

int main(int argc, char **argv)
{
	static unsigned char buf[BUF_SIZE];
	struct mnl_socket *nl, *ev;
	struct nlmsghdr *nlh;
	unsigned int eea, eia;
	uint32_t id, group;
	const char *leaked;
	char what[96];
	int err, events;
	ssize_t n;

	if (argc != 2) {
		fprintf(stderr, "usage: leakscan UE_ID\n");
		return 2;
	}
	id = strtoul(argv[1], NULL, 0);
	add_needles();

	nl = mnl_socket_open(NETLINK_GENERIC);
	ev = mnl_socket_open(NETLINK_GENERIC);
	if (!nl || !ev || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_bind(ev, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("leakscan: socket");
		return 2;
	}
	group = resolve_family(nl);
	if (!family || !group) {
		fprintf(stderr, "leakscan: family %s or its events group not found\n", ENBKEY_GENL_NAME);
		return 2;
	}
	if (mnl_socket_setsockopt(ev, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0) {
		perror("leakscan: join events");
		return 2;
	}

	err = exchange(nl, request(buf, ENBKEY_CMD_UE_NEW, 0, id), "ue new");
	expect_err(err, 0, "ue new");

	/* Refused key installations: the echoed request must come back wiped. */
	nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id);
	put_key(nlh, 31);
	expect_err(exchange(nl, nlh, "key set, 31 octets"), -EINVAL, "key set, 31 octets");
	nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id);
	put_key(nlh, sizeof(kenb));
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 8);
	expect_err(exchange(nl, nlh, "key set, NCC 8"), -EINVAL, "key set, NCC 8");
	nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id);
	mnl_attr_put_u8(nlh, ENBKEY_A_EEA, 1);
	put_key(nlh, sizeof(kenb));
	expect_err(exchange(nl, nlh, "key set, foreign attribute first"), -EINVAL,
		   "key set, foreign attribute first");
	nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id + 1);
	put_key(nlh, sizeof(kenb));
	expect_err(exchange(nl, nlh, "key set, no such UE"), -ENOENT, "key set, no such UE");

	nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id);
	put_key(nlh, sizeof(kenb));
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 3);
	expect_err(exchange(nl, nlh, "key set"), 0, "key set");

	/*
	 * Every selection, each on a UE of its own (algorithms are selected
	 * once), emergency for EIA0.
	 */
	for (eea = 0; eea <= ENBKEY_ALG_MAX; eea++) {
		for (eia = 0; eia <= ENBKEY_ALG_MAX; eia++) {
			uint32_t u = id + 100 + eea * 4 + eia;

			snprintf(what, sizeof(what), "sec set eea %u eia %u", eea, eia);
			nlh = request(buf, ENBKEY_CMD_UE_NEW, 0, u);
			if (eia == 0)
				mnl_attr_put_u8(nlh, ENBKEY_A_EMERGENCY, 1);
			expect_err(exchange(nl, nlh, "ue new"), 0, "ue new");
			nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, u);
			put_key(nlh, sizeof(kenb));
			expect_err(exchange(nl, nlh, "key set"), 0, "key set");
			nlh = request(buf, ENBKEY_CMD_SEC_SET, 0, u);
			mnl_attr_put_u8(nlh, ENBKEY_A_EEA, eea);
			mnl_attr_put_u8(nlh, ENBKEY_A_EIA, eia);
			mnl_attr_put_u8(nlh, ENBKEY_A_UP_INTEGRITY, 1);
			expect_err(exchange(nl, nlh, what), 0, what);
			expect_err(exchange(nl, request(buf, ENBKEY_CMD_UE_GET, 0, u), "ue get"),
				   0, "ue get");
			snprintf(what, sizeof(what),
				 "protect and unprotect, eea %u eia %u", eea, eia);
			pdcp(nl, buf, u, what);
			nlh = request(buf, ENBKEY_CMD_SHORT_MAC, 0, u);
			mnl_attr_put_u32(nlh, ENBKEY_A_CELL_ID, 0x1234567);
			mnl_attr_put_u16(nlh, ENBKEY_A_PCI, 7);
			mnl_attr_put_u32(nlh, ENBKEY_A_CRNTI, 0x4601);
			expect_err(exchange(nl, nlh, "shortmac"), 0, "shortmac");
			nlh = request(buf, ENBKEY_CMD_UE_GET, 0, u);
			mnl_attr_put_u8(nlh, ENBKEY_A_SHOW_BEARERS, 1);
			expect_err(exchange(nl, nlh, "ue get bearers"), 0, "ue get bearers");
			expect_err(exchange(nl, request(buf, ENBKEY_CMD_UE_DEL, 0, u), "ue del"),
				   0, "ue del");
		}
	}
	nlh = request(buf, ENBKEY_CMD_SEC_SET, 0, id);
	mnl_attr_put_u8(nlh, ENBKEY_A_EEA, 2);
	mnl_attr_put_u8(nlh, ENBKEY_A_EIA, 2);
	expect_err(exchange(nl, nlh, "sec set"), 0, "sec set");
	nlh = request(buf, ENBKEY_CMD_SEC_SET, 0, id);
	mnl_attr_put_u8(nlh, ENBKEY_A_EEA, 4);
	mnl_attr_put_u8(nlh, ENBKEY_A_EIA, 2);
	expect_err(exchange(nl, nlh, "sec set eea 4"), -EINVAL, "sec set eea 4");
	expect_err(exchange(nl, request(buf, ENBKEY_CMD_UE_GET, NLM_F_DUMP, id), "ue dump"),
		   0, "ue dump");

	/*
	 * The key chain: an NH (and a refused one), a vertical prepare, the
	 * export and S-KeNB replies, which carry KeNB* and S-KeNB to this
	 * CAP_NET_ADMIN caller by design but never KeNB, NH or an AS key.
	 */
	nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id);
	mnl_attr_put(nlh, ENBKEY_A_NH, 31, nh);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 1);
	expect_err(exchange(nl, nlh, "nh set, 31 octets"), -EINVAL, "nh set, 31 octets");
	nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id);
	mnl_attr_put(nlh, ENBKEY_A_NH, sizeof(nh), nh);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 9);
	expect_err(exchange(nl, nlh, "nh set, NCC 9"), -EINVAL, "nh set, NCC 9");
	nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id);
	mnl_attr_put(nlh, ENBKEY_A_NH, sizeof(nh), nh);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 1);
	expect_err(exchange(nl, nlh, "nh set"), 0, "nh set");
	expect_err(exchange(nl, request(buf, ENBKEY_CMD_UE_GET, 0, id), "ue get"), 0, "ue get");
	nlh = request(buf, ENBKEY_CMD_HO_PREPARE, 0, id);
	mnl_attr_put_u16(nlh, ENBKEY_A_PCI, 32);
	mnl_attr_put_u32(nlh, ENBKEY_A_EARFCN_DL, 561);
	expect_err(exchange(nl, nlh, "ho prepare"), 0, "ho prepare");
	expect_err(exchange(nl, request(buf, ENBKEY_CMD_HO_EXPORT, 0, id), "ho export"),
		   -EINVAL, "ho export without a key mask");
	nlh = request(buf, ENBKEY_CMD_HO_EXPORT, 0, id);
	put_mask(nlh);
	expect_err(exchange(nl, nlh, "ho export"), 0, "ho export");
	nlh = request(buf, ENBKEY_CMD_S_KENB, 0, id);
	put_mask(nlh);
	expect_err(exchange(nl, nlh, "s-kenb"), 0, "s-kenb");
	expect_err(exchange(nl, request(buf, ENBKEY_CMD_HO_COMMIT, 0, id), "ho commit"),
		   -EPERM, "ho commit of the exported cell");
	nlh = request(buf, ENBKEY_CMD_PDCP_UNPROTECT, 0, id);
	mnl_attr_put_u8(nlh, ENBKEY_A_NEXT, 1);
	expect_err(exchange(nl, nlh, "unprotect next, no PDUs"), -EINVAL, "unprotect next");
	expect_err(exchange(nl, request(buf, ENBKEY_CMD_HO_CANCEL, 0, id), "ho cancel"),
		   0, "ho cancel");
	nlh = request(buf, ENBKEY_CMD_HO_PREPARE, 0, id);
	mnl_attr_put_u16(nlh, ENBKEY_A_PCI, 33);
	mnl_attr_put_u32(nlh, ENBKEY_A_EARFCN_DL, 561);
	expect_err(exchange(nl, nlh, "ho prepare"), 0, "ho prepare");
	expect_err(exchange(nl, request(buf, ENBKEY_CMD_HO_COMMIT, 0, id), "ho commit"),
		   0, "ho commit");

	/* A second KeNB, then the first again: neither may surface. */
	nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id);
	mnl_attr_put(nlh, ENBKEY_A_KENB, sizeof(nh), nh);
	expect_err(exchange(nl, nlh, "key set, re-keying"), 0, "key set, re-keying");
	nlh = request(buf, ENBKEY_CMD_KEY_SET, 0, id);
	put_key(nlh, sizeof(kenb));
	expect_err(exchange(nl, nlh, "key set of a spent KeNB"), -EEXIST,
		   "key set of a spent KeNB");
	expect_err(exchange(nl, request(buf, ENBKEY_CMD_HO_COMMIT, 0, id), "commit re-keying"),
		   0, "commit re-keying");

	policy_dump(nl, buf);
	key_set_flags(nl, buf, id);
	multi_message(nl, buf, id);
	keys_elsewhere(nl, buf, id);
	unreachable(buf, id);
	expect_err(exchange(nl, request(buf, ENBKEY_CMD_UE_DEL, 0, id), "ue del"), 0, "ue del");

	/* Whatever the events group carried meanwhile. */
	events = 0;
	leaked = NULL;
	while ((n = recv(mnl_socket_get_fd(ev), buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		events++;
		if (!leaked)
			leaked = find_leak(buf, n);
	}
	snprintf(what, sizeof(what), "events: %d notifications without key octets (%s)",
		 events, leaked ? leaked : "clean");
	result(!leaked, what);
	scan_kmsg();

	mnl_socket_close(ev);
	mnl_socket_close(nl);
	printf("leakscan: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
