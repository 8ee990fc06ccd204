# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
ESTAB 0      0      192.0.2.1:41011 198.51.100.1:8111
	 ts sack bbr wscale:10,10 rto:204 rtt:0.047/0.026 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:200 bytes_acked:201 bytes_received:400 segs_out:4 segs_in:3 data_segs_out:1 data_segs_in:1 bbr:(bw:772266616bps,mrtt:0.015,pacing_gain:2.88672,cwnd_gain:2.88672) send 2711148936bps lastsnd:496 lastrcv:496 lastack:496 pacing_rate 6366412576bps delivery_rate 772266664bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.015 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8111   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8111 192.0.2.1:41011
	 ts sack bbr wscale:10,10 rto:204 rtt:0.02/0.011 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:400 bytes_acked:400 bytes_received:200 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:2316799856bps,mrtt:0.005,pacing_gain:2.88672,cwnd_gain:2.88672) send 6371200000bps lastsnd:548 lastrcv:548 lastack:548 pacing_rate 14393630056bps delivery_rate 2316800000bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.005 snd_wnd:64512
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
