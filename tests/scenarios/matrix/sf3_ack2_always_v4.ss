# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
LAST-ACK 0      1      192.0.2.1:42032 198.51.100.1:8204 timer:(on,964ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.063/0.035 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:100 bytes_acked:101 bytes_received:301 segs_out:9 segs_in:4 data_segs_out:1 data_segs_in:1 send 183873016bps lastsnd:2376 lastrcv:2376 lastack:2340 pacing_rate 4729335784bps delivery_rate 681411760bps delivered:2 app_limited busy:2340ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.017 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN    0      16     198.51.100.1:8204   0.0.0.0:*    
	 bbr cwnd:10
TIME-WAIT 0      0      198.51.100.1:8204 192.0.2.1:42032 timer:(timewait,59sec,0)
	
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42032 }
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
#   		tcp sport 42032 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8204 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8204 meta length < 160 tcp flags == ack tcp dport @fin_c counter packets 5 bytes 260 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
