-- 090_workflow.sql - screening runs, alerts, decisions remembered, the append-only audit trail.
--
-- Reads the shared data folder (psql variable data_dir; run_all.sh passes it).
BEGIN;
SELECT plan(13);
SET LOCAL search_path = public, screening;
\set un_file :data_dir '/watchlists/un_consolidated.xml'
SELECT load_un_list(pg_read_file(:'un_file')) IS NOT NULL AS loaded \gset

\ir ../shared/un_labelled_persons.sql
-- a flight: the UN positive variants and the negatives, with their dates and nationalities
CREATE TEMP TABLE flight AS
SELECT 'p' || r AS passenger_key, (traveller).names[1] AS name, (traveller).birth_dates[1] AS birth_date,
       (traveller).nationalities[1] AS nationality FROM pos
UNION ALL
SELECT 'n' || id, (traveller).names[1], (traveller).birth_dates[1], (traveller).nationalities[1] FROM neg;

SELECT screen('flight') AS run1 \gset
-- the oracle: every (passenger, listed individual) pair person_match accepts, by a full comparison
CREATE TEMP TABLE oracle AS
SELECT f.passenger_key, p.entity_key
FROM flight f, list_persons p
WHERE p.kind = 'individual'
  AND person_match(person(name => f.name, birth_date => f.birth_date, nationality => f.nationality), p.person, 'balanced');
SELECT is((SELECT count(*)::int FROM (SELECT passenger_key, entity_key FROM alerts EXCEPT SELECT * FROM oracle
                                       UNION ALL SELECT * FROM oracle EXCEPT SELECT passenger_key, entity_key FROM alerts) d), 0,
          'the alerts are exactly the pairs a full comparison matches');
SELECT cmp_ok((SELECT count(DISTINCT passenger_key) FROM alerts WHERE passenger_key LIKE 'p%'), '=', 171::bigint,
              'every UN positive alerts');
SELECT is((SELECT count(*)::int FROM alerts WHERE passenger_key LIKE 'n%'), 0, 'no negative alerts');
SELECT ok((SELECT bool_and(explanation ? 'name' AND explanation->>'verdict' = 'match') FROM alerts), 'every alert carries its explanation');

SELECT screen('flight') AS run2 \gset
SELECT is((SELECT alerts FROM screening_runs WHERE run_id = :run2), 0, 're-running adds no alert');

-- a decision is remembered: cleared stays cleared while the traveller and the entry do not change
SELECT record_decision((SELECT min(alert_id) FROM alerts), 'cleared', 'different person: checked the passport') IS NOT NULL AS decided \gset
CREATE TEMP TABLE cleared AS SELECT passenger_key, entity_key FROM alerts WHERE alert_id = (SELECT min(alert_id) FROM alerts);
UPDATE flight SET passenger_key = passenger_key || '-next-trip' WHERE passenger_key = (SELECT passenger_key FROM cleared);
SELECT screen('flight') AS run3 \gset
SELECT is((SELECT count(*)::int FROM alerts a, cleared c WHERE a.passenger_key = c.passenger_key || '-next-trip'
            AND a.entity_key = c.entity_key), 0, 'the cleared traveller on the next trip is not alerted for that entry again');
SELECT isnt(traveller_fingerprint(person(name => (a.traveller).names[1], birth_date => '1901-01-01')),
            a.traveller_fingerprint, 'another birth date is another identity: the decision does not carry over')
FROM alerts a WHERE a.alert_id = (SELECT min(alert_id) FROM alerts);
SELECT is((SELECT status FROM alerts WHERE alert_id = (SELECT min(alert_id) FROM alerts)), 'cleared', 'the alert shows the decision');
SELECT is((SELECT count(*)::int FROM audit_log WHERE event = 'decision'), 1, 'the decision is in the audit trail');

-- append-only, for every role including the owner
SELECT throws_ok($$UPDATE screening.audit_log SET event = 'x'$$, '42501', NULL, 'the audit trail cannot be updated');
SELECT throws_ok($$DELETE FROM screening.decisions$$, '42501', NULL, 'decisions cannot be deleted');
SELECT throws_ok($$TRUNCATE screening.audit_log$$, '42501', NULL, 'the audit trail cannot be truncated');
SELECT ok(NOT has_function_privilege('public', 'screening.screen(regclass, text)', 'EXECUTE')
          AND NOT has_function_privilege('public', 'screening.record_decision(int8, text, text)', 'EXECUTE'),
          'screening and deciding are not for PUBLIC');

SELECT * FROM finish();
ROLLBACK;
