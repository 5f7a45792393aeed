// SPDX-License-Identifier: MIT
/*
 * enbkeyctl: command-line front end of libenbkey.
 *
 * A KeNB or NH given on the command line can be seen in the process table
 * and stays in shell history; "kenb -" and "nh -" read it from stdin instead.
 * Every buffer of ours that held a key, as text or as octets, is wiped; the
 * keys that ho export and dc skenb print leave in a single write(2), so that
 * no stdio buffer keeps a copy.
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/enbkey.h>

#include "libenbkey.h"

#define ENBKEYCTL_VERSION "0.1"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Longest KeNB or NH taken, to bound our buffers. It is well above the one
 * valid length so that the kernel, which says what that length is, judges it.
 */
#define KEY_MAX (8 * ENBKEY_KENB_LEN)

static const char usage[] =
	"Usage: enbkeyctl [-j] OBJECT COMMAND [ARGS]\n"
	"\n"
	"  enbkeyctl [-j] ue add ID [emergency]\n"
	"  enbkeyctl [-j] ue show [ID [bearers]]\n"
	"  enbkeyctl [-j] ue del ID\n"
	"  enbkeyctl [-j] key set ID kenb HEX|- [ncc N]\n"
	"  enbkeyctl [-j] nh set ID nh HEX|- ncc N\n"
	"  enbkeyctl [-j] sec set ID eea N eia N [up-integrity]\n"
	"  enbkeyctl [-j] pdcp protect ID srb|drb RB [dir dl] count COUNT\n"
	"                 [hdr HEX] data HEX [integrity-only|cipher-only]\n"
	"  enbkeyctl [-j] pdcp unprotect ID srb|drb RB [dir ul] count COUNT\n"
	"                 [hdr HEX] data HEX [integrity-only|cipher-only]\n"
	"                 [next [pci N earfcn N]]\n"
	"  enbkeyctl [-j] ho prepare ID pci N earfcn N [eea N eia N]\n"
	"  enbkeyctl [-j] ho commit ID [pci N earfcn N]\n"
	"  enbkeyctl [-j] ho cancel ID\n"
	"  enbkeyctl [-j] ho export ID [pci N earfcn N]\n"
	"  enbkeyctl [-j] dc skenb ID\n"
	"  enbkeyctl [-j] shortmac ID cell-id N pci N crnti N\n"
	"  enbkeyctl help | -h | --help\n"
	"  enbkeyctl -V\n"
	"\n"
	"ID, COUNT, the earfcn, cell-id and crnti N are 32-bit numbers, the pci N\n"
	"0..65535, other N and RB numbers 0..255, in decimal or 0x-prefixed\n"
	"hexadecimal; the kernel checks their ranges. HEX is octets as hex digits,\n"
	"two per octet; \"\" is none. 'kenb -' and 'nh -' read the key's digits\n"
	"from stdin, which keeps the key out of the process table and shell\n"
	"history.\n"
	"Roles: ue add/del, key set, nh set, ho export and dc skenb are for the\n"
	"provisioning side (CAP_NET_ADMIN); the others for the RRC/PDCP agent.\n"
	"The eNB protects downlink and unprotects uplink PDUs; an SRB PDU always\n"
	"has a MAC-I, and integrity-only is for the security mode procedure.\n"
	"pdcp protect prints the protected PDU, header and MAC-I included, and\n"
	"pdcp unprotect the payload, in hex; 'next' unprotects with the keys of a\n"
	"prepared cell or of a pending re-keying KeNB, before ho commit.\n"
	"sec set selects the algorithms once; they change at handover. EIA0 is\n"
	"for emergency UEs only. key set on a UE whose keys are in use holds the\n"
	"KeNB pending until ho commit (re-keying).\n"
	"ho prepare derives KeNB* for a target cell (up to 8 cells) and prints the\n"
	"NCC the UE is to use and whether KeNB* came from an unused NH (vertical)\n"
	"or the KeNB (horizontal); ho commit takes a cell's keys into use on this\n"
	"eNB, ho cancel drops them. ho export prints a cell's KeNB* and NCC for a\n"
	"target eNB (that cell can then not be committed here), dc skenb a new\n"
	"S-KeNB and its SCG Counter for a secondary eNB: keys, in hex, on stdout.\n"
	"shortmac prints the shortMAC-I of TS 36.331 5.3.7.4 as 4 hex digits.\n"
	"-j prints JSON.\n";

