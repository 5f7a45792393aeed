// SPDX-License-Identifier: GPL-2.0
/*
 * seqtest: the model-based sequence test of enbkey's key invariants.
 *
 * It drives random sequences of every command of the family, valid and
 * invalid, through libenbkey, as root, as an agent (a member of agent_gid)
 * and as an unprivileged user, on UEs in two network namespaces, and
 * checks every answer against a model of its own. The model is written
 * from TS 33.401, TS 36.323, TS 36.331 and the contract of
 * <linux/enbkey.h> and the README, not from the module: it holds the keys
 * the test installed, derives everything with OpenSSL (lteref.h), and
 * predicts each reply, errno and output, and each UE's state.
 *
 * After every command the UE it touched is read back (ue show) and compared
 * with the model; now and then the whole table and the COUNT report are.
 * Two checks need no model: every protected PDU's keystream prefix (the
 * ciphertext XOR the known plaintext, 8 octets) must never repeat, and
 * every uplink PDU the kernel accepted is replayed at a random later point
 * (and all of them at the end), where an integrity-protected bearer must
 * refuse it.
 *
 * Usage: seqtest [SEED [COMMANDS]]   (root, enbkey loaded with agent_gid=2000)
 * Prints the seed first, so that a failing run can be replayed, and ends
 * with "seqtest: N commands, N checks, N failed". Exits 1 on any failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libenbkey.h"
#include "lteref.h"

#define N_NS		2
#define N_IDS		3
#define N_SLOTS		(N_NS * N_IDS)
#define N_BEARERS	(ENBKEY_SRB_MAX + ENBKEY_DRB_MAX)
#define MAX_BATCH	4
#define MAX_DATA	72
#define SPENT_MAX	16	/* the README: the last 16 keys are remembered */
#define COUNT_THRESHOLD	0xc0000000u

static const uint32_t ue_ids[N_IDS] = { 1, 2, 70000 };

enum role { ROOT, AGENT, NOBODY, N_ROLES };
static const char *const role_names[] = { "root", "agent", "nobody" };

/* ---- the random source: xorshift64*, seeded and printed ---------------- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned int rnd(unsigned int n)
{
	return n ? rnd64() % n : 0;
}

static bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = rnd64() >> 24;
}

/* ---- requests to the workers ----------------------------------------------- */

enum cmd {
	C_UE_ADD, C_UE_DEL, C_KEY_SET, C_NH_SET, C_SEC_SET, C_PROTECT,
	C_UNPROTECT, C_HO_PREPARE, C_HO_COMMIT, C_HO_CANCEL, C_HO_EXPORT,
	C_S_KENB, C_SHORT_MAC, C_UE_GET, C_UE_BEARERS, C_UE_DUMP, N_CMDS
};

static const char *const cmd_names[] = {
	"ue add", "ue del", "key set", "nh set", "sec set", "pdcp protect",
	"pdcp unprotect", "ho prepare", "ho commit", "ho cancel", "ho export",
	"dc skenb", "shortmac", "ue show", "ue show bearers", "ue dump",
};

struct wpdu {
	uint8_t rb_type, rb_id, dir;
	uint32_t count, flags;
	uint8_t hdr_len;
	uint16_t data_len;
	uint8_t hdr[12];
	uint8_t data[MAX_DATA + 4];
};

struct req {
	enum cmd cmd;
	uint32_t id;
	bool emergency;
	uint8_t key[40];
	size_t key_len;
	int ncc;
	uint8_t eea, eia;
	bool up, has_algs;
	bool has_cell, next;
	uint16_t pci;
	uint32_t earfcn;
	uint32_t cell_id, crnti;
	int n;
	struct wpdu pdus[MAX_BATCH];
};

struct resp {
	int ret;
	char msg[300];
	struct {
		int err;
		size_t len;
		uint8_t out[MAX_DATA + 20];
	} pdus[MAX_BATCH];
	struct enbkey_ue_info ue;
	uint8_t key[32];
	uint8_t ncc;
	bool vertical;
	uint32_t counter;
	uint16_t short_mac;
	size_t n_bearers;
	struct enbkey_bearer bearers[N_BEARERS];
	int n_ues;
	struct enbkey_ue_info ues[N_IDS + 1];
};

static int worker_fd[N_NS][N_ROLES];

static int dump_cb(const struct enbkey_ue_info *ue, void *arg)
{
	struct resp *r = arg;

	if (r->n_ues < N_IDS + 1)
		r->ues[r->n_ues] = *ue;
	r->n_ues++;
	return 0;
}

static void serve(struct enbkey *h, const struct req *q, struct resp *r)
{
	struct enbkey_cell cell = { .pci = q->pci, .earfcn_dl = q->earfcn };
	const struct enbkey_cell *c = q->has_cell ? &cell : NULL;
	struct enbkey_pdu pdus[MAX_BATCH];
	int i;

	memset(r, 0, sizeof(*r));
	switch (q->cmd) {
	case C_UE_ADD:
		r->ret = q->emergency ? enbkey_ue_add_emergency(h, q->id) :
					enbkey_ue_add(h, q->id);
		break;
	case C_UE_DEL:
		r->ret = enbkey_ue_del(h, q->id);
		break;
	case C_KEY_SET:
		r->ret = enbkey_key_set(h, q->id, q->key, q->key_len, q->ncc);
		break;
	case C_NH_SET:
		r->ret = enbkey_nh_set(h, q->id, q->key, q->key_len, q->ncc);
		break;
	case C_SEC_SET:
		r->ret = enbkey_sec_set(h, q->id, q->eea, q->eia, q->up);
		break;
	case C_PROTECT:
	case C_UNPROTECT:
		for (i = 0; i < q->n; i++) {
			const struct wpdu *w = &q->pdus[i];

			pdus[i] = (struct enbkey_pdu){
				.rb_type = w->rb_type, .rb_id = w->rb_id,
				.dir = w->dir, .count = w->count,
				.flags = w->flags, .hdr = w->hdr,
				.hdr_len = w->hdr_len, .data = w->data,
				.data_len = w->data_len, .out = r->pdus[i].out,
				.out_size = sizeof(r->pdus[i].out),
			};
		}
		if (q->cmd == C_PROTECT)
			r->ret = enbkey_pdcp_protect(h, q->id, pdus, q->n);
		else if (q->next)
			r->ret = enbkey_pdcp_unprotect_next(h, q->id, c, pdus, q->n);
		else
			r->ret = enbkey_pdcp_unprotect(h, q->id, pdus, q->n);
		for (i = 0; i < q->n; i++) {
			r->pdus[i].err = pdus[i].err;
			r->pdus[i].len = pdus[i].out_len;
		}
		break;
	case C_HO_PREPARE:
		if (q->has_algs)
			r->ret = enbkey_ho_prepare_algs(h, q->id, q->pci, q->earfcn,
							q->eea, q->eia, &r->ncc,
							&r->vertical);
		else
			r->ret = enbkey_ho_prepare(h, q->id, q->pci, q->earfcn,
						   &r->ncc, &r->vertical);
		break;
	case C_HO_COMMIT:
		r->ret = c ? enbkey_ho_commit_cell(h, q->id, c) :
			     enbkey_ho_commit(h, q->id);
		break;
	case C_HO_CANCEL:
		r->ret = enbkey_ho_cancel(h, q->id);
		break;
	case C_HO_EXPORT:
		r->ret = enbkey_ho_export_cell(h, q->id, c, r->key, &r->ncc);
		break;
	case C_S_KENB:
		r->ret = enbkey_s_kenb(h, q->id, r->key, &r->counter);
		break;
	case C_SHORT_MAC:
		r->ret = enbkey_short_mac(h, q->id, q->cell_id, q->pci, q->crnti,
					  &r->short_mac);
		break;
	case C_UE_GET:
		r->ret = enbkey_ue_get(h, q->id, &r->ue);
		break;
	case C_UE_BEARERS:
		r->ret = enbkey_ue_bearers(h, q->id, &r->ue, r->bearers,
					   N_BEARERS, &r->n_bearers);
		break;
	case C_UE_DUMP:
		r->ret = enbkey_ue_dump(h, dump_cb, r);
		break;
	default:
		r->ret = -ENOSYS;
	}
	if (r->ret)
		snprintf(r->msg, sizeof(r->msg), "%s", enbkey_strerror(h));
}

