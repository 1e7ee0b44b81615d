-- 040_score.sql - the name score, the match operators and the token metrics as SQL objects.
BEGIN;
SELECT plan(52);
SET LOCAL search_path = public, screening;

-- Declarations: pure functions IMMUTABLE, the setting-reading ones STABLE.
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'screening' AND p.proname IN
              ('name_score', 'name_distance', 'name_distance_from', 'name_match', 'name_query',
               'name_query_match', 'name_query_match_from', 'jaro_winkler_similarity', 'osa_distance',
               'osa_distance_within', 'confusion_edit_cost', 'double_metaphone')
              AND p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's'
              AND obj_description(p.oid, 'pg_proc') IS NOT NULL),
          12, 'scorer and metric functions are IMMUTABLE STRICT PARALLEL SAFE and commented');
SELECT is((SELECT string_agg(p.proname || ':' || p.provolatile::text, ',' ORDER BY p.proname)
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'screening' AND p.proname LIKE 'name_match_setting%'),
          'name_match_setting:s,name_match_setting_from:s', 'the setting-threshold forms are STABLE');

-- Operators: commutator pairs, selectivity estimators.
SELECT is((SELECT count(*)::int FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
            WHERE n.nspname = 'screening' AND o.oprname IN ('%~', '~%')
              AND o.oprcom <> 0 AND o.oprrest = 'contsel'::regproc AND o.oprjoin = 'contjoinsel'::regproc),
          4, 'four boolean operators with commutators and estimators');
SELECT is((SELECT count(*)::int FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
            WHERE n.nspname = 'screening' AND o.oprname IN ('<%~>', '<~%>') AND o.oprcom <> 0),
          2, 'two distance operators, each the other''s commutator');

-- The score.
SELECT is(name_score('JOHN SMITH', 'John Smith'), 1::real, 'identical normalized names score 1');
SELECT cmp_ok(name_score('SMITH JOHN', 'John Smith'), '<', 1::real, 'reordered names score below 1');
SELECT cmp_ok(name_score('MOHAMED ALI', 'Muhammad Ali'), '>', 0.9::real, 'spelling family');
SELECT cmp_ok(name_score('BILL GATES', 'William Gates'), '>', 0.85::real, 'nickname from name_equivalents');
SELECT cmp_ok(name_score('ALIAKSANDR LUKASHENKA', 'Аляксандр Лукашэнка'), '>', 0.95::real, 'Cyrillic original');
SELECT is(name_score('', 'JOHN'), 0::real, 'empty scores 0');
SELECT ok(name_score(NULL, 'JOHN') IS NULL, 'STRICT');
SELECT cmp_ok(name_score('JOHN PAUL SMITH', 'JOHN SMITH'), '<', name_score('JOHN SMITH', 'JOHN PAUL SMITH'),
              'an extra passenger token costs more than an extra listed token');
SELECT cmp_ok(abs(name_distance('OSAMA BIN LADEN', 'USAMA BIN LADIN') - (1 - name_score('OSAMA BIN LADEN', 'USAMA BIN LADIN'))),
              '<', 1e-6::float8, 'distance is 1 - score');
SELECT is(name_distance_from('USAMA BIN LADIN', 'OSAMA BIN LADEN'), name_distance('OSAMA BIN LADEN', 'USAMA BIN LADIN'),
          'distance_from swaps the roles');

-- Operators agree with the functions and with their commutators.
SET LOCAL screening.match_threshold = 0.8;
SELECT ok('OSAMA BIN LADEN' %~ 'Usama bin Laden', '%~ matches at the setting');
SELECT ok('Usama bin Laden' ~% 'OSAMA BIN LADEN', '~% is its commutator');
SELECT ok(NOT ('JOHN SMITH' %~ 'MARY JONES'), '%~ rejects different people');
SET LOCAL screening.match_threshold = 0.999;
SELECT ok(NOT ('OSAMA BIN LADEN' %~ 'Usama bin Laden'), 'the setting changes the answer');
SELECT ok('Usama bin Laden' ~% name_query('OSAMA BIN LADEN', 0.8), 'name_query carries its own threshold');
SELECT ok(name_query('OSAMA BIN LADEN', 0.8) %~ 'Usama bin Laden', 'and its commutator');
SELECT ok(name_match('OSAMA BIN LADEN', 'Usama bin Laden', 0.8), 'name_match ignores the setting');
SELECT is((SELECT count(*)::int FROM (VALUES ('JOHN SMITH'), ('MOHAMED ALI'), ('ALI MUHAMMAD'), ('X')) v(n)
            WHERE (n %~ 'Muhammad Ali') IS DISTINCT FROM (name_score(n, 'Muhammad Ali') >= 0.999)), 0,
          '%~ is name_score >= setting on every row');
