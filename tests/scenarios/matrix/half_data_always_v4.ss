# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-2 0      0      192.0.2.1:42047 198.51.100.1:8206
	 ts sack bbr wscale:10,10 rto:204 rtt:0.19/0.255 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:14 bytes_sent:200 bytes_acked:202 bytes_received:300 segs_out:8 segs_in:5 data_segs_out:2 data_segs_in:2 bbr:(bw:186838528bps,mrtt:0.062,pacing_gain:2.88672,cwnd_gain:2.88672) send 853557895bps lastsnd:4396 lastrcv:4428 lastack:4240 pacing_rate 4355966600bps delivery_rate 186838704bps delivered:5 app_limited busy:8ms retrans:0/1 dsack_dups:1 rcv_space:14480 rcv_ssthresh:64088 minrtt:0.062 rcv_ooopack:1 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN   0      16     198.51.100.1:8206   0.0.0.0:*    
	 bbr cwnd:10
LAST-ACK 0      2001   198.51.100.1:8206 192.0.2.1:42047 timer:(on,2.116ms,4)
	 ts sack bbr wscale:10,10 rto:3264 backoff:4 rtt:0.051/0.046 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:1 bytes_sent:4800 bytes_retrans:2500 bytes_acked:300 bytes_received:201 segs_out:11 segs_in:8 data_segs_out:9 data_segs_in:2 send 227137255bps lastsnd:1148 lastrcv:4432 lastack:4276 pacing_rate 8488551416bps delivery_rate 724000000bps delivered:3 app_limited busy:4432ms unacked:3 retrans:1/5 lost:2 sacked:1 rcv_space:14480 rcv_ssthresh:64088 notsent:1 minrtt:0.016 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	set fin_c {
#   		type inet_service
#   		size 65535
#   		flags dynamic
#   		elements = { 42047 }
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
#   		tcp sport 42047 tcp flags & fin == fin add @fin_c { tcp sport }
#   		tcp sport 8206 tcp flags & fin == fin add @fin_s { tcp sport }
#   		tcp sport 8206 meta length > 160 tcp dport @fin_c counter packets 7 bytes 4812 drop
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
