-- 095_access.sql - roles, least privilege, forced who/when, LEAKPROOF operators and row-level security.
--
-- Uses the demo watchlist and flight the project ships (psql variable
-- fixtures_dir; run_all.sh passes it).  Other roles act through as_role(),
-- which switches role for one statement: pgTAP's own bookkeeping stays the
-- session user's.
BEGIN;
SELECT plan(42);
SET LOCAL search_path = public, screening;

CREATE FUNCTION pg_temp.as_role(r name, sql text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE sql;
    RESET ROLE;
END $$;
CREATE FUNCTION pg_temp.as_role_value(r name, sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE sql INTO v;
    RESET ROLE;
    RETURN v;
END $$;
CREATE FUNCTION pg_temp.as_role_plan(r name, sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE p text := ''; l text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || sql LOOP p := p || l || E'\n'; END LOOP;
    RESET ROLE;
    RETURN p;
END $$;

\set un_file :fixtures_dir '/demo_un_list.xml'
\set pax_file :fixtures_dir '/demo_flight.paxlst'
CREATE TEMP TABLE files AS SELECT pg_read_file(:'un_file') AS un, pg_read_file(:'pax_file') AS pax;
GRANT SELECT ON files TO PUBLIC;

-- ---- the roles ----
SELECT is((SELECT count(*)::int FROM pg_roles WHERE rolname IN ('screening_analyst', 'screening_admin') AND NOT rolcanlogin), 2,
          'screening_analyst and screening_admin exist and cannot log in');
SELECT ok(NOT has_table_privilege('public', 'screening.alerts', 'SELECT') AND NOT has_table_privilege('public', 'screening.audit_log', 'SELECT')
          AND NOT has_table_privilege('public', 'screening.list_names', 'SELECT') AND NOT has_table_privilege('public', 'screening.alert_queue', 'SELECT'),
          'PUBLIC reads no alert, audit entry or listed name');
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
           JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'screening' WHERE p.prosecdef), 0,
          'nothing in the extension runs as SECURITY DEFINER');
SELECT is((SELECT array_agg(pg_describe_object(d.classid, d.objid, 0) ORDER BY 1)
           FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'screening'
           WHERE d.deptype = 'e' AND CASE d.classid
               WHEN 'pg_proc'::regclass THEN (SELECT proacl IS NULL FROM pg_proc WHERE oid = d.objid)
               WHEN 'pg_class'::regclass THEN (SELECT relacl IS NULL FROM pg_class WHERE oid = d.objid)
               WHEN 'pg_type'::regclass THEN (SELECT typacl IS NULL FROM pg_type WHERE oid = d.objid)
               ELSE false END), NULL,
          'every function, table, view, sequence and type has explicit privileges (none left at PostgreSQL''s default)');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1) FROM pg_proc p
           JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
           JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'screening'
           WHERE has_function_privilege('public', p.oid, 'EXECUTE')
             AND (p.prorettype IN ('trigger'::regtype, 'index_am_handler'::regtype) OR p.provolatile = 'v' AND p.proname NOT LIKE 'nameidx_%')), NULL,
          'PUBLIC executes no trigger function, no handler and nothing that writes');

-- ---- screening_admin: loads lists and screens ----
SELECT lives_ok($$SELECT pg_temp.as_role('screening_admin', 'SELECT screening.load_un_list((SELECT un FROM files))')$$,
                'the admin loads a list');
SELECT lives_ok($$SELECT pg_temp.as_role('screening_admin', 'SELECT screening.screen_paxlst((SELECT pax FROM files))')$$,
                'the admin screens a PAXLST flight');
SELECT is((SELECT array_agg(DISTINCT a.entity_key ORDER BY a.entity_key) FROM alerts a),
          ARRAY['DMi.001', 'DMi.002', 'DMi.003', 'DMi.004', 'DMi.005'],
          'the demo flight alerts the five listed people it carries (and not the organisation or the unlisted woman)');
SELECT is((SELECT count(*)::int FROM screened), 12, 'every passenger of the message is recorded as screened');
SELECT is((SELECT run_by::text FROM screening_runs ORDER BY run_id LIMIT 1), 'screening_admin', 'the run is signed by the role that ran it');
SELECT throws_ok($$SELECT pg_temp.as_role('screening_admin', 'SELECT screening.record_decision(1, ''cleared'', ''x'')')$$,
                 '42501', NULL, 'the admin cannot record decisions');
