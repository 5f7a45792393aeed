// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a structure-aware fuzzer of the generic netlink family "enbkey".
 *
 * Messages are built from the family's own policy, read with
 * CTRL_CMD_GETPOLICY (or, with -P or when that fails, from a table written
 * from the uapi header), and mutated: attribute types (0, above the
 * maximum, NLA_F_NESTED and NLA_F_NET_BYTEORDER), lengths (0, off by one,
 * huge, past the message), values at and beyond their range edges, nesting
 * depth and nested arrays, nlmsg flags, genetlink version and command
 * (unknown ones, ENBKEY_CMD_EVENT), several messages in one send,
 * truncated sends and garbage, wrong nlmsg_len, dumps cut off by closing the
 * socket, random sequence numbers. Valid command sequences are mixed in, so
 * that deep states are reached: keys installed and pending, algorithms
 * selected, PDCP batches, cells prepared, exported and committed.
 *
 * Roles, each a child process with several sockets: root (in the initial
 * network namespace and in a fresh one), an agent (uid 1000, groups 1000
 * and 2000: the guest loads enbkey with agent_gid=2000), an unprivileged
 * user (uid 1001) and the same user in a user and network namespace of its
 * own, where it has CAP_NET_ADMIN. Some sockets have NETLINK_CAP_ACK, some
 * NETLINK_EXT_ACK, some a small receive buffer; the unprivileged roles also
 * use a socket root opened for them.
 *
 * Every octet the kernel sends back (replies, ACKs with the echoed request,
 * dumps, events, and the kernel log) is scanned for any 8 consecutive
 * octets of a key the kernel holds: every KeNB and NH the fuzzer installs
 * (random, from getrandom()), the AS keys of each (TS 33.401 A.7, all
 * algorithm ids and types), KeNB* for the cells prepared (A.5, two steps
 * deep, and further along the chains it follows), S-KeNB (A.15); computed
 * with lteref.h, not with the module's code. The fuzzer sends a real key
 * only where the kernel promises to wipe it (README: "Sends that never
 * reach the module"): anywhere on a NETLINK_CAP_ACK socket, and otherwise
 * in a well-formed KEY_SET or as the first attribute of another well-formed
 * request; elsewhere it sends random octets in its place. HO_EXPORT and
 * S_KENB return their key XORed with the request's ENBKEY_A_KEY_MASK; only
 * the key attribute of a reply to an all-zero mask is exempt.
 *
 * The kernel log is watched after every send: the first report (WARNING,
 * BUG, KASAN, UBSAN...) a role causes is printed with the number of
 * messages it had sent and the send that preceded it, in hex.
 *
 * At the end every UE of the initial namespace is deleted.
 *
 * Usage: nlfuzz [-s SEED] [-n MESSAGES_PER_ROLE] [-r ROLE[,ROLE...]]... [-P]
 *               [-t SECONDS]
 *   ROLE is root, agent, nobody or userns (default: all four, at once).
 * Exit status 0 only with no key octets anywhere, no kernel report and no
 * unexpected failure; 1 otherwise; 2 when it could not run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/enbkey.h>

#include "lteref.h"

#define A_MAX ENBKEY_A_MAX

#define WINDOW		8	/* octets of a key that make a hit */
#define NUE		8	/* UE ids 1..NUE: commands collide */
#define NKENB		24	/* KeNBs in the pool */
#define NNH		8	/* NHs in the pool */
#define NBASE		(NKENB + NNH)
#define MAXSOCK		10
#define PEND_N		128	/* requests remembered per socket */
#define SPARES		48	/* sockets kept for reopening, per namespace */
#define MSG_MAX		60000	/* octets of one message, at most */
#define BATCH_MAX	(8 * 65536)
#define HBITS		19	/* the window table: 2^HBITS slots */
#define MAX_HITS_SHOWN	6

enum role { R_ROOT, R_AGENT, R_NOBODY, R_USERNS, NROLES };
static const char *const role_names[NROLES] = { "root", "agent", "nobody", "userns" };

/* ---------------------------------------------------------------- PRNG */

static uint64_t rs[4];

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rseed(uint64_t s)
{
	int i;

	for (i = 0; i < 4; i++)
		rs[i] = splitmix(&s);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static uint64_t rnd(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;

	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

static uint32_t rn(uint32_t n)
{
	return n ? (uint32_t)(((rnd() >> 32) * n) >> 32) : 0;
}

static bool chance(unsigned int pct)
{
	return rn(100) < pct;
}

static void rbytes(uint8_t *p, size_t n)
{
	while (n) {
		uint64_t v = rnd();
		size_t k = n < 8 ? n : 8;

		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}

/* ---------------------------------------------------- keys and windows */

struct key {
	uint8_t b[ENBKEY_KENB_LEN];
	uint8_t len;
	char name[72];
};

static uint8_t pool[NBASE][ENBKEY_KENB_LEN];	/* KeNB 0..NKENB-1, then NH */
static struct key *keys;
static size_t nkeys, capkeys, nwindows, dropped_keys;
static uint64_t *hw;	/* window, 0 for a free slot */
static uint32_t *hk;	/* its key */

/* Cells the valid sequences prepare; any two valid edge values are a pair here. */
static const struct { uint16_t pci; uint32_t earfcn; } cells[] = {
	{ 0, 0 }, { 0, 65535 }, { 0, 65536 }, { 0, ENBKEY_EARFCN_MAX },
	{ ENBKEY_PCI_MAX, 0 }, { ENBKEY_PCI_MAX, 65535 }, { ENBKEY_PCI_MAX, 65536 },
	{ ENBKEY_PCI_MAX, ENBKEY_EARFCN_MAX }, { 1, 300 }, { 17, 561 },
};
#define NCELLS (sizeof(cells) / sizeof(cells[0]))

static inline uint32_t hslot(uint64_t w)
{
	return (uint32_t)((w * 0x9e3779b97f4a7c15ULL) >> (64 - HBITS));
}

static int hfind(uint64_t w)
{
	uint32_t i = hslot(w), mask = (1u << HBITS) - 1;

	while (hw[i]) {
		if (hw[i] == w)
			return hk[i];
		i = (i + 1) & mask;
	}
	return -1;
}

static void hinit(void)
{
	hw = calloc(1u << HBITS, sizeof(*hw));
	hk = calloc(1u << HBITS, sizeof(*hk));
	if (!hw || !hk) {
		fprintf(stderr, "nlfuzz: out of memory\n");
		exit(2);
	}
}

static bool key_known(const uint8_t *b, size_t len)
{
	uint64_t w;
	int k;

	memcpy(&w, b, 8);
	k = hfind(w);
	return k >= 0 && keys[k].len == len && !memcmp(keys[k].b, b, len);
}

/* Watches every WINDOW octets of @b from now on. */
static void add_key(const uint8_t *b, size_t len, const char *fmt, ...)
{
	uint32_t mask = (1u << HBITS) - 1;
	struct key *k;
	va_list ap;
	size_t off;

	if (key_known(b, len))
		return;
	if (nwindows + len > (size_t)(0.7 * (1u << HBITS))) {
		dropped_keys++;
		return;
	}
	if (nkeys == capkeys) {
		capkeys = capkeys ? 2 * capkeys : 4096;
		keys = realloc(keys, capkeys * sizeof(*keys));
		if (!keys) {
			fprintf(stderr, "nlfuzz: out of memory\n");
			exit(2);
		}
	}
	k = &keys[nkeys];
	memcpy(k->b, b, len);
	k->len = len;
	va_start(ap, fmt);
	vsnprintf(k->name, sizeof(k->name), fmt, ap);
	va_end(ap);
	for (off = 0; off + WINDOW <= len; off++) {
		uint64_t w;
		uint32_t i;

		memcpy(&w, b + off, 8);
		if (!w)
			continue;
		for (i = hslot(w); hw[i] && hw[i] != w; i = (i + 1) & mask)
			;
		if (!hw[i]) {
			hw[i] = w;
			hk[i] = nkeys;
			nwindows++;
		}
	}
	nkeys++;
}

static void add_as_keys(const uint8_t k[32], const char *name)
{
	static const char *const tn[] = { "KRRCenc", "KRRCint", "KUPenc", "KUPint" };
	uint8_t out[16];
	int type, alg;

	for (type = 3; type <= 6; type++)
		for (alg = 0; alg <= ENBKEY_ALG_MAX; alg++) {
			lteref_alg_key(k, type, alg, out);
			add_key(out, 16, "%s/%d of %s", tn[type - 3], alg, name);
		}
}

static void add_s_kenbs(const uint8_t k[32], const char *name, unsigned int n)
{
	uint8_t out[32];
	unsigned int c;

	for (c = 0; c < n; c++) {
		lteref_s_kenb(k, c, out);
		add_key(out, 32, "S-KeNB(%s,%u)", name, c);
	}
}

static void base_name(int i, char *buf, size_t len)
{
	if (i < NKENB)
		snprintf(buf, len, "KeNB%d", i);
	else
		snprintf(buf, len, "NH%d", i - NKENB);
}

/* The keys of the pool and what the kernel derives from them, two steps deep. */
static void precompute(void)
{
	char name[40], n1[72];
	uint8_t ks[32], ks2[32];
	size_t i, c, c2;

	if (getrandom(pool, sizeof(pool), 0) != sizeof(pool)) {
		perror("nlfuzz: getrandom");
		exit(2);
	}
	hinit();
	for (i = 0; i < NBASE; i++) {
		base_name(i, name, sizeof(name));
		add_key(pool[i], 32, "%s", name);
		add_as_keys(pool[i], name);
		add_s_kenbs(pool[i], name, 4);
		for (c = 0; c < NCELLS; c++) {
			lteref_kenb_star(pool[i], cells[c].pci, cells[c].earfcn, ks);
			snprintf(n1, sizeof(n1), "KeNB*(%s,%u/%u)", name,
				 cells[c].pci, cells[c].earfcn);
			add_key(ks, 32, "%s", n1);
			add_as_keys(ks, n1);
			add_s_kenbs(ks, n1, 4);
			for (c2 = 0; c2 < NCELLS; c2++) {
				lteref_kenb_star(ks, cells[c2].pci, cells[c2].earfcn, ks2);
				add_key(ks2, 32, "KeNB*(%s,%u/%u)", n1, cells[c2].pci,
					cells[c2].earfcn);
			}
		}
	}
}

/* A cell the pool lacks, prepared by a fuzzed request: KeNB* of the pool keys. */
static void learn_cell(uint16_t pci, uint32_t earfcn)
{
	static unsigned int learned;
	uint8_t ks[32];
	char name[40];
	size_t i;

	for (i = 0; i < NCELLS; i++)
		if (cells[i].pci == pci && cells[i].earfcn == earfcn)
			return;
	if (++learned > 64)
		return;
	for (i = 0; i < NBASE; i++) {
		base_name(i, name, sizeof(name));
		lteref_kenb_star(pool[i], pci, earfcn, ks);
		add_key(ks, 32, "KeNB*(%s,%u/%u)", name, pci, earfcn);
	}
}

struct range {
	size_t lo, hi;
};

/* The key whose window is in @p[0..n), outside the ranges @ex; -1 for none. */
static int scan(const uint8_t *p, size_t n, const struct range *ex, int nex,
		size_t *at)
{
	size_t i;
	int j, k;

	for (i = 0; i + WINDOW <= n; i++) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		if (!w)
			continue;
		k = hfind(w);
		if (k < 0)
			continue;
		for (j = 0; j < nex; j++)
			if (i + WINDOW > ex[j].lo && i < ex[j].hi)
				break;
		if (j < nex)
			continue;
		*at = i;
		return k;
	}
	return -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A key in @text, raw or as hex of either nibble alignment; -1 for none. */
static int scan_text(const char *text, size_t len)
{
	uint8_t bytes[512];
	size_t i = 0, at;
	int k;

	k = scan((const uint8_t *)text, len, NULL, 0, &at);
	if (k >= 0)
		return k;
	while (i < len) {
		size_t j = i, n, par;

		while (j < len && hexval(text[j]) >= 0)
			j++;
		for (par = 0; par < 2 && j - i >= 2 * WINDOW + par; par++) {
			for (n = 0; i + par + 2 * n + 1 < j && n < sizeof(bytes); n++)
				bytes[n] = hexval(text[i + par + 2 * n]) << 4 |
					   hexval(text[i + par + 2 * n + 1]);
			k = scan(bytes, n, NULL, 0, &at);
			if (k >= 0)
				return k;
		}
		i = j + 1;
	}
	return -1;
}

/* ------------------------------------------------------------ policies */

struct pattr {
	uint16_t type;
	uint8_t nl;		/* NL_ATTR_TYPE_* */
	bool range, has_mask;
	uint64_t min, max, mask;
	uint32_t min_len, max_len;
	int sub;		/* the nested policy, an index of pols[], or -1 */
	uint32_t sub_k;		/* the kernel's index of it, while parsing */
	bool has_sub;
};

struct policy {
	int n, level;		/* level 1: a PDU of ENBKEY_A_PDUS */
	uint32_t kidx;
	bool from_kernel;
	struct pattr a[64];
};

static struct policy pols[32];
static int npols;

/* Commands: those the kernel lists (GETFAMILY), and those messages are built for. */
static struct {
	bool kernel, gen;
	uint32_t flags;
	int pol;
	bool dump;
} ops[256];
static uint8_t gcmds[64];
static int ngcmds;
static uint16_t family;
static uint32_t mcgrp;
static int maxtype = A_MAX;
static bool fallback_only;
static char policy_note[160];

#define PU(t, nlt, lo, hi) { .type = (t), .nl = (nlt), .range = true, .min = (lo), .max = (hi), .sub = -1 }
#define P8(t, lo, hi) PU(t, NL_ATTR_TYPE_U8, lo, hi)
#define P16(t, lo, hi) PU(t, NL_ATTR_TYPE_U16, lo, hi)
#define P32(t, lo, hi) PU(t, NL_ATTR_TYPE_U32, lo, hi)
#define PBIN(t, lo, hi) { .type = (t), .nl = NL_ATTR_TYPE_BINARY, .min_len = (lo), .max_len = (hi), .sub = -1 }
#define PUE P32(ENBKEY_A_UE_ID, 0, UINT32_MAX)
#define PKEY(t) PBIN(t, ENBKEY_KENB_LEN, ENBKEY_KENB_LEN)
#define PCELL P16(ENBKEY_A_PCI, 0, ENBKEY_PCI_MAX), P32(ENBKEY_A_EARFCN_DL, 0, ENBKEY_EARFCN_MAX)
#define PMASK PBIN(ENBKEY_A_KEY_MASK, ENBKEY_KENB_LEN, ENBKEY_KENB_LEN)

/* The requests of the uapi header, attribute by attribute. */
static const struct pattr fb_pdu[] = {
	P8(ENBKEY_PDU_A_RB_TYPE, 0, ENBKEY_RB_DRB),
	P8(ENBKEY_PDU_A_RB_ID, 1, ENBKEY_DRB_MAX),
	P8(ENBKEY_PDU_A_DIR, 0, ENBKEY_DIR_DL),
	P32(ENBKEY_PDU_A_COUNT, 0, UINT32_MAX),
	PBIN(ENBKEY_PDU_A_HDR, 0, ENBKEY_PDU_HDR_MAX),
	PBIN(ENBKEY_PDU_A_DATA, 0, ENBKEY_PDU_DATA_MAX),
	{ .type = ENBKEY_PDU_A_FLAGS, .nl = NL_ATTR_TYPE_U32, .has_mask = true,
	  .mask = __ENBKEY_PDU_F_ALL, .sub = -1 },
};
static const struct pattr fb_key_set[] = {
	PUE, PKEY(ENBKEY_A_KENB), PKEY(ENBKEY_A_NH), P8(ENBKEY_A_NCC, 0, ENBKEY_NCC_MAX),
};
static const struct pattr fb_ue_new[] = { PUE, P8(ENBKEY_A_EMERGENCY, 0, 1) };
static const struct pattr fb_ue[] = { PUE };
static const struct pattr fb_ue_get[] = { PUE, P8(ENBKEY_A_SHOW_BEARERS, 0, 1) };
static const struct pattr fb_sec_set[] = {
	PUE, P8(ENBKEY_A_EEA, 0, ENBKEY_ALG_MAX), P8(ENBKEY_A_EIA, 0, ENBKEY_ALG_MAX),
	P8(ENBKEY_A_UP_INTEGRITY, 0, 1),
};
static const struct pattr fb_pdcp[] = {
	PUE, P8(ENBKEY_A_NEXT, 0, 1), PCELL,
	{ .type = ENBKEY_A_PDUS, .nl = NL_ATTR_TYPE_NESTED_ARRAY, .sub = 0,
	  .has_sub = true },	/* sub: fb_pdu, added first */
};
static const struct pattr fb_ho_prepare[] = {
	PUE, PCELL, P8(ENBKEY_A_EEA, 0, ENBKEY_ALG_MAX), P8(ENBKEY_A_EIA, 0, ENBKEY_ALG_MAX),
};
static const struct pattr fb_ho_commit[] = { PUE, PCELL };
static const struct pattr fb_ho_export[] = { PUE, PCELL, PMASK };
static const struct pattr fb_s_kenb[] = { PUE, PMASK };
static const struct pattr fb_short_mac[] = {
	PUE, P32(ENBKEY_A_CELL_ID, 0, ENBKEY_CELL_ID_MAX),
	P16(ENBKEY_A_PCI, 0, ENBKEY_PCI_MAX), P32(ENBKEY_A_CRNTI, 0, ENBKEY_CRNTI_MAX),
};

static const struct {
	uint8_t cmd;
	const struct pattr *a;
	int n;
	bool dump;
} fb_cmds[] = {
#define FB(c, t, d) { c, t, sizeof(t) / sizeof(t[0]), d }
	FB(ENBKEY_CMD_KEY_SET, fb_key_set, false),
	FB(ENBKEY_CMD_UE_NEW, fb_ue_new, false),
	FB(ENBKEY_CMD_UE_DEL, fb_ue, false),
	FB(ENBKEY_CMD_UE_GET, fb_ue_get, true),
	FB(ENBKEY_CMD_SEC_SET, fb_sec_set, false),
	FB(ENBKEY_CMD_PDCP_PROTECT, fb_pdcp, false),
	FB(ENBKEY_CMD_PDCP_UNPROTECT, fb_pdcp, false),
	FB(ENBKEY_CMD_HO_PREPARE, fb_ho_prepare, false),
	FB(ENBKEY_CMD_HO_COMMIT, fb_ho_commit, false),
	FB(ENBKEY_CMD_HO_EXPORT, fb_ho_export, false),
	FB(ENBKEY_CMD_S_KENB, fb_s_kenb, false),
	FB(ENBKEY_CMD_HO_CANCEL, fb_ue, false),
	FB(ENBKEY_CMD_SHORT_MAC, fb_short_mac, false),
#undef FB
};
#define NFB (sizeof(fb_cmds) / sizeof(fb_cmds[0]))
static int fb_pol[256];

static int add_policy(const struct pattr *a, int n, int level)
{
	struct policy *p = &pols[npols];

	memset(p, 0, sizeof(*p));
	memcpy(p->a, a, n * sizeof(*a));
	p->n = n;
	p->level = level;
	return npols++;
}

static void fallback_init(void)
{
	size_t i;

	memset(fb_pol, -1, sizeof(fb_pol));
	add_policy(fb_pdu, sizeof(fb_pdu) / sizeof(fb_pdu[0]), 1);	/* index 0 */
	for (i = 0; i < NFB; i++)
		fb_pol[fb_cmds[i].cmd] = add_policy(fb_cmds[i].a, fb_cmds[i].n, 0);
}

/* ------------------------------------------------- the control family */

static struct policy *policy_by_kidx(uint32_t kidx)
{
	int i;

	for (i = 0; i < npols; i++)
		if (pols[i].from_kernel && pols[i].kidx == kidx)
			return &pols[i];
	if (npols == (int)(sizeof(pols) / sizeof(pols[0])))
		return NULL;
	memset(&pols[npols], 0, sizeof(pols[0]));
	pols[npols].from_kernel = true;
	pols[npols].kidx = kidx;
	return &pols[npols++];
}

static int ctrl_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *a, *b, *c, *f;

	(void)data;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			family = mnl_attr_get_u16(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_for_each_nested(b, a) {
				const char *name = NULL;
				uint32_t id = 0;

				mnl_attr_for_each_nested(c, b) {
					if (mnl_attr_get_type(c) == CTRL_ATTR_MCAST_GRP_ID)
						id = mnl_attr_get_u32(c);
					if (mnl_attr_get_type(c) == CTRL_ATTR_MCAST_GRP_NAME)
						name = mnl_attr_get_str(c);
				}
				if (name && !strcmp(name, ENBKEY_MCGRP_EVENTS))
					mcgrp = id;
			}
			break;
		case CTRL_ATTR_OPS:
			mnl_attr_for_each_nested(b, a) {
				uint32_t id = 256, flags = 0;

				mnl_attr_for_each_nested(c, b) {
					if (mnl_attr_get_type(c) == CTRL_ATTR_OP_ID)
						id = mnl_attr_get_u32(c);
					if (mnl_attr_get_type(c) == CTRL_ATTR_OP_FLAGS)
						flags = mnl_attr_get_u32(c);
				}
				if (id < 256) {
					ops[id].kernel = true;
					ops[id].flags = flags;
					ops[id].dump = flags & GENL_CMD_CAP_DUMP;
				}
			}
			break;
		case CTRL_ATTR_OP_POLICY:
			mnl_attr_for_each_nested(b, a) {
				unsigned int cmd = mnl_attr_get_type(b);

				if (cmd >= 256)
					continue;
				mnl_attr_for_each_nested(c, b) {
					struct policy *p;

					if (mnl_attr_get_type(c) != CTRL_ATTR_POLICY_DO &&
					    mnl_attr_get_type(c) != CTRL_ATTR_POLICY_DUMP)
						continue;
					p = policy_by_kidx(mnl_attr_get_u32(c));
					if (p)
						ops[cmd].pol = p - pols;
					if (mnl_attr_get_type(c) == CTRL_ATTR_POLICY_DUMP)
						ops[cmd].dump = true;
				}
			}
			break;
		case CTRL_ATTR_POLICY:
			mnl_attr_for_each_nested(b, a) {
				struct policy *p = policy_by_kidx(mnl_attr_get_type(b));

				if (!p)
					continue;
				mnl_attr_for_each_nested(c, b) {
					struct pattr *pa;

					if (p->n == (int)(sizeof(p->a) / sizeof(p->a[0])))
						break;
					pa = &p->a[p->n++];
					memset(pa, 0, sizeof(*pa));
					pa->type = mnl_attr_get_type(c);
					pa->sub = -1;
					if (pa->type > maxtype && !p->level)
						maxtype = pa->type;
					mnl_attr_for_each_nested(f, c) {
						switch (mnl_attr_get_type(f)) {
						case NL_POLICY_TYPE_ATTR_TYPE:
							pa->nl = mnl_attr_get_u32(f);
							break;
						case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
						case NL_POLICY_TYPE_ATTR_MIN_VALUE_S:
							pa->min = mnl_attr_get_u64(f);
							pa->range = true;
							break;
						case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
						case NL_POLICY_TYPE_ATTR_MAX_VALUE_S:
							pa->max = mnl_attr_get_u64(f);
							pa->range = true;
							break;
						case NL_POLICY_TYPE_ATTR_MIN_LENGTH:
							pa->min_len = mnl_attr_get_u32(f);
							break;
						case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
							pa->max_len = mnl_attr_get_u32(f);
							break;
						case NL_POLICY_TYPE_ATTR_POLICY_IDX:
							pa->sub_k = mnl_attr_get_u32(f);
							pa->has_sub = true;
							break;
						case NL_POLICY_TYPE_ATTR_MASK:
							pa->mask = mnl_attr_get_u64(f);
							pa->has_mask = true;
							break;
						}
					}
				}
			}
			break;
		}
	}
	return MNL_CB_OK;
}

/* One request of the control family, its answer parsed by ctrl_cb(). */
static int ctrl_request(struct mnl_socket *nl, uint8_t cmd, uint16_t flags)
{
	static unsigned int seq = 1000;
	uint8_t buf[1024];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;
	static uint8_t rx[1 << 16];
	int ret;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ENBKEY_GENL_NAME);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ssize_t n = mnl_socket_recvfrom(nl, rx, sizeof(rx));

		if (n < 0)
			return -errno;
		ret = mnl_cb_run(rx, n, seq, mnl_socket_get_portid(nl), ctrl_cb, NULL);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

/*
 * The family id, its events group and its commands; then the policies,
 * from the kernel unless -P, and the commands messages are built for.
 */
static void resolve(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_GENERIC);
	int i, err, kpols = 0;

	fallback_init();
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("nlfuzz: netlink socket");
		exit(2);
	}
	err = ctrl_request(nl, CTRL_CMD_GETFAMILY, 0);
	if (err || !family) {
		fprintf(stderr, "nlfuzz: family %s not found (%s)\n", ENBKEY_GENL_NAME,
			strerror(-err));
		exit(2);
	}
	for (i = 0; i < 256; i++)
		ops[i].pol = -1;
	if (!fallback_only) {
		int first = npols;

		err = ctrl_request(nl, CTRL_CMD_GETPOLICY, NLM_F_DUMP);
		kpols = npols - first;
		if (err || !kpols) {
			snprintf(policy_note, sizeof(policy_note),
				 "GETPOLICY failed (%s): the uapi header's table",
				 strerror(err ? -err : ENODATA));
			fallback_only = true;
			npols = first;
			for (i = 0; i < 256; i++)
				ops[i].pol = -1;
		}
	}
	mnl_socket_close(nl);
	if (fallback_only) {
		size_t j;

		if (!policy_note[0])
			snprintf(policy_note, sizeof(policy_note), "-P: the uapi header's table");
		for (j = 0; j < NFB; j++) {
			ops[fb_cmds[j].cmd].gen = true;
			ops[fb_cmds[j].cmd].pol = fb_pol[fb_cmds[j].cmd];
			ops[fb_cmds[j].cmd].dump = fb_cmds[j].dump;
		}
	} else {
		/* nested policies by their kernel index; PDU level below ENBKEY_A_PDUS */
		for (i = 0; i < npols; i++) {
			int j, k;

			if (!pols[i].from_kernel)
				continue;
			for (j = 0; j < pols[i].n; j++) {
				struct pattr *pa = &pols[i].a[j];

				if (!pa->has_sub)
					continue;
				for (k = 0; k < npols; k++)
					if (pols[k].from_kernel && pols[k].kidx == pa->sub_k)
						pa->sub = k;
				if (pa->sub >= 0 && pa->type == ENBKEY_A_PDUS && !pols[i].level)
					pols[pa->sub].level = 1;
			}
		}
		for (i = 0; i < 256; i++) {
			if (!ops[i].kernel)
				continue;
			ops[i].gen = true;
			/* KEY_SET: below resv_start_op, no policy in the dump */
			if (ops[i].pol < 0)
				ops[i].pol = fb_pol[i];
		}
		snprintf(policy_note, sizeof(policy_note),
			 "GETPOLICY: %d policies of the kernel", kpols);
	}
	for (i = 0; i < 256 && ngcmds < (int)sizeof(gcmds); i++)
		if (ops[i].gen)
			gcmds[ngcmds++] = i;
}

