// SPDX-License-Identifier: GPL-2.0
/*
 * stress: the concurrency stress test of enbkey (issue 10).
 *
 * One process, at least 8 threads, for -t seconds, on UEs they share:
 *
 *   agents       (uid 1000, groups 1000 and agent_gid, no capability) have
 *                batches of downlink PDUs protected on SRBs and DRBs, with
 *                COUNTs that grow and restart when the keys change, and
 *                uplink PDUs unprotected that they build with the test's
 *                own reference (lteref.h) under the keys they believe
 *                current, or under the next keys of a prepared cell or a
 *                pending re-keying KeNB;
 *   provisioning creates and deletes UEs, installs fresh KeNBs (and now and
 *                then one the UE already spent, which must be refused),
 *                {NH, NCC} pairs, selects algorithms, derives S-KeNBs;
 *   handover     prepares cells (with and without new algorithms),
 *                commits, cancels and exports them;
 *   netns        makes a network namespace of its own, UEs with keys in it
 *                (with the ids the shared UEs have), protects, then drops
 *                its socket so that the namespace dies with UEs in it;
 *   agent_gid    changes the module parameter agent_gid at run time and
 *                back: agents are refused (EPERM) exactly in that window;
 *   rmmod        tries delete_module("enbkey", O_NONBLOCK) now and then,
 *                and reloads the module at once when that worked.
 *
 * Every thread that changes a UE's keys holds a per-UE mutex of this
 * program and, under it, keeps a model of the UE (written from TS 33.401
 * and <linux/enbkey.h>, not from the module), predicts each answer, reads
 * the UE back (ue show) and records in a history which keys each (UE,
 * incarnation, key generation) has. Agents never take that mutex: their
 * requests race with the key changes. The incarnation of a UE moves on
 * when it is deleted or the module is unloaded, so that a (UE, generation)
 * a reply reports names one set of keys in each incarnation.
 *
 * Every protected PDU is recorded. After the run:
 *   1. an independent reference (lteref.h: OpenSSL, libipsec-mb) recomputes
 *      each one from the keys of the generation its reply reported, in any
 *      incarnation that overlapped the request, and must match it exactly:
 *      a PDU that matches none was served with a mix of old and new keys,
 *      or with wrong ones;
 *   2. no keystream may appear twice: each ciphered PDU XOR its plaintext
 *      gives a keystream prefix (8 octets) that must be unique over all of
 *      them, whatever the reference says;
 *   3. each uplink PDU's outcome (payload, integrity failure or replay
 *      refusal) must be that of the keys of the reported generation.
 * Errors the races explain (a deleted UE, EPERM during an agent_gid flip,
 * a COUNT reuse after a COUNT restart, the family gone during a reload...)
 * are counted; any other one is printed with its extended ACK message.
 *
 * Usage: stress [-t SECONDS] [-s SEED] [-a AGENTS] [-m MODULE.ko] [-R] [-G] [-v] [-X]
 *   -t  run time, default 30      -s  seed, default from getrandom
 *   -a  agent threads, default 4  -m  module to reload, default
 *                                     /lib/modules/enbkey.ko
 *   -R  no rmmod thread           -G  no agent_gid thread
 *   -v  print every failure       -X  self-test of the checks: one PDU,
 *                                     copied under another COUNT, is added
 *                                     to the records; exits 0 only when
 *                                     it is found wrong, with its
 *                                     keystream repeated, and nothing else
 * Runs as root with enbkey loaded and agent_gid set (agent_gid=2000); leaves
 * it loaded with the parameters it found, and no UE behind. Exits 0 only
 * when every check passed, 1 on a failure, 2 when it could not run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <dirent.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "libenbkey.h"
#include "lteref.h"

#define N_UES		6	/* UEs of the initial namespace, shared */
#define NS_UES		3	/* UEs of each throwaway namespace */
#define N_SLOTS		(N_UES + NS_UES)
#define N_SRB		2
#define N_DRB		6	/* DRB1..6 carry the agents' traffic */
#define N_BEARERS	(N_SRB + N_DRB)
#define MAX_BATCH	8
#define MAX_HDR		3
#define MAX_DATA	40
#define SPENT_MAX	16	/* the module remembers the last 16 keys */
#define MAX_RECORDS	1500000	/* protected PDUs kept: about 170 MB */
#define KS_LEN		8	/* octets of keystream compared */

/* ids of the shared UEs; the namespace thread uses the first NS_UES too */
static const uint32_t ue_ids[N_UES] = { 1, 2, 3, 70000, 424242, 0xfffffffe };

/* ---- options and global state ------------------------------------------- */

static unsigned int opt_secs = 30, opt_agents = 4;
static bool opt_rmmod = true, opt_gid = true, opt_verbose, opt_selftest;
static const char *opt_module = "/lib/modules/enbkey.ko";
static uint64_t opt_seed;
static char mod_params[1024];	/* the parameters to reload with */
static long agent_gid;

static atomic_bool stop;
/* bumped when the module was unloaded: every handle is stale then */
static atomic_uint module_epoch;
/*
 * agent_gid flips, in phases of 4: 0 normal, 1 being changed, 2 changed
 * (flip_off: to a group the agents are not in), 3 being restored.
 */
static atomic_uint flip_seq;
static atomic_bool flip_off;
static pthread_mutex_t gid_lock = PTHREAD_MUTEX_INITIALIZER;
/* libipsec-mb's manager in lteref.h is one for the process */
static pthread_mutex_t ref_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

static atomic_ulong n_ops, n_protect, n_protect_pdus, n_unprotect,
	n_unprotect_next, n_keyset, n_nhset, n_secset, n_skenb, n_ho,
	n_uedel, n_uenew, n_show, n_netns, n_flips, n_rm_try, n_rm_ok,
	n_expected, n_unexpected, n_failures, n_recorded, n_reopen, n_strict;

/* ---- the random source: xorshift64*, per thread ------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t rnd64(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

static unsigned int rnd(struct rng *r, unsigned int n)
{
	return n ? (rnd64(r) >> 16) % n : 0;
}

static void rnd_bytes(struct rng *r, uint8_t *p, size_t n)
{
	while (n--)
		*p++ = rnd64(r) >> 32;
}

/* Fresh key material, from the kernel's generator: no legitimate repeat. */
static void fresh_key(uint8_t key[32])
{
	if (getrandom(key, 32, 0) != 32) {
		perror("stress: getrandom");
		exit(2);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Sleeps up to @ms milliseconds, less when the run ends. */
static void nap_stop(unsigned int ms)
{
	while (ms && !atomic_load(&stop)) {
		unsigned int step = ms < 50 ? ms : 50;

		nap_ms(step);
		ms -= step;
	}
}

/* ---- reporting ------------------------------------------------------------- */

static void report(atomic_ulong *counter, const char *kind, const char *fmt, ...)
{
	unsigned long n = atomic_fetch_add(counter, 1);
	va_list ap;

	if (n >= 40 && !opt_verbose)
		return;
	pthread_mutex_lock(&print_lock);
	printf("stress: %s: ", kind);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	pthread_mutex_unlock(&print_lock);
}

#define unexpected(...) report(&n_unexpected, "UNEXPECTED", __VA_ARGS__)

/* Errors the races or the model explain, by errno */
static const int exp_errnos[] = {
	ENOENT, ENOKEY, EPERM, EINVAL, EBADMSG, ERANGE, EBUSY, EEXIST, ENOSPC,
	EINTR,
};
#define N_EXP (sizeof(exp_errnos) / sizeof(exp_errnos[0]))
static atomic_ulong n_exp_by[N_EXP + 1];

static void expected_err(int ret)
{
	unsigned int i;

	for (i = 0; i < N_EXP && exp_errnos[i] != -ret; i++)
		;
	atomic_fetch_add(&n_exp_by[i], 1);
	atomic_fetch_add(&n_expected, 1);
}
#define failure(...) report(&n_failures, "FAIL", __VA_ARGS__)

/* ---- per-thread state: the handle and the records ------------------------- */

struct vec {
	void *p;
	size_t n, cap, size;
};

static void *vec_add(struct vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 1024;
		v->p = realloc(v->p, v->cap * v->size);
		if (!v->p) {
			fprintf(stderr, "stress: out of memory\n");
			exit(2);
		}
	}
	return (char *)v->p + v->n++ * v->size;
}

/* A protected PDU as the kernel returned it. */
struct prec {
	uint32_t inc_lo, inc_hi, gen, count;
	uint8_t slot, rb_type, rb_id, flags;
	uint8_t hdr_len, data_len, out_len;
	uint8_t hdr[MAX_HDR];
	uint8_t data[MAX_DATA];
	uint8_t out[MAX_HDR + MAX_DATA + 4];
};

/* An uplink PDU the kernel unprotected with the current keys, and its fate. */
struct urec {
	uint32_t inc_lo, inc_hi, gen, count;
	int err;
	uint8_t slot, rb_type, rb_id;
	uint8_t hdr_len, in_len, out_len;
	uint8_t hdr[MAX_HDR];
	uint8_t in[MAX_DATA + 4];
	uint8_t out[MAX_DATA + 4];
};

enum role { R_AGENT, R_PROV, R_HO, R_NETNS, R_GID, R_RMMOD };

struct thr {
	int idx;
	enum role role;
	char name[16];
	struct rng rng;
	struct enbkey *h;
	unsigned int h_epoch;
	bool no_reopen;		/* the namespace thread mid-round */
	struct vec prec, urec;
	pthread_t tid;
};

static struct thr *threads;
static unsigned int n_threads;

/* The handle of @t, (re)opened when the module was reloaded since. */
static int th_handle(struct thr *t)
{
	unsigned int e = atomic_load(&module_epoch);

	if (t->h && t->h_epoch == e)
		return 0;
	if (t->h && t->no_reopen)
		return -ENOENT;
	enbkey_close(t->h);
	t->h = enbkey_open();
	if (!t->h) {
		int err = errno;

		if (err != ENOENT)
			unexpected("%s: enbkey_open: %s", t->name, strerror(err));
		/* the module is being reloaded: do not spin on modprobe */
		nap_ms(20);
		return -err;
	}
	atomic_fetch_add(&n_reopen, 1);
	t->h_epoch = e;
	return 0;
}

/*
 * An error without the module's message: the family itself is gone, or
 * going: a dump that starts while rmmod runs the module's exit is refused
 * by netlink itself (its try_module_get() fails: EPROTONOSUPPORT).
 */
static bool family_gone(struct thr *t, int ret)
{
	if (ret != -ENOENT && ret != -EINVAL && ret != -EOPNOTSUPP &&
	    ret != -EPROTONOSUPPORT)
		return false;
	if (strcmp(enbkey_strerror(t->h), strerror(-ret)))
		return false;
	t->h_epoch = ~0u;	/* reopen before the next request */
	return true;
}

/*
 * A request of a thread that holds the UE's mutex: under it the module is
 * not unloaded, so a request that found the family gone went out on a
 * handle from before the last reload and is sent again on a new one.
 */
#define CALL(t, expr) ({						\
	int __r = -ENOENT, __n;						\
	for (__n = 0; __n < 5; __n++) {					\
		if (th_handle(t))					\
			continue;					\
		atomic_fetch_add(&n_ops, 1);				\
		__r = (expr);						\
		if (!family_gone(t, __r))				\
			break;						\
	}								\
	__r;								\
})

