// SPDX-License-Identifier: GPL-2.0
/*
 * failinj: allocation failure injection into every enbkey command.
 *
 * For each command, in a setup of its own, the N-th allocation of the
 * calling task is made to fail, N = 1, 2, ... until the command no longer
 * reaches an N-th allocation: /proc/thread-self/fail-nth, with failslab
 * alone, then failslab and fail_page_alloc, counting every GFP_KERNEL
 * allocation (debugfs ignore-gfp-wait off, for pages also ignore-gfp-highmem
 * off and min-order 0; verbose 0, so that an injected failure prints no
 * stack the log scanner would take for a bug report). Each run must either
 * fail, with ENOMEM or ENOBUFS, leaving the state as it was (UE_GET of the
 * UEs involved, bearers included, and the dump of the namespace) and sending
 * no event, after which the same command without injection must do exactly
 * what it did in the reference run; or succeed anyway (a failure the code
 * tolerates: a notification, netlink's trim) with the state, reply and
 * events of the reference run. A PDCP batch may also succeed with some PDUs
 * failed on their own (ENOMEM in their place): the state must then be that
 * of the PDUs that succeeded, and the failed ones, sent again, complete the
 * reference run. The kernel log must stay free of bug reports throughout.
 *
 * Requests go over raw generic netlink WITHOUT NLM_F_ACK: with it, an
 * injected failure of the success ACK's allocation after the handler
 * succeeded reports ENOBUFS for a command that took effect, which is the
 * netlink core's doing, not the module's. Without it, a command with no
 * reply succeeded when no error ACK is queued once sendmsg() returned (the
 * kernel handles a request synchronously in sendmsg), one with a reply when
 * the reply is there, and a failure shows as an error ACK, as the error of
 * sendmsg() (the request's own skb), or as ENOBUFS on the socket (the error
 * ACK's skb). Every run uses a fresh socket, so that nothing of one run (a
 * dump left running, a socket error) reaches the next.
 *
 * The tool locks its memory (mlockall) and touches its stack first, so that
 * no page fault of its own happens while an injection is armed.
 *
 * Usage: failinj [-v] [--stacks] [--only NAME,...] [--sweep 1|2] [--max N]
 *                [--no-netns] [--no-events] [--list]
 *   -v          one line per run
 *   --stacks    debugfs verbose 2 (console loglevel lowered meanwhile) to
 *               name the allocation each injected failure hit: for
 *               diagnosis only, the stacks stay in the kernel log
 *   --only      only the named commands (see --list)
 *   --sweep     only sweep 1 (failslab) or 2 (failslab+fail_page_alloc)
 *   --max       the bound on N (default 400): reaching it is a failure
 *   --no-netns  stay in the caller's network namespace (default: a new one)
 *   --no-events no listener on the events group (no notifications built)
 *
 * Exit status: 0 clean, 1 findings, 2 trouble, 77 no fault injection in
 * this kernel. Run as root with enbkey loaded and debugfs mounted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/enbkey.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "lteref.h"

#define FAILSLAB	"/sys/kernel/debug/failslab"
#define FAILPAGE	"/sys/kernel/debug/fail_page_alloc"
#define FAILNTH		"/proc/thread-self/fail-nth"

#define MSG_MAX		16384
#define RX_MAX		(256 * 1024)
#define SNAP_MAX	(64 * 1024)
#define REPLY_MAX	(64 * 1024)
#define EV_MAX		64
#define PDUS_MAX	4

static bool verbose, stacks, use_netns = true, use_events = true;
static unsigned int max_n = 400;
static int only_sweep;
static const char *only;

static uint16_t family;
static uint32_t events_group;
static int ctl = -1, evfd = -1, kmsg = -1, failnth = -1;
static uint32_t seq = 1;

static unsigned int n_state_changes, n_unexpected;

/* ------------------------------------------------------------------ */
/* reporting */

static const char *cur_name = "-";
static int cur_sweep;
static unsigned int cur_n;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "failinj: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static void where(void)
{
	printf("failinj: FINDING %s", cur_name);
	if (cur_sweep)
		printf(" (%s) N=%u", cur_sweep == 1 ? "failslab" :
		       "failslab+fail_page_alloc", cur_n);
	printf(": ");
}

/* a failed command that changed the state, or a success that differs */
static void state_change(const char *fmt, ...)
{
	va_list ap;

	n_state_changes++;
	where();
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void unexpected(const char *fmt, ...)
{
	va_list ap;

	n_unexpected++;
	where();
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ------------------------------------------------------------------ */
/* debugfs fault injection settings, saved and restored */

struct knob {
	const char *path;
	char saved[32];
	bool have;
};

static struct knob knobs[] = {
	{ .path = FAILSLAB "/probability" },
	{ .path = FAILSLAB "/verbose" },
	{ .path = FAILSLAB "/ignore-gfp-wait" },
	{ .path = FAILSLAB "/cache-filter" },
	{ .path = FAILSLAB "/task-filter" },
	{ .path = FAILPAGE "/probability" },
	{ .path = FAILPAGE "/verbose" },
	{ .path = FAILPAGE "/ignore-gfp-wait" },
	{ .path = FAILPAGE "/ignore-gfp-highmem" },
	{ .path = FAILPAGE "/min-order" },
	{ .path = FAILPAGE "/task-filter" },
	{ .path = "/proc/sys/kernel/printk" },
};

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return 0;
}

static void write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		die("cannot write %s to %s: %s", val, path, strerror(errno));
	close(fd);
}

static void knob_set(const char *path, const char *val)
{
	write_file(path, val);
}

static void knobs_save(void)
{
	size_t i;

	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
		knobs[i].have = !read_file(knobs[i].path, knobs[i].saved,
					   sizeof(knobs[i].saved));
}

static void knobs_restore(void)
{
	size_t i;
	int fd;

	if (failnth >= 0 && pwrite(failnth, "0", 1, 0) != 1)
		fprintf(stderr, "failinj: cannot reset fail-nth\n");
	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		if (!knobs[i].have)
			continue;
		/* the printk file takes only its first field back */
		fd = open(knobs[i].path, O_WRONLY);
		if (fd < 0 || write(fd, knobs[i].saved, strlen(knobs[i].saved)) < 0)
			fprintf(stderr, "failinj: cannot restore %s\n", knobs[i].path);
		if (fd >= 0)
			close(fd);
	}
}

static void on_signal(int sig)
{
	knobs_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* sweep 1: failslab alone; sweep 2: failslab and fail_page_alloc */
static void knobs_sweep(int sweep)
{
	const char *v = stacks ? "2" : "0";

	knob_set(FAILSLAB "/probability", "0");
	knob_set(FAILSLAB "/verbose", v);
	knob_set(FAILSLAB "/ignore-gfp-wait", "N");
	knob_set(FAILSLAB "/cache-filter", "N");
	knob_set(FAILSLAB "/task-filter", "N");
	knob_set(FAILPAGE "/probability", "0");
	knob_set(FAILPAGE "/verbose", v);
	knob_set(FAILPAGE "/task-filter", "N");
	if (sweep == 1) {
		/* no allocation qualifies: 10 is the highest order on 6.1 */
		knob_set(FAILPAGE "/ignore-gfp-wait", "Y");
		knob_set(FAILPAGE "/ignore-gfp-highmem", "Y");
		knob_set(FAILPAGE "/min-order", "11");
	} else {
		knob_set(FAILPAGE "/ignore-gfp-wait", "N");
		knob_set(FAILPAGE "/ignore-gfp-highmem", "N");
		knob_set(FAILPAGE "/min-order", "0");
	}
}

/* ------------------------------------------------------------------ */
/* the kernel log */

static const char *const splat_patterns[] = {
	"BUG:", "kernel BUG", "WARNING:", "possible circular locking",
	"possible recursive locking", "inconsistent lock state",
	"suspicious RCU usage", "unreferenced object", "Oops",
	"general protection fault", "Kernel panic", "UBSAN:", "KASAN",
	"Disabling lock debugging", "kmemleak:", "ODEBUG:", "VM_FAULT_OOM",
	"Call Trace", "FAULT_INJECTION",
};

/* in --stacks mode the forced failures' own stacks are expected */
static bool is_splat(const char *msg)
{
	size_t i, n = sizeof(splat_patterns) / sizeof(splat_patterns[0]);

	if (stacks)
		n -= 2;
	for (i = 0; i < n; i++)
		if (strstr(msg, splat_patterns[i]))
			return true;
	return false;
}

static const char *const alloc_frames[] = {
	"dump_stack", "show_stack", "fail_dump", "should_fail", "__should_fail",
	"should_failslab", "__should_failslab", "slab_pre_alloc_hook",
	"prepare_alloc_pages", "should_fail_alloc_page",
};

static bool skip_frame(const char *f)
{
	size_t i;

	for (i = 0; i < sizeof(alloc_frames) / sizeof(alloc_frames[0]); i++)
		if (!strncmp(f, alloc_frames[i], strlen(alloc_frames[i])))
			return true;
	return false;
}

static char site[512];

/*
 * Reads what the kernel logged since the last call: bug reports are
 * findings; with --stacks the frames of a forced failure name its site.
 */
static void kmsg_scan(bool report)
{
	static char rec[8192];
	bool in_stack = false;
	int frames = 0;
	ssize_t n;

	if (kmsg < 0)
		return;
	for (;;) {
		char *msg, *nl;

		n = read(kmsg, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten: go on */
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = 0;
		if (stacks && strstr(msg, "FAULT_INJECTION: forcing a failure")) {
			in_stack = true;
			frames = 0;
			site[0] = 0;
			continue;
		}
		if (in_stack && strstr(msg, "</TASK>"))
			in_stack = false;
		if (in_stack && strstr(msg, "+0x") && frames < 7) {
			char f[128], *p = msg;

			while (*p == ' ')
				p++;
			if (!strncmp(p, "? ", 2))
				continue;
			size_t fl = strcspn(p, "+");

			if (fl >= sizeof(f))
				fl = sizeof(f) - 1;
			memcpy(f, p, fl);
			f[fl] = 0;
			if (skip_frame(f))
				continue;
			if (frames++)
				strncat(site, " < ", sizeof(site) - strlen(site) - 1);
			strncat(site, f, sizeof(site) - strlen(site) - 1);
			continue;
		}
		if (report && is_splat(msg))
			unexpected("kernel log: %s", msg);
	}
}

/* ------------------------------------------------------------------ */
/* netlink */

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)))
		die("NETLINK_EXT_ACK: %s", strerror(errno));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind: %s", strerror(errno));
	return fd;
}