/* ------------------------------------------------------------ the roles */

struct stats {
	uint64_t msgs, valid, ctrl, sends, replies, acks, errs, events, cut,
		 enobufs, hits, reports, report_msg, unexpected, rx_bytes;
	uint64_t ok_by_cmd[32], err_by[136];
	double secs;
	bool done;
	char note[4][200];
	int nnotes;
};

struct pend {
	uint32_t seq;
	uint8_t cmd, act, netns, ncc;
	int8_t ue, key, cell;
	bool zero_mask, has_cell, has_algs, emergency, upint, done, dump, fam, ctrl;
	bool real;	/* a well-formed request of the family: the kernel handles it */
	uint8_t eea, eia;
	uint16_t pci;
	uint32_t earfcn;
};

struct fsock {
	int fd;
	uint8_t netns;		/* 0: the initial namespace, 1: the role's own */
	bool cap_ack, ext_ack, small_rcv, by_root;
	uint32_t seq;
	struct pend pend[PEND_N];
	unsigned int npend;
};

struct bcell {
	uint16_t pci;
	uint32_t earfcn;
	bool exported, key_known, algs, vertical;
	uint8_t eea, eia;
	uint8_t key[32];
};

/* What a role believes of a UE of the pool, to choose valid next commands. */
struct ue_b {
	bool exists, emergency, keyed, algs, upint, nh, kenb_pending, need_get;
	bool cur_known, nh_known, pend_known, ks_valid;
	uint8_t eea, eia;
	uint8_t cur[32], nhk[32], pendk[32];
	struct lteref_keys ks;
	int ncells;
	struct bcell cells[ENBKEY_CELLS_MAX];
	uint32_t dl, ul, ul_next;
};

