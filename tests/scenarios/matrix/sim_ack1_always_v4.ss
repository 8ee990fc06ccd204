# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
CLOSING 1      1      192.0.2.1:42037 198.51.100.1:8205 timer:(on,928ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.082/0.044 ato:40 mss:1448 pmtu:1500 rcvmss:1448 advmss:1448 cwnd:1 bytes_sent:1548 bytes_acked:1549 bytes_received:1749 segs_out:13 segs_in:6 data_segs_out:2 data_segs_in:2 send 141268293bps lastsnd:2380 lastrcv:2380 lastack:2356 pacing_rate 3894747120bps delivery_rate 681411760bps delivered:3 app_limited busy:2380ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:67408 minrtt:0.017 snd_wnd:68608
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN    0      16     198.51.100.1:8205   0.0.0.0:*    
	 bbr cwnd:10
TIME-WAIT 0      0      198.51.100.1:8205 192.0.2.1:42037 timer:(timewait,59sec,0)
	
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42037 }
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
#   		tcp sport 42037 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8205 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8205 meta length < 160 tcp flags == ack tcp dport @fin_c counter packets 5 bytes 260 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc tbf 8029: dev rc root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
#   qdisc tbf 802a: dev rs root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