static int nl_send(int fd, const struct nlmsghdr *nlh)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	if (sendto(fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&k,
		   sizeof(k)) < 0)
		return -errno;
	return 0;
}

static struct nlmsghdr *msg_start(void *buf, uint16_t type, uint8_t cmd,
				  uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = ENBKEY_GENL_VERSION;
	return nlh;
}

/* The message of an error ACK's extended ACK, or "". */
static void ext_msg(const struct nlmsghdr *nlh, char *out, size_t size)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	size_t off = sizeof(*e);

	out[0] = 0;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (MNL_NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return;
	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(out, size, "%s", mnl_attr_get_str(a));
	}
}

/* Appends one record (a family message's attributes) to a buffer. */
static void rec_add(uint8_t *buf, size_t *len, size_t max, uint32_t tag,
		    const void *data, uint32_t dlen)
{
	if (*len + 8 + dlen > max)
		die("record buffer full");
	memcpy(buf + *len, &tag, 4);
	memcpy(buf + *len + 4, &dlen, 4);
	memcpy(buf + *len + 8, data, dlen);
	*len += 8 + dlen;
}

/*
 * A request on the control socket, acknowledged (or a dump, to its DONE):
 * the attributes of each family message of the answer go to @out as
 * records tagged @tag. Returns 0 or -errno, with the extended ACK's
 * message in @ext.
 */
static int xact(struct nlmsghdr *req, uint8_t *out, size_t *out_len,
		size_t out_max, uint32_t tag, char *ext, size_t ext_size)
{
	static uint8_t rx[RX_MAX];
	bool dump = req->nlmsg_flags & NLM_F_DUMP;
	int err = 0;

	if (ext)
		ext[0] = 0;
	if (!dump)
		req->nlmsg_flags |= NLM_F_ACK;
	err = nl_send(ctl, req);
	if (err)
		return err;
	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t n = recv(ctl, rx, sizeof(rx), 0);
		int len;

		if (n < 0)
			return -errno;
		len = n;
		for (nlh = (struct nlmsghdr *)rx; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != req->nlmsg_seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

				if (e->error && ext)
					ext_msg(nlh, ext, ext_size);
				return e->error;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int e = *(int *)mnl_nlmsg_get_payload(nlh);

				return e < 0 ? e : 0;
			}
			if (nlh->nlmsg_type == family && out)
				rec_add(out, out_len, out_max, tag,
					(uint8_t *)mnl_nlmsg_get_payload(nlh) + GENL_HDRLEN,
					nlh->nlmsg_len - MNL_NLMSG_HDRLEN - GENL_HDRLEN);
		}
	}
}

static void resolve_family(void)
{
	static uint8_t buf[MSG_MAX], rx[RX_MAX];
	struct nlmsghdr *nlh = msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
					 NLM_F_ACK);
	struct nlattr *a, *g, *ga;
	ssize_t n;
	int len;

	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ENBKEY_GENL_NAME);
	if (nl_send(ctl, nlh))
		die("CTRL_CMD_GETFAMILY: %s", strerror(errno));
	n = recv(ctl, rx, sizeof(rx), 0);
	if (n < 0)
		die("CTRL_CMD_GETFAMILY: %s", strerror(errno));
	len = n;
	for (nlh = (struct nlmsghdr *)rx; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (e->error)
				die("no generic netlink family %s (is enbkey loaded?): %s",
				    ENBKEY_GENL_NAME, strerror(-e->error));
			continue;
		}
		mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
				family = mnl_attr_get_u16(a);
			if (mnl_attr_get_type(a) != CTRL_ATTR_MCAST_GROUPS)
				continue;
			mnl_attr_for_each_nested(g, a) {
				const char *name = NULL;
				uint32_t id = 0;

				mnl_attr_for_each_nested(ga, g) {
					if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_NAME)
						name = mnl_attr_get_str(ga);
					if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_ID)
						id = mnl_attr_get_u32(ga);
				}
				if (name && !strcmp(name, ENBKEY_MCGRP_EVENTS))
					events_group = id;
			}
		}
	}
	/* the ACK that follows */
	if (recv(ctl, rx, sizeof(rx), 0) < 0)
		die("CTRL_CMD_GETFAMILY ACK: %s", strerror(errno));
	if (!family || !events_group)
		die("family %s or its events group not found", ENBKEY_GENL_NAME);
}

/* ------------------------------------------------------------------ */
/* keys and PDUs, from lteref.h (OpenSSL and libipsec-mb) */

static const uint8_t K1[32] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
};
static const uint8_t K2[32] = {
	0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
	0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57,
	0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
};
static const uint8_t NH1[32] = {
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
};
static uint8_t MASK[32];

static const uint8_t PAYLOAD[24] = "failinj: a PDCP payload";

struct pdu {
	uint8_t type, id;
	uint32_t count;
	uint8_t hdr[2], hlen;
	uint8_t data[64];
	size_t len;
	uint8_t expect[64];	/* protect: the PDU; unprotect: the payload */
	size_t elen;
};

/* A downlink PDU to protect; the kernel must return what lteref makes. */
static void pdu_dl(struct pdu *p, const struct lteref_keys *k, int type,
		   int id, uint32_t count)
{
	bool srb = type == ENBKEY_RB_SRB, mac = srb || k->up_integrity;

	memset(p, 0, sizeof(*p));
	p->type = type;
	p->id = id;
	p->count = count;
	p->hdr[0] = count;
	p->hlen = srb ? 1 : 2;
	if (!srb)
		p->hdr[0] = 0x80 | ((count >> 8) & 0x0f), p->hdr[1] = count;
	memcpy(p->data, PAYLOAD, sizeof(PAYLOAD));
	p->len = sizeof(PAYLOAD);
	p->elen = lteref_pdu(k, srb, id, ENBKEY_DIR_DL, count, p->hdr, p->hlen,
			     PAYLOAD, sizeof(PAYLOAD), mac, k->eea != 0,
			     p->expect);
}

/* An uplink PDU as the UE sends it; the kernel must return the payload. */
static void pdu_ul(struct pdu *p, const struct lteref_keys *k, int type,
		   int id, uint32_t count)
{
	bool srb = type == ENBKEY_RB_SRB, mac = srb || k->up_integrity;
	uint8_t buf[80];
	size_t n;

	memset(p, 0, sizeof(*p));
	p->type = type;
	p->id = id;
	p->count = count;
	p->hlen = srb ? 1 : 2;
	p->hdr[0] = count & 0x1f;
	if (!srb)
		p->hdr[0] = 0x80 | ((count >> 8) & 0x0f), p->hdr[1] = count;
	n = lteref_pdu(k, srb, id, ENBKEY_DIR_UL, count, p->hdr, p->hlen,
		       PAYLOAD, sizeof(PAYLOAD), mac, k->eea != 0, buf);
	p->len = n - p->hlen;
	memcpy(p->data, buf + p->hlen, p->len);
	memcpy(p->expect, PAYLOAD, sizeof(PAYLOAD));
	p->elen = sizeof(PAYLOAD);
}