static const char *errmsg(struct thr *t, int ret)
{
	return ret ? (t->h ? enbkey_strerror(t->h) : strerror(-ret)) : "success";
}

/* ---- the UEs: model, published snapshot, history -------------------------- */

struct mkey {
	bool valid;
	uint8_t base[32];
	uint8_t ncc;
	bool algs;
	uint8_t eea, eia;
	bool up;
};

struct mcell {
	struct mkey k;
	uint16_t pci;
	uint32_t earfcn;
	bool exported;
};

/* What the agents may know of a UE, copied under snap_lock. */
struct snext {
	bool cell, exported, algs;
	uint16_t pci;
	uint32_t earfcn;
	struct lteref_keys k;
};

struct snap {
	bool exists, emergency, algs, rekey;
	uint32_t inc, gen;
	struct lteref_keys k;
	int n_next;
	struct snext next[ENBKEY_CELLS_MAX];
};

struct slot {
	int idx;
	uint32_t id;
	bool ns;			/* of the namespace thread */

	/* key-changing requests and the model, under lock */
	pthread_mutex_t lock;
	bool exists, emergency;
	uint32_t gen;
	struct mkey cur, rekey, nh;
	bool prep, prep_vertical;
	struct mkey prep_key;
	int n_cells;
	struct mcell cells[ENBKEY_CELLS_MAX];
	struct {
		uint8_t key[32];
		bool exported;
	} spent[SPENT_MAX];
	unsigned int n_spent;
	uint32_t scg_next;

	/* published to the agents */
	atomic_uint inc;		/* incarnation */
	atomic_uint seq;		/* odd while keys change */
	pthread_mutex_t snap_lock;
	struct snap snap;
	atomic_uint dl[N_BEARERS], ul[N_BEARERS];
};

static struct slot slots[N_SLOTS];

struct hent {
	uint32_t slot, inc, gen;
	bool algs;
	uint8_t base[32];
	struct lteref_keys k;
};

static struct hent *hist;
static size_t n_hist, cap_hist;
static pthread_mutex_t hist_lock = PTHREAD_MUTEX_INITIALIZER;

/* The keys of (UE, incarnation, generation) @s had, from the test's KDF. */
static void hist_add(struct slot *s, uint32_t gen, const struct mkey *k)
{
	struct hent *e;

	pthread_mutex_lock(&hist_lock);
	if (n_hist == cap_hist) {
		cap_hist = cap_hist ? cap_hist * 2 : 1024;
		hist = realloc(hist, cap_hist * sizeof(*hist));
		if (!hist) {
			fprintf(stderr, "stress: out of memory\n");
			exit(2);
		}
	}
	e = &hist[n_hist++];
	memset(e, 0, sizeof(*e));
	e->slot = s->idx;
	e->inc = atomic_load(&s->inc);
	e->gen = gen;
	memcpy(e->base, k->base, 32);
	e->algs = k->algs;
	if (k->algs)
		lteref_as_keys(k->base, k->eea, k->eia, k->up, &e->k);
	pthread_mutex_unlock(&hist_lock);
}

/* sec set selected algorithms for the current keys of @s */
static void hist_algs(struct slot *s, const struct mkey *k)
{
	uint32_t inc = atomic_load(&s->inc);
	size_t i;

	pthread_mutex_lock(&hist_lock);
	for (i = n_hist; i-- > 0;)
		if (hist[i].slot == (uint32_t)s->idx && hist[i].inc == inc &&
		    hist[i].gen == s->gen) {
			hist[i].algs = true;
			lteref_as_keys(k->base, k->eea, k->eia, k->up, &hist[i].k);
			break;
		}
	pthread_mutex_unlock(&hist_lock);
	if (i == (size_t)-1)
		failure("UE %u: no history entry for generation %u", s->id, s->gen);
}

static void mkey_keys(const struct mkey *m, struct lteref_keys *k)
{
	lteref_as_keys(m->base, m->eea, m->eia, m->up, k);
}

/* Publishes the model of @s (held under s->lock) to the agents. */
static void publish(struct slot *s)
{
	struct snap n;
	int i;

	memset(&n, 0, sizeof(n));
	n.exists = s->exists;
	n.emergency = s->emergency;
	n.inc = atomic_load(&s->inc);
	n.gen = s->gen;
	if (s->exists && s->cur.valid && s->cur.algs) {
		n.algs = true;
		mkey_keys(&s->cur, &n.k);
	}
	if (s->exists && s->rekey.valid) {
		n.rekey = true;
		n.n_next = 1;
		n.next[0].algs = s->rekey.algs;
		if (s->rekey.algs)
			mkey_keys(&s->rekey, &n.next[0].k);
	} else if (s->exists) {
		n.n_next = s->n_cells;
		for (i = 0; i < s->n_cells; i++) {
			struct snext *x = &n.next[i];

			x->cell = true;
			x->pci = s->cells[i].pci;
			x->earfcn = s->cells[i].earfcn;
			x->exported = s->cells[i].exported;
			x->algs = s->cells[i].k.algs;
			if (x->algs)
				mkey_keys(&s->cells[i].k, &x->k);
		}
	}
	pthread_mutex_lock(&s->snap_lock);
	s->snap = n;
	pthread_mutex_unlock(&s->snap_lock);
}

/* The agents' view of @s; returns the seq it goes with (odd: changing). */
static uint32_t snap_get(struct slot *s, struct snap *out)
{
	uint32_t v;

	pthread_mutex_lock(&s->snap_lock);
	*out = s->snap;
	v = atomic_load(&s->seq);
	pthread_mutex_unlock(&s->snap_lock);
	return v;
}

static void seq_begin(struct slot *s)
{
	atomic_fetch_add(&s->seq, 1);
}

static void seq_end(struct slot *s)
{
	atomic_fetch_add(&s->seq, 1);
}

/* The UE is gone (deleted, its namespace or the module gone): a new life. */
static void model_reset(struct slot *s)
{
	s->exists = false;
	s->emergency = false;
	s->gen = 0;
	memset(&s->cur, 0, sizeof(s->cur));
	memset(&s->rekey, 0, sizeof(s->rekey));
	memset(&s->nh, 0, sizeof(s->nh));
	s->prep = s->prep_vertical = false;
	memset(&s->prep_key, 0, sizeof(s->prep_key));
	s->n_cells = 0;
	memset(s->cells, 0, sizeof(s->cells));
	memset(s->spent, 0, sizeof(s->spent));
	s->n_spent = 0;
	s->scg_next = 0;
}

/* 0 not spent, 1 taken into use, 2 exported (TS 33.401 B.1.1) */
static int m_spent(const struct slot *s, const uint8_t key[32])
{
	unsigned int i, n = s->n_spent < SPENT_MAX ? s->n_spent : SPENT_MAX;

	for (i = 0; i < n; i++)
		if (!memcmp(s->spent[i].key, key, 32))
			return s->spent[i].exported ? 2 : 1;
	return 0;
}

static void m_spend(struct slot *s, const uint8_t key[32], bool exported)
{
	unsigned int i = s->n_spent % SPENT_MAX;

	if (m_spent(s, key))
		return;
	memcpy(s->spent[i].key, key, 32);
	s->spent[i].exported = exported;
	s->n_spent++;
}

/* @k becomes the current keys: a new generation (TS 33.401 B.1.1). */
static void m_make_current(struct slot *s, const struct mkey *k)
{
	s->cur = *k;
	s->cur.valid = true;
	s->gen++;
	s->scg_next = 0;
	m_spend(s, k->base, false);
}

static void m_drop_next(struct slot *s)
{
	s->n_cells = 0;
	memset(s->cells, 0, sizeof(s->cells));
	s->rekey.valid = false;
	s->prep = s->prep_vertical = false;
}

static int th_ue_get(struct thr *t, struct slot *s, struct enbkey_ue_info *i)
{
	atomic_fetch_add(&n_show, 1);
	return CALL(t, enbkey_ue_get(t->h, s->id, i));
}

static void resync(struct thr *t, struct slot *s);
static bool check_ue(struct thr *t, struct slot *s, const char *op,
		     uint32_t *gen);

/*
 * Reads @s back after @op and compares it with the model; *@gen gets the
 * generation the kernel reports.
 */
