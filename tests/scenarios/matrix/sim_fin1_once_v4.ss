# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
TIME-WAIT 0      0      192.0.2.1:42034 198.51.100.1:8205 timer:(timewait,57sec,0)
	
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN    0      16     198.51.100.1:8205   0.0.0.0:*    
	 bbr cwnd:10
TIME-WAIT 0      0      198.51.100.1:8205 192.0.2.1:42034 timer:(timewait,57sec,0)
	
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42034 }
#   	}
#   
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8205 }
#   	}
#   
#   	set once1 {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42034 }
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42034 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8205 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 42034 tcp flags & fin == fin tcp sport != @once1 add @once1 { tcp sport } counter packets 1 bytes 52 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc tbf 8023: dev rc root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
#   qdisc tbf 8024: dev rs root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