static void put_pdus(struct nlmsghdr *nlh, const struct pdu *p, int n,
		     unsigned int mask)
{
	struct nlattr *list = mnl_attr_nest_start(nlh, ENBKEY_A_PDUS), *e;
	int i, j = 0;

	for (i = 0; i < n; i++) {
		if (!(mask & 1u << i))
			continue;
		e = mnl_attr_nest_start(nlh, j++);
		mnl_attr_put_u8(nlh, ENBKEY_PDU_A_RB_TYPE, p[i].type);
		mnl_attr_put_u8(nlh, ENBKEY_PDU_A_RB_ID, p[i].id);
		mnl_attr_put_u32(nlh, ENBKEY_PDU_A_COUNT, p[i].count);
		mnl_attr_put(nlh, ENBKEY_PDU_A_HDR, p[i].hlen, p[i].hdr);
		mnl_attr_put(nlh, ENBKEY_PDU_A_DATA, p[i].len, p[i].data);
		mnl_attr_nest_end(nlh, e);
	}
	mnl_attr_nest_end(nlh, list);
}

/* ------------------------------------------------------------------ */
/* setup steps: each must succeed */

static char setup_err[512];

static void step(struct nlmsghdr *nlh, const char *what)
{
	char ext[256];
	int err = xact(nlh, NULL, NULL, 0, 0, ext, sizeof(ext));

	if (err && !setup_err[0])
		snprintf(setup_err, sizeof(setup_err), "setup step %s: %s%s%s",
			 what, strerror(-err), ext[0] ? ": " : "", ext);
}

static uint8_t sbuf[MSG_MAX] __attribute__((aligned(8)));

static struct nlmsghdr *req(uint8_t cmd, uint32_t ue)
{
	struct nlmsghdr *nlh = msg_start(sbuf, family, cmd, 0);

	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, ue);
	return nlh;
}

static void s_ue(uint32_t ue, bool emergency)
{
	struct nlmsghdr *nlh = req(ENBKEY_CMD_UE_NEW, ue);

	if (emergency)
		mnl_attr_put_u8(nlh, ENBKEY_A_EMERGENCY, 1);
	step(nlh, "ue new");
}

static void s_kenb(uint32_t ue, const uint8_t *key, int ncc)
{
	struct nlmsghdr *nlh = req(ENBKEY_CMD_KEY_SET, ue);

	mnl_attr_put(nlh, ENBKEY_A_KENB, 32, key);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, ncc);
	step(nlh, "key set kenb");
}

static void s_nh(uint32_t ue, const uint8_t *nh, int ncc)
{
	struct nlmsghdr *nlh = req(ENBKEY_CMD_KEY_SET, ue);

	mnl_attr_put(nlh, ENBKEY_A_NH, 32, nh);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, ncc);
	step(nlh, "key set nh");
}

static void s_sec(uint32_t ue, int eea, int eia, bool upi)
{
	struct nlmsghdr *nlh = req(ENBKEY_CMD_SEC_SET, ue);

	mnl_attr_put_u8(nlh, ENBKEY_A_EEA, eea);
	mnl_attr_put_u8(nlh, ENBKEY_A_EIA, eia);
	mnl_attr_put_u8(nlh, ENBKEY_A_UP_INTEGRITY, upi);
	step(nlh, "sec set");
}

static void s_pdcp(uint32_t ue, bool protect, const struct pdu *p, int n,
		   bool next, int pci, uint32_t earfcn)
{
	struct nlmsghdr *nlh = req(protect ? ENBKEY_CMD_PDCP_PROTECT :
				   ENBKEY_CMD_PDCP_UNPROTECT, ue);

	if (next)
		mnl_attr_put_u8(nlh, ENBKEY_A_NEXT, 1);
	if (next && pci >= 0) {
		mnl_attr_put_u16(nlh, ENBKEY_A_PCI, pci);
		mnl_attr_put_u32(nlh, ENBKEY_A_EARFCN_DL, earfcn);
	}
	put_pdus(nlh, p, n, ~0u);
	step(nlh, protect ? "pdcp protect" : "pdcp unprotect");
}

static void s_prepare(uint32_t ue, int pci, uint32_t earfcn)
{
	struct nlmsghdr *nlh = req(ENBKEY_CMD_HO_PREPARE, ue);

	mnl_attr_put_u16(nlh, ENBKEY_A_PCI, pci);
	mnl_attr_put_u32(nlh, ENBKEY_A_EARFCN_DL, earfcn);
	step(nlh, "ho prepare");
}

/* ------------------------------------------------------------------ */
/* the commands under test, each with its own setup */

enum kind { K_NOREPLY, K_REPLY, K_DUMP };

struct scen {
	const char *name;
	uint8_t cmd;
	enum kind kind;
	uint32_t ids[3];
	int n_ids;
	void (*setup)(void);
	void (*build)(struct nlmsghdr *nlh, unsigned int mask);
	/* the reference reply, checked against lteref; NULL: none */
	int (*check)(const uint8_t *attrs, size_t len, char *why, size_t size);
	const struct pdu *pdus;	/* a PDCP request */
	int n_pdus;
	/*
	 * The command changes only state that ue show does not report (the
	 * COUNT state of the next keys): the retry's reply, compared with the
	 * reference run's, is what shows that a failed run left it alone (a
	 * PDU taken into the window would be refused as a replay).
	 */
	bool unseen_state;
};

static struct lteref_keys k_rich, k_pb, k_uo, k_ub, k_next, k_rekey,
	k_commit, k_prot1;
static struct pdu p_rich_dl[2], p_rich_ul[1], p_prot1[1], p_pb[4], p_uo[1],
	p_ub_pre[1], p_ub[4], p_next[1], p_rekey_next[1], p_commit_next[1];

/* UE 1 with keys, algorithms, COUNT state on three bearers, an NH and two
 * prepared cells; UE 2 without anything */
static void setup_rich(void)
{
	s_ue(1, false);
	s_kenb(1, K1, 1);
	s_sec(1, 1, 1, true);
	s_pdcp(1, true, p_rich_dl, 2, false, -1, 0);
	s_pdcp(1, false, p_rich_ul, 1, false, -1, 0);
	s_nh(1, NH1, 2);
	s_prepare(1, 7, 500);
	s_prepare(1, 8, 500);
	s_ue(2, false);
}

static void setup_dump(void)
{
	setup_rich();
	s_ue(3, true);
}

static void setup_none(void) { }
static void setup_ue2(void) { s_ue(2, false); }
static void setup_ue(void) { s_ue(1, false); }
static void setup_kenb(void) { s_ue(1, false); s_kenb(1, K1, 0); }

static void setup_rekey(void)
{
	s_ue(1, false);
	s_kenb(1, K1, 0);
	s_sec(1, 2, 2, false);
	s_pdcp(1, true, p_prot1, 1, false, -1, 0);
	s_nh(1, NH1, 1);
}

static void setup_nh(void) { setup_kenb(); s_sec(1, 3, 3, false); }
static void setup_prot1(void) { setup_kenb(); s_sec(1, 2, 2, false); }
static void setup_pb(void) { setup_kenb(); s_sec(1, 1, 3, true); }
static void setup_uo(void) { setup_kenb(); s_sec(1, 3, 1, false); }

static void setup_ub(void)
{
	setup_kenb();
	s_sec(1, 2, 3, true);
	s_pdcp(1, false, p_ub_pre, 1, false, -1, 0);
}

static void setup_next(void)
{
	setup_kenb();
	s_sec(1, 1, 2, false);
	s_prepare(1, 9, 1200);
}

static void setup_rekey_next(void)
{
	setup_kenb();
	s_sec(1, 3, 2, false);
	s_kenb(1, K2, 0);
}

static void setup_prep_h(void) { setup_kenb(); s_sec(1, 1, 1, false); }

static void setup_prep_v(void)
{
	setup_kenb();
	s_sec(1, 2, 1, false);
	s_nh(1, NH1, 4);
}

static void setup_prep_2nd(void)
{
	setup_kenb();
	s_sec(1, 3, 1, false);
	s_prepare(1, 13, 300);
}

static void setup_commit(void)
{
	setup_kenb();
	s_sec(1, 3, 3, false);
	s_nh(1, NH1, 5);
	s_prepare(1, 15, 800);
	s_prepare(1, 16, 800);
	s_pdcp(1, false, p_commit_next, 1, true, 15, 800);
}

