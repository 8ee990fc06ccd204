# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-1 0      1      192.0.2.1:42045 198.51.100.1:8206 timer:(on,3.056ms,4)
	 ts sack bbr wscale:10,10 rto:3328 backoff:4 rtt:5.283/10.466 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:200 bytes_acked:201 bytes_received:300 segs_out:11 segs_in:4 data_segs_out:2 data_segs_in:1 bbr:(bw:724000000bps,mrtt:0.016,pacing_gain:2.88672,cwnd_gain:2.88672) send 2192694bps lastsnd:3540 lastrcv:3572 lastack:3496 pacing_rate 4662725368bps delivery_rate 724000000bps delivered:3 app_limited busy:3540ms unacked:1 retrans:1/5 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.016 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8206   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8206 192.0.2.1:42045
	 ts sack bbr wscale:10,10 rto:204 rtt:0.032/0.018 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:300 bytes_acked:300 bytes_received:200 segs_out:3 segs_in:5 data_segs_out:1 data_segs_in:2 bbr:(bw:1448000000bps,mrtt:0.008,pacing_gain:2.88672,cwnd_gain:2.88672) send 3982000000bps lastsnd:3632 lastrcv:3600 lastack:3600 pacing_rate 9195929712bps delivery_rate 1448000000bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.008 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42045 }
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
#   		tcp sport 42045 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8206 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 42045 tcp flags & fin == fin counter packets 6 bytes 312 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
