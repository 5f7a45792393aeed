// SPDX-License-Identifier: MIT
/*
 * A stand-in for libenbkey, linked into a copy of enbkeyctl by
 * tests/userspace/cli.sh, so that the tool's output (text, JSON, -p), its
 * batches and its key hygiene can be tested on a host without the enbkey
 * module. It keeps a small model of UEs in the process, which is all a
 * batch needs, and answers as the kernel would for the cases the tests
 * use, with the kernel's messages.
 *
 * Environment:
 *   FAKE_ENBKEY_LOG=FILE    append "open" for each enbkey_open(), and at
 *                           enbkey_close() a line per key residue found
 *   FAKE_ENBKEY_ABSENT=1    enbkey_open() fails with ENOENT
 *   FAKE_ENBKEY_SCAN=A,B..  keys to look for, at enbkey_close(), in every
 *                           writable mapping of the process: each is the
 *                           key's hex digits with each digit d written as
 *                           15 - d, so that the environment holds no copy;
 *                           both the octets and the hex text are sought
 *                           (their first 8 octets, 16 digits)
 *
 * KeNB* octet i is (37 i + 0x5b) mod 256, S-KeNB octet i (53 i + 0x19 +
 * SCG Counter) mod 256: computed, so that no copy of them sits in this
 * program.
 */

#define _GNU_SOURCE		/* memmem() */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libenbkey.h"

#define UES_MAX 64

/* info first: a pointer to it is one to its fake_ue */
struct fake_ue {
	struct enbkey_ue_info info;
	bool used;
};

struct enbkey {
	char errmsg[256];
	uint32_t generation;
};

static struct fake_ue ues[UES_MAX];

static void log_line(const char *fmt, ...)
{
	const char *name = getenv("FAKE_ENBKEY_LOG");
	va_list ap;
	FILE *f;

	if (!name || !(f = fopen(name, "a")))
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

static int fail(struct enbkey *h, int err, const char *msg)
{
	if (msg)
		snprintf(h->errmsg, sizeof(h->errmsg), "%s (%s)", msg,
			 strerror(err));
	else
		snprintf(h->errmsg, sizeof(h->errmsg), "%s", strerror(err));
	return -err;
}

static struct enbkey_ue_info *find(uint32_t id)
{
	unsigned int i;

	for (i = 0; i < UES_MAX; i++)
		if (ues[i].used && ues[i].info.id == id)
			return &ues[i].info;
	return NULL;
}

#define UE_OR_FAIL(ue, h, id)						\
	do {								\
		ue = find(id);						\
		if (!ue)						\
			return fail(h, ENOENT, "no UE with this id");	\
	} while (0)

struct enbkey *enbkey_open(void)
{
	if (getenv("FAKE_ENBKEY_ABSENT")) {
		errno = ENOENT;
		return NULL;
	}
	log_line("open");
	return calloc(1, sizeof(struct enbkey));
}

static int unhex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' :
	       c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Looks for the keys of FAKE_ENBKEY_SCAN in the writable mappings. */
static void scan(void)
{
	static const char digits[] = "0123456789abcdef";
	const char *spec = getenv("FAKE_ENBKEY_SCAN");
	char *pat, line[512];
	size_t n = 0, i, k;
	FILE *maps;

	if (!spec)
		return;
	/* per key: 8 octets, then 16 digits */
	pat = malloc(strlen(spec) * 2 + 64);
	if (!pat)
		return;
	for (i = 0; spec[i];) {
		if (spec[i] == ',') {
			i++;
			continue;
		}
		for (k = 0; k < 16 && unhex_digit(spec[i + k]) >= 0; k++)
			pat[n + 8 + k] = digits[15 - unhex_digit(spec[i + k])];
		for (k = 0; k < 8; k++)
			pat[n + k] = unhex_digit(pat[n + 8 + 2 * k]) << 4 |
				     unhex_digit(pat[n + 8 + 2 * k + 1]);
		n += 24;
		while (spec[i] && spec[i] != ',')
			i++;
	}

	maps = fopen("/proc/self/maps", "r");
	while (maps && fgets(line, sizeof(line), maps)) {
		unsigned long start, end;
		char perms[5], name[256] = "";

		if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %255s", &start, &end,
			   perms, name) < 3 || perms[0] != 'r' || perms[1] != 'w' ||
		    !strcmp(name, "[vvar]") || !strcmp(name, "[vsyscall]"))
			continue;
		for (k = 0; k < n; k += 8) {
			size_t len = k % 24 ? 16 : 8;
			const char *p = (const char *)start;

			if (k % 24 == 16)
				continue;
			while ((p = memmem(p, end - (unsigned long)p,
					   pat + k, len))) {
				if (p < pat || p >= pat + n)
					log_line("residue of key %zu (%s) at %p in %s",
						 k / 24 + 1,
						 len == 8 ? "octets" : "hex",
						 (const void *)p,
						 *name ? name : "[anon]");
				p++;
			}
		}
	}
	if (maps)
		fclose(maps);
	free(pat);
}

