// SPDX-License-Identifier: MIT
/*
 * enbkey-bench: how fast the enbkey module protects PDCP PDUs, next to the
 * same cryptography done from userspace through AF_ALG, and how much kernel
 * memory a UE costs. It prints figures; it judges nothing but fatal errors.
 *
 * Kernel side (needs the module and root):
 *   one UE with a fixed KeNB, EEA2 and EIA2; downlink protect on SRB1
 *   (1-octet header, 100-octet payload, MAC-I added) and DRB1 (1-octet
 *   header, 1400-octet payload, no MAC-I), one PDU per request and batched.
 *
 * AF_ALG side, with a fixed 16-octet key, sockets kept open:
 *   SRB PDU: cmac(aes) over COUNT/BEARER/DIR block || header || payload,
 *            then ctr(aes) over payload || MAC-I;
 *   DRB PDU: ctr(aes) over the payload.
 *
 * Memory: slab usage before and after creating -u UEs (keyed, EEA2/EIA2),
 * and again once each has used SRB1, SRB2 and DRB1.
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <linux/enbkey.h>
#include <linux/if_alg.h>

#include "libenbkey.h"

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

#define AES_KEY_LEN	16
#define AES_BLOCK	16
#define MAC_I_LEN	4	/* MAC-I, TS 36.323 6.3.4 */

#define SRB_PAYLOAD	100
#define DRB_PAYLOAD	1400
#define PDCP_HDR_LEN	1

/* UE ids the benchmark uses; chosen to stay clear of anything sensible. */
#define BENCH_UE_ID	0xbe7c0000u
#define MEM_UE_BASE	0xbe7d0000u
#define MEM_UES_MAX	1000000u

static const uint8_t bench_kenb[ENBKEY_KENB_LEN] = {
	0x62, 0x65, 0x6e, 0x63, 0x68, 0x2d, 0x6b, 0x65,
	0x6e, 0x62, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
	0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
	0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
};

static const uint8_t bench_aes_key[AES_KEY_LEN] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
	0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
};

/* ------------------------------------------------------------------ */
/* options, output, fatal errors                                       */

static struct {
	double seconds;
	unsigned int batch;
	unsigned int ues;
	bool json;
	bool afalg_only;
	bool kernel_only;
} opt = {
	.seconds = 2.0,
	.batch = 32,
	.ues = 10000,
};

/* What must be undone if we die half-way. */
static struct {
	struct enbkey *h;
	bool bench_ue;
	unsigned int mem_ues;
	bool cleaning;
} live;

static void cleanup(void)
{
	unsigned int i;

	if (live.cleaning || !live.h)
		return;
	live.cleaning = true;
	if (live.bench_ue)
		enbkey_ue_del(live.h, BENCH_UE_ID);
	live.bench_ue = false;
	for (i = 0; i < live.mem_ues; i++)
		enbkey_ue_del(live.h, MEM_UE_BASE + i);
	live.mem_ues = 0;
	enbkey_close(live.h);
	live.h = NULL;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("enbkey-bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cleanup();
	exit(1);
}

/* Progress and notes: stdout for the table, stderr when stdout is JSON. */
static void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...)
{
	FILE *f = opt.json ? stderr : stdout;
	va_list ap;

	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fflush(f);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void settle(void)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 500 * 1000 * 1000 };

	sync();
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		die("out of memory");
	return p;
}

