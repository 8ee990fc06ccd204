# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
LAST-ACK 0      1      192.0.2.1:42023 198.51.100.1:8203 timer:(on,960ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.077/0.043 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:100 bytes_acked:101 bytes_received:301 segs_out:10 segs_in:4 data_segs_out:1 data_segs_in:1 send 150441558bps lastsnd:2640 lastrcv:2640 lastack:2608 pacing_rate 3849459448bps delivery_rate 681411760bps delivered:2 app_limited busy:2360ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.017 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN     0      16     198.51.100.1:8203   0.0.0.0:*    
	 bbr cwnd:10
FIN-WAIT-2 0      0      198.51.100.1:8203 192.0.2.1:42023 timer:(timewait,57sec,0)
	
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42023 }
#   	}
#   
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8203 }
#   	}
#   
#   	set once1 {
#   		type inet_service
#   		flags dynamic
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42023 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8203 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 42023 tcp flags & fin == fin counter packets 5 bytes 260 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
