-- screening 0.1: install script.
--
-- Every object lives in the fixed schema @extschema@ (control file: schema =
-- screening, relocatable = false), every reference is schema-qualified, and
-- nothing uses CREATE OR REPLACE or IF NOT EXISTS: a pre-planted object with
-- the same name makes CREATE EXTENSION fail instead of being adopted
-- (CVE-2022-2625, CVE-2020-14350).

\echo Use "CREATE EXTENSION screening" to load this file. \quit

-- Names are UTF-8 throughout; refuse any other database encoding up front.
DO $check_encoding$
BEGIN
    IF pg_catalog.getdatabaseencoding() OPERATOR(pg_catalog.<>) 'UTF8' THEN
        RAISE EXCEPTION 'screening requires a UTF8 database'
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = pg_catalog.format('The database encoding is %s.', pg_catalog.getdatabaseencoding()),
                  HINT = 'Create the database with ENCODING ''UTF8''.';
    END IF;
END
$check_encoding$;

COMMENT ON SCHEMA @extschema@ IS 'screening: passenger-name screening against watchlists';

-- ---------------------------------------------------------------------------
-- Normalization (src/normalize_sql.c, src/core/sc_normalize.c)
-- IMMUTABLE: the result depends only on the argument, the tables compiled
-- into the library and, for some scripts, the ICU version; after an ICU
-- upgrade, REINDEX what is built on these functions (README).
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.name_normalize(name pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_name_normalize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_normalize(pg_catalog.text) IS
'canonical matching form of a name: uppercase A-Z, digits and single spaces; every script transliterated, look-alike letters resolved, titles and honorifics removed';

CREATE FUNCTION @extschema@.name_tokens(name pg_catalog.text)
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'screening_name_tokens'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_tokens(pg_catalog.text) IS
'the tokens of the normalized name, in written order';

CREATE FUNCTION @extschema@.name_token_kinds(name pg_catalog.text,
    OUT pos pg_catalog.int4, OUT token pg_catalog.text, OUT kind pg_catalog.text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'screening_name_token_kinds'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION @extschema@.name_token_kinds(pg_catalog.text) IS
'the tokens of the normalized name with their kind: name, particle (AL, BIN, VAN, DE ...), initial or number';

CREATE FUNCTION @extschema@.name_variants(name pg_catalog.text)
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'screening_name_variants'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_variants(pg_catalog.text) IS
'alternative normalized forms (canonical first, at most 16): other romanization schemes, expanded diacritics, spelling-family canonical forms, name orders';

CREATE FUNCTION @extschema@.name_script(name pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_name_script'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_script(pg_catalog.text) IS
'dominant script of the name as written (Unicode script name: Latin, Cyrillic, Arabic, Han, Japanese, Korean ...; Common when it has no letters)';

CREATE FUNCTION @extschema@.name_skeleton(name pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_name_skeleton'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_skeleton(pg_catalog.text) IS
'consonant skeleton of each normalized token (MUHAMMAD, MOHAMMED and Arabic MHMD all give MHMD)';

-- IMMUTABLE although it reports the library: the ICU a server runs on can
-- change only with a restart, and marking it IMMUTABLE lets it appear in the
-- same places as the functions whose output it explains.
CREATE FUNCTION @extschema@.icu_version()
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_icu_version'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.icu_version() IS
'version of the ICU library the extension runs on; normalized output for some scripts can change with it';

CREATE FUNCTION @extschema@.normalization_version()
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'screening_normalization_version'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normalization_version() IS
'version of the normalization rules; it changes whenever a normalized form could change';

-- Privileges, explicitly: the schema and the pure functions are for everyone.
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
GRANT EXECUTE ON FUNCTION
    @extschema@.name_normalize(pg_catalog.text),
    @extschema@.name_tokens(pg_catalog.text),
    @extschema@.name_token_kinds(pg_catalog.text),
    @extschema@.name_variants(pg_catalog.text),
    @extschema@.name_script(pg_catalog.text),
    @extschema@.name_skeleton(pg_catalog.text),
    @extschema@.icu_version(),
    @extschema@.normalization_version()
TO PUBLIC;

-- ---------------------------------------------------------------------------
-- Token metrics (src/score_sql.c, src/core/sc_metrics.c, sc_metaphone.c)
-- Named so as not to collide with fuzzystrmatch or pg_trgm.  Inputs are
-- limited to 1,024 bytes like names (SQLSTATE 22001).
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.jaro_winkler_similarity(a pg_catalog.text, b pg_catalog.text)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'screening_jaro_winkler_similarity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jaro_winkler_similarity(pg_catalog.text, pg_catalog.text) IS
'Jaro-Winkler similarity (prefix scale 0.1, at most 4) over code points, in [0, 1]';

CREATE FUNCTION @extschema@.osa_distance(a pg_catalog.text, b pg_catalog.text)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'screening_osa_distance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.osa_distance(pg_catalog.text, pg_catalog.text) IS
'Damerau-Levenshtein distance, optimal string alignment form (adjacent transpositions), over code points';

CREATE FUNCTION @extschema@.osa_distance_within(a pg_catalog.text, b pg_catalog.text, max_edits pg_catalog.int4)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'screening_osa_distance_within'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.osa_distance_within(pg_catalog.text, pg_catalog.text, pg_catalog.int4) IS
'optimal string alignment distance if at most max_edits (0 to 64), else max_edits + 1; stops early, O(max_edits x length)';

CREATE FUNCTION @extschema@.confusion_edit_cost(a pg_catalog.text, b pg_catalog.text)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'screening_confusion_edit_cost'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.confusion_edit_cost(pg_catalog.text, pg_catalog.text) IS
'edit cost charging less for confusions real data shows (OCR 0/O 1/I 5/S 8/B, C/K, I/Y, O/U, PH/F, KH/H, J/Y, doubled letters); at most the OSA distance';

CREATE FUNCTION @extschema@.double_metaphone(name pg_catalog.text)
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'screening_double_metaphone'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.double_metaphone(pg_catalog.text) IS
'Double Metaphone codes (max length 4) of each token of the normalized name: {primary, alternate}, tokens separated by spaces';

-- ---------------------------------------------------------------------------
-- The scorer's dictionary: given-name equivalences and token rarity
-- (src/dictionary.c).  Seeded from the project's tables at CREATE EXTENSION;
-- users add their own rows.  A statement trigger tells every backend to
-- reload after a committed change.  Only user rows are dumped by pg_dump.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.builtin_name_equivalents(
    OUT class pg_catalog.text, OUT name pg_catalog.text, OUT relation pg_catalog.text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'screening_builtin_name_equivalents'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.builtin_name_equivalents() IS
'the project''s given-name equivalences and nicknames (data/name_equivalents.tsv), as compiled into the library';

CREATE FUNCTION @extschema@.builtin_token_frequencies(OUT token pg_catalog.text, OUT share pg_catalog.text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'screening_builtin_token_frequencies'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.builtin_token_frequencies() IS
'the project''s default token rarity (data/token_frequencies.tsv), as compiled into the library';

CREATE FUNCTION @extschema@.dictionary_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'screening_dictionary_changed'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.dictionary_changed() IS
'statement trigger: makes every backend reload the scoring dictionary after the change commits';

-- Rows are normalized on the way in, so users may write 'Bill' or 'José'.
CREATE FUNCTION @extschema@.normalize_dictionary_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $normalize$
BEGIN
    IF TG_TABLE_NAME = 'name_equivalents' THEN
        NEW.class := screening.name_normalize(NEW.class);
        NEW.name := screening.name_normalize(NEW.name);
    ELSE
        NEW.token := screening.name_normalize(NEW.token);
    END IF;
    RETURN NEW;
END
$normalize$;
COMMENT ON FUNCTION @extschema@.normalize_dictionary_row() IS
'row trigger: normalizes the tokens of name_equivalents and token_frequencies';

CREATE TABLE @extschema@.name_equivalents (
    name pg_catalog.text PRIMARY KEY
        CHECK (name OPERATOR(pg_catalog.~) '^[A-Z0-9]{1,39}$'),
    class pg_catalog.text NOT NULL
        CHECK (class OPERATOR(pg_catalog.~) '^[A-Z0-9]{1,39}$'),
    relation pg_catalog.text NOT NULL DEFAULT 'user'
        CHECK (relation OPERATOR(pg_catalog.=) ANY (ARRAY['base', 'nickname', 'cross-language', 'user'])),
    origin pg_catalog.text NOT NULL DEFAULT 'user'
);
COMMENT ON TABLE @extschema@.name_equivalents IS
'given-name equivalences and nicknames the scorer treats as one name (WILLIAM, BILL; JOSEPH, YUSUF): each name belongs to one class; origin builtin rows come from the project';

CREATE TABLE @extschema@.token_frequencies (
    token pg_catalog.text PRIMARY KEY
        CHECK (token OPERATOR(pg_catalog.~) '^[A-Z0-9]{1,39}$'),
    share pg_catalog.float4 NOT NULL
        CHECK (share OPERATOR(pg_catalog.>) 0 AND share OPERATOR(pg_catalog.<=) 1),
    origin pg_catalog.text NOT NULL DEFAULT 'user'
);
COMMENT ON TABLE @extschema@.token_frequencies IS
'share of names containing each token: common tokens weigh less in name_score; analyze_token_frequencies fills it from a watchlist';

CREATE TRIGGER normalize_row BEFORE INSERT OR UPDATE ON @extschema@.name_equivalents
    FOR EACH ROW EXECUTE FUNCTION @extschema@.normalize_dictionary_row();
CREATE TRIGGER normalize_row BEFORE INSERT OR UPDATE ON @extschema@.token_frequencies
    FOR EACH ROW EXECUTE FUNCTION @extschema@.normalize_dictionary_row();
CREATE TRIGGER reload_dictionary AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.name_equivalents
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.dictionary_changed();
CREATE TRIGGER reload_dictionary AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.token_frequencies
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.dictionary_changed();

INSERT INTO @extschema@.name_equivalents (name, class, relation, origin)
SELECT b.name, b.class, b.relation, 'builtin' FROM @extschema@.builtin_name_equivalents() AS b;
INSERT INTO @extschema@.token_frequencies (token, share, origin)
SELECT b.token, b.share::pg_catalog.float4, 'builtin' FROM @extschema@.builtin_token_frequencies() AS b;

SELECT pg_catalog.pg_extension_config_dump('@extschema@.name_equivalents', 'WHERE origin <> ''builtin''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.token_frequencies', 'WHERE origin <> ''builtin''');

CREATE FUNCTION @extschema@.analyze_token_frequencies(source pg_catalog.regclass, name_column pg_catalog.name)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $analyze$
DECLARE
    names pg_catalog.int8;
    written pg_catalog.int8;
BEGIN
    EXECUTE pg_catalog.format('SELECT count(*) FROM %s WHERE %I IS NOT NULL', source, name_column)
        INTO names;
    IF names = 0 THEN
        RAISE EXCEPTION 'no names to analyze in column % of %', name_column, source
            USING ERRCODE = 'no_data_found';
    END IF;
    -- this analysis replaces the previous one of the same source
    DELETE FROM screening.token_frequencies WHERE origin = source::pg_catalog.text;
    EXECUTE pg_catalog.format(
        'INSERT INTO screening.token_frequencies (token, share, origin)
         SELECT t, (count(*)::float8 / %s)::float4, %L
           FROM (SELECT DISTINCT n.row_id, t
                   FROM (SELECT row_number() OVER () AS row_id, %I AS name FROM %s WHERE %I IS NOT NULL) n
                   CROSS JOIN LATERAL unnest(screening.name_tokens(n.name)) AS t
                  WHERE length(t) < 40) d
          GROUP BY t
         ON CONFLICT (token) DO UPDATE SET share = EXCLUDED.share, origin = EXCLUDED.origin',
        names, source::pg_catalog.text, name_column, source, name_column);
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$analyze$;
COMMENT ON FUNCTION @extschema@.analyze_token_frequencies(pg_catalog.regclass, pg_catalog.name) IS
'counts in how many names of a watchlist column each token occurs and stores the shares in token_frequencies (replacing built-in estimates for those tokens); returns the number of tokens written';

-- ---------------------------------------------------------------------------
-- The name score and the match operators (src/score_sql.c, src/core/sc_score.c)
-- query = the passenger's name, candidate = the listed name.  The score is
-- asymmetric on purpose (a passenger token the list lacks costs more), so
-- operators come in commutator pairs that keep the roles.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.name_score(query pg_catalog.text, candidate pg_catalog.text)
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'screening_name_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_score(pg_catalog.text, pg_catalog.text) IS
'how likely query (a passenger name) and candidate (a listed name) are one person''s: 0 to 1, 1 only for identical normalized names, never saturating';

CREATE FUNCTION @extschema@.name_distance(query pg_catalog.text, candidate pg_catalog.text)
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'screening_name_distance_qc'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_distance(pg_catalog.text, pg_catalog.text) IS
'1 - name_score(query, candidate), and 1 for scores below 0.5 (no match: non-matches are one tie, so top-k needs no full scan); the function of operator <%~>';

CREATE FUNCTION @extschema@.name_distance_from(candidate pg_catalog.text, query pg_catalog.text)
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'screening_name_distance_cq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_distance_from(pg_catalog.text, pg_catalog.text) IS
'name_distance with the listed name first: 1 - name_score(query, candidate), 1 below 0.5; the function of operator <~%> (ORDER BY listed_name <~%> query)';

CREATE FUNCTION @extschema@.name_match(query pg_catalog.text, candidate pg_catalog.text, threshold pg_catalog.float4)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'screening_name_match'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_match(pg_catalog.text, pg_catalog.text, pg_catalog.float4) IS
'name_score(query, candidate) >= threshold; the threshold (0 to 1) is an argument, so the function is IMMUTABLE and ships to Citus workers and postgres_fdw';

-- STABLE because they read the setting screening.match_threshold.
CREATE FUNCTION @extschema@.name_match_setting(query pg_catalog.text, candidate pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'screening_name_match_setting_qc'
LANGUAGE C STABLE STRICT PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_match_setting(pg_catalog.text, pg_catalog.text) IS
'name_score(query, candidate) >= screening.match_threshold; the function of operator %~';

CREATE FUNCTION @extschema@.name_match_setting_from(candidate pg_catalog.text, query pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'screening_name_match_setting_cq'
LANGUAGE C STABLE STRICT PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_match_setting_from(pg_catalog.text, pg_catalog.text) IS
'name_score(query, candidate) >= screening.match_threshold with the listed name first; the function of operator ~%';

CREATE TYPE @extschema@.name_query AS (name pg_catalog.text, threshold pg_catalog.float4);
COMMENT ON TYPE @extschema@.name_query IS
'a passenger name with its match threshold, for the IMMUTABLE operators: listed_name ~% screening.name_query(passenger, 0.8)';

CREATE FUNCTION @extschema@.name_query(name pg_catalog.text, threshold pg_catalog.float4)
RETURNS @extschema@.name_query
AS 'MODULE_PATHNAME', 'screening_name_query_make'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_query(pg_catalog.text, pg_catalog.float4) IS
'a name_query value; the threshold must be between 0 and 1';

CREATE FUNCTION @extschema@.name_query_match(candidate pg_catalog.text, query @extschema@.name_query)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'screening_name_query_match_cq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_query_match(pg_catalog.text, @extschema@.name_query) IS
'name_score(query.name, candidate) >= query.threshold; the function of operator ~% on name_query';

CREATE FUNCTION @extschema@.name_query_match_from(query @extschema@.name_query, candidate pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'screening_name_query_match_qc'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_query_match_from(@extschema@.name_query, pg_catalog.text) IS
'name_score(query.name, candidate) >= query.threshold; the function of operator %~ on name_query';

-- Selectivity: contsel and contjoinsel (a fixed 0.1 %).  matchingsel would
-- score the column's most common values and histogram with name_score at
-- every planning, about a millisecond, more than a whole indexed search.
CREATE OPERATOR @extschema@.%~ (
    LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text,
    FUNCTION = @extschema@.name_match_setting,
    COMMUTATOR = OPERATOR(@extschema@.~%),
    RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR @extschema@.%~ (pg_catalog.text, pg_catalog.text) IS
'passenger name matches listed name at screening.match_threshold';

CREATE OPERATOR @extschema@.~% (
    LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text,
    FUNCTION = @extschema@.name_match_setting_from,
    COMMUTATOR = OPERATOR(@extschema@.%~),
    RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR @extschema@.~% (pg_catalog.text, pg_catalog.text) IS
'listed name is matched by passenger name at screening.match_threshold';

CREATE OPERATOR @extschema@.~% (
    LEFTARG = pg_catalog.text, RIGHTARG = @extschema@.name_query,
    FUNCTION = @extschema@.name_query_match,
    COMMUTATOR = OPERATOR(@extschema@.%~),
    RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR @extschema@.~% (pg_catalog.text, @extschema@.name_query) IS
'listed name is matched by the passenger name at the threshold the name_query carries (IMMUTABLE)';

CREATE OPERATOR @extschema@.%~ (
    LEFTARG = @extschema@.name_query, RIGHTARG = pg_catalog.text,
    FUNCTION = @extschema@.name_query_match_from,
    COMMUTATOR = OPERATOR(@extschema@.~%),
    RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR @extschema@.%~ (@extschema@.name_query, pg_catalog.text) IS
'passenger name, at the threshold it carries, matches listed name (IMMUTABLE)';

CREATE OPERATOR @extschema@.<%~> (
    LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text,
    FUNCTION = @extschema@.name_distance,
    COMMUTATOR = OPERATOR(@extschema@.<~%>)
);
COMMENT ON OPERATOR @extschema@.<%~> (pg_catalog.text, pg_catalog.text) IS
'name distance, 1 - name_score(passenger, listed name), 1 below the 0.5 floor';

CREATE OPERATOR @extschema@.<~%> (
    LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text,
    FUNCTION = @extschema@.name_distance_from,
    COMMUTATOR = OPERATOR(@extschema@.<%~>)
);
COMMENT ON OPERATOR @extschema@.<~%> (pg_catalog.text, pg_catalog.text) IS
'name distance (1 - score, 1 below 0.5) with the listed name first, for ORDER BY listed_name <~%> passenger LIMIT k';

GRANT SELECT ON @extschema@.name_equivalents, @extschema@.token_frequencies TO PUBLIC;
GRANT EXECUTE ON FUNCTION
    @extschema@.jaro_winkler_similarity(pg_catalog.text, pg_catalog.text),
    @extschema@.osa_distance(pg_catalog.text, pg_catalog.text),
    @extschema@.osa_distance_within(pg_catalog.text, pg_catalog.text, pg_catalog.int4),
    @extschema@.confusion_edit_cost(pg_catalog.text, pg_catalog.text),
    @extschema@.double_metaphone(pg_catalog.text),
    @extschema@.builtin_name_equivalents(),
    @extschema@.builtin_token_frequencies(),
    @extschema@.name_score(pg_catalog.text, pg_catalog.text),
    @extschema@.name_distance(pg_catalog.text, pg_catalog.text),
    @extschema@.name_distance_from(pg_catalog.text, pg_catalog.text),
    @extschema@.name_match(pg_catalog.text, pg_catalog.text, pg_catalog.float4),
    @extschema@.name_match_setting(pg_catalog.text, pg_catalog.text),
    @extschema@.name_match_setting_from(pg_catalog.text, pg_catalog.text),
    @extschema@.name_query(pg_catalog.text, pg_catalog.float4),
    @extschema@.name_query_match(pg_catalog.text, @extschema@.name_query),
    @extschema@.name_query_match_from(@extschema@.name_query, pg_catalog.text)
TO PUBLIC;
-- ---------------------------------------------------------------------------
-- nameidx: the index access method (src/nameidx/nmutils.c has the design)
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.nameidx_handler(pg_catalog.internal)
RETURNS pg_catalog.index_am_handler
AS 'MODULE_PATHNAME', 'screening_nameidx_handler'
LANGUAGE C STRICT;
COMMENT ON FUNCTION @extschema@.nameidx_handler(pg_catalog.internal) IS
'the handler of the nameidx index access method';

CREATE ACCESS METHOD nameidx TYPE INDEX HANDLER @extschema@.nameidx_handler;
COMMENT ON ACCESS METHOD nameidx IS
'name screening index: finds every listed name that can match a passenger name at or above 0.5, exactly; serves ~%, %~ and ORDER BY <~%>';

CREATE OPERATOR CLASS @extschema@.text_name_ops
DEFAULT FOR TYPE pg_catalog.text USING nameidx AS
    OPERATOR 1 @extschema@.~% (pg_catalog.text, pg_catalog.text),
    OPERATOR 2 @extschema@.~% (pg_catalog.text, @extschema@.name_query),
    OPERATOR 3 @extschema@.<~%> (pg_catalog.text, pg_catalog.text) FOR ORDER BY pg_catalog.float_ops;
COMMENT ON OPERATOR CLASS @extschema@.text_name_ops USING nameidx IS
'listed names as nameidx keys: tokens, spelling families, skeletons, Double Metaphone, one-edit neighbourhoods, joined tokens';

CREATE FUNCTION @extschema@.nameidx_check(index pg_catalog.regclass, heapallindexed pg_catalog.bool DEFAULT false)
RETURNS pg_catalog.void
AS 'MODULE_PATHNAME', 'screening_nameidx_check'
LANGUAGE C STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.nameidx_check(pg_catalog.regclass, pg_catalog.bool) IS
'verifies a nameidx index''s invariants and, with heapallindexed, that every table row has all its postings; raises an error at the first fault';

CREATE FUNCTION @extschema@.nameidx_stats(index pg_catalog.regclass,
    OUT generation pg_catalog.int8, OUT pages pg_catalog.int8, OUT run_pages pg_catalog.int8,
    OUT directory_pages pg_catalog.int8, OUT pending_pages pg_catalog.int8, OUT free_pages pg_catalog.int8,
    OUT rows pg_catalog.int8, OUT run_postings pg_catalog.int8, OUT pending_postings pg_catalog.int8,
    OUT distinct_keys pg_catalog.int8, OUT pending_pages_limit pg_catalog.int4, OUT fillfactor pg_catalog.int4)
RETURNS record
AS 'MODULE_PATHNAME', 'screening_nameidx_stats'
LANGUAGE C STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.nameidx_stats(pg_catalog.regclass) IS
'what a nameidx index holds: pages by kind, rows, postings, distinct keys, frozen options (walks the index, checking it)';

CREATE FUNCTION @extschema@.nameidx_candidates(index pg_catalog.regclass, passenger pg_catalog.text, threshold pg_catalog.float4,
    OUT keys pg_catalog.int4, OUT postings pg_catalog.int8, OUT candidates pg_catalog.int8, OUT coverage_rule pg_catalog.bool)
RETURNS record
AS 'MODULE_PATHNAME', 'screening_nameidx_candidates'
LANGUAGE C STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.nameidx_candidates(pg_catalog.regclass, pg_catalog.text, pg_catalog.float4) IS
'what a search for passenger at threshold reads in a nameidx index: keys probed, postings read, rows the executor would recheck, whether the coverage rule applied';

-- Reading every page of an index is for its owner; superusers grant more.
REVOKE ALL ON FUNCTION @extschema@.nameidx_check(pg_catalog.regclass, pg_catalog.bool) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.nameidx_stats(pg_catalog.regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.nameidx_candidates(pg_catalog.regclass, pg_catalog.text, pg_catalog.float4) FROM PUBLIC;

-- Changing the dictionary is for the table owner (and, later, the admin role).
REVOKE ALL ON FUNCTION @extschema@.analyze_token_frequencies(pg_catalog.regclass, pg_catalog.name) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Person-level screening (src/person_sql.c, src/core/sc_person.c, sc_date.c,
-- sc_country.c, sc_document.c): partial birth dates, countries, genders,
-- document numbers, and a score that combines them with the name score.
-- Parsers come strict (an error with a precise SQLSTATE) and lenient (try_:
-- NULL for the same input).  IMMUTABLE: the results depend on the arguments
-- and the compiled tables only; the profile is an argument, never a setting.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.birth_date(value pg_catalog.text, reference_year pg_catalog.int4 DEFAULT 0)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_birth_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.birth_date(pg_catalog.text, pg_catalog.int4) IS
'a birth date as lists write it (1972-05-25, 25.05.1972, 25 MAY 1972, 1972-05, 1972, about 1960, between 1973 and 1974; YYMMDD with reference_year) in canonical text: 1972-05-25, 1972-05, 1972, ~1960, 1973/1974; an error (22007, 22008) for unreadable or impossible dates';

CREATE FUNCTION @extschema@.try_birth_date(value pg_catalog.text, reference_year pg_catalog.int4 DEFAULT 0)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_try_birth_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.try_birth_date(pg_catalog.text, pg_catalog.int4) IS
'birth_date, but NULL where birth_date raises an error';

CREATE FUNCTION @extschema@.birth_date_relation(a pg_catalog.text, b pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_birth_date_relation'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.birth_date_relation(pg_catalog.text, pg_catalog.text) IS
'how two birth dates relate: same, compatible, dummy_jan1, swapped, near, year_off or different';

CREATE FUNCTION @extschema@.country_code(value pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_country_code'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.country_code(pg_catalog.text) IS
'the ISO 3166 alpha-2 code of a country written as a code (AF, AFG, 004), an English name (Syrian Arab Republic) or an adjective (Afghan); historical codes kept (SU); an error (22023) if unknown';

CREATE FUNCTION @extschema@.try_country_code(value pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_try_country_code'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.try_country_code(pg_catalog.text) IS
'country_code, but NULL where country_code raises an error';

CREATE FUNCTION @extschema@.gender_code(value pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_gender_code'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gender_code(pg_catalog.text) IS
'M, F, X (unspecified) or U (unknown) from a code or an English word; an error (22023) otherwise';

CREATE FUNCTION @extschema@.try_gender_code(value pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_try_gender_code'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.try_gender_code(pg_catalog.text) IS
'gender_code, but NULL where gender_code raises an error';

CREATE FUNCTION @extschema@.document_number(value pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_document_number'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.document_number(pg_catalog.text) IS
'a document number folded for comparison: uppercase letters and digits, separators dropped; an error (22023) if nothing is left or other characters remain';

CREATE FUNCTION @extschema@.try_document_number(value pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_try_document_number'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.try_document_number(pg_catalog.text) IS
'document_number, but NULL where document_number raises an error';

CREATE FUNCTION @extschema@.document_relation(a pg_catalog.text, b pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_document_relation'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.document_relation(pg_catalog.text, pg_catalog.text) IS
'how two document numbers relate: same, ocr (equal once O/0, I/L/1, S/5, B/8, Z/2 and leading zeros are folded) or different';

-- A person as screening sees one: every name (the primary first, then the
-- aliases), the weak aliases apart, and what else is known.  Birth dates,
-- nationalities and documents are lists because lists carry several;
-- documents and document_countries pair by position.
CREATE TYPE @extschema@.person AS (
    names pg_catalog.text[],
    weak_names pg_catalog.text[],
    birth_dates pg_catalog.text[],
    gender pg_catalog.text,
    nationalities pg_catalog.text[],
    documents pg_catalog.text[],
    document_countries pg_catalog.text[]
);
COMMENT ON TYPE @extschema@.person IS
'a traveller or a listed person: names (primary first, then aliases), weak_names (UN Low-quality aliases, OFAC weak a.k.a.s), birth_dates, gender, nationalities, documents with their issuing countries';

CREATE FUNCTION @extschema@.person(
    name pg_catalog.text DEFAULT NULL,
    aliases pg_catalog.text[] DEFAULT NULL,
    weak_aliases pg_catalog.text[] DEFAULT NULL,
    birth_date pg_catalog.text DEFAULT NULL,
    birth_dates pg_catalog.text[] DEFAULT NULL,
    gender pg_catalog.text DEFAULT NULL,
    nationality pg_catalog.text DEFAULT NULL,
    nationalities pg_catalog.text[] DEFAULT NULL,
    document pg_catalog.text DEFAULT NULL,
    document_country pg_catalog.text DEFAULT NULL)
RETURNS @extschema@.person
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ROW(
    pg_catalog.array_remove(pg_catalog.array_prepend(name, COALESCE(aliases, '{}')), NULL),
    weak_aliases,
    pg_catalog.array_remove(pg_catalog.array_prepend(birth_date, COALESCE(birth_dates, '{}')), NULL),
    gender,
    pg_catalog.array_remove(pg_catalog.array_prepend(nationality, COALESCE(nationalities, '{}')), NULL),
    CASE WHEN document IS NULL THEN NULL ELSE pg_catalog.array_prepend(document, '{}') END,
    CASE WHEN document IS NULL THEN NULL ELSE pg_catalog.array_prepend(document_country, '{}') END
)::@extschema@.person;
COMMENT ON FUNCTION @extschema@.person(pg_catalog.text, pg_catalog.text[], pg_catalog.text[], pg_catalog.text, pg_catalog.text[], pg_catalog.text, pg_catalog.text, pg_catalog.text[], pg_catalog.text, pg_catalog.text) IS
'a screening.person from named parts, each optional: person(name => ..., birth_date => ..., nationality => ...)';

CREATE FUNCTION @extschema@.person_score(traveller @extschema@.person, listed @extschema@.person,
    profile pg_catalog.text DEFAULT 'balanced')
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'screening_person_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 200;
COMMENT ON FUNCTION @extschema@.person_score(@extschema@.person, @extschema@.person, pg_catalog.text) IS
'the best name evidence over all names and aliases (weak aliases discounted), lowered by contradicting birth date, gender or nationality, raised to a match by the same document; profile high_recall, balanced or high_precision';

CREATE FUNCTION @extschema@.person_match(traveller @extschema@.person, listed @extschema@.person,
    profile pg_catalog.text DEFAULT 'balanced')
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'screening_person_match'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 200;
COMMENT ON FUNCTION @extschema@.person_match(@extschema@.person, @extschema@.person, pg_catalog.text) IS
'person_score at or above the profile''s threshold';

CREATE FUNCTION @extschema@.explain_match(traveller @extschema@.person, listed @extschema@.person,
    profile pg_catalog.text DEFAULT 'balanced')
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'screening_explain_match'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 500;
COMMENT ON FUNCTION @extschema@.explain_match(@extschema@.person, @extschema@.person, pg_catalog.text) IS
'why person_score is what it is: the listed name used, the token alignment, each qualifier''s relation and factor, the document, the score, threshold, verdict and algorithm versions (keys documented in README)';

CREATE FUNCTION @extschema@.explain_match_rows(traveller @extschema@.person, listed @extschema@.person,
    profile pg_catalog.text DEFAULT 'balanced',
    OUT item pg_catalog.text, OUT traveller_value pg_catalog.text, OUT listed_value pg_catalog.text,
    OUT relation pg_catalog.text, OUT similarity pg_catalog.float4, OUT factor pg_catalog.float4)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'screening_explain_match_rows'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 500 ROWS 12;
COMMENT ON FUNCTION @extschema@.explain_match_rows(@extschema@.person, @extschema@.person, pg_catalog.text) IS
'explain_match as flat rows for tools that cannot read JSON: item name, token, birth_date, gender, nationality, document, and a last row score (similarity = score, factor = threshold)';

GRANT EXECUTE ON FUNCTION
    @extschema@.birth_date(pg_catalog.text, pg_catalog.int4),
    @extschema@.try_birth_date(pg_catalog.text, pg_catalog.int4),
    @extschema@.birth_date_relation(pg_catalog.text, pg_catalog.text),
    @extschema@.country_code(pg_catalog.text),
    @extschema@.try_country_code(pg_catalog.text),
    @extschema@.gender_code(pg_catalog.text),
    @extschema@.try_gender_code(pg_catalog.text),
    @extschema@.document_number(pg_catalog.text),
    @extschema@.try_document_number(pg_catalog.text),
    @extschema@.document_relation(pg_catalog.text, pg_catalog.text),
    @extschema@.person(pg_catalog.text, pg_catalog.text[], pg_catalog.text[], pg_catalog.text, pg_catalog.text[], pg_catalog.text, pg_catalog.text, pg_catalog.text[], pg_catalog.text, pg_catalog.text),
    @extschema@.person_score(@extschema@.person, @extschema@.person, pg_catalog.text),
    @extschema@.person_match(@extschema@.person, @extschema@.person, pg_catalog.text),
    @extschema@.explain_match(@extschema@.person, @extschema@.person, pg_catalog.text),
    @extschema@.explain_match_rows(@extschema@.person, @extschema@.person, pg_catalog.text)
TO PUBLIC;