static bool check_ue(struct thr *t, struct slot *s, const char *op,
		     uint32_t *gen)
{
	struct enbkey_ue_info i;
	int ret = th_ue_get(t, s, &i), c;
	char what[128] = "";

	if (ret) {
		unexpected("%s: ue show %u after %s: %s", t->name, s->id, op,
			   errmsg(t, ret));
		return false;
	}
	if (gen)
		*gen = i.key_generation;
	if (i.key_generation != s->gen)
		snprintf(what, sizeof(what), "generation %u, model %u",
			 i.key_generation, s->gen);
	else if (i.key_installed != s->cur.valid ||
		 (s->cur.valid && i.ncc != s->cur.ncc))
		snprintf(what, sizeof(what), "key %d ncc %u, model %d %u",
			 i.key_installed, i.ncc, s->cur.valid, s->cur.ncc);
	else if (i.algs_selected != (s->cur.valid && s->cur.algs) ||
		 (i.algs_selected && (i.eea != s->cur.eea || i.eia != s->cur.eia ||
				      i.up_integrity != s->cur.up)))
		snprintf(what, sizeof(what), "algorithms %d %u/%u/%d, model %d %u/%u/%d",
			 i.algs_selected, i.eea, i.eia, i.up_integrity,
			 s->cur.algs, s->cur.eea, s->cur.eia, s->cur.up);
	else if (i.nh_pending != s->nh.valid || i.kenb_pending != s->rekey.valid ||
		 i.emergency != s->emergency)
		snprintf(what, sizeof(what), "nh %d kenb pending %d emergency %d, model %d %d %d",
			 i.nh_pending, i.kenb_pending, i.emergency, s->nh.valid,
			 s->rekey.valid, s->emergency);
	else if (i.n_cells != (unsigned int)s->n_cells ||
		 i.kenb_star_pending != (s->n_cells > 0))
		snprintf(what, sizeof(what), "%u cells, model %d", i.n_cells,
			 s->n_cells);
	else if (s->cur.valid && i.scg_counter != s->scg_next)
		snprintf(what, sizeof(what), "SCG Counter %u, model %u",
			 i.scg_counter, s->scg_next);
	for (c = 0; !*what && c < s->n_cells; c++)
		if (i.cells[c].pci != s->cells[c].pci ||
		    i.cells[c].earfcn_dl != s->cells[c].earfcn ||
		    i.cells[c].exported != s->cells[c].exported)
			snprintf(what, sizeof(what), "cell %d: %u/%u/%d, model %u/%u/%d",
				 c, i.cells[c].pci, i.cells[c].earfcn_dl,
				 i.cells[c].exported, s->cells[c].pci,
				 s->cells[c].earfcn, s->cells[c].exported);
	if (*what) {
		unexpected("%s: UE %u after %s: %s", t->name, s->id, op, what);
		return false;
	}
	return true;
}

/*
 * The keys of a new generation are current: the history learns which
 * generation the kernel gave them (ue show), under the mutex that orders
 * the key changes of this UE.
 */
static void new_generation(struct thr *t, struct slot *s, const char *op)
{
	uint32_t gen = s->gen;
	bool good = check_ue(t, s, op, &gen);
	int b;

	hist_add(s, gen, &s->cur);
	/*
	 * COUNTs belong to the keys (TS 33.401 B.1.1): under new ones they
	 * may start afresh. Requests still in flight with the old COUNTs then
	 * make some of the new ones reuses, which the kernel must refuse.
	 */
	for (b = 0; b < N_BEARERS; b++)
		if (rnd(&t->rng, 2))
			atomic_store(&s->dl[b], rnd(&t->rng, 4));
	if (!good)
		resync(t, s);
}

/* Compares an answer with the model's; on a difference the UE starts over. */
static bool expect(struct thr *t, struct slot *s, const char *op, int ret,
		   int want)
{
	if (ret == want) {
		if (ret)
			expected_err(ret);
		return true;
	}
	unexpected("%s: %s UE %u: %s; the model expects %s", t->name, op, s->id,
		   errmsg(t, ret), want ? strerror(-want) : "success");
	resync(t, s);
	return false;
}

/* The model lost track of @s: delete it, it starts a new incarnation. */
static void resync(struct thr *t, struct slot *s)
{
	int ret;

	seq_begin(s);
	atomic_fetch_add(&n_uedel, 1);
	ret = CALL(t, enbkey_ue_del(t->h, s->id));
	if (ret && ret != -ENOENT)
		unexpected("%s: ue del %u to start over: %s", t->name, s->id,
			   errmsg(t, ret));
	atomic_fetch_add(&s->inc, 1);
	model_reset(s);
	publish(s);
	seq_end(s);
}

/* ---- key-changing requests, under s->lock ---------------------------------- */

static void op_ue_new(struct thr *t, struct slot *s, bool emergency)
{
	int ret;

	seq_begin(s);
	atomic_fetch_add(&n_uenew, 1);
	ret = CALL(t, emergency ? enbkey_ue_add_emergency(t->h, s->id) :
				  enbkey_ue_add(t->h, s->id));
	if (expect(t, s, "ue add", ret, s->exists ? -EEXIST : 0) && !ret) {
		model_reset(s);
		s->exists = true;
		s->emergency = emergency;
		if (!check_ue(t, s, "ue add", NULL))
			resync(t, s);
	}
	publish(s);
	seq_end(s);
}

static void op_ue_del(struct thr *t, struct slot *s)
{
	int ret;

	seq_begin(s);
	atomic_fetch_add(&n_uedel, 1);
	ret = CALL(t, enbkey_ue_del(t->h, s->id));
	if (expect(t, s, "ue del", ret, s->exists ? 0 : -ENOENT) && !ret) {
		/* after the deletion and before any new UE of this id */
		atomic_fetch_add(&s->inc, 1);
		model_reset(s);
	}
	publish(s);
	seq_end(s);
}

/* What KEY_SET of KeNB @key does to @s (TS 33.401 7.2.9.2, the contract). */
static int m_key_set_want(const struct slot *s, const uint8_t key[32])
{
	if (!s->exists)
		return -ENOENT;
	if (s->n_cells && !s->rekey.valid)
		return -EBUSY;
	if (s->cur.valid && !memcmp(s->cur.base, key, 32))
		return -EEXIST;
	if (s->rekey.valid && !memcmp(s->rekey.base, key, 32))
		return -EEXIST;
	if (m_spent(s, key))
		return -EEXIST;
	return 0;
}

/* A fresh KeNB, or (@spent) one the UE has or had, which must be refused. */
static void op_key_set(struct thr *t, struct slot *s, bool spent)
{
	struct mkey k = { .valid = true };
	int ret, want;

	if (spent) {
		unsigned int n = s->n_spent < SPENT_MAX ? s->n_spent : SPENT_MAX;
		unsigned int c = rnd(&t->rng, n + 2);

		if (c < n)
			memcpy(k.base, s->spent[c].key, 32);
		else if (c == n && s->rekey.valid)
			memcpy(k.base, s->rekey.base, 32);
		else if (s->cur.valid)
			memcpy(k.base, s->cur.base, 32);
		else
			return;
	} else {
		fresh_key(k.base);
	}
	k.ncc = rnd(&t->rng, ENBKEY_NCC_MAX + 1);
	want = m_key_set_want(s, k.base);
	seq_begin(s);
	atomic_fetch_add(&n_keyset, 1);
	ret = CALL(t, enbkey_key_set(t->h, s->id, k.base, 32, k.ncc));
	if (expect(t, s, spent ? "key set (spent KeNB)" : "key set", ret, want) &&
	    !ret) {
		if (s->cur.valid && s->cur.algs) {
			/* re-keying: held until commit, with the same algorithms */
			k.algs = true;
			k.eea = s->cur.eea;
			k.eia = s->cur.eia;
			k.up = s->cur.up;
			s->rekey = k;
			s->nh.valid = false;
			if (!check_ue(t, s, "key set", NULL))
				resync(t, s);
		} else {
			s->nh.valid = false;
			m_make_current(s, &k);
			new_generation(t, s, "key set");
		}
	}
	explicit_bzero(&k, sizeof(k));
	publish(s);
	seq_end(s);
}

static void op_nh_set(struct thr *t, struct slot *s)
{
	struct mkey k = { .valid = true };
	int ret, want;

	fresh_key(k.base);
	k.ncc = rnd(&t->rng, ENBKEY_NCC_MAX + 1);
	want = !s->exists ? -ENOENT : s->n_cells && !s->rekey.valid ? -EBUSY : 0;
	seq_begin(s);
	atomic_fetch_add(&n_nhset, 1);
	ret = CALL(t, enbkey_nh_set(t->h, s->id, k.base, 32, k.ncc));
	if (expect(t, s, "nh set", ret, want) && !ret) {
		s->nh = k;
		if (!check_ue(t, s, "nh set", NULL))
			resync(t, s);
	}
	explicit_bzero(&k, sizeof(k));
	publish(s);
	seq_end(s);
}

static void pick_algs(struct thr *t, const struct slot *s, uint8_t *eea,
		      uint8_t *eia)
{
	*eea = rnd(&t->rng, 4);
	/* EIA0 for emergency UEs; now and then for another, to be refused */
	if (s->emergency ? rnd(&t->rng, 3) == 0 : rnd(&t->rng, 40) == 0)
		*eia = 0;
	else
		*eia = 1 + rnd(&t->rng, 3);
}

static void op_sec_set(struct thr *t, struct slot *s)
{
	uint8_t eea, eia;
	bool up = rnd(&t->rng, 2), change = false;
	int ret, want;

	pick_algs(t, s, &eea, &eia);
	if (s->cur.valid && s->cur.algs && rnd(&t->rng, 3) == 0) {
		eea = s->cur.eea;	/* the same again: changes nothing */
		eia = s->cur.eia;
		up = s->cur.up;
	}
	if (!s->exists)
		want = -ENOENT;
	else if (eia == 0 && !s->emergency)
		want = -EPERM;
	else if (!s->cur.valid)
		want = -ENOKEY;
	else if (s->cur.algs)
		want = s->cur.eea == eea && s->cur.eia == eia && s->cur.up == up ?
		       0 : -EBUSY;
	else
		want = 0, change = true;
	seq_begin(s);
	atomic_fetch_add(&n_secset, 1);
	ret = CALL(t, enbkey_sec_set(t->h, s->id, eea, eia, up));
	if (expect(t, s, "sec set", ret, want) && !ret) {
		if (change) {
			s->cur.algs = true;
			s->cur.eea = eea;
			s->cur.eia = eia;
			s->cur.up = up;
			hist_algs(s, &s->cur);
		}
		if (!check_ue(t, s, "sec set", NULL))
			resync(t, s);
	}
	publish(s);
	seq_end(s);
}

/* TS 33.401 A.15: S-KeNB = KDF(KeNB, 0x1C, SCG Counter), no key change */
static void op_s_kenb(struct thr *t, struct slot *s)
{
	uint8_t key[32], ref[32];
	uint32_t counter = 0;
	int ret, want = !s->exists ? -ENOENT : !s->cur.valid ? -ENOKEY : 0;

	atomic_fetch_add(&n_skenb, 1);
	ret = CALL(t, enbkey_s_kenb(t->h, s->id, key, &counter));
	if (expect(t, s, "dc skenb", ret, want) && !ret) {
		lteref_s_kenb(s->cur.base, s->scg_next, ref);
		if (counter != s->scg_next || memcmp(key, ref, 32))
			failure("%s: UE %u: S-KeNB or SCG Counter %u differs from the reference (%u)",
				t->name, s->id, counter, s->scg_next);
		s->scg_next++;
	}
	explicit_bzero(key, sizeof(key));
	explicit_bzero(ref, sizeof(ref));
}

