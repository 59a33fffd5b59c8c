/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the mptcplb command's objects: exit codes, argument parsing and
 * the one output path that prints both text and JSON.
 */
#ifndef _MPTCPLB_CLI_H
#define _MPTCPLB_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define __printf(a, b) __attribute__((format(printf, a, b)))
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))

/* Exit status: 0 success, 1 rejected request or bad value, 2 usage error. */
#define EXIT_REJECTED	1
#define EXIT_USAGE	2

struct cli_object {
	const char *name;
	int (*run)(int argc, char **argv);
	void (*help)(void);
};

struct nlattr;
struct nlmsghdr;

/**
 * struct object_printer - how print_cb() prints one kind of object
 * @type: top-level attribute of the object, MPTCP_LB_A_*
 * @print: prints the fields of one such nest
 */
struct object_printer {
	uint16_t type;
	void (*print)(const struct nlattr *nest);
};

int print_cb(const struct nlmsghdr *nlh, void *printer);
/* -s: show and monitor print counters too. */
extern bool show_stats;
/* -n: the network namespace entered, or NULL. */
extern const char *netns_name;

/**
 * struct stats_attr - a counter of the stats attribute set
 * @name: its name in the spec, which show prints
 * @doc: its doc in the spec, on one line
 */
struct stats_attr {
	const char *name;
	const char *doc;
};

/* Generated from the spec; NULL names where a type is no counter. */
extern const struct stats_attr stats_attrs[];

void cipher_print(const struct nlattr *nest);
void stats_print(const struct nlattr *nest);
void proxy_print(const struct nlattr *nest);
void service_print(const struct nlattr *nest);
void service_id_print(const struct nlattr *nest);
int service_id_text(const struct nlattr *nest, char *text, size_t len);
int prom_stats_show(void);
void vip_print(const struct nlattr *nest);
int vip_save(void);
int put_service_id(struct nlmsghdr *req, const char *text);
int proxy_show_all(void);
int service_show_all(void);

extern const struct cli_object flows_object;
extern const struct cli_object info_object;
extern const struct cli_object issuer_object;
extern const struct cli_object member_object;
extern const struct cli_object monitor_object;
extern const struct cli_object proxy_object;
extern const struct cli_object restore_object;
extern const struct cli_object save_object;
extern const struct cli_object service_object;
extern const struct cli_object stats_object;
extern const struct cli_object secret_object;
extern const struct cli_object token_object;
extern const struct cli_object vip_object;

/*
 * Room for the largest request and reply: a proxy with all its ranges or a
 * service with all its members, up to 32 KiB.
 */
#define REQ_BUF_LEN	32768
#define REPLY_BUF_LEN	65536

/* Twice the kernel's limit, so that the kernel explains a too long one. */
#define SECRET_BUF_LEN 64

int run_object(int argc, char **argv);
int run_batch(const char *path, int (*run)(int argc, char **argv));

__printf(1, 2) int usage_error(const char *fmt, ...);
__printf(1, 2) int value_error(const char *fmt, ...);
bool is_help(const char *arg);
bool parse_u32(const char *text, uint32_t *value);
bool parse_u64(const char *text, uint64_t *value);
int parse_token(const char *text, uint32_t *token);
int parse_secret(const char *hex, uint8_t *secret, unsigned int *len);
int read_secret_arg(int *argc, char ***argv, uint8_t *secret,
		    unsigned int *len);
int parse_range(const char *text, uint32_t *lo, uint32_t *hi);
int put_range_nest(struct nlmsghdr *req, uint16_t type, const char *text);
int put_proxy_name(struct nlmsghdr *req, uint16_t type, const char *name);
int put_choice(struct nlmsghdr *req, uint16_t type,
	       const char *const *names, uint32_t count,
	       const char *what, const char *text);
void show_choice(const struct nlattr *attr, const char *key,
		 const char *const *names, uint32_t count, const char *what);
void range_print(const struct nlattr *nest);

void out_init(bool json, bool pretty);
void out_save_begin(FILE *file);
void out_save(const char *prefix);
const char *out_save_end(void);
void out_unprintable(const char *what);
void out_list_open(void);
void out_list_close(void);
void out_open(void);
void out_close(void);
void out_str(const char *key, const char *value);
void out_id(const char *key, const char *value);
void out_proxy_name(const char *name);
void out_u32(const char *key, uint32_t value);
void out_u64(const char *key, uint64_t value);
void out_hex32(const char *key, uint32_t value);
void out_only_hex32(const char *key, uint32_t value);
void out_only_str(const char *key, const char *value);
void out_nest_open(const char *key);
void out_nest_close(void);
void out_array_open(const char *key);
void out_array_close(void);
void out_range_item(uint32_t lo, uint32_t hi);
void out_member_item(const char *proxy, uint32_t weight);

#endif /* _MPTCPLB_CLI_H */
