-- 010_normalize.sql - the normalization functions as SQL objects: properties, errors, edge cases.
BEGIN;
SELECT plan(27);

-- Declared as the brief requires: pure, strict, parallel safe, documented.
SELECT is(
    (SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'screening' AND p.proname IN
        ('name_normalize', 'name_tokens', 'name_token_kinds', 'name_variants', 'name_script',
         'name_skeleton', 'icu_version', 'normalization_version')
        AND p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's'
        AND obj_description(p.oid, 'pg_proc') IS NOT NULL),
    8, 'normalization functions are IMMUTABLE STRICT PARALLEL SAFE and commented');
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'screening' AND p.prosecdef), 0, 'no SECURITY DEFINER function');

-- STRICT: NULL in, NULL out.
SELECT ok(screening.name_normalize(NULL) IS NULL, 'name_normalize(NULL) is NULL');
SELECT ok(screening.name_variants(NULL) IS NULL, 'name_variants(NULL) is NULL');
SELECT ok(screening.name_tokens(NULL) IS NULL, 'name_tokens(NULL) is NULL');

-- Documented results for empty and punctuation-only input.
SELECT is(screening.name_normalize(''), '', 'empty name normalizes to the empty string');
SELECT is(screening.name_normalize(' ,.-/''" '), '', 'punctuation-only normalizes to the empty string');
SELECT is(screening.name_tokens(''), '{}'::text[], 'empty name has no tokens');
SELECT is(screening.name_variants(''), '{""}'::text[], 'empty name has one variant, the empty string');
SELECT is(screening.name_script(''), 'Common', 'empty name has no script (Common)');
SELECT is(screening.name_skeleton('...'), '', 'punctuation-only skeleton is empty');

-- The length cap is an error with SQLSTATE 22001, never a silent truncation.
SELECT throws_ok($$SELECT screening.name_normalize(repeat('A', 1025))$$, '22001', NULL,
                 'name_normalize refuses 1025 bytes');
SELECT throws_ok($$SELECT screening.name_variants(repeat('Ж', 513))$$, '22001', NULL,
                 'name_variants refuses 1026 bytes of Cyrillic');
SELECT throws_ok($$SELECT screening.name_tokens(repeat('x ', 600))$$, '22001', NULL,
                 'name_tokens refuses 1200 bytes');
SELECT throws_ok($$SELECT screening.name_skeleton(repeat('a', 1048576))$$, '22001', NULL,
                 'a 1 MB name is refused cleanly');
SELECT lives_ok($$SELECT screening.name_normalize(repeat('Ж', 512))$$, '1024 bytes are accepted');

-- Deterministic on what is not a name.
SELECT is(screening.name_normalize(U&'\+01F600\+01F4A9'), '', 'emoji only gives the empty string');
SELECT is(screening.name_normalize(U&'\0301\0308'), '', 'lone combining marks give the empty string');
SELECT is(screening.name_normalize('AB' || U&'\0378' || 'CD'), 'ABCD', 'unassigned code points are dropped');
SELECT is(screening.name_normalize('Ab' || U&'\0411\05D0\0628\4E00\AC00\3042'),
          screening.name_normalize('Ab' || U&'\0411\05D0\0628\4E00\AC00\3042'), 'mixed scripts are deterministic');
SELECT ok(screening.name_normalize(U&'\0041\0301\0041\0301') = 'AA', 'composed and decomposed forms agree');

-- Idempotence on every script in the gallery.
SELECT is((SELECT count(*)::int FROM (VALUES ('Юлия Щеглова'), ('محمد بن سلمان'), ('习近平'), ('김정은'),
             ('Αλέξης Τσίπρας'), ('Jürgen Müller'), ('SMITH/JOHNMR'), ('ทักษิณ ชินวัตร')) v(n)
           WHERE screening.name_normalize(screening.name_normalize(n)) <> screening.name_normalize(n)),
          0, 'normalizing twice changes nothing');

-- Variants: bounded, canonical first, no duplicates.
SELECT ok((SELECT bool_and(cardinality(screening.name_variants(n)) BETWEEN 1 AND 16
                           AND (screening.name_variants(n))[1] = screening.name_normalize(n))
             FROM (VALUES ('Юлия Щеглова'), ('习近平'), ('김정은'), ('Jürgen Müller'), ('MOHAMED')) v(n)),
          'variants are 1 to 16, canonical first');
SELECT is((SELECT count(*)::int FROM unnest(screening.name_variants('Юлия Щеглова')) v
            GROUP BY v HAVING count(*) > 1), NULL, 'no duplicate variants');

-- Versions are reported.
SELECT matches(screening.icu_version(), '^[0-9]+\.[0-9]+', 'icu_version looks like a version');
SELECT is(screening.normalization_version(), 2, 'normalization rules version 2 (2: glued titles stripped to a fixed point)');

-- Token kinds.
SELECT is((SELECT array_agg(kind ORDER BY pos) FROM screening.name_token_kinds('J. van der Berg 3')),
          '{initial,particle,particle,name,number}'::text[], 'initial, particles, name, number');

SELECT * FROM finish();
ROLLBACK;
