// SPDX-License-Identifier: MIT
/*
 * enbkeyctl: command-line front end of libenbkey, in the manner of ip(8).
 * enbkeyctl(8) is its manual.
 *
 * A KeNB or NH given on the command line can be seen in the process table
 * and stays in shell history; "kenb -" and "nh -" read it from stdin instead,
 * and a batch (-batch FILE) is not in the process table at all. Every buffer
 * of ours that held a key, as text or as octets, is wiped: the key
 * arguments, the text read from stdin, and each line of a batch once it has
 * run, and the whole batch buffer at the end. Input that may carry a key is
 * read with read(2), never through stdio, whose buffers we cannot wipe; the
 * keys that ho export and dc skenb print leave in a single write(2) for the
 * same reason.
 *
 * A batch runs its commands in one process over one netlink socket. A
 * command reports its own failure on stderr; the batch then says which line
 * failed, as ip -batch does, and stops there unless -force is given.
 *
 * monitor speaks netlink itself, with libmnl: libenbkey has requests and
 * replies, not the events group.
 */

#define _GNU_SOURCE		/* ppoll() */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/enbkey.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "libenbkey.h"

/*
 * That of ../VERSION: the Makefile defines it too, and a redefinition with
 * another value stops the build.
 */
#define ENBKEYCTL_VERSION "0.1"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Longest KeNB or NH taken, to bound our buffers. It is well above the one
 * valid length so that the kernel, which says what that length is, judges it.
 */
#define KEY_MAX (8 * ENBKEY_KENB_LEN)

/* Room for the text of a key read from stdin: digits and some white space */
#define KEY_TEXT_MAX (2 * KEY_MAX + 64)

/*
 * A command of a batch, continuation lines joined, is at most this long:
 * room for a PDU of twice ENBKEY_PDU_DATA_MAX octets in hex, so that the
 * kernel judges a payload that is too long, as it does on the command line.
 */
#define BATCH_LINE_MAX 65536

/* Words in one command of a batch; the longest command has 20. */
#define BATCH_WORDS_MAX 64

/*
 * tests/userspace/cli.sh reads this text: a command is a line of two
 * spaces and a lower-case word in "Commands:", and the options are those
 * of "Options:", each with its description after two spaces. Keep
 * enbkeyctl(8) in step with it.
 */
static const char usage[] =
	"Usage: enbkeyctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
	"       enbkeyctl [OPTIONS] -batch FILE\n"
	"       enbkeyctl help | -h | --help\n"
	"       enbkeyctl -V | --version\n"
	"\n"
	"Options:\n"
	"  -j            print JSON\n"
	"  -p            pretty-print JSON, with -j\n"
	"  -batch FILE   run the commands of FILE, one per line; - is stdin\n"
	"  -force        with -batch: go on after a failed command\n"
	"  -V            print the version\n"
	"  -h            print this help\n"
	"\n"
	"Commands:\n"
	"  ue add ID [emergency]\n"
	"  ue show [ID [bearers]]\n"
	"  ue del ID\n"
	"  key set ID kenb HEX|- [ncc N]\n"
	"  nh set ID nh HEX|- ncc N\n"
	"  sec set ID eea N eia N [up-integrity]\n"
	"  pdcp protect ID srb|drb RB [dir dl] count COUNT\n"
	"               [hdr HEX] data HEX [integrity-only|cipher-only]\n"
	"  pdcp unprotect ID srb|drb RB [dir ul] count COUNT\n"
	"                 [hdr HEX] data HEX [integrity-only|cipher-only]\n"
	"                 [next [pci N earfcn N]]\n"
	"  ho prepare ID pci N earfcn N [eea N eia N]\n"
	"  ho commit ID [pci N earfcn N]\n"
	"  ho cancel ID\n"
	"  ho export ID [pci N earfcn N]\n"
	"  dc skenb ID\n"
	"  shortmac ID cell-id N pci N crnti N\n"
	"  monitor\n"
	"  help\n"
	"\n"
	"ID, COUNT and the N of earfcn, cell-id and crnti are 32-bit numbers, the\n"
	"pci N 0..65535, other N and RB 0..255, in decimal or 0x-prefixed\n"
	"hexadecimal; the kernel checks their ranges. HEX is octets as hex digits,\n"
	"two per octet; \"\" is none. 'kenb -' and 'nh -' read the key from stdin,\n"
	"which keeps it out of the process table and shell history.\n"
	"Provisioning role (CAP_NET_ADMIN): ue add, ue del, key set, nh set,\n"
	"ho export, dc skenb; monitor needs CAP_NET_ADMIN too. Agent role\n"
	"(CAP_NET_ADMIN or the module's agent_gid): every other command.\n"
	"pdcp protect prints the whole PDU, pdcp unprotect the payload, in hex;\n"
	"ho export and dc skenb print a key for another eNB. See enbkeyctl(8).\n";

static bool json, pretty;
static char **args;		/* arguments of the command not yet parsed */
static bool usage_failed;	/* the command's usage error was reported */
static struct enbkey *handle;	/* opened by the first command that needs it */

