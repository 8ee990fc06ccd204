# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8210 0.0.0.0:*
	 bbr cwnd:10
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 8210 }
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 8210 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 42059 meta length < 160 tcp flags == ack tcp dport @fin_s counter packets 1 bytes 52 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc tbf 8037: dev rs root refcnt 3 rate 40Kbit burst 1540b lat 5.69s 
