# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
ESTAB     0      0      192.0.2.1:41020 198.51.100.1:8115
	 ts sack bbr wscale:10,10 rto:204 rtt:0.054/0.03 ato:40 mss:1448 pmtu:1500 rcvmss:600 advmss:1448 cwnd:12 bytes_sent:250 bytes_acked:251 bytes_received:900 segs_out:6 segs_in:4 data_segs_out:2 data_segs_in:2 bbr:(bw:724000000bps,mrtt:0.016,pacing_gain:2.88672,cwnd_gain:2.88672) send 2574222222bps lastsnd:568 lastrcv:568 lastack:568 pacing_rate 6130619152bps delivery_rate 724000000bps delivered:3 app_limited rcv_space:14480 rcv_ssthresh:54784 minrtt:0.016 snd_wnd:65536
TIME-WAIT 0      0      192.0.2.1:41021 198.51.100.1:8115 timer:(timewait,59sec,0)
	                                                                                                                                                                                                                                                                                                                                                                                                                                                               
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN    0      16     198.51.100.1:8115   0.0.0.0:*    
	 bbr cwnd:10             
TIME-WAIT 0      0      198.51.100.1:8115 192.0.2.1:41024 timer:(timewait,59sec,0)
	
ESTAB     0      0      198.51.100.1:8115 192.0.2.1:41020
	 ts sack bbr wscale:10,10 rto:204 rtt:0.042/0.026 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:12 bytes_sent:900 bytes_acked:900 bytes_received:250 segs_out:3 segs_in:6 data_segs_out:2 data_segs_in:2 bbr:(bw:1930666200bps,mrtt:0.006,pacing_gain:2.88672,cwnd_gain:2.88672) send 3309714286bps lastsnd:616 lastrcv:616 lastack:616 pacing_rate 6366412576bps delivery_rate 1930666664bps delivered:3 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.006 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