/* A worker: one role in one namespace, serving requests until EOF. */
static void worker(int fd, enum role role)
{
	static const gid_t agent_groups[] = { 1000, 2000 };
	struct enbkey *h;
	struct req q;
	struct resp r;

	if ((role == AGENT &&
	     (setgroups(2, agent_groups) || setresgid(1000, 1000, 1000) ||
	      setresuid(1000, 1000, 1000))) ||
	    (role == NOBODY &&
	     (setgroups(0, NULL) || setresgid(1001, 1001, 1001) ||
	      setresuid(1001, 1001, 1001)))) {
		perror("seqtest: drop privileges");
		_exit(2);
	}
	h = enbkey_open();
	if (!h) {
		perror("seqtest: enbkey_open");
		_exit(2);
	}
	while (read(fd, &q, sizeof(q)) == sizeof(q)) {
		serve(h, &q, &r);
		if (write(fd, &r, sizeof(r)) != sizeof(r))
			_exit(2);
	}
	explicit_bzero(&q, sizeof(q));
	enbkey_close(h);
	_exit(0);
}

static pid_t spawn(int ns, enum role role, int fds[N_NS][N_ROLES][2])
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("seqtest: fork");
		exit(2);
	}
	if (pid == 0) {
		close(fds[ns][role][0]);
		worker(fds[ns][role][1], role);
	}
	return pid;
}

/*
 * The workers of namespace 0 share the test's namespace; those of
 * namespace 1 are children of a process that made a new one.
 */
static void start_workers(void)
{
	int fds[N_NS][N_ROLES][2], ns, r;
	pid_t pid;

	for (ns = 0; ns < N_NS; ns++)
		for (r = 0; r < N_ROLES; r++)
			if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds[ns][r])) {
				perror("seqtest: socketpair");
				exit(2);
			}
	for (r = 0; r < N_ROLES; r++)
		spawn(0, r, fds);
	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWNET)) {
			perror("seqtest: unshare");
			_exit(2);
		}
		spawn(1, AGENT, fds);
		spawn(1, NOBODY, fds);
		close(fds[1][ROOT][0]);
		worker(fds[1][ROOT][1], ROOT);
	}
	for (ns = 0; ns < N_NS; ns++)
		for (r = 0; r < N_ROLES; r++) {
			close(fds[ns][r][1]);
			worker_fd[ns][r] = fds[ns][r][0];
		}
}

static void call(int ns, enum role role, const struct req *q, struct resp *r)
{
	if (write(worker_fd[ns][role], q, sizeof(*q)) != sizeof(*q) ||
	    read(worker_fd[ns][role], r, sizeof(*r)) != sizeof(*r)) {
		fprintf(stderr, "seqtest: worker %d/%s is gone\n", ns,
			role_names[role]);
		exit(2);
	}
}

/* ---- the model ------------------------------------------------------------- */

struct mcount {
	bool tx, rx, dl_ciph, ul_ciph;
	uint32_t tx_top, rx_top;
	unsigned int window;			/* 0: no replay state */
	uint8_t seen[ENBKEY_REPLAY_WINDOW_DRB / 8];	/* bit c % window */
};

struct mkeys {
	bool valid;
	uint8_t base[32];
	uint8_t ncc;
	bool algs;
	struct lteref_keys k;
	uint32_t scg_next;
	bool refresh;
	uint16_t pci;
	uint32_t earfcn;
	bool exported;
	struct mcount *counts[N_BEARERS];
};

struct mue {
	bool exists, emergency;
	struct mkeys cur;
	struct mkeys next[ENBKEY_CELLS_MAX];
	int n_next;
	bool rekey;
	struct mkeys prep;
	bool prep_vertical;
	struct mkeys nh;
	uint32_t gen, failures;
	struct {
		uint8_t key[32];
		bool exported;
	} spent[SPENT_MAX];
	unsigned int n_spent;
	/* keys this UE had or exported, for the generator to try again */
	uint8_t old[8][32];
	unsigned int n_old;
};

static struct mue model[N_SLOTS];

static void mkeys_clear(struct mkeys *k)
{
	int i;

	for (i = 0; i < N_BEARERS; i++)
		free(k->counts[i]);
	memset(k, 0, sizeof(*k));
}

static void mkeys_init(struct mkeys *k, const uint8_t base[32], uint8_t ncc)
{
	mkeys_clear(k);
	k->valid = true;
	memcpy(k->base, base, 32);
	k->ncc = ncc;
}

static void mkeys_algs(struct mkeys *k, int eea, int eia, bool up)
{
	k->algs = true;
	lteref_as_keys(k->base, eea, eia, up, &k->k);
}

static void mue_drop_next(struct mue *u)
{
	int i;

	for (i = 0; i < u->n_next; i++)
		mkeys_clear(&u->next[i]);
	u->n_next = 0;
	u->rekey = false;
	mkeys_clear(&u->prep);
	u->prep_vertical = false;
}

static void mue_clear(struct mue *u)
{
	mue_drop_next(u);
	mkeys_clear(&u->cur);
	mkeys_clear(&u->nh);
	memset(u, 0, sizeof(*u));
}

/* 0: never; 1: used here; 2: exported */
static int mue_spent(const struct mue *u, const uint8_t key[32])
{
	unsigned int i, n = u->n_spent < SPENT_MAX ? u->n_spent : SPENT_MAX;

	for (i = 0; i < n; i++)
		if (!memcmp(u->spent[i].key, key, 32))
			return u->spent[i].exported ? 2 : 1;
	return 0;
}