static size_t hex_decode(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (; hex[0] && hex[1]; hex += 2) {
		unsigned int b;

		if (n == max || sscanf(hex, "%2x", &b) != 1)
			die("internal: bad hex constant");
		out[n++] = b;
	}
	return n;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* ------------------------------------------------------------------ */
/* results                                                             */

struct result {
	const char *key;	/* JSON name */
	const char *label;	/* table name */
	size_t payload;		/* octets of payload per PDU */
	unsigned int batch;	/* PDUs per request or operation */
	bool batched;		/* label gets the batch size */
	uint64_t pdus;
	double secs;
	bool done;
};

enum {
	R_K_SRB_SINGLE,
	R_K_SRB_BATCH,
	R_K_DRB_SINGLE,
	R_K_DRB_BATCH,
	R_A_SRB,
	R_A_DRB,
	/* per algorithm: DRB batched for EEA1..3, SRB batched per EIA (EEA0) */
	R_K_DRB_EEA1,
	R_K_DRB_EEA2,
	R_K_DRB_EEA3,
	R_K_SRB_EIA1,
	R_K_SRB_EIA2,
	R_K_SRB_EIA3,
	R_COUNT
};

static struct result results[R_COUNT] = {
	[R_K_SRB_SINGLE] = { "kernel_srb_protect_single", "srb protect single",
			     SRB_PAYLOAD, 1, false, 0, 0, false },
	[R_K_SRB_BATCH] = { "kernel_srb_protect_batch", "srb protect batch",
			    SRB_PAYLOAD, 0, true, 0, 0, false },
	[R_K_DRB_SINGLE] = { "kernel_drb_protect_single", "drb protect single",
			     DRB_PAYLOAD, 1, false, 0, 0, false },
	[R_K_DRB_BATCH] = { "kernel_drb_protect_batch", "drb protect batch",
			    DRB_PAYLOAD, 0, true, 0, 0, false },
	[R_A_SRB] = { "afalg_srb_cmac_ctr", "afalg srb cmac+ctr",
		      SRB_PAYLOAD, 1, false, 0, 0, false },
	[R_A_DRB] = { "afalg_drb_ctr", "afalg drb ctr",
		      DRB_PAYLOAD, 1, false, 0, 0, false },
	[R_K_DRB_EEA1] = { "kernel_drb_batch_eea1", "drb batch eea1",
			   DRB_PAYLOAD, 0, true, 0, 0, false },
	[R_K_DRB_EEA2] = { "kernel_drb_batch_eea2", "drb batch eea2",
			   DRB_PAYLOAD, 0, true, 0, 0, false },
	[R_K_DRB_EEA3] = { "kernel_drb_batch_eea3", "drb batch eea3",
			   DRB_PAYLOAD, 0, true, 0, 0, false },
	[R_K_SRB_EIA1] = { "kernel_srb_batch_eia1", "srb batch eia1 (eea0)",
			   SRB_PAYLOAD, 0, true, 0, 0, false },
	[R_K_SRB_EIA2] = { "kernel_srb_batch_eia2", "srb batch eia2 (eea0)",
			   SRB_PAYLOAD, 0, true, 0, 0, false },
	[R_K_SRB_EIA3] = { "kernel_srb_batch_eia3", "srb batch eia3 (eea0)",
			   SRB_PAYLOAD, 0, true, 0, 0, false },
};

static double ops_per_s(const struct result *r)
{
	return r->pdus / r->secs;
}

static double mb_per_s(const struct result *r)
{
	return (double)r->pdus * r->payload / r->secs / 1e6;
}

static double ns_per_op(const struct result *r)
{
	return r->secs * 1e9 / r->pdus;
}

/* Time of one request (kernel) or one PDU's operations (AF_ALG). */
static double us_per_request(const struct result *r)
{
	return r->secs * 1e6 * r->batch / r->pdus;
}

static void print_result(const struct result *r)
{
	char name[48];

	if (r->batched)
		snprintf(name, sizeof(name), "%s %u", r->label, r->batch);
	else
		snprintf(name, sizeof(name), "%s", r->label);
	printf("%-24s %5zu B %11.0f ops/s %9.2f MB/s %9.0f ns/PDU %9.2f us/req\n",
	       name, r->payload, ops_per_s(r), mb_per_s(r), ns_per_op(r),
	       us_per_request(r));
	fflush(stdout);
}

typedef unsigned int (*bench_fn)(void *ctx);	/* returns PDUs done */

/*
 * Runs @fn for a short warm-up, then for opt.seconds, reading the clock
 * after every call (vDSO, tens of nanoseconds).
 */
static void run_timed(struct result *r, bench_fn fn, void *ctx)
{
	double warm = opt.seconds / 10, t0, t;
	uint64_t n = 0;

	if (warm > 0.25)
		warm = 0.25;
	t0 = now();
	do
		fn(ctx);
	while (now() - t0 < warm);

	t0 = now();
	do {
		n += fn(ctx);
		t = now();
	} while (t - t0 < opt.seconds);
	r->pdus = n;
	r->secs = t - t0;
	r->done = true;
	if (!opt.json)
		print_result(r);
}

/* ------------------------------------------------------------------ */
/* AF_ALG                                                              */

struct afalg {
	int tfm;	/* bound and keyed */
	int op;		/* accept()ed operation socket, reused per PDU */
	/* skcipher only: ALG_SET_OP and ALG_SET_IV, built once */
	union {
		char buf[CMSG_SPACE(sizeof(uint32_t)) +
			 CMSG_SPACE(sizeof(uint32_t) + AES_BLOCK)];
		struct cmsghdr align;
	} ctl;
	uint8_t *iv;	/* into ctl, where the IV of the next op goes */
};

/* 0, or -errno; -EAFNOSUPPORT when the kernel has no AF_ALG. */
static int afalg_open(struct afalg *a, const char *type, const char *name,
		      const uint8_t *key, size_t keylen)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG };
	int err;

	a->tfm = a->op = -1;
	a->iv = NULL;
	snprintf((char *)sa.salg_type, sizeof(sa.salg_type), "%s", type);
	snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s", name);
	a->tfm = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (a->tfm < 0)
		return -errno;
	if (bind(a->tfm, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(a->tfm, SOL_ALG, ALG_SET_KEY, key, keylen))
		goto fail;
	a->op = accept(a->tfm, NULL, NULL);
	if (a->op < 0)
		goto fail;

	if (!strcmp(type, "skcipher")) {
		struct msghdr msg = {
			.msg_control = a->ctl.buf,
			.msg_controllen = sizeof(a->ctl.buf),
		};
		struct cmsghdr *c;
		uint32_t v;

		memset(&a->ctl, 0, sizeof(a->ctl));
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_ALG;
		c->cmsg_type = ALG_SET_OP;
		c->cmsg_len = CMSG_LEN(sizeof(uint32_t));
		v = ALG_OP_ENCRYPT;
		memcpy(CMSG_DATA(c), &v, sizeof(v));
		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = SOL_ALG;
		c->cmsg_type = ALG_SET_IV;
		c->cmsg_len = CMSG_LEN(sizeof(uint32_t) + AES_BLOCK);
		v = AES_BLOCK;	/* struct af_alg_iv: ivlen, then iv */
		memcpy(CMSG_DATA(c), &v, sizeof(v));
		a->iv = CMSG_DATA(c) + sizeof(uint32_t);
	}
	return 0;
fail:
	err = -errno;
	close(a->tfm);
	a->tfm = -1;
	return err;
}

static void afalg_close(struct afalg *a)
{
	if (a->op >= 0)
		close(a->op);
	if (a->tfm >= 0)
		close(a->tfm);
	a->op = a->tfm = -1;
}

static void read_all(int fd, uint8_t *buf, size_t len, const char *what)
{
	ssize_t n = read(fd, buf, len);

	if (n < 0)
		die("AF_ALG %s: read: %s", what, strerror(errno));
	if ((size_t)n != len)
		die("AF_ALG %s: read %zd octets, wanted %zu", what, n, len);
}

