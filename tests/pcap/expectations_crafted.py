# SPDX-License-Identifier: GPL-2.0-or-later
"""What the plugin must say about each crafted capture (tests/crafted/, made by
make_crafted.py): situations a real kernel will not produce on demand.

Same format as expectations.py, which run_corpus.py merges with this file.
Every answer comes from the interface spec (teardown-interface.md) and from
what the hosts really did, not from the plugin's output; where the two
disagreed when this was written, the comment on the scenario says so."""

from expectations import CLIENT_CLOSES_FIRST, GRACEFUL_CLIENT, HALF_CLOSE, HANDSHAKE, REFUSED

# Wireshark 4.4's TCP starts a new stream at a SYN captured after the RST
# that answered it: the refusal is stream 0 on its own (its RST/ACK implies
# the SYN), and the SYN is stream 1, alone and so unanswered. The plugin
# follows tcp.stream, so stream 1 says SYN_SENT where the client is CLOSED.
RST_BEFORE_SYN_SPLIT = dict(
    streams={0: dict(outcome="refused", conn_state="REJ", initiator="server", states=["CLOSED/CLOSED"],
                     experts={"rst.refused": "server RST"}),
             1: dict(outcome="unanswered", conn_state="S0", states=["SYN_SENT/CLOSED"], experts={})},
    finals={0: ("CLOSED", "CLOSED")})