void enbkey_close(struct enbkey *h)
{
	free(h);
	scan();
}

const char *enbkey_strerror(const struct enbkey *h)
{
	return h->errmsg;
}

static int add(struct enbkey *h, uint32_t id, bool emergency)
{
	unsigned int i;

	if (find(id))
		return fail(h, EEXIST, "a UE with this id already exists");
	for (i = 0; i < UES_MAX && ues[i].used; i++)
		;
	if (i == UES_MAX)
		return fail(h, ENOSPC, "UE limit of this namespace reached (module parameter max_ues)");
	ues[i] = (struct fake_ue){ .used = true };
	ues[i].info.id = id;
	ues[i].info.emergency = emergency;
	return 0;
}

int enbkey_ue_add(struct enbkey *h, uint32_t id)
{
	return add(h, id, false);
}

int enbkey_ue_add_emergency(struct enbkey *h, uint32_t id)
{
	return add(h, id, true);
}

int enbkey_ue_del(struct enbkey *h, uint32_t id)
{
	struct enbkey_ue_info *ue;

	UE_OR_FAIL(ue, h, id);
	((struct fake_ue *)ue)->used = false;
	return 0;
}

int enbkey_ue_get(struct enbkey *h, uint32_t id, struct enbkey_ue_info *out)
{
	struct enbkey_ue_info *ue;

	UE_OR_FAIL(ue, h, id);
	*out = *ue;
	return 0;
}

int enbkey_ue_bearers(struct enbkey *h, uint32_t id, struct enbkey_ue_info *out,
		      struct enbkey_bearer *bearers, size_t max, size_t *n)
{
	const struct enbkey_bearer b[] = {
		{ .rb_type = ENBKEY_RB_SRB, .rb_id = 1, .dl_count = 5,
		  .ul_valid = true, .ul_count = 3 },
		{ .rb_type = ENBKEY_RB_DRB, .rb_id = 1, .dl_count = 1ULL << 32 },
	};
	int ret = enbkey_ue_get(h, id, out);

	*n = ret ? 0 : 2;
	if (!ret && max < 2)
		return fail(h, ENOBUFS, NULL);
	if (!ret)
		memcpy(bearers, b, sizeof(b));
	return ret;
}

int enbkey_ue_dump(struct enbkey *h,
		   int (*cb)(const struct enbkey_ue_info *ue, void *arg),
		   void *arg)
{
	uint32_t last = 0;
	bool first = true;

	for (;;) {
		const struct enbkey_ue_info *next = NULL;
		unsigned int i;
		int ret;

		for (i = 0; i < UES_MAX; i++)
			if (ues[i].used && (first || ues[i].info.id > last) &&
			    (!next || ues[i].info.id < next->id))
				next = &ues[i].info;
		if (!next)
			return 0;
		ret = cb(next, arg);
		if (ret)
			return fail(h, -ret, NULL);
		last = next->id;
		first = false;
	}
}