/* ctr(aes) in place over @len octets of @buf, counter block @iv. */
static void afalg_ctr(struct afalg *a, const uint8_t iv[AES_BLOCK],
		      uint8_t *buf, size_t len)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = a->ctl.buf,
		.msg_controllen = sizeof(a->ctl.buf),
	};
	ssize_t n;

	memcpy(a->iv, iv, AES_BLOCK);
	n = sendmsg(a->op, &msg, 0);
	if (n < 0)
		die("AF_ALG ctr(aes): sendmsg: %s", strerror(errno));
	if ((size_t)n != len)
		die("AF_ALG ctr(aes): sent %zd octets of %zu", n, len);
	read_all(a->op, buf, len, "ctr(aes)");
}

/* cmac(aes) of @len octets at @msg into @tag. */
static void afalg_cmac(struct afalg *a, const uint8_t *msg, size_t len,
		       uint8_t tag[AES_BLOCK])
{
	ssize_t n = send(a->op, msg, len, 0);

	if (n < 0)
		die("AF_ALG cmac(aes): send: %s", strerror(errno));
	if ((size_t)n != len)
		die("AF_ALG cmac(aes): sent %zd octets of %zu", n, len);
	read_all(a->op, tag, AES_BLOCK, "cmac(aes)");
}

/*
 * TS 33.401 B.1.3 and B.2.3: COUNT || BEARER || DIRECTION || 0 is both the
 * first 8 octets of the EEA2 counter block (the other 8 are zero) and the
 * 8 octets CMAC sees before the message in EIA2.
 */
static void eps_block(uint8_t out[8], uint32_t count, uint8_t bearer,
		      uint8_t dir)
{
	put_be32(out, count);
	out[4] = (uint8_t)(bearer << 3 | dir << 2);
	out[5] = out[6] = out[7] = 0;
}

static void eea2_iv(uint8_t iv[AES_BLOCK], uint32_t count, uint8_t bearer,
		    uint8_t dir)
{
	eps_block(iv, count, bearer, dir);
	memset(iv + 8, 0, 8);
}

/*
 * Published 128-EEA2 / 128-EIA2 test sets (TS 33.401 Annex C), as in
 * /work/shared/vectors/algorithms.json. EIA2 sets with whole octets only:
 * cmac(aes) takes octets.
 */
static const struct {
	const char *key, *pt, *ct;
	uint32_t count;
	uint8_t bearer, dir;
	unsigned int bits;
} eea2_sets[] = {
	{ "d3c5d592327fb11c4035c6680af8c6d1",
	  "981ba6824c1bfb1ab485472029b71d808ce33e2cc3c0b5fc1f3de8a6dc66b1f0",
	  "e9fed8a63d155304d71df20bf3e82214b20ed7dad2f233dc3c22d7bdeeed8e78",
	  0x398a59b4, 21, 1, 253 },	/* set 1 */
	{ "0a8b6bd8d9b08b08d64e32d1817777fb",
	  "fd40a41d370a1f65745095687d47ba1d36d2349e23f644392c8ea9c49d40c13271aff264d0f248",
	  "75750d37b4bba2a4dedb34235bd68c6645acdaaca48138a3b0c471e2a7041a576423d2927287f0",
	  0x544d49cd, 4, 0, 310 },	/* set 3 */
};

static const struct {
	const char *key, *msg, *mac;
	uint32_t count;
	uint8_t bearer, dir;
} eia2_sets[] = {
	{ "d3c5d592327fb11c4035c6680af8c6d1", "484583d5afe082ae", "b93787e6",
	  0x398a59b4, 26, 1 },	/* set 2, 64 bits */
	{ "83fd23a244a74cf358da3019f1722635",
	  "35c68716633c66fb750c266865d53c11ea05b1e9fa49c8398d48e1efa5909d39"
	  "47902837f5ae96d5a05bc8d61ca8dbef1b13a4b4abfe4fb1006045b674bb5472"
	  "9304c382be53a5af05556176f6eaa2ef1d05e4b083181ee674cda5a485f74d7a",
	  "e657e182", 0x36af6144, 15, 1 },	/* set 5, 768 bits */
};

static void hexdump(FILE *f, const char *what, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(f, "  %s ", what);
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
	fputc('\n', f);
}

/*
 * Known-answer check of the exact AF_ALG calls the benchmark times.
 * Returns 0, or -errno when AF_ALG itself is unavailable; dies on a wrong
 * answer.
 */
static int afalg_self_check(void)
{
	uint8_t key[AES_KEY_LEN], buf[256], want[256], iv[AES_BLOCK];
	uint8_t tag[AES_BLOCK], mac[MAC_I_LEN];
	struct afalg a;
	size_t i, n;
	int err;

	for (i = 0; i < sizeof(eea2_sets) / sizeof(eea2_sets[0]); i++) {
		unsigned int bits = eea2_sets[i].bits;
		size_t len = (bits + 7) / 8;
		uint8_t mask = bits % 8 ? (uint8_t)(0xff << (8 - bits % 8)) : 0xff;

		hex_decode(eea2_sets[i].key, key, sizeof(key));
		if (hex_decode(eea2_sets[i].pt, buf, sizeof(buf)) != len ||
		    hex_decode(eea2_sets[i].ct, want, sizeof(want)) != len)
			die("internal: EEA2 vector length");
		err = afalg_open(&a, "skcipher", "ctr(aes)", key, sizeof(key));
		if (err)
			return err;
		eea2_iv(iv, eea2_sets[i].count, eea2_sets[i].bearer,
			eea2_sets[i].dir);
		afalg_ctr(&a, iv, buf, len);
		afalg_close(&a);
		buf[len - 1] &= mask;
		want[len - 1] &= mask;
		if (memcmp(buf, want, len)) {
			fprintf(stderr, "AF_ALG ctr(aes) gives a wrong 128-EEA2 answer (vector %zu):\n", i);
			hexdump(stderr, "got ", buf, len);
			hexdump(stderr, "want", want, len);
			die("afalg self-check FAILED");
		}
	}

	for (i = 0; i < sizeof(eia2_sets) / sizeof(eia2_sets[0]); i++) {
		hex_decode(eia2_sets[i].key, key, sizeof(key));
		eps_block(buf, eia2_sets[i].count, eia2_sets[i].bearer,
			  eia2_sets[i].dir);
		n = 8 + hex_decode(eia2_sets[i].msg, buf + 8, sizeof(buf) - 8);
		hex_decode(eia2_sets[i].mac, mac, sizeof(mac));
		err = afalg_open(&a, "hash", "cmac(aes)", key, sizeof(key));
		if (err)
			return err;
		afalg_cmac(&a, buf, n, tag);
		/* the operation socket is reused in the benchmark: so here */
		afalg_cmac(&a, buf, n, tag);
		afalg_close(&a);
		if (memcmp(tag, mac, MAC_I_LEN)) {
			fprintf(stderr, "AF_ALG cmac(aes) gives a wrong 128-EIA2 answer (vector %zu):\n", i);
			hexdump(stderr, "got ", tag, MAC_I_LEN);
			hexdump(stderr, "want", mac, MAC_I_LEN);
			die("afalg self-check FAILED");
		}
	}
	return 0;
}