static void mue_remember(struct mue *u, const uint8_t key[32])
{
	memcpy(u->old[u->n_old++ % 8], key, 32);
}

static void mue_spend(struct mue *u, const uint8_t key[32], bool exported)
{
	unsigned int i = u->n_spent % SPENT_MAX;

	mue_remember(u, key);
	if (mue_spent(u, key))
		return;
	memcpy(u->spent[i].key, key, 32);
	u->spent[i].exported = exported;
	u->n_spent++;
}

/* A next set becomes current: old keys go, the generation moves on. */
static void mue_make_current(struct mue *u, struct mkeys *k)
{
	mkeys_clear(&u->cur);
	u->cur = *k;
	memset(k, 0, sizeof(*k));
	u->gen++;
	mue_spend(u, u->cur.base, false);
}

static struct mcount *mcount(struct mkeys *k, bool srb, int rb)
{
	int i = srb ? rb - 1 : ENBKEY_SRB_MAX + rb - 1;

	if (!k->counts[i]) {
		k->counts[i] = calloc(1, sizeof(*k->counts[i]));
		if (!k->counts[i])
			lteref_die("out of memory");
		/* authenticated PDUs only: a MAC-I that is checked */
		if (k->k.eia && (srb || k->k.up_integrity))
			k->counts[i]->window = srb ? ENBKEY_REPLAY_WINDOW :
						     ENBKEY_REPLAY_WINDOW_DRB;
	}
	return k->counts[i];
}

static bool seen_get(const struct mcount *c, uint32_t count)
{
	unsigned int b = count % c->window;

	return c->seen[b / 8] & (1 << (b % 8));
}

static void seen_set(struct mcount *c, uint32_t count, bool v)
{
	unsigned int b = count % c->window;

	if (v)
		c->seen[b / 8] |= 1 << (b % 8);
	else
		c->seen[b / 8] &= ~(1 << (b % 8));
}

static void rx_accept(struct mcount *c, uint32_t count)
{
	uint32_t n;

	if (!c->rx) {
		c->rx = true;
		c->rx_top = count;
	} else if (count > c->rx_top) {
		if (c->window) {
			if (count - c->rx_top >= c->window)
				memset(c->seen, 0, sizeof(c->seen));
			else
				for (n = c->rx_top + 1; n != count + 1; n++)
					seen_set(c, n, false);
		}
		c->rx_top = count;
	}
	if (c->window)
		seen_set(c, count, true);
}

/* ---- checking ---------------------------------------------------------------- */

static unsigned long n_checks, n_failed, n_commands;
static unsigned long n_ok[N_CMDS], n_refused[N_CMDS];
static char step[512];		/* what the current command is, for reports */

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	n_checks++;
	if (ok)
		return;
	n_failed++;
	printf("seqtest: FAIL after %lu commands: %s: ", n_commands, step);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (n_failed > 30) {
		printf("seqtest: too many failures, stopping\n");
		exit(1);
	}
}

/* Keystream prefixes seen so far: an open-addressing set of 64-bit values */
#define KS_SLOTS (1u << 20)
static uint64_t *ks_set;
static unsigned long n_keystreams;

static void keystream(const uint8_t *ct, const uint8_t *pt)
{
	uint64_t v = 0;
	unsigned int i, h;

	for (i = 0; i < 8; i++)
		v = v << 8 | (uint8_t)(ct[i] ^ pt[i]);
	v |= !v;	/* 0 marks an empty slot */
	for (h = (v * 0x9e3779b97f4a7c15ULL) >> 44; ks_set[h]; h = (h + 1) % KS_SLOTS)
		if (ks_set[h] == v) {
			check(false, "keystream prefix %016llx appeared twice",
			      (unsigned long long)v);
			return;
		}
	if (n_keystreams < KS_SLOTS / 2) {
		ks_set[h] = v;
		n_keystreams++;
	}
}

static void check_ue(const struct mue *u, const struct enbkey_ue_info *i)
{
	const struct mkeys *c = &u->cur;
	int n;

	check(i->key_installed == c->valid, "key %d, model %d",
	      i->key_installed, c->valid);
	check(i->ncc == (c->valid ? c->ncc : 0), "ncc %u, model %u", i->ncc,
	      c->ncc);
	check(i->algs_selected == c->algs, "algorithms selected %d, model %d",
	      i->algs_selected, c->algs);
	if (c->algs)
		check(i->eea == c->k.eea && i->eia == c->k.eia &&
		      i->up_integrity == c->k.up_integrity,
		      "eea %u eia %u up %d, model %d %d %d", i->eea, i->eia,
		      i->up_integrity, c->k.eea, c->k.eia, c->k.up_integrity);
	check(i->key_generation == u->gen, "generation %u, model %u",
	      i->key_generation, u->gen);
	check(i->integrity_failures == u->failures,
	      "integrity failures %u, model %u", i->integrity_failures,
	      u->failures);
	check(i->key_refresh == (c->valid && c->refresh), "key refresh %d",
	      i->key_refresh);
	check(i->nh_pending == u->nh.valid, "nh pending %d, model %d",
	      i->nh_pending, u->nh.valid);
	check(i->scg_counter == (c->valid ? c->scg_next : 0),
	      "scg counter %u, model %u", i->scg_counter, c->scg_next);
	check(i->emergency == u->emergency, "emergency %d", i->emergency);
	check(i->kenb_pending == u->rekey, "kenb pending %d, model %d",
	      i->kenb_pending, u->rekey);
	n = u->rekey ? 0 : u->n_next;
	check(i->kenb_star_pending == (n > 0), "kenb_star pending %d, model %d",
	      i->kenb_star_pending, n);
	check(i->n_cells == (unsigned int)n, "%u cells, model %d", i->n_cells, n);
	for (n = 0; !u->rekey && n < u->n_next && n < (int)i->n_cells; n++)
		check(i->cells[n].pci == u->next[n].pci &&
		      i->cells[n].earfcn_dl == u->next[n].earfcn &&
		      i->cells[n].exported == u->next[n].exported,
		      "cell %d: pci %u earfcn %u exported %d, model %u %u %d", n,
		      i->cells[n].pci, i->cells[n].earfcn_dl,
		      i->cells[n].exported, u->next[n].pci, u->next[n].earfcn,
		      u->next[n].exported);
}

static void check_err(const struct resp *r, int want)
{
	check(r->ret == want, "returned %d (%s), model %d", r->ret, r->msg,
	      want);
	/* every refusal says why */
	if (r->ret && r->ret != -ENOMEM)
		check(strchr(r->msg, '(') != NULL, "no kernel message: \"%s\"",
		      r->msg);
}

/* ---- the commands, each as the model sees it ------------------------------- */

static bool is_admin(enum role role)
{
	return role == ROOT;
}

static bool is_agent(enum role role)
{
	return role == ROOT || role == AGENT;
}

static int check_algs(const struct mue *u, int eea, int eia)
{
	(void)eea;
	if (eia == 0 && !u->emergency)
		return -EPERM;
	return 0;
}

