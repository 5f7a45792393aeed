// SPDX-License-Identifier: GPL-2.0
/*
 * residue: no key is left in RAM once it is gone.
 *
 * Runs scenarios through libenbkey, then reads all of physical memory (the
 * direct-map segments of /proc/kcore) and searches it for every key the
 * scenario made the kernel drop: KeNB, NH, KeNB*, S-KeNB and the AS keys.
 * Keys that are still in use are searched for too, as a control that the
 * scan finds what is there; they must be found.
 *
 * The tool never holds a key in clear, or it would leave the residue it
 * looks for: a key is drawn from getrandom() in masked form (XORed with a
 * pad drawn at start), unmasked into a stack buffer only to be sent or to
 * derive another key, and that buffer is wiped right after, as is the stack
 * below it. The KDF (TS 33.220 B.2: HMAC-SHA-256, FIPS 180-4 and RFC 2104)
 * is this file's own, so that every buffer it uses is one it wipes. Memory
 * is compared octet by octet against the masked keys.
 *
 * A hit is any 8 consecutive octets of a key, at any offset: freed slab
 * objects have a free-list pointer written over part of them.
 *
 * Usage: residue [-m MODULE.ko] [-p MODULE_PARAMS]   (root, enbkey loaded)
 * Prints "ok - ..." / "not ok - ..." lines and a summary "residue: N octets
 * scanned in N scans, N hits"; exits 1 if any check failed.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/enbkey.h>

#include "libenbkey.h"

#define WINDOW		8
#define MAX_NEEDLES	256
#define CHUNK		(1 << 20)

/* The pad every key is held under; a random key is drawn already masked. */
static uint8_t pad[ENBKEY_KENB_LEN];

struct needle {
	char name[64];
	uint8_t m[ENBKEY_KENB_LEN];	/* the key XOR pad */
	unsigned int len;
	bool live;		/* still in use: must be found */
	bool armed;		/* searched for in the next scan */
	unsigned long hits;
};

static struct needle needles[MAX_NEEDLES];
static unsigned int n_needles;
static unsigned int checks, failures;
static unsigned long long scanned_total;
static unsigned int scans;
static unsigned long hits_total;
static struct enbkey *h;

