# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
CLOSING 1      1      192.0.2.1:42042 198.51.100.1:8205 timer:(on,956ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.07/0.034 ato:40 mss:1448 pmtu:1500 rcvmss:1448 advmss:1448 cwnd:1 bytes_sent:1548 bytes_acked:1549 bytes_received:1749 segs_out:12 segs_in:5 data_segs_out:2 data_segs_in:2 send 165485714bps lastsnd:2364 lastrcv:2364 lastack:2356 pacing_rate 4473695584bps delivery_rate 643555552bps delivered:3 app_limited busy:2364ms unacked:1 retrans:1/4 lost:1 rcv_rtt:1 rcv_space:14480 rcv_ssthresh:67408 minrtt:0.018 snd_wnd:68608
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN  0      16     198.51.100.1:8205   0.0.0.0:*    
	 bbr cwnd:10
CLOSING 1      1      198.51.100.1:8205 192.0.2.1:42042 timer:(on,748ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:1.029/2.008 ato:40 mss:1448 pmtu:1500 rcvmss:1448 advmss:1448 cwnd:1 bytes_sent:1748 bytes_acked:1748 bytes_received:1549 segs_out:9 segs_in:7 data_segs_out:2 data_segs_in:2 send 11257532bps lastsnd:2380 lastrcv:2380 lastack:2356 pacing_rate 9458671576bps delivery_rate 1053090904bps delivered:3 app_limited busy:2380ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:68432 minrtt:0.011 snd_wnd:67584
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42042 }
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
#   		tcp sport 42042 tcp sport @fin_c counter packets 5 bytes 260 drop
#   		tcp sport 8205 tcp sport @fin_s counter packets 5 bytes 260 drop
#   		tcp sport 42042 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8205 tcp flags & fin == fin add @fin_s { tcp sport }
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc tbf 8033: dev rc root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
#   qdisc tbf 8034: dev rs root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