static bool json;
static char **args;	/* command-line arguments not yet parsed */

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "enbkeyctl: %s; try 'enbkeyctl help'\n", msg);
	exit(1);
}

static char *next_arg(const char *what)
{
	if (!*args)
		usage_error("missing %s", what);
	return *args++;
}

/* Decimal or 0x-prefixed hexadecimal, at most @max. */
static uint32_t num_arg(const char *what, uint32_t max)
{
	const char *s = next_arg(what), *digits = s;
	unsigned long long v;
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		digits += 2;
		base = 16;
	}
	errno = 0;
	v = strtoull(digits, &end, base);
	/* strtoull() would also take white space and a sign */
	if (!isxdigit((unsigned char)*digits) || *end || errno || v > max)
		usage_error("invalid %s \"%s\" (expected 0..%" PRIu32 ")", what,
			    s, max);
	return v;
}

/* Takes the next argument if it is @kw. */
static bool optional_keyword(const char *kw)
{
	if (!*args || strcmp(*args, kw))
		return false;
	args++;
	return true;
}

static void keyword(const char *kw)
{
	if (!optional_keyword(kw))
		usage_error("expected \"%s\"", kw);
}

/* @a or @b: returns whether it is @b. */
static bool either_keyword(const char *a, const char *b)
{
	if (optional_keyword(a))
		return false;
	if (optional_keyword(b))
		return true;
	usage_error("expected \"%s\" or \"%s\"", a, b);
}

/* "@kw N"; the kernel checks N against the range that @kw allows. */
static uint8_t keyword_u8(const char *kw)
{
	keyword(kw);
	return num_arg(kw, UINT8_MAX);
}

static void no_more_args(void)
{
	if (*args)
		usage_error("unexpected argument \"%s\"", *args);
}

/* Opens the family; enbkey_open() fails with ENOENT only if it is absent. */
static struct enbkey *open_enbkey(void)
{
	struct enbkey *h = enbkey_open();

	if (!h && errno == ENOENT)
		fprintf(stderr, "enbkeyctl: enbkey module not loaded (generic netlink family \"%s\" not found)\n",
			ENBKEY_GENL_NAME);
	else if (!h)
		fprintf(stderr, "enbkeyctl: %s\n", strerror(errno));
	return h;
}

/* Reports the result @ret of a request, closes @h; returns the exit status. */
static int finish(struct enbkey *h, int ret)
{
	if (ret < 0)
		fprintf(stderr, "enbkeyctl: %s\n", enbkey_strerror(h));
	enbkey_close(h);
	return ret < 0;
}

static int ue_id_cmd(int (*fn)(struct enbkey *h, uint32_t id))
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	struct enbkey *h;

	no_more_args();
	h = open_enbkey();
	return h ? finish(h, fn(h, id)) : 1;
}

static int ue_add(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	bool emergency = optional_keyword("emergency");
	struct enbkey *h;

	no_more_args();
	h = open_enbkey();
	if (!h)
		return 1;
	return finish(h, emergency ? enbkey_ue_add_emergency(h, id) :
				     enbkey_ue_add(h, id));
}

static int ue_del(void)
{
	return ue_id_cmd(enbkey_ue_del);
}

static const char *json_bool(bool b)
{
	return b ? "true" : "false";
}

