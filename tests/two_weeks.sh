#!/usr/bin/env bash
# Builds a patient file with two weeks of logged days, using only the command line:
#   tests/two_weeks.sh BINARY OUT.ron
# The plan: 12 g a day over 6 weeks from 2026-12-01 in three doses. The days tell a
# story a clinician should see on the chart: steady at first, moderate withdrawal
# after the cut on 12-08 (a hold suggestion), one day above plan, a lot change, and
# dark urine on the last day (an urgent red flag).
set -euo pipefail
bin=${1:?usage: two_weeks.sh BINARY OUT.ron}
out=${2:?usage: two_weeks.sh BINARY OUT.ron}
"$bin" plan --start 12g --weeks 6 --start-date 2026-12-01 --doses-per-day 3 \
  --patient "Two Weeks" --clinician "Dr Ames" --out "$out" --force >/dev/null

# date, taken (3 doses), symptom level for every checklist item (0-4), extra flags
days=(
  "2026-12-01 4 4 4 0"
  "2026-12-02 4 4 4 0"
  "2026-12-03 4 4 4 1"
  "2026-12-04 4 4 4 0"
  "2026-12-05 4 4 4 0"
  "2026-12-06 4 4 4 1"
  "2026-12-07 4 4 4 0"
  "2026-12-08 3.4 3.3 3.3 1"
  "2026-12-09 3.4 3.3 3.3 2"
  "2026-12-10 4 4 3.3 2"
  "2026-12-11 3.4 3.3 3.3 2"
  "2026-12-12 3.4 3.3 3.3 1"
  "2026-12-13 3.4 3.3 3.3 1"
  "2026-12-14 3.4 3.3 3.3 1"
)
items=(muscle-aches trouble-sleeping watery-eyes-nose hot-flashes-fever loss-of-appetite diarrhoea restlessness irritability anxiety-low-mood)
for line in "${days[@]}"; do
  read -r date a b c level <<<"$line"
  lot=L-2611
  [[ $date > 2026-12-11 ]] && lot=L-2612
  args=(log "$out" --date "$date" --today "$date" --taken "${a}g@08:00" --taken "${b}g@14:00" --taken "${c}g@20:00"
        --product "Green Maeng Da" --lot "$lot" --cravings $((level * 2 + 1)) --sleep 7)
  for item in "${items[@]}"; do args+=(--symptom "$item=$level"); done
  [[ $date == 2026-12-14 ]] && args+=(--red-flag dark-urine --note "urine dark since this morning")
  "$bin" "${args[@]}" >/dev/null
done
echo "wrote $out"
