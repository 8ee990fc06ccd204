/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What tshark will print of a visible tree: the output format (-T), the
 * fields (-e) and the protocol filters (-j, -J) of its command line, read
 * from /proc/self/cmdline while the protocols register, before tshark's
 * option parsing edits some arguments in place (`-E separator=/t` becomes
 * two words). Anything this cannot read with certainty leaves the tree
 * treated as fully printed, as before. */
#include <string.h>

#include <epan/packet.h>
#include <epan/proto.h>

#include "tshark-output.h"

#define MAX_NAMES 64

static gboolean read_done;
static gboolean resolved;
static gboolean single_pass; /* tshark, read with certainty, without -2 */
static gboolean limited;
static gboolean by_protocols;
static gboolean prints_hidden; /* PDML or JSON of the whole tree */
static int named[MAX_NAMES];
static int n_named;

/* tshark's short options that take an argument, in 4.0, 4.4 and 4.6 (its
 * getopt string, with the capture and dissection options it shares). */
static const char ARG_LETTERS[] = "abcdefijorstuwyzABCEFGHJKMNORSTUWXY";

/* Long options that take no argument; any other long option without "="
 * takes the next word unless that word is an option itself. */
static const char *const LONG_NO_ARG[] = {
    "color", "no-duplicate-keys", "list-interfaces", "list-data-link-types", "list-time-stamp-types",
    "monitor-mode", "no-promiscuous-mode", "help", "version", NULL,
};

static gboolean long_takes_no_arg(const char *name)
{
    for (int i = 0; LONG_NO_ARG[i]; i++)
        if (strcmp(name, LONG_NO_ARG[i]) == 0)
            return TRUE;
    return FALSE;
}

/* What the command line asks for. */
typedef struct wanted_output {
    char *format;   /* -T, or NULL */
    GPtrArray *fields;    /* -e, owned */
    gboolean proto_filter;      /* -j or -J given */
    gboolean proto_filter_us;   /* ... and it names the plugin */
    gboolean two_pass;          /* -2 */
    gboolean unsure;            /* an option after the first operand: misread */
} wanted_output;

static wanted_output want;

static void note_option(wanted_output *w, char opt, const char *value)
{
    switch (opt) {
    case 'T':
        g_free(w->format);
        w->format = g_strdup(value);
        break;
    case 'e':
        g_ptr_array_add(w->fields, g_strdup(value));
        break;
    case 'j':
    case 'J': {
        w->proto_filter = TRUE;
        gchar **protos = g_strsplit_set(value, " ,", -1);
        for (int i = 0; protos[i]; i++)
            if (strcmp(protos[i], "teardown") == 0 || g_str_has_prefix(protos[i], "teardown."))
                w->proto_filter_us = TRUE;
        g_strfreev(protos);
        break;
    }
    default:
        break;
    }
}

/* getopt's way through argv (tshark stops at the first non-option, and
 * takes the rest as a capture filter, which never has a word starting with
 * '-': such a word means the line was misread). */
static void parse_args(int argc, char **argv, wanted_output *w)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            return;
        if (a[0] != '-' || a[1] == '\0') {
            for (i++; i < argc; i++)
                if (argv[i][0] == '-')
                    w->unsure = TRUE;
            return;
        }
        if (a[1] == '-') {
            if (!strchr(a, '=') && !long_takes_no_arg(a + 2) && i + 1 < argc && argv[i + 1][0] != '-')
                i++;
            continue;
        }
        for (int j = 1; a[j]; j++) {
            if (a[j] == '2')
                w->two_pass = TRUE;
            if (!strchr(ARG_LETTERS, a[j]))
                continue;
            const char *value = a[j + 1] ? a + j + 1 : (i + 1 < argc ? argv[++i] : "");
            note_option(w, a[j], value);
            break;
        }
    }
}

static void add_named(int hf)
{
    for (int i = 0; i < n_named; i++)
        if (named[i] == hf)
            return;
    if (n_named < MAX_NAMES)
        named[n_named++] = hf;
    else
        limited = FALSE; /* too many to follow: print as if everything were shown */
}

/* Whether a visible tree will be printed only in part, and which fields. */
static void decide(const wanted_output *w, int proto_us)
{
    if (!w->format || w->unsure)
        return;
    gboolean fields = strcmp(w->format, "fields") == 0;
    gboolean structured = strcmp(w->format, "json") == 0 || strcmp(w->format, "ek") == 0 ||
                          strcmp(w->format, "pdml") == 0 || strcmp(w->format, "jsonraw") == 0;
    /* Every item, hidden ones too, unless limited below. */
    prints_hidden = structured;
    if (fields || (structured && w->fields->len))
        limited = TRUE;
    else if (w->proto_filter && !w->proto_filter_us &&
             (strcmp(w->format, "json") == 0 || strcmp(w->format, "jsonraw") == 0 || strcmp(w->format, "ek") == 0))
        limited = by_protocols = TRUE; /* pdml prints a filtered protocol's summary line: not limited */
    if (!limited)
        return;
    for (guint i = 0; i < w->fields->len; i++) {
        int hf = proto_registrar_get_id_byname((const char *)g_ptr_array_index(w->fields, i));
        if (hf < 0)
            continue; /* a column (_ws.col.*) or an expression: tshark primes what those use */
        if (hf == proto_us) {
            limited = FALSE; /* the protocol itself: its summary line is the value */
            return;
        }
        add_named(hf);
        header_field_info *hfi = proto_registrar_get_nth(hf);
        if (hfi && hfi->parent >= 0)
            add_named(hfi->parent);
    }
}

void tshark_output_read(void)
{
    if (read_done)
        return;
    read_done = TRUE;
    want.fields = g_ptr_array_new_with_free_func(g_free);
    gchar *buf = NULL;
    gsize len = 0;
    if (!g_file_get_contents("/proc/self/cmdline", &buf, &len, NULL) || len == 0) {
        g_free(buf);
        return;
    }
    /* NUL-separated words, the last one NUL-terminated too. */
    GPtrArray *args = g_ptr_array_new();
    for (gsize at = 0; at < len; at += strlen(buf + at) + 1)
        g_ptr_array_add(args, buf + at);
    gchar *prog = g_path_get_basename((const char *)g_ptr_array_index(args, 0));
    if (strcmp(prog, "tshark") == 0) {
        parse_args((int)args->len, (char **)args->pdata, &want);
        single_pass = !want.two_pass && !want.unsure;
    }
    g_free(prog);
    g_ptr_array_free(args, TRUE);
    g_free(buf);
}

void tshark_output_resolve(void)
{
    if (resolved || !read_done)
        return;
    resolved = TRUE;
    decide(&want, proto_get_id_by_filter_name("teardown"));
    g_free(want.format);
    want.format = NULL;
    g_ptr_array_free(want.fields, TRUE);
    want.fields = NULL;
}

gboolean tshark_output_limited(void)
{
    return limited;
}

gboolean tshark_output_prints_hidden(void)
{
    return prints_hidden && !limited;
}

gboolean tshark_output_single_pass(void)
{
    return single_pass;
}

gboolean tshark_output_filters_protocols(void)
{
    return limited && by_protocols;
}

gboolean tshark_output_names(int hf)
{
    for (int i = 0; i < n_named; i++)
        if (named[i] == hf)
            return TRUE;
    return FALSE;
}
