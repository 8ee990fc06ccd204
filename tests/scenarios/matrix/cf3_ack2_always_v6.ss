# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
TIME-WAIT 0      0      [2001:db8:1::1]:42516 [2001:db8:2::1]:8202 timer:(timewait,59sec,0)
	
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN   0      16     [2001:db8:2::1]:8202            [::]:*    
	 bbr cwnd:10
LAST-ACK 0      1      [2001:db8:2::1]:8202 [2001:db8:1::1]:42516 timer:(on,832ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.045/0.025 ato:40 mss:1428 pmtu:1500 rcvmss:536 advmss:1428 cwnd:1 bytes_sent:300 bytes_acked:300 bytes_received:101 segs_out:7 segs_in:5 data_segs_out:1 data_segs_in:1 send 253866667bps lastsnd:2528 lastrcv:2528 lastack:2488 pacing_rate 6529618856bps delivery_rate 816000000bps delivered:2 app_limited busy:2488ms unacked:1 retrans:1/4 lost:1 rcv_space:14280 rcv_ssthresh:64108 minrtt:0.014 snd_wnd:65536
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42516 }
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
#   		tcp sport 42516 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8202 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 42516 meta length < 160 tcp flags == ack tcp dport @fin_s counter packets 5 bytes 360 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