int enbkey_key_set(struct enbkey *h, uint32_t id, const uint8_t *kenb,
		   size_t len, int ncc)
{
	struct enbkey_ue_info *ue;

	(void)kenb;
	UE_OR_FAIL(ue, h, id);
	if (len != ENBKEY_KENB_LEN)
		return fail(h, EINVAL, "KeNB must be 32 octets");
	if (ncc > ENBKEY_NCC_MAX)
		return fail(h, EINVAL, "NCC must be 0..7");
	if (ue->n_cells)
		return fail(h, EBUSY, "a handover is prepared; commit or cancel it first");
	if (ue->algs_selected) {
		ue->kenb_pending = true;
		return 0;
	}
	ue->key_installed = true;
	ue->ncc = ncc < 0 ? 0 : ncc;
	ue->key_generation++;
	return 0;
}

int enbkey_nh_set(struct enbkey *h, uint32_t id, const uint8_t *nh,
		  size_t len, int ncc)
{
	struct enbkey_ue_info *ue;

	(void)nh;
	UE_OR_FAIL(ue, h, id);
	if (len != ENBKEY_KENB_LEN)
		return fail(h, EINVAL, "NH must be 32 octets");
	if (ncc < 0 || ncc > ENBKEY_NCC_MAX)
		return fail(h, EINVAL, "NCC must be 0..7");
	ue->nh_pending = true;
	return 0;
}

int enbkey_sec_set(struct enbkey *h, uint32_t id, uint8_t eea, uint8_t eia,
		   bool up_integrity)
{
	struct enbkey_ue_info *ue;

	UE_OR_FAIL(ue, h, id);
	if (!ue->key_installed)
		return fail(h, ENOKEY, "UE has no KeNB; install one with key set first");
	if (eea > ENBKEY_ALG_MAX)
		return fail(h, EINVAL, "EEA must be 0..3");
	if (eia > ENBKEY_ALG_MAX)
		return fail(h, EINVAL, "EIA must be 0..3");
	if (!eia && !ue->emergency)
		return fail(h, EPERM, "EIA0 is only for an unauthenticated emergency UE (ue add ID emergency)");
	if (ue->algs_selected && (ue->eea != eea || ue->eia != eia ||
				  ue->up_integrity != up_integrity))
		return fail(h, EBUSY, "algorithms change only at handover");
	ue->algs_selected = true;
	ue->eea = eea;
	ue->eia = eia;
	ue->up_integrity = up_integrity;
	return 0;
}

/* Protect appends the MAC-I de ad be ef; unprotect drops the last four. */
static int pdcp(struct enbkey *h, uint32_t id, struct enbkey_pdu *pdus,
		size_t n, bool protect)
{
	static const uint8_t mac[ENBKEY_MAC_I_LEN] = { 0xde, 0xad, 0xbe, 0xef };
	struct enbkey_ue_info *ue;
	size_t i;

	h->generation = 0;
	ue = find(id);
	if (!ue) {
		for (i = 0; i < n; i++)
			pdus[i].err = -ENOENT;
		return fail(h, ENOENT, "no UE with this id");
	}
	if (!ue->algs_selected)
		return fail(h, ENOKEY, "security is not configured for this UE; run sec set first");
	for (i = 0; i < n; i++) {
		struct enbkey_pdu *p = &pdus[i];
		size_t len = protect ? p->hdr_len + p->data_len + sizeof(mac) :
				       p->data_len - sizeof(mac);

		p->out_len = 0;
		p->err = 0;
		if (!protect && p->data_len < sizeof(mac)) {
			if (n == 1)
				return fail(h, EINVAL, "PDU is shorter than its MAC-I");
			p->err = -EINVAL;
			continue;
		}
		if (len > p->out_size) {
			p->err = -ENOBUFS;
			p->out_len = len;
			continue;
		}
		if (protect) {
			memcpy(p->out, p->hdr ? p->hdr : mac, p->hdr_len);
			memcpy(p->out + p->hdr_len, p->data ? p->data : mac,
			       p->data_len);
			memcpy(p->out + p->hdr_len + p->data_len, mac,
			       sizeof(mac));
		} else {
			memcpy(p->out, p->data, len);
		}
		p->out_len = len;
	}
	h->generation = ue->key_generation;
	return 0;
}

