# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     [2001:db8:2::1]:8307            [::]:*    
	 bbr cwnd:10
ESTAB  0      0      [2001:db8:2::1]:8307 [2001:db8:1::1]:43507
	 ts sack bbr wscale:10,10 rto:204 rtt:0.029/0.015 ato:40 mss:1428 pmtu:1500 rcvmss:536 advmss:1428 cwnd:13 bytes_sent:1200 bytes_acked:1200 bytes_received:600 segs_out:4 segs_in:8 data_segs_out:3 data_segs_in:3 bbr:(bw:1269333256bps,mrtt:0.009,pacing_gain:2.88672,cwnd_gain:2.88672) send 5121103448bps lastsnd:828 lastrcv:828 lastack:828 pacing_rate 9068914104bps delivery_rate 1269333328bps delivered:4 app_limited rcv_space:14280 rcv_ssthresh:64108 minrtt:0.009 snd_wnd:65536
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		tcp sport 43507 meta length > 150 counter packets 1 bytes 272 reject with tcp reset
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
# driver: what the applications saw (connections in SYN order)
#   conn 0 [2001:db8:1::1]:43507 -> [2001:db8:2::1]:8307: busy flow (a request every 100 ms); the router starts answering the client's data with "reject with tcp reset" (RST in the server's name, toward the client only); the server sees nothing
#     errno: client send(request, 200): returned 200
#     errno: client recv(): ECONNRESET after 0.00 s (0 bytes read)
# driver marks (CLOCK_REALTIME)
#   1796183537.165930 router: reject rule added
#   1796183537.166046 client: send(request, 200): returned 200
#   1796183537.166143 client: recv(): ECONNRESET after 0.00 s (0 bytes read)