static int m_ue_add(struct mue *u, enum role role, const struct req *q)
{
	if (!is_admin(role))
		return -EPERM;
	if (u->exists)
		return -EEXIST;
	mue_clear(u);
	u->exists = true;
	u->emergency = q->emergency;
	return 0;
}

static int m_ue_del(struct mue *u, enum role role)
{
	if (!is_admin(role))
		return -EPERM;
	if (!u->exists)
		return -ENOENT;
	mue_clear(u);
	return 0;
}

/* TS 33.401 7.2.9.2 and the contract of ENBKEY_CMD_KEY_SET */
static int m_key_set(struct mue *u, enum role role, const struct req *q)
{
	struct mkeys k = { 0 };

	if (!is_admin(role))
		return -EPERM;
	if (q->ncc > ENBKEY_NCC_MAX || q->key_len != 32)
		return -EINVAL;
	if (!u->exists)
		return -ENOENT;
	if (u->n_next && !u->rekey)
		return -EBUSY;
	if (u->cur.valid && !memcmp(u->cur.base, q->key, 32))
		return -EEXIST;
	if (u->rekey && !memcmp(u->next[0].base, q->key, 32))
		return -EEXIST;
	if (mue_spent(u, q->key))
		return -EEXIST;
	mkeys_init(&k, q->key, q->ncc < 0 ? 0 : q->ncc);
	if (u->cur.valid && u->cur.algs) {
		mkeys_algs(&k, u->cur.k.eea, u->cur.k.eia, u->cur.k.up_integrity);
		mue_drop_next(u);
		u->next[0] = k;
		u->n_next = 1;
		u->rekey = true;
	} else {
		mue_make_current(u, &k);
	}
	mkeys_clear(&u->nh);
	return 0;
}

static int m_nh_set(struct mue *u, enum role role, const struct req *q)
{
	if (!is_admin(role))
		return -EPERM;
	if (q->ncc > ENBKEY_NCC_MAX || q->key_len != 32)
		return -EINVAL;
	if (!u->exists)
		return -ENOENT;
	if (u->n_next && !u->rekey)
		return -EBUSY;
	mkeys_init(&u->nh, q->key, q->ncc);
	return 0;
}

static int m_sec_set(struct mue *u, enum role role, const struct req *q)
{
	int err;

	if (q->eea > ENBKEY_ALG_MAX || q->eia > ENBKEY_ALG_MAX)
		return -EINVAL;
	if (!is_agent(role))
		return -EPERM;
	if (!u->exists)
		return -ENOENT;
	err = check_algs(u, q->eea, q->eia);
	if (err)
		return err;
	if (!u->cur.valid)
		return -ENOKEY;
	if (u->cur.algs)
		return u->cur.k.eea == q->eea && u->cur.k.eia == q->eia &&
		       u->cur.k.up_integrity == q->up ? 0 : -EBUSY;
	mkeys_algs(&u->cur, q->eea, q->eia, q->up);
	return 0;
}

static bool bad_cell(const struct req *q)
{
	return q->has_cell && (q->pci > ENBKEY_PCI_MAX ||
			       q->earfcn > ENBKEY_EARFCN_MAX);
}

/* enbkey_ho_next(): the next keys a request names; NULL with *err */
static struct mkeys *m_next(struct mue *u, const struct req *q, bool rekey_ok,
			    int *err)
{
	int i;

	*err = -ENOKEY;
	if (!u->n_next || (u->rekey && !rekey_ok))
		return NULL;
	if (u->rekey) {
		if (q->has_cell) {
			*err = -EINVAL;
			return NULL;
		}
		return &u->next[0];
	}
	if (!q->has_cell) {
		if (u->n_next == 1)
			return &u->next[0];
		*err = -EINVAL;
		return NULL;
	}
	for (i = 0; i < u->n_next; i++)
		if (u->next[i].pci == q->pci && u->next[i].earfcn == q->earfcn)
			return &u->next[i];
	return NULL;
}

/* TS 33.401 7.2.8.4 with the cells of the contract */
static int m_prepare(struct mue *u, enum role role, const struct req *q,
		     uint8_t *ncc, bool *vertical)
{
	struct mkeys *base, k = { 0 };
	uint8_t star[32];
	int i, err;

	if (q->pci > ENBKEY_PCI_MAX || q->earfcn > ENBKEY_EARFCN_MAX ||
	    (q->has_algs && (q->eea > ENBKEY_ALG_MAX || q->eia > ENBKEY_ALG_MAX)))
		return -EINVAL;
	if (!is_agent(role))
		return -EPERM;
	if (!u->exists)
		return -ENOENT;
	if (u->rekey)
		return -EBUSY;
	if (q->has_algs) {
		err = check_algs(u, q->eea, q->eia);
		if (err)
			return err;
	}
	base = u->prep.valid ? &u->prep : u->nh.valid ? &u->nh :
	       u->cur.valid ? &u->cur : NULL;
	if (!base)
		return -ENOKEY;
	for (i = 0; i < u->n_next; i++)
		if (u->next[i].pci == q->pci && u->next[i].earfcn == q->earfcn)
			break;
	if (i == ENBKEY_CELLS_MAX)
		return -ENOSPC;
	lteref_kenb_star(base->base, q->pci, q->earfcn, star);
	if (mue_spent(u, star) == 1)
		return -EEXIST;
	mkeys_init(&k, star, base->ncc);
	k.pci = q->pci;
	k.earfcn = q->earfcn;
	k.exported = mue_spent(u, star) == 2;
	if (q->has_algs)
		mkeys_algs(&k, q->eea, q->eia, u->cur.valid && u->cur.k.up_integrity);
	else if (u->cur.valid && u->cur.algs)
		mkeys_algs(&k, u->cur.k.eea, u->cur.k.eia, u->cur.k.up_integrity);
	if (!u->prep.valid) {
		u->prep_vertical = base == &u->nh;
		mkeys_init(&u->prep, base->base, base->ncc);
	}
	if (i < u->n_next)
		mkeys_clear(&u->next[i]);
	else
		u->n_next++;
	u->next[i] = k;
	*ncc = u->prep.ncc;
	*vertical = u->prep_vertical;
	return 0;
}

static int m_commit(struct mue *u, enum role role, const struct req *q)
{
	struct mkeys *k, chosen;
	bool vertical;
	int err;

	if (bad_cell(q))
		return -EINVAL;
	if (!is_agent(role))
		return -EPERM;
	if (!u->exists)
		return -ENOENT;
	k = m_next(u, q, true, &err);
	if (!k)
		return err;
	if (k->exported)
		return -EPERM;
	vertical = !u->rekey && u->prep_vertical;
	chosen = *k;
	memset(k, 0, sizeof(*k));
	mue_drop_next(u);
	if (vertical)
		mkeys_clear(&u->nh);
	mue_make_current(u, &chosen);
	return 0;
}