static void setup_commit_rekey(void)
{
	setup_kenb();
	s_sec(1, 1, 3, false);
	s_pdcp(1, true, p_prot1, 1, false, -1, 0);
	s_kenb(1, K2, 0);
}

static void setup_cancel(void)
{
	setup_kenb();
	s_sec(1, 1, 2, false);
	s_nh(1, NH1, 3);
	s_prepare(1, 20, 100);
	s_prepare(1, 21, 100);
}

static void setup_export(void)
{
	setup_kenb();
	s_sec(1, 2, 2, false);
	s_nh(1, NH1, 6);
	s_prepare(1, 17, 900);
}

static void setup_short_mac(void) { setup_kenb(); s_sec(1, 0, 2, false); }

static void b_ue1(struct nlmsghdr *nlh, unsigned int mask)
{
	(void)mask;
	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, 1);
}

static void b_ue_new_em(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put_u8(nlh, ENBKEY_A_EMERGENCY, 1);
}

static void b_ue_new_far(struct nlmsghdr *nlh, unsigned int mask)
{
	(void)mask;
	/* an id that needs xarray nodes of two levels */
	mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, 1000);
}

static void b_ue_get(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put_u8(nlh, ENBKEY_A_SHOW_BEARERS, 1);
}

static void b_dump(struct nlmsghdr *nlh, unsigned int mask)
{
	(void)nlh;
	(void)mask;
}

static void b_kenb_k1(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put(nlh, ENBKEY_A_KENB, 32, K1);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 2);
}

static void b_kenb_k2(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put(nlh, ENBKEY_A_KENB, 32, K2);
}

static void b_nh(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put(nlh, ENBKEY_A_NH, 32, NH1);
	mnl_attr_put_u8(nlh, ENBKEY_A_NCC, 3);
}

static void b_sec(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put_u8(nlh, ENBKEY_A_EEA, 3);
	mnl_attr_put_u8(nlh, ENBKEY_A_EIA, 3);
	mnl_attr_put_u8(nlh, ENBKEY_A_UP_INTEGRITY, 1);
}

static const struct scen *cur_scen;

static void b_pdus(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	put_pdus(nlh, cur_scen->pdus, cur_scen->n_pdus, mask);
}

static void b_pdus_next(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put_u8(nlh, ENBKEY_A_NEXT, 1);
	put_pdus(nlh, cur_scen->pdus, cur_scen->n_pdus, mask);
}

static void b_prep_h(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put_u16(nlh, ENBKEY_A_PCI, 11);
	mnl_attr_put_u32(nlh, ENBKEY_A_EARFCN_DL, 300);
	mnl_attr_put_u8(nlh, ENBKEY_A_EEA, 3);
	mnl_attr_put_u8(nlh, ENBKEY_A_EIA, 2);
}

static void b_prep_v(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put_u16(nlh, ENBKEY_A_PCI, 12);
	mnl_attr_put_u32(nlh, ENBKEY_A_EARFCN_DL, 70000);
}

static void b_prep_2nd(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put_u16(nlh, ENBKEY_A_PCI, 14);
	mnl_attr_put_u32(nlh, ENBKEY_A_EARFCN_DL, 300);
}

static void b_commit(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put_u16(nlh, ENBKEY_A_PCI, 15);
	mnl_attr_put_u32(nlh, ENBKEY_A_EARFCN_DL, 800);
}

static void b_export(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put(nlh, ENBKEY_A_KEY_MASK, 32, MASK);
}

static void b_short_mac(struct nlmsghdr *nlh, unsigned int mask)
{
	b_ue1(nlh, mask);
	mnl_attr_put_u32(nlh, ENBKEY_A_CELL_ID, 0x1234567);
	mnl_attr_put_u16(nlh, ENBKEY_A_PCI, 42);
	mnl_attr_put_u32(nlh, ENBKEY_A_CRNTI, 0xbeef);
}

/* the attribute @type of a reply, or NULL */
static const struct nlattr *attr_find(const uint8_t *attrs, size_t len,
				      int type)
{
	const struct nlattr *attr;

	mnl_attr_for_each_payload((const void *)attrs, len) {
		if (mnl_attr_get_type(attr) == type)
			return attr;
	}
	return NULL;
}

/* The results of a PDCP reply: data or errno of each PDU, in order. */
static int pdcp_results(const uint8_t *attrs, size_t len,
			const uint8_t **data, uint16_t *dlen, uint32_t *err,
			int max)
{
	const struct nlattr *list = attr_find(attrs, len, ENBKEY_A_PDUS), *e, *a;
	int n = 0;

	if (!list)
		return -1;
	mnl_attr_for_each_nested(e, list) {
		if (n == max)
			return -1;
		data[n] = NULL;
		dlen[n] = 0;
		err[n] = 0;
		mnl_attr_for_each_nested(a, e) {
			if (mnl_attr_get_type(a) == ENBKEY_PDU_A_DATA) {
				data[n] = mnl_attr_get_payload(a);
				dlen[n] = mnl_attr_get_payload_len(a);
			}
			if (mnl_attr_get_type(a) == ENBKEY_PDU_A_ERROR)
				err[n] = mnl_attr_get_u32(a);
		}
		n++;
	}
	return n;
}

/* the PDUs of the request, all of them: each as lteref says */
static int c_pdus(const uint8_t *attrs, size_t len, char *why, size_t size)
{
	const uint8_t *data[PDUS_MAX];
	uint16_t dlen[PDUS_MAX];
	uint32_t err[PDUS_MAX];
	int n = pdcp_results(attrs, len, data, dlen, err, PDUS_MAX), i;

	if (n != cur_scen->n_pdus) {
		snprintf(why, size, "%d results for %d PDUs", n, cur_scen->n_pdus);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const struct pdu *p = &cur_scen->pdus[i];

		if (!data[i] || dlen[i] != p->elen || memcmp(data[i], p->expect, p->elen)) {
			snprintf(why, size, "PDU %d: %s", i,
				 data[i] ? "not what lteref makes" : strerror(err[i]));
			return -1;
		}
	}
	return 0;
}

static int c_u8(const uint8_t *attrs, size_t len, int type, int want,
		char *why, size_t size)
{
	const struct nlattr *a = attr_find(attrs, len, type);

	if (!a || mnl_attr_get_payload_len(a) != 1 || mnl_attr_get_u8(a) != want) {
		snprintf(why, size, "attribute %d is not %d", type, want);
		return -1;
	}
	return 0;
}

static int c_prep_h(const uint8_t *attrs, size_t len, char *why, size_t size)
{
	return c_u8(attrs, len, ENBKEY_A_NCC, 0, why, size) ?:
	       c_u8(attrs, len, ENBKEY_A_VERTICAL, 0, why, size);
}

static int c_prep_v(const uint8_t *attrs, size_t len, char *why, size_t size)
{
	return c_u8(attrs, len, ENBKEY_A_NCC, 4, why, size) ?:
	       c_u8(attrs, len, ENBKEY_A_VERTICAL, 1, why, size);
}

static int c_masked(const uint8_t *attrs, size_t len, int type,
		    const uint8_t *want, char *why, size_t size)
{
	const struct nlattr *a = attr_find(attrs, len, type);
	uint8_t key[32];
	int i;

	if (!a || mnl_attr_get_payload_len(a) != 32) {
		snprintf(why, size, "no key attribute %d", type);
		return -1;
	}
	for (i = 0; i < 32; i++)
		key[i] = ((const uint8_t *)mnl_attr_get_payload(a))[i] ^ MASK[i];
	if (memcmp(key, want, 32)) {
		snprintf(why, size, "key XOR mask is not what lteref derives");
		return -1;
	}
	return 0;
}

static int c_export(const uint8_t *attrs, size_t len, char *why, size_t size)
{
	uint8_t star[32];

	lteref_kenb_star(NH1, 17, 900, star);
	return c_masked(attrs, len, ENBKEY_A_KENB_STAR, star, why, size) ?:
	       c_u8(attrs, len, ENBKEY_A_NCC, 6, why, size);
}

static int c_s_kenb(const uint8_t *attrs, size_t len, char *why, size_t size)
{
	const struct nlattr *a = attr_find(attrs, len, ENBKEY_A_SCG_COUNTER);
	uint8_t s[32];

	lteref_s_kenb(K1, 0, s);
	if (!a || mnl_attr_get_u32(a) != 0) {
		snprintf(why, size, "SCG Counter is not 0");
		return -1;
	}
	return c_masked(attrs, len, ENBKEY_A_S_KENB, s, why, size);
}

