# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-1 0      1      192.0.2.1:41009 198.51.100.1:8109 timer:(on,756ms,3)
	 ts sack bbr wscale:10,10 rto:1632 backoff:3 rtt:0.048/0.026 ato:40 mss:1448 pmtu:1500 rcvmss:1200 advmss:1448 cwnd:1 bytes_sent:300 bytes_acked:301 bytes_received:1200 segs_out:9 segs_in:3 data_segs_out:1 data_segs_in:1 bbr:(bw:681411720bps,mrtt:0.017,pacing_gain:2.88672,cwnd_gain:2.88672) send 241333333bps lastsnd:2556 lastrcv:2556 lastack:2556 pacing_rate 6246292024bps delivery_rate 681411760bps delivered:2 app_limited busy:2556ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 rcv_ssthresh:67408 minrtt:0.017 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     198.51.100.1:8109   0.0.0.0:*    
	 bbr cwnd:10
ESTAB  0      0      198.51.100.1:8109 192.0.2.1:41009
	 ts sack bbr wscale:10,10 rto:204 rtt:0.021/0.012 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:1200 bytes_acked:1200 bytes_received:300 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:2316799856bps,mrtt:0.005,pacing_gain:2.88672,cwnd_gain:2.88672) send 6067809524bps lastsnd:2592 lastrcv:2592 lastack:2592 pacing_rate 13793895552bps delivery_rate 2316800000bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.005 snd_wnd:67584
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   		ip saddr 192.0.2.1 tcp flags & fin == fin counter packets 5 bytes 260 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
