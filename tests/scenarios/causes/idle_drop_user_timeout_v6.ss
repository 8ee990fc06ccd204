# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     [2001:db8:2::1]:8303            [::]:*    
	 bbr cwnd:10
ESTAB  0      0      [2001:db8:2::1]:8303 [2001:db8:1::1]:43503
	 ts sack bbr wscale:10,10 rto:204 rtt:0.023/0.013 ato:40 mss:1428 pmtu:1500 rcvmss:536 advmss:1428 cwnd:11 bytes_sent:1200 bytes_acked:1200 bytes_received:300 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:1631999896bps,mrtt:0.007,pacing_gain:2.88672,cwnd_gain:2.88672) send 5463652174bps lastsnd:10864 lastrcv:10864 lastack:10864 pacing_rate 12556959344bps delivery_rate 1632000000bps delivered:2 app_limited rcv_space:14280 rcv_ssthresh:64108 minrtt:0.007 snd_wnd:68608
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set flows {
#   		type inet_service
#   		size 65535
#   		flags dynamic,timeout
#   		timeout 2s
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 43503 tcp flags syn / syn,ack update @flows { tcp sport }
#   		tcp sport 43503 tcp sport != @flows counter packets 6 bytes 1632 drop
#   		tcp sport 43503 update @flows { tcp sport }
#   		tcp dport 43503 tcp dport != @flows counter packets 0 bytes 0 drop
#   		tcp dport 43503 update @flows { tcp dport }
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
# driver: what the applications saw (connections in SYN order)
#   conn 0 [2001:db8:1::1]:43503 -> [2001:db8:2::1]:8303: client TCP_USER_TIMEOUT 3000 ms; router forgets the flow after 2 s idle and drops it silently; after 3 s idle the client's request is retransmitted until the kernel gives up
#     errno: client send(request, 200): returned 200
#     errno: client recv(): ETIMEDOUT after 3.43 s (0 bytes read)
# driver marks (CLOCK_REALTIME)
#   1796183513.946068 client: send(request, 200): returned 200
#   1796183517.372676 client: recv(): ETIMEDOUT after 3.43 s (0 bytes read)
