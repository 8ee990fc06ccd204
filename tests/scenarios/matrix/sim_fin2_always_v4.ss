# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-2 0      0      192.0.2.1:42039 198.51.100.1:8205 timer:(timewait,57sec,0)
	
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN  0      16     198.51.100.1:8205   0.0.0.0:*    
	 bbr cwnd:10
CLOSING 1      1      198.51.100.1:8205 192.0.2.1:42039 timer:(on,740ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:1.021/1.997 ato:40 mss:1448 pmtu:1500 rcvmss:1448 advmss:1448 cwnd:1 bytes_sent:1748 bytes_acked:1748 bytes_received:1549 segs_out:9 segs_in:7 data_segs_out:2 data_segs_in:2 send 11345739bps lastsnd:2364 lastrcv:2364 lastack:2344 pacing_rate 10679145648bps delivery_rate 1158400000bps delivered:3 app_limited busy:2364ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:68432 minrtt:0.01 snd_wnd:67584
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42039 }
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
#   		tcp sport 42039 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8205 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8205 tcp flags & fin == fin counter packets 5 bytes 260 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc tbf 802d: dev rc root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
#   qdisc tbf 802e: dev rs root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
