-- 030_un_original_script.sql - UN list names in Arabic and Cyrillic script against their Latin forms.
--
-- The UN Consolidated List gives NAME_ORIGINAL_SCRIPT beside the Latin
-- FIRST..FOURTH_NAME of 336 individuals (327 Arabic, 9 Cyrillic).  A Latin
-- token is bridged when some variant of the original-script name has a
-- token equal to it, within one edit of it, or with the same consonant
-- skeleton; a person is bridged when all of their Latin name tokens
-- (particles aside) are, under the Latin variant that bridges best.  The
-- floors are just under what this version measures, so a regression in
-- transliteration fails here.  What remains unbridged is mostly Maghrebi
-- French spellings (AKKACHA for عكاشة), Egyptian G for ج (RAGAB), and
-- compounds split differently on each side, which the scorer handles.  Reads the shared data
-- folder (psql variable data_dir; run_all.sh passes it).
BEGIN;
SELECT plan(5);

\set un_file :data_dir '/watchlists/un_consolidated.xml'
SELECT ok((pg_stat_file(:'un_file', true)).size IS NOT NULL,
          'shared data: ' || :'un_file' || ' is readable (set SCREENING_DATA_DIR if this fails)');

CREATE TEMP TABLE un_people AS
SELECT (xpath('string(/*/DATAID)', p))[1]::text AS dataid,
       (xpath('string(/*/NAME_ORIGINAL_SCRIPT)', p))[1]::text AS original,
       concat_ws(' ', (xpath('string(/*/FIRST_NAME)', p))[1]::text, (xpath('string(/*/SECOND_NAME)', p))[1]::text,
                      (xpath('string(/*/THIRD_NAME)', p))[1]::text, (xpath('string(/*/FOURTH_NAME)', p))[1]::text) AS latin
FROM unnest(xpath('//INDIVIDUAL', pg_read_file(:'un_file')::xml)) AS p
WHERE (xpath('string(/*/NAME_ORIGINAL_SCRIPT)', p))[1]::text ~ '[[:alpha:]]';

-- Every Latin token of every variant of the Latin name (the spelling-family
-- variant joins ABD ALLAH into ABDULLAH, as the original script writes it).
CREATE TEMP TABLE un_tokens AS
SELECT u.dataid, u.original, lv.form, k.token,
       EXISTS (SELECT 1
                 FROM unnest(screening.name_variants(u.original)) v
                 CROSS JOIN LATERAL unnest(screening.name_tokens(v)) t
                WHERE t = k.token OR levenshtein(t, k.token) <= 1
                   OR screening.name_skeleton(t) = screening.name_skeleton(k.token)) AS bridged
FROM un_people u
CROSS JOIN LATERAL unnest(screening.name_variants(u.latin)) AS lv(form)
CROSS JOIN LATERAL screening.name_token_kinds(lv.form) k
WHERE k.kind IN ('name', 'number');

-- Per person, the Latin variant that bridges best.
CREATE TEMP TABLE un_best AS
SELECT DISTINCT ON (dataid) dataid, original, form, count(*) AS tokens,
       sum(bridged::int) AS bridged, bool_and(bridged) AS all_bridged
FROM un_tokens
GROUP BY dataid, original, form
ORDER BY dataid, avg(bridged::int) DESC, count(*) DESC;

SELECT cmp_ok((SELECT count(*)::int FROM un_people), '>=', 330, 'UN individuals with an original-script name');

SELECT diag('bridged tokens: ' || round(100.0 * sum(bridged) / sum(tokens), 1) || '% of ' || sum(tokens))
FROM un_best;
SELECT diag('bridged people: ' || round(100.0 * avg(all_bridged::int), 1) || '% of ' || count(*))
FROM un_best;

SELECT cmp_ok((SELECT round(100.0 * sum(bridged) / sum(tokens), 1) FROM un_best), '>=', 93.0::numeric,
              'at least 93% of Latin name tokens are bridged from the original script (measured 93.6%)');
SELECT cmp_ok((SELECT round(100.0 * avg(all_bridged::int), 1) FROM un_best),
              '>=', 80.0::numeric, 'at least 80% of people have every name token bridged (measured 81.0%)');
SELECT cmp_ok((SELECT round(100.0 * sum(bridged) / sum(tokens), 1) FROM un_best WHERE original ~ '[А-я]'),
              '>=', 96.0::numeric, 'Cyrillic originals: at least 96% of tokens bridged (measured 96.4%)');

SELECT * FROM finish();
ROLLBACK;
