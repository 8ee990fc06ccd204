# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-1 0      1      192.0.2.1:42012 198.51.100.1:8202 timer:(on,3.044ms,4)
	 ts sack bbr wscale:10,10 rto:3264 backoff:4 rtt:0.063/0.035 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:100 bytes_acked:101 bytes_received:300 segs_out:10 segs_in:3 data_segs_out:1 data_segs_in:1 bbr:(bw:643555168bps,mrtt:0.018,pacing_gain:2.88672,cwnd_gain:2.88672) send 183873016bps lastsnd:3580 lastrcv:3580 lastack:3580 pacing_rate 4729335784bps delivery_rate 643555552bps delivered:2 app_limited busy:3548ms unacked:1 retrans:1/5 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.018 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8202   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8202 192.0.2.1:42012
	 ts sack bbr wscale:10,10 rto:204 rtt:0.026/0.014 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:300 bytes_acked:300 bytes_received:100 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:965333096bps,mrtt:0.012,pacing_gain:2.88672,cwnd_gain:2.88672) send 4900923077bps lastsnd:3620 lastrcv:3620 lastack:3620 pacing_rate 11415637016bps delivery_rate 965333328bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.012 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42012 }
#   	}
#   
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   	}
#   
#   	set once1 {
#   		type inet_service
#   		flags dynamic
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42012 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8202 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 42012 tcp flags & fin == fin counter packets 6 bytes 312 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