struct afalg_ctx {
	struct afalg ctr, cmac;
	uint32_t count;
	uint8_t bearer, dir;
	const uint8_t *hdr, *data;
	size_t data_len;
	uint8_t *macin;	/* COUNT/BEARER/DIR block || header || payload */
	uint8_t *pdu;	/* header || payload || MAC-I, ciphered in place */
};

/* An SRB PDU as the kernel builds it: MAC-I, then cipher payload || MAC-I. */
static unsigned int afalg_srb_pdu(void *arg)
{
	struct afalg_ctx *c = arg;
	uint8_t iv[AES_BLOCK], tag[AES_BLOCK];
	uint32_t count = c->count++;

	eps_block(c->macin, count, c->bearer, c->dir);
	memcpy(c->macin + 8, c->hdr, PDCP_HDR_LEN);
	memcpy(c->macin + 8 + PDCP_HDR_LEN, c->data, c->data_len);
	afalg_cmac(&c->cmac, c->macin, 8 + PDCP_HDR_LEN + c->data_len, tag);

	memcpy(c->pdu, c->hdr, PDCP_HDR_LEN);
	memcpy(c->pdu + PDCP_HDR_LEN, c->data, c->data_len);
	memcpy(c->pdu + PDCP_HDR_LEN + c->data_len, tag, MAC_I_LEN);
	eea2_iv(iv, count, c->bearer, c->dir);
	afalg_ctr(&c->ctr, iv, c->pdu + PDCP_HDR_LEN, c->data_len + MAC_I_LEN);
	return 1;
}

/* A DRB PDU: cipher the payload. */
static unsigned int afalg_drb_pdu(void *arg)
{
	struct afalg_ctx *c = arg;
	uint8_t iv[AES_BLOCK];

	memcpy(c->pdu, c->hdr, PDCP_HDR_LEN);
	memcpy(c->pdu + PDCP_HDR_LEN, c->data, c->data_len);
	eea2_iv(iv, c->count++, c->bearer, c->dir);
	afalg_ctr(&c->ctr, iv, c->pdu + PDCP_HDR_LEN, c->data_len);
	return 1;
}

static void afalg_bench(const uint8_t *hdr, const uint8_t *srb_data,
			const uint8_t *drb_data)
{
	struct afalg_ctx c = {
		.dir = ENBKEY_DIR_DL,
		.hdr = hdr,
	};
	int err;

	err = afalg_open(&c.ctr, "skcipher", "ctr(aes)", bench_aes_key,
			 AES_KEY_LEN);
	if (err)
		die("AF_ALG ctr(aes): %s", strerror(-err));
	err = afalg_open(&c.cmac, "hash", "cmac(aes)", bench_aes_key,
			 AES_KEY_LEN);
	if (err)
		die("AF_ALG cmac(aes): %s", strerror(-err));
	c.macin = xcalloc(1, 8 + PDCP_HDR_LEN + DRB_PAYLOAD + MAC_I_LEN);
	c.pdu = xcalloc(1, PDCP_HDR_LEN + DRB_PAYLOAD + MAC_I_LEN);

	c.bearer = 0;	/* SRB1 */
	c.data = srb_data;
	c.data_len = SRB_PAYLOAD;
	run_timed(&results[R_A_SRB], afalg_srb_pdu, &c);

	c.bearer = 0;	/* DRB1 */
	c.count = 0;
	c.data = drb_data;
	c.data_len = DRB_PAYLOAD;
	run_timed(&results[R_A_DRB], afalg_drb_pdu, &c);

	afalg_close(&c.ctr);
	afalg_close(&c.cmac);
	free(c.macin);
	free(c.pdu);
}

/* ------------------------------------------------------------------ */
/* kernel                                                              */

static void ue_add(struct enbkey *h, uint32_t id)
{
	int err = enbkey_ue_add(h, id);

	/* left over from a run that was killed: start it afresh */
	if (err == -EEXIST) {
		enbkey_ue_del(h, id);
		err = enbkey_ue_add(h, id);
	}
	if (err)
		die("ue add %#" PRIx32 ": %s", id, enbkey_strerror(h));
}

static void ue_keyed_algs(struct enbkey *h, uint32_t id, uint8_t eea,
			  uint8_t eia)
{
	if (enbkey_key_set(h, id, bench_kenb, sizeof(bench_kenb), -1))
		die("key set %#" PRIx32 ": %s", id, enbkey_strerror(h));
	if (enbkey_sec_set(h, id, eea, eia, false))
		die("sec set %#" PRIx32 " eea %u eia %u: %s", id, eea, eia,
		    enbkey_strerror(h));
}

