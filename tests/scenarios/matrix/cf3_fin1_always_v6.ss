# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-1 0      1      [2001:db8:1::1]:42512 [2001:db8:2::1]:8202 timer:(on,3sec,4)
	 ts sack bbr wscale:10,10 rto:3264 backoff:4 rtt:0.105/0.059 ato:40 mss:1428 pmtu:1500 rcvmss:536 advmss:1428 cwnd:1 bytes_sent:100 bytes_acked:101 bytes_received:300 segs_out:10 segs_in:3 data_segs_out:1 data_segs_in:1 bbr:(bw:496695528bps,mrtt:0.023,pacing_gain:2.88672,cwnd_gain:2.88672) send 108800000bps lastsnd:3628 lastrcv:3628 lastack:3628 pacing_rate 2790435408bps delivery_rate 496695648bps delivered:2 app_limited busy:3596ms unacked:1 retrans:1/5 lost:1 rcv_space:14280 rcv_ssthresh:64108 minrtt:0.023 snd_wnd:64512
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN 0      16     [2001:db8:2::1]:8202            [::]:*    
	 bbr cwnd:10
ESTAB  0      0      [2001:db8:2::1]:8202 [2001:db8:1::1]:42512
	 ts sack bbr wscale:10,10 rto:204 rtt:0.047/0.026 ato:40 mss:1428 pmtu:1500 rcvmss:536 advmss:1428 cwnd:11 bytes_sent:300 bytes_acked:300 bytes_received:100 segs_out:2 segs_in:4 data_segs_out:1 data_segs_in:1 bbr:(bw:951999768bps,mrtt:0.012,pacing_gain:2.88672,cwnd_gain:2.88672) send 2673702128bps lastsnd:3744 lastrcv:3744 lastack:3744 pacing_rate 6160017272bps delivery_rate 952000000bps delivered:2 app_limited rcv_space:14280 rcv_ssthresh:64108 minrtt:0.012 snd_wnd:65536
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42512 }
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
#   		tcp sport 42512 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8202 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 42512 tcp flags & fin == fin counter packets 6 bytes 432 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
