# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
ESTAB 0      0      [2001:db8:1::1]:43506 [2001:db8:2::1]:8306
	 ts sack bbr wscale:10,10 rto:204 rtt:0.877/0.515 ato:40 mss:1428 pmtu:1500 rcvmss:536 advmss:1428 cwnd:11 bytes_sent:200 bytes_acked:201 bytes_received:400 segs_out:5 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:601262904bps,mrtt:0.019,pacing_gain:2.88672,cwnd_gain:2.88672) send 143288483bps lastsnd:696 lastrcv:696 lastack:696 pacing_rate 1718320136bps delivery_rate 601263152bps delivered:2 app_limited retrans:0/1 rcv_space:14280 rcv_ssthresh:64108 minrtt:0.019 snd_wnd:64512
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     [2001:db8:2::1]:8306            [::]:*    
	 bbr cwnd:10
ESTAB  0      0      [2001:db8:2::1]:8306 [2001:db8:1::1]:43506
	 ts sack bbr wscale:10,10 rto:204 rtt:0.039/0.022 ato:40 mss:1428 pmtu:1500 rcvmss:536 advmss:1428 cwnd:11 bytes_sent:400 bytes_acked:400 bytes_received:200 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:1269333256bps,mrtt:0.009,pacing_gain:2.88672,cwnd_gain:2.88672) send 3222153846bps lastsnd:756 lastrcv:756 lastack:756 pacing_rate 7420020632bps delivery_rate 1269333328bps delivered:2 app_limited rcv_space:14280 rcv_ssthresh:64108 minrtt:0.009 snd_wnd:65536
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set once1 {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 43506 }
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 43506 tcp flags & rst == rst tcp sport != @once1 add @once1 { tcp sport } counter packets 1 bytes 72 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
# driver: what the applications saw (connections in SYN order)
#   conn 0 [2001:db8:1::1]:43506 -> [2001:db8:2::1]:8306: old connection: the client aborts it (SO_LINGER {1,0}) and the router drops that RST, so the server holds it ESTABLISHED
#     errno: client close() with SO_LINGER {1,0} (RST dropped by the router): ok
#     errno: server recv() on the old socket: ECONNRESET
#   conn 1 [2001:db8:1::1]:43506 -> [2001:db8:2::1]:8306: new connection from the same client port: the SYN meets the stale ESTABLISHED socket
#     errno: client connect(): ok after 0.01 s
# driver marks (CLOCK_REALTIME)
#   1796183532.075027 client: close() with SO_LINGER {1,0} (RST dropped by the router): ok
#   1796183532.583622 client: connect(): ok after 0.01 s
#   1796183532.583695 server: old socket recv(): ECONNRESET
