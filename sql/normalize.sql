--
-- normalize: the normalization layer's SQL surface.
-- Expected forms follow ICAO Doc 9303 Part 3 (Latin, Cyrillic), the national
-- systems in data/cyrillic.tsv, UNGEGN (Greek), Hepburn (kana) and Hanyu
-- Pinyin; see test/unit/test_normalize.c for the per-script reasoning.
--
SET client_min_messages = warning;

-- Every function is IMMUTABLE STRICT PARALLEL SAFE and documented.
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS documented
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'screening'
  AND p.proname IN ('name_normalize', 'name_tokens', 'name_token_kinds', 'name_variants',
                    'name_script', 'name_skeleton', 'icu_version', 'normalization_version')
ORDER BY p.proname COLLATE "C";

-- A gallery of names, one per script or rule.
SELECT name, screening.name_normalize(name) AS normalized, screening.name_script(name) AS script
FROM (VALUES
    ('O''Brien, Seán'),
    ('Jean-Pierre Lefèvre'),
    ('Mr. John Smith Jr.'),
    ('SMITH/JOHNMR'),
    ('Jürgen Müller'),
    ('Øyvind Ærø'),
    ('Юлия Щеглова'),
    ('Святлана Ціханоўская'),
    ('Александар Вучић'),
    ('محمد بن سلمان'),
    ('صدام حسين التكريتي'),
    ('Αλέξης Τσίπρας'),
    ('Նիկոլ Փաշինյան'),
    ('नरेन्द्र मोदी'),
    ('习近平'),
    ('김정은'),
    ('やまもと たろう'),
    ('יוסף כהן'),
    ('J' || U&'\041E' || 'HN SMITH'),
    ('JO' || U&'\200B' || 'HN SMITH'),
    (''),
    ('---')
) AS g(name)
ORDER BY name COLLATE "C";

-- Tokens and their kinds: particles are marked, not removed.
SELECT * FROM screening.name_token_kinds('Abdul Rahman bin Ali al-Hashimi');
SELECT * FROM screening.name_token_kinds('Maria de la Cruz y Gomez');
SELECT screening.name_tokens('van der Berg, J.');

-- Variants: the canonical form first, then the other readings.
SELECT screening.name_variants('Jürgen Müller');
SELECT screening.name_variants('MOHAMED ALI');
SELECT screening.name_variants('Юлия Щеглова');
SELECT screening.name_variants('习近平');
SELECT screening.name_variants('JOHN SMITH');

-- Skeletons bridge vowel-less scripts and their romanizations.
SELECT screening.name_skeleton('محمد حسين'), screening.name_skeleton('MOHAMMED HUSSEIN'),
       screening.name_skeleton('Muhammad Husayn');

-- NULL in, NULL out (STRICT); empty and punctuation-only give the empty string.
SELECT screening.name_normalize(NULL) IS NULL AS null_is_null,
       screening.name_normalize('') = '' AS empty_is_empty,
       screening.name_tokens('!!') = '{}'::text[] AS no_tokens;

-- Too long is an error (22001), never a truncation.
\set VERBOSITY default
SELECT screening.name_normalize(repeat('A', 1025));
SELECT length(screening.name_normalize(repeat('A', 1024)));
SELECT screening.name_variants(repeat('Ж', 600));
