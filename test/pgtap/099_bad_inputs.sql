-- 099_bad_inputs.sql - a catalogue of bad inputs for every SQL-callable function of the extension.
--
-- Part 1 calls every function (found in the catalogue, so a new one cannot
-- be forgotten) with five kinds of argument: NULLs, empty strings, 1 MB
-- strings (with extreme numbers), one character of every Unicode general
-- category, and EDIFACT/XML/MRZ debris.  Each call must give a result or a
-- documented error (README, "Limits and errors"): never an internal error,
-- never a broken query of our own, never an unnamed RAISE.  A server crash
-- ends the file early, which run_all.sh counts as a failure.
-- Part 2 pins documented results and errors one by one; part 3 checks the
-- normalizer's invariants on every general category; part 4 cuts real
-- messages and lists at many points: each cut is refused or read as a
-- prefix of the whole, never as something else.
BEGIN;
SELECT plan(43);
SET LOCAL search_path = public, screening;
SET LOCAL client_min_messages = error;

-- ---- part 1: every function, five kinds of argument ----
CREATE FUNCTION pg_temp.arg_for(t regtype, kind text, v text) RETURNS text LANGUAGE sql AS $$
SELECT CASE
  WHEN kind = 'null' THEN 'NULL::' || t::text
  WHEN t = 'text'::regtype THEN quote_literal(v)
  WHEN t = 'text[]'::regtype THEN 'ARRAY[' || quote_literal(v) || ']::text[]'
  WHEN t = 'jsonb'::regtype THEN quote_literal(jsonb_build_object('name', v, 'passenger_key', v, 'birth_date', v, 'surname', v)::text) || '::jsonb'
  WHEN t = 'screening.person'::regtype THEN 'screening.person(name => ' || quote_literal(v) || ', birth_date => ' || quote_literal(v) || ')'
  -- a hand-built name_query: the LEAKPROOF operators must take any, even one holding a bad threshold
  WHEN t = 'screening.name_query'::regtype THEN 'ROW(' || quote_literal(v) || ', ' ||
       CASE kind WHEN 'empty' THEN '''NaN''' WHEN 'megabyte' THEN '0.8' WHEN 'categories' THEN '1.5' ELSE '-1' END || ')::screening.name_query'
  WHEN t = 'regclass'::regtype THEN '''pg_catalog.pg_class''::regclass'
  WHEN t = 'screening.traveller[]'::regtype THEN 'ARRAY[screening.traveller_from_row(' || quote_literal(jsonb_build_object('name', v, 'passenger_key', v)::text) || '::jsonb)]'
  WHEN t = 'bigint[]'::regtype THEN 'ARRAY[-1]::bigint[]'
  WHEN t IN ('integer'::regtype, 'bigint'::regtype) THEN CASE kind WHEN 'empty' THEN '0' WHEN 'megabyte' THEN '2147483647' ELSE '-1' END || '::' || t::text
  WHEN t IN ('real'::regtype, 'double precision'::regtype) THEN CASE kind WHEN 'empty' THEN '''NaN''' WHEN 'megabyte' THEN '''Infinity''' ELSE '-1' END || '::' || t::text
  WHEN t = 'boolean'::regtype THEN 'true'
  WHEN t = 'timestamp with time zone'::regtype THEN '''infinity''::timestamptz'
  WHEN t = 'name'::regtype THEN quote_literal(left(v, 60)) || '::name'
  END $$;

CREATE TEMP TABLE kinds (kind text, v text);
INSERT INTO kinds VALUES
  ('null', NULL), ('empty', ''), ('megabyte', repeat('Ab', 512 * 1024)),
  -- one character of each general category: Lu Ll Lt Lm Lo Mn Mc Me Nd Nl No Pc Pd Ps Pe Pi Pf Po Sm Sc Sk So Zs Zl Zp Cc Cf Co Cn
  ('categories', E'A\u0061\u01c5\u02b0\u05d0\u0301\u0903\u20dd\u0663\u2163\u00bd_-()\u00ab\u00bb!+$^\u00a9\u3000\u2028\u2029\u0001\u200b\ue000\u0378\U0001F600'),
  ('junk', E'UNA:+.? ''UNB+UNOA:4''UNH+1+PAXLST''NAD+FL+++?''DTM+329:991399''<INDIVIDUALS><INDIVIDUAL>P<UTO<<');