SELECT is((SELECT count(*)::int FROM (VALUES ('a'), ('John Smith'), ('Jon Smyth'), ('Smith'), ('J Smith')) v(n)
            WHERE abs((n <~%> 'JOHN SMITH') - (1 - name_score('JOHN SMITH', n))) >= 1e-6), 0,
          '<~%> is 1 - name_score on every row');

-- Every form of the match agrees with name_score >= t (as reals) on every pair and threshold,
-- boundaries included: MENDEZ, B.V.B.A / MENDEZ NEDERLAND, B.V. computes as 0.79999999 and is
-- the real 0.8, so it matches at 0.8 in every form.
CREATE TEMP TABLE agree_names(n) AS VALUES ('Mendez, B.V.B.A'), ('Mendez Nederland, B.V.'), ('OSAMA BIN LADEN'),
  ('Usama bin Laden'), ('JOHN SMITH'), ('JON SMYTH'), ('JOHN PAUL SMITH'), ('MOHAMED ALI'), ('Muhammad Ali'),
  ('ALI MUHAMMAD'), ('Angela Merkel'), ('ANGELA MERKUR'), ('Pedro Sánchez'), ('PEDRO SANCHO'), ('Deutsche Bank AG'),
  ('Deutsche Bank GmbH'), ('Banco Santander S.A.'), ('Banco Santander Chile S.A.'), ('Сергей Иванов'), ('SERGEI IVANOV');
CREATE TEMP TABLE agree AS
SELECT a.n AS q, b.n AS c, t::real AS t, name_score(a.n, b.n) AS s
  FROM agree_names a, agree_names b, unnest(ARRAY[0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.95]) t;
SELECT is(ARRAY[name_score('Mendez, B.V.B.A', 'Mendez Nederland, B.V.') = 0.8::real,
                name_match('Mendez, B.V.B.A', 'Mendez Nederland, B.V.', 0.8)], ARRAY[true, true],
          'at the boundary (a pair whose score is the real 0.8) name_match at 0.8 says yes');
SELECT is((SELECT count(*)::int FROM agree WHERE name_match(q, c, t) IS DISTINCT FROM (s >= t)), 0,
          'name_match(q, c, t) is name_score(q, c) >= t on 3,600 pairs and thresholds');
SELECT is((SELECT count(*)::int FROM agree WHERE (c ~% name_query(q, t)) IS DISTINCT FROM (s >= t)
                                              OR (name_query(q, t) %~ c) IS DISTINCT FROM (s >= t)), 0,
          'so are both name_query operators');
SET LOCAL screening.match_threshold = 0.8;
SELECT is((SELECT ARRAY[count(*), count(*) FILTER (WHERE (c ~% q) IS DISTINCT FROM (s >= t)
                                                        OR (q %~ c) IS DISTINCT FROM (s >= t))]::int[]
             FROM agree WHERE t = 0.8::real), ARRAY[400, 0],
          'and the setting operators at screening.match_threshold = 0.8 (400 pairs, none differing)');

-- Thresholds are validated.
SELECT throws_ok($$SELECT name_match('a', 'b', 1.5)$$, '22023', 'match threshold 1.5 is out of range',
                 'name_match refuses a threshold above 1');
SELECT throws_ok($$SELECT name_match('a', 'b', -0.1)$$, '22023', NULL, 'and below 0');
SELECT throws_ok($$SELECT name_query('a', 'NaN')$$, '22023', NULL, 'and NaN');
SELECT is('b' ~% ROW('b', 7)::screening.name_query, false,
          'a hand-built name_query with a threshold name_query() refuses matches nothing (the operator is LEAKPROOF: no error)');
SELECT throws_ok($$SET screening.match_threshold = 1.5$$, '22023', NULL, 'the setting has bounds');
SELECT throws_ok($$SELECT name_score(repeat('A', 1025), 'A')$$, '22001', NULL, 'long names hit the cap');

-- Per-query caching gives the same answers as fresh calls (the constant side repeats).
SELECT is((SELECT array_agg(round(name_score(n, 'ALEKSANDR KOVALENKO')::numeric, 4) ORDER BY i)
             FROM unnest(ARRAY['ALEKSANDR KOVALENKO', 'ALIAKSANDR KAVALENKA', 'ALEKSANDR KOVALENKO', 'X'])
                  WITH ORDINALITY AS t(n, i)),
          ARRAY[1.0000, round(name_score('ALIAKSANDR KAVALENKA', 'ALEKSANDR KOVALENKO')::numeric, 4), 1.0000, 0.0000],
          'cached and uncached scores agree');

