# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-2 0      0      192.0.2.1:42049 198.51.100.1:8206
	 ts sack bbr wscale:10,10 rto:204 rtt:0.099/0.072 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:13 bytes_sent:200 bytes_acked:202 bytes_received:2300 segs_out:10 segs_in:7 data_segs_out:2 data_segs_in:5 bbr:(bw:413714088bps,mrtt:0.028,pacing_gain:2.88672,cwnd_gain:2.88672) send 1521131313bps lastsnd:4380 lastrcv:4216 lastack:4216 pacing_rate 3805211680bps delivery_rate 413714280bps delivered:4 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.028 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN   0      16     198.51.100.1:8206   0.0.0.0:*    
	 bbr cwnd:10
LAST-ACK 0      1      198.51.100.1:8206 192.0.2.1:42049 timer:(on,2.424ms,4)
	 ts sack bbr wscale:10,10 rto:3264 backoff:4 rtt:3.667/7.223 ato:52 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:2300 bytes_acked:2300 bytes_received:201 segs_out:12 segs_in:10 data_segs_out:5 data_segs_in:2 send 3158986bps lastsnd:4232 lastrcv:4396 lastack:4232 pacing_rate 7356744560bps delivery_rate 1053090904bps delivered:6 app_limited busy:4228ms unacked:1 retrans:1/5 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.011 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42049 }
#   	}
#   
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8206 }
#   	}
#   
#   	set once1 {
#   		type inet_service
#   		flags dynamic
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42049 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8206 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8206 tcp flags & fin == fin counter packets 6 bytes 312 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