static int m_find_cell(const struct slot *s, uint16_t pci, uint32_t earfcn)
{
	int i;

	for (i = 0; i < s->n_cells; i++)
		if (s->cells[i].pci == pci && s->cells[i].earfcn == earfcn)
			break;
	return i;
}

static void pick_cell(struct thr *t, const struct slot *s, uint16_t *pci,
		      uint32_t *earfcn)
{
	unsigned int r = rnd(&t->rng, 10);

	if (r < 2 && s->n_cells) {
		int i = rnd(&t->rng, s->n_cells);

		*pci = s->cells[i].pci;
		*earfcn = s->cells[i].earfcn;
		return;
	}
	*pci = rnd(&t->rng, ENBKEY_PCI_MAX + 1);
	*earfcn = r < 7 ? rnd(&t->rng, 65536) :
		  65536 + rnd(&t->rng, ENBKEY_EARFCN_MAX - 65535);
}

/* TS 33.401 7.2.8.4, A.5: KeNB* from the unused NH or the current KeNB */
static void op_ho_prepare(struct thr *t, struct slot *s)
{
	bool given = rnd(&t->rng, 3) == 0, vertical = false;
	const struct mkey *base = NULL;
	struct mcell c;
	uint8_t eea = 0, eia = 0, ncc = 0;
	int ret, want = 0, i = 0;

	memset(&c, 0, sizeof(c));
	pick_cell(t, s, &c.pci, &c.earfcn);
	if (given)
		pick_algs(t, s, &eea, &eia);
	if (!s->exists) {
		want = -ENOENT;
	} else if (s->rekey.valid) {
		want = -EBUSY;
	} else if (given && eia == 0 && !s->emergency) {
		want = -EPERM;
	} else {
		base = s->prep ? &s->prep_key : s->nh.valid ? &s->nh :
		       s->cur.valid ? &s->cur : NULL;
		i = m_find_cell(s, c.pci, c.earfcn);
		if (!base) {
			want = -ENOKEY;
		} else if (i == ENBKEY_CELLS_MAX) {
			want = -ENOSPC;
		} else {
			lteref_kenb_star(base->base, c.pci, c.earfcn, c.k.base);
			if (m_spent(s, c.k.base) == 1)
				want = -EEXIST;
		}
	}
	seq_begin(s);
	atomic_fetch_add(&n_ho, 1);
	ret = CALL(t, given ? enbkey_ho_prepare_algs(t->h, s->id, c.pci, c.earfcn,
						     eea, eia, &ncc, &vertical) :
			      enbkey_ho_prepare(t->h, s->id, c.pci, c.earfcn,
						&ncc, &vertical));
	if (expect(t, s, "ho prepare", ret, want) && !ret) {
		if (!s->prep) {
			s->prep = true;
			s->prep_key = *base;
			s->prep_vertical = base == &s->nh;
		}
		c.k.valid = true;
		c.k.ncc = s->prep_key.ncc;
		c.exported = m_spent(s, c.k.base) == 2;
		if (given) {
			c.k.algs = true;
			c.k.eea = eea;
			c.k.eia = eia;
			c.k.up = s->cur.valid && s->cur.up;
		} else if (s->cur.valid && s->cur.algs) {
			c.k.algs = true;
			c.k.eea = s->cur.eea;
			c.k.eia = s->cur.eia;
			c.k.up = s->cur.up;
		}
		s->cells[i] = c;
		if (i == s->n_cells)
			s->n_cells++;
		if (ncc != s->prep_key.ncc || vertical != s->prep_vertical) {
			unexpected("%s: ho prepare UE %u: ncc %u vertical %d, model %u %d",
				   t->name, s->id, ncc, vertical, s->prep_key.ncc,
				   s->prep_vertical);
			resync(t, s);
		} else if (!check_ue(t, s, "ho prepare", NULL)) {
			resync(t, s);
		}
	}
	explicit_bzero(&c, sizeof(c));
	publish(s);
	seq_end(s);
}

/*
 * The cell a commit or export names: *named false for none. Mostly what
 * is prepared, now and then a wrong choice, to be refused.
 */
static int pick_next(struct thr *t, const struct slot *s, bool *named,
		     struct enbkey_cell *cell)
{
	unsigned int r = rnd(&t->rng, 20);
	int i = s->n_cells ? (int)rnd(&t->rng, s->n_cells) : 0;

	*named = false;
	if (s->rekey.valid)
		*named = r == 0;
	else if (s->n_cells == 1)
		*named = r < 10;
	else
		*named = r != 0;
	if (!*named)
		return -1;
	if (s->n_cells && r != 1) {
		cell->pci = s->cells[i].pci;
		cell->earfcn_dl = s->cells[i].earfcn;
	} else {
		cell->pci = rnd(&t->rng, ENBKEY_PCI_MAX + 1);
		cell->earfcn_dl = rnd(&t->rng, 65536);
	}
	return m_find_cell(s, cell->pci, cell->earfcn_dl);
}

/* The model's enbkey_ho_next(): the index of the next keys, or -errno. */
static int m_next(const struct slot *s, bool named, int i, bool rekey_ok)
{
	if (!s->exists)
		return -ENOENT;
	if ((!s->n_cells && !s->rekey.valid) || (s->rekey.valid && !rekey_ok))
		return -ENOKEY;
	if (s->rekey.valid)
		return named ? -EINVAL : 0;
	if (!named)
		return s->n_cells == 1 ? 0 : -EINVAL;
	return i < s->n_cells ? i : -ENOKEY;
}

static void op_ho_commit(struct thr *t, struct slot *s)
{
	struct enbkey_cell cell;
	struct mkey k;
	bool named;
	int i = pick_next(t, s, &named, &cell), want, ret;

	i = m_next(s, named, i, true);
	want = i < 0 ? i : !s->rekey.valid && s->cells[i].exported ? -EPERM : 0;
	seq_begin(s);
	atomic_fetch_add(&n_ho, 1);
	ret = CALL(t, named ? enbkey_ho_commit_cell(t->h, s->id, &cell) :
			      enbkey_ho_commit(t->h, s->id));
	if (expect(t, s, "ho commit", ret, want) && !ret) {
		bool vertical = !s->rekey.valid && s->prep_vertical;

		k = s->rekey.valid ? s->rekey : s->cells[i].k;
		m_drop_next(s);
		if (vertical)
			s->nh.valid = false;
		m_make_current(s, &k);
		new_generation(t, s, "ho commit");
		explicit_bzero(&k, sizeof(k));
	}
	publish(s);
	seq_end(s);
}

static void op_ho_cancel(struct thr *t, struct slot *s)
{
	int ret, want = !s->exists ? -ENOENT :
			!s->n_cells || s->rekey.valid ? -ENOKEY : 0;

	seq_begin(s);
	atomic_fetch_add(&n_ho, 1);
	ret = CALL(t, enbkey_ho_cancel(t->h, s->id));
	if (expect(t, s, "ho cancel", ret, want) && !ret) {
		m_drop_next(s);
		if (!check_ue(t, s, "ho cancel", NULL))
			resync(t, s);
	}
	publish(s);
	seq_end(s);
}

/* X2 handover: KeNB* leaves (masked by libenbkey) and is checked here */
static void op_ho_export(struct thr *t, struct slot *s)
{
	struct enbkey_cell cell;
	uint8_t star[32], ncc = 0;
	bool named;
	int i = pick_next(t, s, &named, &cell), want, ret;

	want = i = m_next(s, named, i, false);
	if (want > 0)
		want = 0;
	seq_begin(s);
	atomic_fetch_add(&n_ho, 1);
	ret = CALL(t, enbkey_ho_export_cell(t->h, s->id, named ? &cell : NULL,
					    star, &ncc));
	if (expect(t, s, "ho export", ret, want) && !ret) {
		if (memcmp(star, s->cells[i].k.base, 32) || ncc != s->cells[i].k.ncc)
			failure("%s: ho export UE %u: KeNB* or NCC %u differs from the reference (%u)",
				t->name, s->id, ncc, s->cells[i].k.ncc);
		s->cells[i].exported = true;
		m_spend(s, star, true);
		if (s->prep_vertical)
			s->nh.valid = false;
		if (!check_ue(t, s, "ho export", NULL))
			resync(t, s);
	}
	explicit_bzero(star, sizeof(star));
	publish(s);
	seq_end(s);
}

/* ---- agents: PDCP requests without the UE's mutex -------------------------- */

struct flip {
	uint32_t f1, f2;
	bool off;
};

static void flip_begin(struct flip *f)
{
	f->f1 = atomic_load(&flip_seq);
	f->off = atomic_load(&flip_off);
}

static void flip_end(struct flip *f)
{
	f->f2 = atomic_load(&flip_seq);
}

/* agent_gid changed during the request */
static bool flip_window(const struct flip *f)
{
	return f->f1 != f->f2 || f->f1 % 4;
}

/* agent_gid excluded the agents for the whole request */
static bool flip_refused(const struct flip *f)
{
	return f->f1 == f->f2 && f->f1 % 4 == 2 && f->off;
}

static bool msg_has(struct thr *t, const char *s)
{
	return t->h && strstr(enbkey_strerror(t->h), s);
}

/*
 * A PDCP request of an agent failed as a whole: is it one the races
 * explain? @strict: no key change overlapped it, and @sn is the truth.
 */
