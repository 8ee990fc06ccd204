# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8302   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8302 192.0.2.1:43002
	 ts sack bbr wscale:10,10 rto:204 rtt:0.025/0.014 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:1200 bytes_acked:1200 bytes_received:300 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:1158399584bps,mrtt:0.01,pacing_gain:2.88672,cwnd_gain:2.88672) send 5096960000bps lastsnd:3744 lastrcv:3744 lastack:3744 pacing_rate 11823338480bps delivery_rate 1158400000bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.01 snd_wnd:67584
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
#   		tcp sport 43002 tcp flags syn / syn,ack update @flows { tcp sport }
#   		tcp sport 43002 tcp sport != @flows counter packets 1 bytes 252 reject with tcp reset
#   		tcp sport 43002 update @flows { tcp sport }
#   		tcp dport 43002 tcp dport != @flows counter packets 0 bytes 0 drop
#   		tcp dport 43002 update @flows { tcp dport }
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
# driver: what the applications saw (connections in SYN order)
#   conn 0 192.0.2.1:43002 -> 198.51.100.1:8302: router keeps a flow table with a 2 s idle timeout; after 3 s idle the client's next request meets "reject with tcp reset": the router answers it with an RST in the server's name; the server sees nothing
#     errno: client send(request, 200): returned 200
#     errno: client recv(): ECONNRESET after 0.00 s (0 bytes read)
# driver marks (CLOCK_REALTIME)
#   1796183505.492433 client: send(request, 200): returned 200
#   1796183505.492578 client: recv(): ECONNRESET after 0.00 s (0 bytes read)
