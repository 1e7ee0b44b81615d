-- demo.sql - the product in one run: load a watchlist, screen a flight, work the alert queue.
--
-- Run by test/demo/run_demo.sh on a throwaway cluster; psql variables
-- watchlist (a UN Consolidated List XML file), manifest (a PAXLST message)
-- and manifest_encoding name the inputs.  Everything uses the extension's SQL
-- surface as a data team and an analyst would: load_un_list, paxlst_passengers,
-- screen, the alert_queue view, record_decision, rescreen_changes and the BI
-- views.  Steps that need an alert are skipped, with a line saying so, when a
-- real manifest has none.
\set ON_ERROR_STOP 1
\pset footer off
SET client_min_messages = warning;
CREATE EXTENSION screening;
SET search_path = public, screening;

\echo
\echo '== 1. Load the watchlist (UN Consolidated List XML) =='
SELECT load_un_list(convert_from(pg_read_binary_file(:'watchlist'), 'UTF8')) AS list_version \gset
SELECT source, current_version, published::date, entities, individuals, names FROM list_summary;

\echo
\echo '== 2. Read the flight (UN/EDIFACT PAXLST) =='
CREATE TABLE flight AS
SELECT * FROM paxlst_passengers(convert_from(pg_read_binary_file(:'manifest'), :'manifest_encoding'));
SELECT flight, departure_port || '-' || arrival_port AS route, count(*) AS people,
       count(*) FILTER (WHERE party_type LIKE '%passenger%' OR party_type = 'in_transit') AS passengers,
       count(*) FILTER (WHERE party_type LIKE '%crew%') AS crew
FROM flight GROUP BY 1, 2 ORDER BY 1;
SELECT surname, given_names, birth_date, nationality, document_number FROM flight ORDER BY surname, given_names LIMIT 15;

\echo
\echo '== 3. Screen the flight against every loaded list (profile balanced) =='
SELECT screen('flight', 'balanced') AS run1 \gset
SELECT run_id, passengers, alerts AS new_alerts, round(extract(epoch FROM finished_at - started_at)::numeric * 1000, 1) AS ms
FROM screening_runs WHERE run_id = :run1;

\echo
\echo '== 4. The alert queue: one row per open alert, the explanation flattened =='
SELECT alert_id, traveller_name AS "passenger", traveller_birth_date AS born, listed_name AS "listed as", entity_key AS "entry",
       round(score::numeric, 3) AS score, round(name_evidence::numeric, 3) AS "name",
       birth_date_relation AS "birth date", nationality_relation AS "nationality", document_relation AS "document"
FROM alert_queue ORDER BY score DESC, alert_id;
SELECT count(*) > 0 AS has_alerts, min(alert_id) FILTER (WHERE score = (SELECT min(score) FROM alert_queue)) AS weakest,
       max(alert_id) FILTER (WHERE score = (SELECT max(score) FROM alert_queue)) AS strongest
FROM alert_queue \gset

\if :has_alerts
\echo
\echo '== How the strongest alert''s names were aligned, token by token =='
SELECT t.traveller, t.listed, t.how, round(t.similarity::numeric, 3) AS similarity
FROM alerts a, jsonb_to_recordset(a.explanation->'name'->'tokens') AS t(traveller text, listed text, how text, similarity float8)
WHERE a.alert_id = :strongest;

\echo
\echo '== 5. An analyst clears the weakest alert, with the reason =='
SELECT record_decision(:weakest, 'cleared', 'Different person: passport and place of birth checked at the gate') AS decision_id;
SELECT alert_id, status, decided_by, decision_reason FROM alert_states WHERE alert_id = :weakest;

\echo
\echo '== 6. The flight is screened again: nothing new, and the cleared alert is gone from the queue =='
SELECT screen('flight', 'balanced') AS run2 \gset
SELECT run_id, passengers, alerts AS new_alerts FROM screening_runs WHERE run_id = :run2;
SELECT alert_id, traveller_name AS "passenger", listed_name AS "listed as", round(score::numeric, 3) AS score, status
FROM alert_queue ORDER BY score DESC, alert_id;

