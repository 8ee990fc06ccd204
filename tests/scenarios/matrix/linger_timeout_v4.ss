# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-1 0      101    192.0.2.1:42062 198.51.100.1:8213 timer:(on,200ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.057/0.032 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:500 bytes_retrans:300 bytes_acked:101 bytes_received:300 segs_out:10 segs_in:3 data_segs_out:5 data_segs_in:1 bbr:(bw:772266616bps,mrtt:0.015,pacing_gain:2.88672,cwnd_gain:2.88672) send 203228070bps lastsnd:1432 lastrcv:3164 lastack:3164 pacing_rate 5172711328bps delivery_rate 772266664bps delivered:2 app_limited busy:2900ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.015 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8213   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8213 192.0.2.1:42062
	 ts sack bbr wscale:10,10 rto:204 rtt:0.029/0.016 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:300 bytes_acked:300 bytes_received:100 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:1448000000bps,mrtt:0.008,pacing_gain:2.88672,cwnd_gain:2.88672) send 4393931034bps lastsnd:3252 lastrcv:3252 lastack:3252 pacing_rate 10031923320bps delivery_rate 1448000000bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.008 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42062 counter packets 6 bytes 712 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