static int m_cancel(struct mue *u, enum role role)
{
	if (!is_agent(role))
		return -EPERM;
	if (!u->exists)
		return -ENOENT;
	if (!u->n_next || u->rekey)
		return -ENOKEY;
	mue_drop_next(u);
	return 0;
}

static int m_export(struct mue *u, enum role role, const struct req *q,
		    uint8_t key[32], uint8_t *ncc)
{
	struct mkeys *k;
	int err;

	if (bad_cell(q))
		return -EINVAL;
	if (!is_admin(role))
		return -EPERM;
	if (!u->exists)
		return -ENOENT;
	k = m_next(u, q, false, &err);
	if (!k)
		return err;
	memcpy(key, k->base, 32);
	*ncc = k->ncc;
	k->exported = true;
	mue_spend(u, k->base, true);
	if (u->prep_vertical)
		mkeys_clear(&u->nh);
	return 0;
}

static int m_s_kenb(struct mue *u, enum role role, uint8_t key[32],
		    uint32_t *counter)
{
	if (!is_admin(role))
		return -EPERM;
	if (!u->exists)
		return -ENOENT;
	if (!u->cur.valid)
		return -ENOKEY;
	*counter = u->cur.scg_next++;
	lteref_s_kenb(u->cur.base, *counter, key);
	return 0;
}

static int m_short_mac(struct mue *u, enum role role, const struct req *q,
		       unsigned int *mac)
{
	if (q->cell_id > ENBKEY_CELL_ID_MAX || q->pci > ENBKEY_PCI_MAX ||
	    q->crnti > ENBKEY_CRNTI_MAX)
		return -EINVAL;
	if (!is_agent(role))
		return -EPERM;
	if (!u->exists)
		return -ENOENT;
	if (!u->cur.valid || !u->cur.algs)
		return -ENOKEY;
	*mac = lteref_short_mac(&u->cur.k, q->cell_id, q->pci, q->crnti);
	return 0;
}

/*
 * What is refused before the handler: the policy the core applies to the
 * PDUs, then the ranges the module checks first (the cell, RB identities).
 */
static int pdu_policy(const struct req *q)
{
	int i;

	for (i = 0; i < q->n; i++) {
		const struct wpdu *w = &q->pdus[i];

		if (w->rb_type > ENBKEY_RB_DRB)
			return -ERANGE;
		if (w->dir > ENBKEY_DIR_DL)
			return -ERANGE;
		if (w->hdr_len > ENBKEY_PDU_HDR_MAX)
			return -EINVAL;
		if (w->flags & ~(uint32_t)__ENBKEY_PDU_F_ALL)
			return -EINVAL;
	}
	if (q->next && bad_cell(q))
		return -EINVAL;
	for (i = 0; i < q->n; i++)
		if (q->pdus[i].rb_id < 1 || q->pdus[i].rb_id > ENBKEY_DRB_MAX)
			return -EINVAL;
	return 0;
}

/*
 * One PDU: enbkey_pdcp_plan() then protect or unprotect, as TS 36.323 and
 * the contract say. @out gets the expected result; returns 0 or -errno.
 */
static int m_pdu(struct mue *u, struct mkeys *k, bool protect,
		 const struct wpdu *w, uint8_t *out, size_t *out_len)
{
	bool srb = w->rb_type == ENBKEY_RB_SRB;
	bool integrity = srb || k->k.up_integrity;
	bool io = w->flags & ENBKEY_PDU_F_INTEGRITY_ONLY;
	bool checked = integrity && k->k.eia;
	uint8_t pdu[MAX_DATA + 20], mac[4];
	struct mcount *c;
	size_t len;

	if (srb && w->rb_id > ENBKEY_SRB_MAX)
		return -EINVAL;
	if (w->dir != (protect ? ENBKEY_DIR_DL : ENBKEY_DIR_UL))
		return -EINVAL;
	if ((w->flags & __ENBKEY_PDU_F_ALL) == __ENBKEY_PDU_F_ALL)
		return -EINVAL;
	if (integrity && (w->flags & ENBKEY_PDU_F_CIPHER_ONLY))
		return -EINVAL;
	if (!integrity && io)
		return -EINVAL;
	c = mcount(k, srb, w->rb_id);
	if (io && (protect ? c->dl_ciph : c->ul_ciph))
		return -EINVAL;
	if (!protect && w->data_len < (integrity ? 4 : 0))
		return -EINVAL;

	if (protect) {
		if (c->tx && w->count <= c->tx_top)
			return -EINVAL;
		*out_len = lteref_pdu(&k->k, srb, w->rb_id, 1, w->count, w->hdr,
				      w->hdr_len, w->data, w->data_len,
				      integrity, !io, out);
		c->tx = true;
		c->tx_top = w->count;
		if (!io)
			c->dl_ciph = true;
	} else {
		if (checked && c->rx && w->count <= c->rx_top) {
			if (c->rx_top - w->count >= c->window)
				return -ERANGE;
			if (seen_get(c, w->count))
				return -EINVAL;
		}
		/* decipher (the keystream is its own inverse), then verify */
		len = w->data_len;
		memcpy(pdu, w->data, len);
		if (!io)
			lteref_cipher(k->k.eea, srb ? k->k.rrc_enc : k->k.up_enc,
				      w->count, w->rb_id - 1, 0, pdu, len);
		if (integrity)
			len -= 4;
		if (checked) {
			uint8_t msg[MAX_DATA + 20];

			memcpy(msg, w->hdr, w->hdr_len);
			memcpy(msg + w->hdr_len, pdu, len);
			lteref_mac(k->k.eia, srb ? k->k.rrc_int : k->k.up_int,
				   w->count, w->rb_id - 1, 0, msg, w->hdr_len + len,
				   mac);
			if (memcmp(mac, pdu + len, 4)) {
				u->failures++;
				return -EBADMSG;
			}
		}
		memcpy(out, pdu, len);
		*out_len = len;
		rx_accept(c, w->count);
		if (!io)
			c->ul_ciph = true;
	}
	if (w->count >= COUNT_THRESHOLD)
		k->refresh = true;
	return 0;
}

/* ---- the accepted uplink PDUs, for replay -------------------------------- */

struct accepted {
	int slot;
	struct wpdu w;
	bool next, has_cell;
	uint16_t pci;
	uint32_t earfcn;
};

#define MAX_ACCEPTED 4096
static struct accepted accepted[MAX_ACCEPTED];
static unsigned int n_accepted;
static unsigned long n_replays, n_replays_refused;

/* ---- one command: the model's answer and the kernel's, compared ------------ */

