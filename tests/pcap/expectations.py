# SPDX-License-Identifier: GPL-2.0-or-later
"""What the plugin must say about each capture of the corpus, beyond the
kernel's final states (which come from the .expect files the generator wrote).

Per stream: outcome, conn_state, initiator, the sequence of distinct
"client/server" states packet by packet, and every teardown expert info with
the frame(s) it must sit on. Frames are located by what the packet is, not by
number, e.g. "client FIN#1" (the client's first FIN), "server RST",
"client ACK#1 after server FIN#1". "capture_edge" lists experts that must drop
to Note because the capture ended before an answer could be expected.
Per-vantage differences (a packet dropped before the capture point) are
written under "vantage" with the reason."""

HANDSHAKE = ["SYN_SENT/CLOSED", "SYN_SENT/SYN_RECEIVED", "ESTABLISHED/ESTABLISHED"]

CLIENT_CLOSES_FIRST = HANDSHAKE + [
    "FIN_WAIT_1/ESTABLISHED",  # client FIN sent
    "FIN_WAIT_2/CLOSE_WAIT",   # server ACKs it
    "FIN_WAIT_2/LAST_ACK",     # server FIN
    "TIME_WAIT/CLOSED",        # client's final ACK
]

SERVER_CLOSES_FIRST = HANDSHAKE + [
    "ESTABLISHED/FIN_WAIT_1",
    "CLOSE_WAIT/FIN_WAIT_2",
    "LAST_ACK/FIN_WAIT_2",
    "CLOSED/TIME_WAIT",
]

GRACEFUL_CLIENT = dict(
    outcome="graceful", conn_state="SF", initiator="client", states=CLIENT_CLOSES_FIRST,
    experts={"close.active": "client FIN#1", "close.passive": "server FIN#1",
             "time_wait": "client ACK#1 after server FIN#1"})

GRACEFUL_SERVER = dict(
    outcome="graceful", conn_state="SF", initiator="server",
    experts={"close.active": "server FIN#1", "close.passive": "client FIN#1",
             "time_wait": "server ACK#1 after client FIN#1"})

HALF_CLOSE = dict(
    outcome="graceful", conn_state="SF", initiator="client", states=CLIENT_CLOSES_FIRST,
    experts={"close.active": "client FIN#1", "half_close": "server DATA#1 after client FIN#1",
             "close.passive": "server FIN#1", "time_wait": "client ACK#1 after server FIN#1"})

ABORT = dict(
    outcome="reset", conn_state="RSTO", initiator="client",
    states=HANDSHAKE + ["CLOSED/CLOSED"],
    experts={"rst.abort": "client RST#1"})

# Linux sends RST instead of FIN when close() leaves unread data: no FIN at all.
UNREAD = dict(
    outcome="reset", conn_state="RSTR", initiator="server",
    states=HANDSHAKE + ["CLOSED/CLOSED"],
    experts={"rst.abort": "server RST#1"})

REFUSED = dict(
    outcome="refused", conn_state="REJ", initiator="server",
    states=["SYN_SENT/CLOSED", "CLOSED/CLOSED"],
    experts={"rst.refused": "server RST#1"})

CLOSE_WAIT_STUCK = dict(
    outcome="half_closed", conn_state="S2", initiator="client",
    states=HANDSHAKE + ["FIN_WAIT_1/ESTABLISHED", "FIN_WAIT_2/CLOSE_WAIT"],
    experts={"close.active": "client FIN#1", "close_wait.stuck": "server ACK#1 after client FIN#1"})

# A pcap has no end time: when the ACK that starts CLOSE_WAIT is its last
# packet, nothing shows the capture went on, so "stuck" can only be a Note.
CLOSE_WAIT_AT_CAPTURE_END = dict(CLOSE_WAIT_STUCK, capture_edge=("close_wait.stuck",))

STILL_OPEN = dict(outcome="open", conn_state="S1", states=HANDSHAKE, experts={})