static void result(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void result(bool ok, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (!ok)
		failures++;
	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void die(const char *what)
{
	fprintf(stderr, "residue: %s: %s\n", what, enbkey_strerror(h));
	exit(2);
}

/* Wipes the stack below the caller, where callees left their locals. */
static void __attribute__((noinline)) burn_stack(void)
{
	uint8_t junk[32768];

	explicit_bzero(junk, sizeof(junk));
	__asm__ __volatile__("" : : "r"(junk) : "memory");
}

/* ---- SHA-256 (FIPS 180-4) and HMAC (RFC 2104), on buffers we wipe ---- */

struct sha256 {
	uint32_t h[8];
	uint8_t block[64];
	uint64_t len;
	unsigned int fill;
};

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned int n)
{
	return x >> n | x << (32 - n);
}

static void sha256_block(struct sha256 *c, const uint8_t *p)
{
	uint32_t w[64], s[8], t1, t2;
	unsigned int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | p[4 * i + 1] << 16 |
		       p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++)
		w[i] = w[i - 16] + (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3) +
		       w[i - 7] + (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10);
	memcpy(s, c->h, sizeof(s));
	for (i = 0; i < 64; i++) {
		t1 = s[7] + (ror(s[4], 6) ^ ror(s[4], 11) ^ ror(s[4], 25)) +
		     ((s[4] & s[5]) ^ (~s[4] & s[6])) + sha256_k[i] + w[i];
		t2 = (ror(s[0], 2) ^ ror(s[0], 13) ^ ror(s[0], 22)) +
		     ((s[0] & s[1]) ^ (s[0] & s[2]) ^ (s[1] & s[2]));
		memmove(s + 1, s, 7 * sizeof(s[0]));
		s[4] += t1;
		s[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		c->h[i] += s[i];
	explicit_bzero(w, sizeof(w));
	explicit_bzero(s, sizeof(s));
	t1 = t2 = 0;
}

static void sha256_init(struct sha256 *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(c->h, iv, sizeof(iv));
	c->len = 0;
	c->fill = 0;
}

static void sha256_update(struct sha256 *c, const uint8_t *p, size_t n)
{
	c->len += n;
	while (n--) {
		c->block[c->fill++] = *p++;
		if (c->fill == 64) {
			sha256_block(c, c->block);
			c->fill = 0;
		}
	}
}

static void sha256_final(struct sha256 *c, uint8_t out[32])
{
	uint64_t bits = c->len * 8;
	uint8_t len[8];
	unsigned int i;

	for (i = 0; i < 8; i++)
		len[i] = bits >> (56 - 8 * i);
	sha256_update(c, (const uint8_t *)"\x80", 1);
	while (c->fill != 56)
		sha256_update(c, (const uint8_t *)"", 1);
	sha256_update(c, len, 8);
	for (i = 0; i < 32; i++)
		out[i] = c->h[i / 4] >> (24 - 8 * (i % 4));
	explicit_bzero(c, sizeof(*c));
}

/* TS 33.220 B.2: the KDF is HMAC-SHA-256 with a 256-bit key */
static void hmac_sha256(const uint8_t key[32], const uint8_t *s, size_t n,
			uint8_t out[32])
{
	uint8_t k[64], inner[32];
	struct sha256 c;
	unsigned int i;

	for (i = 0; i < 64; i++)
		k[i] = (i < 32 ? key[i] : 0) ^ 0x36;
	sha256_init(&c);
	sha256_update(&c, k, 64);
	sha256_update(&c, s, n);
	sha256_final(&c, inner);
	for (i = 0; i < 64; i++)
		k[i] ^= 0x36 ^ 0x5c;
	sha256_init(&c);
	sha256_update(&c, k, 64);
	sha256_update(&c, inner, 32);
	sha256_final(&c, out);
	explicit_bzero(k, sizeof(k));
	explicit_bzero(inner, sizeof(inner));
}

/* The KDF over masked keys: masked base key in, masked output out. */
static void __attribute__((noinline))
kdf_masked(const uint8_t mkey[32], const uint8_t *s, size_t n, uint8_t mout[32])
{
	uint8_t key[32], out[32];
	unsigned int i;

	for (i = 0; i < 32; i++)
		key[i] = mkey[i] ^ pad[i];
	hmac_sha256(key, s, n, out);
	for (i = 0; i < 32; i++)
		mout[i] = out[i] ^ pad[i];
	explicit_bzero(key, sizeof(key));
	explicit_bzero(out, sizeof(out));
}

static void self_test(void)
{
	/* RFC 4231 test case 2 shape is for short keys; FIPS 180-4 "abc" */
	static const uint8_t abc[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	struct sha256 c;
	uint8_t out[32];

	sha256_init(&c);
	sha256_update(&c, (const uint8_t *)"abc", 3);
	sha256_final(&c, out);
	result(!memcmp(out, abc, 32), "SHA-256 of \"abc\" (FIPS 180-2 B.1)");
}

/* ---- needles ---- */

static struct needle *needle(const char *name, const uint8_t *m,
			     unsigned int len)
{
	struct needle *n;

	if (n_needles == MAX_NEEDLES) {
		fprintf(stderr, "residue: too many keys\n");
		exit(2);
	}
	n = &needles[n_needles++];
	snprintf(n->name, sizeof(n->name), "%s", name);
	memcpy(n->m, m, len);
	n->len = len;
	return n;
}

/* A base key (KeNB or NH), drawn masked. */
struct base {
	uint8_t m[ENBKEY_KENB_LEN];
	char name[40];
	struct needle *n;
	struct needle *as[4];	/* KRRCenc, KRRCint, KUPenc, KUPint */
};

static void base_new(struct base *b, const char *name)
{
	if (getrandom(b->m, sizeof(b->m), 0) != sizeof(b->m)) {
		perror("residue: getrandom");
		exit(2);
	}
	snprintf(b->name, sizeof(b->name), "%s", name);
	b->n = needle(name, b->m, sizeof(b->m));
	memset(b->as, 0, sizeof(b->as));
}

/* TS 33.401 A.7: the AS keys of @b for EEA@eea and EIA@eia */
static void base_as_keys(struct base *b, int eea, int eia)
{
	static const char *const names[] = { "KRRCenc", "KRRCint", "KUPenc", "KUPint" };
	uint8_t s[7] = { 0x15, 0, 0x00, 0x01, 0, 0x00, 0x01 }, out[32], m[16];
	char name[64];
	unsigned int type, i;

	for (type = 3; type <= 6; type++) {
		s[1] = type;
		s[4] = type == 3 || type == 5 ? eea : eia;
		kdf_masked(b->m, s, sizeof(s), out);
		/* the 128 least significant bits, masked with pad[0..15] */
		for (i = 0; i < 16; i++)
			m[i] = out[16 + i] ^ pad[16 + i] ^ pad[i];
		snprintf(name, sizeof(name), "%s of %s (alg %u)", names[type - 3],
			 b->name, s[4]);
		b->as[type - 3] = needle(name, m, 16);
	}
	explicit_bzero(out, sizeof(out));
	explicit_bzero(m, sizeof(m));
	burn_stack();
}

/* TS 33.401 A.5: KeNB* of @k towards PCI @pci, EARFCN-DL @earfcn */
static void kenb_star(const struct base *k, unsigned int pci,
		      unsigned int earfcn, struct base *out, const char *name)
{
	uint8_t s[16];
	size_t n = 0;

	s[n++] = 0x13;
	s[n++] = pci >> 8;
	s[n++] = pci;
	s[n++] = 0x00;
	s[n++] = 0x02;
	if (earfcn > 0xffff) {
		s[n++] = earfcn >> 16;
		s[n++] = earfcn >> 8;
		s[n++] = earfcn;
		s[n++] = 0x00;
		s[n++] = 0x03;
	} else {
		s[n++] = earfcn >> 8;
		s[n++] = earfcn;
		s[n++] = 0x00;
		s[n++] = 0x02;
	}
	kdf_masked(k->m, s, n, out->m);
	snprintf(out->name, sizeof(out->name), "%s", name);
	out->n = needle(name, out->m, sizeof(out->m));
	memset(out->as, 0, sizeof(out->as));
	burn_stack();
}

/* TS 33.401 A.15: S-KeNB of @k for SCG Counter @counter */
static struct needle *s_kenb(const struct base *k, unsigned int counter,
			     const char *name)
{
	const uint8_t s[] = { 0x1c, counter >> 8, counter, 0x00, 0x02 };
	struct needle *n;
	uint8_t m[32];

	kdf_masked(k->m, s, sizeof(s), m);
	n = needle(name, m, sizeof(m));
	explicit_bzero(m, sizeof(m));
	burn_stack();
	return n;
}

static void mark(struct needle *n, bool live)
{
	n->armed = true;
	n->live = live;
}

/* Arms @b and its AS keys as dropped keys, which no scan may find. */
static void base_gone(struct base *b)
{
	unsigned int i;

	mark(b->n, false);
	for (i = 0; i < 4; i++)
		if (b->as[i])
			mark(b->as[i], false);
}

/*
 * Arms @b and its KRRCint as keys in use, which the scan must find: the
 * control that it reads what is there. (Which other AS keys a UE holds
 * depends on its algorithms; KRRCint it always has.)
 */
static void base_live(struct base *b)
{
	mark(b->n, true);
	if (b->as[1])
		mark(b->as[1], true);
}

/* ---- requests, with keys unmasked only for the call ---- */

static void __attribute__((noinline)) key_set(uint32_t id, const struct base *b)
{
	uint8_t key[ENBKEY_KENB_LEN];
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(key); i++)
		key[i] = b->m[i] ^ pad[i];
	ret = enbkey_key_set(h, id, key, sizeof(key), -1);
	explicit_bzero(key, sizeof(key));
	burn_stack();
	if (ret)
		die("key set");
}

static void __attribute__((noinline)) nh_set(uint32_t id, const struct base *b,
					     int ncc)
{
	uint8_t key[ENBKEY_KENB_LEN];
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(key); i++)
		key[i] = b->m[i] ^ pad[i];
	ret = enbkey_nh_set(h, id, key, sizeof(key), ncc);
	explicit_bzero(key, sizeof(key));
	burn_stack();
	if (ret)
		die("nh set");
}

/* HO_EXPORT: the exported KeNB* comes back masked with @expect's pad. */
static void __attribute__((noinline)) export(uint32_t id,
					     const struct enbkey_cell *cell,
					     const struct base *expect)
{
	uint8_t key[ENBKEY_KENB_LEN];
	unsigned int i, diff = 0;
	uint8_t ncc;
	int ret;

	ret = enbkey_ho_export_cell(h, id, cell, key, &ncc);
	for (i = 0; i < sizeof(key); i++) {
		key[i] ^= pad[i];
		diff |= key[i] ^ expect->m[i];
	}
	explicit_bzero(key, sizeof(key));
	burn_stack();
	if (ret)
		die("ho export");
	result(!diff, "ho export returns %s", expect->name);
}

static void __attribute__((noinline)) get_s_kenb(uint32_t id)
{
	uint8_t key[ENBKEY_KENB_LEN];
	uint32_t counter;
	int ret;

	ret = enbkey_s_kenb(h, id, key, &counter);
	explicit_bzero(key, sizeof(key));
	burn_stack();
	if (ret)
		die("s kenb");
}

/*
 * Protects a downlink PDU on SRB1 and DRB1 and has an uplink PDU with a
 * wrong MAC-I checked on SRB2, so that every AS key of the current set is
 * used by the kernel.
 */
static void traffic(uint32_t id, uint32_t count)
{
	static const uint8_t hdr[] = { 0x00 }, data[64] = { 1, 2, 3 };
	uint8_t out[3][sizeof(data) + 16];
	struct enbkey_pdu pdus[3] = {
		{ ENBKEY_RB_SRB, 1, ENBKEY_DIR_DL, count, 0, hdr, 1, data,
		  sizeof(data), out[0], sizeof(out[0]), 0, 0 },
		{ ENBKEY_RB_DRB, 1, ENBKEY_DIR_DL, count, 0, hdr, 1, data,
		  sizeof(data), out[1], sizeof(out[1]), 0, 0 },
	};
	struct enbkey_pdu ul = {
		ENBKEY_RB_SRB, 2, ENBKEY_DIR_UL, count, 0, hdr, 1, data,
		sizeof(data), out[2], sizeof(out[2]), 0, 0,
	};

	if (enbkey_pdcp_protect(h, id, pdus, 2) || pdus[0].err || pdus[1].err)
		die("pdcp protect");
	/* one PDU alone fails as a whole: a wrong MAC-I */
	if (enbkey_pdcp_unprotect(h, id, &ul, 1) != -EBADMSG)
		die("pdcp unprotect of a PDU with a wrong MAC-I");
}

/* ---- the scanner ---- */

/*
 * Every window of every armed key, masked again with pad[0..WINDOW): then a
 * memory position p matches window w when mem[p + j] ^ pad[j] == w.m[j] for
 * all j, and one index on the first two of those octets serves all windows.
 */
struct window {
	uint8_t m[WINDOW];
	uint16_t needle;
	uint8_t off;
	int next;		/* in the index bucket, -1 ends */
};

static struct window windows[MAX_NEEDLES * (ENBKEY_KENB_LEN - WINDOW + 1)];
static int buckets[65536];

static void build_index(void)
{
	unsigned int i, off, j, n = 0;

	memset(buckets, 0xff, sizeof(buckets));
	for (i = 0; i < n_needles; i++) {
		if (!needles[i].armed)
			continue;
		for (off = 0; off + WINDOW <= needles[i].len; off++) {
			struct window *w = &windows[n];
			unsigned int v;

			for (j = 0; j < WINDOW; j++)
				w->m[j] = needles[i].m[off + j] ^ pad[off + j] ^ pad[j];
			w->needle = i;
			w->off = off;
			v = w->m[0] | w->m[1] << 8;
			w->next = buckets[v];
			buckets[v] = n++;
		}
	}
}

static void candidate(const uint8_t *p, int b, uint64_t paddr)
{
	for (; b >= 0; b = windows[b].next) {
		const struct window *w = &windows[b];
		struct needle *n = &needles[w->needle];
		unsigned int j;

		for (j = 0; j < WINDOW; j++)
			if ((uint8_t)(p[j] ^ pad[j]) != w->m[j])
				break;
		if (j < WINDOW)
			continue;
		n->hits++;
		if (!n->live && n->hits <= 4)
			printf("# %s: octets %u..%u at physical 0x%llx\n", n->name,
			       w->off, w->off + WINDOW - 1, (unsigned long long)paddr);
	}
}

/*
 * Whether the segment @ph is RAM in the direct map: kcore gives RAM its
 * physical address, and only the kernel text segment also has one, in the
 * top 2 GiB of the address space.
 */
static bool is_ram(const Elf64_Phdr *ph)
{
	return ph->p_type == PT_LOAD && ph->p_paddr != (Elf64_Addr)-1 &&
	       ph->p_vaddr < 0xffffffff80000000ULL;
}

static bool page_is_zero(const uint8_t *p)
{
	const uint64_t *w = (const uint64_t *)p;
	unsigned int i;

	for (i = 0; i < 4096 / 8; i++)
		if (w[i])
			return false;
	return true;
}

/* Searches @len octets at @buf, of which the first @keep were seen before. */
static void scan_buf(const uint8_t *buf, size_t len, size_t keep, uint64_t paddr)
{
	const uint8_t p0 = pad[0], p1 = pad[1];
	size_t p;

	for (p = 0; p + WINDOW <= len; p++) {
		int b;

		/* reads are page-aligned after the first WINDOW - 1 octets */
		if (p >= keep && !((p - keep) & 4095) && p + 4096 <= len &&
		    page_is_zero(buf + p)) {
			p += 4096 - 1;
			continue;
		}
		b = buckets[(uint8_t)(buf[p] ^ p0) | (uint8_t)(buf[p + 1] ^ p1) << 8];
		if (b >= 0)
			candidate(buf + p, b, paddr + p - keep);
	}
}

/* Reads all RAM through /proc/kcore and counts the hits of armed keys. */
static void scan(const char *what)
{
	static uint8_t buf[CHUNK + WINDOW];
	unsigned long long bytes = 0;
	unsigned int i, armed = 0;
	struct timespec t0, t1;
	Elf64_Phdr *ph;
	Elf64_Ehdr eh;
	int fd;

	for (i = 0; i < n_needles; i++) {
		needles[i].hits = 0;
		armed += needles[i].armed;
	}
	build_index();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = open("/proc/kcore", O_RDONLY);
	if (fd < 0 || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_phentsize != sizeof(*ph)) {
		perror("residue: /proc/kcore");
		exit(2);
	}
	ph = calloc(eh.e_phnum, sizeof(*ph));
	if (!ph || pread(fd, ph, eh.e_phnum * sizeof(*ph), eh.e_phoff) !=
		   (ssize_t)(eh.e_phnum * sizeof(*ph))) {
		perror("residue: /proc/kcore program headers");
		exit(2);
	}
	for (i = 0; i < eh.e_phnum; i++) {
		uint64_t off = 0;
		size_t keep = 0;

		if (!is_ram(&ph[i]))
			continue;
		while (off < ph[i].p_filesz) {
			size_t want = ph[i].p_filesz - off < CHUNK ?
				      ph[i].p_filesz - off : CHUNK;
			ssize_t got = pread(fd, buf + keep, want, ph[i].p_offset + off);
			size_t len;

			if (got <= 0) {
				perror("residue: reading /proc/kcore");
				exit(2);
			}
			len = keep + got;
			scan_buf(buf, len, keep, ph[i].p_paddr + off);
			bytes += got;
			off += got;
			keep = len < WINDOW - 1 ? len : WINDOW - 1;
			memmove(buf, buf + len - keep, keep);
		}
	}
	free(ph);
	close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	scans++;
	scanned_total += bytes;
	printf("# %s: %llu octets of RAM scanned for %u keys in %.1f s\n", what,
	       bytes, armed, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
}

/*
 * Scans and judges: every armed key that is gone must have no hit, and,
 * as a control of the scan itself, every armed live key at least one.
 */
static void judge(const char *what)
{
	unsigned int i, gone = 0, gone_hit = 0, live = 0, live_missed = 0;

	scan(what);
	for (i = 0; i < n_needles; i++) {
		struct needle *n = &needles[i];

		if (!n->armed)
			continue;
		if (n->live) {
			live++;
			if (!n->hits) {
				live_missed++;
				printf("# %s: in use, but not found\n", n->name);
			}
		} else {
			gone++;
			if (n->hits) {
				gone_hit++;
				hits_total += n->hits;
				printf("# %s: %lu hits\n", n->name, n->hits);
			}
		}
		n->armed = false;
	}
	result(!gone_hit, "%s: none of %u dropped keys is left in RAM (%u found)",
	       what, gone, gone_hit);
	if (live)
		result(!live_missed, "%s: the scan finds each of the %u keys in use",
		       what, live);
}

/* ---- the scenarios ---- */

static void ok_or_die(int ret, const char *what)
{
	if (ret)
		die(what);
}

static const struct enbkey_cell cells[] = {
	{ 1, 100 }, { 2, 6300 }, { 3, 70000 }, { 4, 1850 }, { 5, 3100 },
	{ 6, 500 }, { 7, 39150 },
};

/*
 * A UE's whole life: attach with EEA1/EIA1, handovers to EEA2/EIA2 and to
 * EEA3/EIA3, an NH and a vertical KeNB* exported to another eNB, a
 * horizontal one committed, S-KeNBs, re-keying; then UE_DEL.
 */
static void scenario_ue_del(void)
{
	struct needle *sk0, *sk1;
	struct base k1, k2, nh, s1, s2, s3, s4;
	const uint32_t id = 100;
	uint8_t ncc;
	bool vertical;

	base_new(&k1, "KeNB 1");
	base_new(&nh, "NH 1");
	base_new(&k2, "KeNB 2 (re-keying)");
	ok_or_die(enbkey_ue_add(h, id), "ue add");
	key_set(id, &k1);
	ok_or_die(enbkey_sec_set(h, id, 1, 1, true), "sec set");
	base_as_keys(&k1, 1, 1);
	traffic(id, 1);

	ok_or_die(enbkey_ho_prepare_algs(h, id, cells[0].pci, cells[0].earfcn_dl,
					 2, 2, &ncc, &vertical), "ho prepare");
	kenb_star(&k1, cells[0].pci, cells[0].earfcn_dl, &s1, "KeNB* 1 (EEA2/EIA2)");
	base_as_keys(&s1, 2, 2);
	ok_or_die(enbkey_ho_commit(h, id), "ho commit");
	traffic(id, 1);

	ok_or_die(enbkey_ho_prepare_algs(h, id, cells[1].pci, cells[1].earfcn_dl,
					 3, 3, &ncc, &vertical), "ho prepare");
	kenb_star(&s1, cells[1].pci, cells[1].earfcn_dl, &s2, "KeNB* 2 (EEA3/EIA3)");
	base_as_keys(&s2, 3, 3);
	ok_or_die(enbkey_ho_commit(h, id), "ho commit");
	traffic(id, 1);
	ok_or_die(enbkey_short_mac(h, id, 0x1234567, 2, 0x4601, &(uint16_t){ 0 }),
		  "short mac");

	nh_set(id, &nh, 1);
	ok_or_die(enbkey_ho_prepare(h, id, cells[2].pci, cells[2].earfcn_dl, &ncc,
				    &vertical), "ho prepare");
	result(vertical && ncc == 1, "a prepared KeNB* from NH: vertical, NCC 1");
	kenb_star(&nh, cells[2].pci, cells[2].earfcn_dl, &s3, "KeNB* 3 (from NH, exported)");
	base_as_keys(&s3, 3, 3);
	export(id, &cells[2], &s3);
	ok_or_die(enbkey_ho_cancel(h, id), "ho cancel");

	ok_or_die(enbkey_ho_prepare_algs(h, id, cells[3].pci, cells[3].earfcn_dl,
					 0, 2, &ncc, &vertical), "ho prepare");
	kenb_star(&s2, cells[3].pci, cells[3].earfcn_dl, &s4, "KeNB* 4 (EEA0/EIA2)");
	base_as_keys(&s4, 0, 2);
	ok_or_die(enbkey_ho_commit(h, id), "ho commit");
	traffic(id, 1);
	get_s_kenb(id);
	sk0 = s_kenb(&s4, 0, "S-KeNB 0 of KeNB* 4");
	get_s_kenb(id);
	sk1 = s_kenb(&s4, 1, "S-KeNB 1 of KeNB* 4");

	key_set(id, &k2);
	base_as_keys(&k2, 0, 2);
	ok_or_die(enbkey_ho_commit(h, id), "ho commit of the re-keying KeNB");
	traffic(id, 1);

	base_live(&k2);
	judge("ue del: before, the keys in use");
	ok_or_die(enbkey_ue_del(h, id), "ue del");
	base_gone(&k1);
	base_gone(&nh);
	base_gone(&s1);
	base_gone(&s2);
	base_gone(&s3);
	base_gone(&s4);
	base_gone(&k2);
	mark(sk0, false);
	mark(sk1, false);
	judge("ue del: attach, PDCP on EEA0..3/EIA1..3, handovers, export, S-KeNB, re-keying");
}

static struct base kept[4];

/* Re-keying and a handover replace keys: the old ones must be gone. */
static void scenario_replace(void)
{
	const uint32_t id = 200;
	struct base k3, k4;
	uint8_t ncc;
	bool vertical;

	base_new(&k3, "KeNB 3");
	base_new(&k4, "KeNB 4");
	ok_or_die(enbkey_ue_add(h, id), "ue add");
	key_set(id, &k3);
	ok_or_die(enbkey_sec_set(h, id, 2, 2, true), "sec set");
	base_as_keys(&k3, 2, 2);
	traffic(id, 1);
	key_set(id, &k4);
	base_as_keys(&k4, 2, 2);
	ok_or_die(enbkey_ho_commit(h, id), "ho commit of the re-keying KeNB");
	traffic(id, 1);
	base_gone(&k3);
	base_live(&k4);
	judge("key replacement: the old KeNB and its AS keys after re-keying");

	ok_or_die(enbkey_ho_prepare_algs(h, id, cells[4].pci, cells[4].earfcn_dl,
					 1, 3, &ncc, &vertical), "ho prepare");
	kenb_star(&k4, cells[4].pci, cells[4].earfcn_dl, &kept[0], "KeNB* 5 (EEA1/EIA3)");
	base_as_keys(&kept[0], 1, 3);
	ok_or_die(enbkey_ho_commit(h, id), "ho commit");
	traffic(id, 1);
	base_gone(&k4);
	base_live(&kept[0]);
	judge("key replacement: the old KeNB and its AS keys after a handover");
}

/* A namespace with a UE in it goes away with its last process. */
static void scenario_netns(void)
{
	struct base k5, star;
	pid_t pid;
	int status;

	base_new(&k5, "KeNB 5 (namespace)");
	base_as_keys(&k5, 3, 3);
	kenb_star(&k5, cells[5].pci, cells[5].earfcn_dl, &star, "KeNB* 6 (namespace)");
	base_as_keys(&star, 3, 3);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("residue: fork");
		exit(2);
	}
	if (!pid) {
		uint8_t ncc;
		bool vertical;

		if (unshare(CLONE_NEWNET)) {
			perror("residue: unshare");
			_exit(2);
		}
		enbkey_close(h);
		h = enbkey_open();
		if (!h)
			_exit(2);
		ok_or_die(enbkey_ue_add(h, 300), "ue add");
		key_set(300, &k5);
		ok_or_die(enbkey_sec_set(h, 300, 3, 3, false), "sec set");
		traffic(300, 1);
		ok_or_die(enbkey_ho_prepare(h, 300, cells[5].pci, cells[5].earfcn_dl,
					    &ncc, &vertical), "ho prepare");
		enbkey_close(h);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		result(false, "netns exit: the namespace's process ran its scenario");
		return;
	}
	/* the namespace is dismantled by a work item once its last reference goes */
	sleep(3);
	base_gone(&k5);
	base_gone(&star);
	judge("netns exit: a namespace with a UE, its keys and a prepared cell");
}

/* The module goes with UEs that have keys, a pending KeNB and a prepared cell. */
static void scenario_rmmod(const char *module, const char *params)
{
	struct base k6, k7, star;
	const uint32_t id = 400;
	uint8_t ncc;
	bool vertical;
	int fd;

	base_new(&k6, "KeNB 6 (rmmod)");
	base_new(&k7, "KeNB 7 (rmmod, pending)");
	ok_or_die(enbkey_ue_add(h, id), "ue add");
	key_set(id, &k6);
	ok_or_die(enbkey_sec_set(h, id, 1, 2, false), "sec set");
	base_as_keys(&k6, 1, 2);
	traffic(id, 1);
	ok_or_die(enbkey_ho_prepare(h, id, cells[6].pci, cells[6].earfcn_dl, &ncc,
				    &vertical), "ho prepare");
	kenb_star(&k6, cells[6].pci, cells[6].earfcn_dl, &star, "KeNB* 7 (rmmod, prepared)");
	base_as_keys(&star, 1, 2);
	ok_or_die(enbkey_ho_cancel(h, id), "ho cancel");
	key_set(id, &k7);
	base_as_keys(&k7, 1, 2);
	base_live(&k6);
	base_live(&k7);
	base_live(&kept[0]);
	base_gone(&star);
	judge("rmmod: before, the keys of the UEs in use");

	enbkey_close(h);
	h = NULL;
	if (syscall(SYS_delete_module, "enbkey", O_NONBLOCK)) {
		result(false, "rmmod enbkey: %s", strerror(errno));
		return;
	}
	base_gone(&k6);
	base_gone(&k7);
	base_gone(&kept[0]);
	judge("rmmod: two UEs with keys, a pending KeNB");

	fd = open(module, O_RDONLY | O_CLOEXEC);
	result(fd >= 0 && !syscall(SYS_finit_module, fd, params, 0),
	       "insmod %s %s again", module, params);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	const char *module = "/lib/modules/enbkey.ko", *params = "agent_gid=2000";
	int opt;

	while ((opt = getopt(argc, argv, "m:p:")) != -1) {
		switch (opt) {
		case 'm':
			module = optarg;
			break;
		case 'p':
			params = optarg;
			break;
		default:
			fprintf(stderr, "usage: residue [-m MODULE.ko] [-p PARAMS]\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getrandom(pad, sizeof(pad), 0) != sizeof(pad)) {
		perror("residue: getrandom");
		return 2;
	}
	self_test();
	h = enbkey_open();
	if (!h) {
		fprintf(stderr, "residue: cannot open the enbkey family\n");
		return 2;
	}
	scenario_ue_del();
	scenario_replace();
	scenario_netns();
	scenario_rmmod(module, params);
	if (h)
		enbkey_close(h);
	printf("residue: %llu octets scanned in %u scans, %lu hits\n",
	       scanned_total, scans, hits_total);
	return failures ? 1 : 0;
}