CREATE TEMP TABLE functions AS
SELECT p.oid, p.oid::regprocedure::text AS signature, p.proname::text AS fn, p.proargtypes::regtype[] AS types,
       p.proisstrict AS strict, p.proretset AS retset, p.proleakproof AS leakproof
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'screening'
WHERE p.prorettype NOT IN ('trigger'::regtype, 'index_am_handler'::regtype);

CREATE TEMP TABLE outcomes (fn text, signature text, kind text, sqlstate text, result text, message text);
DO $$
DECLARE f record; k record; args text; q text; st text; msg text; r text;
BEGIN
  FOR f IN SELECT * FROM functions ORDER BY signature LOOP
    FOR k IN SELECT * FROM kinds LOOP
      SELECT string_agg(pg_temp.arg_for(t, k.kind, k.v), ', ' ORDER BY o) INTO args FROM unnest(f.types) WITH ORDINALITY AS u(t, o);
      IF args IS NULL AND cardinality(f.types) > 0 THEN
        INSERT INTO outcomes VALUES (f.fn, f.signature, k.kind, 'untested', NULL, 'no argument for ' || f.types::text);
        CONTINUE;
      END IF;
      q := CASE WHEN f.retset THEN format('SELECT count(*)::text FROM %s(%s)', f.oid::regproc, coalesce(args, ''))
                ELSE format('SELECT (%s(%s))::text', f.oid::regproc, coalesce(args, '')) END;
      BEGIN
        EXECUTE q INTO r;
        INSERT INTO outcomes VALUES (f.fn, f.signature, k.kind, NULL, r, NULL);
      EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
        INSERT INTO outcomes VALUES (f.fn, f.signature, k.kind, st, NULL, left(msg, 200));
      END;
    END LOOP;
  END LOOP;
END $$;

-- a new function changes this count: add it here knowingly, with its bad inputs looked at
SELECT is((SELECT count(*)::int FROM functions), 70, 'the catalogue finds all 70 SQL-callable functions');
SELECT is((SELECT count(*)::int FROM outcomes WHERE sqlstate IS DISTINCT FROM 'untested'), (SELECT count(*)::int * 5 FROM functions),
          'every function was called with all five kinds of argument');
SELECT is((SELECT array_agg(signature || ' ' || kind || ': ' || sqlstate || ' ' || message ORDER BY 1) FROM outcomes
           WHERE sqlstate ~ '^(XX|58|P0001|42P01|42883|42602)'), NULL,
          'no internal error, no broken query of our own, no unnamed RAISE');
-- every error code that can come out, per function: this list is the contract (README, Limits and errors)
SELECT is((SELECT array_agg(DISTINCT fn || ' ' || sqlstate ORDER BY fn || ' ' || sqlstate) FROM outcomes
           WHERE sqlstate IS NOT NULL AND NOT (
             sqlstate IN ('22001', '22004', '22007', '22008', '22023', '22P02', '54000')
             OR (fn = 'load_un_list' AND sqlstate IN ('2200M', '2200N'))
             OR (fn IN ('nameidx_check', 'nameidx_stats', 'nameidx_candidates', 'nameidx_merge') AND sqlstate = '42809')
             OR (fn = 'analyze_token_frequencies' AND sqlstate IN ('42601', '42703'))
             OR (fn = 'shard_create_index' AND sqlstate IN ('0A000', '42703', '42809'))
             OR (fn IN ('record_decision', 'run_start') AND sqlstate IN ('23502', '23514'))
           )), NULL,
          'every error is a documented one: 22001 22004 22007 22008 22023 22P02 54000, and the few per-function codes');
