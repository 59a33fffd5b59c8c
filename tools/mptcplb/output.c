// SPDX-License-Identifier: GPL-2.0
/*
 * Every command prints through these helpers, so the text and the JSON
 * output always carry the same fields.  Text is "key value" pairs on one
 * line, except for commands whose answer is one number: they print it alone,
 * which is what scripts reading it want.  The save format is the text one
 * made into commands: each object's line starts with the command that
 * creates it, and its identity is printed without its key.  A field that
 * cannot be printed so that the command reads it back as it is makes the
 * save fail, instead of restoring something else.
 */
#include <stdio.h>

#include "cli.h"
#include "name.h"

static FILE *out;
static const char *save_prefix, *unprintable;
static bool json, pretty, in_list;
static unsigned int nfields, nobjects, nitems, outer_nfields;

/* What out_save_end() restores. */
static struct {
	FILE *out;
	bool json;
	bool show_stats;
} before_save;

void out_init(bool as_json, bool as_pretty)
{
	out = stdout;
	json = as_json || as_pretty;
	pretty = as_pretty;
}

/* A command that may print several objects prints a JSON array. */
void out_list_open(void)
{
	in_list = true;
	nobjects = 0;
	if (json)
		putc('[', out);
}

void out_list_close(void)
{
	in_list = false;
	if (json)
		fputs("]\n", out);
}

/**
 * out_save_begin() - print in the save format, into @file, until
 *	out_save_end()
 * @file: where the save is kept until it is known to be complete
 */
void out_save_begin(FILE *file)
{
	before_save.out = out;
	before_save.json = json;
	before_save.show_stats = show_stats;
	out = file;
	json = false;
	show_stats = false;
	unprintable = NULL;
}

/* Each object's line, from now on, starts with @prefix. */
void out_save(const char *prefix)
{
	save_prefix = prefix;
}

/**
 * out_save_end() - print as before out_save_begin()
 *
 * Return: NULL, or the first field out_unprintable() was told of.
 */
const char *out_save_end(void)
{
	out = before_save.out;
	json = before_save.json;
	show_stats = before_save.show_stats;
	save_prefix = NULL;
	return unprintable;
}

/**
 * out_unprintable() - note a field the kernel reported that a printer
 *	cannot print as the CLI reads it
 * @what: the field, e.g. "proxy state"
 *
 * show leaves it out; save fails (see out_save_end()), since its output
 * would restore something else.
 */
void out_unprintable(const char *what)
{
	if (save_prefix && !unprintable)
		unprintable = what;
}

/* Whether a proxy name can be printed: save prints only those mptcplb takes. */
static bool name_printable(const char *name)
{
	if (!save_prefix || mlb_name_valid(name))
		return true;
	out_unprintable("proxy name");
	return false;
}

void out_open(void)
{
	nfields = 0;
	if (save_prefix)
		fputs(save_prefix, out);
	if (json) {
		if (in_list && nobjects)
			putc(',', out);
		putc('{', out);
	}
	nobjects++;
}

void out_close(void)
{
	if (json)
		fputs(pretty && nfields ? "\n}" : "}", out);
	if (!json || !in_list)
		putc('\n', out);
}

static void json_string(const char *s)
{
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", *s);
		else
			putc(*s, out);
	}
	putc('"', out);
}

static void field(const char *key)
{
	if (json) {
		fputs(nfields ? "," : "", out);
		fputs(pretty ? "\n    " : "", out);
		json_string(key);
		fputs(pretty ? ": " : ":", out);
	} else {
		fprintf(out, "%s%s ", nfields || save_prefix ? " " : "", key);
	}
	nfields++;
}

/* What identifies the object: a positional argument in the save format. */
void out_id(const char *key, const char *value)
{
	if (save_prefix) {
		fprintf(out, " %s", value);
		nfields++;
	} else {
		out_str(key, value);
	}
}

/* The name of the proxy being printed, which identifies it. */
void out_proxy_name(const char *name)
{
	if (name_printable(name))
		out_id("name", name);
}

void out_str(const char *key, const char *value)
{
	field(key);
	if (json)
		json_string(value);
	else
		fputs(value, out);
}

void out_u32(const char *key, uint32_t value)
{
	field(key);
	fprintf(out, "%u", value);
}

void out_u64(const char *key, uint64_t value)
{
	field(key);
	fprintf(out, "%llu", (unsigned long long)value);
}

/*
 * Tokens, X and fingerprints are hex in JSON too, as strings in the text's
 * form: a JSON number would be decimal, which token decode, reading hex as
 * ss -M prints it, would misread.
 */
static void hex32(uint32_t value)
{
	fprintf(out, json ? "\"0x%08x\"" : "0x%08x", value);
}

void out_hex32(const char *key, uint32_t value)
{
	field(key);
	hex32(value);
}

void out_only_hex32(const char *key, uint32_t value)
{
	out_open();
	if (json)
		field(key);
	hex32(value);
	out_close();
}

void out_only_str(const char *key, const char *value)
{
	out_open();
	if (json) {
		field(key);
		json_string(value);
	} else {
		fputs(value, out);
	}
	out_close();
}

void out_array_open(const char *key)
{
	nitems = 0;
	if (json) {
		field(key);
		putc('[', out);
	}
}

void out_array_close(void)
{
	if (json)
		putc(']', out);
}

/* An inclusive range of routing integers, as an array item. */
void out_range_item(uint32_t lo, uint32_t hi)
{
	if (json) {
		fprintf(out, "%s{\"lo\":", nitems ? "," : "");
		hex32(lo);
		fputs(",\"hi\":", out);
		hex32(hi);
		putc('}', out);
	} else {
		fprintf(out, " range 0x%08x-0x%08x", lo, hi);
	}
	nitems++;
}

/* A member of a service and its weight, as an array item. */
void out_member_item(const char *proxy, uint32_t weight)
{
	if (!name_printable(proxy))
		return;
	if (json) {
		fprintf(out, "%s{\"proxy\":", nitems ? "," : "");
		json_string(proxy);
		fprintf(out, ",\"weight\":%u}", weight);
	} else {
		fprintf(out, " member %s weight %u", proxy, weight);
	}
	nitems++;
}

/* A nested object in JSON; in text its fields follow the others. */
void out_nest_open(const char *key)
{
	if (!json)
		return;
	field(key);
	putc('{', out);
	outer_nfields = nfields;
	nfields = 0;
}

void out_nest_close(void)
{
	if (!json)
		return;
	putc('}', out);
	nfields = outer_nfields;
}