SCENARIOS = {
    "graceful_client_first_v4": dict(streams={0: GRACEFUL_CLIENT}),
    "graceful_client_first_v6": dict(streams={0: GRACEFUL_CLIENT}),
    "graceful_server_first_v4": dict(streams={0: dict(GRACEFUL_SERVER, states=SERVER_CLOSES_FIRST)}),
    "graceful_server_first_v6": dict(streams={0: dict(GRACEFUL_SERVER, states=SERVER_CLOSES_FIRST)}),
    "half_close_v4": dict(streams={0: HALF_CLOSE}),
    # The same packets with the capture clock stepped back 2 s after the FIN
    # (derive_reordered.py): the same close; no duration may be negative.
    "clock_step_back_v4": dict(streams={0: HALF_CLOSE}),
    "half_close_v6": dict(streams={0: HALF_CLOSE}),
    "abort_linger0_v4": dict(streams={0: ABORT}),
    "abort_linger0_v6": dict(streams={0: ABORT}),
    "close_unread_data_v4": dict(streams={0: UNREAD}),
    "close_unread_data_v6": dict(streams={0: UNREAD}),
    # The client closed; the server's 500 bytes after it reach a socket that can
    # no longer read, so the client's kernel answers RST and the data is lost.
    "data_after_peer_close_v4": dict(streams={0: dict(
        outcome="reset", conn_state="RSTO", initiator="client",
        states=HANDSHAKE + ["FIN_WAIT_1/ESTABLISHED", "FIN_WAIT_2/CLOSE_WAIT", "CLOSED/CLOSED"],
        experts={"close.active": "client FIN#1", "half_close": "server DATA#1 after client FIN#1",
                 "rst.after_fin": "client RST#1", "rst.data_loss": "client RST#1"})}),
    "refused_v4": dict(streams={0: REFUSED}),
    # The kernel's refusal with its RST stamped before the SYN (derive_reordered.py):
    # still refused by the server, the SYN's sender the client, nothing reopened.
    "refused_rst_first_v4": dict(streams={0: dict(REFUSED, states=["CLOSED/CLOSED"], midstream=False)},
                                 since_4_4=dict(
                                     # Wireshark 4.4 starts a new stream at the SYN after its RST:
                                     # see RST_BEFORE_SYN_SPLIT in expectations_crafted.py.
                                     streams={0: dict(REFUSED, states=["CLOSED/CLOSED"]),
                                              1: dict(outcome="unanswered", conn_state="S0",
                                                      states=["SYN_SENT/CLOSED"], experts={})},
                                     finals={0: ("CLOSED", "CLOSED")})),
    "refused_v6": dict(streams={0: REFUSED}),
    "close_wait_stuck_v4": dict(streams={0: CLOSE_WAIT_AT_CAPTURE_END}),
    "close_wait_stuck_v6": dict(streams={0: CLOSE_WAIT_AT_CAPTURE_END}),
    # Every FIN of the client is dropped between the two capture points.
    "fin_lost_v4": dict(
        streams={0: dict(
            outcome="half_closed", conn_state="S2", initiator="client",
            states=HANDSHAKE + ["FIN_WAIT_1/ESTABLISHED"],
            experts={"close.active": "client FIN#1", "fin.retransmission": "client FIN after client FIN#1",
                     "fin.unacked": "client FIN#1"})},
        vantage={"server": dict(
            # The server's side never saw a FIN: nothing there shows the client closed.
            finals={0: ("ESTABLISHED", "ESTABLISHED")},
            streams={0: dict(outcome="open", conn_state="S1", initiator=None, states=HANDSHAKE, experts={})})}),
    # The client's final ACK is dropped once between the capture points: the
    # client's side sees it, then the server's FIN again (the ACK was lost).
    "final_ack_lost_v4": dict(
        streams={0: dict(
            outcome="graceful", conn_state="SF", initiator="client",
            states=CLIENT_CLOSES_FIRST + ["TIME_WAIT/LAST_ACK", "TIME_WAIT/CLOSED"],
            experts={"close.active": "client FIN#1", "close.passive": "server FIN#1",
                     "time_wait": "client ACK#1 after server FIN#1",
                     "fin.retransmission": "server FIN#2",
                     "time_wait.fin_retransmission": "server FIN#2"})},
        vantage={"server": dict(streams={0: dict(
            # Without the lost ACK, the retransmission meets a client still in FIN_WAIT_2.
            states=CLIENT_CLOSES_FIRST,
            experts={"close.active": "client FIN#1", "close.passive": "server FIN#1",
                     "fin.retransmission": "server FIN#2",
                     "time_wait": "client ACK#1 after server FIN#2"})})}),
    # The server holds TIME_WAIT; the client reconnects from the same port and
    # Linux lets the new SYN take over the TIME_WAIT 4-tuple.
    "time_wait_reuse_v4": dict(streams={
        0: dict(GRACEFUL_SERVER, states=SERVER_CLOSES_FIRST[:3] + [
            "ESTABLISHED/FIN_WAIT_1", "LAST_ACK/FIN_WAIT_2", "CLOSED/TIME_WAIT"],
            experts={"close.active": "server FIN#1", "close.passive": "client FIN#1",
                     "time_wait": "server ACK#1 after client FIN#1"}),
        1: dict(outcome="open", conn_state="S1", states=HANDSHAKE, experts={"time_wait.reuse": "client SYN#1"})}),
    # Both FINs cross in a delaying router; each side's FIN is retransmitted
    # before the other's ACK arrives.
    "simultaneous_close_v4": dict(
        streams={0: dict(
            outcome="graceful", conn_state="SF", initiator="client",
            states=HANDSHAKE + ["FIN_WAIT_1/ESTABLISHED", "FIN_WAIT_1/FIN_WAIT_1", "CLOSING/FIN_WAIT_2",
                                "CLOSING/FIN_WAIT_1", "CLOSING/FIN_WAIT_2", "TIME_WAIT/TIME_WAIT"],
            experts={"close.active": "client FIN#1", "close.simultaneous": "server FIN#1",
                     "fin.retransmission": "server FIN#2", "time_wait": "server ACK#1 after server FIN#2"})},
        vantage={"server": dict(streams={0: dict(
            initiator="server",
            states=HANDSHAKE + ["ESTABLISHED/FIN_WAIT_1", "FIN_WAIT_1/FIN_WAIT_1", "FIN_WAIT_2/CLOSING",
                                "TIME_WAIT/TIME_WAIT"],
            experts={"close.active": "server FIN#1", "fin.retransmission": "server FIN#2",
                     "close.simultaneous": "client FIN#1", "time_wait": "client ACK#1 after client FIN#1"})})}),
    # Keep-alive probes before and after the half-close change nothing.
    "keepalive_half_close_v4": dict(streams={0: CLOSE_WAIT_STUCK}),
    "still_open_v4": dict(streams={0: STILL_OPEN}),
    "multi_v4": dict(streams={
        0: STILL_OPEN,
        1: dict(GRACEFUL_CLIENT, states=HANDSHAKE + ["FIN_WAIT_1/ESTABLISHED", "FIN_WAIT_2/LAST_ACK",
                                                     "TIME_WAIT/CLOSED"]),
        2: ABORT,
        3: REFUSED,
        4: dict(GRACEFUL_SERVER, states=HANDSHAKE + ["ESTABLISHED/FIN_WAIT_1", "LAST_ACK/FIN_WAIT_2",
                                                     "CLOSED/TIME_WAIT"]),
    }),
    # The handshake was cut: roles from the ports, both taken as established.
    "midstream_v4": dict(streams={0: dict(
        GRACEFUL_CLIENT, midstream=True,
        states=["ESTABLISHED/ESTABLISHED"] + CLIENT_CLOSES_FIRST[3:])}),
    # The capture stops right after the client's FIN: too soon to expect an ACK.
    "ends_mid_close_v4": dict(streams={0: dict(
        outcome="half_closed", conn_state="S2", initiator="client",
        states=HANDSHAKE + ["FIN_WAIT_1/ESTABLISHED"],
        experts={"close.active": "client FIN#1", "fin.unacked": "client FIN#1"},
        capture_edge=("fin.unacked",))}),
    # Only the client's packets: its ACK of the SYN/ACK proves the handshake
    # (so not "unanswered"), but Zeek's SH goes by the SYN/ACK seen; nothing
    # proves the server ever got the FIN.
    "one_sided_client_v4": dict(streams={0: dict(
        outcome="half_closed", conn_state="SH", initiator="client",
        states=["SYN_SENT/CLOSED", "ESTABLISHED/ESTABLISHED", "FIN_WAIT_1/ESTABLISHED"],
        experts={"close.active": "client FIN#1", "fin.unacked": "client FIN#1"})}),
}
