# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
ESTAB 0      0      192.0.2.1:43006 198.51.100.1:8306
	 ts sack bbr wscale:10,10 rto:204 rtt:0.879/0.514 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:200 bytes_acked:201 bytes_received:400 segs_out:5 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:321777240bps,mrtt:0.036,pacing_gain:2.88672,cwnd_gain:2.88672) send 144964733bps lastsnd:680 lastrcv:680 lastack:680 pacing_rate 919591584bps delivery_rate 321777776bps delivered:2 app_limited retrans:0/1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.036 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8306   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8306 192.0.2.1:43006
	 ts sack bbr wscale:10,10 rto:204 rtt:0.029/0.016 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:400 bytes_acked:400 bytes_received:200 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:1448000000bps,mrtt:0.008,pacing_gain:2.88672,cwnd_gain:2.88672) send 4393931034bps lastsnd:724 lastrcv:724 lastack:724 pacing_rate 10345422656bps delivery_rate 1448000000bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.008 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set once1 {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 43006 }
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 43006 tcp flags & rst == rst tcp sport != @once1 add @once1 { tcp sport } counter packets 1 bytes 52 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
# driver: what the applications saw (connections in SYN order)
#   conn 0 192.0.2.1:43006 -> 198.51.100.1:8306: old connection: the client aborts it (SO_LINGER {1,0}) and the router drops that RST, so the server holds it ESTABLISHED
#     errno: client close() with SO_LINGER {1,0} (RST dropped by the router): ok
#     errno: server recv() on the old socket: ECONNRESET
#   conn 1 192.0.2.1:43006 -> 198.51.100.1:8306: new connection from the same client port: the SYN meets the stale ESTABLISHED socket
#     errno: client connect(): ok after 0.01 s
# driver marks (CLOCK_REALTIME)
#   1796183532.075362 client: close() with SO_LINGER {1,0} (RST dropped by the router): ok
#   1796183532.588799 client: connect(): ok after 0.01 s
#   1796183532.588858 server: old socket recv(): ECONNRESET