SELECT is((SELECT array_agg(signature ORDER BY 1) FROM functions f JOIN outcomes o USING (signature)
           WHERE f.strict AND cardinality(f.types) > 0 AND o.kind = 'null' AND (o.sqlstate IS NOT NULL OR (o.result IS NOT NULL AND o.result <> '0'))), NULL,
          'a STRICT function given NULLs returns NULL (or no rows)');
SELECT is((SELECT array_agg(signature || ' ' || kind || ': ' || sqlstate ORDER BY 1) FROM functions f JOIN outcomes o USING (signature)
           WHERE f.leakproof AND o.sqlstate IS NOT NULL), NULL,
          'a LEAKPROOF function raises nothing, whatever it is given (a hand-built query with a bad threshold included)');
SELECT is((SELECT array_agg(DISTINCT fn ORDER BY fn) FROM outcomes
           WHERE kind = 'megabyte' AND sqlstate IS NULL
             AND fn IN ('name_normalize', 'name_tokens', 'name_variants', 'name_script', 'name_skeleton', 'name_score',
                        'jaro_winkler_similarity', 'osa_distance', 'double_metaphone', 'confusion_edit_cost', 'traveller_fingerprint')), NULL,
          'every name function refuses a 1 MB name (22001) instead of reading it');
SELECT is((SELECT array_agg(DISTINCT fn || '=' || result ORDER BY fn || '=' || result) FROM outcomes
           WHERE kind = 'megabyte' AND fn IN ('name_distance', 'name_distance_from', 'name_match_setting', 'name_match_setting_from')),
          ARRAY['name_distance=1', 'name_distance_from=1', 'name_match_setting=false', 'name_match_setting_from=false'],
          'the operators answer a 1 MB name with no match (distance 1) instead of an error');

-- ---- part 2: documented results and errors, one by one ----
SELECT is(name_normalize(''), '', 'an empty name normalizes to the empty string');
SELECT is(name_normalize(repeat('A', 1024)), repeat('A', 1024), 'a name of exactly 1,024 bytes is read');
SELECT throws_ok($$SELECT screening.name_normalize(repeat('A', 1025))$$, '22001', NULL, 'a name of 1,025 bytes is 22001');
SELECT throws_ok($$SELECT screening.name_normalize(repeat('Ж', 1000))$$, '22001', NULL, 'a Cyrillic name over 1,024 bytes (2,000) is 22001');
SELECT is(name_score('', 'IVAN PETROV'), 0::real, 'an empty name scores 0 against anyone');
SELECT throws_ok($$SELECT screening.name_query('X', 'NaN')$$, '22023', NULL, 'a NaN threshold is 22023');
SELECT throws_ok($$SELECT screening.name_match('X', 'X', 1.01)$$, '22023', NULL, 'a threshold above 1 is 22023');
SELECT throws_ok($$SELECT screening.osa_distance_within('A', 'B', 65)$$, '22023', NULL, 'an edit bound over 64 is 22023');
SELECT throws_ok($$SELECT screening.birth_date('1981-02-29')$$, '22008', NULL, 'an impossible date (29 February 1981) is 22008');
SELECT throws_ok($$SELECT screening.birth_date('someday')$$, '22007', NULL, 'an unreadable date is 22007');
SELECT is(try_birth_date('1981-02-29'), NULL, 'try_birth_date: NULL for an impossible date');
SELECT throws_ok($$SELECT screening.country_code('XQ')$$, '22023', NULL, 'an unknown country is 22023');
SELECT throws_ok($$SELECT screening.profile_threshold('lenient')$$, '22023', NULL, 'an unknown profile is 22023');
SELECT throws_ok($$SELECT * FROM screening.paxlst_passengers('')$$, '22P02', NULL, 'an empty PAXLST is 22P02');
SELECT throws_ok($$SELECT * FROM screening.paxlst_passengers(repeat('UNB+UNOA:4''', 1600000))$$, '54000', NULL,
                 'a 17 MB PAXLST is refused (54000) before it is read');