static int role;
static struct stats *st;
static struct fsock socks[MAXSOCK];
static int nsocks;
static int evfd[2] = { -1, -1 };
static int nsfd[2] = { -1, -1 };
static int spares[2][SPARES], nspares[2];
static int cur_ns;
static int kmsg = -1;
static bool report_seen;
static struct ue_b bel[2][NUE];
static uint8_t batch[BATCH_MAX], last_batch[BATCH_MAX];
static size_t last_len;
static uint8_t rx[1 << 18];
static uint64_t per_role = 50000;
static double time_limit;
static uint32_t portid_hint;

static void note(const char *fmt, ...)
{
	va_list ap;
	char buf[200];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("nlfuzz: %s: %s\n", role_names[role], buf);
	fflush(stdout);
	if (st->nnotes < 4)
		snprintf(st->note[st->nnotes++], sizeof(st->note[0]), "%s", buf);
}

static void unexpected(const char *fmt, ...)
{
	va_list ap;
	char buf[200];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	st->unexpected++;
	if (st->unexpected <= 5)
		note("unexpected: %s", buf);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int raw_socket(void)
{
	return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
}

/* A socket in namespace @ns: root moves there, others use a spare. */
static int ns_socket(int ns)
{
	int fd;

	if (ns == cur_ns)
		return raw_socket();
	if (nsfd[ns] >= 0 && nsfd[cur_ns] >= 0) {
		if (setns(nsfd[ns], CLONE_NEWNET))
			return -1;
		fd = raw_socket();
		if (setns(nsfd[cur_ns], CLONE_NEWNET)) {
			unexpected("setns back: %s", strerror(errno));
			exit(1);
		}
		return fd;
	}
	if (nspares[ns])
		return spares[ns][--nspares[ns]];
	return -1;
}

static bool can_reopen(const struct fsock *s)
{
	return !s->by_root && (s->netns == cur_ns || nsfd[s->netns] >= 0 || nspares[s->netns]);
}

static void sock_setup(struct fsock *s, int fd)
{
	int one = 1, small = 2048;

	s->fd = fd;
	s->npend = 0;
	if (s->cap_ack)
		setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (s->ext_ack)
		setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (s->small_rcv)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
}

static void add_sock(int ns, bool cap_ack, bool ext_ack, bool small_rcv, bool by_root)
{
	struct fsock *s = &socks[nsocks];
	int fd = ns_socket(ns);

	if (fd < 0) {
		unexpected("socket: %s", strerror(errno));
		return;
	}
	memset(s, 0, sizeof(*s));
	s->netns = ns;
	s->cap_ack = cap_ack;
	s->ext_ack = ext_ack;
	s->small_rcv = small_rcv;
	s->by_root = by_root;
	s->seq = rnd();
	sock_setup(s, fd);
	nsocks++;
}

/* Joins the events group: @expect_ok for CAP_NET_ADMIN over the namespace. */
static int event_socket(bool expect_ok)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = raw_socket(), grp = mcgrp, big = 1 << 20;

	/* bound: an unbound socket has port id 0, which kernel multicasts exclude */
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		unexpected("event socket: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp))) {
		if (expect_ok || errno != EPERM)
			unexpected("joining the events group: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!expect_ok) {
		unexpected("joined the events group without CAP_NET_ADMIN");
		close(fd);
		return -1;
	}
	return fd;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

static int drop_privs(uid_t uid, gid_t gid, const gid_t *groups, size_t n)
{
	if (setgroups(n, groups) || setresgid(gid, gid, gid) || setresuid(uid, uid, uid))
		return -1;
	/* for /proc/self/uid_map after unshare, and core dumps */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	return 0;
}

/* Sockets and credentials of each role; false if the role cannot run. */
static bool setup_role(void)
{
	static const gid_t agent_groups[] = { 2000 };
	int i;

	cur_ns = 0;
	switch (role) {
	case R_ROOT:
		nsfd[0] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		add_sock(0, false, false, false, false);
		add_sock(0, true, true, false, false);
		add_sock(0, false, true, false, false);
		add_sock(0, true, false, true, false);
		add_sock(0, false, true, true, false);
		evfd[0] = event_socket(true);
		if (unshare(CLONE_NEWNET)) {
			unexpected("unshare(CLONE_NEWNET): %s", strerror(errno));
			return true;
		}
		cur_ns = 1;
		nsfd[1] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		add_sock(1, false, true, false, false);
		add_sock(1, true, true, false, false);
		add_sock(1, false, false, false, false);
		evfd[1] = event_socket(true);
		break;
	case R_AGENT:
	case R_NOBODY:
		add_sock(0, false, true, false, true);	/* opened by root */
		if (role == R_AGENT ? drop_privs(1000, 1000, agent_groups, 1) :
				      drop_privs(1001, 1001, NULL, 0)) {
			unexpected("dropping privileges: %s", strerror(errno));
			return false;
		}
		add_sock(0, false, false, false, false);
		add_sock(0, true, true, false, false);
		add_sock(0, false, true, false, false);
		add_sock(0, true, false, true, false);
		event_socket(false);
		break;
	case R_USERNS:
		add_sock(0, false, true, false, true);
		if (drop_privs(1001, 1001, NULL, 0)) {
			unexpected("dropping privileges: %s", strerror(errno));
			return false;
		}
		add_sock(0, false, true, false, false);
		add_sock(0, true, false, false, false);
		event_socket(false);
		for (i = 0; i < SPARES; i++) {
			int fd = raw_socket();

			if (fd >= 0)
				spares[0][nspares[0]++] = fd;
		}
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET)) {
			unexpected("unshare(CLONE_NEWUSER | CLONE_NEWNET): %s", strerror(errno));
			return nsocks > 0;
		}
		if (write_file("/proc/self/setgroups", "deny") ||
		    write_file("/proc/self/uid_map", "0 1001 1") ||
		    write_file("/proc/self/gid_map", "0 1001 1"))
			unexpected("user namespace maps: %s", strerror(errno));
		cur_ns = 1;
		add_sock(1, false, false, false, false);
		add_sock(1, true, true, false, false);
		add_sock(1, false, true, false, false);
		add_sock(1, false, true, true, false);
		evfd[1] = event_socket(true);
		break;
	}
	return nsocks > 0;
}

/* ------------------------------------------------------ message builder */

struct slot {
	size_t off;		/* of the attribute, in the batch */
	size_t len;		/* of its payload */
	bool first, clean;
};

struct msginfo {
	size_t off, len;	/* in the batch; len as built */
	uint32_t nlmsg_len;	/* as written in the header */
	uint16_t type, flags;
	uint8_t cmd;
	bool genl_ok, reserved0, ctrl;
	int nattrs;		/* top-level attributes so far */
	int nslots;
	struct slot slots[8];
	struct pend p;
};

static size_t blen;

static void *bput(size_t n)
{
	void *p = batch + blen;

	if (blen + NLA_ALIGN(n) > sizeof(batch) - 64) {
		fprintf(stderr, "nlfuzz: batch overflow\n");
		exit(2);
	}
	memset(p, 0, NLA_ALIGN(n));
	blen += NLA_ALIGN(n);
	return p;
}

static size_t attr_put(uint16_t type, const void *data, size_t len)
{
	size_t off = blen;
	struct nlattr *a = bput(NLA_HDRLEN + len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (data && len)
		memcpy((uint8_t *)a + NLA_HDRLEN, data, len);
	return off;
}

static size_t nest_start(uint16_t type)
{
	return attr_put(type, NULL, 0);
}

static void nest_end(size_t off)
{
	struct nlattr *a = (struct nlattr *)(batch + off);
	size_t len = blen - off;

	a->nla_len = len > 0xffff ? 0xffff : len;
}

static void msg_begin(struct msginfo *mi, uint16_t type, uint16_t flags, uint32_t seq,
		      uint8_t cmd, uint8_t version, uint16_t reserved)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(mi, 0, sizeof(*mi));
	mi->off = blen;
	nlh = bput(NLMSG_HDRLEN);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = chance(97) ? 0 : portid_hint + rn(3);
	g = bput(GENL_HDRLEN);
	g->cmd = cmd;
	g->version = version;
	g->reserved = reserved;
	mi->type = type;
	mi->flags = flags;
	mi->cmd = cmd;
	mi->genl_ok = true;
	mi->reserved0 = !reserved;
	mi->p.seq = seq;
	mi->p.cmd = cmd;
	mi->p.fam = type == family;
	mi->p.ue = -1;
	mi->p.key = -1;
	mi->p.cell = -1;
}

static void msg_end(struct msginfo *mi)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(batch + mi->off);

	mi->len = blen - mi->off;
	mi->nlmsg_len = mi->len;
	nlh->nlmsg_len = mi->len;
}

/* A key attribute at the top level: kept or replaced by send_batch(). */
static void put_key_attr(struct msginfo *mi, uint16_t type, const uint8_t *key, size_t len,
			 bool clean)
{
	size_t off;

	off = attr_put(type, key, len);
	if (mi->nslots < 8) {
		struct slot *sl = &mi->slots[mi->nslots++];

		sl->off = off;
		sl->len = len;
		sl->first = !mi->nattrs;
		sl->clean = clean;
	}
	mi->nattrs++;
}

static void put_u8(struct msginfo *mi, uint16_t type, uint8_t v)
{
	attr_put(type, &v, 1);
	mi->nattrs++;
}

static void put_u16(struct msginfo *mi, uint16_t type, uint16_t v)
{
	attr_put(type, &v, 2);
	mi->nattrs++;
}

static void put_u32(struct msginfo *mi, uint16_t type, uint32_t v)
{
	attr_put(type, &v, 4);
	mi->nattrs++;
}

/* ---------------------------------------------------------- fuzzed messages */

