# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
LAST-ACK 0      1      192.0.2.1:42025 198.51.100.1:8203 timer:(on,996ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.097/0.055 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:100 bytes_acked:101 bytes_received:301 segs_out:10 segs_in:4 data_segs_out:1 data_segs_in:1 send 119422680bps lastsnd:2612 lastrcv:2612 lastack:2572 pacing_rate 3037188048bps delivery_rate 579200000bps delivered:2 app_limited busy:2324ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.02 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN    0      16     198.51.100.1:8203   0.0.0.0:*    
	 bbr cwnd:10
TIME-WAIT 0      0      198.51.100.1:8203 192.0.2.1:42025 timer:(timewait,59sec,0)
	
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42025 }
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
#   		tcp sport 42025 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8203 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8203 meta length < 160 tcp flags == ack tcp dport @fin_c counter packets 5 bytes 260 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