SELECT throws_ok($$SELECT * FROM screening.pnrgov_travellers(repeat('x', 100 * 1024 * 1024))$$, '54000', NULL,
                 'a 100 MB PNRGOV is refused (54000)');
SELECT throws_ok($$SELECT * FROM screening.mrz_parse(repeat('P<', 512 * 1024))$$, '22P02', NULL, 'a 1 MB MRZ is 22P02');
SELECT throws_ok($$SELECT screening.screen(NULL)$$, '22004', NULL, 'screen(NULL) is 22004, not a query over some relation');
SELECT throws_ok($$SELECT screening.screen_paxlst(NULL)$$, '22004', NULL, 'screen_paxlst(NULL) is 22004');
SELECT throws_ok($$SELECT * FROM screening.screen_one('k', 'IVAN', profile => NULL)$$, '22004', NULL, 'a NULL profile is 22004');
SELECT throws_ok($$SELECT * FROM screening.screen_one(NULL, 'IVAN')$$, '23502', 'every passenger needs a passenger_key and a name',
                 'a passenger without a key is 23502, saying so');
SELECT throws_ok($$SELECT * FROM screening.screen_one('k', repeat('A', 1100))$$, '22001', NULL, 'a 1,100-byte passenger name at check-in is 22001');
SELECT throws_ok($$SELECT screening.load_un_list(NULL)$$, '22004', NULL, 'load_un_list(NULL) is 22004');
SELECT throws_ok($$SELECT screening.load_un_list('<CONSOLIDATED_LIST/>')$$, '2200N', NULL, 'an XML document that is not a UN list is 2200N');
SELECT throws_ok($$SELECT screening.record_decision(-1, 'cleared', 'x')$$, '23503', NULL, 'a decision on an alert that does not exist is 23503');

-- ---- part 3: every general category through the normalizer ----
CREATE TEMP TABLE categories (cat text, ch text);
INSERT INTO categories VALUES ('Lu', 'Ж'), ('Ll', 'ж'), ('Lt', E'\u01c5'), ('Lm', E'\u02b0'), ('Lo', E'\u05d0'), ('Mn', E'\u0301'),
  ('Mc', E'\u0903'), ('Me', E'\u20dd'), ('Nd', E'\u0663'), ('Nl', E'\u2163'), ('No', E'\u00bd'), ('Pc', '_'), ('Pd', E'\u2014'),
  ('Ps', '('), ('Pe', ')'), ('Pi', E'\u00ab'), ('Pf', E'\u00bb'), ('Po', '!'), ('Sm', '+'), ('Sc', E'\u20ac'), ('Sk', '^'),
  ('So', E'\u00a9'), ('Zs', E'\u3000'), ('Zl', E'\u2028'), ('Zp', E'\u2029'), ('Cc', E'\u0001'), ('Cf', E'\u200b'),
  ('Co', E'\ue000'), ('Cn', E'\u0378'), ('So emoji', E'\U0001F600'), ('Cf tag', E'\U000E0001');
CREATE TEMP TABLE category_names AS
SELECT cat, n, name_normalize(n) AS norm FROM categories, LATERAL (VALUES (ch), ('IVAN' || ch || 'PETROV'), (ch || ' ' || ch)) AS v(n);
SELECT is((SELECT array_agg(cat || ': ' || norm ORDER BY cat) FROM category_names WHERE norm !~ '^([A-Z0-9]+( [A-Z0-9]+)*)?$'), NULL,
          'a character of any general category normalizes into the canonical alphabet (A-Z, 0-9, single inner spaces)');