static void ue_keyed(struct enbkey *h, uint32_t id)
{
	ue_keyed_algs(h, id, 2, 2);
}

struct kernel_ctx {
	struct enbkey *h;
	uint32_t id;
	unsigned int n;			/* PDUs per request */
	struct enbkey_pdu *pdus;
	size_t out_len;			/* what each PDU must come back as */
	uint32_t *count;		/* next COUNT of the bearer */
	uint8_t *out;
};

static unsigned int kernel_protect(void *arg)
{
	struct kernel_ctx *k = arg;
	unsigned int i;

	for (i = 0; i < k->n; i++) {
		k->pdus[i].count = (*k->count)++;
		k->pdus[i].out_len = 0;
		k->pdus[i].err = 0;
	}
	if (enbkey_pdcp_protect(k->h, k->id, k->pdus, k->n))
		die("pdcp protect (%u PDUs): %s", k->n, enbkey_strerror(k->h));
	for (i = 0; i < k->n; i++) {
		if (k->pdus[i].err)
			die("pdcp protect: PDU %u of %u: %s", i, k->n,
			    strerror(abs(k->pdus[i].err)));
		if (k->pdus[i].out_len != k->out_len)
			die("pdcp protect: PDU %u came back with %zu octets, expected %zu",
			    i, k->pdus[i].out_len, k->out_len);
	}
	return k->n;
}

/* Octets of a netlink attribute carrying @len octets, padding included. */
static size_t nla_octets(size_t len)
{
	return 4 + ((len + 3) & ~(size_t)3);
}

/*
 * Most PDUs of @hdr_len + @data_len octets one request may carry: at most
 * ENBKEY_PDUS_MAX PDUs and ENBKEY_PDUS_DATA_MAX octets of them, and what
 * the 16-bit length of the ENBKEY_A_PDUS nest holds with every PDU's nest
 * and attributes (RB type, RB id, DIR, COUNT, HDR, DATA; no FLAGS).
 */
static unsigned int batch_for(size_t hdr_len, size_t data_len)
{
	size_t wire = nla_octets(0) + 3 * nla_octets(1) + nla_octets(4) +
		      nla_octets(hdr_len) + nla_octets(data_len);
	unsigned int n = opt.batch;

	if (n > ENBKEY_PDUS_MAX)
		n = ENBKEY_PDUS_MAX;
	if (n > ENBKEY_PDUS_DATA_MAX / (hdr_len + data_len))
		n = ENBKEY_PDUS_DATA_MAX / (hdr_len + data_len);
	if (n > (UINT16_MAX - nla_octets(0)) / wire)
		n = (UINT16_MAX - nla_octets(0)) / wire;
	return n;
}

static void kernel_setup_pdus(struct kernel_ctx *k, unsigned int n,
			      uint8_t rb_type, const uint8_t *hdr,
			      const uint8_t *data, size_t data_len,
			      size_t out_len)
{
	unsigned int i;

	k->n = n;
	k->out_len = out_len;
	k->pdus = xcalloc(n, sizeof(*k->pdus));
	k->out = xcalloc(n, out_len + MAC_I_LEN);
	for (i = 0; i < n; i++) {
		k->pdus[i] = (struct enbkey_pdu){
			.rb_type = rb_type,
			.rb_id = 1,
			.dir = ENBKEY_DIR_DL,
			.hdr = hdr,
			.hdr_len = PDCP_HDR_LEN,
			.data = data,
			.data_len = data_len,
			.out = k->out + (size_t)i * (out_len + MAC_I_LEN),
			.out_size = out_len + MAC_I_LEN,
		};
	}
}

static void kernel_free_pdus(struct kernel_ctx *k)
{
	free(k->pdus);
	free(k->out);
	k->pdus = NULL;
	k->out = NULL;
}

/*
 * Not a comparison with AF_ALG: the kernel never shows its keys, so its
 * output cannot be recomputed here (the integration tests do that with
 * their own reference). Lengths, the clear header, and a payload that is
 * not left in clear. (Unprotecting the PDU again is not the eNB's role.)
 */
static void kernel_sanity(struct enbkey *h, uint8_t rb_type, uint32_t *count,
			  const uint8_t *hdr, const uint8_t *data,
			  size_t data_len, size_t out_len, const char *what)
{
	uint8_t *prot = xcalloc(1, out_len + MAC_I_LEN);
	struct enbkey_pdu p = {
		.rb_type = rb_type,
		.rb_id = 1,
		.dir = ENBKEY_DIR_DL,
		.count = (*count)++,
		.hdr = hdr,
		.hdr_len = PDCP_HDR_LEN,
		.data = data,
		.data_len = data_len,
		.out = prot,
		.out_size = out_len + MAC_I_LEN,
	};

	if (enbkey_pdcp_protect(h, BENCH_UE_ID, &p, 1) || p.err)
		die("%s protect: %s", what, p.err ? strerror(abs(p.err)) :
		    enbkey_strerror(h));
	if (p.out_len != out_len)
		die("%s protect: %zu octets out, expected %zu", what,
		    p.out_len, out_len);
	if (memcmp(prot, hdr, PDCP_HDR_LEN))
		die("%s protect: the header did not stay in clear", what);
	if (!memcmp(prot + PDCP_HDR_LEN, data, data_len))
		die("%s protect: the payload came back in clear with EEA2", what);
	free(prot);
}

