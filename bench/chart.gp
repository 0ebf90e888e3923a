# Chart of bench/run.sh's medians. Called as:
#   gnuplot -e "datafile='chart.dat'; outfile='latest.png'; rate='2000'; subtitle='...'" bench/chart.gp
# chart.dat: one line per scenario: "label" requests/s p50_ms p99_ms p50_ms_at_rate p99_ms_at_rate cpu_us_per_request

set terminal pngcairo size 1900,560 font "DejaVu Sans,11" noenhanced
set output outfile
set datafile separator whitespace

set style data histograms
set style fill solid 0.85 border -1
set boxwidth 0.8
set grid ytics lc rgb "#dddddd"
set border 3
set xtics nomirror scale 0 font ",10"
set xrange [-0.6:3.6]
set ytics nomirror
set key top left
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set bmargin 4.5

# "gateway closed" -> "gateway\nclosed", so that the labels fit under the bars
twolines(s) = (p = strstrt(s, " "), p > 0 ? s[1:p-1] . "\n" . s[p+1:] : s)

set multiplot layout 1,4 title "Breakwater: what a request costs (" . subtitle . ")" font ",13"

set title "Full speed: requests/s (higher is better)"
set style histogram clustered gap 1
plot datafile using 2:xtic(twolines(strcol(1))) notitle lc rgb "#4878a8", \
     '' using 0:2:(sprintf("%.0f", $2)) with labels offset 0,0.8 notitle

set title "Full speed: CPU per request, us (lower is better)"
plot datafile using 7:xtic(twolines(strcol(1))) notitle lc rgb "#7a9a5a", \
     '' using 0:7:(sprintf("%.0f", $7)) with labels offset 0,0.8 notitle

set title "Full speed: latency, ms (lower is better)"
set style histogram clustered gap 1
plot datafile using 3:xtic(twolines(strcol(1))) title "p50" lc rgb "#8fb8de", \
     '' using 4 title "p99" lc rgb "#2b5c8a", \
     '' using ($0 - 0.17):3:(sprintf("%.2f", $3)) with labels offset 0,0.8 font ",9" notitle, \
     '' using ($0 + 0.17):4:(sprintf("%.2f", $4)) with labels offset 0,0.8 font ",9" notitle

set title "At " . rate . " requests/s: latency, ms (lower is better)"
plot datafile using 5:xtic(twolines(strcol(1))) title "p50" lc rgb "#f2b872", \
     '' using 6 title "p99" lc rgb "#c0661a", \
     '' using ($0 - 0.17):5:(sprintf("%.2f", $5)) with labels offset 0,0.8 font ",9" notitle, \
     '' using ($0 + 0.17):6:(sprintf("%.2f", $6)) with labels offset 0,0.8 font ",9" notitle

unset multiplot
