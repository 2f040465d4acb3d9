#!/usr/bin/env bash
# Time to first byte of the console's conversation list with 10,000 conversations in the demo
# workspace, through the gateway, signed in as the demo owner. Starts the product from this
# checkout's Release build on a throw-away data folder, adds the conversations with SQL (the
# Agent's own tables, as its inbound recorder writes them; a tenth of the contacts with a lead,
# a twentieth of the conversations unanswered, one contact in fifty opted out), then asks for
# the list page and each filter $REQUESTS times with curl and prints the median and the 95th
# percentile.
# Usage: bench/ConsoleBench/conversation-list-ttfb.sh [requests]   (after dotnet build -c Release)
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-50}
port=${GATEWAY_PORT:-18480}
data=$(mktemp -d /tmp/console-bench.XXXXXX)
log="$data/apphost.log"
: >"$log"
dotnet run --project AppHost -c Release --no-build -- --data-dir "$data" --gateway-port "$port" >"$log" 2>&1 &
apphost=$!
trap 'kill -TERM $apphost 2>/dev/null; wait $apphost 2>/dev/null || true' EXIT
until grep -q "Messaging is running" "$log"; do
  kill -0 $apphost 2>/dev/null || { echo "The AppHost exited; see $log" >&2; exit 1; }
  sleep 1
done
base="http://127.0.0.1:$port"
pg=$(grep -E "^\s+postgres\s" "$log" | grep -oE "tcp://[^ ]+:[0-9]+" | head -1 | sed 's|tcp://||')
export PGPASSWORD=$(cat "$data/postgres/postgres.password")
psql_() { psql -h "${pg%:*}" -p "${pg#*:}" -U postgres -d messaging -v ON_ERROR_STOP=1 -qtA "$@"; }
workspace=$(psql_ -c "SELECT id FROM tenancy.workspaces WHERE slug = 'cafe-aurora'")
channel=$(psql_ -c "SELECT id FROM tenancy.channels WHERE workspace_id = '$workspace' AND provider = 'meta'")
psql_ <<SQL
INSERT INTO agent.contacts (id, workspace_id, channel_id, phone, profile_name, created_at)
SELECT gen_random_uuid(), '$workspace', '$channel', '3161' || lpad(g::text, 7, '0'), 'Customer ' || g, now() FROM generate_series(1, 10000) g;
INSERT INTO agent.conversations (id, workspace_id, channel_id, contact_id, state, last_inbound_at, last_message_at, created_at)
SELECT gen_random_uuid(), workspace_id, channel_id, id, CASE WHEN random() < 0.1 THEN 'needs_human' ELSE 'bot' END,
       now() - random() * interval '3 days', now() - random() * interval '3 days', now()
FROM agent.contacts WHERE workspace_id = '$workspace' AND phone LIKE '3161%';
-- Leads (every tenth contact), as the lead capture writes them: on the contact and as a lead record.
UPDATE agent.contacts SET lead_name = profile_name, lead_email = 'customer' || substr(phone, 5) || '@example.com', lead_captured_at = now()
WHERE workspace_id = '$workspace' AND phone LIKE '3161%' AND substr(phone, 5)::int % 10 = 0;
INSERT INTO agent.leads (workspace_id, contact_id, conversation_id, email, email_key, name, interest, interest_key, created_at, updated_at)
SELECT c.workspace_id, c.id, v.id, c.lead_email, lower(c.lead_email), c.lead_name, NULL, '', now(), now()
FROM agent.contacts c JOIN agent.conversations v ON v.contact_id = c.id
WHERE c.workspace_id = '$workspace' AND c.phone LIKE '3161%' AND c.lead_email IS NOT NULL;
-- Opted out (every fiftieth contact).
UPDATE agent.contacts SET opted_out_at = now() - interval '1 day', opt_out_text = 'STOP'
WHERE workspace_id = '$workspace' AND phone LIKE '3161%' AND substr(phone, 5)::int % 50 = 7;
-- Unanswered (one conversation in twenty), with a reason as the Agent records it.
UPDATE agent.conversations v SET unanswered_at = v.last_message_at, unanswered_code = 'no_credits',
       unanswered_reason = 'No credits left for an AI reply.', unanswered_turn_id = 'turn-bench-' || v.id
FROM agent.contacts c WHERE v.contact_id = c.id AND c.workspace_id = '$workspace' AND c.phone LIKE '3161%' AND substr(c.phone, 5)::int % 20 = 3;
ANALYZE agent.contacts; ANALYZE agent.conversations; ANALYZE agent.leads;
SQL
echo "conversations in the demo workspace: $(psql_ -c "SELECT count(*) FROM agent.conversations WHERE workspace_id = '$workspace'")," \
  "unanswered: $(psql_ -c "SELECT count(*) FROM agent.conversations WHERE workspace_id = '$workspace' AND unanswered_at IS NOT NULL")," \
  "opted out: $(psql_ -c "SELECT count(*) FROM agent.contacts WHERE workspace_id = '$workspace' AND opted_out_at IS NOT NULL")," \
  "leads: $(psql_ -c "SELECT count(*) FROM agent.leads WHERE workspace_id = '$workspace'")"

jar="$data/cookies"
form=$(curl -s -c "$jar" "$base/admin/account/sign-in")
token=$(grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' <<<"$form" | sed -E 's/.*value="([^"]+)"/\1/')
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "Email=owner@cafe-aurora.demo" \
  --data-urlencode "Password=$(cat "$data/demo-login.password")" --data-urlencode "__RequestVerificationToken=$token" "$base/admin/account/sign-in"

measure() {
  local url=$1
  for _ in 1 2 3 4 5; do curl -s -o /dev/null -b "$jar" "$url"; done   # warm-up
  for _ in $(seq "$requests"); do
    curl -s -o /dev/null -b "$jar" -w "%{http_code} %{time_starttransfer}\n" "$url"
  done >"$data/times"
  echo "  answers: $(cut -d' ' -f1 "$data/times" | sort | uniq -c | tr -s ' ' | tr '\n' ' ')"
  awk '{ print $2 * 1000 }' "$data/times" | sort -n | awk '
    { v[NR] = $1 } END { printf "  median %.1f ms, p95 %.1f ms, max %.1f ms (%d requests)\n", v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.5)], v[NR], NR }'
}
echo "first page (50 newest):"; measure "$base/admin/w/cafe-aurora/conversations"
echo "needs a human:"; measure "$base/admin/w/cafe-aurora/conversations?state=needs_human"
echo "search by number:"; measure "$base/admin/w/cafe-aurora/conversations?q=31610042"
echo "unanswered:"; measure "$base/admin/w/cafe-aurora/conversations?show=unanswered"
echo "opted out:"; measure "$base/admin/w/cafe-aurora/conversations?show=opted_out"
echo "search by lead email:"; measure "$base/admin/w/cafe-aurora/conversations?q=customer0004200%40example"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