static void kernel_bench(struct enbkey *h, const uint8_t *hdr,
			 const uint8_t *srb_data, const uint8_t *drb_data)
{
	const size_t srb_out = PDCP_HDR_LEN + SRB_PAYLOAD + MAC_I_LEN;
	const size_t drb_out = PDCP_HDR_LEN + DRB_PAYLOAD;
	uint32_t srb_count = 0, drb_count = 0;
	struct kernel_ctx k = { .h = h, .id = BENCH_UE_ID };

	ue_add(h, BENCH_UE_ID);
	live.bench_ue = true;
	ue_keyed(h, BENCH_UE_ID);

	kernel_sanity(h, ENBKEY_RB_SRB, &srb_count, hdr, srb_data,
		      SRB_PAYLOAD, srb_out, "SRB1");
	kernel_sanity(h, ENBKEY_RB_DRB, &drb_count, hdr, drb_data,
		      DRB_PAYLOAD, drb_out, "DRB1");
	note("kernel sanity ok: SRB1 %zu octets, DRB1 %zu octets out, header in clear, payload not\n",
	     srb_out, drb_out);

	k.count = &srb_count;
	kernel_setup_pdus(&k, 1, ENBKEY_RB_SRB, hdr, srb_data, SRB_PAYLOAD,
			  srb_out);
	run_timed(&results[R_K_SRB_SINGLE], kernel_protect, &k);
	kernel_free_pdus(&k);

	kernel_setup_pdus(&k, results[R_K_SRB_BATCH].batch, ENBKEY_RB_SRB,
			  hdr, srb_data, SRB_PAYLOAD, srb_out);
	run_timed(&results[R_K_SRB_BATCH], kernel_protect, &k);
	kernel_free_pdus(&k);

	k.count = &drb_count;
	kernel_setup_pdus(&k, 1, ENBKEY_RB_DRB, hdr, drb_data, DRB_PAYLOAD,
			  drb_out);
	run_timed(&results[R_K_DRB_SINGLE], kernel_protect, &k);
	kernel_free_pdus(&k);

	kernel_setup_pdus(&k, results[R_K_DRB_BATCH].batch, ENBKEY_RB_DRB,
			  hdr, drb_data, DRB_PAYLOAD, drb_out);
	run_timed(&results[R_K_DRB_BATCH], kernel_protect, &k);
	kernel_free_pdus(&k);

	if (enbkey_ue_del(h, BENCH_UE_ID))
		die("ue del %#x: %s", BENCH_UE_ID, enbkey_strerror(h));
	live.bench_ue = false;
}

/*
 * Batched protect with each algorithm, on a UE of its own per selection
 * (algorithms are selected once): DRB1 with EEA1, EEA2 and EEA3 (EIA2,
 * which a DRB does not use), and SRB1 with each EIA, EEA0 so that the
 * figure is the integrity algorithm's.
 */
static void kernel_bench_algs(struct enbkey *h, const uint8_t *hdr,
			      const uint8_t *srb_data, const uint8_t *drb_data)
{
	struct kernel_ctx k = { .h = h, .id = BENCH_UE_ID };
	uint32_t count;
	int i;

	for (i = 0; i < 6; i++) {
		bool drb = i < 3;
		uint8_t n = i % 3 + 1;
		struct result *r = &results[R_K_DRB_EEA1 + i];

		ue_add(h, BENCH_UE_ID);
		live.bench_ue = true;
		ue_keyed_algs(h, BENCH_UE_ID, drb ? n : 0, drb ? 2 : n);
		count = 0;
		k.count = &count;
		if (drb)
			kernel_setup_pdus(&k, r->batch, ENBKEY_RB_DRB, hdr,
					  drb_data, DRB_PAYLOAD,
					  PDCP_HDR_LEN + DRB_PAYLOAD);
		else
			kernel_setup_pdus(&k, r->batch, ENBKEY_RB_SRB, hdr,
					  srb_data, SRB_PAYLOAD,
					  PDCP_HDR_LEN + SRB_PAYLOAD + MAC_I_LEN);
		run_timed(r, kernel_protect, &k);
		kernel_free_pdus(&k);
		if (enbkey_ue_del(h, BENCH_UE_ID))
			die("ue del %#x: %s", BENCH_UE_ID, enbkey_strerror(h));
		live.bench_ue = false;
	}
}

/* ------------------------------------------------------------------ */
/* memory                                                              */

static const char *slab_source;

/*
 * Octets of slab objects in the kernel: sum of num_objs * objsize over the
 * caches of /proc/slabinfo, or "Slab:" of /proc/meminfo when slabinfo
 * cannot be read.
 */
static long long slab_bytes(void)
{
	char line[512], name[128];
	long long total = 0;
	FILE *f;

	f = fopen("/proc/slabinfo", "r");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			unsigned long active, num, size;

			if (!strncmp(line, "slabinfo", 8) || line[0] == '#')
				continue;
			if (sscanf(line, "%127s %lu %lu %lu", name, &active,
				   &num, &size) == 4)
				total += (long long)num * size;
		}
		fclose(f);
		slab_source = "slabinfo";
		return total;
	}
	f = fopen("/proc/meminfo", "r");
	if (!f)
		die("neither /proc/slabinfo nor /proc/meminfo: %s",
		    strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		long long kb;

		if (sscanf(line, "Slab: %lld kB", &kb) == 1)
			total = kb * 1024;
	}
	fclose(f);
	slab_source = "meminfo";
	return total;
}

static long long settled_slab_bytes(void)
{
	settle();
	return slab_bytes();
}

static struct {
	bool done;
	unsigned int ues;
	long long before, keyed, bearers;
} mem;