/* Prints @ue; *@arg counts the UEs printed as JSON, to place the commas. */
static int print_ue_bearers(const struct enbkey_ue_info *ue, void *arg,
			    const struct enbkey_bearer *bearers, size_t n)
{
	unsigned int *count = arg, i;
	char eea[5], eia[5];

	if (ue->algs_selected) {
		snprintf(eea, sizeof(eea), "%u", ue->eea);
		snprintf(eia, sizeof(eia), "%u", ue->eia);
	} else {
		strcpy(eea, json ? "null" : "none");
		strcpy(eia, eea);
	}

	if (json) {
		printf("%s{\"id\":%" PRIu32 ",\"key\":%s,\"ncc\":%u,\"eea\":%s,\"eia\":%s,\"up_integrity\":%s,\"key_generation\":%" PRIu32 ",\"integrity_failures\":%" PRIu32 ",\"key_refresh\":%s,\"nh\":%s,\"kenb_star\":%s,\"scg_counter\":%" PRIu32 ",\"emergency\":%s,\"kenb_pending\":%s,\"cells\":[",
		       (*count)++ ? "," : "[", ue->id,
		       json_bool(ue->key_installed), ue->ncc, eea, eia,
		       json_bool(ue->up_integrity), ue->key_generation,
		       ue->integrity_failures, json_bool(ue->key_refresh),
		       json_bool(ue->nh_pending),
		       json_bool(ue->kenb_star_pending), ue->scg_counter,
		       json_bool(ue->emergency), json_bool(ue->kenb_pending));
		for (i = 0; i < ue->n_cells; i++)
			printf("%s{\"pci\":%u,\"earfcn\":%" PRIu32 ",\"exported\":%s}",
			       i ? "," : "", ue->cells[i].pci,
			       ue->cells[i].earfcn_dl,
			       json_bool(ue->cells[i].exported));
		printf("]");
		if (bearers) {
			printf(",\"bearers\":[");
			for (i = 0; i < n; i++) {
				printf("%s{\"type\":\"%s\",\"id\":%u,\"dl_count\":%" PRIu64 ",\"ul_count\":",
				       i ? "," : "",
				       bearers[i].rb_type == ENBKEY_RB_SRB ? "srb" : "drb",
				       bearers[i].rb_id, bearers[i].dl_count);
				if (bearers[i].ul_valid)
					printf("%" PRIu32 "}", bearers[i].ul_count);
				else
					printf("null}");
			}
			printf("]");
		}
		printf("}");
		return 0;
	}
	printf("ue %" PRIu32 " key %s ncc %u eea %s eia %s%s key-generation %" PRIu32 " integrity-failures %" PRIu32 " scg-counter %" PRIu32 "%s%s%s%s%s\n",
	       ue->id, ue->key_installed ? "installed" : "none",
	       ue->ncc, eea, eia,
	       ue->up_integrity ? " up-integrity" : "",
	       ue->key_generation, ue->integrity_failures,
	       ue->scg_counter,
	       ue->nh_pending ? " nh-pending" : "",
	       ue->kenb_star_pending ? " kenb-star-pending" : "",
	       ue->key_refresh ? " key-refresh-needed" : "",
	       ue->emergency ? " emergency" : "",
	       ue->kenb_pending ? " kenb-pending" : "");
	for (i = 0; i < ue->n_cells; i++)
		printf("    cell pci %u earfcn %" PRIu32 "%s\n", ue->cells[i].pci,
		       ue->cells[i].earfcn_dl,
		       ue->cells[i].exported ? " exported" : "");
	for (i = 0; bearers && i < n; i++) {
		printf("    %s %u dl-count %" PRIu64 " ul-count ",
		       bearers[i].rb_type == ENBKEY_RB_SRB ? "srb" : "drb",
		       bearers[i].rb_id, bearers[i].dl_count);
		if (bearers[i].ul_valid)
			printf("%" PRIu32 "\n", bearers[i].ul_count);
		else
			printf("none\n");
	}
	return 0;
}

static int print_ue(const struct enbkey_ue_info *ue, void *arg)
{
	return print_ue_bearers(ue, arg, NULL, 0);
}

