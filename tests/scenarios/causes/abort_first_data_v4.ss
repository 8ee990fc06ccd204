# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8310 0.0.0.0:*
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
#   conn 0 192.0.2.1:43010 -> 198.51.100.1:8310: client sends its first request and close()s with SO_LINGER {1,0} before any answer
#     errno: client close() with SO_LINGER {1,0}: ok
#     errno: server recv(): ECONNRESET after 0.00 s (0 bytes read)
# driver marks (CLOCK_REALTIME)
#   1796184506.395045 client: close() with SO_LINGER {1,0}: ok
#   1796184506.395176 server: recv(): ECONNRESET after 0.00 s (0 bytes read)
