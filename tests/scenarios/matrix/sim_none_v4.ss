# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
TIME-WAIT 0      0      192.0.2.1:42033 198.51.100.1:8205 timer:(timewait,59sec,0)
	
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN    0      16     198.51.100.1:8205   0.0.0.0:*    
	 bbr cwnd:10
TIME-WAIT 0      0      198.51.100.1:8205 192.0.2.1:42033 timer:(timewait,59sec,0)
	
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc tbf 801f: dev rc root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
#   qdisc tbf 8020: dev rs root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