static int ue_show(void)
{
	struct enbkey_bearer bearers[ENBKEY_NR_BEARERS_MAX];
	bool all = !*args, with_bearers = false;
	struct enbkey_ue_info ue;
	unsigned int count = 0;
	struct enbkey *h;
	uint32_t id = 0;
	size_t n = 0;
	int ret;

	if (!all) {
		id = num_arg("ID", UINT32_MAX);
		with_bearers = optional_keyword("bearers");
	}
	no_more_args();
	h = open_enbkey();
	if (!h)
		return 1;

	if (all) {
		ret = enbkey_ue_dump(h, print_ue, &count);
	} else if (with_bearers) {
		ret = enbkey_ue_bearers(h, id, &ue, bearers,
					ARRAY_SIZE(bearers), &n);
		if (!ret)
			print_ue_bearers(&ue, &count, bearers, n);
	} else {
		ret = enbkey_ue_get(h, id, &ue);
		if (!ret)
			print_ue(&ue, &count);
	}
	/* A dump that failed midway may have printed UEs: close the array. */
	if (json && (count || !ret))
		puts(count ? "]" : "[]");
	return finish(h, ret);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes the @n characters at @s, hex digits with optional white space
 * around them, into @key, the @what. Returns the number of octets, or -1
 * after reporting an error.
 */
static ssize_t unhex(const char *what, uint8_t key[KEY_MAX], const char *s,
		     size_t n)
{
	size_t i;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n || n % 2)
		goto bad;
	if (n / 2 > KEY_MAX) {
		fprintf(stderr, "enbkeyctl: %s too long\n", what);
		return -1;
	}
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			goto bad;
		key[i] = hi << 4 | lo;
	}
	return n / 2;
bad:
	fprintf(stderr, "enbkeyctl: %s must be given as hex digits\n", what);
	return -1;
}

/* Reads up to @size octets; returns how many, or -1 with errno set. */
static ssize_t read_all(int fd, char *buf, size_t size)
{
	size_t n = 0;

	while (n < size) {
		ssize_t r = read(fd, buf + n, size - n);

		if (r == 0)
			break;
		if (r < 0 && errno != EINTR)
			return -1;
		if (r > 0)
			n += r;
	}
	return n;
}

/*
 * Decodes the @what given as @arg, or on stdin when @arg is "-", into @key.
 * Returns its length, or -1 after reporting an error.
 */
static ssize_t get_key(const char *what, uint8_t key[KEY_MAX], char *arg)
{
	/*
	 * Digits and some white space, read with read(2): stdio's buffer
	 * would keep a copy of the key that we cannot wipe.
	 */
	char text[2 * KEY_MAX + 64];
	ssize_t n;

	if (strcmp(arg, "-")) {
		n = unhex(what, key, arg, strlen(arg));
		/* Shortens the time the key shows in /proc/PID/cmdline */
		explicit_bzero(arg, strlen(arg));
		return n;
	}

	n = read_all(STDIN_FILENO, text, sizeof(text));
	if (n < 0) {
		fprintf(stderr, "enbkeyctl: cannot read %s from stdin: %s\n",
			what, strerror(errno));
	} else if ((size_t)n == sizeof(text)) {
		fprintf(stderr, "enbkeyctl: %s too long\n", what);
		n = -1;
	} else {
		n = unhex(what, key, text, n);
	}
	explicit_bzero(text, sizeof(text));
	return n;
}

static int key_set(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	uint8_t kenb[KEY_MAX];
	int ncc = -1, ret = 1;
	struct enbkey *h;
	char *hex;
	ssize_t n;

	keyword("kenb");
	hex = next_arg("KeNB");
	if (*args)
		ncc = keyword_u8("ncc");
	no_more_args();

	n = get_key("KeNB", kenb, hex);
	if (n >= 0 && (h = open_enbkey()))
		ret = finish(h, enbkey_key_set(h, id, kenb, n, ncc));
	explicit_bzero(kenb, sizeof(kenb));
	return ret;
}

static int nh_set(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	uint8_t nh[KEY_MAX];
	struct enbkey *h;
	int ncc, ret = 1;
	char *hex;
	ssize_t n;

	keyword("nh");
	hex = next_arg("NH");
	ncc = keyword_u8("ncc");
	no_more_args();

	n = get_key("NH", nh, hex);
	if (n >= 0 && (h = open_enbkey()))
		ret = finish(h, enbkey_nh_set(h, id, nh, n, ncc));
	explicit_bzero(nh, sizeof(nh));
	return ret;
}