static void run(int slot, enum role role, struct req *q, bool replay)
{
	int ns = slot / N_IDS, i, want, per[MAX_BATCH];
	uint8_t out[MAX_BATCH][MAX_DATA + 20], key[32] = { 0 }, ncc = 0;
	struct mue *u = &model[slot];
	size_t out_len[MAX_BATCH];
	unsigned int mac = 0;
	uint32_t counter = 0;
	struct mkeys *k = NULL;
	bool vertical = false;
	struct resp r;
	int n_bad;

	q->id = ue_ids[slot % N_IDS];
	n_commands++;
	snprintf(step, sizeof(step), "%s%s, ns %d ue %u as %s", cmd_names[q->cmd],
		 replay ? " (replay)" : "", ns, q->id, role_names[role]);

	switch (q->cmd) {
	case C_UE_ADD:
		want = m_ue_add(u, role, q);
		break;
	case C_UE_DEL:
		want = m_ue_del(u, role);
		break;
	case C_KEY_SET:
		want = m_key_set(u, role, q);
		break;
	case C_NH_SET:
		want = m_nh_set(u, role, q);
		break;
	case C_SEC_SET:
		want = m_sec_set(u, role, q);
		break;
	case C_HO_PREPARE:
		want = m_prepare(u, role, q, &ncc, &vertical);
		break;
	case C_HO_COMMIT:
		want = m_commit(u, role, q);
		break;
	case C_HO_CANCEL:
		want = m_cancel(u, role);
		break;
	case C_HO_EXPORT:
		want = m_export(u, role, q, key, &ncc);
		break;
	case C_S_KENB:
		want = m_s_kenb(u, role, key, &counter);
		break;
	case C_SHORT_MAC:
		want = m_short_mac(u, role, q, &mac);
		break;
	case C_PROTECT:
	case C_UNPROTECT:
		want = pdu_policy(q);
		if (!want && !is_agent(role))
			want = -EPERM;
		if (!want && !u->exists)
			want = -ENOENT;
		if (!want) {
			k = &u->cur;
			if (q->next) {
				int err;

				k = m_next(u, q, true, &err);
				if (!k)
					want = err;
				else if (k->exported) {
					k = NULL;
					want = -EPERM;
				}
			}
			if (!want && (!k || !k->valid || !k->algs))
				want = -ENOKEY;
		}
		n_bad = 0;
		for (i = 0; !want && i < q->n; i++) {
			per[i] = m_pdu(u, k, q->cmd == C_PROTECT, &q->pdus[i],
				       out[i], &out_len[i]);
			if (per[i])
				n_bad++;
		}
		if (!want && q->n == 1 && per[0])
			want = per[0];
		break;
	default:
		want = 0;
		if ((q->cmd == C_UE_GET || q->cmd == C_UE_BEARERS) && !u->exists)
			want = -ENOENT;
		if (!is_agent(role))
			want = -EPERM;
		break;
	}

	call(ns, role, q, &r);
	check_err(&r, want);
	if (r.ret)
		n_refused[q->cmd]++;
	else
		n_ok[q->cmd]++;
	if (r.ret || want)
		goto state;

	switch (q->cmd) {
	case C_HO_PREPARE:
		check(r.ncc == ncc && r.vertical == vertical,
		      "prepare: ncc %u vertical %d, model %u %d", r.ncc,
		      r.vertical, ncc, vertical);
		break;
	case C_HO_EXPORT:
		check(!memcmp(r.key, key, 32) && r.ncc == ncc,
		      "export: KeNB* or NCC %u differs from the model (%u)",
		      r.ncc, ncc);
		/* a target eNB may take it: the generator reuses it */
		mue_remember(&model[(slot + N_IDS) % N_SLOTS], key);
		break;
	case C_S_KENB:
		check(!memcmp(r.key, key, 32) && r.counter == counter,
		      "S-KeNB or SCG Counter %u differs from the model (%u)",
		      r.counter, counter);
		break;
	case C_SHORT_MAC:
		check(r.short_mac == mac, "shortMAC-I %04x, model %04x",
		      r.short_mac, mac);
		break;
	case C_UE_GET:
		check(r.ue.id == q->id, "ue show: id %u", r.ue.id);
		break;
	case C_UE_BEARERS:
		/* the COUNT report: per bearer that carried PDUs */
		for (i = 0, n_bad = 0; i < N_BEARERS; i++) {
			struct mcount *c = u->cur.counts[i];
			size_t j;

			if (!c || !(c->tx || c->rx))
				continue;
			for (j = 0; j < r.n_bearers; j++)
				if (r.bearers[j].rb_type == (i >= ENBKEY_SRB_MAX) &&
				    r.bearers[j].rb_id == (i >= ENBKEY_SRB_MAX ?
							   i - ENBKEY_SRB_MAX + 1 : i + 1))
					break;
			check(j < r.n_bearers, "bearer %d missing from the report", i);
			if (j == r.n_bearers)
				continue;
			n_bad++;
			check(r.bearers[j].dl_count == (c->tx ? (uint64_t)c->tx_top + 1 : 0) &&
			      r.bearers[j].ul_valid == c->rx &&
			      (!c->rx || r.bearers[j].ul_count == c->rx_top),
			      "bearer %d: dl %llu ul %u, model %u %u", i,
			      (unsigned long long)r.bearers[j].dl_count,
			      r.bearers[j].ul_count, c->tx_top, c->rx_top);
		}
		check((size_t)n_bad == r.n_bearers, "%zu bearers reported, model %d",
		      r.n_bearers, n_bad);
		break;
	case C_UE_DUMP:
		for (i = 0, n_bad = 0; i < N_IDS; i++)
			n_bad += model[ns * N_IDS + i].exists;
		check(r.n_ues == n_bad, "dump: %d UEs, model %d", r.n_ues, n_bad);
		for (i = 0; i < r.n_ues && i < N_IDS; i++) {
			int s;

			for (s = 0; s < N_IDS && ue_ids[s] != r.ues[i].id; s++)
				;
			check(s < N_IDS, "dump: unknown UE %u", r.ues[i].id);
			if (s < N_IDS)
				check_ue(&model[ns * N_IDS + s], &r.ues[i]);
		}
		break;
	case C_PROTECT:
	case C_UNPROTECT:
		for (i = 0; i < q->n; i++) {
			const struct wpdu *w = &q->pdus[i];

			check(r.pdus[i].err == per[i], "PDU %d: error %d, model %d",
			      i, r.pdus[i].err, per[i]);
			if (per[i] || r.pdus[i].err)
				continue;
			check(r.pdus[i].len == out_len[i] &&
			      !memcmp(r.pdus[i].out, out[i], out_len[i]),
			      "PDU %d (%s %u COUNT %u): output differs from the reference",
			      i, w->rb_type ? "drb" : "srb", w->rb_id, w->count);
			if (q->cmd == C_PROTECT &&
			    !(w->flags & ENBKEY_PDU_F_INTEGRITY_ONLY) &&
			    k->k.eea && w->data_len >= 8)
				keystream(r.pdus[i].out + w->hdr_len, w->data);
			if (q->cmd == C_UNPROTECT && !replay &&
			    n_accepted < MAX_ACCEPTED)
				accepted[n_accepted++] = (struct accepted){
					.slot = slot, .w = *w, .next = q->next,
					.has_cell = q->has_cell, .pci = q->pci,
					.earfcn = q->earfcn,
				};
		}
		break;
	default:
		break;
	}

state:
	if (replay && q->cmd == C_UNPROTECT) {
		n_replays++;
		if (r.ret || r.pdus[0].err)
			n_replays_refused++;
	}
	/* what the kernel says of the UE now equals the model */
	if (q->cmd != C_UE_GET && q->cmd != C_UE_DUMP) {
		struct req g = { .cmd = C_UE_GET, .id = q->id };

		call(ns, ROOT, &g, &r);
		if (!u->exists) {
			check(r.ret == -ENOENT, "ue show of a UE the model has not: %d",
			      r.ret);
		} else {
			check(r.ret == 0, "ue show: %d (%s)", r.ret, r.msg);
			if (!r.ret)
				check_ue(u, &r.ue);
		}
	}
}

