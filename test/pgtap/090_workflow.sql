-- 090_workflow.sql - screening runs, alerts, decisions remembered, the append-only audit trail.
--
-- Reads the shared data folder (psql variable data_dir; run_all.sh passes it).
BEGIN;
SELECT plan(28);
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
SELECT is((SELECT status FROM alert_states WHERE alert_id = (SELECT min(alert_id) FROM alerts)), 'cleared', 'the alert shows the decision');
SELECT is((SELECT count(*)::int FROM alert_queue WHERE alert_id = (SELECT min(alert_id) FROM alerts)), 0, 'a cleared alert leaves the queue');
SELECT is((SELECT count(*)::int FROM audit_log WHERE event = 'decision'), 1, 'the decision is in the audit trail');

-- one passenger at check-in: the same path, the same answer
SELECT is((SELECT count(*)::int FROM screen_one('checkin-1', f.name, f.birth_date, nationality => f.nationality, flight => 'XS9')
           s JOIN oracle o ON o.entity_key = s.entity_key AND o.passenger_key = f.passenger_key),
          (SELECT count(*)::int FROM oracle o WHERE o.passenger_key = f.passenger_key),
          'screen_one alerts exactly the oracle''s entries for that passenger')
FROM flight f WHERE f.passenger_key = (SELECT min(passenger_key) FROM oracle WHERE passenger_key NOT IN (SELECT passenger_key FROM cleared));
SELECT is((SELECT count(*)::int FROM screen_one('checkin-1', f.name, f.birth_date, nationality => f.nationality, flight => 'XS9')),
          (SELECT count(*)::int FROM oracle o WHERE o.passenger_key = f.passenger_key),
          'asked again, screen_one answers with the same open alerts and writes none')
FROM flight f WHERE f.passenger_key = (SELECT min(passenger_key) FROM oracle WHERE passenger_key NOT IN (SELECT passenger_key FROM cleared));
SELECT is((SELECT count(*)::int FROM alerts WHERE passenger_key = 'checkin-1'),
          (SELECT count(*)::int FROM oracle WHERE passenger_key = (SELECT min(passenger_key) FROM oracle WHERE passenger_key NOT IN (SELECT passenger_key FROM cleared))),
          'two check-in screenings, one set of alerts');
SELECT is((SELECT array_agg(kind ORDER BY run_id) FROM screening_runs WHERE kind = 'one'), ARRAY['one', 'one'], 'each check-in screening is a run');

-- a list reload: a new version with one listed person removed and another changed
SELECT a.entity_key AS removed FROM alerts a JOIN alert_states s USING (alert_id)
WHERE s.status = 'open' ORDER BY a.entity_key LIMIT 1 \gset
SELECT a.entity_key AS changed FROM alerts a JOIN alert_states s USING (alert_id)
WHERE s.status = 'open' AND a.entity_key <> :'removed' ORDER BY a.entity_key DESC LIMIT 1 \gset
CREATE TEMP TABLE v2 AS
-- cut the <INDIVIDUAL> element holding the removed entry's reference number
SELECT left(e, strpos(e, ref) - strpos(reverse(left(e, strpos(e, ref))), reverse('<INDIVIDUAL>')) - length('<INDIVIDUAL>') + 1)
       || substr(e, strpos(e, ref) + strpos(substr(e, strpos(e, ref)), '</INDIVIDUAL>') + length('</INDIVIDUAL>') - 1) AS xml
FROM (SELECT replace(pg_read_file(:'un_file'), '<REFERENCE_NUMBER>' || :'changed' || '</REFERENCE_NUMBER>',
                     '<REFERENCE_NUMBER>' || :'changed' || '</REFERENCE_NUMBER><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1901</YEAR></INDIVIDUAL_DATE_OF_BIRTH>') AS e,
             '<REFERENCE_NUMBER>' || :'removed' || '</REFERENCE_NUMBER>' AS ref) x;
SELECT load_un_list(xml) AS v2_id FROM v2 \gset
SELECT is((SELECT array_agg(change || ' ' || entity_key ORDER BY change, entity_key) FROM list_changes('un')),
          ARRAY['changed ' || :'changed', 'removed ' || :'removed'], 'the edited list differs by the changed and the removed entry');
CREATE TEMP TABLE open_before AS
SELECT a.alert_id, a.entity_key FROM alerts a JOIN alert_states s USING (alert_id) WHERE s.status IN ('open', 'escalated');
SELECT rescreen_changes('un', 'flight') AS run_re \gset
SELECT is((SELECT array_agg(DISTINCT a.entity_key ORDER BY a.entity_key) FROM alert_closures c JOIN alerts a USING (alert_id)),
          (SELECT array_agg(DISTINCT entity_key ORDER BY entity_key) FROM open_before WHERE entity_key IN (:'removed', :'changed')),
          'the open alerts of the removed and the changed entry are closed, and no other');