static int sec_set(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	uint8_t eea = keyword_u8("eea");
	uint8_t eia = keyword_u8("eia");
	bool up_integrity = optional_keyword("up-integrity");
	struct enbkey *h;

	no_more_args();
	h = open_enbkey();
	return h ? finish(h, enbkey_sec_set(h, id, eea, eia, up_integrity)) : 1;
}

/*
 * Decodes the hex digits of the next argument, @what, in place, where the
 * octets take half the room of their digits; sets *@octets to them. Returns
 * their number. An empty argument is no octets.
 */
static size_t hex_arg(const char *what, const uint8_t **octets)
{
	char *s = next_arg(what);
	uint8_t *out = (uint8_t *)s;
	size_t n = strlen(s), i;

	if (n % 2)
		usage_error("invalid %s (expected an even number of hex digits)",
			    what);
	/* Octet i may overwrite digit i: no later octet reads below 2i + 2. */
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			usage_error("invalid %s (expected hex digits)", what);
		out[i] = hi << 4 | lo;
	}
	*octets = out;
	return n / 2;
}

static void print_hex(const char *name, const uint8_t *p, size_t len)
{
	size_t i;

	if (json)
		printf("{\"%s\":\"", name);
	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
	puts(json ? "\"}" : "");
}

/* "pci N earfcn N", if the next argument is "pci"; returns whether. */
static bool optional_cell(struct enbkey_cell *cell)
{
	if (!optional_keyword("pci"))
		return false;
	cell->pci = num_arg("pci", UINT16_MAX);
	keyword("earfcn");
	cell->earfcn_dl = num_arg("earfcn", UINT32_MAX);
	return true;
}

/* pdcp protect and pdcp unprotect: one PDU, its result in hex. */
static int pdcp(bool protect)
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	struct enbkey_pdu pdu = { 0 };
	struct enbkey_cell cell;
	bool next = false, has_cell = false;
	struct enbkey *h;
	int ret;

	pdu.rb_type = either_keyword("srb", "drb") ? ENBKEY_RB_DRB :
						     ENBKEY_RB_SRB;
	/* The kernel checks the range of each RB type and explains it. */
	pdu.rb_id = num_arg("RB", UINT8_MAX);
	/* The kernel refuses the direction that is not the eNB's. */
	pdu.dir = protect ? ENBKEY_DIR_DL : ENBKEY_DIR_UL;
	if (optional_keyword("dir"))
		pdu.dir = either_keyword("ul", "dl") ? ENBKEY_DIR_DL :
						       ENBKEY_DIR_UL;
	keyword("count");
	pdu.count = num_arg("count", UINT32_MAX);
	if (optional_keyword("hdr")) {
		pdu.hdr_len = hex_arg("hdr", &pdu.hdr);
		keyword("data");
	} else if (!optional_keyword("data")) {
		usage_error("expected \"hdr\" or \"data\"");
	}
	pdu.data_len = hex_arg("data", &pdu.data);
	if (optional_keyword("integrity-only"))
		pdu.flags = ENBKEY_PDU_F_INTEGRITY_ONLY;
	else if (optional_keyword("cipher-only"))
		pdu.flags = ENBKEY_PDU_F_CIPHER_ONLY;
	if (!protect && optional_keyword("next")) {
		next = true;
		has_cell = optional_cell(&cell);
	}
	no_more_args();

	/* Room for any result: protect adds at most a MAC-I. */
	pdu.out_size = pdu.hdr_len + pdu.data_len + ENBKEY_MAC_I_LEN;
	pdu.out = malloc(pdu.out_size);
	if (!pdu.out) {
		perror("enbkeyctl");
		return 1;
	}
	h = open_enbkey();
	if (!h) {
		free(pdu.out);
		return 1;
	}

	if (protect)
		ret = enbkey_pdcp_protect(h, id, &pdu, 1);
	else if (next)
		ret = enbkey_pdcp_unprotect_next(h, id, has_cell ? &cell : NULL,
						 &pdu, 1);
	else
		ret = enbkey_pdcp_unprotect(h, id, &pdu, 1);
	/*
	 * The kernel fails a request of one PDU as a whole when the PDU
	 * fails, with its reason for finish() to print; an error of the PDU
	 * alone is the library's, with no more to say than its errno.
	 */
	if (!ret && pdu.err)
		fprintf(stderr, "enbkeyctl: %s\n", strerror(-pdu.err));
	else if (!ret)
		print_hex(protect ? "pdu" : "data", pdu.out, pdu.out_len);
	free(pdu.out);
	return finish(h, ret) || pdu.err;
}