static int c_short_mac(const uint8_t *attrs, size_t len, char *why,
		       size_t size)
{
	const struct nlattr *a = attr_find(attrs, len, ENBKEY_A_SHORT_MAC_I);
	struct lteref_keys k;
	unsigned int want;

	lteref_as_keys(K1, 0, 2, false, &k);
	want = lteref_short_mac(&k, 0x1234567, 42, 0xbeef);
	if (!a || mnl_attr_get_payload_len(a) != 2 || mnl_attr_get_u16(a) != want) {
		snprintf(why, size, "shortMAC-I is not %04x", want);
		return -1;
	}
	return 0;
}

static struct scen scens[] = {
	{ .name = "ue_new", .cmd = ENBKEY_CMD_UE_NEW, .kind = K_NOREPLY,
	  .ids = { 1000 }, .n_ids = 1, .setup = setup_none, .build = b_ue_new_far },
	{ .name = "ue_new_emergency", .cmd = ENBKEY_CMD_UE_NEW, .kind = K_NOREPLY,
	  .ids = { 1, 2 }, .n_ids = 2, .setup = setup_ue2, .build = b_ue_new_em },
	{ .name = "ue_del", .cmd = ENBKEY_CMD_UE_DEL, .kind = K_NOREPLY,
	  .ids = { 1, 2 }, .n_ids = 2, .setup = setup_rich, .build = b_ue1 },
	{ .name = "ue_get", .cmd = ENBKEY_CMD_UE_GET, .kind = K_REPLY,
	  .ids = { 1, 2 }, .n_ids = 2, .setup = setup_rich, .build = b_ue_get },
	{ .name = "ue_get_dump", .cmd = ENBKEY_CMD_UE_GET, .kind = K_DUMP,
	  .ids = { 1, 2, 3 }, .n_ids = 3, .setup = setup_dump, .build = b_dump },
	{ .name = "key_set_kenb_first", .cmd = ENBKEY_CMD_KEY_SET, .kind = K_NOREPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_ue, .build = b_kenb_k1 },
	{ .name = "key_set_kenb_rekey", .cmd = ENBKEY_CMD_KEY_SET, .kind = K_NOREPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_rekey, .build = b_kenb_k2 },
	{ .name = "key_set_nh", .cmd = ENBKEY_CMD_KEY_SET, .kind = K_NOREPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_nh, .build = b_nh },
	{ .name = "sec_set", .cmd = ENBKEY_CMD_SEC_SET, .kind = K_NOREPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_kenb, .build = b_sec },
	{ .name = "pdcp_protect_one", .cmd = ENBKEY_CMD_PDCP_PROTECT, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_prot1, .build = b_pdus,
	  .check = c_pdus, .pdus = p_prot1, .n_pdus = 1 },
	{ .name = "pdcp_protect_batch", .cmd = ENBKEY_CMD_PDCP_PROTECT, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_pb, .build = b_pdus,
	  .check = c_pdus, .pdus = p_pb, .n_pdus = 4 },
	{ .name = "pdcp_unprotect_one", .cmd = ENBKEY_CMD_PDCP_UNPROTECT, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_uo, .build = b_pdus,
	  .check = c_pdus, .pdus = p_uo, .n_pdus = 1 },
	{ .name = "pdcp_unprotect_batch", .cmd = ENBKEY_CMD_PDCP_UNPROTECT, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_ub, .build = b_pdus,
	  .check = c_pdus, .pdus = p_ub, .n_pdus = 4 },
	{ .name = "pdcp_unprotect_next_cell", .cmd = ENBKEY_CMD_PDCP_UNPROTECT, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_next, .build = b_pdus_next,
	  .check = c_pdus, .pdus = p_next, .n_pdus = 1,
	  .unseen_state = true },
	{ .name = "pdcp_unprotect_next_kenb", .cmd = ENBKEY_CMD_PDCP_UNPROTECT, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_rekey_next, .build = b_pdus_next,
	  .check = c_pdus, .pdus = p_rekey_next, .n_pdus = 1,
	  .unseen_state = true },
	{ .name = "ho_prepare_horizontal", .cmd = ENBKEY_CMD_HO_PREPARE, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_prep_h, .build = b_prep_h,
	  .check = c_prep_h },
	{ .name = "ho_prepare_vertical", .cmd = ENBKEY_CMD_HO_PREPARE, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_prep_v, .build = b_prep_v,
	  .check = c_prep_v },
	{ .name = "ho_prepare_second_cell", .cmd = ENBKEY_CMD_HO_PREPARE, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_prep_2nd, .build = b_prep_2nd },
	{ .name = "ho_commit_cell", .cmd = ENBKEY_CMD_HO_COMMIT, .kind = K_NOREPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_commit, .build = b_commit },
	{ .name = "ho_commit_kenb", .cmd = ENBKEY_CMD_HO_COMMIT, .kind = K_NOREPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_commit_rekey, .build = b_ue1 },
	{ .name = "ho_cancel", .cmd = ENBKEY_CMD_HO_CANCEL, .kind = K_NOREPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_cancel, .build = b_ue1 },
	{ .name = "ho_export", .cmd = ENBKEY_CMD_HO_EXPORT, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_export, .build = b_export,
	  .check = c_export },
	{ .name = "s_kenb", .cmd = ENBKEY_CMD_S_KENB, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_kenb, .build = b_export,
	  .check = c_s_kenb },
	{ .name = "short_mac", .cmd = ENBKEY_CMD_SHORT_MAC, .kind = K_REPLY,
	  .ids = { 1 }, .n_ids = 1, .setup = setup_short_mac, .build = b_short_mac,
	  .check = c_short_mac },
};
#define N_SCENS ((int)(sizeof(scens) / sizeof(scens[0])))

static void make_pdus(void)
{
	uint8_t star[32];
	int i;

	for (i = 0; i < 32; i++)
		MASK[i] = 0xa5 ^ (i * 7);

	lteref_as_keys(K1, 1, 1, true, &k_rich);
	pdu_dl(&p_rich_dl[0], &k_rich, ENBKEY_RB_SRB, 1, 0);
	pdu_dl(&p_rich_dl[1], &k_rich, ENBKEY_RB_DRB, 1, 5);
	pdu_ul(&p_rich_ul[0], &k_rich, ENBKEY_RB_SRB, 2, 3);

	lteref_as_keys(K1, 2, 2, false, &k_prot1);
	pdu_dl(&p_prot1[0], &k_prot1, ENBKEY_RB_SRB, 1, 0);

	lteref_as_keys(K1, 1, 3, true, &k_pb);
	pdu_dl(&p_pb[0], &k_pb, ENBKEY_RB_SRB, 1, 0);
	pdu_dl(&p_pb[1], &k_pb, ENBKEY_RB_SRB, 2, 1);
	pdu_dl(&p_pb[2], &k_pb, ENBKEY_RB_DRB, 1, 10);
	pdu_dl(&p_pb[3], &k_pb, ENBKEY_RB_DRB, 2, 20);

	lteref_as_keys(K1, 3, 1, false, &k_uo);
	pdu_ul(&p_uo[0], &k_uo, ENBKEY_RB_SRB, 1, 4);

	lteref_as_keys(K1, 2, 3, true, &k_ub);
	pdu_ul(&p_ub_pre[0], &k_ub, ENBKEY_RB_SRB, 1, 1);
	pdu_ul(&p_ub[0], &k_ub, ENBKEY_RB_SRB, 1, 5);
	pdu_ul(&p_ub[1], &k_ub, ENBKEY_RB_SRB, 2, 2);
	pdu_ul(&p_ub[2], &k_ub, ENBKEY_RB_DRB, 1, 100);
	pdu_ul(&p_ub[3], &k_ub, ENBKEY_RB_DRB, 3, 7);

	/* the cell's keys: KeNB* of PCI 9, EARFCN-DL 1200 from K1 */
	lteref_kenb_star(K1, 9, 1200, star);
	lteref_as_keys(star, 1, 2, false, &k_next);
	pdu_ul(&p_next[0], &k_next, ENBKEY_RB_SRB, 1, 0);

	/* the re-keying KeNB's keys, with the algorithms in use */
	lteref_as_keys(K2, 3, 2, false, &k_rekey);
	pdu_ul(&p_rekey_next[0], &k_rekey, ENBKEY_RB_SRB, 1, 0);

	/* vertical: KeNB* of PCI 15, EARFCN-DL 800 from NH1 */
	lteref_kenb_star(NH1, 15, 800, star);
	lteref_as_keys(star, 3, 3, false, &k_commit);
	pdu_ul(&p_commit_next[0], &k_commit, ENBKEY_RB_SRB, 1, 0);
}

