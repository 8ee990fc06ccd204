# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8311 0.0.0.0:*
	 bbr cwnd:10
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
#   conn 0 192.0.2.1:43011 -> 198.51.100.1:8311: one request/response, then a second request whose long response (1000 bytes every 30 ms) the server aborts with SO_LINGER {1,0} after 4 writes
#     errno: server close() with SO_LINGER {1,0} mid-response: ok
#     errno: client recv(): ECONNRESET after 0.00 s (4000 bytes read)
# driver marks (CLOCK_REALTIME)
#   1796183542.019623 server: close() with SO_LINGER {1,0} mid-response: ok
#   1796183542.019749 client: recv(): ECONNRESET after 0.00 s (4000 bytes read)
