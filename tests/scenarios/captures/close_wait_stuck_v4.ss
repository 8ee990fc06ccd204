# ss -tanoiH in the client namespace (192.0.2.1, 2001:db8:1::1)
FIN-WAIT-2 0      0      192.0.2.1:41008 198.51.100.1:8108 timer:(timewait,58sec,0)
	
# ss -tanoiH in the server namespace (198.51.100.1, 2001:db8:2::1)
LISTEN     0      16     198.51.100.1:8108   0.0.0.0:*    
	 bbr cwnd:10
CLOSE-WAIT 0      0      198.51.100.1:8108 192.0.2.1:41008
	 ts sack bbr wscale:10,10 rto:204 rtt:0.021/0.012 ato:40 mss:1448 pmtu:1500 rcvmss:536 advmss:1448 cwnd:11 bytes_sent:1200 bytes_acked:1200 bytes_received:301 segs_out:3 segs_in:5 data_segs_out:1 data_segs_in:1 send 6067809524bps lastsnd:1956 lastrcv:1956 lastack:1956 pacing_rate 13793895552bps delivery_rate 1930666664bps delivered:2 app_limited rcv_space:14480 rcv_ssthresh:64088 minrtt:0.006 snd_wnd:67584
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