static void agent_error(struct thr *t, const char *op, struct slot *s, int ret,
			const struct flip *f, bool strict, const struct snap *sn,
			const struct snext *nx)
{
	bool ok = false;

	if (family_gone(t, ret))
		ok = true;
	else if (ret == -EPERM && msg_has(t, "agent_gid"))
		ok = flip_window(f) && t->role == R_AGENT;
	else if (flip_refused(f) && t->role == R_AGENT)
		ok = false;	/* must have been EPERM */
	else if (!strict)
		ok = ret == -ENOENT || ret == -ENOKEY || ret == -EBADMSG ||
		     ret == -ERANGE ||
		     (ret == -EPERM && msg_has(t, "exported")) ||
		     (ret == -EINVAL &&
		      (msg_has(t, "COUNT reuse") || msg_has(t, "COUNT replay") ||
		       msg_has(t, "ciphering has started") ||
		       msg_has(t, "integrity protected") ||
		       msg_has(t, "several cells") ||
		       msg_has(t, "it has no cell") ||
		       /* built for keys without a MAC-I on the bearer */
		       msg_has(t, "shorter than its MAC-I")));
	else
		ok = (ret == -ENOENT && !sn->exists) ||
		     (ret == -ENOKEY && (!sn->exists || !(nx ? nx->algs : sn->algs))) ||
		     (ret == -EPERM && nx && nx->exported) ||
		     ret == -ERANGE ||
		     (ret == -EINVAL &&
		      (msg_has(t, "COUNT reuse") ||
		       msg_has(t, "ciphering has started") ||
		       msg_has(t, "integrity protected")));
	if (ok) {
		expected_err(ret);
		return;
	}
	unexpected("%s: %s UE %u: %s (%s%s)", t->name, op, s->id, errmsg(t, ret),
		   strict ? "no key change overlapped it" : "keys changing",
		   flip_refused(f) ? ", agent_gid excluded the agents" : "");
}

static const uint8_t rb_of[N_BEARERS][2] = {
	{ ENBKEY_RB_SRB, 1 }, { ENBKEY_RB_SRB, 2 },
	{ ENBKEY_RB_DRB, 1 }, { ENBKEY_RB_DRB, 2 }, { ENBKEY_RB_DRB, 3 },
	{ ENBKEY_RB_DRB, 4 }, { ENBKEY_RB_DRB, 5 }, { ENBKEY_RB_DRB, 6 },
};

static void pick_pdu(struct thr *t, int b, uint8_t *hdr, uint8_t *hdr_len,
		     uint8_t *data, uint8_t *data_len)
{
	unsigned int r = rnd(&t->rng, 10);

	*hdr_len = b < N_SRB ? 1 : 1 + rnd(&t->rng, MAX_HDR);
	rnd_bytes(&t->rng, hdr, *hdr_len);
	*data_len = r == 0 ? rnd(&t->rng, KS_LEN) :
		    KS_LEN + rnd(&t->rng, MAX_DATA - KS_LEN + 1);
	rnd_bytes(&t->rng, data, *data_len);
}

static void agent_protect(struct thr *t, struct slot *s)
{
	struct enbkey_pdu pdus[MAX_BATCH];
	struct prec recs[MAX_BATCH];
	uint32_t v1, v2, inc1, inc2, gen;
	struct snap sn;
	struct flip f;
	unsigned int n = 1 + rnd(&t->rng, rnd(&t->rng, 4) ? 3 : MAX_BATCH), i;
	bool strict;
	int ret;

	if (atomic_load(&n_recorded) >= MAX_RECORDS)
		return;
	v1 = snap_get(s, &sn);
	if ((!sn.exists || !sn.algs) && rnd(&t->rng, 8))
		return;
	for (i = 0; i < n; i++) {
		struct prec *r = &recs[i];
		int b = rnd(&t->rng, N_BEARERS);

		memset(r, 0, sizeof(*r));
		r->slot = s->idx;
		r->rb_type = rb_of[b][0];
		r->rb_id = rb_of[b][1];
		r->count = atomic_fetch_add(&s->dl[b], 1 + rnd(&t->rng, 3));
		pick_pdu(t, b, r->hdr, &r->hdr_len, r->data, &r->data_len);
		/* the security mode procedure, or a DRB without a MAC-I */
		if (rnd(&t->rng, 30) == 0)
			r->flags = b < N_SRB || sn.k.up_integrity ?
				   ENBKEY_PDU_F_INTEGRITY_ONLY : ENBKEY_PDU_F_CIPHER_ONLY;
		pdus[i] = (struct enbkey_pdu){
			.rb_type = r->rb_type, .rb_id = r->rb_id,
			.dir = ENBKEY_DIR_DL, .count = r->count, .flags = r->flags,
			.hdr = r->hdr, .hdr_len = r->hdr_len,
			.data = r->data, .data_len = r->data_len,
			.out = r->out, .out_size = sizeof(r->out),
		};
	}
	inc1 = atomic_load(&s->inc);
	flip_begin(&f);
	atomic_fetch_add(&n_ops, 1);
	atomic_fetch_add(&n_protect, 1);
	ret = enbkey_pdcp_protect(t->h, s->id, pdus, n);
	flip_end(&f);
	inc2 = atomic_load(&s->inc);
	v2 = atomic_load(&s->seq);
	strict = v1 == v2 && !(v1 & 1);
	if (strict)
		atomic_fetch_add(&n_strict, 1);
	if (ret) {
		agent_error(t, "pdcp protect", s, ret, &f, strict, &sn, NULL);
		return;
	}
	gen = enbkey_pdcp_generation(t->h);
	if (flip_refused(&f) && t->role == R_AGENT)
		unexpected("%s: pdcp protect UE %u served while agent_gid excluded the agents",
			   t->name, s->id);
	if (strict && (!sn.exists || !sn.algs || gen != sn.gen || inc1 != sn.inc))
		failure("%s: pdcp protect UE %u: served by generation %u, but no key change overlapped it and the keys are those of generation %u%s",
			t->name, s->id, gen, sn.gen, sn.algs ? "" : " (without algorithms)");
	for (i = 0; i < n; i++) {
		struct prec *r = &recs[i];

		if (pdus[i].err) {
			/* COUNT reuse after a restart, integrity-only too late */
			if (pdus[i].err == -EINVAL)
				expected_err(pdus[i].err);
			else
				unexpected("%s: pdcp protect UE %u PDU %u: %s", t->name,
					   s->id, i, strerror(-pdus[i].err));
			continue;
		}
		r->inc_lo = inc1 ? inc1 - 1 : 0;
		r->inc_hi = inc2;
		r->gen = gen;
		r->out_len = pdus[i].out_len;
		*(struct prec *)vec_add(&t->prec) = *r;
		atomic_fetch_add(&n_recorded, 1);
		atomic_fetch_add(&n_protect_pdus, 1);
	}
}

/* An uplink PDU as the UE would send it, with the reference's keys. */
static size_t ul_pdu(const struct lteref_keys *k, int b, uint32_t count,
		     const uint8_t *hdr, size_t hl, const uint8_t *data,
		     size_t len, uint8_t *pdu)
{
	bool srb = b < N_SRB;
	size_t n;

	pthread_mutex_lock(&ref_lock);
	n = lteref_pdu(k, srb, rb_of[b][1], ENBKEY_DIR_UL, count, hdr, hl, data,
		       len, srb || k->up_integrity, true, pdu);
	pthread_mutex_unlock(&ref_lock);
	return n;
}

static void agent_unprotect(struct thr *t, struct slot *s, bool next)
{
	struct enbkey_pdu pdus[MAX_BATCH];
	struct urec recs[MAX_BATCH];
	uint8_t plain[MAX_BATCH][MAX_DATA], pdu[MAX_HDR + MAX_DATA + 4];
	struct enbkey_cell cell;
	const struct snext *nx = NULL;
	const struct lteref_keys *k;
	struct lteref_keys none;
	uint32_t v1, v2, inc1, inc2, gen;
	struct snap sn;
	struct flip f;
	unsigned int n = 1 + rnd(&t->rng, 4), i;
	bool strict, named = false;
	int ret, x = 0;

	v1 = snap_get(s, &sn);
	memset(&none, 0, sizeof(none));
	none.eea = none.eia = 2;
	if (next) {
		if ((!sn.exists || !sn.n_next) && rnd(&t->rng, 8))
			return;
		if (sn.n_next) {
			x = rnd(&t->rng, sn.n_next);
			nx = &sn.next[x];
			named = nx->cell && (sn.n_next > 1 || rnd(&t->rng, 2));
			cell.pci = nx->pci;
			cell.earfcn_dl = nx->earfcn;
		}
		k = nx && nx->algs ? &nx->k : &none;
	} else {
		if ((!sn.exists || !sn.algs) && rnd(&t->rng, 8))
			return;
		k = sn.algs ? &sn.k : &none;
	}
	for (i = 0; i < n; i++) {
		struct urec *r = &recs[i];
		/* the next keys' first PDUs: RRC messages on an SRB */
		int b = rnd(&t->rng, next ? N_SRB : N_BEARERS);
		uint8_t dl;

		memset(r, 0, sizeof(*r));
		r->slot = s->idx;
		r->rb_type = rb_of[b][0];
		r->rb_id = rb_of[b][1];
		r->count = atomic_fetch_add(&s->ul[b], 1);
		pick_pdu(t, b, r->hdr, &r->hdr_len, plain[i], &dl);
		r->in_len = ul_pdu(k, b, r->count, r->hdr, r->hdr_len, plain[i],
				   dl, pdu) - r->hdr_len;
		memcpy(r->in, pdu + r->hdr_len, r->in_len);
		r->out_len = dl;	/* for now: the payload's length */
		pdus[i] = (struct enbkey_pdu){
			.rb_type = r->rb_type, .rb_id = r->rb_id,
			.dir = ENBKEY_DIR_UL, .count = r->count,
			.hdr = r->hdr, .hdr_len = r->hdr_len,
			.data = r->in, .data_len = r->in_len,
			.out = r->out, .out_size = sizeof(r->out),
		};
	}
	inc1 = atomic_load(&s->inc);
	flip_begin(&f);
	atomic_fetch_add(&n_ops, 1);
	atomic_fetch_add(next ? &n_unprotect_next : &n_unprotect, 1);
	ret = next ? enbkey_pdcp_unprotect_next(t->h, s->id, named ? &cell : NULL,
						pdus, n) :
		     enbkey_pdcp_unprotect(t->h, s->id, pdus, n);
	flip_end(&f);
	inc2 = atomic_load(&s->inc);
	v2 = atomic_load(&s->seq);
	strict = v1 == v2 && !(v1 & 1);
	if (strict)
		atomic_fetch_add(&n_strict, 1);
	if (ret) {
		if (strict && ret == -EBADMSG && (next ? nx && nx->algs : sn.algs))
			failure("%s: pdcp unprotect%s UE %u: integrity check failed, but no key change overlapped it",
				t->name, next ? " next" : "", s->id);
		else
			agent_error(t, next ? "pdcp unprotect next" : "pdcp unprotect",
				    s, ret, &f, strict, &sn, next ? (nx ? nx : &sn.next[0]) : NULL);
		return;
	}
	gen = enbkey_pdcp_generation(t->h);
	if (flip_refused(&f) && t->role == R_AGENT)
		unexpected("%s: pdcp unprotect UE %u served while agent_gid excluded the agents",
			   t->name, s->id);
	if (strict && (!sn.exists || !(nx ? nx->algs : sn.algs) ||
		       gen != sn.gen + next || inc1 != sn.inc))
		failure("%s: pdcp unprotect%s UE %u: served by generation %u, but no key change overlapped it and the keys are those of generation %u",
			t->name, next ? " next" : "", s->id, gen, sn.gen + next);
	for (i = 0; i < n; i++) {
		struct urec *r = &recs[i];
		int err = pdus[i].err;
		bool same = !err && pdus[i].out_len == r->out_len &&
			    !memcmp(r->out, plain[i], r->out_len);

		/*
		 * With a verified MAC-I the payload is the UE's: the keys were
		 * the ones it was built with (EIA0 checks nothing).
		 */
		if (!err && !same &&
		    (strict || (r->rb_type == ENBKEY_RB_SRB && k->eia &&
				!sn.emergency && inc1 == sn.inc && inc2 == sn.inc)))
			failure("%s: pdcp unprotect%s UE %u %s%u COUNT %u: accepted, but the payload is not the UE's",
				t->name, next ? " next" : "", s->id,
				r->rb_type == ENBKEY_RB_SRB ? "SRB" : "DRB",
				r->rb_id, r->count);
		if (err == -EBADMSG && strict)
			failure("%s: pdcp unprotect%s UE %u PDU %u: integrity check failed, but no key change overlapped it",
				t->name, next ? " next" : "", s->id, i);
		else if (err && err != -EBADMSG && err != -EINVAL && err != -ERANGE)
			unexpected("%s: pdcp unprotect%s UE %u PDU %u: %s", t->name,
				   next ? " next" : "", s->id, i, strerror(-err));
		else if (err)
			expected_err(err);
		if (next)
			continue;
		r->err = err;
		r->inc_lo = inc1 ? inc1 - 1 : 0;
		r->inc_hi = inc2;
		r->gen = gen;
		r->out_len = err ? 0 : pdus[i].out_len;
		*(struct urec *)vec_add(&t->urec) = *r;
	}
}