enum sem {
	S_NONE, S_UE, S_KEY, S_MASK, S_NCC, S_ALG, S_BOOL, S_PCI, S_EARFCN,
	S_CELLID, S_CRNTI, S_PDUS, S_RBTYPE, S_RBID, S_DIR, S_COUNT, S_HDR,
	S_DATA, S_FLAGS,
};

static enum sem sem_of(int level, uint16_t type)
{
	if (level == 1) {
		switch (type) {
		case ENBKEY_PDU_A_RB_TYPE: return S_RBTYPE;
		case ENBKEY_PDU_A_RB_ID: return S_RBID;
		case ENBKEY_PDU_A_DIR: return S_DIR;
		case ENBKEY_PDU_A_COUNT: return S_COUNT;
		case ENBKEY_PDU_A_HDR: return S_HDR;
		case ENBKEY_PDU_A_DATA: return S_DATA;
		case ENBKEY_PDU_A_FLAGS: return S_FLAGS;
		}
		return S_NONE;
	}
	if (level)
		return S_NONE;
	switch (type) {
	case ENBKEY_A_UE_ID: return S_UE;
	case ENBKEY_A_KENB: case ENBKEY_A_NH: case ENBKEY_A_KENB_STAR:
	case ENBKEY_A_S_KENB: return S_KEY;
	case ENBKEY_A_KEY_MASK: return S_MASK;
	case ENBKEY_A_NCC: return S_NCC;
	case ENBKEY_A_EEA: case ENBKEY_A_EIA: return S_ALG;
	case ENBKEY_A_UP_INTEGRITY: case ENBKEY_A_EMERGENCY: case ENBKEY_A_NEXT:
	case ENBKEY_A_SHOW_BEARERS: return S_BOOL;
	case ENBKEY_A_PCI: return S_PCI;
	case ENBKEY_A_EARFCN_DL: return S_EARFCN;
	case ENBKEY_A_CELL_ID: return S_CELLID;
	case ENBKEY_A_CRNTI: return S_CRNTI;
	case ENBKEY_A_PDUS: return S_PDUS;
	}
	return S_NONE;
}

static uint64_t pick(const uint64_t *v, size_t n)
{
	return v[rn(n)];
}
#define PICK(...) ({ const uint64_t __v[] = { __VA_ARGS__ }; pick(__v, sizeof(__v) / sizeof(__v[0])); })

/* The cell of this message, chosen once for PCI and EARFCN-DL together. */
static int msg_cell = -1;

/* A value for an integer attribute: mostly meaningful, else at or past an edge. */
static uint64_t int_value(const struct pattr *pa, enum sem s, unsigned int size,
			  struct msginfo *mi)
{
	uint64_t full = size >= 8 ? UINT64_MAX : (1ULL << (8 * size)) - 1;
	unsigned int r = rn(100);

	if (r < 62) {
		switch (s) {
		case S_UE: {
			uint32_t u = rn(NUE);

			mi->p.ue = u;
			return u + 1;
		}
		case S_NCC: return rn(ENBKEY_NCC_MAX + 1);
		case S_ALG: return rn(ENBKEY_ALG_MAX + 1);
		case S_BOOL: return rn(2);
		case S_PCI:
		case S_EARFCN:
			if (msg_cell < 0)
				msg_cell = rn(NCELLS);
			if (s == S_PCI)
				return cells[msg_cell].pci;
			return cells[msg_cell].earfcn;
		case S_CELLID: return rn(ENBKEY_CELL_ID_MAX + 1);
		case S_CRNTI: return rn(ENBKEY_CRNTI_MAX + 1);
		case S_RBTYPE: return rn(2);
		case S_RBID: return 1 + rn(chance(50) ? ENBKEY_SRB_MAX : ENBKEY_DRB_MAX);
		case S_DIR: return rn(2);
		case S_COUNT: return chance(70) ? rn(64) : rnd();
		case S_FLAGS: return rn(__ENBKEY_PDU_F_ALL + 1);
		default:
			break;
		}
	}
	if (r < 90) {
		switch (s) {
		case S_UE: return PICK(0, NUE + 1, UINT32_MAX, 0x80000000);
		case S_NCC: return PICK(ENBKEY_NCC_MAX, ENBKEY_NCC_MAX + 1, 0xff);
		case S_ALG: return PICK(ENBKEY_ALG_MAX, ENBKEY_ALG_MAX + 1, 0xff, 0x80);
		case S_BOOL: return PICK(2, 0xff, 0x80);
		case S_PCI: return PICK(0, ENBKEY_PCI_MAX, ENBKEY_PCI_MAX + 1, 0xffff);
		case S_EARFCN:
			return PICK(0, 65535, 65536, ENBKEY_EARFCN_MAX, ENBKEY_EARFCN_MAX + 1,
				    UINT32_MAX);
		case S_CELLID: return PICK(0, ENBKEY_CELL_ID_MAX, ENBKEY_CELL_ID_MAX + 1, UINT32_MAX);
		case S_CRNTI: return PICK(0, ENBKEY_CRNTI_MAX, ENBKEY_CRNTI_MAX + 1, UINT32_MAX);
		case S_RBTYPE: return PICK(2, 0xff);
		case S_RBID: return PICK(0, ENBKEY_SRB_MAX + 1, ENBKEY_DRB_MAX, ENBKEY_DRB_MAX + 1, 0xff);
		case S_DIR: return PICK(ENBKEY_DIR_DL + 1, 0xff);
		case S_COUNT: return PICK(0, UINT32_MAX, UINT32_MAX - 1, 0x7fffffff, 0x80000000);
		case S_FLAGS: return PICK(__ENBKEY_PDU_F_ALL + 1, 4, UINT32_MAX, 0x80000000);
		default:
			break;
		}
		if (pa->has_mask)
			return chance(50) ? pa->mask : (pa->mask | 1ULL << rn(8 * size)) & full;
		if (pa->range) {
			switch (rn(4)) {
			case 0: return pa->min & full;
			case 1: return pa->max & full;
			case 2: return (pa->max + 1) & full;
			default: return (pa->min - 1) & full;
			}
		}
	}
	return rnd() & full;
}

static void gen_attrs(struct msginfo *mi, int pol, int level, int depth);

/* Attributes nested @depth deep, for the recursion limits. */
static void gen_deep(int depth)
{
	size_t off = nest_start((chance(80) ? NLA_F_NESTED : 0) | rn(8));

	if (depth > 0)
		gen_deep(depth - 1);
	else
		attr_put(rn(8), &depth, rn(5));
	nest_end(off);
}

/* ENBKEY_A_PDUS: 0..257 entries and then some, good and bad ones. */
static void gen_array(struct msginfo *mi, int sub)
{
	unsigned int n, i, r = rn(100);

	if (r < 5)
		n = 0;
	else if (r < 40)
		n = 1;
	else if (r < 80)
		n = 2 + rn(7);
	else if (r < 92)
		n = 9 + rn(56);
	else
		n = PICK(ENBKEY_PDUS_MAX - 1, ENBKEY_PDUS_MAX, ENBKEY_PDUS_MAX + 1, 300);
	for (i = 0; i < n && blen - mi->off < MSG_MAX; i++) {
		size_t off;

		r = rn(100);
		if (r < 3) {	/* not nested at all */
			uint8_t junk[12];

			rbytes(junk, sizeof(junk));
			attr_put(i, junk, rn(sizeof(junk) + 1));
			continue;
		}
		if (r < 5) {	/* shorter than an attribute header */
			struct nlattr *a = bput(4);

			a->nla_len = rn(4);
			a->nla_type = NLA_F_NESTED | i;
			continue;
		}
		if (r < 7) {
			gen_deep(rn(20));
			continue;
		}
		off = nest_start((chance(95) ? NLA_F_NESTED : 0) |
				 (chance(85) ? i : rn(0x4000)));
		if (sub >= 0)
			gen_attrs(mi, sub, pols[sub].level, 1);
		nest_end(off);
	}
}

/* One attribute of a policy, its value and length perhaps mutated. */
static void gen_one(struct msginfo *mi, const struct pattr *pa, int level, int depth)
{
	enum sem s = sem_of(level, pa->type);
	uint16_t type = pa->type;
	uint8_t buf[ENBKEY_PDU_DATA_MAX + 16];
	size_t len = 0, size = 0, off;
	bool lenmut = chance(8), clean = true;

	if (chance(3)) {
		type |= NLA_F_NESTED;
		clean = false;
	}
	if (chance(3)) {
		type |= NLA_F_NET_BYTEORDER;
		clean = false;
	}
	switch (pa->nl) {
	case NL_ATTR_TYPE_U8: size = 1; break;
	case NL_ATTR_TYPE_U16: size = 2; break;
	case NL_ATTR_TYPE_U32: size = 4; break;
	case NL_ATTR_TYPE_U64: size = 8; break;
	case NL_ATTR_TYPE_S8: size = 1; break;
	case NL_ATTR_TYPE_S16: size = 2; break;
	case NL_ATTR_TYPE_S32: size = 4; break;
	case NL_ATTR_TYPE_S64: size = 8; break;
	}
	if (size) {
		uint64_t v = int_value(pa, s, size, mi);

		if (!depth && s == S_PCI) {
			mi->p.pci = v;
			mi->p.has_cell = true;
		}
		if (!depth && s == S_EARFCN)
			mi->p.earfcn = v;
		len = size;
		if (lenmut) {
			len = PICK(0, 1, 2, 3, 4, 5, 8, 16);
			if (len == size)
				len = size + 1;
		}
		memset(buf, 0, 16);
		memcpy(buf, &v, size);
		if (len > size)
			rbytes(buf + size, len - size);
		attr_put(type, buf, len);
		if (!depth)
			mi->nattrs++;
		return;
	}
	switch (pa->nl) {
	case NL_ATTR_TYPE_NESTED_ARRAY:
	case NL_ATTR_TYPE_NESTED:
		if (chance(4)) {
			gen_deep(rn(24));
			break;
		}
		off = nest_start((chance(96) ? NLA_F_NESTED : 0) | pa->type);
		if (depth < 4) {
			if (pa->nl == NL_ATTR_TYPE_NESTED_ARRAY)
				gen_array(mi, pa->sub);
			else if (pa->sub >= 0)
				gen_attrs(mi, pa->sub, pols[pa->sub].level, depth + 1);
		}
		nest_end(off);
		break;
	case NL_ATTR_TYPE_FLAG:
		attr_put(type, buf, lenmut ? 1 + rn(4) : 0);
		break;
	default:	/* binary and strings */
		if (s == S_KEY && !depth) {
			len = lenmut ? PICK(0, 1, 16, 31, 33, 64) : ENBKEY_KENB_LEN;
			if (len <= ENBKEY_KENB_LEN) {
				memcpy(buf, pool[rn(NBASE)], len);
			} else {
				memcpy(buf, pool[rn(NBASE)], ENBKEY_KENB_LEN);
				rbytes(buf + ENBKEY_KENB_LEN, len - ENBKEY_KENB_LEN);
			}
			put_key_attr(mi, type, buf, len, clean);
			return;
		}
		switch (s) {
		case S_MASK:
			len = lenmut ? PICK(0, 1, 31, 33, 64) : ENBKEY_KENB_LEN;
			if (chance(15)) {
				memset(buf, 0, len);
				mi->p.zero_mask = true;
			} else {
				rbytes(buf, len);
			}
			break;
		case S_HDR:
			len = lenmut ? PICK(ENBKEY_PDU_HDR_MAX + 1, 64, 1000) : rn(ENBKEY_PDU_HDR_MAX + 1);
			rbytes(buf, len);
			break;
		case S_DATA:
			if (lenmut)
				len = PICK(ENBKEY_PDU_DATA_MAX, ENBKEY_PDU_DATA_MAX + 1, 0, 4, 5);
			else
				len = chance(85) ? rn(65) : rn(1500);
			rbytes(buf, len);
			break;
		default:
			if (lenmut || !pa->max_len)
				len = PICK(0, 1, 31, 32, 33, 200);
			else
				len = pa->min_len + rn(pa->max_len - pa->min_len + 1);
			if (pa->max_len && lenmut && chance(50))
				len = pa->max_len + 1;
			if (pa->min_len && lenmut && chance(30))
				len = pa->min_len - 1;
			if (len > sizeof(buf))
				len = sizeof(buf);
			rbytes(buf, len);
			if (pa->nl == NL_ATTR_TYPE_NUL_STRING && len && chance(70))
				buf[len - 1] = 0;
		}
		if (blen - mi->off + len > MSG_MAX)
			len = 0;
		attr_put(type, buf, len);
	}
	if (!depth)
		mi->nattrs++;
}