SELECT is((SELECT array_agg(cat ORDER BY cat) FROM category_names WHERE name_normalize(norm) <> norm), NULL,
          'and the result is a fixed point of normalization');
SELECT is((SELECT array_agg(cat ORDER BY cat) FROM category_names WHERE norm <> '' AND name_score(n, n) <> 1), NULL,
          'a name with any category scores 1 against itself');
SELECT is((SELECT array_agg(cat ORDER BY cat) FROM category_names
           WHERE NOT (name_score(n, 'IVAN PETROV') BETWEEN 0 AND 1) OR NOT (name_distance(n, 'IVAN PETROV') BETWEEN 0 AND 1)), NULL,
          'scores and distances stay in [0, 1]');
SELECT throws_ok($$SELECT screening.name_normalize(E'\uD800')$$, '42601', NULL,
                 'a lone surrogate cannot even be written (PostgreSQL refuses it before we see it)');

-- ---- part 4: cut messages and lists ----
\set pax_file :fixtures_dir '/demo_flight.paxlst'
\set un_file :fixtures_dir '/demo_un_list.xml'
CREATE TEMP TABLE files AS SELECT pg_read_file(:'pax_file') AS pax, pg_read_file(:'un_file') AS un;
CREATE TEMP TABLE full_flight AS SELECT row_number() OVER () AS i, p::text AS row FROM files, paxlst_passengers(files.pax) p;
CREATE TEMP TABLE cuts (at int, sqlstate text, rows text[]);
DO $$
DECLARE msg text := (SELECT pax FROM files); k int; rs text[]; st text;
BEGIN
  FOR k IN 1 .. length(msg) - 1 BY 7 LOOP
    BEGIN
      SELECT array_agg(p::text) INTO rs FROM screening.paxlst_passengers(left(msg, k)) p;
      INSERT INTO cuts VALUES (k, NULL, coalesce(rs, '{}'));
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
      INSERT INTO cuts VALUES (k, st, NULL);
    END;
  END LOOP;
END $$;
SELECT cmp_ok((SELECT count(*)::int FROM cuts), '>', 250, 'the demo PAXLST is cut at every 7th byte');
SELECT is((SELECT array_agg(DISTINCT sqlstate) FROM cuts WHERE sqlstate IS NOT NULL), ARRAY['22P02'],
          'a cut message that is refused is refused with 22P02');
-- a row that differs from the whole message's row (a name cut short) is wrong only if the cut fell inside that person's group
SELECT is((SELECT array_agg(at ORDER BY at) FROM cuts c
           WHERE c.sqlstate IS NULL AND EXISTS (
             SELECT FROM unnest(c.rows[1:cardinality(c.rows) - 1]) WITH ORDINALITY AS r(row, i)
             WHERE r.row IS DISTINCT FROM (SELECT f.row FROM full_flight f WHERE f.i = r.i))), NULL,
          'a cut message that is read gives the whole message''s passengers in order (all but the last, whose group the cut may end)');
SELECT is((SELECT count(*)::int FROM cuts WHERE sqlstate IS NULL AND cardinality(rows) > (SELECT count(*) FROM full_flight)), 0,
          'and never more passengers than the whole message');
CREATE TEMP TABLE un_cuts (at int, sqlstate text);
DO $$
DECLARE doc text := (SELECT un FROM files); k int; st text;
BEGIN
  FOR k IN 1 .. length(doc) - 20 BY 211 LOOP
    BEGIN
      PERFORM screening.load_un_list(left(doc, k));
      INSERT INTO un_cuts VALUES (k, NULL);
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
      INSERT INTO un_cuts VALUES (k, st);
    END;
  END LOOP;
END $$;
SELECT is((SELECT array_agg(at ORDER BY at) FROM un_cuts WHERE sqlstate IS NULL OR sqlstate NOT IN ('2200M', '2200N')), NULL,
          'every cut UN list is refused (2200M or 2200N) and none is loaded in part');

SELECT * FROM finish();
ROLLBACK;
