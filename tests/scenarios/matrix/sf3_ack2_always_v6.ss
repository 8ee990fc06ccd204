# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
LAST-ACK 0      1      [2001:db8:1::1]:42532 [2001:db8:2::1]:8204 timer:(on,836ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.072/0.04 ato:40 mss:1428 pmtu:1500 rcvmss:536 advmss:1428 cwnd:1 bytes_sent:100 bytes_acked:101 bytes_received:301 segs_out:9 segs_in:4 data_segs_out:1 data_segs_in:1 send 158666667bps lastsnd:2496 lastrcv:2496 lastack:2468 pacing_rate 4132669960bps delivery_rate 476000000bps delivered:2 app_limited busy:2464ms unacked:1 retrans:1/4 lost:1 rcv_space:14280 rcv_ssthresh:64108 minrtt:0.024 snd_wnd:64512
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN    0      16     [2001:db8:2::1]:8204            [::]:*    
	 bbr cwnd:10
TIME-WAIT 0      0      [2001:db8:2::1]:8204 [2001:db8:1::1]:42532 timer:(timewait,59sec,0)
	
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42532 }
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
#   		tcp sport 42532 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8204 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8204 meta length < 160 tcp flags == ack tcp dport @fin_c counter packets 5 bytes 360 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