SELECT ok((SELECT bool_and(c.reason LIKE 'entity ' || a.entity_key || CASE WHEN a.entity_key = :'removed' THEN ' removed%' ELSE ' changed%' END)
           FROM alert_closures c JOIN alerts a USING (alert_id)), 'each closure says why');
-- the oracle on the new version: open alerts after the re-screening are exactly the pairs that match now
CREATE TEMP TABLE oracle2 AS
SELECT f.passenger_key, p.entity_key
FROM flight f, list_persons p
WHERE p.kind = 'individual'
  AND person_match(person(name => f.name, birth_date => f.birth_date, nationality => f.nationality), p.person, 'balanced');
SELECT is((SELECT count(*)::int FROM (
              SELECT a.passenger_key, a.entity_key FROM alerts a JOIN alert_states s USING (alert_id)
              WHERE s.status <> 'closed' AND a.passenger_key IN (SELECT passenger_key FROM flight)
              EXCEPT SELECT * FROM oracle2) d), 0, 'every alert still standing matches on the new version');
SELECT is((SELECT count(*)::int FROM (
              SELECT * FROM oracle2
              EXCEPT SELECT a.passenger_key, a.entity_key FROM alerts a JOIN alert_states s USING (alert_id)
              WHERE s.status <> 'closed'
              -- but the cleared identity on its next trip, unless its entry changed
              EXCEPT SELECT c.passenger_key || '-next-trip', c.entity_key FROM cleared c WHERE c.entity_key <> :'changed') d),
          0, 'every pair that matches on the new version has a standing alert (but the cleared one)');
SELECT is((SELECT alerts + closed FROM screening_runs WHERE run_id = :run_re),
          (SELECT count(*)::int FROM alerts WHERE run_id = :run_re) + (SELECT count(*)::int FROM alert_closures WHERE run_id = :run_re),
          'the run counts what it wrote and closed');

-- the strong identifier: a listed individual's document number finds the entry whatever the name
SELECT d.entity_key AS doc_entity, d.number AS doc_number
FROM list_documents d JOIN list_current c USING (version_id) JOIN list_entities e USING (version_id, entity_key)
WHERE c.source = 'un' AND e.kind = 'individual' AND d.normalized IS NOT NULL
  AND NOT EXISTS (SELECT FROM list_documents o WHERE o.version_id = d.version_id AND o.normalized = d.normalized
                                                 AND o.entity_key <> d.entity_key)
ORDER BY d.entity_key, d.number LIMIT 1 \gset
SELECT ok(NOT EXISTS (SELECT FROM list_names n JOIN list_current c USING (version_id)
                       WHERE c.source = 'un' AND n.entity_key = :'doc_entity'
                         AND n.name OPERATOR(screening.~%) name_query('QWERTZ YXCVBN', 0.5))
          AND person_match(person(name => 'QWERTZ YXCVBN', document => :'doc_number'),
                           (SELECT person FROM list_persons WHERE source = 'un' AND entity_key = :'doc_entity'), 'balanced'),
          'a name far from the entry''s, with its document number: no name candidate, but person_match accepts it');
SELECT is((SELECT array_agg(s.entity_key) FROM screen_one('doc-only', 'QWERTZ YXCVBN', document => :'doc_number', flight => 'DOC1') s),
          ARRAY[:'doc_entity'], 'screen_one finds the entry by the document number alone');

-- append-only, for every role including the owner
SELECT throws_ok($$UPDATE screening.audit_log SET event = 'x'$$, '42501', NULL, 'the audit trail cannot be updated');
SELECT throws_ok($$DELETE FROM screening.decisions$$, '42501', NULL, 'decisions cannot be deleted');
SELECT throws_ok($$TRUNCATE screening.audit_log$$, '42501', NULL, 'the audit trail cannot be truncated');
SELECT throws_ok($$UPDATE screening.alerts SET score = 0$$, '42501', NULL, 'alerts cannot be updated');
SELECT throws_ok($$UPDATE screening.screening_runs SET alerts = 0$$, '42501', NULL, 'a finished run cannot be changed');
SELECT ok(NOT has_function_privilege('public', 'screening.screen(regclass, text, text)', 'EXECUTE')
          AND NOT has_function_privilege('public', 'screening.record_decision(int8, text, text)', 'EXECUTE'),
          'screening and deciding are not for PUBLIC');

SELECT * FROM finish();
ROLLBACK;