int enbkey_pdcp_protect(struct enbkey *h, uint32_t id,
			struct enbkey_pdu *pdus, size_t n)
{
	return pdcp(h, id, pdus, n, true);
}

int enbkey_pdcp_unprotect(struct enbkey *h, uint32_t id,
			  struct enbkey_pdu *pdus, size_t n)
{
	return pdcp(h, id, pdus, n, false);
}

int enbkey_pdcp_unprotect_next(struct enbkey *h, uint32_t id,
			       const struct enbkey_cell *cell,
			       struct enbkey_pdu *pdus, size_t n)
{
	struct enbkey_ue_info *ue;

	(void)cell;
	UE_OR_FAIL(ue, h, id);
	if (!ue->n_cells && !ue->kenb_pending)
		return fail(h, ENOKEY, "no KeNB* pending; run ho prepare first");
	return pdcp(h, id, pdus, n, false);
}

uint32_t enbkey_pdcp_generation(const struct enbkey *h)
{
	return h->generation;
}

int enbkey_ho_prepare_algs(struct enbkey *h, uint32_t id, uint16_t pci,
			   uint32_t earfcn_dl, uint8_t eea, uint8_t eia,
			   uint8_t *ncc, bool *vertical)
{
	struct enbkey_ue_info *ue;
	unsigned int i;

	(void)eea;
	(void)eia;
	UE_OR_FAIL(ue, h, id);
	if (pci > ENBKEY_PCI_MAX)
		return fail(h, EINVAL, "PCI must be 0..503");
	if (!ue->key_installed)
		return fail(h, ENOKEY, "UE has neither a KeNB nor an unused NH to derive KeNB* from");
	for (i = 0; i < ue->n_cells; i++)
		if (ue->cells[i].pci == pci && ue->cells[i].earfcn_dl == earfcn_dl)
			break;
	if (i == ENBKEY_CELLS_MAX)
		return fail(h, ENOSPC, "at most 8 cells can be prepared for one handover");
	ue->cells[i] = (struct enbkey_cell_info){ .pci = pci,
						  .earfcn_dl = earfcn_dl };
	if (i == ue->n_cells)
		ue->n_cells++;
	ue->kenb_star_pending = true;
	*ncc = ue->nh_pending ? 1 : ue->ncc;
	*vertical = ue->nh_pending;
	return 0;
}

int enbkey_ho_prepare(struct enbkey *h, uint32_t id, uint16_t pci,
		      uint32_t earfcn_dl, uint8_t *ncc, bool *vertical)
{
	return enbkey_ho_prepare_algs(h, id, pci, earfcn_dl, 0, 0, ncc,
				      vertical);
}

/* The index of the prepared cell @cell names, or of the only one; -errno. */
static int cell_of(struct enbkey *h, struct enbkey_ue_info *ue,
		   const struct enbkey_cell *cell)
{
	unsigned int i;

	if (!ue->n_cells)
		return fail(h, ENOKEY, "no KeNB* pending; run ho prepare first");
	if (!cell && ue->n_cells > 1)
		return fail(h, EINVAL, "several cells are prepared; name one with pci and earfcn");
	if (!cell)
		return 0;
	for (i = 0; i < ue->n_cells; i++)
		if (ue->cells[i].pci == cell->pci &&
		    ue->cells[i].earfcn_dl == cell->earfcn_dl)
			return i;
	return fail(h, ENOKEY, "no cell is prepared with this PCI and EARFCN-DL");
}

