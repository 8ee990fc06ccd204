/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Printable names of the engine's enums, generated from the lists in td_engine.h. */
#include "td_engine.h"

static const char *const state_names[] = {
#define TD_X(name) #name,
    TD_STATE_LIST(TD_X)
#undef TD_X
};

static const char *const outcome_names[] = {
#define TD_X(name, label) label,
    TD_OUTCOME_LIST(TD_X)
#undef TD_X
};

static const char *const conn_state_names[] = {
#define TD_X(name) #name,
    TD_CONN_STATE_LIST(TD_X)
#undef TD_X
};

static const char *const anomaly_names[] = {
#define TD_X(name, label) label,
    TD_ANOMALY_LIST(TD_X)
#undef TD_X
};

const char *td_state_name(td_state s)
{
    return (unsigned)s < TD_STATE_COUNT ? state_names[s] : "?";
}

const char *td_outcome_name(td_outcome o)
{
    return (unsigned)o < TD_OUTCOME_COUNT ? outcome_names[o] : "?";
}

const char *td_conn_state_name(td_conn_state c)
{
    return (unsigned)c < TD_CS_COUNT ? conn_state_names[c] : "?";
}

const char *td_anomaly_name(td_anomaly a)
{
    return (unsigned)a < TD_ANOMALY_COUNT ? anomaly_names[a] : "?";
}

const char *td_role_name(td_role r)
{
    switch (r) {
    case TD_CLIENT: return "client";
    case TD_SERVER: return "server";
    default: return "none";
    }
}