SELECT throws_ok($$SELECT pg_temp.as_role('screening_admin', 'INSERT INTO screening.decisions (alert_id, decision, reason) SELECT min(alert_id), ''cleared'', ''x'' FROM screening.alerts')$$,
                 '42501', NULL, 'nor write decisions directly');
SELECT throws_ok($$SELECT pg_temp.as_role('screening_admin', 'UPDATE screening.alerts SET score = 1')$$,
                 '42501', NULL, 'nor change alerts');
SELECT throws_ok($$SELECT pg_temp.as_role('screening_admin', 'UPDATE screening.screening_runs SET alerts = 0')$$,
                 '42501', NULL, 'nor rewrite a finished run');
SELECT throws_ok($$SELECT pg_temp.as_role('screening_admin', 'DELETE FROM screening.screened')$$,
                 '42501', NULL, 'nor delete what was screened');
SELECT lives_ok($$SELECT pg_temp.as_role('screening_admin', 'SELECT screening.load_un_list(replace((SELECT un FROM files), ''Vanya'', ''Vania''))')$$,
                'the admin loads a second version');
SELECT lives_ok($$SELECT pg_temp.as_role('screening_admin', 'SELECT screening.load_un_list(replace((SELECT un FROM files), ''Vanya'', ''Ivanko''))')$$,
                'and a third');
SELECT is(pg_temp.as_role_value('screening_admin', $$SELECT screening.list_prune('un', 2)$$), '1',
          'the admin prunes the oldest, keeping two');
SELECT is((SELECT count(*)::int FROM list_names n WHERE NOT EXISTS (SELECT FROM list_versions v WHERE v.version_id = n.version_id)), 0,
          'the pruned version''s names are gone from list_names (and nameidx)');
SELECT is((SELECT count(*)::int FROM audit_log WHERE event = 'list_prune'), 1, 'the prune is in the audit trail');
SELECT throws_ok($$SELECT screening.list_prune('un', 0)$$, '22023', NULL, 'the newest version is always kept');
SELECT lives_ok($$SELECT pg_temp.as_role('screening_admin', 'INSERT INTO screening.name_equivalents (name, class, relation) VALUES (''SASHKO'', ''ALEXANDER'', ''user'')')$$,
                'the admin changes the matching settings (a user equivalence)');

-- ---- screening_analyst: reads alerts, records decisions ----
SELECT is(pg_temp.as_role_value('screening_analyst', 'SELECT count(*) FROM screening.alert_queue'),
          (SELECT count(*)::text FROM alert_queue), 'the analyst reads the alert queue');
SELECT lives_ok($$SELECT pg_temp.as_role('screening_analyst', 'SELECT screening.record_decision((SELECT min(alert_id) FROM screening.alerts), ''escalated'', ''checking the passport'')')$$,
                'the analyst records a decision');
SELECT lives_ok($$SELECT pg_temp.as_role('screening_analyst',
    'INSERT INTO screening.decisions (alert_id, decision, reason, decided_by, decided_at)
     SELECT max(alert_id), ''cleared'', ''backdated'', ''postgres'', ''2000-01-01'' FROM screening.alerts')$$,
                'a decision written directly is accepted...');
SELECT ok((SELECT decided_by = 'screening_analyst' AND decided_at > now() - interval '1 hour' FROM decisions WHERE reason = 'backdated'),
          '...but signed by its real author at the real time');
SELECT is((SELECT by_role::text FROM audit_log WHERE event = 'decision' ORDER BY event_id DESC LIMIT 1), 'screening_analyst',
          'the audit trail names the analyst');
SELECT throws_ok($$SELECT pg_temp.as_role('screening_analyst', 'SELECT count(*) FROM screening.audit_log')$$,
                 '42501', NULL, 'the analyst does not read the audit log');
SELECT throws_ok($$SELECT pg_temp.as_role('screening_analyst', 'SELECT screening.load_un_list((SELECT un FROM files))')$$,
                 '42501', NULL, 'the analyst cannot load lists');
SELECT throws_ok($$SELECT pg_temp.as_role('screening_analyst', 'SELECT screening.screen_paxlst((SELECT pax FROM files))')$$,
                 '42501', NULL, 'nor screen');
SELECT throws_ok($$SELECT pg_temp.as_role('screening_analyst', 'UPDATE screening.decisions SET decision = ''confirmed''')$$,
                 '42501', NULL, 'nor change a decision');
SELECT throws_ok($$SELECT pg_temp.as_role('screening_analyst', 'DELETE FROM screening.audit_log')$$,
                 '42501', NULL, 'nor delete the audit trail');

-- ---- LEAKPROOF: the operators never raise on data, so nameidx serves them under RLS ----
SELECT ok((SELECT bool_and(p.proleakproof) FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode
           WHERE o.oprnamespace = 'screening'::regnamespace), 'every match and distance operator is LEAKPROOF');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'screening'::regnamespace AND proleakproof), 6,
          'and nothing else is');