/* ------------------------------------------------------------------ */
/* the state: UE_GET of each UE involved, with bearers, and the dump */

struct snap {
	size_t len;
	uint8_t b[SNAP_MAX];
};

static void snapshot(const struct scen *sc, struct snap *s)
{
	struct nlmsghdr *nlh;
	int i, err;

	s->len = 0;
	for (i = 0; i < sc->n_ids; i++) {
		nlh = req(ENBKEY_CMD_UE_GET, sc->ids[i]);
		mnl_attr_put_u8(nlh, ENBKEY_A_SHOW_BEARERS, 1);
		err = xact(nlh, s->b, &s->len, sizeof(s->b), 'G' << 24 | sc->ids[i],
			   NULL, 0);
		if (err)
			rec_add(s->b, &s->len, sizeof(s->b), 'E' << 24 | sc->ids[i],
				&err, sizeof(err));
	}
	nlh = msg_start(sbuf, family, ENBKEY_CMD_UE_GET, NLM_F_DUMP);
	err = xact(nlh, s->b, &s->len, sizeof(s->b), 'D' << 24, NULL, 0);
	if (err)
		rec_add(s->b, &s->len, sizeof(s->b), 'X' << 24, &err, sizeof(err));
}

static bool snap_eq(const struct snap *a, const struct snap *b)
{
	return a->len == b->len && !memcmp(a->b, b->b, a->len);
}

static const char *const attr_names[] = {
	[ENBKEY_A_UE_ID] = "id", [ENBKEY_A_NCC] = "ncc", [ENBKEY_A_EEA] = "eea",
	[ENBKEY_A_EIA] = "eia", [ENBKEY_A_KEY_INSTALLED] = "key",
	[ENBKEY_A_KEY_GENERATION] = "gen", [ENBKEY_A_UP_INTEGRITY] = "upi",
	[ENBKEY_A_INTEGRITY_FAILURES] = "ifail", [ENBKEY_A_KEY_REFRESH] = "refresh",
	[ENBKEY_A_NH_PENDING] = "nh", [ENBKEY_A_KENB_STAR_PENDING] = "star",
	[ENBKEY_A_SCG_COUNTER] = "scg", [ENBKEY_A_EMERGENCY] = "emerg",
	[ENBKEY_A_KENB_PENDING] = "kenb_pending", [ENBKEY_A_CELLS] = "cells",
	[ENBKEY_A_BEARERS] = "bearers",
};

static void print_attrs(const uint8_t *p, size_t len, int depth)
{
	const struct nlattr *attr;

	mnl_attr_for_each_payload((const void *)p, len) {
		const struct nlattr *a = attr;
		int t = mnl_attr_get_type(a);
		uint16_t l = mnl_attr_get_payload_len(a);
		const uint8_t *d = mnl_attr_get_payload(a);

		if (depth == 0 && t < (int)(sizeof(attr_names) / sizeof(attr_names[0])) &&
		    attr_names[t])
			printf(" %s=", attr_names[t]);
		else
			printf(" %d=", t);
		if ((depth == 0 && (t == ENBKEY_A_CELLS || t == ENBKEY_A_BEARERS)) ||
		    (depth == 1)) {
			printf("{");
			print_attrs(d, l, depth + 1);
			printf(" }");
		} else if (l == 1) {
			printf("%u", d[0]);
		} else if (l == 2) {
			printf("%u", mnl_attr_get_u16(a));
		} else if (l == 4) {
			printf("%u", mnl_attr_get_u32(a));
		} else if (l == 8) {
			printf("%llu", (unsigned long long)mnl_attr_get_u64(a));
		} else {
			printf("<%u octets>", l);
		}
	}
}

static void print_records(const char *label, const uint8_t *b, size_t len)
{
	size_t off = 0;

	while (off + 8 <= len) {
		uint32_t tag, dlen;

		memcpy(&tag, b + off, 4);
		memcpy(&dlen, b + off + 4, 4);
		printf("failinj: #   %s %c%u:", label, tag >> 24, tag & 0xffffff);
		if ((tag >> 24) == 'E' || (tag >> 24) == 'X')
			printf(" error %d", *(int *)(b + off + 8));
		else
			print_attrs(b + off + 8, dlen, 0);
		printf("\n");
		off += 8 + dlen;
	}
}

static void print_snaps(const char *l1, const struct snap *a, const char *l2,
			const struct snap *b)
{
	print_records(l1, a->b, a->len);
	print_records(l2, b->b, b->len);
}

/* ------------------------------------------------------------------ */
/* events */

struct evs {
	int n;
	uint32_t ue[EV_MAX];
	uint8_t ev[EV_MAX];
	bool overrun;
};

static void events_drain(struct evs *e)
{
	static uint8_t rx[RX_MAX];

	if (e)
		memset(e, 0, sizeof(*e));
	if (evfd < 0)
		return;
	for (;;) {
		ssize_t n = recv(evfd, rx, sizeof(rx), MSG_DONTWAIT);
		struct nlmsghdr *nlh;
		int len;

		if (n < 0 && errno == ENOBUFS) {
			if (e)
				e->overrun = true;
			continue;
		}
		if (n <= 0)
			break;
		len = n;
		for (nlh = (struct nlmsghdr *)rx; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			const struct nlattr *ue, *ev;
			const uint8_t *at = (uint8_t *)mnl_nlmsg_get_payload(nlh) + GENL_HDRLEN;
			size_t alen = nlh->nlmsg_len - MNL_NLMSG_HDRLEN - GENL_HDRLEN;

			if (!e || nlh->nlmsg_type != family || e->n == EV_MAX)
				continue;
			ue = attr_find(at, alen, ENBKEY_A_UE_ID);
			ev = attr_find(at, alen, ENBKEY_A_EVENT);
			e->ue[e->n] = ue ? mnl_attr_get_u32(ue) : 0;
			e->ev[e->n] = ev ? mnl_attr_get_u8(ev) : 0;
			e->n++;
		}
	}
}

/* @sub is @all with some events left out (a notification may be lost) */
static bool events_subseq(const struct evs *sub, const struct evs *all)
{
	int i, j = 0;

	for (i = 0; i < sub->n; i++) {
		while (j < all->n && (all->ue[j] != sub->ue[i] || all->ev[j] != sub->ev[i]))
			j++;
		if (j == all->n)
			return false;
		j++;
	}
	return true;
}

static void print_events(const char *label, const struct evs *e)
{
	int i;

	printf("failinj: #   %s events:", label);
	for (i = 0; i < e->n; i++)
		printf(" ue %u event %u", e->ue[i], e->ev[i]);
	printf("%s\n", e->overrun ? " (and an overrun)" : "");
}

/* ------------------------------------------------------------------ */
/* one run of the command under test, maybe with an injected failure */

enum status { ST_OK, ST_FAIL, ST_NOANSWER, ST_GARBLED };

struct run {
	/* filled while the injection is armed: no allocation, no output */
	int send_err;
	int recv_err;
	size_t len;
	unsigned int n_dgrams;
	char nth[16];
	ssize_t nth_len;
	uint8_t buf[RX_MAX] __attribute__((aligned(8)));
	/* worked out afterwards */
	unsigned int remaining;
	enum status st;
	int err;
	char ext[256];
	uint8_t reply[REPLY_MAX] __attribute__((aligned(8)));	/* records */
	size_t reply_len;
	int n_replies;
};

static struct run run;
static uint8_t cbuf[MSG_MAX] __attribute__((aligned(8)));