/* ---- the generator -------------------------------------------------------------- */

static const uint16_t pcis[] = { 0, 1, 32, 101, 503 };
static const uint32_t earfcns[] = { 0, 561, 65535, 65536, 262143 };

static enum role pick_role(bool provisioning)
{
	unsigned int r = rnd(100);

	if (r < 6)
		return NOBODY;
	if (provisioning)
		return r < 12 ? AGENT : ROOT;
	return r < 60 ? AGENT : ROOT;
}

static void pick_cell(const struct mue *u, struct req *q, unsigned int invalid)
{
	if (u->n_next && !u->rekey && chance(70)) {
		const struct mkeys *k = &u->next[rnd(u->n_next)];

		q->pci = k->pci;
		q->earfcn = k->earfcn;
	} else {
		q->pci = pcis[rnd(5)];
		q->earfcn = earfcns[rnd(5)];
	}
	if (chance(invalid)) {
		if (chance(50))
			q->pci = ENBKEY_PCI_MAX + 1 + rnd(100);
		else
			q->earfcn = ENBKEY_EARFCN_MAX + 1 + rnd(5);
	}
}

static void pick_key(const struct mue *u, struct req *q)
{
	unsigned int r = rnd(100);

	q->key_len = 32;
	if (r < 8 && u->cur.valid)
		memcpy(q->key, u->cur.base, 32);
	else if (r < 14 && u->rekey)
		memcpy(q->key, u->next[0].base, 32);
	else if (r < 24 && u->n_old)
		memcpy(q->key, u->old[rnd(u->n_old < 8 ? u->n_old : 8)], 32);
	else
		rnd_bytes(q->key, 32);
	if (chance(4))
		q->key_len = chance(50) ? 31 : 33;
}

static void pick_algs(const struct mue *u, struct req *q)
{
	if (u->cur.algs && chance(35)) {
		q->eea = u->cur.k.eea;
		q->eia = u->cur.k.eia;
		q->up = u->cur.k.up_integrity;
		return;
	}
	q->eea = chance(25) ? 0 : 1 + rnd(3);
	q->eia = chance(u->emergency ? 50 : 8) ? 0 : 1 + rnd(3);
	q->up = chance(15);
	if (chance(5))
		q->eea = rnd(6);
	if (chance(5))
		q->eia = rnd(6);
}

/* A downlink PDU; its COUNT mostly new, sometimes one already used. */
static void pick_dl(struct mkeys *k, struct wpdu *w)
{
	static const uint8_t drbs[] = { 1, 2, 3, 32 };
	struct mcount *c;
	bool srb = chance(45);

	memset(w, 0, sizeof(*w));
	w->rb_type = srb ? ENBKEY_RB_SRB : ENBKEY_RB_DRB;
	w->rb_id = srb ? 1 + rnd(2) : drbs[rnd(4)];
	w->dir = ENBKEY_DIR_DL;
	c = k && k->valid && k->algs ? mcount(k, srb, w->rb_id) : NULL;
	w->count = c && c->tx ? c->tx_top + 1 + rnd(3) : rnd(4);
	if (c && c->tx && chance(10))
		w->count = c->tx_top - rnd(3);
	if (chance(1))
		w->count = COUNT_THRESHOLD + rnd(1000);
	if (srb && c && !c->dl_ciph && chance(60))
		w->flags = ENBKEY_PDU_F_INTEGRITY_ONLY;
	else if (chance(5))
		w->flags = rnd(4);
	w->hdr_len = 1 + rnd(2);
	rnd_bytes(w->hdr, w->hdr_len);
	w->data_len = 8 + rnd(MAX_DATA - 8);
	rnd_bytes(w->data, w->data_len);
}

/*
 * An uplink PDU as the UE would send it under @k (the current or the next
 * keys), or under other keys, or corrupted; its COUNT mostly new.
 */
static void pick_ul(struct mue *u, struct mkeys *k, struct wpdu *w)
{
	static const uint8_t drbs[] = { 1, 2, 3, 32 };
	uint8_t data[MAX_DATA], pdu[MAX_DATA + 20];
	bool srb = chance(55), integrity, io = false;
	struct mkeys *keys = k, *other;
	struct mcount *c;
	size_t len;

	memset(w, 0, sizeof(*w));
	w->rb_type = srb ? ENBKEY_RB_SRB : ENBKEY_RB_DRB;
	w->rb_id = srb ? 1 + rnd(2) : drbs[rnd(4)];
	w->dir = ENBKEY_DIR_UL;
	if (!k || !k->valid || !k->algs) {
		w->count = rnd(10);
		w->data_len = 4 + rnd(20);
		rnd_bytes(w->data, w->data_len);
		return;
	}
	c = mcount(k, srb, w->rb_id);
	w->count = c->rx ? c->rx_top + 1 + rnd(3) : rnd(4);
	if (c->rx && chance(12))
		w->count = c->rx_top - rnd(c->window ? c->window + 4 : 8);
	integrity = srb || k->k.up_integrity;
	if (integrity && !c->ul_ciph && chance(50)) {
		io = true;
		w->flags = ENBKEY_PDU_F_INTEGRITY_ONLY;
	}
	/* sometimes under other keys: the old, the next, the current */
	other = chance(50) ? &u->cur : u->n_next ? &u->next[rnd(u->n_next)] : NULL;
	if (chance(6) && other && other->valid && other->algs && other != k)
		keys = other;
	len = 1 + rnd(MAX_DATA - 1);
	rnd_bytes(data, len);
	w->hdr_len = 1;
	rnd_bytes(w->hdr, 1);
	len = lteref_pdu(&keys->k, srb, w->rb_id, 0, w->count, w->hdr, 1, data,
			 len, integrity, !io, pdu);
	w->data_len = len - 1;
	memcpy(w->data, pdu + 1, w->data_len);
	if (chance(5))
		w->data[rnd(w->data_len)] ^= 1 << rnd(8);
	if (chance(3))
		w->dir = ENBKEY_DIR_DL;
	if (chance(3))
		w->flags = chance(50) ? ENBKEY_PDU_F_CIPHER_ONLY : __ENBKEY_PDU_F_ALL;
}