static int pdcp_protect(void)
{
	return pdcp(true);
}

static int pdcp_unprotect(void)
{
	return pdcp(false);
}

static int ho_prepare(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX), earfcn;
	bool algs = false, vertical;
	uint8_t ncc, eea = 0, eia = 0;
	struct enbkey *h;
	uint16_t pci;
	int ret;

	keyword("pci");
	/* The kernel checks the PCI and EARFCN-DL ranges and explains them. */
	pci = num_arg("pci", UINT16_MAX);
	keyword("earfcn");
	earfcn = num_arg("earfcn", UINT32_MAX);
	if (optional_keyword("eea")) {
		algs = true;
		eea = num_arg("eea", UINT8_MAX);
		eia = keyword_u8("eia");
	}
	no_more_args();
	h = open_enbkey();
	if (!h)
		return 1;

	if (algs)
		ret = enbkey_ho_prepare_algs(h, id, pci, earfcn, eea, eia,
					     &ncc, &vertical);
	else
		ret = enbkey_ho_prepare(h, id, pci, earfcn, &ncc, &vertical);
	if (!ret && json)
		printf("{\"ncc\":%u,\"vertical\":%s}\n", ncc,
		       json_bool(vertical));
	else if (!ret)
		printf("ncc %u %s\n", ncc, vertical ? "vertical" : "horizontal");
	return finish(h, ret);
}

static int ho_commit(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	struct enbkey_cell cell;
	bool has_cell = optional_cell(&cell);
	struct enbkey *h;

	no_more_args();
	h = open_enbkey();
	if (!h)
		return 1;
	return finish(h, has_cell ? enbkey_ho_commit_cell(h, id, &cell) :
				    enbkey_ho_commit(h, id));
}

static int ho_cancel(void)
{
	return ue_id_cmd(enbkey_ho_cancel);
}

/* Copies @name to @s, with '_' for '-' in JSON; returns the end. */
static char *put_name(char *s, const char *name)
{
	for (; *name; name++)
		*s++ = json && *name == '-' ? '_' : *name;
	return s;
}

/*
 * Prints "@key_name HEX @num_name N", or its JSON object, with the
 * ENBKEY_KENB_LEN octets at @key as HEX. The line is built here and leaves
 * in one write(2), bypassing stdio, whose buffer would keep the key; it is
 * wiped after. Returns 0, or 1 after reporting an error.
 */
static int print_key(const char *key_name, const uint8_t *key,
		     const char *num_name, uint32_t num)
{
	static const char digits[] = "0123456789abcdef";
	char line[2 * ENBKEY_KENB_LEN + 128], *s = line;
	size_t i, len;
	ssize_t w;

	s = stpcpy(s, json ? "{\"" : "");
	s = put_name(s, key_name);
	s = stpcpy(s, json ? "\":\"" : " ");
	for (i = 0; i < ENBKEY_KENB_LEN; i++) {
		*s++ = digits[key[i] >> 4];
		*s++ = digits[key[i] & 0xf];
	}
	s = stpcpy(s, json ? "\",\"" : " ");
	s = put_name(s, num_name);
	s += sprintf(s, json ? "\":%" PRIu32 "}\n" : " %" PRIu32 "\n", num);

	len = s - line;
	for (s = line; len; s += w, len -= w) {
		w = write(STDOUT_FILENO, s, len);
		if (w < 0 && errno == EINTR)
			w = 0;
		else if (w < 0)
			break;
	}
	explicit_bzero(line, sizeof(line));
	if (len)
		fprintf(stderr, "enbkeyctl: cannot write to stdout: %s\n",
			strerror(errno));
	return len != 0;
}