static void run_cmd(const struct scen *sc, unsigned int mask, unsigned int n)
{
	struct nlmsghdr *nlh = msg_start(cbuf, family, sc->cmd,
					 sc->kind == K_DUMP ? NLM_F_DUMP : 0);
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 5 };
	char nbuf[16];
	int nlen, fd;
	bool done = false;

	sc->build(nlh, mask);
	fd = nl_open();
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	nlen = snprintf(nbuf, sizeof(nbuf), "%u", n);
	run.send_err = 0;
	run.recv_err = 0;
	run.len = 0;
	run.n_dgrams = 0;
	run.nth_len = 0;

	/* --- armed: system calls only --- */
	if (n && pwrite(failnth, nbuf, nlen, 0) != nlen)
		die("cannot write fail-nth: %s", strerror(errno));
	if (sendto(fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&k,
		   sizeof(k)) < 0)
		run.send_err = errno;
	while (!run.send_err && run.len + 8 + 65536 <= sizeof(run.buf)) {
		/* a dump may go on in recvmsg(): wait for its DONE */
		ssize_t got = recv(fd, run.buf + run.len + 4, 65536,
				   sc->kind == K_DUMP && !done ? 0 : MSG_DONTWAIT);
		uint32_t l;

		if (got < 0) {
			if (errno != EAGAIN)
				run.recv_err = errno;
			break;
		}
		l = got;
		memcpy(run.buf + run.len, &l, 4);
		if (sc->kind == K_DUMP) {
			const struct nlmsghdr *h = (void *)(run.buf + run.len + 4);
			int left = got;

			for (; mnl_nlmsg_ok(h, left); h = mnl_nlmsg_next(h, &left))
				if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
					done = true;
		}
		run.len += 4 + ((l + 3) & ~3u);
		run.n_dgrams++;
	}
	if (n) {
		run.nth_len = pread(failnth, run.nth, sizeof(run.nth) - 1, 0);
		if (pwrite(failnth, "0", 1, 0) != 1)
			die("cannot reset fail-nth: %s", strerror(errno));
	}
	/* --- disarmed --- */
	close(fd);

	run.remaining = 0;
	if (n) {
		if (run.nth_len <= 0)
			die("cannot read fail-nth");
		run.nth[run.nth_len] = 0;
		run.remaining = strtoul(run.nth, NULL, 10);
	}

	/* what came back */
	run.st = ST_OK;
	run.err = 0;
	run.ext[0] = 0;
	run.reply_len = 0;
	run.n_replies = 0;
	if (run.send_err) {
		run.st = ST_FAIL;
		run.err = run.send_err;
		return;
	}
	{
		size_t off = 0;
		bool error = false, ack = false, dump_done = false;

		while (off < run.len) {
			uint32_t l;
			const struct nlmsghdr *h;
			int left;

			memcpy(&l, run.buf + off, 4);
			h = (void *)(run.buf + off + 4);
			left = l;
			for (; mnl_nlmsg_ok(h, left); h = mnl_nlmsg_next(h, &left)) {
				if (h->nlmsg_type == NLMSG_ERROR) {
					const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

					if (e->error) {
						if (!error) {
							run.err = -e->error;
							ext_msg(h, run.ext, sizeof(run.ext));
						}
						error = true;
					} else {
						ack = true;
					}
				} else if (h->nlmsg_type == NLMSG_DONE) {
					int e = *(const int *)mnl_nlmsg_get_payload(h);

					dump_done = true;
					if (e < 0 && !error) {
						run.err = -e;
						error = true;
					}
				} else if (h->nlmsg_type == family) {
					rec_add(run.reply, &run.reply_len, sizeof(run.reply), 'R' << 24,
						(const uint8_t *)mnl_nlmsg_get_payload(h) + GENL_HDRLEN,
						h->nlmsg_len - MNL_NLMSG_HDRLEN - GENL_HDRLEN);
					run.n_replies++;
				}
			}
			off += 4 + ((l + 3) & ~3u);
		}
		if (run.recv_err && !error) {
			run.err = run.recv_err;
			error = true;
		}
		if (error) {
			/* a reply and an error: say so */
			run.st = ST_FAIL;
			if (run.n_replies && sc->kind != K_DUMP)
				run.st = ST_GARBLED;
			return;
		}
		if (ack)
			run.st = ST_GARBLED;
		else if (sc->kind == K_NOREPLY && run.n_replies)
			run.st = ST_GARBLED;
		else if (sc->kind == K_REPLY && run.n_replies != 1)
			run.st = run.n_replies ? ST_GARBLED : ST_NOANSWER;
		else if (sc->kind == K_DUMP && !dump_done)
			run.st = ST_NOANSWER;
	}
}

static const char *st_name(void)
{
	static char b[320];

	switch (run.st) {
	case ST_OK:
		return "success";
	case ST_FAIL:
		snprintf(b, sizeof(b), "%s%s%s%s", strerror(run.err),
			 run.send_err ? " (sendmsg)" : "", run.ext[0] ? ": " : "",
			 run.ext);
		return b;
	case ST_NOANSWER:
		return "no answer";
	case ST_GARBLED:
		return "a garbled answer";
	}
	return "?";
}

/* ------------------------------------------------------------------ */
/* the sweeps */

struct ref {
	struct snap s0, s1;
	struct evs ev;
	uint8_t reply[REPLY_MAX];
	size_t reply_len;
};

static struct ref ref;
static struct snap sx, s_tmp;

static void teardown(const struct scen *sc)
{
	int i;

	for (i = 0; i < sc->n_ids; i++)
		xact(req(ENBKEY_CMD_UE_DEL, sc->ids[i]), NULL, NULL, 0, 0, NULL, 0);
	events_drain(NULL);
}

static bool do_setup(const struct scen *sc, struct snap *s)
{
	setup_err[0] = 0;
	sc->setup();
	if (setup_err[0]) {
		unexpected("%s", setup_err);
		return false;
	}
	snapshot(sc, s);
	events_drain(NULL);
	return true;
}

static bool reply_eq(const struct ref *r)
{
	return run.reply_len == r->reply_len &&
	       !memcmp(run.reply, r->reply, run.reply_len);
}

/* the reference run: setup, S0, the command, S1 */
static bool reference(const struct scen *sc)
{
	char why[256];

	teardown(sc);
	if (!do_setup(sc, &ref.s0))
		return false;
	run_cmd(sc, ~0u, 0);
	if (run.st != ST_OK) {
		unexpected("the command without injection: %s", st_name());
		teardown(sc);
		return false;
	}
	if (sc->check && sc->check(run.reply + 8, run.reply_len - 8, why, sizeof(why))) {
		unexpected("the reference reply: %s", why);
		teardown(sc);
		return false;
	}
	memcpy(ref.reply, run.reply, run.reply_len);
	ref.reply_len = run.reply_len;
	snapshot(sc, &ref.s1);
	events_drain(&ref.ev);
	if (snap_eq(&ref.s0, &ref.s1) && sc->cmd != ENBKEY_CMD_UE_GET &&
	    sc->cmd != ENBKEY_CMD_SHORT_MAC && !sc->unseen_state)
		unexpected("the command without injection changed nothing");
	teardown(sc);
	return true;
}

/*
 * The same command again without injection, after a failure: it must do
 * what the reference run did, so that no hidden state (a key remembered as
 * spent, a COUNT) moved either.
 */
static void retry_full(const struct scen *sc)
{
	struct evs ev;

	run_cmd(sc, ~0u, 0);
	snapshot(sc, &s_tmp);
	events_drain(&ev);
	if (run.st != ST_OK) {
		state_change("sent again after the failure, the command fails: %s",
			     st_name());
		return;
	}
	if (!reply_eq(&ref)) {
		state_change("sent again after the failure, its reply differs from the reference run");
		print_records("reference", ref.reply, ref.reply_len);
		print_records("again", run.reply, run.reply_len);
	}
	if (!snap_eq(&s_tmp, &ref.s1)) {
		state_change("sent again after the failure, the state differs from the reference run");
		print_snaps("reference", &ref.s1, "again", &s_tmp);
	}
	if (ev.n != ref.ev.n || !events_subseq(&ev, &ref.ev)) {
		unexpected("sent again after the failure, its events differ from the reference run");
		print_events("reference", &ref.ev);
		print_events("again", &ev);
	}
}

/*
 * A batch that succeeded with some PDUs failed on their own. Those that
 * succeeded must be the reference's; the failed ones must be ENOMEM and
 * have left their bearers alone: sent again they complete the reference
 * run. Returns whether any PDU failed.
 */
static bool batch_partial(const struct scen *sc)
{
	const uint8_t *data[PDUS_MAX];
	uint16_t dlen[PDUS_MAX];
	uint32_t err[PDUS_MAX];
	unsigned int failed = 0;
	struct evs ev;
	int n, i;

	if (!sc->pdus || sc->n_pdus < 2)
		return false;
	n = pdcp_results(run.reply + 8, run.reply_len - 8, data, dlen, err, PDUS_MAX);
	if (n != sc->n_pdus) {
		unexpected("%d results for %d PDUs", n, sc->n_pdus);
		return true;
	}
	for (i = 0; i < n; i++) {
		if (err[i]) {
			if (err[i] != ENOMEM)
				unexpected("PDU %d failed with %s", i, strerror(err[i]));
			failed |= 1u << i;
		} else if (!data[i] || dlen[i] != sc->pdus[i].elen ||
			   memcmp(data[i], sc->pdus[i].expect, dlen[i])) {
			state_change("PDU %d succeeded with another result than in the reference run", i);
		}
	}
	if (!failed)
		return false;
	/* the failed PDUs again, on the state the partial batch left */
	run_cmd(sc, failed, 0);
	snapshot(sc, &s_tmp);
	events_drain(&ev);
	if (run.st != ST_OK) {
		state_change("the PDUs that failed (mask %#x), sent again: %s",
			     failed, st_name());
		return true;
	}
	n = pdcp_results(run.reply + 8, run.reply_len - 8, data, dlen, err, PDUS_MAX);
	for (i = 0; i < sc->n_pdus; i++) {
		int j = __builtin_popcount(failed & ((1u << i) - 1));

		if (!(failed & 1u << i))
			continue;
		if (j >= n || !data[j] || dlen[j] != sc->pdus[i].elen ||
		    memcmp(data[j], sc->pdus[i].expect, dlen[j]))
			state_change("PDU %d, failed in the batch, sent again: %s", i,
				     j < n && err[j] ? strerror(err[j]) :
				     "another result than in the reference run");
	}
	if (!snap_eq(&s_tmp, &ref.s1)) {
		state_change("after the failed PDUs were sent again, the state differs from the reference run");
		print_snaps("reference", &ref.s1, "now", &s_tmp);
	}
	return true;
}