/* The attributes of policy @pol, some left out, some added, some broken. */
static void gen_attrs(struct msginfo *mi, int pol, int level, int depth)
{
	const struct policy *p = pol >= 0 ? &pols[pol] : NULL;
	int order[64], n = p ? p->n : 0, i, extra;

	for (i = 0; i < n; i++)
		order[i] = i;
	if (chance(25))
		for (i = n - 1; i > 0; i--) {
			int j = rn(i + 1), t = order[i];

			order[i] = order[j];
			order[j] = t;
		}
	for (i = 0; i < n; i++) {
		const struct pattr *pa = &p->a[order[i]];
		unsigned int pct = 55;
		size_t before = blen;

		if (!level && pa->type == ENBKEY_A_UE_ID)
			pct = 92;
		if (level == 1 && (pa->type == ENBKEY_PDU_A_RB_TYPE || pa->type == ENBKEY_PDU_A_RB_ID ||
				   pa->type == ENBKEY_PDU_A_COUNT || pa->type == ENBKEY_PDU_A_DATA))
			pct = 90;
		if (!chance(pct))
			continue;
		gen_one(mi, pa, level, depth);
		if (chance(3))
			gen_one(mi, pa, level, depth);	/* twice */
		if (chance(3) && blen > before) {	/* a length that lies */
			struct nlattr *a = (struct nlattr *)(batch + before);

			a->nla_len = PICK(0, 1, 3, 4, 0xffff, 0x8000) + (chance(50) ? rn(8) : 0);
			if (chance(50))
				a->nla_len = (blen - before) + PICK(1, 4, 100) - PICK(0, 2, 5);
			/* the key slot (if this was one) is no longer well formed */
			for (int k = 0; k < mi->nslots; k++)
				if (mi->slots[k].off == before)
					mi->slots[k].clean = false;
		}
	}
	extra = chance(30) ? 1 + rn(3) : 0;
	for (i = 0; i < extra; i++) {
		uint8_t junk[40];
		uint16_t type;

		switch (rn(6)) {
		case 0: type = 0; break;
		case 1: type = (level ? ENBKEY_PDU_A_MAX : maxtype) + 1 + rn(4); break;
		case 2: type = rn(level ? ENBKEY_PDU_A_MAX + 1 : maxtype + 1); break;
		case 3: type = rnd(); break;
		case 4: type = rn(maxtype + 1) | NLA_F_NESTED; break;
		default: type = rn(maxtype + 8) | (chance(50) ? NLA_F_NET_BYTEORDER : 0); break;
		}
		if (chance(20)) {
			gen_deep(rn(12));
		} else {
			rbytes(junk, sizeof(junk));
			attr_put(type, junk, PICK(0, 1, 2, 4, 8, 32, 40));
		}
		if (!depth)
			mi->nattrs++;
	}
}

static uint16_t gen_flags(uint8_t cmd)
{
	unsigned int r = rn(100);
	uint16_t f;

	if (r < 66)
		f = NLM_F_REQUEST | NLM_F_ACK;
	else if (r < 80)
		f = NLM_F_REQUEST;
	else if (r < 85)
		f = NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO;
	else if (r < 90)
		f = NLM_F_REQUEST | NLM_F_ACK | PICK(NLM_F_ROOT, NLM_F_MATCH, NLM_F_ATOMIC,
						     NLM_F_REPLACE, NLM_F_EXCL, NLM_F_MULTI);
	else if (r < 94)
		f = rnd();
	else if (r < 96)
		f = NLM_F_ACK;
	else
		f = NLM_F_REQUEST | NLM_F_DUMP | (chance(50) ? NLM_F_ACK : 0);
	if (ops[cmd].dump && chance(35))
		f = NLM_F_REQUEST | NLM_F_DUMP | (chance(50) ? NLM_F_ACK : 0);
	return f;
}

static uint32_t gen_seq(struct fsock *s)
{
	return chance(50) ? ++s->seq : (uint32_t)rnd();
}

static uint8_t gen_cmd(void)
{
	if (chance(94))
		return gcmds[rn(ngcmds)];
	return PICK(0, ENBKEY_CMD_EVENT, ENBKEY_CMD_MAX + 1, ENBKEY_CMD_MAX + 2, 0xff, 0x80) |
	       (chance(30) ? rn(256) : 0);
}

/* A request of the enbkey family from its policy, mutated. */
static void gen_fuzz(struct fsock *s, struct msginfo *mi)
{
	uint8_t cmd = gen_cmd();
	uint16_t type = family;
	unsigned int r = rn(100);

	if (r < 2)
		type = rn(NLMSG_MIN_TYPE + 1);
	else if (r < 4)
		type = rnd();
	else if (r < 5)
		type = GENL_ID_CTRL;
	msg_cell = -1;
	msg_begin(mi, type, gen_flags(cmd), gen_seq(s), cmd,
		  chance(90) ? ENBKEY_GENL_VERSION : rn(256), chance(95) ? 0 : rnd());
	mi->p.netns = s->netns;
	if (chance(2)) {	/* a genetlink header cut short */
		blen -= GENL_HDRLEN - rn(GENL_HDRLEN);
		mi->genl_ok = false;
		mi->len = blen - mi->off;
		mi->nlmsg_len = mi->len;
		((struct nlmsghdr *)(batch + mi->off))->nlmsg_len = mi->len;
		return;
	}
	gen_attrs(mi, ops[cmd].pol, 0, 0);
	mi->p.dump = (mi->flags & NLM_F_DUMP) == NLM_F_DUMP;
	msg_end(mi);
}

/* A request of the control family: the family and its policy, as anyone may ask. */
static void gen_ctrl(struct fsock *s, struct msginfo *mi)
{
	uint8_t cmd = fallback_only ? CTRL_CMD_GETFAMILY :
		      PICK(CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY, CTRL_CMD_GETPOLICY);
	uint16_t flags = chance(60) ? NLM_F_REQUEST | NLM_F_DUMP : NLM_F_REQUEST | NLM_F_ACK;

	msg_begin(mi, GENL_ID_CTRL, flags, gen_seq(s), cmd, 1, 0);
	mi->ctrl = true;
	mi->p.ctrl = true;
	if (chance(70))
		attr_put(CTRL_ATTR_FAMILY_NAME, ENBKEY_GENL_NAME, sizeof(ENBKEY_GENL_NAME));
	else
		attr_put(CTRL_ATTR_FAMILY_ID, &family, 2);
	if (cmd == CTRL_CMD_GETPOLICY && chance(60)) {
		uint32_t op = chance(80) ? gcmds[rn(ngcmds)] : rn(256);

		attr_put(CTRL_ATTR_OP, &op, 4);
	}
	mi->p.dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
	msg_end(mi);
}

/* ---------------------------------------------------------- valid sequences */

enum act {
	A_NONE, A_UE_NEW, A_UE_DEL, A_UE_GET, A_UE_DUMP, A_KEY_KENB, A_KEY_NH,
	A_SEC_SET, A_PROTECT, A_UNPROTECT, A_HO_PREPARE, A_HO_COMMIT,
	A_HO_CANCEL, A_HO_EXPORT, A_S_KENB, A_SHORT_MAC,
};

static void vbegin(struct fsock *s, struct msginfo *mi, uint8_t cmd, int ue, uint8_t act)
{
	msg_begin(mi, family, NLM_F_REQUEST | NLM_F_ACK, ++s->seq, cmd, ENBKEY_GENL_VERSION, 0);
	mi->p.act = act;
	mi->p.netns = s->netns;
	if (ue >= 0) {
		mi->p.ue = ue;
		put_u32(mi, ENBKEY_A_UE_ID, ue + 1);
	}
}

static const struct lteref_keys *ue_keys(struct ue_b *b)
{
	if (!b->cur_known || !b->algs)
		return NULL;
	if (!b->ks_valid) {
		lteref_as_keys(b->cur, b->eea, b->eia, b->upint, &b->ks);
		b->ks_valid = true;
	}
	return &b->ks;
}

/* PDCP: a downlink batch, or uplink PDUs made with the keys the UE has. */
static void gen_pdcp(struct msginfo *mi, struct ue_b *b, bool protect)
{
	struct lteref_keys nk;
	const struct lteref_keys *k = NULL;
	unsigned int n, i;
	size_t list;

	if (protect) {
		n = chance(70) ? 1 + rn(8) : chance(70) ? 9 + rn(56) : ENBKEY_PDUS_MAX;
	} else {
		n = chance(80) ? 1 : 1 + rn(16);
		k = ue_keys(b);
		if ((b->ncells || b->kenb_pending) && chance(30)) {
			k = NULL;
			put_u8(mi, ENBKEY_A_NEXT, 1);
			if (b->kenb_pending) {
				if (b->pend_known && b->algs) {
					lteref_as_keys(b->pendk, b->eea, b->eia, b->upint, &nk);
					k = &nk;
				}
			} else {
				struct bcell *c = &b->cells[rn(b->ncells)];

				if (b->ncells > 1 || chance(50)) {
					put_u16(mi, ENBKEY_A_PCI, c->pci);
					put_u32(mi, ENBKEY_A_EARFCN_DL, c->earfcn);
				}
				if (c->key_known && (c->algs || b->algs)) {
					lteref_as_keys(c->key, c->algs ? c->eea : b->eea,
						       c->algs ? c->eia : b->eia, b->upint, &nk);
					k = &nk;
				}
			}
		}
	}
	list = nest_start(NLA_F_NESTED | ENBKEY_A_PDUS);
	for (i = 0; i < n; i++) {
		size_t e = nest_start(NLA_F_NESTED | i);
		bool srb = chance(40);
		uint8_t rb = 1 + rn(srb ? ENBKEY_SRB_MAX : ENBKEY_DRB_MAX);
		uint8_t hdr[ENBKEY_PDU_HDR_MAX], data[1600], pdu[1700];
		size_t hl = srb ? 1 : 1 + rn(2), dl = chance(90) ? rn(80) : rn(1500);
		uint32_t count = protect ? b->dl++ : b->ul++;

		rbytes(hdr, hl);
		rbytes(data, dl);
		put_u8(mi, ENBKEY_PDU_A_RB_TYPE, srb ? ENBKEY_RB_SRB : ENBKEY_RB_DRB);
		put_u8(mi, ENBKEY_PDU_A_RB_ID, rb);
		if (chance(30))
			put_u8(mi, ENBKEY_PDU_A_DIR, protect ? ENBKEY_DIR_DL : ENBKEY_DIR_UL);
		put_u32(mi, ENBKEY_PDU_A_COUNT, count);
		if (!protect && k && chance(90)) {
			bool mac = srb || k->up_integrity;
			size_t pl = lteref_pdu(k, srb, rb, ENBKEY_DIR_UL, count, hdr, hl, data,
					       dl, mac, true, pdu);

			attr_put(ENBKEY_PDU_A_HDR, hdr, hl);
			attr_put(ENBKEY_PDU_A_DATA, pdu + hl, pl - hl);
		} else {
			attr_put(ENBKEY_PDU_A_HDR, hdr, hl);
			attr_put(ENBKEY_PDU_A_DATA, data, dl);
		}
		if (!srb && !b->upint && chance(10))
			put_u32(mi, ENBKEY_PDU_A_FLAGS, ENBKEY_PDU_F_CIPHER_ONLY);
		nest_end(e);
		if (blen - mi->off > MSG_MAX - 2000)
			break;
	}
	nest_end(list);
}

static void put_mask(struct msginfo *mi)
{
	uint8_t mask[ENBKEY_KENB_LEN];

	if (chance(10)) {
		memset(mask, 0, sizeof(mask));
		mi->p.zero_mask = true;
	} else {
		rbytes(mask, sizeof(mask));
	}
	attr_put(ENBKEY_A_KEY_MASK, mask, sizeof(mask));
	mi->nattrs++;
}

