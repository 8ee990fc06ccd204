# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8308 0.0.0.0:*
	 bbr cwnd:10
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set once1 {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8308 }
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 8308 tcp flags syn,ack / syn,ack tcp sport != @once1 add @once1 { tcp sport } counter packets 1 bytes 60 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
# driver: what the applications saw (connections in SYN order)
#   conn 0 192.0.2.1:43008 -> 198.51.100.1:8308: client gives up during the handshake: the router drops the first SYN/ACK; the client close()s with SO_LINGER {1,0} in SYN_SENT 0.2 s later; the server retransmits its SYN/ACK
#     errno: client connect() non-blocking: EINPROGRESS
#     errno: client close() with SO_LINGER {1,0} in SYN_SENT: ok
# driver marks (CLOCK_REALTIME)
#   1796183536.939890 client: connect() non-blocking: EINPROGRESS
#   1796183537.141604 client: close() with SO_LINGER {1,0} in SYN_SENT: ok