struct count {
	unsigned int injected, failed, tolerated, partial, points;
};

static void sweep(const struct scen *sc, int which, struct count *c)
{
	unsigned int n;
	struct snap s;
	struct evs ev;

	memset(c, 0, sizeof(*c));
	cur_sweep = which;
	knobs_sweep(which);
	for (n = 1; n <= max_n; n++) {
		cur_n = n;
		teardown(sc);
		if (!do_setup(sc, &s))
			break;
		if (!snap_eq(&s, &ref.s0)) {
			unexpected("the setup is not deterministic: the state before differs");
			print_snaps("reference", &ref.s0, "now", &s);
		}
		kmsg_scan(true);
		site[0] = 0;
		run_cmd(sc, ~0u, n);
		kmsg_scan(true);
		snapshot(sc, &sx);
		events_drain(&ev);

		if (run.remaining) {
			/* fewer than n points: nothing was injected */
			if (verbose)
				printf("failinj:   %s sweep %d N=%u: not reached (%u left): %s\n",
				       sc->name, which, n, run.remaining, st_name());
			if (run.st != ST_OK)
				unexpected("nothing injected, yet the command fails: %s", st_name());
			else if (!reply_eq(&ref))
				unexpected("nothing injected, yet the reply differs from the reference run");
			if (!snap_eq(&sx, &ref.s1)) {
				unexpected("nothing injected, yet the state differs from the reference run");
				print_snaps("reference", &ref.s1, "now", &sx);
			}
			c->points = n - 1;
			break;
		}
		c->injected++;
		if (stacks && !site[0])
			snprintf(site, sizeof(site), "(no stack: a __GFP_NOWARN allocation)");
		if (verbose)
			printf("failinj:   %s sweep %d N=%u: %s%s%s\n", sc->name, which, n,
			       st_name(), site[0] ? "; failed: " : "", site);
		switch (run.st) {
		case ST_FAIL:
			c->failed++;
			if (run.err != ENOMEM && run.err != ENOBUFS)
				unexpected("an allocation failure reported as %s%s",
					   st_name(), site[0] ? "" : " (--stacks names the allocation)");
			if (!snap_eq(&sx, &ref.s0)) {
				state_change("the command failed (%s) but the state changed%s",
					     st_name(), site[0] ? "" : " (--stacks names the allocation)");
				print_snaps("before", &ref.s0, "after", &sx);
				if (site[0])
					printf("failinj: #   the failed allocation: %s\n", site);
			}
			if (ev.n || ev.overrun) {
				unexpected("the command failed (%s) but an event was sent", st_name());
				print_events("after", &ev);
			}
			retry_full(sc);
			break;
		case ST_OK:
			if (batch_partial(sc)) {
				c->partial++;
				break;
			}
			c->tolerated++;
			if (!reply_eq(&ref)) {
				state_change("the command succeeded with another reply than in the reference run");
				print_records("reference", ref.reply, ref.reply_len);
				print_records("now", run.reply, run.reply_len);
			}
			if (!snap_eq(&sx, &ref.s1)) {
				state_change("the command succeeded but the state differs from the reference run");
				print_snaps("reference", &ref.s1, "now", &sx);
			}
			if (!events_subseq(&ev, &ref.ev)) {
				unexpected("the command succeeded with other events than in the reference run");
				print_events("reference", &ref.ev);
				print_events("now", &ev);
			}
			break;
		default:
			unexpected("the command answered with %s", st_name());
			if (!snap_eq(&sx, &ref.s0) && !snap_eq(&sx, &ref.s1))
				print_snaps("before", &ref.s0, "after", &sx);
			break;
		}
		kmsg_scan(true);
	}
	if (n > max_n)
		unexpected("still injecting at N=%u: the bound (--max) is reached", max_n);
	teardown(sc);
	cur_sweep = 0;
}

static void touch_stack(void)
{
	volatile char big[512 * 1024];
	size_t i;

	for (i = 0; i < sizeof(big); i += 4096)
		big[i] = 0;
}

static bool selected(const char *name)
{
	const char *p = only;
	size_t l = strlen(name);

	if (!only)
		return true;
	while (p && *p) {
		if (!strncmp(p, name, l) && (p[l] == ',' || !p[l]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

static void usage(void)
{
	fprintf(stderr, "usage: failinj [-v] [--stacks] [--only NAME,...] [--sweep 1|2] [--max N] [--no-netns] [--no-events] [--list]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned int total[3] = { 0 }, n_cmds = 0;
	struct timespec t0, t1;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v")) {
			verbose = true;
		} else if (!strcmp(argv[i], "--stacks")) {
			stacks = true;
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
		} else if (!strcmp(argv[i], "--sweep") && i + 1 < argc) {
			only_sweep = atoi(argv[++i]);
			if (only_sweep != 1 && only_sweep != 2)
				usage();
		} else if (!strcmp(argv[i], "--max") && i + 1 < argc) {
			max_n = strtoul(argv[++i], NULL, 0);
		} else if (!strcmp(argv[i], "--no-netns")) {
			use_netns = false;
		} else if (!strcmp(argv[i], "--no-events")) {
			use_events = false;
		} else if (!strcmp(argv[i], "--list")) {
			for (i = 0; i < N_SCENS; i++)
				printf("%s\n", scens[i].name);
			return 0;
		} else {
			usage();
		}
	}

	if (access(FAILSLAB, F_OK) || access(FAILPAGE, F_OK) ||
	    access(FAILNTH, F_OK)) {
		printf("failinj: no fault injection in this kernel (%s, %s or %s missing)\n",
		       FAILSLAB, FAILPAGE, FAILNTH);
		return 77;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	make_pdus();
	if (use_netns && unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET): %s", strerror(errno));
	ctl = nl_open();
	resolve_family();
	if (use_events) {
		evfd = nl_open();
		if (setsockopt(evfd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
			       &events_group, sizeof(events_group)))
			die("joining the events group: %s", strerror(errno));
	}
	failnth = open(FAILNTH, O_RDWR | O_CLOEXEC);
	if (failnth < 0)
		die("%s: %s", FAILNTH, strerror(errno));
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg >= 0)
		lseek(kmsg, 0, SEEK_END);

	knobs_save();
	atexit(knobs_restore);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (stacks)	/* the stacks go to the log, not to the console */
		write_file("/proc/sys/kernel/printk", "1");

	touch_stack();
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		die("mlockall: %s", strerror(errno));

	for (i = 0; i < N_SCENS; i++) {
		const struct scen *sc = &scens[i];
		struct count c[3] = { 0 };
		int w;

		if (!selected(sc->name))
			continue;
		cur_scen = sc;
		cur_name = sc->name;
		n_cmds++;
		kmsg_scan(true);
		if (!reference(sc))
			continue;
		for (w = 1; w <= 2; w++) {
			if (only_sweep && w != only_sweep)
				continue;
			sweep(sc, w, &c[w]);
			total[w] += c[w].injected;
		}
		printf("failinj: %-24s", sc->name);
		for (w = 1; w <= 2; w++) {
			printf(w == 1 ? " failslab %3u injected" : ", +fail_page_alloc %3u",
			       c[w].injected);
			printf(" (%u failed, %u tolerated", c[w].failed, c[w].tolerated);
			if (c[w].partial)
				printf(", %u partial batches", c[w].partial);
			printf(")");
		}
		printf("\n");
	}
	cur_name = "-";
	kmsg_scan(true);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("failinj: %u commands, %u injected failures (failslab %u, failslab+fail_page_alloc %u), "
	       "%u state changes, %u unexpected\n", n_cmds, total[1] + total[2], total[1],
	       total[2], n_state_changes, n_unexpected);
	printf("failinj: took %.0f s\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return n_state_changes || n_unexpected ? 1 : 0;
}
