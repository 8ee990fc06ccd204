# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
CLOSING 1      1      [2001:db8:1::1]:42542 [2001:db8:2::1]:8205 timer:(on,928ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.08/0.034 ato:40 mss:1428 pmtu:1500 rcvmss:1428 advmss:1428 cwnd:1 bytes_sent:1528 bytes_acked:1529 bytes_received:1729 segs_out:12 segs_in:5 data_segs_out:2 data_segs_in:2 send 142800000bps lastsnd:2376 lastrcv:2376 lastack:2364 pacing_rate 3668324544bps delivery_rate 634666664bps delivered:3 app_limited busy:2376ms unacked:1 retrans:1/4 lost:1 rcv_space:14280 rcv_ssthresh:68392 minrtt:0.018 snd_wnd:67584
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN  0      16     [2001:db8:2::1]:8205            [::]:*    
	 bbr cwnd:10
CLOSING 1      1      [2001:db8:2::1]:8205 [2001:db8:1::1]:42542 timer:(on,660ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:1.561/3.067 ato:40 mss:1428 pmtu:1500 rcvmss:1428 advmss:1428 cwnd:1 bytes_sent:1728 bytes_acked:1728 bytes_received:1529 segs_out:9 segs_in:7 data_segs_out:2 data_segs_in:2 send 7318386bps lastsnd:2452 lastrcv:2452 lastack:2424 pacing_rate 8371306224bps delivery_rate 1142400000bps delivered:3 app_limited busy:2452ms unacked:1 retrans:1/4 lost:1 rcv_space:14280 rcv_ssthresh:67368 minrtt:0.01 snd_wnd:68608
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42542 }
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
#   		tcp sport 42542 tcp sport @fin_c counter packets 5 bytes 360 drop
#   		tcp sport 8205 tcp sport @fin_s counter packets 5 bytes 360 drop
#   		tcp sport 42542 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8205 tcp flags & fin == fin add @fin_s { tcp sport }
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc tbf 8035: dev rc root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
#   qdisc tbf 8036: dev rs root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
