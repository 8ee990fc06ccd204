# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-2 0      0      192.0.2.1:41013 198.51.100.1:8113 timer:(keepalive,384ms,0)
	 ts sack bbr wscale:10,10 rto:208 rtt:5.209/10.341 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:12 bytes_sent:300 bytes_acked:302 segs_out:7 segs_in:6 data_segs_out:1 bbr:(bw:965333096bps,mrtt:0.012,pacing_gain:2.88672,cwnd_gain:2.88672) send 26686120bps lastsnd:3892 lastrcv:3892 lastack:616 pacing_rate 6019153200bps delivery_rate 280280bps delivered:3 busy:44ms rcv_space:14480 rcv_ssthresh:64088 minrtt:0.012 snd_wnd:65536
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN     0      16     198.51.100.1:8113   0.0.0.0:*    
	 bbr cwnd:10
CLOSE-WAIT 0      0      198.51.100.1:8113 192.0.2.1:41013
	 ts sack bbr wscale:10,10 rto:204 rtt:0.024/0.012 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:10 bytes_received:301 segs_out:5 segs_in:7 data_segs_in:1 send 4826666667bps lastsnd:3944 lastrcv:3944 lastack:2744 pacing_rate 13793895552bps delivered:1 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.024 snd_wnd:64512
# router namespace: nft ruleset with drop counters
#   table inet tdgen {
#   	chain relay {
#   		type filter hook forward priority filter; policy accept;
#   	}
#   }
# router namespace: qdiscs
#   qdisc noqueue 0: dev lo root refcnt 2 
#   qdisc noqueue 0: dev rc root refcnt 2 
#   qdisc noqueue 0: dev rs root refcnt 2 
