# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
ESTAB 0      0      192.0.2.1:42019 198.51.100.1:8203
	 ts sack bbr wscale:10,10 rto:204 rtt:0.044/0.024 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:100 bytes_acked:101 bytes_received:300 segs_out:4 segs_in:3 data_segs_out:1 data_segs_in:1 bbr:(bw:1053090592bps,mrtt:0.011,pacing_gain:2.88672,cwnd_gain:2.88672) send 2896000000bps lastsnd:3736 lastrcv:3736 lastack:3736 pacing_rate 6756193136bps delivery_rate 1053090904bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.011 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN     0      16     198.51.100.1:8203   0.0.0.0:*    
	 bbr cwnd:10
FIN-WAIT-1 0      1      198.51.100.1:8203 192.0.2.1:42019 timer:(on,2.772ms,4)
	 ts sack bbr wscale:10,10 rto:3264 backoff:4 rtt:0.021/0.012 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:300 bytes_acked:300 bytes_received:100 segs_out:8 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:1654857040bps,mrtt:0.007,pacing_gain:2.88672,cwnd_gain:2.88672) send 551619048bps lastsnd:3876 lastrcv:3876 lastack:3876 pacing_rate 13793895552bps delivery_rate 1654857136bps delivered:2 app_limited busy:3844ms unacked:1 retrans:1/5 lost:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.007 snd_wnd:64512
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
#   		tcp sport 42019 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8203 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8203 tcp flags & fin == fin counter packets 6 bytes 312 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
