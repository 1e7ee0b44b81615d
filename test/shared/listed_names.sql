-- listed_names.sql - every distinct name of the real lists in the shared data, as TEMP TABLE listed_names(name).
--
-- The names of OFAC's SDN list (2021, with its aliases), OFAC's consolidated
-- non-SDN list (2025, with aliases) and the UN Consolidated List (people and
-- entities, their aliases and original-script names), as written on the
-- lists.  xpath() on an element taken out of the document evaluates from a
-- document node above it, hence the /*/ in the paths.  Included with \ir by test/pgtap/050_nameidx_watchlists.sql and
-- test/bench/nameidx_real_sql.sql; needs the psql variable data_dir.
\set sdn_file :data_dir '/watchlists/ofac_sdn_2021/sdn.csv'
\set alt_file :data_dir '/watchlists/ofac_sdn_2021/alt.csv'
\set cons_file :data_dir '/watchlists/ofac_cons_2025/cons_prim.csv'
\set cons_alt_file :data_dir '/watchlists/ofac_cons_2025/cons_alt.csv'
\set un_file :data_dir '/watchlists/un_consolidated.xml'

-- Every listed name, once.
CREATE TEMP TABLE listed_names AS
WITH ofac AS (
    SELECT (regexp_match(line, '^[0-9]+,"((?:[^"]|"")*)"'))[1] AS name
    FROM regexp_split_to_table(pg_read_file(:'sdn_file'), E'\r?\n') line
    UNION ALL
    SELECT (regexp_match(line, '^[0-9]+,"((?:[^"]|"")*)"'))[1]
    FROM regexp_split_to_table(pg_read_file(:'cons_file'), E'\r?\n') line
    UNION ALL
    SELECT (regexp_match(line, '^[0-9]+,[0-9]+,"[^"]*","((?:[^"]|"")*)"'))[1]
    FROM regexp_split_to_table(pg_read_file(:'alt_file'), E'\r?\n') line
    UNION ALL
    SELECT (regexp_match(line, '^[0-9]+,[0-9]+,"[^"]*","((?:[^"]|"")*)"'))[1]
    FROM regexp_split_to_table(pg_read_file(:'cons_alt_file'), E'\r?\n') line
), un_doc AS (
    SELECT pg_read_file(:'un_file')::xml AS doc
), un AS (
    SELECT concat_ws(' ', (xpath('string(/*/FIRST_NAME)', p))[1]::text, (xpath('string(/*/SECOND_NAME)', p))[1]::text,
                          (xpath('string(/*/THIRD_NAME)', p))[1]::text, (xpath('string(/*/FOURTH_NAME)', p))[1]::text) AS name
    FROM un_doc, unnest(xpath('//INDIVIDUAL | //ENTITY', doc)) p
    UNION ALL
    SELECT (xpath('string(/*/NAME_ORIGINAL_SCRIPT)', p))[1]::text
    FROM un_doc, unnest(xpath('//INDIVIDUAL | //ENTITY', doc)) p
    UNION ALL
    SELECT (xpath('string(/*/ALIAS_NAME)', a))[1]::text
    FROM un_doc, unnest(xpath('//INDIVIDUAL_ALIAS | //ENTITY_ALIAS', doc)) a
)
SELECT DISTINCT replace(name, '""', '"') AS name
FROM (SELECT name FROM ofac UNION ALL SELECT name FROM un) n
WHERE name ~ '[[:alpha:]]';