static struct {
	bool on;		/* the commands come from a batch */
	bool from_stdin;	/* ... read from stdin: "kenb -" cannot be */
} batch;

/* ---- arguments ------------------------------------------------------- */

/*
 * Reports the first usage error of a command; parsing goes on, finding
 * nothing more, until the command checks end_of_args().
 */
static void __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (usage_failed)
		return;
	usage_failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "enbkeyctl: %s; try 'enbkeyctl help'\n", msg);
}

/* The next argument, the @what; NULL after a usage error. */
static char *next_arg(const char *what)
{
	if (usage_failed)
		return NULL;
	if (!*args) {
		usage_error("missing %s", what);
		return NULL;
	}
	return *args++;
}

/* Decimal or 0x-prefixed hexadecimal, at most @max. */
static uint32_t num_arg(const char *what, uint32_t max)
{
	const char *s = next_arg(what), *digits = s;
	unsigned long long v;
	int base = 10;
	char *end;

	if (!s)
		return 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		digits += 2;
		base = 16;
	}
	errno = 0;
	v = strtoull(digits, &end, base);
	/* strtoull() would also take white space and a sign */
	if (!isxdigit((unsigned char)*digits) || *end || errno || v > max) {
		usage_error("invalid %s \"%s\" (expected 0..%" PRIu32 ")", what,
			    s, max);
		return 0;
	}
	return v;
}

/* Takes the next argument if it is @kw. */
static bool optional_keyword(const char *kw)
{
	if (usage_failed || !*args || strcmp(*args, kw))
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
	return false;
}

/* "@kw N"; the kernel checks N against the range that @kw allows. */
static uint8_t keyword_u8(const char *kw)
{
	keyword(kw);
	return num_arg(kw, UINT8_MAX);
}

/* Whether the command's arguments parsed, all of them. */
static bool end_of_args(void)
{
	if (!usage_failed && *args)
		usage_error("unexpected argument \"%s\"", *args);
	return !usage_failed;
}

/* ---- output ---------------------------------------------------------- */

/*
 * Output goes to stdout through stdio, except a line with a key, which is
 * built in *keyline and leaves in one write(2): stdio's buffer would keep a
 * copy of the key that we cannot wipe.
 */
static struct keyline {
	char buf[2 * ENBKEY_KENB_LEN + 256];
	size_t len;
} *keyline;

static void out(const char *s, size_t n)
{
	if (!keyline) {
		fwrite(s, 1, n, stdout);
		return;
	}
	/* The names and numbers of a key line fit with room to spare. */
	if (n > sizeof(keyline->buf) - keyline->len)
		n = sizeof(keyline->buf) - keyline->len;
	memcpy(keyline->buf + keyline->len, s, n);
	keyline->len += n;
}

static void outs(const char *s)
{
	out(s, strlen(s));
}

/* For names and numbers, never for a key: vsnprintf() may keep a copy. */
static void __attribute__((format(printf, 1, 2))) outf(const char *fmt, ...)
{
	char s[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	if (n > 0)
		out(s, (size_t)n < sizeof(s) ? (size_t)n : sizeof(s) - 1);
}

/* The @len octets at @p as lower-case hex digits, with no copy on the way. */
static void out_hex(const uint8_t *p, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		if (!keyline) {
			putchar(digits[p[i] >> 4]);
			putchar(digits[p[i] & 0xf]);
		} else if (keyline->len + 2 <= sizeof(keyline->buf)) {
			keyline->buf[keyline->len++] = digits[p[i] >> 4];
			keyline->buf[keyline->len++] = digits[p[i] & 0xf];
		}
	}
}

/*
 * JSON: compact, each document on one line, or with -p indented by four
 * spaces a level. Names are ours, and strings hex digits or names of ours:
 * nothing to escape.
 */
static struct {
	unsigned int depth;
	bool empty;		/* the innermost container has no member yet */
} jw;

static void j_newline(void)
{
	unsigned int i;

	out("\n", 1);
	for (i = 0; i < jw.depth; i++)
		out("    ", 4);
}

/* What comes before a value: a comma, the layout, its name in an object. */
static void j_member(const char *name)
{
	if (jw.depth && !jw.empty)
		out(",", 1);
	if (jw.depth && pretty)
		j_newline();
	jw.empty = false;
	if (name) {
		outs("\"");
		outs(name);
		outs(pretty ? "\": " : "\":");
	}
}

/* Opens an object ('{') or array ('['), the member @name or an element. */
static void j_open(const char *name, char c)
{
	j_member(name);
	out(&c, 1);
	jw.depth++;
	jw.empty = true;
}

static void j_close(char c)
{
	bool empty = jw.empty;

	jw.depth--;
	if (pretty && !empty)
		j_newline();
	out(&c, 1);
	jw.empty = false;
	if (!jw.depth)
		out("\n", 1);
}

static void j_uint(const char *name, uint64_t v)
{
	j_member(name);
	outf("%" PRIu64, v);
}