static void gen_pdcp(int slot, bool protect)
{
	struct mue *u = &model[slot];
	struct mkeys *k = &u->cur;
	struct req q = { .cmd = protect ? C_PROTECT : C_UNPROTECT };
	int i, err;

	q.n = chance(70) ? 1 : 2 + rnd(MAX_BATCH - 1);
	if (!protect && u->n_next && chance(45)) {
		q.next = true;
		if (!u->rekey && (u->n_next > 1 || chance(50))) {
			q.has_cell = true;
			pick_cell(u, &q, 3);
		}
		k = m_next(u, &q, true, &err);
	}
	for (i = 0; i < q.n; i++) {
		if (protect)
			pick_dl(k, &q.pdus[i]);
		else
			pick_ul(u, k, &q.pdus[i]);
		if (chance(2)) {
			switch (rnd(4)) {
			case 0:
				q.pdus[i].rb_id = chance(50) ? 0 : 33;
				break;
			case 1:
				q.pdus[i].rb_type = 2;
				break;
			case 2:
				q.pdus[i].hdr_len = ENBKEY_PDU_HDR_MAX + 1;
				break;
			default:
				q.pdus[i].rb_type = ENBKEY_RB_SRB;
				q.pdus[i].rb_id = 3;
			}
		}
	}
	run(slot, pick_role(false), &q, false);
}

static void gen_replay(void)
{
	unsigned int i = rnd(n_accepted);
	struct accepted a = accepted[i];
	struct req q = {
		.cmd = C_UNPROTECT, .n = 1, .next = a.next,
		.has_cell = a.has_cell, .pci = a.pci, .earfcn = a.earfcn,
	};

	/* each accepted PDU is replayed once, here or at the end */
	accepted[i] = accepted[--n_accepted];
	q.pdus[0] = a.w;
	if (chance(50))
		q.next = q.has_cell = false;
	run(a.slot, chance(50) ? ROOT : AGENT, &q, true);
}

static void gen(void)
{
	int slot = rnd(N_SLOTS);
	struct mue *u = &model[slot];
	struct req q = { 0 };
	unsigned int r = rnd(1000);

	/* keep UEs alive and keyed most of the time */
	if (!u->exists && chance(70))
		r = 0;
	else if (u->exists && !u->cur.valid && chance(50))
		r = 60;
	else if (u->cur.valid && !u->cur.algs && chance(40))
		r = 140;

	if (r < 40) {
		q.cmd = C_UE_ADD;
		q.emergency = chance(15);
	} else if (r < 55) {
		q.cmd = C_UE_DEL;
	} else if (r < 125) {
		q.cmd = C_KEY_SET;
		pick_key(u, &q);
		q.ncc = chance(50) ? -1 : (int)rnd(ENBKEY_NCC_MAX + 2);
	} else if (r < 140) {
		q.cmd = C_NH_SET;
		q.key_len = chance(3) ? 31 : 32;
		rnd_bytes(q.key, 32);
		q.ncc = rnd(ENBKEY_NCC_MAX + 2);
	} else if (r < 200) {
		q.cmd = C_SEC_SET;
		pick_algs(u, &q);
	} else if (r < 430) {
		gen_pdcp(slot, true);
		return;
	} else if (r < 620) {
		if (n_accepted && chance(25)) {
			gen_replay();
			return;
		}
		gen_pdcp(slot, false);
		return;
	} else if (r < 720) {
		q.cmd = C_HO_PREPARE;
		pick_cell(u, &q, 3);
		if (chance(25)) {
			q.has_algs = true;
			pick_algs(u, &q);
		}
	} else if (r < 780) {
		q.cmd = C_HO_COMMIT;
		q.has_cell = u->n_next > 1 || chance(30);
		if (q.has_cell)
			pick_cell(u, &q, 2);
	} else if (r < 805) {
		q.cmd = C_HO_CANCEL;
	} else if (r < 850) {
		q.cmd = C_HO_EXPORT;
		q.has_cell = u->n_next > 1 || chance(30);
		if (q.has_cell)
			pick_cell(u, &q, 2);
	} else if (r < 875) {
		q.cmd = C_S_KENB;
	} else if (r < 905) {
		q.cmd = C_SHORT_MAC;
		q.cell_id = rnd64() & ENBKEY_CELL_ID_MAX;
		q.pci = rnd(ENBKEY_PCI_MAX + 1);
		q.crnti = rnd(ENBKEY_CRNTI_MAX + 1);
		if (chance(5))
			q.cell_id = ENBKEY_CELL_ID_MAX + 1;
		if (chance(5))
			q.crnti = ENBKEY_CRNTI_MAX + 1;
	} else if (r < 960) {
		q.cmd = C_UE_BEARERS;
	} else if (r < 985) {
		q.cmd = C_UE_GET;
	} else {
		q.cmd = C_UE_DUMP;
	}
	run(slot, pick_role(q.cmd == C_UE_ADD || q.cmd == C_UE_DEL ||
			    q.cmd == C_KEY_SET || q.cmd == C_NH_SET ||
			    q.cmd == C_HO_EXPORT || q.cmd == C_S_KENB), &q, false);
}

int main(int argc, char **argv)
{
	unsigned long commands = 20000, i;
	uint64_t seed;
	FILE *f;

	if (argc > 1) {
		seed = strtoull(argv[1], NULL, 0);
	} else {
		f = fopen("/dev/urandom", "r");
		if (!f || fread(&seed, sizeof(seed), 1, f) != 1)
			lteref_die("cannot read /dev/urandom");
		fclose(f);
	}
	if (argc > 2)
		commands = strtoul(argv[2], NULL, 0);
	printf("seqtest: seed %llu (replay with: seqtest %llu %lu)\n",
	       (unsigned long long)seed, (unsigned long long)seed, commands);
	fflush(stdout);
	rng_state = seed | 1;
	ks_set = calloc(KS_SLOTS, sizeof(*ks_set));
	if (!ks_set)
		lteref_die("out of memory");
	signal(SIGPIPE, SIG_IGN);
	start_workers();

	for (i = 0; i < commands; i++)
		gen();
	while (n_accepted)
		gen_replay();
	/* every UE goes; the model agrees the table is empty afterwards */
	for (i = 0; i < N_SLOTS; i++) {
		struct req q = { .cmd = C_UE_DEL };

		run(i, ROOT, &q, false);
	}

	for (i = 0; i < N_CMDS; i++)
		printf("seqtest: %-16s %6lu ok %6lu refused\n", cmd_names[i],
		       n_ok[i], n_refused[i]);
	printf("seqtest: %lu keystreams distinct, %lu uplink replays (%lu refused)\n",
	       n_keystreams, n_replays, n_replays_refused);
	printf("seqtest: %lu commands, %lu checks, %lu failed\n", n_commands,
	       n_checks, n_failed);
	return n_failed ? 1 : 0;
}