int enbkey_ho_commit_cell(struct enbkey *h, uint32_t id,
			  const struct enbkey_cell *cell)
{
	struct enbkey_ue_info *ue;
	int i;

	UE_OR_FAIL(ue, h, id);
	if (ue->kenb_pending && !cell) {
		ue->kenb_pending = false;
		ue->key_generation++;
		return 0;
	}
	i = cell_of(h, ue, cell);
	if (i < 0)
		return i;
	if (ue->cells[i].exported)
		return fail(h, EPERM, "this cell's KeNB* was exported to another eNB; it cannot be committed here");
	ue->n_cells = 0;
	ue->kenb_star_pending = false;
	ue->nh_pending = false;
	ue->scg_counter = 0;
	ue->key_generation++;
	return 0;
}

int enbkey_ho_commit(struct enbkey *h, uint32_t id)
{
	return enbkey_ho_commit_cell(h, id, NULL);
}

int enbkey_ho_cancel(struct enbkey *h, uint32_t id)
{
	struct enbkey_ue_info *ue;

	UE_OR_FAIL(ue, h, id);
	if (!ue->n_cells)
		return fail(h, ENOKEY, "no handover is prepared");
	ue->n_cells = 0;
	ue->kenb_star_pending = false;
	return 0;
}

int enbkey_ho_export_cell(struct enbkey *h, uint32_t id,
			  const struct enbkey_cell *cell,
			  uint8_t kenb_star[ENBKEY_KENB_LEN], uint8_t *ncc)
{
	struct enbkey_ue_info *ue;
	unsigned int k;
	int i;

	memset(kenb_star, 0, ENBKEY_KENB_LEN);
	UE_OR_FAIL(ue, h, id);
	i = cell_of(h, ue, cell);
	if (i < 0)
		return i;
	ue->cells[i].exported = true;
	for (k = 0; k < ENBKEY_KENB_LEN; k++)
		kenb_star[k] = 37 * k + 0x5b;
	*ncc = ue->nh_pending ? 1 : ue->ncc;
	return 0;
}

int enbkey_ho_export(struct enbkey *h, uint32_t id,
		     uint8_t kenb_star[ENBKEY_KENB_LEN], uint8_t *ncc)
{
	return enbkey_ho_export_cell(h, id, NULL, kenb_star, ncc);
}

int enbkey_short_mac(struct enbkey *h, uint32_t id, uint32_t cell_id,
		     uint16_t pci, uint32_t crnti, uint16_t *short_mac)
{
	struct enbkey_ue_info *ue;

	UE_OR_FAIL(ue, h, id);
	if (cell_id > ENBKEY_CELL_ID_MAX)
		return fail(h, EINVAL, "cell identity must be 0..268435455 (28 bits)");
	if (pci > ENBKEY_PCI_MAX)
		return fail(h, EINVAL, "PCI must be 0..503");
	if (crnti > ENBKEY_CRNTI_MAX)
		return fail(h, EINVAL, "C-RNTI must be 0..65535 (16 bits)");
	if (!ue->algs_selected)
		return fail(h, ENOKEY, "security is not configured for this UE; run sec set first");
	*short_mac = 0x0bee;
	return 0;
}

int enbkey_s_kenb(struct enbkey *h, uint32_t id,
		  uint8_t s_kenb[ENBKEY_KENB_LEN], uint32_t *scg_counter)
{
	struct enbkey_ue_info *ue;
	unsigned int k;

	memset(s_kenb, 0, ENBKEY_KENB_LEN);
	UE_OR_FAIL(ue, h, id);
	if (!ue->key_installed)
		return fail(h, ENOKEY, "UE has no KeNB; install one with key set first");
	for (k = 0; k < ENBKEY_KENB_LEN; k++)
		s_kenb[k] = 53 * k + 0x19 + ue->scg_counter;
	*scg_counter = ue->scg_counter++;
	return 0;
}