static void j_bool(const char *name, bool b)
{
	j_member(name);
	outs(b ? "true" : "false");
}

static void j_null(const char *name)
{
	j_member(name);
	outs("null");
}

static void j_string(const char *name, const char *s)
{
	j_member(name);
	outs("\"");
	outs(s);
	outs("\"");
}

static void j_hex(const char *name, const uint8_t *p, size_t len)
{
	j_member(name);
	outs("\"");
	out_hex(p, len);
	outs("\"");
}

/* ---- the family ------------------------------------------------------ */

static void not_loaded(void)
{
	fprintf(stderr, "enbkeyctl: enbkey module not loaded (generic netlink family \"%s\" not found)\n",
		ENBKEY_GENL_NAME);
}

/*
 * The handle, opened on first use and kept for the commands that follow,
 * as a batch runs them. enbkey_open() fails with ENOENT only if the family
 * is absent.
 */
static struct enbkey *open_enbkey(void)
{
	if (handle)
		return handle;
	handle = enbkey_open();
	if (!handle && errno == ENOENT)
		not_loaded();
	else if (!handle)
		fprintf(stderr, "enbkeyctl: %s\n", strerror(errno));
	return handle;
}

/* Reports the result @ret of a request; returns the command's status. */
static int finish(int ret)
{
	if (ret < 0)
		fprintf(stderr, "enbkeyctl: %s\n", enbkey_strerror(handle));
	return ret < 0;
}

/* ---- the commands ---------------------------------------------------- */

static int ue_id_cmd(int (*fn)(struct enbkey *h, uint32_t id))
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	struct enbkey *h;

	if (!end_of_args() || !(h = open_enbkey()))
		return 1;
	return finish(fn(h, id));
}

static int ue_add(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	bool emergency = optional_keyword("emergency");
	struct enbkey *h;

	if (!end_of_args() || !(h = open_enbkey()))
		return 1;
	return finish(emergency ? enbkey_ue_add_emergency(h, id) :
				  enbkey_ue_add(h, id));
}

static int ue_del(void)
{
	return ue_id_cmd(enbkey_ue_del);
}

static const char *rb_name(uint8_t rb_type)
{
	return rb_type == ENBKEY_RB_SRB ? "srb" : "drb";
}

static void json_ue(const struct enbkey_ue_info *ue,
		    const struct enbkey_bearer *bearers, size_t n)
{
	unsigned int i;

	j_open(NULL, '{');
	j_uint("id", ue->id);
	j_bool("key", ue->key_installed);
	j_uint("ncc", ue->ncc);
	if (ue->algs_selected) {
		j_uint("eea", ue->eea);
		j_uint("eia", ue->eia);
	} else {
		j_null("eea");
		j_null("eia");
	}
	j_bool("up_integrity", ue->up_integrity);
	j_uint("key_generation", ue->key_generation);
	j_uint("integrity_failures", ue->integrity_failures);
	j_bool("key_refresh", ue->key_refresh);
	j_bool("nh", ue->nh_pending);
	j_bool("kenb_star", ue->kenb_star_pending);
	j_uint("scg_counter", ue->scg_counter);
	j_bool("emergency", ue->emergency);
	j_bool("kenb_pending", ue->kenb_pending);
	j_open("cells", '[');
	for (i = 0; i < ue->n_cells; i++) {
		j_open(NULL, '{');
		j_uint("pci", ue->cells[i].pci);
		j_uint("earfcn", ue->cells[i].earfcn_dl);
		j_bool("exported", ue->cells[i].exported);
		j_close('}');
	}
	j_close(']');
	if (bearers) {
		j_open("bearers", '[');
		for (i = 0; i < n; i++) {
			j_open(NULL, '{');
			j_string("type", rb_name(bearers[i].rb_type));
			j_uint("id", bearers[i].rb_id);
			j_uint("dl_count", bearers[i].dl_count);
			if (bearers[i].ul_valid)
				j_uint("ul_count", bearers[i].ul_count);
			else
				j_null("ul_count");
			j_close('}');
		}
		j_close(']');
	}
	j_close('}');
}

static void text_ue(const struct enbkey_ue_info *ue,
		    const struct enbkey_bearer *bearers, size_t n)
{
	char eea[5] = "none", eia[5] = "none";
	unsigned int i;

	if (ue->algs_selected) {
		snprintf(eea, sizeof(eea), "%u", ue->eea);
		snprintf(eia, sizeof(eia), "%u", ue->eia);
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
		       rb_name(bearers[i].rb_type), bearers[i].rb_id,
		       bearers[i].dl_count);
		if (bearers[i].ul_valid)
			printf("%" PRIu32 "\n", bearers[i].ul_count);
		else
			printf("none\n");
	}
}

/*
 * Prints @ue, and @bearers unless NULL; *@arg counts the UEs printed, so
 * that the JSON array opens with the first: a request that fails before
 * any UE prints nothing.
 */
