# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     [2001:db8:2::1]:8302            [::]:*    
	 bbr cwnd:10
ESTAB  0      0      [2001:db8:2::1]:8302 [2001:db8:1::1]:43502
	 ts sack bbr wscale:10,10 rto:204 rtt:0.024/0.013 ato:40 mss:1428 pmtu:1500 rcvmss:536 advmss:1428 cwnd:11 bytes_sent:1200 bytes_acked:1200 bytes_received:300 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:1631999896bps,mrtt:0.007,pacing_gain:2.88672,cwnd_gain:2.88672) send 5236000000bps lastsnd:4028 lastrcv:4028 lastack:4028 pacing_rate 12091886128bps delivery_rate 1632000000bps delivered:2 app_limited rcv_space:14280 rcv_ssthresh:64108 minrtt:0.007 snd_wnd:68608
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set flows {
#   		type inet_service
#   		size 65535
#   		flags dynamic,timeout
#   		timeout 2s
#   	}
#   
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 43502 tcp flags syn / syn,ack update @flows { tcp sport }
#   		tcp sport 43502 tcp sport != @flows counter packets 1 bytes 272 reject with tcp reset
#   		tcp sport 43502 update @flows { tcp sport }
#   		tcp dport 43502 tcp dport != @flows counter packets 0 bytes 0 drop
#   		tcp dport 43502 update @flows { tcp dport }
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
# driver: what the applications saw (connections in SYN order)
#   conn 0 [2001:db8:1::1]:43502 -> [2001:db8:2::1]:8302: router keeps a flow table with a 2 s idle timeout; after 3 s idle the client's next request meets "reject with tcp reset": the router answers it with an RST in the server's name; the server sees nothing
#     errno: client send(request, 200): returned 200
#     errno: client recv(): ECONNRESET after 0.00 s (0 bytes read)
# driver marks (CLOCK_REALTIME)
#   1796183513.692202 client: send(request, 200): returned 200
#   1796183513.692315 client: recv(): ECONNRESET after 0.00 s (0 bytes read)