static int dump_cb(const struct enbkey_ue_info *ue, void *arg)
{
	(void)ue;
	(void)arg;
	return 0;
}

/* ue show and ue dump as an agent: they race with everything too */
static void agent_read(struct thr *t, struct slot *s)
{
	struct enbkey_ue_info i;
	struct snap sn;
	struct flip f;
	bool dump = rnd(&t->rng, 4) == 0;
	int ret;

	snap_get(s, &sn);
	flip_begin(&f);
	atomic_fetch_add(&n_ops, 1);
	atomic_fetch_add(&n_show, 1);
	ret = dump ? enbkey_ue_dump(t->h, dump_cb, NULL) :
		     enbkey_ue_get(t->h, s->id, &i);
	flip_end(&f);
	if (!ret || family_gone(t, ret) || ret == -ENOENT || ret == -EINTR ||
	    (ret == -EPERM && flip_window(&f))) {
		if (ret)
			expected_err(ret);
		return;
	}
	unexpected("%s: %s: %s", t->name, dump ? "ue dump" : "ue show",
		   errmsg(t, ret));
}

/* ---- the threads -------------------------------------------------------- */

/* Credentials of this thread only: raw system calls, not glibc's wrappers. */
static void become_agent(void)
{
	gid_t groups[2] = { 1000, (gid_t)agent_gid };

	if (syscall(SYS_setgroups, 2, groups) ||
	    syscall(SYS_setresgid, 1000, 1000, 1000) ||
	    syscall(SYS_setresuid, 1000, 1000, 1000)) {
		perror("stress: agent credentials");
		exit(2);
	}
}

static void *agent_main(void *arg)
{
	struct thr *t = arg;

	become_agent();
	while (!atomic_load(&stop)) {
		struct slot *s = &slots[rnd(&t->rng, N_UES)];
		unsigned int r = rnd(&t->rng, 100);

		if (th_handle(t))
			continue;
		if (r < 62)
			agent_protect(t, s);
		else if (r < 84)
			agent_unprotect(t, s, false);
		else if (r < 96)
			agent_unprotect(t, s, true);
		else
			agent_read(t, s);
		if (!rnd(&t->rng, 16))
			sched_yield();
	}
	enbkey_close(t->h);
	t->h = NULL;
	return NULL;
}

static void *prov_main(void *arg)
{
	struct thr *t = arg;

	while (!atomic_load(&stop)) {
		struct slot *s = &slots[rnd(&t->rng, N_UES)];
		unsigned int r = rnd(&t->rng, 100);

		pthread_mutex_lock(&s->lock);
		if (!s->exists)
			op_ue_new(t, s, rnd(&t->rng, 7) == 0);
		else if (r < 30)
			op_key_set(t, s, false);
		else if (r < 36)
			op_key_set(t, s, true);
		else if (r < 48)
			op_nh_set(t, s);
		else if (r < 72)
			op_sec_set(t, s);
		else if (r < 78)
			op_s_kenb(t, s);
		else if (r < 84) {
			op_ue_del(t, s);
			if (rnd(&t->rng, 2))
				op_ue_new(t, s, rnd(&t->rng, 7) == 0);
		} else if (!check_ue(t, s, "nothing", NULL)) {
			resync(t, s);
		}
		pthread_mutex_unlock(&s->lock);
		/* windows without key changes, for the strict checks */
		nap_ms(rnd(&t->rng, 8));
	}
	enbkey_close(t->h);
	t->h = NULL;
	return NULL;
}

static void *ho_main(void *arg)
{
	struct thr *t = arg;

	while (!atomic_load(&stop)) {
		struct slot *s = &slots[rnd(&t->rng, N_UES)];
		unsigned int r = rnd(&t->rng, 100);

		pthread_mutex_lock(&s->lock);
		if (r < 40)
			op_ho_prepare(t, s);
		else if (r < 75)
			op_ho_commit(t, s);
		else if (r < 88)
			op_ho_cancel(t, s);
		else
			op_ho_export(t, s);
		pthread_mutex_unlock(&s->lock);
		nap_ms(rnd(&t->rng, 6));
	}
	enbkey_close(t->h);
	t->h = NULL;
	return NULL;
}

/*
 * One namespace: UEs with keys (the shared UEs' ids, in another table),
 * traffic, a re-keying or a handover, then the socket goes and the
 * namespace dies with the UEs still in it.
 */
static void ns_round(struct thr *t, int orig_ns)
{
	unsigned int e0 = atomic_load(&module_epoch), j, iters;
	int k;

	if (unshare(CLONE_NEWNET)) {
		unexpected("%s: unshare(CLONE_NEWNET): %s", t->name, strerror(errno));
		nap_stop(500);
		return;
	}
	atomic_fetch_add(&n_netns, 1);
	enbkey_close(t->h);
	t->h = NULL;
	t->no_reopen = false;
	if (th_handle(t))
		goto out;
	t->no_reopen = true;
	for (k = 0; k < NS_UES; k++) {
		struct slot *s = &slots[N_UES + k];

		pthread_mutex_lock(&s->lock);
		/* the module is not unloaded while we hold the lock */
		if (atomic_load(&module_epoch) != e0) {
			pthread_mutex_unlock(&s->lock);
			goto out;
		}
		seq_begin(s);
		atomic_fetch_add(&s->inc, 1);
		model_reset(s);
		publish(s);
		seq_end(s);
		op_ue_new(t, s, false);
		op_key_set(t, s, false);
		for (j = 0; j < 10 && s->exists && !s->cur.algs; j++)
			op_sec_set(t, s);
		pthread_mutex_unlock(&s->lock);
	}
	iters = 10 + rnd(&t->rng, 20);
	for (j = 0; j < iters && atomic_load(&module_epoch) == e0 &&
		    !atomic_load(&stop); j++) {
		struct slot *s = &slots[N_UES + rnd(&t->rng, NS_UES)];
		unsigned int r = rnd(&t->rng, 100);

		if (r < 75) {
			agent_protect(t, s);
			continue;
		}
		pthread_mutex_lock(&s->lock);
		if (atomic_load(&module_epoch) != e0) {
			pthread_mutex_unlock(&s->lock);
			break;
		}
		if (r < 85) {
			op_key_set(t, s, false);
			if (s->rekey.valid)
				op_ho_commit(t, s);
		} else if (r < 95) {
			op_ho_prepare(t, s);
			op_ho_commit(t, s);
		} else {
			op_ue_del(t, s);
		}
		pthread_mutex_unlock(&s->lock);
	}
out:
	/* the last reference to the namespace but the thread's own */
	enbkey_close(t->h);
	t->h = NULL;
	t->no_reopen = false;
	if (setns(orig_ns, CLONE_NEWNET)) {
		perror("stress: setns back");
		exit(2);
	}
}

static void *netns_main(void *arg)
{
	struct thr *t = arg;
	int orig = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);

	if (orig < 0) {
		perror("stress: /proc/thread-self/ns/net");
		exit(2);
	}
	while (!atomic_load(&stop)) {
		ns_round(t, orig);
		nap_stop(rnd(&t->rng, 100));
	}
	close(orig);
	return NULL;
}

static int write_param(const char *name, const char *val)
{
	char path[128];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/sys/module/enbkey/parameters/%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		ret = -errno;
	close(fd);
	return ret;
}