static void print_ue_bearers(const struct enbkey_ue_info *ue, void *arg,
			     const struct enbkey_bearer *bearers, size_t n)
{
	unsigned int *count = arg;

	if (!json) {
		text_ue(ue, bearers, n);
	} else {
		if (!*count)
			j_open(NULL, '[');
		json_ue(ue, bearers, n);
	}
	++*count;
}

static int print_ue(const struct enbkey_ue_info *ue, void *arg)
{
	print_ue_bearers(ue, arg, NULL, 0);
	return 0;
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
	if (!end_of_args() || !(h = open_enbkey()))
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
	if (json && !count && !ret)
		j_open(NULL, '[');
	if (json && (count || !ret))
		j_close(']');
	return finish(ret);
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
 * Reads one line from @fd, without its newline, one octet at a time so as
 * to leave the next line unread. Returns its length, or @size if it is at
 * least that long (the rest of the line is read and dropped); -1 with errno
 * set on error, and -1 with errno 0 at the end of the input.
 */
static ssize_t read_line(int fd, char *buf, size_t size)
{
	bool got = false;	/* an octet, a newline included */
	size_t n = 0;
	ssize_t r;
	char c;

	while ((r = read(fd, &c, 1)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		got = true;
		if (c == '\n')
			break;
		if (n < size)
			buf[n++] = c;
	}
	explicit_bzero(&c, sizeof(c));
	if (!got) {
		errno = 0;
		return -1;
	}
	return n;
}

/*
 * Decodes the @what given as @arg, or on stdin when @arg is "-", into @key.
 * On stdin it is all of stdin, or in a batch from a file the next line of
 * stdin; a batch read from stdin leaves no stdin for it. Returns its length,
 * or -1 after reporting an error.
 */
static ssize_t get_key(const char *what, uint8_t key[KEY_MAX], char *arg)
{
	char text[KEY_TEXT_MAX];
	ssize_t n;

	if (strcmp(arg, "-")) {
		n = unhex(what, key, arg, strlen(arg));
		/* Shortens the time the key shows in /proc/PID/cmdline */
		explicit_bzero(arg, strlen(arg));
		return n;
	}
	if (batch.from_stdin) {
		fprintf(stderr, "enbkeyctl: %s cannot be read from stdin, which carries the commands (-batch -); give it in the line\n",
			what);
		return -1;
	}

	if (batch.on)
		n = read_line(STDIN_FILENO, text, sizeof(text));
	else
		n = read_all(STDIN_FILENO, text, sizeof(text));
	if (n < 0 && !errno) {
		fprintf(stderr, "enbkeyctl: no %s left on stdin\n", what);
	} else if (n < 0) {
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

/* A key argument of a command that fails its usage: wiped all the same. */
static void wipe_key_arg(char *arg)
{
	if (arg && strcmp(arg, "-"))
		explicit_bzero(arg, strlen(arg));
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
	if (!end_of_args()) {
		wipe_key_arg(hex);
		return 1;
	}

	n = get_key("KeNB", kenb, hex);
	if (n >= 0 && (h = open_enbkey()))
		ret = finish(enbkey_key_set(h, id, kenb, n, ncc));
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
	if (!end_of_args()) {
		wipe_key_arg(hex);
		return 1;
	}

	n = get_key("NH", nh, hex);
	if (n >= 0 && (h = open_enbkey()))
		ret = finish(enbkey_nh_set(h, id, nh, n, ncc));
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

	if (!end_of_args() || !(h = open_enbkey()))
		return 1;
	return finish(enbkey_sec_set(h, id, eea, eia, up_integrity));
}

/*
 * Decodes the hex digits of the next argument, @what, in place, where the
 * octets take half the room of their digits; sets *@octets to them. Returns
 * their number. An empty argument is no octets.
 */
static size_t hex_arg(const char *what, const uint8_t **octets)
{
	char *s = next_arg(what);
	uint8_t *octet = (uint8_t *)s;
	size_t n, i;

	*octets = NULL;
	if (!s)
		return 0;
	n = strlen(s);
	if (n % 2) {
		usage_error("invalid %s (expected an even number of hex digits)",
			    what);
		return 0;
	}
	/* Octet i may overwrite digit i: no later octet reads below 2i + 2. */
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			usage_error("invalid %s (expected hex digits)", what);
			return 0;
		}
		octet[i] = hi << 4 | lo;
	}
	*octets = octet;
	return n / 2;
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
	if (!end_of_args())
		return 1;

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
	if (!ret && pdu.err) {
		fprintf(stderr, "enbkeyctl: %s\n", strerror(-pdu.err));
	} else if (!ret && json) {
		j_open(NULL, '{');
		j_hex(protect ? "pdu" : "data", pdu.out, pdu.out_len);
		j_close('}');
	} else if (!ret) {
		out_hex(pdu.out, pdu.out_len);
		out("\n", 1);
	}
	free(pdu.out);
	return finish(ret) || pdu.err;
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
	if (!end_of_args() || !(h = open_enbkey()))
		return 1;

	if (algs)
		ret = enbkey_ho_prepare_algs(h, id, pci, earfcn, eea, eia,
					     &ncc, &vertical);
	else
		ret = enbkey_ho_prepare(h, id, pci, earfcn, &ncc, &vertical);
	if (!ret && json) {
		j_open(NULL, '{');
		j_uint("ncc", ncc);
		j_bool("vertical", vertical);
		j_close('}');
	} else if (!ret) {
		printf("ncc %u %s\n", ncc, vertical ? "vertical" : "horizontal");
	}
	return finish(ret);
}

static int ho_commit(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX);
	struct enbkey_cell cell;
	bool has_cell = optional_cell(&cell);
	struct enbkey *h;

	if (!end_of_args() || !(h = open_enbkey()))
		return 1;
	return finish(has_cell ? enbkey_ho_commit_cell(h, id, &cell) :
				 enbkey_ho_commit(h, id));
}

static int ho_cancel(void)
{
	return ue_id_cmd(enbkey_ho_cancel);
}

/*
 * Prints "@key_name HEX @num_name N", or its JSON object with @key_json and
 * @num_json, with the ENBKEY_KENB_LEN octets at @key as HEX. The line is
 * built in a buffer of ours and leaves in one write(2), after what stdio
 * holds; it is wiped after. Returns 0, or 1 after reporting an error.
 */
static int print_key(const char *key_name, const char *key_json,
		     const uint8_t *key, const char *num_name,
		     const char *num_json, uint32_t num)
{
	struct keyline line = { .len = 0 };
	const char *s;
	size_t len;
	ssize_t w;

	fflush(stdout);
	keyline = &line;
	if (json) {
		j_open(NULL, '{');
		j_hex(key_json, key, ENBKEY_KENB_LEN);
		j_uint(num_json, num);
		j_close('}');
	} else {
		outs(key_name);
		outs(" ");
		out_hex(key, ENBKEY_KENB_LEN);
		outf(" %s %" PRIu32 "\n", num_name, num);
	}
	keyline = NULL;

	for (s = line.buf, len = line.len; len; s += w, len -= w) {
		w = write(STDOUT_FILENO, s, len);
		if (w < 0 && errno == EINTR)
			w = 0;
		else if (w < 0)
			break;
	}
	explicit_bzero(&line, sizeof(line));
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

	if (!end_of_args() || !(h = open_enbkey()))
		return 1;
	ret = enbkey_ho_export_cell(h, id, has_cell ? &cell : NULL, kenb_star,
				    &ncc);
	if (!ret)
		err = print_key("kenb-star", "kenb_star", kenb_star, "ncc",
				"ncc", ncc);
	explicit_bzero(kenb_star, sizeof(kenb_star));
	return finish(ret) || err;
}

static int dc_skenb(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX), scg_counter;
	uint8_t s_kenb[ENBKEY_KENB_LEN];
	struct enbkey *h;
	int ret, err = 0;

	if (!end_of_args() || !(h = open_enbkey()))
		return 1;
	ret = enbkey_s_kenb(h, id, s_kenb, &scg_counter);
	if (!ret)
		err = print_key("s-kenb", "s_kenb", s_kenb, "scg-counter",
				"scg_counter", scg_counter);
	explicit_bzero(s_kenb, sizeof(s_kenb));
	return finish(ret) || err;
}

