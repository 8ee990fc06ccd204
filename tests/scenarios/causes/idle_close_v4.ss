# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN    0      16     198.51.100.1:8301   0.0.0.0:*    
	 bbr cwnd:10
TIME-WAIT 0      0      198.51.100.1:8301 192.0.2.1:43001 timer:(timewait,59sec,0)
	
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
# driver: what the applications saw (connections in SYN order)
#   conn 0 192.0.2.1:43001 -> 198.51.100.1:8301: request/response, then the server sits idle 3 s and close()s (its keep-alive timer); the client closes at EOF
#     errno: server close() after 3 s idle: ok
#     errno: client recv(): EOF after 0.00 s (0 bytes read)
#     errno: client close(): ok
# driver marks (CLOCK_REALTIME)
#   1796183505.439743 server: close() after 3 s idle: ok
#   1796183505.439843 client: recv(): EOF after 0.00 s (0 bytes read)
#   1796183505.439898 client: close(): ok
