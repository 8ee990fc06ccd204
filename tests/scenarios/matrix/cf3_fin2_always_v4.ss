# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-2 0      0      192.0.2.1:42014 198.51.100.1:8202 timer:(timewait,57sec,0)
	
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN   0      16     198.51.100.1:8202   0.0.0.0:*    
	 bbr cwnd:10
LAST-ACK 0      1      198.51.100.1:8202 192.0.2.1:42014 timer:(on,788ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.032/0.015 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:300 bytes_acked:300 bytes_received:101 segs_out:8 segs_in:6 data_segs_out:1 data_segs_in:1 send 362000000bps lastsnd:2560 lastrcv:2564 lastack:2320 pacing_rate 9736867800bps delivery_rate 526545448bps delivered:2 app_limited busy:2532ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.022 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42014 }
#   	}
#   
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8202 }
#   	}
#   
#   	set once1 {
#   		type inet_service
#   		flags dynamic
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42014 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8202 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8202 tcp flags & fin == fin counter packets 5 bytes 260 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