static int short_mac(void)
{
	uint32_t id = num_arg("ID", UINT32_MAX), cell_id, crnti;
	uint16_t pci, mac;
	struct enbkey *h;
	char hex[5];
	int ret;

	keyword("cell-id");
	cell_id = num_arg("cell-id", UINT32_MAX);
	keyword("pci");
	pci = num_arg("pci", UINT16_MAX);
	keyword("crnti");
	crnti = num_arg("crnti", UINT32_MAX);
	if (!end_of_args() || !(h = open_enbkey()))
		return 1;
	ret = enbkey_short_mac(h, id, cell_id, pci, crnti, &mac);
	snprintf(hex, sizeof(hex), "%04x", ret ? 0 : mac);
	if (!ret && json) {
		j_open(NULL, '{');
		j_string("short_mac_i", hex);
		j_close('}');
	} else if (!ret) {
		puts(hex);
	}
	return finish(ret);
}

/* ---- monitor --------------------------------------------------------- */

/* The names of enum enbkey_event, as monitor prints them. */
static const char *const event_names[] = {
	[ENBKEY_EVENT_UE_NEW]		= "ue-new",
	[ENBKEY_EVENT_UE_DEL]		= "ue-del",
	[ENBKEY_EVENT_KEY_SET]		= "key-set",
	[ENBKEY_EVENT_SEC_SET]		= "sec-set",
	[ENBKEY_EVENT_KEY_REFRESH_NEEDED] = "key-refresh-needed",
	[ENBKEY_EVENT_NH_SET]		= "nh-set",
	[ENBKEY_EVENT_HO_PREPARE]	= "ho-prepare",
	[ENBKEY_EVENT_HO_COMMIT]	= "ho-commit",
	[ENBKEY_EVENT_HO_EXPORT]	= "ho-export",
	[ENBKEY_EVENT_S_KENB]		= "s-kenb",
	[ENBKEY_EVENT_HO_CANCEL]	= "ho-cancel",
};

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* What CTRL_CMD_GETFAMILY says of the family. */
struct family {
	uint16_t id;
	uint32_t group;		/* of ENBKEY_MCGRP_EVENTS, 0 if none */
};

