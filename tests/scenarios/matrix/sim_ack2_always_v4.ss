# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
TIME-WAIT 0      0      192.0.2.1:42041 198.51.100.1:8205 timer:(timewait,59sec,0)
	
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN  0      16     198.51.100.1:8205   0.0.0.0:*    
	 bbr cwnd:10
CLOSING 1      1      198.51.100.1:8205 192.0.2.1:42041 timer:(on,684ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:1.051/1.998 ato:40 mss:1448 pmtu:1500 rcvmss:1448 advmss:1448 cwnd:1 bytes_sent:1748 bytes_acked:1748 bytes_received:1549 segs_out:9 segs_in:7 data_segs_out:2 data_segs_in:2 send 11021884bps lastsnd:2428 lastrcv:2428 lastack:2408 pacing_rate 5339571832bps delivery_rate 203228064bps delivered:3 app_limited busy:2428ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:68432 minrtt:0.057 snd_wnd:67584
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42041 }
#   	}
#   
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8205 }
#   	}
#   
#   	set once1 {
#   		type inet_service
#   		flags dynamic
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42041 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8205 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 42041 meta length < 160 tcp flags == ack tcp dport @fin_s counter packets 5 bytes 272 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc tbf 8031: dev rc root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
#   qdisc tbf 8032: dev rs root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