static void *gid_main(void *arg)
{
	static const char *const others[] = { "2001", "-1", "1000" };
	struct thr *t = arg;
	char orig[32];
	int ret;

	snprintf(orig, sizeof(orig), "%ld", agent_gid);
	while (!atomic_load(&stop)) {
		const char *v = others[rnd(&t->rng, 3)];

		nap_stop(500 + rnd(&t->rng, 2000));
		if (atomic_load(&stop))
			break;
		pthread_mutex_lock(&gid_lock);
		atomic_fetch_add(&n_flips, 1);
		atomic_store(&flip_off, strcmp(v, "1000") != 0);
		atomic_fetch_add(&flip_seq, 1);
		ret = write_param("agent_gid", v);
		if (ret)
			unexpected("%s: agent_gid=%s: %s", t->name, v, strerror(-ret));
		atomic_fetch_add(&flip_seq, 1);
		nap_ms(20 + rnd(&t->rng, 150));
		atomic_fetch_add(&flip_seq, 1);
		ret = write_param("agent_gid", orig);
		if (ret)
			unexpected("%s: agent_gid=%s: %s", t->name, orig, strerror(-ret));
		atomic_fetch_add(&flip_seq, 1);
		pthread_mutex_unlock(&gid_lock);
	}
	return NULL;
}

static int load_module(void)
{
	int fd = open(opt_module, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, mod_params, 0) ? -errno : 0;
	close(fd);
	return ret;
}

static bool module_loaded(void)
{
	return access("/sys/module/enbkey/parameters/agent_gid", F_OK) == 0;
}

static void *rmmod_main(void *arg)
{
	struct thr *t = arg;
	int i, ret, tries;

	while (!atomic_load(&stop)) {
		nap_stop(1500 + rnd(&t->rng, 3000));
		if (atomic_load(&stop))
			break;
		/* no agent_gid flip and no key change of ours in flight */
		pthread_mutex_lock(&gid_lock);
		for (i = 0; i < N_SLOTS; i++) {
			pthread_mutex_lock(&slots[i].lock);
			seq_begin(&slots[i]);
		}
		atomic_fetch_add(&n_rm_try, 1);
		ret = syscall(SYS_delete_module, "enbkey", O_NONBLOCK) ? -errno : 0;
		if (!ret) {
			atomic_fetch_add(&n_rm_ok, 1);
			atomic_fetch_add(&module_epoch, 1);
			for (tries = 0; tries < 20; tries++) {
				ret = load_module();
				if (!ret || ret == -EEXIST)
					break;
				nap_ms(100);
			}
			if (ret == -EEXIST)	/* modprobe was quicker */
				ret = write_param("agent_gid", "2000");
			if (ret) {
				fprintf(stderr, "stress: reloading %s: %s\n", opt_module,
					strerror(-ret));
				exit(2);
			}
			/* every UE is gone: a new incarnation for each */
			for (i = 0; i < N_SLOTS; i++) {
				atomic_fetch_add(&slots[i].inc, 1);
				model_reset(&slots[i]);
				publish(&slots[i]);
			}
		} else if (ret == -EWOULDBLOCK || ret == -EBUSY) {
			expected_err(-EBUSY);
		} else {
			unexpected("%s: delete_module: %s", t->name, strerror(-ret));
		}
		for (i = N_SLOTS; i-- > 0;) {
			seq_end(&slots[i]);
			pthread_mutex_unlock(&slots[i].lock);
		}
		pthread_mutex_unlock(&gid_lock);
	}
	return NULL;
}

/* ---- the checks after the run ---------------------------------------------- */

static int hent_cmp(const void *a, const void *b)
{
	const struct hent *x = a, *y = b;

	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	if (x->inc != y->inc)
		return x->inc < y->inc ? -1 : 1;
	if (x->gen != y->gen)
		return x->gen < y->gen ? -1 : 1;
	return 0;
}

