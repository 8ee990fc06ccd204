# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8305 0.0.0.0:*
	 bbr cwnd:10
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8305 }
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 8305 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 43005 meta length < 160 tcp flags == ack tcp dport @fin_s counter packets 0 bytes 0 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc tbf 8091: dev rs root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
# driver: what the applications saw (connections in SYN order)
#   conn 0 192.0.2.1:43005 -> 198.51.100.1:8305: after 2.5 s idle the client sends its next request and the server close()s (idle timer) at once; the request waits in the router's tbf queue while the FIN crosses it; the server answers the request with RST
#     errno: client send(request, 200): returned 200
#     errno: server close() (idle timer): ok
#     errno: client recv(): EOF after 0.00 s (0 bytes read)
#     errno: client send(100): EPIPE
#     errno: client send(100) again: EPIPE
# driver marks (CLOCK_REALTIME)
#   1796183529.364284 client: send(request, 200): returned 200
#   1796183529.364346 server: close() (idle timer): ok
#   1796183529.364413 client: recv(): EOF after 0.00 s (0 bytes read)
#   1796183529.669158 client: send(100): EPIPE
#   1796183529.669178 client: send(100) again: EPIPE