static void memory_bench(struct enbkey *h, const uint8_t *hdr,
			 const uint8_t *srb_data, const uint8_t *drb_data)
{
	uint8_t out[3][PDCP_HDR_LEN + DRB_PAYLOAD + MAC_I_LEN];
	struct enbkey_pdu p[3];
	unsigned int i, j;
	double t0 = now();

	mem.ues = opt.ues;
	mem.before = settled_slab_bytes();
	for (i = 0; i < opt.ues; i++) {
		ue_add(h, MEM_UE_BASE + i);
		live.mem_ues = i + 1;
		ue_keyed(h, MEM_UE_BASE + i);
	}
	mem.keyed = settled_slab_bytes();

	for (i = 0; i < opt.ues; i++) {
		for (j = 0; j < 3; j++) {
			bool drb = j == 2;

			p[j] = (struct enbkey_pdu){
				.rb_type = drb ? ENBKEY_RB_DRB : ENBKEY_RB_SRB,
				.rb_id = drb ? 1 : j + 1,
				.dir = ENBKEY_DIR_DL,
				.count = 0,
				.hdr = hdr,
				.hdr_len = PDCP_HDR_LEN,
				.data = drb ? drb_data : srb_data,
				.data_len = drb ? DRB_PAYLOAD : SRB_PAYLOAD,
				.out = out[j],
				.out_size = sizeof(out[j]),
			};
		}
		if (enbkey_pdcp_protect(h, MEM_UE_BASE + i, p, 3))
			die("pdcp protect on UE %#x: %s", MEM_UE_BASE + i,
			    enbkey_strerror(h));
		for (j = 0; j < 3; j++)
			if (p[j].err)
				die("pdcp protect on UE %#x, PDU %u: %s",
				    MEM_UE_BASE + i, j, strerror(abs(p[j].err)));
	}
	mem.bearers = settled_slab_bytes();

	for (i = opt.ues; i > 0; i--) {
		if (enbkey_ue_del(h, MEM_UE_BASE + i - 1))
			die("ue del %#x: %s", MEM_UE_BASE + i - 1,
			    enbkey_strerror(h));
		live.mem_ues = i - 1;
	}
	mem.done = true;
	if (!opt.json)
		printf("memory: %u UEs (%.1f s to set up and tear down), %s slab %lld kB -> %lld kB keyed -> %lld kB with bearers\n",
		       opt.ues, now() - t0, slab_source, mem.before / 1024,
		       mem.keyed / 1024, mem.bearers / 1024);
}

/* ------------------------------------------------------------------ */
/* summary                                                             */

#define DRB_RATIO_TARGET	0.80	/* at least */
#define SRB_RATIO_TARGET	1.50	/* at most */
#define MEM_TARGET		2048	/* bytes per UE, under */

static bool drb_ratio(double *v)
{
	if (!results[R_K_DRB_BATCH].done || !results[R_A_DRB].done)
		return false;
	*v = ops_per_s(&results[R_K_DRB_BATCH]) / ops_per_s(&results[R_A_DRB]);
	return true;
}

static bool srb_ratio(double *v)
{
	if (!results[R_K_SRB_SINGLE].done || !results[R_A_SRB].done)
		return false;
	*v = ns_per_op(&results[R_K_SRB_SINGLE]) / ns_per_op(&results[R_A_SRB]);
	return true;
}

static double per_ue(long long after)
{
	return mem.ues ? (double)(after - mem.before) / mem.ues : 0;
}

static void print_summary(const char *afalg_state)
{
	double v;

	printf("\nsummary (payload MB = 10^6 octets; ratios compare PDUs/s)\n");
	if (drb_ratio(&v))
		printf("  drb: batched protect / afalg ctr         ratio %.2f (target >= %.2f)\n",
		       v, DRB_RATIO_TARGET);
	else
		printf("  drb: batched protect / afalg ctr         n/a\n");
	if (srb_ratio(&v))
		printf("  srb: single protect rtt / afalg cmac+ctr ratio %.2f (target <= %.2f)\n",
		       v, SRB_RATIO_TARGET);
	else
		printf("  srb: single protect rtt / afalg cmac+ctr n/a\n");
	if (mem.done) {
		printf("  memory per UE, keyed (eea2/eia2)        %.0f B (target < %d)\n",
		       per_ue(mem.keyed), MEM_TARGET);
		printf("  memory per UE, + SRB1, SRB2, DRB1 state %.0f B (target < %d)\n",
		       per_ue(mem.bearers), MEM_TARGET);
	} else {
		printf("  memory per UE                           n/a\n");
	}
	printf("  afalg self-check: %s\n", afalg_state);
}

static void json_num(const char *name, double v, bool comma)
{
	if (isfinite(v))
		printf("\"%s\": %.6g%s", name, v, comma ? ", " : "");
	else
		printf("\"%s\": null%s", name, comma ? ", " : "");
}

static void print_json(const char *afalg_state)
{
	bool first = true;
	double v;
	int i;

	printf("{\"tool\": \"enbkey-bench\", \"seconds\": %g, \"batch\": %u, ",
	       opt.seconds, opt.batch);
	printf("\"afalg_selfcheck\": \"%s\", \"results\": {", afalg_state);
	for (i = 0; i < R_COUNT; i++) {
		const struct result *r = &results[i];

		if (!r->done)
			continue;
		printf("%s\"%s\": {\"payload\": %zu, \"pdus_per_request\": %u, \"pdus\": %" PRIu64 ", ",
		       first ? "" : ", ", r->key, r->payload, r->batch, r->pdus);
		json_num("seconds", r->secs, true);
		json_num("ops_per_s", ops_per_s(r), true);
		json_num("mb_per_s", mb_per_s(r), true);
		json_num("ns_per_pdu", ns_per_op(r), true);
		json_num("us_per_request", us_per_request(r), false);
		printf("}");
		first = false;
	}
	printf("}, \"ratios\": {\"drb_batch_vs_afalg\": ");
	if (drb_ratio(&v))
		printf("{\"value\": %.4f, \"target_min\": %.2f}", v,
		       DRB_RATIO_TARGET);
	else
		printf("null");
	printf(", \"srb_single_rtt_vs_afalg_pair\": ");
	if (srb_ratio(&v))
		printf("{\"value\": %.4f, \"target_max\": %.2f}", v,
		       SRB_RATIO_TARGET);
	else
		printf("null");
	printf("}, \"memory\": ");
	if (mem.done)
		printf("{\"ues\": %u, \"source\": \"%s\", \"slab_before\": %lld, \"slab_keyed\": %lld, \"slab_bearers\": %lld, \"bytes_per_ue_keyed\": %.0f, \"bytes_per_ue_bearers\": %.0f, \"target_max\": %d}",
		       mem.ues, slab_source, mem.before, mem.keyed,
		       mem.bearers, per_ue(mem.keyed), per_ue(mem.bearers),
		       MEM_TARGET);
	else
		printf("null");
	printf("}\n");
}

