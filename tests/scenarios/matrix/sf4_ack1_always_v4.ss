# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN    0      16     198.51.100.1:8203   0.0.0.0:*    
	 bbr cwnd:10
TIME-WAIT 0      0      198.51.100.1:8203 192.0.2.1:42021 timer:(timewait,57sec,0)
	
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42021 }
#   	}
#   
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8203 }
#   	}
#   
#   	set once1 {
#   		type inet_service
#   		flags dynamic
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42021 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8203 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 42021 meta length < 160 tcp flags == ack tcp dport @fin_s counter packets 2 bytes 116 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
