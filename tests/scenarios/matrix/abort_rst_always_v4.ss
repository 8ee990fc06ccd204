# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8208   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      200    198.51.100.1:8208 192.0.2.1:42058 timer:(on,676ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.035/0.019 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:1100 bytes_retrans:600 bytes_acked:300 bytes_received:100 segs_out:7 segs_in:4 data_segs_out:6 data_segs_in:1 bbr:(bw:1287111032bps,mrtt:0.009,pacing_gain:2.88672,cwnd_gain:2.88672) send 330971429bps lastsnd:956 lastrcv:2952 lastack:2952 pacing_rate 8488551416bps delivery_rate 1287111104bps delivered:2 app_limited busy:2620ms unacked:1 retrans:1/3 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.009 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   	}
#   
#   	set fin_s {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   	}
#   
#   	set once1 {
#   		type inet_service
#   		flags dynamic
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 42058 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8208 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp flags & rst == rst counter packets 6 bytes 252 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