SELECT is(ARRAY[repeat('A ', 800) ~% name_query('JOHN SMITH', 0.8), repeat('A ', 800) ~% 'JOHN SMITH',
                'JOHN SMITH' ~% ROW('JOHN SMITH', 2)::name_query, 'JOHN SMITH' ~% ROW('JOHN SMITH', NULL)::name_query],
          ARRAY[false, false, false, false],
          'a name over the cap, or a threshold name_query() would refuse, matches nothing instead of raising');
SELECT is((repeat('A ', 800) <~%> 'JOHN SMITH')::numeric, 1::numeric, 'and is at distance 1');
SELECT throws_ok($$SELECT screening.name_score(repeat('A ', 800), 'JOHN SMITH')$$, '22001', NULL,
                 'name_score still refuses it with a clear error');
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT is((SELECT count(*)::int FROM list_names WHERE name ~% name_query(repeat('A ', 800), 0.8)), 0,
          'the index answers an over-cap query with nothing, like the operator');
RESET enable_bitmapscan;
RESET enable_seqscan;

-- ---- row-level security: two agencies share one database ----
CREATE ROLE test_agency_border NOLOGIN IN ROLE screening_analyst;
CREATE ROLE test_agency_customs NOLOGIN IN ROLE screening_analyst;
ALTER TABLE screening.alerts ENABLE ROW LEVEL SECURITY;
CREATE POLICY agency_alerts ON screening.alerts USING (pg_has_role(current_user, agency, 'MEMBER'));
SELECT screen_paxlst((SELECT pax FROM files), 'balanced', 'test_agency_border') IS NOT NULL AS s1 \gset
SELECT screen_paxlst((SELECT pax FROM files), 'high_recall', 'test_agency_customs') IS NOT NULL AS s2 \gset
SELECT is(pg_temp.as_role_value('test_agency_border', 'SELECT string_agg(DISTINCT agency, '','') FROM screening.alert_queue'),
          'test_agency_border', 'an agency''s analyst sees only its own alerts, through the views too');
SELECT is(pg_temp.as_role_value('test_agency_customs', 'SELECT count(*) FROM screening.alerts'),
          (SELECT count(*)::text FROM alerts WHERE agency = 'test_agency_customs'), 'and counts only its own');

-- an agency's own list, searched through nameidx under RLS
CREATE TABLE agency_list (agency name NOT NULL, name text NOT NULL);
INSERT INTO agency_list SELECT CASE WHEN i % 2 = 0 THEN 'test_agency_border' ELSE 'test_agency_customs' END, n.name
FROM list_names n, generate_series(1, 40) i;
CREATE INDEX agency_list_name ON agency_list USING nameidx (name);
ANALYZE agency_list;
ALTER TABLE agency_list ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON agency_list USING (pg_has_role(current_user, agency, 'MEMBER'));
GRANT SELECT ON agency_list TO test_agency_border;
SET LOCAL enable_seqscan = off;
SELECT matches(pg_temp.as_role_plan('test_agency_border', $$SELECT * FROM agency_list WHERE name ~% name_query('IVAN SIDORENKO', 0.8)$$),
               'agency_list_name', 'under RLS the planner still takes nameidx for the LEAKPROOF operator');
SELECT is(pg_temp.as_role_value('test_agency_border', $$SELECT count(*) FROM agency_list WHERE name ~% name_query('IVAN SIDORENKO', 0.8)$$),
          (SELECT count(*)::text FROM agency_list WHERE agency = 'test_agency_border' AND name_match('IVAN SIDORENKO', name, 0.8)),
          'and answers exactly the agency''s own matching rows');
RESET enable_seqscan;

SELECT * FROM finish();
ROLLBACK;