static void family_groups(const struct nlattr *groups, struct family *f)
{
	const struct nlattr *grp, *attr;

	mnl_attr_for_each_nested(grp, groups) {
		const char *name = NULL;
		uint32_t id = 0;

		mnl_attr_for_each_nested(attr, grp) {
			switch (mnl_attr_get_type(attr)) {
			case CTRL_ATTR_MCAST_GRP_NAME:
				if (!mnl_attr_validate(attr, MNL_TYPE_NUL_STRING))
					name = mnl_attr_get_str(attr);
				break;
			case CTRL_ATTR_MCAST_GRP_ID:
				if (!mnl_attr_validate(attr, MNL_TYPE_U32))
					id = mnl_attr_get_u32(attr);
				break;
			}
		}
		if (name && !strcmp(name, ENBKEY_MCGRP_EVENTS))
			f->group = id;
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct family *f = arg;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_FAMILY_ID:
			if (!mnl_attr_validate(attr, MNL_TYPE_U16))
				f->id = mnl_attr_get_u16(attr);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			if (!mnl_attr_validate(attr, MNL_TYPE_NESTED))
				family_groups(attr, f);
			break;
		}
	}
	return MNL_CB_OK;
}

/* Looks the family and its group up on @nl; 0 or -1 after reporting. */
static int resolve_events(struct mnl_socket *nl, struct family *f)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;
	uint32_t seq = 1;
	ssize_t n;
	int ret;

	/* Zeroed: libmnl leaves the padding of the request as it finds it. */
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ENBKEY_GENL_NAME);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto fail;
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			goto fail;
		ret = mnl_cb_run(buf, n, seq, mnl_socket_get_portid(nl),
				 family_cb, f);
	} while (ret == MNL_CB_OK);
	if (ret < 0)
		goto fail;
	if (!f->id || !f->group) {
		fprintf(stderr, "enbkeyctl: the enbkey family has no \"%s\" group\n",
			ENBKEY_MCGRP_EVENTS);
		return -1;
	}
	return 0;
fail:
	if (errno == ENOENT)
		not_loaded();
	else
		fprintf(stderr, "enbkeyctl: cannot look up the enbkey family: %s\n",
			strerror(errno));
	return -1;
}

static void print_event(uint32_t ue, uint8_t event)
{
	char number[4];
	const char *name = event < ARRAY_SIZE(event_names) ?
			   event_names[event] : NULL;

	/* An event of a newer module: its number */
	if (!name) {
		snprintf(number, sizeof(number), "%u", event);
		name = number;
	}
	if (json) {
		j_open(NULL, '{');
		j_uint("ue", ue);
		j_string("event", name);
		j_close('}');
	} else {
		printf("ue %" PRIu32 " %s\n", ue, name);
	}
}

static int event_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct family *f = arg;
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	bool has_ue = false, has_event = false;
	uint32_t ue = 0;
	uint8_t event = 0;

	if (nlh->nlmsg_type != f->id ||
	    mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl->cmd != ENBKEY_CMD_EVENT)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case ENBKEY_A_UE_ID:
			has_ue = !mnl_attr_validate(attr, MNL_TYPE_U32);
			if (has_ue)
				ue = mnl_attr_get_u32(attr);
			break;
		case ENBKEY_A_EVENT:
			has_event = !mnl_attr_validate(attr, MNL_TYPE_U8);
			if (has_event)
				event = mnl_attr_get_u8(attr);
			break;
		}
	}
	if (has_ue && has_event)
		print_event(ue, event);
	return MNL_CB_OK;
}

/* The socket buffer overran: say so in the stream, where it happened. */
static void print_lost(void)
{
	if (json) {
		j_open(NULL, '{');
		j_string("event", "lost");
		j_close('}');
	} else {
		puts("events lost: the receive buffer overran");
	}
}

/*
 * Prints each notification of the events group until SIGINT or SIGTERM.
 * The signals are blocked but in ppoll(), so that one that comes while an
 * event is printed ends the loop at the next turn, not in the middle.
 */
