# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8303   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8303 192.0.2.1:43003
	 ts sack bbr wscale:10,10 rto:204 rtt:0.024/0.009 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:1200 bytes_acked:1200 bytes_received:300 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:463359552bps,mrtt:0.024,pacing_gain:2.88672,cwnd_gain:2.88672) send 5309333333bps lastsnd:10784 lastrcv:10784 lastack:10784 pacing_rate 13793895552bps delivery_rate 463360000bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.024 snd_wnd:67584
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
#   		tcp sport 43003 tcp flags syn / syn,ack update @flows { tcp sport }
#   		tcp sport 43003 tcp sport != @flows counter packets 6 bytes 1512 drop
#   		tcp sport 43003 update @flows { tcp sport }
#   		tcp dport 43003 tcp dport != @flows counter packets 0 bytes 0 drop
#   		tcp dport 43003 update @flows { tcp dport }
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
# driver: what the applications saw (connections in SYN order)
#   conn 0 192.0.2.1:43003 -> 198.51.100.1:8303: client TCP_USER_TIMEOUT 3000 ms; router forgets the flow after 2 s idle and drops it silently; after 3 s idle the client's request is retransmitted until the kernel gives up
#     errno: client send(request, 200): returned 200
#     errno: client recv(): ETIMEDOUT after 3.43 s (0 bytes read)
# driver marks (CLOCK_REALTIME)
#   1796183513.743916 client: send(request, 200): returned 200
#   1796183517.171595 client: recv(): ETIMEDOUT after 3.43 s (0 bytes read)
