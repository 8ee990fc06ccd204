# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8212   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8212 192.0.2.1:42061
	 ts sack bbr wscale:10,10 rto:204 rtt:0.033/0.018 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:300 bytes_acked:300 bytes_received:100 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:2316799856bps,mrtt:0.005,pacing_gain:2.88672,cwnd_gain:2.88672) send 3861333333bps lastsnd:3620 lastrcv:3620 lastack:3620 pacing_rate 8947391176bps delivery_rate 2316800000bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.005 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42061 counter packets 4 bytes 608 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