static int monitor(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct family f = { 0 };
	struct mnl_socket *nl;
	sigset_t stop, old;
	int ret = 1;

	if (!end_of_args())
		return 1;
	if (batch.on) {
		fprintf(stderr, "enbkeyctl: monitor does not run in a batch\n");
		return 1;
	}
	nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "enbkeyctl: cannot open a netlink socket: %s\n",
			strerror(errno));
		goto out;
	}
	if (resolve_events(nl, &f))
		goto out;
	if (mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &f.group,
				  sizeof(f.group)) < 0) {
		fprintf(stderr, "enbkeyctl: cannot join the \"%s\" group: %s%s\n",
			ENBKEY_MCGRP_EVENTS, strerror(errno),
			errno == EPERM ? " (it needs CAP_NET_ADMIN)" : "");
		goto out;
	}

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	ret = 0;
	while (!stop_signal) {
		struct pollfd pfd = { .fd = mnl_socket_get_fd(nl),
				      .events = POLLIN };
		ssize_t n;

		if (ppoll(&pfd, 1, NULL, &old) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "enbkeyctl: poll: %s\n", strerror(errno));
			ret = 1;
			break;
		}
		n = recv(pfd.fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno == ENOBUFS) {
			print_lost();
		} else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			continue;
		} else if (n < 0) {
			fprintf(stderr, "enbkeyctl: cannot read events: %s\n",
				strerror(errno));
			ret = 1;
			break;
		} else {
			/* Notifications carry no error to act on. */
			mnl_cb_run(buf, n, 0, 0, event_cb, &f);
		}
		if (fflush(stdout) == EOF) {
			fprintf(stderr, "enbkeyctl: cannot write to stdout: %s\n",
				strerror(errno));
			ret = 1;
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
out:
	if (nl)
		mnl_socket_close(nl);
	return ret;
}

/* ---- commands, batches ----------------------------------------------- */

/* What follows "help" is ignored, as ip help ignores it. */
static int help(void)
{
	fputs(usage, stdout);
	return 0;
}

static const struct {
	const char *object, *command;	/* command NULL: one word */
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
	{ "shortmac", NULL, short_mac },
	{ "monitor", NULL, monitor },
	{ "help", NULL, help },
};

/* Runs the command of the NULL-terminated @argv; returns its status. */
static int run_command(char **argv)
{
	const char *object;
	bool known = false;
	size_t i;

	args = argv;
	usage_failed = false;
	object = next_arg("command");
	if (!object)
		return 1;
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(object, commands[i].object))
			continue;
		known = true;
		if (!commands[i].command)
			return commands[i].run();
		if (*args && !strcmp(*args, commands[i].command)) {
			args++;
			return commands[i].run();
		}
	}
	if (known && *args)
		usage_error("unknown command \"%s %s\"", object, *args);
	else
		usage_error("unknown command \"%s\"", object);
	return 1;
}

/*
 * A batch: its input, read with read(2) into a buffer of ours, and where
 * we are in it. A command is a line, or lines joined by a backslash at
 * their end; a '#' starts a comment, to the end of its line.
 */
static struct {
	const char *name;	/* as given, "-" for stdin */
	int fd;
	char buf[BATCH_LINE_MAX + 1];	/* the next command, and what follows */
	size_t len;		/* octets in buf */
	bool eof;
	unsigned int line;	/* lines taken so far */
} in;

/* Reads more of the batch; returns 0, or -1 after reporting an error. */
static int batch_fill(void)
{
	ssize_t r;

	do
		r = read(in.fd, in.buf + in.len, BATCH_LINE_MAX - in.len);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		fprintf(stderr, "enbkeyctl: cannot read %s: %s\n",
			in.fd ? in.name : "stdin", strerror(errno));
		return -1;
	}
	in.len += r;
	in.eof = !r;
	return 0;
}

/* Drops the first @n octets of the buffer, which are wiped. */
static void batch_consume(size_t n)
{
	explicit_bzero(in.buf, n);
	memmove(in.buf, in.buf + n, in.len - n);
	explicit_bzero(in.buf + in.len - n, n);
	in.len -= n;
}

enum { BATCH_END = -1, BATCH_ERROR = -2, BATCH_TOO_LONG = -3 };

/*
 * Finds the next command; returns its length at the start of the buffer,
 * where it ends with a NUL, or BATCH_END, or BATCH_ERROR after reporting a
 * read error, or BATCH_TOO_LONG when it does not fit the buffer (its lines
 * are then dropped). Sets *@first to the number of its first line.
 */
static ssize_t batch_next(unsigned int *first)
{
	size_t start = 0, scan = 0;	/* of the current line */
	bool too_long = false;

	*first = in.line + 1;
	for (;;) {
		char *nl = memchr(in.buf + scan, '\n', in.len - scan);
		char *hash, *end;

		if (!nl && in.len == BATCH_LINE_MAX) {
			/* Drop what we have; go on to the end of the line. */
			too_long = true;
			batch_consume(in.len);
			start = scan = 0;
			continue;
		}
		if (!nl && !in.eof) {
			scan = in.len;
			if (batch_fill())
				return BATCH_ERROR;
			continue;
		}
		if (!nl && !in.len)
			return too_long ? BATCH_TOO_LONG : BATCH_END;
		/* The last line may lack its newline. */
		end = nl ? nl : in.buf + in.len;
		in.line++;
		if (too_long) {
			batch_consume(end - in.buf + (nl != NULL));
			return BATCH_TOO_LONG;
		}
		hash = memchr(in.buf + start, '#', end - (in.buf + start));
		if (hash) {
			memset(hash, ' ', end - hash);
		} else if (nl && end > in.buf + start && end[-1] == '\\') {
			/* A continuation: the two become one line. */
			end[-1] = ' ';
			*end = ' ';
			start = scan = end - in.buf + 1;
			continue;
		}
		if (!nl) {
			/* Room for the NUL: the buffer has one octet more. */
			in.buf[in.len] = '\0';
			return in.len;
		}
		*nl = '\0';
		return nl - in.buf;
	}
}

