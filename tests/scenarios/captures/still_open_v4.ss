# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
ESTAB 0      0      192.0.2.1:41014 198.51.100.1:8114
	 ts sack bbr wscale:10,10 rto:204 rtt:0.044/0.027 ato:40 mss:1448 pmtu:1500 rcvmss:1200 advmss:1448 cwnd:12 bytes_sent:400 bytes_acked:401 bytes_received:2000 segs_out:6 segs_in:4 data_segs_out:2 data_segs_in:2 bbr:(bw:827428176bps,mrtt:0.014,pacing_gain:2.88672,cwnd_gain:2.88672) send 3159272727bps lastsnd:600 lastrcv:600 lastack:600 pacing_rate 6130619152bps delivery_rate 827428568bps delivered:3 app_limited rcv_space:14480 rcv_ssthresh:70304 minrtt:0.014 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8114   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8114 192.0.2.1:41014
	 ts sack bbr wscale:10,10 rto:208 rtt:5.577/11.121 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:12 bytes_sent:2000 bytes_acked:2000 bytes_received:400 segs_out:3 segs_in:6 data_segs_out:2 data_segs_in:2 bbr:(bw:2316799856bps,mrtt:0.005,pacing_gain:2.88672,cwnd_gain:2.88672) send 24925229bps lastsnd:652 lastrcv:652 lastack:604 pacing_rate 13793895552bps delivery_rate 2316800000bps delivered:3 app_limited busy:48ms rcv_space:14480 rcv_ssthresh:64088 minrtt:0.005 snd_wnd:70656
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