/* The first history entry of (slot, inc, gen), or NULL. */
static const struct hent *hist_find(uint32_t slot, uint32_t inc, uint32_t gen)
{
	struct hent key = { .slot = slot, .inc = inc, .gen = gen };
	size_t lo = 0, hi = n_hist;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (hent_cmp(&hist[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n_hist && !hent_cmp(&hist[lo], &key) ? &hist[lo] : NULL;
}

/* newest first: the request was most likely served by the UE it named */
#define for_each_candidate(e, r, inc)					\
	for (inc = (r)->inc_hi; inc >= (int64_t)(r)->inc_lo; inc--)	\
		for (e = hist_find((r)->slot, inc, (r)->gen);		\
		     e && e < hist + n_hist && e->slot == (r)->slot &&	\
		     e->inc == inc && e->gen == (r)->gen; e++)

static const char *rb_name(uint8_t type)
{
	return type == ENBKEY_RB_SRB ? "SRB" : "DRB";
}

static unsigned long n_mismatch, n_checked, n_ul_checked, n_repeats;

/* 1: the reference recomputes the recorded PDU from its generation's keys */
static void check_protect(const struct prec *r)
{
	uint8_t pdu[MAX_HDR + MAX_DATA + 4];
	const struct hent *e;
	unsigned int cands = 0;
	int64_t inc;

	n_checked++;
	for_each_candidate(e, r, inc) {
		bool srb = r->rb_type == ENBKEY_RB_SRB;
		size_t len;

		if (!e->algs)
			continue;
		cands++;
		len = lteref_pdu(&e->k, srb, r->rb_id, ENBKEY_DIR_DL, r->count,
				 r->hdr, r->hdr_len, r->data, r->data_len,
				 srb || e->k.up_integrity,
				 !(r->flags & ENBKEY_PDU_F_INTEGRITY_ONLY), pdu);
		if (len == r->out_len && !memcmp(pdu, r->out, len))
			return;
	}
	if (n_mismatch++ < 20)
		printf("stress: MISMATCH: UE %u (slot %u, incarnation %u..%u) generation %u %s%u COUNT %u flags %u: %s\n",
		       slots[r->slot].id, r->slot, r->inc_lo, r->inc_hi, r->gen,
		       rb_name(r->rb_type), r->rb_id, r->count, r->flags,
		       cands ? "matches none of the keys of that generation (mixed or wrong keys)" :
			       "no keys with algorithms are known for that generation");
}

/* 3: the outcome of an uplink PDU under its generation's keys */
static void check_unprotect(const struct urec *r)
{
	uint8_t buf[MAX_DATA + 4], msg[MAX_HDR + MAX_DATA], mac[4];
	const struct hent *e;
	int64_t inc;

	n_ul_checked++;
	for_each_candidate(e, r, inc) {
		bool srb = r->rb_type == ENBKEY_RB_SRB;
		bool integrity = srb || e->k.up_integrity, mac_ok = true;
		size_t maclen = integrity ? 4 : 0, len;

		if (!e->algs)
			continue;
		if (r->in_len < maclen) {	/* built without a MAC-I */
			if (r->err == -EINVAL)
				return;
			continue;
		}
		len = r->in_len - maclen;
		memcpy(buf, r->in, r->in_len);
		lteref_cipher(e->k.eea, srb ? e->k.rrc_enc : e->k.up_enc, r->count,
			      r->rb_id - 1, ENBKEY_DIR_UL, buf, r->in_len);
		/* TS 33.401 5.1.4.1: EIA0's MAC-I is not checked */
		if (integrity && e->k.eia) {
			memcpy(msg, r->hdr, r->hdr_len);
			memcpy(msg + r->hdr_len, buf, len);
			lteref_mac(e->k.eia, srb ? e->k.rrc_int : e->k.up_int,
				   r->count, r->rb_id - 1, ENBKEY_DIR_UL, msg,
				   r->hdr_len + len, mac);
			mac_ok = !memcmp(mac, buf + len, 4);
		}
		switch (r->err) {
		case 0:
			if (mac_ok && r->out_len == len && !memcmp(r->out, buf, len))
				return;
			break;
		case -EBADMSG:
			if (!mac_ok)
				return;
			break;
		default:	/* replay refusals: an authenticated bearer */
			if (integrity && e->k.eia)
				return;
		}
	}
	if (n_mismatch++ < 20)
		printf("stress: MISMATCH: uplink UE %u (slot %u, incarnation %u..%u) generation %u %s%u COUNT %u: %s is not what its keys give\n",
		       slots[r->slot].id, r->slot, r->inc_lo, r->inc_hi, r->gen,
		       rb_name(r->rb_type), r->rb_id, r->count,
		       r->err ? strerror(-r->err) : "the payload");
}

struct ks {
	uint64_t v;
	const struct prec *r;
};

static int ks_cmp(const void *a, const void *b)
{
	const struct ks *x = a, *y = b;

	return x->v < y->v ? -1 : x->v > y->v;
}

/* 2: keystream prefixes, from ciphertext and plaintext alone */
static unsigned long check_keystreams(void)
{
	struct ks *all = malloc(atomic_load(&n_recorded) * sizeof(*all) + 1);
	size_t n = 0, i, j;

	if (!all) {
		fprintf(stderr, "stress: out of memory\n");
		exit(2);
	}
	for (i = 0; i < n_threads; i++)
		for (j = 0; j < threads[i].prec.n; j++) {
			const struct prec *r = (struct prec *)threads[i].prec.p + j;
			uint64_t v = 0;
			int o;

			if (r->data_len < KS_LEN)
				continue;
			for (o = 0; o < KS_LEN; o++)
				v = v << 8 | (uint8_t)(r->out[r->hdr_len + o] ^ r->data[o]);
			if (!v)		/* EEA0, or integrity only */
				continue;
			all[n++] = (struct ks){ v, r };
		}
	qsort(all, n, sizeof(*all), ks_cmp);
	for (i = 1; i < n; i++)
		if (all[i].v == all[i - 1].v && n_repeats++ < 20) {
			const struct prec *a = all[i - 1].r, *b = all[i].r;

			printf("stress: KEYSTREAM REPEAT %016llx: UE %u gen %u %s%u COUNT %u (incarnation %u..%u) and UE %u gen %u %s%u COUNT %u (incarnation %u..%u)\n",
			       (unsigned long long)all[i].v, slots[a->slot].id, a->gen,
			       rb_name(a->rb_type), a->rb_id, a->count, a->inc_lo,
			       a->inc_hi, slots[b->slot].id, b->gen, rb_name(b->rb_type),
			       b->rb_id, b->count, b->inc_lo, b->inc_hi);
		}
	free(all);
	return n;
}

/*
 * -X: the checks must see what they look for. A copy of a recorded
 * ciphered PDU under another COUNT is one that the keys of its generation
 * do not give, and repeats a keystream.
 */
static bool injected;

static void inject(void)
{
	unsigned int i;
	size_t j;

	for (i = 0; i < n_threads; i++)
		for (j = 0; j < threads[i].prec.n; j++) {
			struct prec r = ((struct prec *)threads[i].prec.p)[j];
			int o, v = 0;

			for (o = 0; o < KS_LEN && r.data_len >= KS_LEN; o++)
				v |= r.out[r.hdr_len + o] ^ r.data[o];
			if (!v)
				continue;
			r.count ^= 1;
			*(struct prec *)vec_add(&threads[i].prec) = r;
			atomic_fetch_add(&n_recorded, 1);
			injected = true;
			return;
		}
}

/* ---- main ------------------------------------------------------------------ */

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = 0;
	return 0;
}

/* The parameters the module has now, to load it again with the same. */
static void save_params(void)
{
	const char *dir = "/sys/module/enbkey/parameters";
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[512], val[256];
	size_t len = 0;

	if (!d) {
		fprintf(stderr, "stress: %s: %s (is enbkey loaded?)\n", dir,
			strerror(errno));
		exit(2);
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (read_file(path, val, sizeof(val)))
			continue;
		len += snprintf(mod_params + len, sizeof(mod_params) - len,
				strchr(val, ' ') ? "%s%s=\"%s\"" : "%s%s=%s",
				len ? " " : "", de->d_name, val);
		if (len >= sizeof(mod_params)) {
			fprintf(stderr, "stress: too many module parameters\n");
			exit(2);
		}
		if (!strcmp(de->d_name, "agent_gid"))
			agent_gid = strtol(val, NULL, 10);
	}
	closedir(d);
	if (agent_gid < 0 || agent_gid == 1000) {
		fprintf(stderr, "stress: load enbkey with agent_gid=2000 (it is %ld)\n",
			agent_gid);
		exit(2);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: stress [-t SECONDS] [-s SEED] [-a AGENTS] [-m MODULE.ko] [-R] [-G] [-v] [-X]\n");
	exit(2);
}

static struct thr *new_thread(enum role role, const char *name, int k)
{
	struct thr *t = &threads[n_threads];

	t->idx = n_threads++;
	t->role = role;
	snprintf(t->name, sizeof(t->name), k < 0 ? "%s" : "%s%d", name, k);
	t->rng.s = opt_seed ^ (0x9e3779b97f4a7c15ULL * (t->idx + 1));
	t->rng.s |= !t->rng.s;
	t->prec.size = sizeof(struct prec);
	t->urec.size = sizeof(struct urec);
	return t;
}

int main(int argc, char **argv)
{
	void *(*fn[])(void *) = {
		[R_AGENT] = agent_main, [R_PROV] = prov_main, [R_HO] = ho_main,
		[R_NETNS] = netns_main, [R_GID] = gid_main, [R_RMMOD] = rmmod_main,
	};
	unsigned long n_ks;
	struct thr main_thr;
	double t0, t1, t2;
	unsigned int i;
	int c, ret;
	bool clean;

	while ((c = getopt(argc, argv, "t:s:a:m:RGvX")) != -1) {
		switch (c) {
		case 't': opt_secs = strtoul(optarg, NULL, 0); break;
		case 's': opt_seed = strtoull(optarg, NULL, 0); break;
		case 'a': opt_agents = strtoul(optarg, NULL, 0); break;
		case 'm': opt_module = optarg; break;
		case 'R': opt_rmmod = false; break;
		case 'G': opt_gid = false; break;
		case 'v': opt_verbose = true; break;
		case 'X': opt_selftest = true; break;
		default: usage();
		}
	}
	if (optind != argc || !opt_agents || opt_agents > 64)
		usage();
	if (!opt_seed && getrandom(&opt_seed, sizeof(opt_seed), 0) != sizeof(opt_seed))
		opt_seed = time(NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	save_params();
	if (opt_rmmod && access(opt_module, R_OK)) {
		fprintf(stderr, "stress: %s: %s\n", opt_module, strerror(errno));
		exit(2);
	}
	lteref_imb();	/* before any thread: it is set up once */

	for (i = 0; i < N_SLOTS; i++) {
		slots[i].idx = i;
		slots[i].id = i < N_UES ? ue_ids[i] : ue_ids[i - N_UES];
		slots[i].ns = i >= N_UES;
		pthread_mutex_init(&slots[i].lock, NULL);
		pthread_mutex_init(&slots[i].snap_lock, NULL);
	}
	/* UEs of an earlier run or part would confuse the model */
	memset(&main_thr, 0, sizeof(main_thr));
	snprintf(main_thr.name, sizeof(main_thr.name), "main");
	for (i = 0; i < N_UES; i++) {
		ret = CALL(&main_thr, enbkey_ue_del(main_thr.h, ue_ids[i]));
		if (ret && ret != -ENOENT) {
			fprintf(stderr, "stress: ue del %u: %s\n", ue_ids[i],
				errmsg(&main_thr, ret));
			exit(2);
		}
	}

	threads = calloc(opt_agents + 8, sizeof(*threads));
	if (!threads)
		exit(2);
	for (i = 0; i < opt_agents; i++)
		new_thread(R_AGENT, "agent", i);
	new_thread(R_PROV, "prov", 0);
	new_thread(R_PROV, "prov", 1);
	new_thread(R_HO, "ho", -1);
	new_thread(R_NETNS, "netns", -1);
	if (opt_gid)
		new_thread(R_GID, "agent_gid", -1);
	if (opt_rmmod)
		new_thread(R_RMMOD, "rmmod", -1);
	printf("stress: seed 0x%016llx, %u threads (%u agents), %u s\n",
	       (unsigned long long)opt_seed, n_threads, opt_agents, opt_secs);

	t0 = now();
	for (i = 0; i < n_threads; i++)
		if (pthread_create(&threads[i].tid, NULL, fn[threads[i].role],
				   &threads[i])) {
			fprintf(stderr, "stress: pthread_create failed\n");
			exit(2);
		}
	while (now() - t0 < opt_secs)
		nap_ms(100);
	atomic_store(&stop, true);
	for (i = 0; i < n_threads; i++)
		pthread_join(threads[i].tid, NULL);
	t1 = now();

	/* leave the module as it was found, and no UE behind */
	if (!module_loaded()) {
		ret = load_module();
		unexpected("main: enbkey was left unloaded (reload: %s)",
			   strerror(-ret));
	} else {
		char val[32], want[32];

		snprintf(want, sizeof(want), "%ld", agent_gid);
		if (read_file("/sys/module/enbkey/parameters/agent_gid", val,
			      sizeof(val)) || strcmp(val, want))
			unexpected("main: agent_gid is %s after the run, not %s", val,
				   want);
	}
	for (i = 0; i < N_UES; i++) {
		ret = CALL(&main_thr, enbkey_ue_del(main_thr.h, ue_ids[i]));
		if (ret && ret != -ENOENT)
			unexpected("main: ue del %u: %s", ue_ids[i],
				   errmsg(&main_thr, ret));
	}
	enbkey_close(main_thr.h);

	if (opt_selftest)
		inject();
	qsort(hist, n_hist, sizeof(*hist), hent_cmp);
	for (i = 0; i < n_threads; i++) {
		size_t j;

		for (j = 0; j < threads[i].prec.n; j++)
			check_protect((struct prec *)threads[i].prec.p + j);
		for (j = 0; j < threads[i].urec.n; j++)
			check_unprotect((struct urec *)threads[i].urec.p + j);
	}
	n_ks = check_keystreams();
	t2 = now();

	printf("stress: %lu keystream prefixes compared, %lu uplink PDUs checked, %zu key generations, %lu PDCP requests without a key change in flight (checked strictly), %lu handle reopens\n",
	       n_ks, n_ul_checked, n_hist, atomic_load(&n_strict),
	       atomic_load(&n_reopen));
	printf("stress: %lu requests: protect %lu (%lu PDUs), unprotect %lu, unprotect next %lu, key set %lu, nh set %lu, sec set %lu, skenb %lu, ho %lu, ue del %lu, ue add %lu, ue show/dump %lu\n",
	       atomic_load(&n_ops), atomic_load(&n_protect),
	       atomic_load(&n_protect_pdus), atomic_load(&n_unprotect),
	       atomic_load(&n_unprotect_next), atomic_load(&n_keyset),
	       atomic_load(&n_nhset), atomic_load(&n_secset), atomic_load(&n_skenb),
	       atomic_load(&n_ho), atomic_load(&n_uedel), atomic_load(&n_uenew),
	       atomic_load(&n_show));
	{
		char buf[512];
		size_t len = 0, e;

		for (e = 0; e <= N_EXP; e++)
			len += snprintf(buf + len, sizeof(buf) - len, "%s%s %lu",
					e ? ", " : "",
					e < N_EXP ? strerrorname_np(exp_errnos[e]) : "other",
					atomic_load(&n_exp_by[e]));
		printf("stress: %lu expected errors (%s), %lu unexpected, %lu failed checks during the run; stress %.1f s, check %.1f s\n",
		       atomic_load(&n_expected), buf, atomic_load(&n_unexpected),
		       atomic_load(&n_failures), t1 - t0, t2 - t1);
	}
	printf("stress: seed 0x%016llx, %u threads, %u s: %lu operations (protect %lu, unprotect %lu, key set %lu, ho %lu, ue del/new %lu, netns %lu, agent_gid flips %lu, rmmod tries %lu/succeeded %lu), %lu PDUs recomputed, %lu mismatches, %lu keystream repeats\n",
	       (unsigned long long)opt_seed, n_threads, opt_secs,
	       atomic_load(&n_ops), atomic_load(&n_protect),
	       atomic_load(&n_unprotect) + atomic_load(&n_unprotect_next),
	       atomic_load(&n_keyset), atomic_load(&n_ho),
	       atomic_load(&n_uedel) + atomic_load(&n_uenew),
	       atomic_load(&n_netns), atomic_load(&n_flips),
	       atomic_load(&n_rm_try), atomic_load(&n_rm_ok), n_checked,
	       n_mismatch, n_repeats);
	clean = !n_mismatch && !n_repeats && !atomic_load(&n_unexpected) &&
		!atomic_load(&n_failures) && n_checked;
	if (opt_selftest) {
		clean = injected && n_mismatch == 1 && n_repeats == 1 &&
			!atomic_load(&n_unexpected) && !atomic_load(&n_failures);
		printf("stress: self-test: the injected PDU %s\n",
		       clean ? "was found wrong and its keystream repeated" :
			       "was not found as it should have been");
	}
	return clean ? 0 : 1;
}
