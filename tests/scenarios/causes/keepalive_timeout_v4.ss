# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8304   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8304 192.0.2.1:43004
	 ts sack bbr wscale:10,10 rto:204 rtt:0.027/0.015 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:1200 bytes_acked:1200 bytes_received:300 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:1654857040bps,mrtt:0.007,pacing_gain:2.88672,cwnd_gain:2.88672) send 4719407407bps lastsnd:5624 lastrcv:5624 lastack:5624 pacing_rate 11035116840bps delivery_rate 1654857136bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.007 snd_wnd:67584
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set flows {
#   		type inet_service
#   		size 65535
#   		flags dynamic,timeout
#   		timeout 800ms
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 43004 tcp flags syn / syn,ack update @flows { tcp sport }
#   		tcp sport 43004 tcp sport != @flows counter packets 4 bytes 208 drop
#   		tcp sport 43004 update @flows { tcp sport }
#   		tcp dport 43004 tcp dport != @flows counter packets 0 bytes 0 drop
#   		tcp dport 43004 update @flows { tcp dport }
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
# driver: what the applications saw (connections in SYN order)
#   conn 0 192.0.2.1:43004 -> 198.51.100.1:8304: client SO_KEEPALIVE idle 1 s, interval 1 s, count 3; router forgets the flow after 0.8 s idle and drops both ways; the probes go unanswered
#     errno: client recv(): ETIMEDOUT after 4.10 s (0 bytes read)
# driver marks (CLOCK_REALTIME)
#   1796183522.212162 client: recv(): ETIMEDOUT after 4.10 s (0 bytes read)