/* ------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: enbkey-bench [-t SECONDS] [-b N] [-u N] [-j] [--afalg-only | --kernel-only]\n"
		"  -t, --time SECONDS   measure each case this long (default 2)\n"
		"  -b, --batch N        PDUs per batched request, 1..%d (default 32;\n"
		"                       DRB batches are cut to fit %d octets)\n"
		"  -u, --ues N          UEs for the memory measurement, 0 to skip\n"
		"                       (default 10000)\n"
		"  -j, --json           one JSON object on stdout instead of the table\n"
		"      --afalg-only     AF_ALG self-check and figures only, no module needed\n"
		"      --kernel-only    skip AF_ALG (no ratios)\n"
		"  -h, --help           this text\n",
		ENBKEY_PDUS_MAX, ENBKEY_PDUS_DATA_MAX);
}

static unsigned long parse_uint(const char *s, const char *what,
				unsigned long min, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < min || v > max) {
		fprintf(stderr, "enbkey-bench: %s must be %lu..%lu\n", what,
			min, max);
		exit(2);
	}
	return v;
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "time", required_argument, NULL, 't' },
		{ "batch", required_argument, NULL, 'b' },
		{ "ues", required_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ "afalg-only", no_argument, NULL, 'A' },
		{ "kernel-only", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "t:b:u:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			opt.seconds = strtod(optarg, &end);
			if (end == optarg || *end || !(opt.seconds > 0) ||
			    opt.seconds > 3600) {
				fprintf(stderr, "enbkey-bench: -t wants seconds, above 0 and at most 3600\n");
				exit(2);
			}
			break;
		case 'b':
			opt.batch = parse_uint(optarg, "-b", 1, ENBKEY_PDUS_MAX);
			break;
		case 'u':
			opt.ues = parse_uint(optarg, "-u", 0, MEM_UES_MAX);
			break;
		case 'j':
			opt.json = true;
			break;
		case 'A':
			opt.afalg_only = true;
			break;
		case 'K':
			opt.kernel_only = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind != argc || (opt.afalg_only && opt.kernel_only)) {
		usage(stderr);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	static uint8_t srb_data[SRB_PAYLOAD], drb_data[DRB_PAYLOAD];
	const uint8_t hdr[PDCP_HDR_LEN] = { 0x05 };
	const char *afalg_state = "skipped";
	bool afalg;
	size_t i;
	int err;

	parse_args(argc, argv);
	afalg = !opt.kernel_only;
	results[R_K_SRB_BATCH].batch = batch_for(PDCP_HDR_LEN, SRB_PAYLOAD);
	results[R_K_DRB_BATCH].batch = batch_for(PDCP_HDR_LEN, DRB_PAYLOAD);
	for (i = R_K_DRB_EEA1; i <= R_K_DRB_EEA3; i++)
		results[i].batch = results[R_K_DRB_BATCH].batch;
	for (i = R_K_SRB_EIA1; i <= R_K_SRB_EIA3; i++)
		results[i].batch = results[R_K_SRB_BATCH].batch;
	for (i = 0; i < sizeof(srb_data); i++)
		srb_data[i] = (uint8_t)(i * 7 + 1);
	for (i = 0; i < sizeof(drb_data); i++)
		drb_data[i] = (uint8_t)(i * 13 + 3);

	if (afalg) {
		err = afalg_self_check();
		if (err) {
			note("AF_ALG unavailable (%s): no AF_ALG figures, no ratios\n",
			     strerror(-err));
			afalg_state = "unavailable";
			afalg = false;
			if (opt.afalg_only)
				return 77;	/* nothing measured: "skipped" */
		} else {
			note("afalg self-check ok (128-EEA2 sets 1, 3; 128-EIA2 sets 2, 5)\n");
			afalg_state = "ok";
		}
	}

	if (!opt.json)
		printf("enbkey-bench: %g s per case, downlink, EEA2/EIA2, %d-octet header, batch %u (SRB %u, DRB %u PDUs per request)\n",
		       opt.seconds, PDCP_HDR_LEN, opt.batch,
		       results[R_K_SRB_BATCH].batch,
		       results[R_K_DRB_BATCH].batch);

	if (!opt.afalg_only) {
		live.h = enbkey_open();
		if (!live.h)
			die("cannot open enbkey: %s", errno == ENOENT ?
			    "the enbkey module is not loaded" : strerror(errno));
		kernel_bench(live.h, hdr, srb_data, drb_data);
		kernel_bench_algs(live.h, hdr, srb_data, drb_data);
	}
	if (afalg)
		afalg_bench(hdr, srb_data, drb_data);
	if (!opt.afalg_only && opt.ues)
		memory_bench(live.h, hdr, srb_data, drb_data);

	if (opt.json)
		print_json(afalg_state);
	else
		print_summary(afalg_state);
	cleanup();
	return 0;
}