static int ho_export(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	uint8_t kenb_star[ENBKEY_KENB_LEN], ncc;
	struct enbkey_cell cell;
	bool has_cell = optional_cell(&cell);
	struct enbkey *h;
	int ret, err = 0;

	no_more_args();
	h = open_enbkey();
	if (!h)
		return 1;
	ret = enbkey_ho_export_cell(h, id, has_cell ? &cell : NULL, kenb_star,
				    &ncc);
	if (!ret)
		err = print_key("kenb-star", kenb_star, "ncc", ncc);
	explicit_bzero(kenb_star, sizeof(kenb_star));
	return finish(h, ret) || err;
}

static int dc_skenb(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX), scg_counter;
	uint8_t s_kenb[ENBKEY_KENB_LEN];
	struct enbkey *h;
	int ret, err = 0;

	no_more_args();
	h = open_enbkey();
	if (!h)
		return 1;
	ret = enbkey_s_kenb(h, id, s_kenb, &scg_counter);
	if (!ret)
		err = print_key("s-kenb", s_kenb, "scg-counter", scg_counter);
	explicit_bzero(s_kenb, sizeof(s_kenb));
	return finish(h, ret) || err;
}

static int short_mac(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX), cell_id, crnti;
	uint16_t pci, mac;
	struct enbkey *h;
	int ret;

	keyword("cell-id");
	cell_id = num_arg("cell-id", UINT32_MAX);
	keyword("pci");
	pci = num_arg("pci", UINT16_MAX);
	keyword("crnti");
	crnti = num_arg("crnti", UINT32_MAX);
	no_more_args();
	h = open_enbkey();
	if (!h)
		return 1;
	ret = enbkey_short_mac(h, id, cell_id, pci, crnti, &mac);
	if (!ret)
		printf(json ? "{\"short_mac_i\":\"%04x\"}\n" : "%04x\n", mac);
	return finish(h, ret);
}

static const struct {
	const char *object, *command;
	int (*run)(void);
} commands[] = {
	{ "ue", "add", ue_add },
	{ "ue", "show", ue_show },
	{ "ue", "del", ue_del },
	{ "key", "set", key_set },
	{ "nh", "set", nh_set },
	{ "sec", "set", sec_set },
	{ "pdcp", "protect", pdcp_protect },
	{ "pdcp", "unprotect", pdcp_unprotect },
	{ "ho", "prepare", ho_prepare },
	{ "ho", "commit", ho_commit },
	{ "ho", "cancel", ho_cancel },
	{ "ho", "export", ho_export },
	{ "dc", "skenb", dc_skenb },
};

int main(int argc, char *argv[])
{
	const char *object, *command;
	size_t i;

	(void)argc;
	for (args = argv + 1; *args && (*args)[0] == '-'; args++) {
		if (!strcmp(*args, "-j")) {
			json = true;
		} else if (!strcmp(*args, "-V")) {
			puts("enbkeyctl " ENBKEYCTL_VERSION);
			return 0;
		} else if (!strcmp(*args, "-h") || !strcmp(*args, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else {
			usage_error("unknown option \"%s\"", *args);
		}
	}

	object = next_arg("command");
	if (!strcmp(object, "help")) {
		fputs(usage, stdout);
		return 0;
	}
	/* a command of one word: "shortmac ID ..." */
	if (!strcmp(object, "shortmac"))
		return short_mac();
	command = *args ? *args++ : NULL;
	for (i = 0; command && i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(object, commands[i].object) &&
		    !strcmp(command, commands[i].command))
			return commands[i].run();
	}
	if (command)
		usage_error("unknown command \"%s %s\"", object, command);
	usage_error("unknown command \"%s\"", object);
}
