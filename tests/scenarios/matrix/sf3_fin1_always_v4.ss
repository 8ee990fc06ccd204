# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
ESTAB 0      0      192.0.2.1:42028 198.51.100.1:8204
	 ts sack bbr wscale:10,10 rto:204 rtt:0.062/0.035 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:100 bytes_acked:101 bytes_received:300 segs_out:4 segs_in:3 data_segs_out:1 data_segs_in:1 bbr:(bw:724000000bps,mrtt:0.016,pacing_gain:2.88672,cwnd_gain:2.88672) send 2055225806bps lastsnd:3596 lastrcv:3596 lastack:3596 pacing_rate 4797876024bps delivery_rate 724000000bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.016 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN     0      16     198.51.100.1:8204   0.0.0.0:*    
	 bbr cwnd:10
FIN-WAIT-1 0      1      198.51.100.1:8204 192.0.2.1:42028 timer:(on,2.996ms,4)
	 ts sack bbr wscale:10,10 rto:3264 backoff:4 rtt:0.03/0.016 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:300 bytes_acked:300 bytes_received:100 segs_out:8 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:1287111032bps,mrtt:0.009,pacing_gain:2.88672,cwnd_gain:2.88672) send 386133333bps lastsnd:3628 lastrcv:3628 lastack:3628 pacing_rate 10031923320bps delivery_rate 1287111104bps delivered:2 app_limited busy:3596ms unacked:1 retrans:1/5 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.009 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   	}
#   
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8204 }
#   	}
#   
#   	set once1 {
#   		type inet_service
#   		flags dynamic
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42028 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8204 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8204 tcp flags & fin == fin counter packets 6 bytes 312 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