SCENARIOS = {
    # The same HTTP/1.0 close, then a SYN on the 4-tuple with an ISN below
    # the old sequence space: the server's TIME_WAIT will not take it (RFC
    # 6191), so the reuse is the Warning twin, teardown.time_wait.reuse.rejected.
    "time_wait_reuse_isn_below": dict(streams={
        0: dict(outcome="graceful", conn_state="SF", initiator="server",
                states=HANDSHAKE + ["ESTABLISHED/FIN_WAIT_1", "CLOSE_WAIT/FIN_WAIT_2", "LAST_ACK/FIN_WAIT_2",
                                    "CLOSED/TIME_WAIT"],
                experts={"close.active": "server FIN#1", "close.passive": "client FIN#1",
                         "time_wait": "server ACK#1 after client FIN#1"}),
        1: dict(outcome="unanswered", conn_state="S0", states=["SYN_SENT/CLOSED"], reuse_rejected=True,
                experts={"time_wait.reuse": "client SYN#1"})}),

    # A 4-tuple reused after an HTTP/1.0 close whose new handshake the
    # capture missed: the new request is numbered 40 million past the old
    # client's space. TCP keeps one stream; the plugin follows the new
    # connection apart (key 0.5: stream 0, second connection), mid-stream,
    # and neither carries data_after_fin.
    "reused_tuple_syn_missed": dict(streams={
        0: dict(outcome="graceful", conn_state="SF", initiator="server",
                states=HANDSHAKE + ["ESTABLISHED/FIN_WAIT_1", "CLOSE_WAIT/FIN_WAIT_2", "LAST_ACK/FIN_WAIT_2",
                                    "CLOSED/TIME_WAIT"],
                experts={"close.active": "server FIN#1", "close.passive": "client FIN#1",
                         "time_wait": "server ACK#1 after client FIN#1"}),
        0.5: dict(outcome="graceful", conn_state="SF", initiator="server", midstream=True,
                  states=["ESTABLISHED/ESTABLISHED", "ESTABLISHED/FIN_WAIT_1", "CLOSE_WAIT/FIN_WAIT_2",
                          "LAST_ACK/FIN_WAIT_2", "CLOSED/TIME_WAIT"],
                  experts={"close.active": "server FIN#1", "close.passive": "client FIN#1",
                           "time_wait": "server ACK#1 after client FIN#1"})}),

    # A blind RST with a sequence number 10^9 beyond the server's: outside the
    # client's window, so ignored. Its sequence number is nowhere near the
    # server's own, so the server did not send it: neither end changes state,
    # and the connection closes like any other.
    "rst_out_of_window": dict(streams={0: dict(
        GRACEFUL_CLIENT,
        states=CLIENT_CLOSES_FIRST,
        experts=dict(GRACEFUL_CLIENT["experts"], **{"rst.out_of_window": "server RST"}))}),

    # An IPS resets the client on the server's behalf: exact sequence number,
    # so the client takes it, but TTL 61 where the server's packets have 52.
    # The forged RST says nothing of the server, which stays ESTABLISHED; the
    # blocked request was never acknowledged, so it is lost.
    "rst_middlebox_ttl": dict(streams={0: dict(
        outcome="reset", conn_state="RSTR", initiator="server",
        states=HANDSHAKE + ["CLOSED/ESTABLISHED"],
        experts={"rst.middlebox": "server RST", "rst.abort": "server RST", "rst.data_loss": "server RST"})}),

    # RFC 1337 TIME-WAIT assassination: after a graceful close the client's
    # TIME_WAIT is ended by an acceptable RST. Both FINs were acknowledged, so
    # the close stays graceful (and SF); the RST is reported as time_wait.rst,
    # the most specific name for it.
    "rst_in_time_wait": dict(streams={0: dict(
        GRACEFUL_CLIENT,
        states=CLIENT_CLOSES_FIRST + ["CLOSED/CLOSED"],
        experts=dict(GRACEFUL_CLIENT["experts"], **{"time_wait.rst": "server RST"}))}),

    # Request with FIN, then 50 bytes past the FIN: data_after_fin. The
    # server's response after the client's FIN is an ordinary half-close.
    "fin_with_data_then_more_data": dict(streams={0: dict(
        GRACEFUL_CLIENT,
        experts=dict(GRACEFUL_CLIENT["experts"], **{
            "data_after_fin": "client DATA#1 after client FIN#1",
            "half_close": "server DATA#1 after client FIN#1"}))}),

    # Sequence numbers wrap (client FIN after 2^32, server FIN at 0xFFFFFFFF
    # acknowledged by ACK 0): nothing differs from any graceful close.
    "seq_wrap_close": dict(streams={0: GRACEFUL_CLIENT}),

    # The network duplicated the server's FIN; the copy (same IP ID, 0.3 ms
    # after the client's final ACK, far inside any retransmission timeout) is
    # not a retransmission, so it proves no ACK was lost: the server stays
    # CLOSED throughout and nothing reached a TIME_WAIT holder "because the
    # final ACK was lost". Like Wireshark's own analysis it is still a FIN
    # seen again (fin.retransmission, Note).
    # Disagreement when written: the plugin takes the copy for a retransmission
    # and puts the server back in LAST_ACK (TIME_WAIT/LAST_ACK until the
    # client's re-ACK) and adds time_wait.fin_retransmission.
    "duplicate_reordered_fin_ack": dict(streams={0: dict(
        GRACEFUL_CLIENT,
        experts=dict(GRACEFUL_CLIENT["experts"], **{"fin.retransmission": "server FIN#2"}))}),

    # A scanner's SYN then FIN, never answered: Zeek's SH. Its FIN moves the
    # prober's own state at once; nothing shows the server got anything. The
    # FIN is the capture's last packet, so "unacked" can only be a Note.
    "syn_then_fin_no_synack": dict(streams={0: dict(
        outcome="unanswered", conn_state="SH", initiator="client",
        states=["SYN_SENT/CLOSED", "FIN_WAIT_1/CLOSED"],
        experts={"close.active": "client FIN#1", "fin.unacked": "client FIN#1"},
        capture_edge=("fin.unacked",))}),

    # Only the server's SYN/ACK and its RST/ACK: Zeek's RSTRH. The SYN was
    # answered, so the RST is not a refusal: outcome reset, rst.abort.
    "synack_only_then_rst": dict(streams={0: dict(
        outcome="reset", conn_state="RSTRH", initiator="server",
        states=["SYN_SENT/SYN_RECEIVED", "CLOSED/CLOSED"],
        experts={"rst.abort": "server RST"})}),

    # The scanner's SYN then its own RST, no SYN/ACK seen: Zeek's RSTOS0. The
    # SYN was never answered; the RST ends no established connection and
    # answers no SYN, so none of rst.abort / rst.refused applies.
    # Disagreement when written: the plugin flags it rst.abort.
    "syn_then_rst_no_answer": dict(streams={0: dict(
        outcome="unanswered", conn_state="RSTOS0", initiator="client",
        states=["SYN_SENT/CLOSED", "CLOSED/CLOSED"],
        experts={})}),

    # A SYN retransmitted twice into silence: Zeek's S0, nobody closed.
    "syn_unanswered": dict(streams={0: dict(
        outcome="unanswered", conn_state="S0", initiator=None,
        states=["SYN_SENT/CLOSED"], experts={})}),

    # 3000 bytes never acknowledged, then the client's RST: data lost.
    "ipv6_rst_data_loss": dict(streams={0: dict(
        outcome="reset", conn_state="RSTO", initiator="client",
        states=HANDSHAKE + ["CLOSED/CLOSED"],
        # The client sent its data twice more, 204 and 408 ms apart, before
        # the RST: it gave up retransmitting (as Windows does, with an RST).
        experts={"rst.abort": "client RST", "rst.data_loss": "client RST",
                 "retransmission_timeout": "client RST"})}),

    # ---- captures from other stacks and capture points (issue 11) ----------

    # The refusing RST/ACK (seq 0, ack ISN+1) is stamped before its SYN: it
    # answers that SYN all the same. Refused, the SYN's sender is the client
    # though its port is the lower one, and the later SYN reopens nothing.
    "rst_before_syn": dict(streams={0: dict(
        outcome="refused", conn_state="REJ", initiator="server", midstream=False,
        states=["CLOSED/CLOSED"], experts={"rst.refused": "server RST"},
        narrative=["refused client 192.0.2.10:40201"])},
        since_4_4=RST_BEFORE_SYN_SPLIT),

    # The server's final ACK of the client's FIN is written just before that
    # FIN, same timestamp: the highest ACK the server sent when the FIN is
    # seen counts, so the FIN is acknowledged and the close is graceful, the
    # server holding TIME_WAIT (where that ACK put it).
    "ack_before_fin_same_time": dict(streams={0: dict(
        outcome="graceful", conn_state="SF", initiator="server",
        experts={"close.active": "server FIN#1", "close.passive": "client FIN#1",
                 "time_wait": "client FIN#1"})}),

    # The server's RST/ACK (ack = client FIN + 1) acknowledges the FIN: no
    # fin.unacked; an RST after a FIN (Zeek: orig closed, resp reset, RSTR).
    "fin_acked_by_rst": dict(streams={0: dict(
        outcome="reset", conn_state="RSTR", initiator="client",
        states=HANDSHAKE + ["FIN_WAIT_1/ESTABLISHED", "CLOSED/CLOSED"],
        experts={"close.active": "client FIN#1", "rst.after_fin": "server RST"})}),

    # The client's ACK 1.1 ms after the RST (handshake RTT 1 ms) crossed it;
    # the client never sends again, never resends its FIN: it took the RST.
    # The ACK still shows the server's FIN arrived. Both FINs were sent (SF);
    # the RST came before the server's FIN was acknowledged: reset.
    "ack_crossing_rst": dict(streams={
        0: dict(outcome="reset", conn_state="SF", initiator="server",
                experts={"close.active": "server FIN#1", "close.simultaneous": "client FIN#1",
                         "rst.after_fin": "server RST"}),
        1: REFUSED}),

    # Windows's SYN retries after an RST: refused (REJ, rst.refused on the
    # first refusing RST); each retry puts the client in SYN_SENT again.
    "syn_retried_after_refusal": dict(since_4_4=dict(
        # Wireshark 4.4's TCP opens a new stream at each SYN after an RST:
        # every refusal is a stream of its own, the last SYN one more.
        streams={**{i: dict(REFUSED, states=["SYN_SENT/CLOSED", "CLOSED/CLOSED"], experts={"rst.refused": "server RST"})
                    for i in range(5)},
                 5: dict(outcome="unanswered", conn_state="S0", states=["SYN_SENT/CLOSED"], experts={})},
        finals={**{i: ("CLOSED", "CLOSED") for i in range(5)}, 5: ("SYN_SENT", "CLOSED")}), streams={
        0: dict(REFUSED, states=["SYN_SENT/CLOSED", "CLOSED/CLOSED"] * 3, experts={"rst.refused": "server RST#1"},
                narrative=["refused client 192.0.2.10:40241 with RST"]),
        1: dict(REFUSED, states=["SYN_SENT/CLOSED", "CLOSED/CLOSED"] * 2 + ["SYN_SENT/CLOSED"],
                experts={"rst.refused": "server RST#1"},
                narrative=["refused client 192.0.2.10:40242 with RST", "SYN again"])}),

    # SYN, SYN/ACK and its retries, no ACK ever: nothing shows the client got
    # an answer (unanswered; Zeek's OTH for orig SYN_SENT, resp SYN_ACK_SENT).
    # An hour later the Linux server (63 s) and client (127 s) timers are out.
    "synack_never_acked": dict(streams={
        0: dict(outcome="unanswered", conn_state="OTH", initiator=None,
                states=["SYN_SENT/CLOSED", "SYN_SENT/SYN_RECEIVED"], experts={},
                narrative=["handshake never completed", "server gave up"]),
        1: dict(outcome="unanswered", conn_state="OTH", initiator=None,
                states=["SYN_SENT/CLOSED", "SYN_SENT/SYN_RECEIVED"], experts={},
                narrative=["handshake never completed", "still in SYN_RECEIVED"])}),

    # The clock stepped back 2 s after the client's FIN: an ordinary
    # half-close; durations are checked never negative by check_consistency.
    "timestamps_backwards": dict(streams={0: HALF_CLOSE}),

    # Every client packet carries an atomic IPv6 Fragment header: all of
    # them must be followed, and the close is an ordinary graceful one.
    "ipv6_atomic_fragments": dict(streams={0: GRACEFUL_CLIENT}),

    # rpcap frames carry another connection's TCP headers, which Wireshark
    # dissects after the outer TCP: the outer segment is the one on this
    # link, and the carried connection is no conversation of this capture.
    "rpcap_tunnel": dict(streams={0: GRACEFUL_CLIENT}),

    # RST at the client's last ACK, 300 bytes behind its RCV.NXT: Linux
    # (RFC 5961) does not take it; the connection goes on to a graceful close.
    "rst_at_stale_ack": dict(streams={0: dict(
        GRACEFUL_CLIENT,
        experts=dict(GRACEFUL_CLIENT["experts"], **{"rst.out_of_window": "server RST"}))}),

    # RST in the window but not at RCV.NXT: Linux answers a challenge ACK and
    # keeps the connection, which closes gracefully.
    "rst_in_window_not_exact": dict(streams={0: dict(
        GRACEFUL_CLIENT,
        experts=dict(GRACEFUL_CLIENT["experts"], **{"rst.out_of_window": "server RST"}))}),
}

# Scenarios whose fix is not in yet, with who owns it. run_corpus.py reports
# them as xfail while they fail, and fails once one passes, so that its
# entry is removed and the scenario guards the fix from then on.
EXPECTED_FAILING = {
}
