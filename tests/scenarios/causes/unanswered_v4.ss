# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8312 0.0.0.0:*
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
#   conn 0 192.0.2.1:43012 -> 198.51.100.1:8312: client TCP_SYNCNT 2; the server host drops every SYN in its input hook (after its capture point)
#     errno: client connect(): ETIMEDOUT after 7.14 s
# driver marks (CLOCK_REALTIME)
#   1796183549.547571 client: connect(): ETIMEDOUT after 7.14 s