/* The next step of a UE's life, as the role believes it stands. */
static void gen_valid(struct fsock *s, struct msginfo *mi)
{
	int u = rn(NUE), i;
	struct ue_b *b = &bel[s->netns][u];
	unsigned int r;

	if (b->need_get && chance(70)) {
		vbegin(s, mi, ENBKEY_CMD_UE_GET, u, A_UE_GET);
		goto out;
	}
	if (!b->exists) {
		if (role == R_AGENT || chance(10)) {
			vbegin(s, mi, ENBKEY_CMD_UE_GET, u, A_UE_GET);
			goto out;
		}
		vbegin(s, mi, ENBKEY_CMD_UE_NEW, u, A_UE_NEW);
		mi->p.emergency = chance(25);
		if (mi->p.emergency || chance(20))
			put_u8(mi, ENBKEY_A_EMERGENCY, mi->p.emergency);
		goto out;
	}
	if (!b->keyed && role != R_AGENT) {
		vbegin(s, mi, ENBKEY_CMD_KEY_SET, u, A_KEY_KENB);
		mi->p.key = rn(NKENB);
		mi->p.ncc = rn(ENBKEY_NCC_MAX + 1);
		put_key_attr(mi, ENBKEY_A_KENB, pool[mi->p.key], ENBKEY_KENB_LEN, true);
		if (mi->p.ncc || chance(50))
			put_u8(mi, ENBKEY_A_NCC, mi->p.ncc);
		goto out;
	}
	if (!b->algs) {
		vbegin(s, mi, ENBKEY_CMD_SEC_SET, u, A_SEC_SET);
		mi->p.eea = rn(ENBKEY_ALG_MAX + 1);
		mi->p.eia = b->emergency && chance(50) ? 0 : 1 + rn(ENBKEY_ALG_MAX);
		mi->p.upint = chance(40);
		put_u8(mi, ENBKEY_A_EEA, mi->p.eea);
		put_u8(mi, ENBKEY_A_EIA, mi->p.eia);
		if (mi->p.upint || chance(50))
			put_u8(mi, ENBKEY_A_UP_INTEGRITY, mi->p.upint);
		goto out;
	}
	r = rn(100);
	if (r < 22) {
		vbegin(s, mi, ENBKEY_CMD_PDCP_PROTECT, u, A_PROTECT);
		gen_pdcp(mi, b, true);
	} else if (r < 38) {
		vbegin(s, mi, ENBKEY_CMD_PDCP_UNPROTECT, u, A_UNPROTECT);
		gen_pdcp(mi, b, false);
	} else if (r < 50 && !b->kenb_pending) {
		int c = rn(NCELLS);

		vbegin(s, mi, ENBKEY_CMD_HO_PREPARE, u, A_HO_PREPARE);
		mi->p.cell = c;
		mi->p.pci = cells[c].pci;
		mi->p.earfcn = cells[c].earfcn;
		put_u16(mi, ENBKEY_A_PCI, cells[c].pci);
		put_u32(mi, ENBKEY_A_EARFCN_DL, cells[c].earfcn);
		if (chance(35)) {
			mi->p.has_algs = true;
			mi->p.eea = rn(ENBKEY_ALG_MAX + 1);
			mi->p.eia = b->emergency && chance(30) ? 0 : 1 + rn(ENBKEY_ALG_MAX);
			put_u8(mi, ENBKEY_A_EEA, mi->p.eea);
			put_u8(mi, ENBKEY_A_EIA, mi->p.eia);
		}
	} else if (r < 58 && (b->ncells || b->kenb_pending)) {
		vbegin(s, mi, ENBKEY_CMD_HO_COMMIT, u, A_HO_COMMIT);
		if (!b->kenb_pending && (b->ncells > 1 || chance(40))) {
			i = rn(b->ncells);
			for (int j = 0; j < b->ncells && b->cells[i].exported && chance(80); j++)
				i = (i + 1) % b->ncells;
			mi->p.has_cell = true;
			mi->p.pci = b->cells[i].pci;
			mi->p.earfcn = b->cells[i].earfcn;
			put_u16(mi, ENBKEY_A_PCI, mi->p.pci);
			put_u32(mi, ENBKEY_A_EARFCN_DL, mi->p.earfcn);
		}
	} else if (r < 61) {
		vbegin(s, mi, ENBKEY_CMD_HO_CANCEL, u, A_HO_CANCEL);
	} else if (r < 66 && b->ncells && role != R_AGENT) {
		vbegin(s, mi, ENBKEY_CMD_HO_EXPORT, u, A_HO_EXPORT);
		if (b->ncells > 1 || chance(40)) {
			i = rn(b->ncells);
			mi->p.has_cell = true;
			mi->p.pci = b->cells[i].pci;
			mi->p.earfcn = b->cells[i].earfcn;
			put_u16(mi, ENBKEY_A_PCI, mi->p.pci);
			put_u32(mi, ENBKEY_A_EARFCN_DL, mi->p.earfcn);
		}
		put_mask(mi);
	} else if (r < 70 && role != R_AGENT) {
		vbegin(s, mi, ENBKEY_CMD_S_KENB, u, A_S_KENB);
		put_mask(mi);
	} else if (r < 74) {
		vbegin(s, mi, ENBKEY_CMD_SHORT_MAC, u, A_SHORT_MAC);
		put_u32(mi, ENBKEY_A_CELL_ID, rn(ENBKEY_CELL_ID_MAX + 1));
		put_u16(mi, ENBKEY_A_PCI, rn(ENBKEY_PCI_MAX + 1));
		put_u32(mi, ENBKEY_A_CRNTI, rn(ENBKEY_CRNTI_MAX + 1));
	} else if (r < 80 && role != R_AGENT) {
		vbegin(s, mi, ENBKEY_CMD_KEY_SET, u, A_KEY_NH);
		mi->p.key = NKENB + rn(NNH);
		mi->p.ncc = rn(ENBKEY_NCC_MAX + 1);
		put_u8(mi, ENBKEY_A_NCC, mi->p.ncc);
		put_key_attr(mi, ENBKEY_A_NH, pool[mi->p.key], ENBKEY_KENB_LEN, true);
	} else if (r < 84 && role != R_AGENT) {	/* re-keying */
		vbegin(s, mi, ENBKEY_CMD_KEY_SET, u, A_KEY_KENB);
		mi->p.key = rn(NKENB);
		put_key_attr(mi, ENBKEY_A_KENB, pool[mi->p.key], ENBKEY_KENB_LEN, true);
	} else if (r < 90) {
		vbegin(s, mi, ENBKEY_CMD_UE_GET, u, A_UE_GET);
		if (chance(50))
			put_u8(mi, ENBKEY_A_SHOW_BEARERS, 1);
	} else if (r < 93) {
		msg_begin(mi, family, NLM_F_REQUEST | NLM_F_DUMP, ++s->seq, ENBKEY_CMD_UE_GET,
			  ENBKEY_GENL_VERSION, 0);
		mi->p.act = A_UE_DUMP;
		mi->p.netns = s->netns;
		mi->p.dump = true;
	} else if (r < 96 && role != R_AGENT) {
		vbegin(s, mi, ENBKEY_CMD_UE_DEL, u, A_UE_DEL);
	} else {
		vbegin(s, mi, ENBKEY_CMD_SHORT_MAC, u, A_SHORT_MAC);
		put_u32(mi, ENBKEY_A_CELL_ID, ENBKEY_CELL_ID_MAX);
		put_u16(mi, ENBKEY_A_PCI, ENBKEY_PCI_MAX);
		put_u32(mi, ENBKEY_A_CRNTI, ENBKEY_CRNTI_MAX);
	}
out:
	msg_end(mi);
}

/* ------------------------------------------------------------- replies */

static struct pend *find_pend(struct fsock *s, uint32_t seq)
{
	unsigned int i, n = s->npend < PEND_N ? s->npend : PEND_N;

	for (i = 1; i <= n; i++) {
		struct pend *p = &s->pend[(s->npend - i) % PEND_N];

		if (p->seq == seq)
			return p;
	}
	return NULL;
}

static void add_pend(struct fsock *s, const struct pend *p)
{
	s->pend[s->npend++ % PEND_N] = *p;
}

static void b_reset(struct ue_b *b)
{
	uint32_t dl = b->dl, ul = b->ul;

	memset(b, 0, sizeof(*b));
	b->dl = dl;	/* COUNTs only go up: a stale belief must not repeat one */
	b->ul = ul;
}

static struct bcell *b_cell(struct ue_b *b, uint16_t pci, uint32_t earfcn)
{
	int i;

	for (i = 0; i < b->ncells; i++)
		if (b->cells[i].pci == pci && b->cells[i].earfcn == earfcn)
			return &b->cells[i];
	return NULL;
}

/* A new current KeNB: the kernel now holds its AS keys. */
static void b_set_cur(struct ue_b *b, const uint8_t *k, bool known)
{
	b->cur_known = known;
	b->ks_valid = false;
	if (known) {
		memcpy(b->cur, k, 32);
		if (!key_known(k, 32))
			add_key(k, 32, "a KeNB* committed");
		add_as_keys(k, "a committed KeNB*");
	}
}

struct rattrs {
	const struct nlattr *a[A_MAX + 1];
};

static void parse_top(const struct nlmsghdr *h, struct rattrs *ra)
{
	const struct nlattr *a;

	memset(ra, 0, sizeof(*ra));
	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return;
	mnl_attr_for_each(a, h, GENL_HDRLEN)
		if (mnl_attr_get_type(a) <= A_MAX)
			ra->a[mnl_attr_get_type(a)] = a;
}

static uint32_t ra_u(const struct rattrs *ra, int type)
{
	const struct nlattr *a = ra->a[type];

	if (!a)
		return 0;
	switch (mnl_attr_get_payload_len(a)) {
	case 1: return mnl_attr_get_u8(a);
	case 2: return mnl_attr_get_u16(a);
	case 4: return mnl_attr_get_u32(a);
	}
	return 0;
}

/* The state of a UE, as the kernel reports it (UE_GET, and its dump). */
static void on_ue_info(uint8_t netns, const struct rattrs *ra)
{
	uint32_t id = ra_u(ra, ENBKEY_A_UE_ID);
	struct bcell old[ENBKEY_CELLS_MAX];
	const struct nlattr *c, *f;
	struct ue_b *b;
	int nold;

	if (!ra->a[ENBKEY_A_UE_ID] || id < 1 || id > NUE)
		return;
	b = &bel[netns][id - 1];
	b->exists = true;
	b->need_get = false;
	b->keyed = ra_u(ra, ENBKEY_A_KEY_INSTALLED);
	if (!b->keyed)
		b->cur_known = false;
	b->emergency = ra_u(ra, ENBKEY_A_EMERGENCY);
	if (ra->a[ENBKEY_A_EEA] && ra->a[ENBKEY_A_EIA]) {
		uint8_t eea = ra_u(ra, ENBKEY_A_EEA), eia = ra_u(ra, ENBKEY_A_EIA);
		bool up = ra_u(ra, ENBKEY_A_UP_INTEGRITY);

		if (!b->algs || eea != b->eea || eia != b->eia || up != b->upint)
			b->ks_valid = false;
		b->algs = true;
		b->eea = eea;
		b->eia = eia;
		b->upint = up;
	} else {
		b->algs = false;
	}
	b->nh = ra_u(ra, ENBKEY_A_NH_PENDING);
	if (!b->nh)
		b->nh_known = false;
	b->kenb_pending = ra_u(ra, ENBKEY_A_KENB_PENDING);
	if (!b->kenb_pending)
		b->pend_known = false;
	nold = b->ncells;
	memcpy(old, b->cells, sizeof(old));
	b->ncells = 0;
	if (ra->a[ENBKEY_A_CELLS]) {
		mnl_attr_for_each_nested(c, ra->a[ENBKEY_A_CELLS]) {
			struct bcell nc = { 0 };
			int i;

			mnl_attr_for_each_nested(f, c) {
				if (mnl_attr_get_type(f) == ENBKEY_CELL_A_PCI)
					nc.pci = mnl_attr_get_u16(f);
				if (mnl_attr_get_type(f) == ENBKEY_CELL_A_EARFCN_DL)
					nc.earfcn = mnl_attr_get_u32(f);
				if (mnl_attr_get_type(f) == ENBKEY_CELL_A_EXPORTED)
					nc.exported = mnl_attr_get_u8(f);
			}
			for (i = 0; i < nold; i++)
				if (old[i].pci == nc.pci && old[i].earfcn == nc.earfcn) {
					bool exported = nc.exported;

					nc = old[i];
					nc.exported = exported;
				}
			if (b->ncells < ENBKEY_CELLS_MAX)
				b->cells[b->ncells++] = nc;
		}
	}
}

