# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
TIME-WAIT 0      0      192.0.2.1:44101 198.51.100.1:443 timer:(timewait,59sec,0)
	
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:443 0.0.0.0:*
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
