# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-2 0      0      192.0.2.1:42007 198.51.100.1:8201 timer:(timewait,57sec,0)
	
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN   0      16     198.51.100.1:8201   0.0.0.0:*    
	 bbr cwnd:10
LAST-ACK 0      1      198.51.100.1:8201 192.0.2.1:42007 timer:(on,884ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.03/0.017 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:300 bytes_acked:300 bytes_received:101 segs_out:8 segs_in:5 data_segs_out:1 data_segs_in:1 send 386133333bps lastsnd:2712 lastrcv:2712 lastack:2680 pacing_rate 9736867800bps delivery_rate 1287111104bps delivered:2 app_limited busy:2432ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.009 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42007 }
#   	}
#   
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8201 }
#   	}
#   
#   	set once1 {
#   		type inet_service
#   		flags dynamic
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42007 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8201 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8201 tcp flags & fin == fin counter packets 5 bytes 260 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