/* The answer to a request: a reply (@h) or an ACK with @err. */
static void on_result(struct pend *p, int err, const struct nlmsghdr *h)
{
	struct rattrs ra;
	struct ue_b *b;
	struct bcell *c;

	memset(&ra, 0, sizeof(ra));
	if (p->done)
		return;
	if (!p->real)
		return;
	if (!err && p->cmd < 32)
		st->ok_by_cmd[p->cmd]++;
	p->done = h || !err;
	if (h) {
		parse_top(h, &ra);
		if (p->cmd == ENBKEY_CMD_UE_GET && !p->dump)
			on_ue_info(p->netns, &ra);
		if (p->cmd == ENBKEY_CMD_HO_PREPARE && p->has_cell && !p->act)
			learn_cell(p->pci, p->earfcn);
	}
	if (p->dump || p->ue < 0)
		return;
	b = &bel[p->netns][p->ue];
	if (err == -ENOENT && p->cmd != ENBKEY_CMD_UE_NEW) {
		b_reset(b);
		return;
	}
	if (!p->act) {		/* a fuzzed request that went through */
		if (err)
			return;
		if (p->cmd == ENBKEY_CMD_UE_DEL) {
			b_reset(b);
		} else if (p->cmd == ENBKEY_CMD_UE_NEW) {
			b_reset(b);
			b->exists = true;
			b->need_get = true;
		} else if (p->cmd != ENBKEY_CMD_UE_GET && p->cmd != ENBKEY_CMD_SHORT_MAC) {
			b->need_get = true;
			if (p->cmd == ENBKEY_CMD_KEY_SET || p->cmd == ENBKEY_CMD_HO_COMMIT)
				b->cur_known = b->nh_known = b->pend_known = false;
		}
		return;
	}
	if (err) {
		if (p->act == A_UE_NEW && err == -EEXIST) {
			b->exists = true;
			b->need_get = true;
		} else if (err != -EPERM && chance(30)) {
			b->need_get = true;
		}
		return;
	}
	switch (p->act) {
	case A_UE_NEW:
		b_reset(b);
		b->exists = true;
		b->emergency = p->emergency;
		break;
	case A_UE_DEL:
		b_reset(b);
		break;
	case A_KEY_KENB:
		b->nh = b->nh_known = false;
		if (!b->algs) {
			b->keyed = true;
			b_set_cur(b, pool[p->key], true);
		} else {
			b->kenb_pending = true;
			b->pend_known = true;
			memcpy(b->pendk, pool[p->key], 32);
		}
		break;
	case A_KEY_NH:
		b->nh = b->nh_known = true;
		memcpy(b->nhk, pool[p->key], 32);
		break;
	case A_SEC_SET:
		b->algs = true;
		b->eea = p->eea;
		b->eia = p->eia;
		b->upint = p->upint;
		b->ks_valid = false;
		break;
	case A_HO_PREPARE:
		if (!h)
			break;
		c = b_cell(b, p->pci, p->earfcn);
		if (!c && b->ncells < ENBKEY_CELLS_MAX)
			c = &b->cells[b->ncells++];
		if (!c)
			break;
		memset(c, 0, sizeof(*c));
		c->pci = p->pci;
		c->earfcn = p->earfcn;
		c->vertical = ra_u(&ra, ENBKEY_A_VERTICAL);
		c->algs = p->has_algs;
		c->eea = p->eea;
		c->eia = p->eia;
		if (c->vertical ? b->nh_known : b->cur_known) {
			lteref_kenb_star(c->vertical ? b->nhk : b->cur, c->pci, c->earfcn, c->key);
			c->key_known = true;
			if (!key_known(c->key, 32))
				add_key(c->key, 32, "KeNB* of a chain, %u/%u", c->pci, c->earfcn);
		}
		break;
	case A_HO_COMMIT:
		if (b->kenb_pending) {
			b->kenb_pending = false;
			b_set_cur(b, b->pendk, b->pend_known);
		} else {
			c = p->has_cell ? b_cell(b, p->pci, p->earfcn) :
			    b->ncells == 1 ? &b->cells[0] : NULL;
			if (!c) {
				b->cur_known = false;
				b->need_get = true;
			} else {
				if (c->algs) {
					b->eea = c->eea;
					b->eia = c->eia;
				}
				if (c->vertical)
					b->nh = b->nh_known = false;
				b_set_cur(b, c->key, c->key_known);
			}
		}
		b->ncells = 0;
		break;
	case A_HO_CANCEL:
		b->ncells = 0;
		break;
	case A_HO_EXPORT:
		if (!h)
			break;
		c = p->has_cell ? b_cell(b, p->pci, p->earfcn) :
		    b->ncells == 1 ? &b->cells[0] : NULL;
		if (c) {
			c->exported = true;
			if (c->vertical)
				b->nh = b->nh_known = false;
		}
		break;
	case A_S_KENB:
		if (h && b->cur_known && ra.a[ENBKEY_A_SCG_COUNTER]) {
			uint8_t sk[32];

			lteref_s_kenb(b->cur, ra_u(&ra, ENBKEY_A_SCG_COUNTER), sk);
			add_key(sk, 32, "S-KeNB of a chain");
		}
		break;
	}
}

static void hexdump(const char *what, const uint8_t *p, size_t n)
{
	size_t i;

	printf("nlfuzz: %s: %s, %zu octets:", role_names[role], what, n);
	for (i = 0; i < n && i < 1024; i++)
		printf("%s%02x", i % 32 ? "" : "\nnlfuzz:   ", p[i]);
	printf("%s\n", n > 1024 ? " ..." : "");
}

/*
 * Everything one recv() brought: scanned for keys (the key attribute of a
 * reply to an all-zero mask excepted), then counted and learned from.
 */
static void on_datagram(struct fsock *s, const uint8_t *buf, size_t n, bool events)
{
	struct range ex[16];
	const struct nlmsghdr *h;
	int nex = 0, rem, k;
	size_t at;

	st->rx_bytes += n;
	rem = n;
	for (h = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(h, rem); h = mnl_nlmsg_next(h, &rem)) {
		const struct genlmsghdr *g = mnl_nlmsg_get_payload(h);
		const struct nlattr *a;
		struct pend *p;

		if (events || !s || h->nlmsg_type != family ||
		    h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ||
		    (g->cmd != ENBKEY_CMD_HO_EXPORT && g->cmd != ENBKEY_CMD_S_KENB))
			continue;
		p = find_pend(s, h->nlmsg_seq);
		if (!p || !p->zero_mask)
			continue;
		mnl_attr_for_each(a, h, GENL_HDRLEN) {
			int t = mnl_attr_get_type(a);

			if ((t == ENBKEY_A_KENB_STAR || t == ENBKEY_A_S_KENB) && nex < 16) {
				ex[nex].lo = (const uint8_t *)mnl_attr_get_payload(a) - buf;
				ex[nex].hi = ex[nex].lo + mnl_attr_get_payload_len(a);
				nex++;
			}
		}
	}
	k = scan(buf, n, ex, nex, &at);
	if (k >= 0) {
		const struct nlmsghdr *m = (const struct nlmsghdr *)buf;

		st->hits++;
		if (st->hits <= MAX_HITS_SHOWN) {
			printf("nlfuzz: %s: KEY HIT: %s at octet %zu of %s (nlmsg type %u, flags %#x, seq %u) on a socket%s%s%s, netns %d\n",
			       role_names[role], keys[k].name, at,
			       events ? "an event" : "an answer", m->nlmsg_type, m->nlmsg_flags,
			       m->nlmsg_seq, s && s->cap_ack ? " with CAP_ACK" : "",
			       s && s->ext_ack ? " with EXT_ACK" : "",
			       s && s->by_root ? " opened by root" : "", s ? s->netns : -1);
			hexdump("what the kernel sent", buf, n);
			hexdump("the last send", last_batch, last_len);
		}
	}
	if (events) {
		st->events++;
		return;
	}
	rem = n;
	for (h = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(h, rem); h = mnl_nlmsg_next(h, &rem)) {
		struct pend *p = find_pend(s, h->nlmsg_seq);

		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
			int err = h->nlmsg_len >= NLMSG_HDRLEN + sizeof(int) ? e->error : 0;

			if (err) {
				st->errs++;
				if (-err > 0 && -err < 136)
					st->err_by[-err]++;
			} else {
				st->acks++;
			}
			if (p)
				on_result(p, err, NULL);
		} else if (h->nlmsg_type == NLMSG_DONE) {
			int err = 0;

			/* the end of a dump: its errno, when it failed */
			if (h->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
				memcpy(&err, mnl_nlmsg_get_payload(h), sizeof(err));
			if (err) {
				st->errs++;
				if (-err > 0 && -err < 136)
					st->err_by[-err]++;
			}
			if (p && !p->done && p->real && p->cmd < 32 && p->dump) {
				p->done = true;
				if (!err)
					st->ok_by_cmd[p->cmd]++;
			}
		} else if (h->nlmsg_type >= NLMSG_MIN_TYPE) {
			st->replies++;
			if (h->nlmsg_type == family && p && p->dump && p->cmd == ENBKEY_CMD_UE_GET) {
				struct rattrs ra;

				parse_top(h, &ra);
				on_ue_info(p->netns, &ra);
			} else if (h->nlmsg_type == family && p) {
				on_result(p, 0, h);
			}
		}
	}
}

/* Reads @fd until it is empty; @once: one datagram only. */
static void drain(struct fsock *s, int fd, bool events, bool once)
{
	for (;;) {
		ssize_t n = recv(fd, rx, sizeof(rx), MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				st->enobufs++;
				continue;
			}
			unexpected("recv: %s", strerror(errno));
			return;
		}
		if ((size_t)n > sizeof(rx)) {
			unexpected("a datagram of %zd octets", n);
			n = sizeof(rx);
		}
		on_datagram(s, rx, n, events);
		if (once)
			return;
	}
}

/* ------------------------------------------------------------ kernel log */

static bool is_report(const char *text)
{
	return strstr(text, "WARNING:") || strstr(text, "BUG:") || strstr(text, "KASAN") ||
	       strstr(text, "UBSAN") || strstr(text, "general protection") ||
	       strstr(text, "Oops") || strstr(text, "kernel BUG") ||
	       strstr(text, "possible recursive locking") ||
	       strstr(text, "circular locking");
}

/*
 * New records of the kernel log: keys in them, and reports this process
 * caused (their "PID: n" is ours).
 */
static void check_kmsg(void)
{
	static int pending;	/* records to look for our PID in, after a report */
	static char first[240];
	char rec[2048], pidstr[32];

	if (kmsg < 0)
		return;
	snprintf(pidstr, sizeof(pidstr), "PID: %d ", getpid());
	for (;;) {
		ssize_t n = read(kmsg, rec, sizeof(rec) - 1);
		char *text;
		int k;

		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			return;
		rec[n] = 0;
		text = strchr(rec, ';');
		text = text ? text + 1 : rec;
		k = scan_text(text, strlen(text));
		if (k >= 0) {
			st->hits++;
			printf("nlfuzz: %s: KEY HIT: %s in the kernel log: %s", role_names[role],
			       keys[k].name, text);
		}
		if (is_report(text) && !pending && !report_seen) {
			snprintf(first, sizeof(first), "%s", text);
			first[strcspn(first, "\n")] = 0;
			pending = 12;
		}
		if (pending) {
			pending--;
			if (strstr(text, pidstr)) {
				pending = 0;
				report_seen = true;
				st->reports++;
				st->report_msg = st->msgs;
				printf("nlfuzz: %s: kernel report after message %" PRIu64 " of this role: %s\n",
				       role_names[role], st->msgs, first);
				printf("nlfuzz: %s:   %s", role_names[role], text);
				hexdump("the send that preceded it", last_batch, last_len);
				fflush(stdout);
			}
		}
	}
}

/* ------------------------------------------------------------ the loop */

/*
 * Sends @nm messages built in the batch, keys where the kernel wipes them
 * and random octets elsewhere (see the top of this file).
 */
static void send_batch(struct fsock *s, struct msginfo *mis, int nm, size_t send_len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	bool prefix_ok = true;
	ssize_t n;
	int i, j;

	for (i = 0; i < nm; i++) {
		struct msginfo *mi = &mis[i];
		uint16_t f = mi->flags;
		bool clean, formed;

		formed = mi->nlmsg_len == mi->len && mi->off + mi->len <= send_len &&
			 mi->len >= NLMSG_HDRLEN;
		clean = formed && prefix_ok && mi->type == family && !mi->ctrl &&
			(f & NLM_F_REQUEST) && !(f & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)) &&
			mi->genl_ok && mi->reserved0 && ops[mi->cmd].kernel &&
			mi->cmd != ENBKEY_CMD_EVENT &&
			!(ops[mi->cmd].flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM));
		mi->p.real = formed && prefix_ok && mi->p.fam && (f & NLM_F_REQUEST) &&
			     mi->genl_ok;
		if (!formed)
			prefix_ok = false;
		for (j = 0; j < mi->nslots; j++) {
			struct slot *sl = &mi->slots[j];

			/*
			 * NETLINK_CAP_ACK still echoes the nlmsghdr of what the
			 * core took for a message: octets of a misframed send.
			 */
			if (s->cap_ack && formed && prefix_ok)
				continue;
			if (clean && (mi->cmd == ENBKEY_CMD_KEY_SET || (sl->first && sl->clean)))
				continue;
			rbytes(batch + sl->off + NLA_HDRLEN, sl->len);
		}
	}
	memcpy(last_batch, batch, send_len);
	last_len = send_len;
	n = sendto(s->fd, batch, send_len, 0, (struct sockaddr *)&kernel, sizeof(kernel));
	st->sends++;
	/* ENODATA: a send truncated to nothing */
	if (n < 0 && errno != ENOBUFS && errno != EMSGSIZE && errno != ENOMEM &&
	    errno != EAGAIN && !(errno == ENODATA && !send_len))
		unexpected("sendto: %s", strerror(errno));
	memset(batch, 0, send_len);	/* no key stays in our memory longer than needed */
	for (i = 0; i < nm; i++)
		add_pend(s, &mis[i].p);
}

static void reopen(struct fsock *s)
{
	int fd = ns_socket(s->netns);

	close(s->fd);
	if (fd < 0) {
		unexpected("reopening a socket: %s", strerror(errno));
		fd = raw_socket();
	}
	sock_setup(s, fd);
	st->cut++;
}