/*
 * Splits the command @s into words in place, as ip -batch does: white
 * space separates them, and a word that starts with a quote, ' or ", ends
 * at the same quote, white space included. Returns their number, or -1
 * after reporting an error.
 */
static int batch_words(char *s, size_t len, char *words[BATCH_WORDS_MAX + 1])
{
	static const char space[] = " \t\r\v\f";
	int n = 0;

	if (memchr(s, '\0', len)) {
		fprintf(stderr, "enbkeyctl: NUL character in the line\n");
		return -1;
	}
	for (;;) {
		s += strspn(s, space);
		if (!*s)
			break;
		if (n == BATCH_WORDS_MAX) {
			fprintf(stderr, "enbkeyctl: more than %d words in the line\n",
				BATCH_WORDS_MAX);
			return -1;
		}
		if (*s == '\'' || *s == '"') {
			char *end = strchr(s + 1, *s);

			if (!end) {
				fprintf(stderr, "enbkeyctl: unterminated quoted string\n");
				return -1;
			}
			if (end[1] && !strchr(space, end[1])) {
				fprintf(stderr, "enbkeyctl: text after a closing quote\n");
				return -1;
			}
			words[n++] = s + 1;
			*end = '\0';
			s = end + 1;
		} else {
			words[n++] = s;
			s += strcspn(s, space);
		}
		if (*s)
			*s++ = '\0';
	}
	words[n] = NULL;
	return n;
}

/* Runs the commands of @name; returns the exit status. */
static int run_batch(const char *name, bool force)
{
	char *words[BATCH_WORDS_MAX + 1];
	unsigned int first;
	int status = 0, fd;
	ssize_t len;

	in.name = name;
	in.fd = STDIN_FILENO;
	if (strcmp(name, "-")) {
		in.fd = open(name, O_RDONLY | O_CLOEXEC);
		if (in.fd < 0) {
			fprintf(stderr, "enbkeyctl: cannot open %s: %s\n", name,
				strerror(errno));
			return 1;
		}
	}
	batch.on = true;
	batch.from_stdin = in.fd == STDIN_FILENO;

	while ((len = batch_next(&first)) != BATCH_END) {
		int n, ret;

		if (len == BATCH_ERROR) {
			status = 1;
			break;
		}
		if (len == BATCH_TOO_LONG) {
			fprintf(stderr, "enbkeyctl: line longer than %d characters\n",
				BATCH_LINE_MAX - 1);
			ret = 1;
		} else {
			n = batch_words(in.buf, len, words);
			ret = n < 0;
			if (n > 0)
				ret = run_command(words);
			batch_consume(len + (len < (ssize_t)in.len));
			if (n == 0)
				continue;
		}
		if (fflush(stdout) == EOF) {
			fprintf(stderr, "enbkeyctl: cannot write to stdout: %s\n",
				strerror(errno));
			ret = 1;
		}
		if (ret) {
			fprintf(stderr, "Command failed %s:%u\n", name, first);
			status = 1;
			if (!force)
				break;
		}
	}
	fd = in.fd;
	explicit_bzero(&in, sizeof(in));
	if (fd != STDIN_FILENO)
		close(fd);
	return status;
}

int main(int argc, char *argv[])
{
	const char *batch_file = NULL;
	bool force = false;
	int status;

	(void)argc;
	for (args = argv + 1; *args && (*args)[0] == '-'; args++) {
		if (!strcmp(*args, "-j")) {
			json = true;
		} else if (!strcmp(*args, "-p")) {
			pretty = true;
		} else if (!strcmp(*args, "-force")) {
			force = true;
		} else if (!strcmp(*args, "-batch")) {
			if (!args[1]) {
				usage_error("-batch needs a FILE");
				return 1;
			}
			batch_file = *++args;
		} else if (!strcmp(*args, "-V") ||
			   !strcmp(*args, "--version")) {
			puts("enbkeyctl " ENBKEYCTL_VERSION);
			return 0;
		} else if (!strcmp(*args, "-h") || !strcmp(*args, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else {
			usage_error("unknown option \"%s\"", *args);
			return 1;
		}
	}

	if (batch_file && *args) {
		usage_error("unexpected argument \"%s\" after -batch FILE",
			    *args);
		return 1;
	}
	status = batch_file ? run_batch(batch_file, force) : run_command(args);
	enbkey_close(handle);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (!status)
			fprintf(stderr, "enbkeyctl: cannot write to stdout: %s\n",
				strerror(errno));
		status = 1;
	}
	return status;
}