-- The dictionary is reloaded after a change, and the change is visible in this transaction.
SELECT cmp_ok(name_score('ZEBEDEE JONES', 'BARNABY JONES'), '<', 0.8::real, 'unknown names do not match');
INSERT INTO screening.name_equivalents (name, class, relation) VALUES ('Zebedee', 'BARNABY', 'user'), ('BARNABY', 'BARNABY', 'user');
SELECT cmp_ok(name_score('ZEBEDEE JONES', 'BARNABY JONES'), '>=', 0.85::real, 'a user equivalence takes effect at once');
SELECT is((SELECT class FROM screening.name_equivalents WHERE name = 'ZEBEDEE'), 'BARNABY', 'rows are normalized on insert');
SELECT throws_ok($$INSERT INTO screening.name_equivalents (name, class) VALUES ('TWO WORDS', 'X')$$, '23514', NULL,
                 'a name must be one token');

-- Rarity: analyzing a list makes its common tokens weigh less.
CREATE TEMP TABLE tiny_list(name text);
INSERT INTO tiny_list SELECT 'QWERTY ' || x FROM unnest(ARRAY['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO']) x;
SELECT cmp_ok(name_score('QWERTY ZULU', 'QWERTY YANKEE'), '>', 0::real, 'before analysis');
SELECT is(screening.analyze_token_frequencies('tiny_list', 'name'), 6::bigint, 'six distinct tokens analyzed');
SELECT is((SELECT share FROM screening.token_frequencies WHERE token = 'QWERTY'), 1::real, 'QWERTY is in every name');
SELECT cmp_ok(name_score('QWERTY ZULU', 'QWERTY YANKEE'), '<', 0.5::real,
              'a token every listed name has is weak evidence after analysis');
SELECT throws_ok($$SELECT screening.analyze_token_frequencies('tiny_list', 'nosuchcolumn')$$, '42703', NULL,
                 'an unknown column is an error');

-- Token metrics against known values (jellyfish / textbook).
SELECT is(round(jaro_winkler_similarity('MARTHA', 'MARHTA')::numeric, 4), 0.9611, 'Jaro-Winkler MARTHA/MARHTA');
SELECT is(osa_distance('CA', 'ABC'), 3, 'OSA CA/ABC is 3 (not 2: no substring edited twice)');
SELECT is(osa_distance_within('kitten', 'sitting', 2), 3, 'bounded OSA gives k+1 past the bound');
SELECT is(osa_distance('Юлия', 'Юля'), 1, 'metrics count code points, not bytes');
SELECT cmp_ok(confusion_edit_cost('MOHAMED', 'MOHAMMED'), '<', 0.5::float8, 'a doubled letter is cheap');
SELECT is(double_metaphone('Smith'), ARRAY['SM0', 'XMT'], 'Double Metaphone of SMITH');

-- The per-backend cache of prepared names (screening.prepared_name_cache) never changes a score:
-- the same pairs scored with it off, with a budget so small it empties every few names, and on.
CREATE TEMP TABLE cache_pairs AS
SELECT q.n AS query, c.n || CASE WHEN i % 3 = 0 THEN '' ELSE ' ' || i END AS candidate
  FROM (VALUES ('OSAMA BIN LADEN'), ('Сергей Иванов'), ('ACME TRADING LLC'), ('王小明'), ('J SMITH')) q(n),
       (VALUES ('USAMA BIN LADIN'), ('SERGEI IVANOV'), ('ACME TRADING L.L.C.'), ('WANG XIAOMING'),
               ('JOHN SMITH'), ('محمد بن سلمان')) c(n),
       generate_series(1, 40) i;
SET LOCAL screening.prepared_name_cache = 0;
CREATE TEMP TABLE cache_off AS SELECT query, candidate, name_score(query, candidate) s FROM cache_pairs;
SET LOCAL screening.prepared_name_cache = '64kB';
CREATE TEMP TABLE cache_tiny AS SELECT query, candidate, name_score(query, candidate) s FROM cache_pairs;
RESET screening.prepared_name_cache;
CREATE TEMP TABLE cache_on AS SELECT query, candidate, name_score(query, candidate) s FROM cache_pairs
  UNION ALL SELECT query, candidate, name_score(query, candidate) FROM cache_pairs;
SELECT is((SELECT count(*)::int FROM cache_off o JOIN cache_tiny t USING (query, candidate) WHERE o.s <> t.s), 0,
          'a cache that keeps emptying scores every pair as no cache does');
SELECT is((SELECT count(*)::int FROM cache_off o JOIN cache_on t USING (query, candidate) WHERE o.s <> t.s), 0,
          'a warm cache scores every pair as no cache does');
SELECT throws_ok($$SET screening.prepared_name_cache = -1$$, '22023', NULL, 'a negative cache budget is refused');

SELECT * FROM finish();
ROLLBACK;