static void one_send(void)
{
	static struct msginfo mis[16];
	struct fsock *s = &socks[rn(nsocks)];
	int nm = chance(70) ? 1 : 2 + rn(7), i;
	size_t send_len;
	bool dump = false;

	blen = 0;
	for (i = 0; i < nm; i++) {
		unsigned int r = rn(100);

		if (r < 26) {
			gen_valid(s, &mis[i]);
			st->valid++;
		} else if (r < 28) {
			gen_ctrl(s, &mis[i]);
			st->ctrl++;
		} else {
			gen_fuzz(s, &mis[i]);
		}
		if (chance(3)) {	/* nlmsg_len that lies */
			struct nlmsghdr *nlh = (struct nlmsghdr *)(batch + mis[i].off);

			nlh->nlmsg_len = PICK(0, 1, NLMSG_HDRLEN - 1, NLMSG_HDRLEN, NLMSG_HDRLEN + 2,
					      mis[i].len - 1, mis[i].len + 1, mis[i].len + 4,
					      mis[i].len + 1000, UINT32_MAX, 0x10000);
			mis[i].nlmsg_len = nlh->nlmsg_len;
		}
		dump |= mis[i].p.dump;
		if (blen > BATCH_MAX - 2 * MSG_MAX)
			nm = i + 1;
	}
	send_len = blen;
	if (chance(3) && send_len > NLMSG_HDRLEN) {
		send_len -= 1 + rn(send_len < 64 ? send_len - 1 : 64);
	} else if (chance(3)) {	/* garbage after the last message */
		size_t g = 1 + rn(40);

		rbytes(bput(g), g);
		send_len = blen;
	}
	send_batch(s, mis, nm, send_len);
	st->msgs += nm;
	if (dump && can_reopen(s) && chance(30)) {
		/* a dump cut off: one part read at most, then the socket closed */
		if (chance(50))
			drain(s, s->fd, false, true);
		reopen(s);
	} else {
		drain(s, s->fd, false, false);
	}
	if (!(st->sends % 8))
		for (i = 0; i < 2; i++)
			if (evfd[i] >= 0)
				drain(NULL, evfd[i], true, false);
	check_kmsg();
}

static void run_role(uint64_t seed)
{
	double t0;
	int i;

	rseed(seed ^ (0x5bd1e995ULL * (role + 1)));
	portid_hint = getpid();
	if (!setup_role()) {
		st->done = true;
		return;
	}
	t0 = now();
	while (st->msgs < per_role) {
		one_send();
		if (time_limit && !(st->sends % 64) && now() - t0 > time_limit) {
			note("time limit reached");
			break;
		}
	}
	for (i = 0; i < nsocks; i++)
		drain(&socks[i], socks[i].fd, false, false);
	for (i = 0; i < 2; i++)
		if (evfd[i] >= 0)
			drain(NULL, evfd[i], true, false);
	check_kmsg();
	st->secs = now() - t0;
	st->done = true;
}

/* ------------------------------------------------------------ the end */

/* Every UE of the initial namespace deleted: how many, and how many are left. */
static int delete_all(int *left)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_GENERIC);
	int one = 1, deleted = 0, round;

	*left = -1;
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return 0;
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	for (round = 0; round < 4; round++) {
		static uint32_t ids[1 << 16];
		uint8_t buf[256];
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
		struct genlmsghdr *g;
		unsigned int nids = 0, i;
		bool done = false;

		nlh->nlmsg_type = family;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		nlh->nlmsg_seq = 7000 + round;
		g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
		g->cmd = ENBKEY_CMD_UE_GET;
		g->version = ENBKEY_GENL_VERSION;
		if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
			break;
		while (!done) {
			ssize_t n = mnl_socket_recvfrom(nl, rx, sizeof(rx));
			const struct nlmsghdr *h;
			int rem = n;
			size_t at;

			if (n <= 0)
				break;
			if (scan(rx, n, NULL, 0, &at) >= 0) {
				st->hits++;
				printf("nlfuzz: KEY HIT in the final dump\n");
			}
			for (h = (void *)rx; mnl_nlmsg_ok(h, rem); h = mnl_nlmsg_next(h, &rem)) {
				struct rattrs ra;

				if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
					done = true;
					break;
				}
				parse_top(h, &ra);
				if (ra.a[ENBKEY_A_UE_ID] && nids < sizeof(ids) / sizeof(ids[0]))
					ids[nids++] = ra_u(&ra, ENBKEY_A_UE_ID);
			}
		}
		*left = nids;
		if (!nids)
			break;
		for (i = 0; i < nids; i++) {
			nlh = mnl_nlmsg_put_header(buf);
			nlh->nlmsg_type = family;
			nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
			nlh->nlmsg_seq = 8000 + i;
			g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
			g->cmd = ENBKEY_CMD_UE_DEL;
			g->version = ENBKEY_GENL_VERSION;
			mnl_attr_put_u32(nlh, ENBKEY_A_UE_ID, ids[i]);
			if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0 ||
			    mnl_socket_recvfrom(nl, rx, sizeof(rx)) < 0)
				break;
			deleted += ((struct nlmsgerr *)mnl_nlmsg_get_payload((void *)rx))->error == 0;
		}
	}
	mnl_socket_close(nl);
	return deleted;
}

/* Reports in the kernel log since @fd was opened, and keys in it. */
static int final_kmsg(int fd, int *key_hits)
{
	char rec[2048];
	int reports = 0;

	*key_hits = 0;
	if (fd < 0)
		return 0;
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		char *text;
		int k;

		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		text = strchr(rec, ';');
		text = text ? text + 1 : rec;
		k = scan_text(text, strlen(text));
		if (k >= 0) {
			(*key_hits)++;
			printf("nlfuzz: KEY HIT: %s in the kernel log: %s", keys[k].name, text);
		}
		if (is_report(text)) {
			if (++reports <= 10)
				printf("nlfuzz: kernel log: %s", text);
		}
	}
	return reports;
}

static const char *const cmd_names[] = {
	[ENBKEY_CMD_KEY_SET] = "key_set", [ENBKEY_CMD_UE_NEW] = "ue_new",
	[ENBKEY_CMD_UE_DEL] = "ue_del", [ENBKEY_CMD_UE_GET] = "ue_get",
	[ENBKEY_CMD_SEC_SET] = "sec_set", [ENBKEY_CMD_PDCP_PROTECT] = "protect",
	[ENBKEY_CMD_PDCP_UNPROTECT] = "unprotect", [ENBKEY_CMD_EVENT] = "event",
	[ENBKEY_CMD_HO_PREPARE] = "ho_prepare", [ENBKEY_CMD_HO_COMMIT] = "ho_commit",
	[ENBKEY_CMD_HO_EXPORT] = "ho_export", [ENBKEY_CMD_S_KENB] = "s_kenb",
	[ENBKEY_CMD_HO_CANCEL] = "ho_cancel", [ENBKEY_CMD_SHORT_MAC] = "short_mac",
};

static void print_role(int r, const struct stats *s)
{
	char line[1024];
	size_t off;
	int i, j, best[6] = { 0 };

	printf("nlfuzz: %s: %" PRIu64 " messages (%" PRIu64 " valid, %" PRIu64 " control) in %" PRIu64
	       " sends, %" PRIu64 " replies, %" PRIu64 " acks, %" PRIu64 " error acks, %" PRIu64
	       " events, %" PRIu64 " dumps cut, %" PRIu64 " ENOBUFS, %" PRIu64 " key hits, %" PRIu64
	       " kernel reports, %.1f s, %.0f messages/s\n",
	       role_names[r], s->msgs, s->valid, s->ctrl, s->sends, s->replies, s->acks, s->errs,
	       s->events, s->cut, s->enobufs, s->hits, s->reports, s->secs,
	       s->secs > 0 ? s->msgs / s->secs : 0.0);
	off = snprintf(line, sizeof(line), "nlfuzz: %s: went through:", role_names[r]);
	for (i = 1; i < 32 && off < sizeof(line) - 40; i++)
		if (s->ok_by_cmd[i])
			off += snprintf(line + off, sizeof(line) - off, " %s %" PRIu64,
					i < (int)(sizeof(cmd_names) / sizeof(cmd_names[0])) &&
					cmd_names[i] ? cmd_names[i] : "cmd?", s->ok_by_cmd[i]);
	printf("%s\n", line);
	for (j = 0; j < 6; j++)
		for (i = 1; i < 136; i++) {
			bool taken = false;
			int k;

			for (k = 0; k < j; k++)
				taken |= best[k] == i;
			if (!taken && s->err_by[i] > s->err_by[best[j]])
				best[j] = i;
		}
	off = snprintf(line, sizeof(line), "nlfuzz: %s: refused with:", role_names[r]);
	for (j = 0; j < 6 && best[j]; j++)
		off += snprintf(line + off, sizeof(line) - off, " %s %" PRIu64,
				strerrorname_np(best[j]) ?: "?", s->err_by[best[j]]);
	printf("%s\n", line);
}

static void usage(void)
{
	fprintf(stderr, "usage: nlfuzz [-s SEED] [-n MESSAGES_PER_ROLE] [-r root|agent|nobody|userns]... [-P] [-t SECONDS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct stats *all, tot = { 0 };
	pid_t pids[NROLES];
	bool want[NROLES] = { false }, any = false, failed = false;
	uint64_t seed;
	double t0, pre;
	int opt, r, kfd, left, deleted, reports, log_hits;

	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = time(NULL) ^ getpid();
	while ((opt = getopt(argc, argv, "s:n:r:Pt:")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			per_role = strtoull(optarg, NULL, 0);
			break;
		case 'P':
			fallback_only = true;
			break;
		case 't':
			time_limit = strtod(optarg, NULL);
			break;
		case 'r': {
			char *tok, *save;

			for (tok = strtok_r(optarg, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				for (r = 0; r < NROLES; r++)
					if (!strcmp(tok, role_names[r]))
						break;
				if (r == NROLES)
					usage();
				want[r] = any = true;
			}
			break;
		}
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (!any)
		for (r = 0; r < NROLES; r++)
			want[r] = true;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("nlfuzz: seed %#" PRIx64 " (replay: nlfuzz -s %#" PRIx64 " -n %" PRIu64 "%s)\n",
	       seed, seed, per_role, fallback_only ? " -P" : "");
	if (geteuid()) {
		fprintf(stderr, "nlfuzz: run me as root\n");
		return 2;
	}
	kfd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kfd >= 0)
		lseek(kfd, 0, SEEK_END);
	resolve();
	printf("nlfuzz: family %u, events group %u, %d commands; policy: %s\n", family, mcgrp,
	       ngcmds, policy_note);
	pre = now();
	precompute();
	printf("nlfuzz: %zu keys watched in %zu windows (%.1f s to derive)\n", nkeys, nwindows,
	       now() - pre);
	fflush(stdout);

	all = mmap(NULL, NROLES * sizeof(*all), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (all == MAP_FAILED) {
		perror("nlfuzz: mmap");
		return 2;
	}
	memset(all, 0, NROLES * sizeof(*all));
	t0 = now();
	for (r = 0; r < NROLES; r++) {
		pids[r] = -1;
		if (!want[r])
			continue;
		pids[r] = fork();
		if (pids[r] < 0) {
			perror("nlfuzz: fork");
			return 2;
		}
		if (!pids[r]) {
			role = r;
			st = &all[r];
			kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
			if (kmsg >= 0)
				lseek(kmsg, 0, SEEK_END);
			run_role(seed);
			fflush(stdout);
			_exit(0);
		}
	}
	for (r = 0; r < NROLES; r++) {
		int status;

		if (pids[r] < 0)
			continue;
		if (waitpid(pids[r], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) || !all[r].done) {
			printf("nlfuzz: %s: the child ended badly (status %#x)\n", role_names[r], status);
			failed = true;
		}
	}
	st = &tot;
	role = R_ROOT;
	deleted = delete_all(&left);
	reports = final_kmsg(kfd, &log_hits);
	for (r = 0; r < NROLES; r++) {
		int i;

		if (!want[r])
			continue;
		print_role(r, &all[r]);
		tot.msgs += all[r].msgs;
		tot.replies += all[r].replies;
		tot.errs += all[r].errs;
		tot.hits += all[r].hits;
		tot.unexpected += all[r].unexpected;
		tot.reports += all[r].reports;
		for (i = 0; i < all[r].nnotes; i++)
			printf("nlfuzz: %s: note: %s\n", role_names[r], all[r].note[i]);
	}
	tot.hits += log_hits;
	if (dropped_keys)
		printf("nlfuzz: note: %zu derived keys not watched (table full)\n", dropped_keys);
	printf("nlfuzz: %d UEs deleted at the end, %d left; %d kernel reports in the log\n",
	       deleted, left, reports);
	printf("nlfuzz: %" PRIu64 " messages, %" PRIu64 " replies, %" PRIu64 " error acks, %" PRIu64
	       " key hits, %" PRIu64 " unexpected failures, %.1f s, %.0f messages/s\n",
	       tot.msgs, tot.replies, tot.errs, tot.hits, tot.unexpected, now() - t0,
	       tot.msgs / (now() - t0));
	if (left) {
		printf("nlfuzz: unexpected: the UEs of the initial namespace could not all be deleted\n");
		failed = true;
	}
	return failed || tot.hits || tot.unexpected || reports ? 1 : 0;
}