\echo
\echo '== 7. The list is reloaded: the strongest alert''s entry gains an alias, another entry is removed =='
-- a new version of the same file, edited as a list publisher would: one entry changed, one removed
SELECT a.entity_key AS changed_entry FROM alerts a WHERE a.alert_id = :strongest \gset
SELECT max(a.entity_key) AS removed_entry FROM alert_queue a WHERE a.entity_key <> :'changed_entry' \gset
SELECT load_un_list(v2) AS list_version2
FROM (SELECT CASE WHEN :'removed_entry' = '' THEN edited ELSE
             -- cut the <INDIVIDUAL> element that holds the removed entry's reference number
             left(edited, strpos(edited, ref) - strpos(reverse(left(edited, strpos(edited, ref))), reverse('<INDIVIDUAL>')) - length('<INDIVIDUAL>') + 1)
             || substr(edited, strpos(edited, ref) + strpos(substr(edited, strpos(edited, ref)), '</INDIVIDUAL>') + length('</INDIVIDUAL>') - 1)
             END AS v2
      FROM (SELECT replace(x, '<REFERENCE_NUMBER>' || :'changed_entry' || '</REFERENCE_NUMBER>',
                           '<REFERENCE_NUMBER>' || :'changed_entry' || '</REFERENCE_NUMBER>'
                           || '<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Demo Alias Added</ALIAS_NAME></INDIVIDUAL_ALIAS>') AS edited,
                   '<REFERENCE_NUMBER>' || :'removed_entry' || '</REFERENCE_NUMBER>' AS ref
            FROM (SELECT convert_from(pg_read_binary_file(:'watchlist'), 'UTF8') AS x) f) e) v \gset
SELECT entity_key, change, primary_name FROM list_changes('un');
\echo 'Re-screen only what changed; alerts of removed or changed entries close with a reason:'
SELECT rescreen_changes('un', 'flight', 'balanced') AS run3 \gset
SELECT run_id, kind, passengers, alerts AS new_alerts, closed FROM screening_runs WHERE run_id = :run3;
SELECT a.alert_id, a.entity_key AS "entry", (a.traveller).names[1] AS "passenger", s.status, s.close_reason
FROM alerts a JOIN alert_states s USING (alert_id) ORDER BY a.alert_id;
\else
\echo '(no alert on this flight: steps 5 to 7, decision and list reload, need one)'
\endif

\echo
\echo '== 8. For BI tools: per flight, per list, decisions =='
SELECT flight, passengers, runs, alerts, open, cleared, closed, round(top_score::numeric, 3) AS top_score FROM flight_summary ORDER BY flight;
SELECT source, current_version, versions_loaded, individuals, alerts, open, cleared, closed FROM list_summary;
SELECT source, profile, alerts, decided, cleared, confirmed, false_positive_rate FROM decision_stats;
SELECT event, count(*) AS events FROM audit_log GROUP BY event ORDER BY event;

\echo
\echo '== 9. Passengers with no alert: the closest listed name (ORDER BY distance LIMIT 1 through nameidx) =='
SET enable_seqscan = off;   -- the demo list is tiny; make the planner use the index as on a real list
SELECT f.surname || ' ' || f.given_names AS "passenger",
       CASE WHEN c.distance < 1 THEN c.name ELSE '(none scores 0.5)' END AS "closest listed name",
       CASE WHEN c.distance < 1 THEN round(1 - c.distance::numeric, 3) END AS name_score
FROM flight f
CROSS JOIN LATERAL (SELECT n.name, n.name <~%> (f.given_names || ' ' || f.surname) AS distance
                    FROM list_names n JOIN list_current l USING (version_id)
                    ORDER BY n.name <~%> (f.given_names || ' ' || f.surname) LIMIT 1) c
WHERE NOT EXISTS (SELECT FROM alerts a WHERE a.traveller_fingerprint = traveller_fingerprint((traveller_from_row(to_jsonb(f))).person))
ORDER BY 1 LIMIT 15;
\echo '(a listed name is a hit only with the whole person: birth date, nationality and documents decide)'
