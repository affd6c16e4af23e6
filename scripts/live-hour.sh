#!/usr/bin/env bash
# The live demo measured: one live hour of the demo on other ports, queried every 5 minutes as a dashboard would, then SIGINT.
cd "$(dirname "$0")/.."
LOG=/tmp/live-hour; mkdir -p $LOG; rm -f $LOG/* /tmp/live-ready
node pkg/cli/bin.mjs demo --port 18545 --endpoints-port 18546 --write-config $LOG/settings.json --ready-file /tmp/live-ready > $LOG/demo.log 2>&1 &
DEMO=$!
echo "demo pid $DEMO started $(date -u +%T)" > $LOG/run.log
until [ -f /tmp/live-ready ]; do sleep 5; kill -0 $DEMO 2>/dev/null || { echo "demo died" >> $LOG/run.log; exit 1; }; done
echo "ready $(date -u +%T)" >> $LOG/run.log
START=$(date +%s)
i=0
while [ $(( $(date +%s) - START )) -lt 3720 ]; do
  t0=$(date +%s.%N)
  node pkg/cli/bin.mjs kpis --config $LOG/settings.json --from now-1h --to now --json > $LOG/kpis-$i.json 2> $LOG/kpis-$i.err
  rc=$?
  t1=$(date +%s.%N)
  anvil=$(pgrep -f "anvil.*18545" | head -1)
  rss=$(grep VmRSS /proc/$anvil/status 2>/dev/null | awk '{print $2}')
  summary=$(node -e '
    const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
    const k=r.kpis??r; const list=Array.isArray(k)?k:Object.values(k);
    const pick=(id)=>{const x=list.find(e=>e.id===id||e.kpi===id); return x?`${id}=${x.value===null?"null":Number(x.value).toFixed(2)}:${x.state}`:`${id}=?`};
    const errs=list.filter(e=>e.error).length;
    console.log([pick("uptime"),pick("liquidation_buffer"),pick("node_health"),"errors="+errs,"kpis="+list.length].join(" "));
  ' $LOG/kpis-$i.json 2>&1 | head -1)
  echo "$(date -u +%T) query $i rc=$rc $(echo "$t1 - $t0" | bc)s anvilRSS=${rss}kB $summary" >> $LOG/run.log
  i=$((i+1))
  sleep 300
done
echo "SIGINT $(date -u +%T)" >> $LOG/run.log
kill -INT $DEMO
for s in $(seq 1 60); do kill -0 $DEMO 2>/dev/null || break; sleep 1; done
echo "demo exited: $(kill -0 $DEMO 2>/dev/null && echo NO || echo yes) after ${s}s" >> $LOG/run.log
echo "anvil left: $(pgrep -fa 'anvil.*18545' | wc -l); endpoints left: $(ss -ltn | grep -c ':1854[56]')" >> $LOG/run.log
echo "anvil tmp entries: $(ls ~/.foundry/anvil/tmp 2>/dev/null | wc -l)" >> $LOG/run.log
tail -5 $LOG/demo.log >> $LOG/run.log
