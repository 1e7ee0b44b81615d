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

-- The schema must be ours and empty: one that another role created, or that
-- already holds functions, operators, types or tables, could carry
-- look-alikes of what this script creates or calls (the CVE-2022-2625 and
-- CVE-2023-39417 patterns).  CREATE EXTENSION creates it, owned by the
-- installing superuser, when it does not exist.
DO $check_schema$
DECLARE
    ns pg_catalog.oid := '@extschema@'::pg_catalog.regnamespace;
BEGIN
    IF (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.oid OPERATOR(pg_catalog.=) ns)
           OPERATOR(pg_catalog.<>) (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER)
       OR EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) ns)
       OR EXISTS (SELECT FROM pg_catalog.pg_operator o WHERE o.oprnamespace OPERATOR(pg_catalog.=) ns)
       OR EXISTS (SELECT FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) ns)
       OR EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) ns) THEN
        RAISE EXCEPTION 'schema % must be created by CREATE EXTENSION screening, or be empty and owned by the installing role', ns::pg_catalog.regnamespace
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Drop or rename the existing schema, then create the extension again.';
    END IF;
END
$check_schema$;

-- The two roles of the workflow (privileges at its end).  Roles belong to the
-- cluster, so a second database finds them; an existing role is used as it
-- is.  (Pre-creating one gains nothing: whoever can create roles can already
-- grant themselves membership in any non-superuser role.)
DO $roles$
DECLARE
    r pg_catalog.text;
BEGIN
    FOREACH r IN ARRAY ARRAY['screening_analyst', 'screening_admin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) r) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$roles$;

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
    EXECUTE pg_catalog.format('SELECT count(*) FROM %s WHERE %I IS NOT NULL', source, name_column)  -- %s: source, a regclass
        INTO names;
    IF names = 0 THEN
        RAISE EXCEPTION 'no names to analyze in column % of %', name_column, source
            USING ERRCODE = 'no_data_found';
    END IF;
    -- this analysis replaces the previous one of the same source
    DELETE FROM screening.token_frequencies WHERE origin = source::pg_catalog.text;
    EXECUTE pg_catalog.format(  -- %s: names (int8), source (regclass)
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
LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_distance(pg_catalog.text, pg_catalog.text) IS
'1 - name_score(query, candidate), and 1 for scores below 0.5 (no match: non-matches are one tie, so top-k needs no full scan); the function of operator <%~>';

CREATE FUNCTION @extschema@.name_distance_from(candidate pg_catalog.text, query pg_catalog.text)
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'screening_name_distance_cq'
LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
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
LANGUAGE C STABLE STRICT LEAKPROOF PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_match_setting(pg_catalog.text, pg_catalog.text) IS
'name_score(query, candidate) >= screening.match_threshold; the function of operator %~';

CREATE FUNCTION @extschema@.name_match_setting_from(candidate pg_catalog.text, query pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'screening_name_match_setting_cq'
LANGUAGE C STABLE STRICT LEAKPROOF PARALLEL SAFE
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
LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    COST 50;
COMMENT ON FUNCTION @extschema@.name_query_match(pg_catalog.text, @extschema@.name_query) IS
'name_score(query.name, candidate) >= query.threshold; the function of operator ~% on name_query';

CREATE FUNCTION @extschema@.name_query_match_from(query @extschema@.name_query, candidate pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'screening_name_query_match_qc'
LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
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

-- ---------------------------------------------------------------------------
-- Watchlists (loaders in PL/pgSQL; the UN XML through xpath, OFAC's legacy
-- CSV through ofac_csv_fields).  Every load is a new version of its source:
-- old versions stay queryable, list_changes compares two, list_current and
-- list_persons give the newest of each source.  The tables are marked for
-- pg_dump (pg_extension_config_dump): their rows are the user's data.
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.list_versions (
    version_id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source pg_catalog.text NOT NULL,
    published pg_catalog.timestamptz,
    content_hash pg_catalog.text NOT NULL,
    loaded_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
    entities pg_catalog.int4 NOT NULL DEFAULT 0,
    UNIQUE (source, content_hash)
);
COMMENT ON TABLE @extschema@.list_versions IS
'one row per loaded version of a watchlist: its source (un, ofac_sdn, ofac_cons), publication time as the list states it, SHA-256 of the loaded text, load time and entity count';

CREATE TABLE @extschema@.list_entities (
    version_id pg_catalog.int8 NOT NULL REFERENCES @extschema@.list_versions ON DELETE CASCADE,
    entity_key pg_catalog.text NOT NULL,
    kind pg_catalog.text NOT NULL CHECK (kind IN ('individual', 'entity', 'vessel', 'aircraft')),
    primary_name pg_catalog.text NOT NULL,
    gender pg_catalog.text,
    programs pg_catalog.text[],
    listed_on pg_catalog.date,
    remarks pg_catalog.text,
    content_hash pg_catalog.text,
    PRIMARY KEY (version_id, entity_key)
);
COMMENT ON TABLE @extschema@.list_entities IS
'listed people and organisations per version; entity_key is the list''s own stable id (UN REFERENCE_NUMBER, OFAC ent_num); content_hash changes when anything screening uses changes';

CREATE TABLE @extschema@.list_names (
    version_id pg_catalog.int8 NOT NULL,
    entity_key pg_catalog.text NOT NULL,
    name pg_catalog.text NOT NULL,
    kind pg_catalog.text NOT NULL CHECK (kind IN ('primary', 'alias', 'weak_alias', 'previous', 'original_script')),
    quality pg_catalog.text,
    FOREIGN KEY (version_id, entity_key) REFERENCES @extschema@.list_entities ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.list_names IS
'every name of a listed entity with its kind (weak_alias: UN Low quality, OFAC weak a.k.a. from Remarks; previous: f.k.a.) and the list''s quality word; index name with nameidx to screen';

CREATE TABLE @extschema@.list_birth_dates (
    version_id pg_catalog.int8 NOT NULL,
    entity_key pg_catalog.text NOT NULL,
    birth_date pg_catalog.text,
    kind pg_catalog.text NOT NULL CHECK (kind IN ('exact', 'approximate', 'between', 'unreadable')),
    raw pg_catalog.text NOT NULL,
    FOREIGN KEY (version_id, entity_key) REFERENCES @extschema@.list_entities ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.list_birth_dates IS
'birth dates as birth_date() writes them (1957-03-10, 1960, ~1960, 1973/1974) with their kind and the text as listed; unreadable ones keep raw only';

CREATE TABLE @extschema@.list_nationalities (
    version_id pg_catalog.int8 NOT NULL,
    entity_key pg_catalog.text NOT NULL,
    country pg_catalog.text,
    raw pg_catalog.text NOT NULL,
    FOREIGN KEY (version_id, entity_key) REFERENCES @extschema@.list_entities ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.list_nationalities IS
'nationalities and citizenships as ISO 3166 alpha-2 (country_code()), with the text as listed';

CREATE TABLE @extschema@.list_documents (
    version_id pg_catalog.int8 NOT NULL,
    entity_key pg_catalog.text NOT NULL,
    number pg_catalog.text NOT NULL,
    normalized pg_catalog.text,
    document_type pg_catalog.text,
    country pg_catalog.text,
    FOREIGN KEY (version_id, entity_key) REFERENCES @extschema@.list_entities ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.list_documents IS
'identity documents: number as listed, folded (document_number()), type and issuing country (alpha-2)';

CREATE INDEX ON @extschema@.list_names (version_id, entity_key);
CREATE INDEX ON @extschema@.list_birth_dates (version_id, entity_key);
CREATE INDEX ON @extschema@.list_nationalities (version_id, entity_key);
CREATE INDEX ON @extschema@.list_documents (version_id, entity_key);
CREATE INDEX ON @extschema@.list_documents (normalized);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_versions', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_entities', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_names', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_birth_dates', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_nationalities', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_documents', '');

-- The newest version of each source, and its people as screening.person.
CREATE VIEW @extschema@.list_current AS
SELECT DISTINCT ON (v.source) v.source, v.version_id, v.published, v.loaded_at
FROM @extschema@.list_versions v
ORDER BY v.source, v.version_id DESC;
COMMENT ON VIEW @extschema@.list_current IS 'the newest loaded version of each watchlist source';

CREATE VIEW @extschema@.list_persons_all AS
SELECT v.source, e.version_id, e.entity_key, e.kind, e.primary_name,
       ROW(ARRAY(SELECT n.name FROM @extschema@.list_names n
                  WHERE n.version_id OPERATOR(pg_catalog.=) e.version_id AND n.entity_key OPERATOR(pg_catalog.=) e.entity_key
                    AND n.kind OPERATOR(pg_catalog.<>) 'weak_alias'
                  ORDER BY n.kind OPERATOR(pg_catalog.<>) 'primary', n.name),
           ARRAY(SELECT n.name FROM @extschema@.list_names n
                  WHERE n.version_id OPERATOR(pg_catalog.=) e.version_id AND n.entity_key OPERATOR(pg_catalog.=) e.entity_key
                    AND n.kind OPERATOR(pg_catalog.=) 'weak_alias' ORDER BY n.name),
           ARRAY(SELECT b.birth_date FROM @extschema@.list_birth_dates b
                  WHERE b.version_id OPERATOR(pg_catalog.=) e.version_id AND b.entity_key OPERATOR(pg_catalog.=) e.entity_key
                    AND b.birth_date IS NOT NULL ORDER BY b.birth_date),
           e.gender,
           ARRAY(SELECT x.country FROM @extschema@.list_nationalities x
                  WHERE x.version_id OPERATOR(pg_catalog.=) e.version_id AND x.entity_key OPERATOR(pg_catalog.=) e.entity_key
                    AND x.country IS NOT NULL ORDER BY x.country),
           ARRAY(SELECT d.number FROM @extschema@.list_documents d
                  WHERE d.version_id OPERATOR(pg_catalog.=) e.version_id AND d.entity_key OPERATOR(pg_catalog.=) e.entity_key
                  ORDER BY d.number, d.country),
           ARRAY(SELECT d.country FROM @extschema@.list_documents d
                  WHERE d.version_id OPERATOR(pg_catalog.=) e.version_id AND d.entity_key OPERATOR(pg_catalog.=) e.entity_key
                  ORDER BY d.number, d.country)
       )::@extschema@.person AS person
FROM @extschema@.list_versions v
JOIN @extschema@.list_entities e ON e.version_id OPERATOR(pg_catalog.=) v.version_id;
COMMENT ON VIEW @extschema@.list_persons_all IS
'every entity of every loaded version, with its screening.person; a screening run reads the versions it pinned at its start from here, so a reload committing meanwhile cannot change what it compares against';

CREATE VIEW @extschema@.list_persons AS
SELECT p.* FROM @extschema@.list_persons_all p
JOIN @extschema@.list_current c ON c.version_id OPERATOR(pg_catalog.=) p.version_id;

COMMENT ON VIEW @extschema@.list_persons IS
'every entity of the newest version of each source, with its screening.person (names, weak aliases, birth dates, gender, nationalities, documents)';

-- Fields of one line of OFAC's legacy CSV: quoted or bare, "" inside quotes, -0- is NULL.
CREATE FUNCTION @extschema@.ofac_csv_fields(line pg_catalog.text)
RETURNS pg_catalog.text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ARRAY(
    SELECT CASE WHEN m[1] IS NOT NULL THEN pg_catalog.replace(m[1], '""', '"')
                WHEN pg_catalog.btrim(m[2]) IN ('-0-', '') THEN NULL
                ELSE pg_catalog.btrim(m[2]) END
    FROM pg_catalog.regexp_matches(line, '(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))', 'g') WITH ORDINALITY AS f(m, i)
    ORDER BY i);
COMMENT ON FUNCTION @extschema@.ofac_csv_fields(pg_catalog.text) IS
'the fields of one line of an OFAC legacy CSV file (no header; quoted or bare; -0- is NULL)';

-- The per-entity hash list_changes compares: everything screening uses.
CREATE FUNCTION @extschema@.list_rehash(version pg_catalog.int8)
RETURNS void
LANGUAGE sql
BEGIN ATOMIC
    UPDATE @extschema@.list_entities e
       SET content_hash = pg_catalog.md5(pg_catalog.concat_ws('|', e.kind, e.primary_name, e.gender,
               (SELECT pg_catalog.string_agg(n.kind || ':' || n.name, ';' ORDER BY n.kind, n.name) FROM @extschema@.list_names n
                 WHERE n.version_id OPERATOR(pg_catalog.=) e.version_id AND n.entity_key OPERATOR(pg_catalog.=) e.entity_key),
               (SELECT pg_catalog.string_agg(b.raw, ';' ORDER BY b.raw) FROM @extschema@.list_birth_dates b
                 WHERE b.version_id OPERATOR(pg_catalog.=) e.version_id AND b.entity_key OPERATOR(pg_catalog.=) e.entity_key),
               (SELECT pg_catalog.string_agg(x.raw, ';' ORDER BY x.raw) FROM @extschema@.list_nationalities x
                 WHERE x.version_id OPERATOR(pg_catalog.=) e.version_id AND x.entity_key OPERATOR(pg_catalog.=) e.entity_key),
               (SELECT pg_catalog.string_agg(d.number || '/' || COALESCE(d.country, ''), ';' ORDER BY d.number, d.country)
                  FROM @extschema@.list_documents d
                 WHERE d.version_id OPERATOR(pg_catalog.=) e.version_id AND d.entity_key OPERATOR(pg_catalog.=) e.entity_key)))
     WHERE e.version_id OPERATOR(pg_catalog.=) version;
    UPDATE @extschema@.list_versions v
       SET entities = (SELECT pg_catalog.count(*) FROM @extschema@.list_entities e WHERE e.version_id OPERATOR(pg_catalog.=) version)
     WHERE v.version_id OPERATOR(pg_catalog.=) version;
END;
COMMENT ON FUNCTION @extschema@.list_rehash(pg_catalog.int8) IS
'recomputes the per-entity content hashes and the entity count of a list version (the loaders call it)';

CREATE TABLE @extschema@.list_addresses (
    version_id pg_catalog.int8 NOT NULL,
    entity_key pg_catalog.text NOT NULL,
    address pg_catalog.text,
    city pg_catalog.text,
    country pg_catalog.text,
    raw_country pg_catalog.text,
    FOREIGN KEY (version_id, entity_key) REFERENCES @extschema@.list_entities ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.list_addresses IS 'addresses of listed entities (OFAC add.csv, UN INDIVIDUAL_ADDRESS), country as alpha-2 where known';
CREATE INDEX ON @extschema@.list_addresses (version_id, entity_key);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_addresses', '');

-- A new version of source, unless the same content is loaded already (then its id and a NOTICE).
CREATE FUNCTION @extschema@.list_new_version(source pg_catalog.text, content_hash pg_catalog.text,
    published pg_catalog.timestamptz, OUT version_id pg_catalog.int8, OUT is_new pg_catalog.bool)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    SELECT v.version_id INTO version_id FROM @extschema@.list_versions v
     WHERE v.source = list_new_version.source AND v.content_hash = list_new_version.content_hash;
    IF FOUND THEN
        RAISE NOTICE '% list with this content is already loaded as version %', source, version_id;
        is_new := false;
        RETURN;
    END IF;
    INSERT INTO @extschema@.list_versions (source, published, content_hash)
    VALUES (source, published, content_hash) RETURNING list_versions.version_id INTO version_id;
    is_new := true;
END
$$;
COMMENT ON FUNCTION @extschema@.list_new_version(pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz) IS
'the loaders'' first step: a new list version, or the existing one with the same content';

CREATE FUNCTION @extschema@.load_un_list(content pg_catalog.text)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    doc xml;
    vid int8;
    is_new bool;
    nodes xml[];
BEGIN
    doc := content::xml;
    SELECT v.version_id, v.is_new INTO vid, is_new
    FROM @extschema@.list_new_version('un', encode(sha256(convert_to(content, 'UTF8')), 'hex'),
                                      nullif((xpath('/*/@dateGenerated', doc))[1]::text, '')::timestamptz) v;
    IF NOT is_new THEN
        RETURN vid;
    END IF;
    nodes := xpath('/*/INDIVIDUALS/INDIVIDUAL | /*/ENTITIES/ENTITY', doc);
    IF cardinality(nodes) = 0 THEN
        RAISE EXCEPTION 'not a UN Consolidated List: no INDIVIDUALS/INDIVIDUAL or ENTITIES/ENTITY elements'
            USING ERRCODE = 'invalid_xml_content';
    END IF;

    CREATE TEMP TABLE un_nodes ON COMMIT DROP AS
    SELECT n AS node,
           coalesce(nullif((xpath('string(/*/REFERENCE_NUMBER)', n))[1]::text, ''),
                    'DATAID ' || (xpath('string(/*/DATAID)', n))[1]::text) AS entity_key,
           (xpath('name(/*)', n))[1]::text AS element
    FROM unnest(nodes) n;

    INSERT INTO @extschema@.list_entities (version_id, entity_key, kind, primary_name, gender, programs, listed_on, remarks)
    SELECT vid, u.entity_key, CASE u.element WHEN 'INDIVIDUAL' THEN 'individual' ELSE 'entity' END,
           concat_ws(' ', nullif(btrim((xpath('string(/*/FIRST_NAME)', u.node))[1]::text), ''),
                          nullif(btrim((xpath('string(/*/SECOND_NAME)', u.node))[1]::text), ''),
                          nullif(btrim((xpath('string(/*/THIRD_NAME)', u.node))[1]::text), ''),
                          nullif(btrim((xpath('string(/*/FOURTH_NAME)', u.node))[1]::text), '')),
           @extschema@.try_gender_code(nullif((xpath('string(/*/GENDER)', u.node))[1]::text, '')),
           array_remove(ARRAY[nullif((xpath('string(/*/UN_LIST_TYPE)', u.node))[1]::text, '')], NULL),
           substring((xpath('string(/*/LISTED_ON)', u.node))[1]::text FROM '^[0-9]{4}-[0-9]{2}-[0-9]{2}')::date,
           nullif((xpath('string(/*/COMMENTS1)', u.node))[1]::text, '')
    FROM un_nodes u;

    INSERT INTO @extschema@.list_names (version_id, entity_key, name, kind, quality)
    SELECT vid, u.entity_key, e.primary_name, 'primary', NULL
    FROM un_nodes u JOIN @extschema@.list_entities e ON e.version_id = vid AND e.entity_key = u.entity_key
    WHERE e.primary_name <> ''
    UNION ALL
    SELECT vid, u.entity_key, btrim((xpath('string(/*/NAME_ORIGINAL_SCRIPT)', u.node))[1]::text), 'original_script', NULL
    FROM un_nodes u WHERE btrim((xpath('string(/*/NAME_ORIGINAL_SCRIPT)', u.node))[1]::text) <> ''
    UNION ALL
    SELECT vid, u.entity_key, btrim(a.alias),
           CASE q.quality WHEN 'Low' THEN 'weak_alias' WHEN 'f.k.a.' THEN 'previous' ELSE 'alias' END, nullif(q.quality, '')
    FROM un_nodes u,
         unnest(xpath('/*/INDIVIDUAL_ALIAS | /*/ENTITY_ALIAS', u.node)) al,
         LATERAL (SELECT (xpath('string(/*/QUALITY)', al))[1]::text AS quality) q,
         regexp_split_to_table((xpath('string(/*/ALIAS_NAME)', al))[1]::text, ';') a(alias)
    WHERE btrim(a.alias) <> '';

    INSERT INTO @extschema@.list_birth_dates (version_id, entity_key, birth_date, kind, raw)
    SELECT vid, d.entity_key, @extschema@.try_birth_date(d.raw),
           CASE WHEN @extschema@.try_birth_date(d.raw) IS NULL THEN 'unreadable'
                WHEN d.type = 'BETWEEN' THEN 'between' WHEN d.type = 'APPROXIMATELY' THEN 'approximate' ELSE 'exact' END,
           d.raw
    FROM (SELECT u.entity_key, (xpath('string(/*/TYPE_OF_DATE)', b))[1]::text AS type,
                 CASE (xpath('string(/*/TYPE_OF_DATE)', b))[1]::text
                     WHEN 'BETWEEN' THEN 'between ' || (xpath('string(/*/FROM_YEAR)', b))[1]::text
                                         || ' and ' || (xpath('string(/*/TO_YEAR)', b))[1]::text
                     WHEN 'APPROXIMATELY' THEN 'about ' || coalesce(nullif((xpath('string(/*/YEAR)', b))[1]::text, ''),
                                                                    (xpath('string(/*/DATE)', b))[1]::text)
                     ELSE coalesce(nullif((xpath('string(/*/DATE)', b))[1]::text, ''),
                                   (xpath('string(/*/YEAR)', b))[1]::text)
                 END AS raw
          FROM un_nodes u, unnest(xpath('/*/INDIVIDUAL_DATE_OF_BIRTH', u.node)) b
          WHERE (xpath('string(/*/TYPE_OF_DATE)', b))[1]::text <> '') d
    WHERE btrim(d.raw) <> '';

    INSERT INTO @extschema@.list_nationalities (version_id, entity_key, country, raw)
    SELECT vid, u.entity_key, @extschema@.try_country_code(v.value), v.value
    FROM un_nodes u, unnest(xpath('/*/NATIONALITY/VALUE/text()', u.node)) x,
         LATERAL (SELECT btrim(x::text) AS value) v
    WHERE v.value <> '';

    INSERT INTO @extschema@.list_documents (version_id, entity_key, number, normalized, document_type, country)
    SELECT vid, u.entity_key, btrim((xpath('string(/*/NUMBER)', d))[1]::text),
           @extschema@.try_document_number((xpath('string(/*/NUMBER)', d))[1]::text),
           nullif((xpath('string(/*/TYPE_OF_DOCUMENT)', d))[1]::text, ''),
           @extschema@.try_country_code(coalesce(nullif((xpath('string(/*/ISSUING_COUNTRY)', d))[1]::text, ''),
                                                 nullif((xpath('string(/*/COUNTRY_OF_ISSUE)', d))[1]::text, '')))
    FROM un_nodes u, unnest(xpath('/*/INDIVIDUAL_DOCUMENT', u.node)) d
    WHERE (xpath('string(/*/NUMBER)', d))[1]::text ~ '[[:alnum:]]';

    INSERT INTO @extschema@.list_addresses (version_id, entity_key, address, city, country, raw_country)
    SELECT vid, u.entity_key, nullif((xpath('string(/*/STREET)', a))[1]::text, ''), nullif((xpath('string(/*/CITY)', a))[1]::text, ''),
           @extschema@.try_country_code(nullif((xpath('string(/*/COUNTRY)', a))[1]::text, '')),
           nullif((xpath('string(/*/COUNTRY)', a))[1]::text, '')
    FROM un_nodes u, unnest(xpath('/*/INDIVIDUAL_ADDRESS | /*/ENTITY_ADDRESS', u.node)) a
    WHERE (xpath('string(.)', a))[1]::text ~ '[[:alnum:]]';

    DROP TABLE un_nodes;
    PERFORM @extschema@.list_rehash(vid);
    RETURN vid;
END
$$;
COMMENT ON FUNCTION @extschema@.load_un_list(pg_catalog.text) IS
'loads the UN Security Council Consolidated List XML as a new version of source un (individuals and entities, names in written order, aliases with quality, original script, every birth-date form, nationalities, documents, addresses); returns the version id';

CREATE FUNCTION @extschema@.load_ofac_sdn(sdn pg_catalog.text, alt pg_catalog.text DEFAULT NULL,
    add pg_catalog.text DEFAULT NULL, comments pg_catalog.text DEFAULT NULL,
    source pg_catalog.text DEFAULT 'ofac_sdn', published pg_catalog.timestamptz DEFAULT NULL)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    vid int8;
    is_new bool;
    orphans int8;
BEGIN
    IF source NOT IN ('ofac_sdn', 'ofac_cons') THEN
        RAISE EXCEPTION 'unknown OFAC source "%"', source USING ERRCODE = 'invalid_parameter_value',
            HINT = 'ofac_sdn for the SDN list, ofac_cons for the consolidated non-SDN list.';
    END IF;
    SELECT v.version_id, v.is_new INTO vid, is_new
    FROM @extschema@.list_new_version(source,
        encode(sha256(convert_to(concat_ws(E'\x1e', sdn, alt, add, comments), 'UTF8')), 'hex'), published) v;
    IF NOT is_new THEN
        RETURN vid;
    END IF;

    CREATE TEMP TABLE ofac_rows ON COMMIT DROP AS
    SELECT f[1] AS ent_num, f[2] AS name, lower(f[3]) AS type, f[4] AS program, f[12] AS remarks
    FROM regexp_split_to_table(sdn, E'\r?\n') line, LATERAL @extschema@.ofac_csv_fields(line) f
    WHERE line ~ '^[0-9]+,';
    IF NOT EXISTS (SELECT FROM ofac_rows) THEN
        RAISE EXCEPTION 'no OFAC records in sdn: expected lines "ent_num,\"name\",type,..." without a header'
            USING ERRCODE = 'invalid_text_representation';
    END IF;
    IF comments IS NOT NULL THEN
        -- sdn_comments.csv continues Remarks that do not fit their field
        UPDATE ofac_rows r SET remarks = concat_ws(' ', r.remarks, c.more)
        FROM (SELECT f[1] AS ent_num, string_agg(f[2], ' ') AS more
              FROM regexp_split_to_table(comments, E'\r?\n') line, LATERAL @extschema@.ofac_csv_fields(line) f
              WHERE line ~ '^[0-9]+,' GROUP BY f[1]) c
        WHERE c.ent_num = r.ent_num;
    END IF;

    INSERT INTO @extschema@.list_entities (version_id, entity_key, kind, primary_name, gender, programs, remarks)
    SELECT DISTINCT ON (r.ent_num) vid, r.ent_num,
           CASE r.type WHEN 'individual' THEN 'individual' WHEN 'vessel' THEN 'vessel' WHEN 'aircraft' THEN 'aircraft' ELSE 'entity' END,
           r.name, @extschema@.try_gender_code((regexp_match(r.remarks, 'Gender (Male|Female)'))[1]),
           regexp_split_to_array(regexp_replace(r.program, '^\[|\]$', '', 'g'), '\]\s*\['), r.remarks
    FROM ofac_rows r WHERE r.name IS NOT NULL
    ORDER BY r.ent_num;

    INSERT INTO @extschema@.list_names (version_id, entity_key, name, kind, quality)
    SELECT vid, r.ent_num, r.name, 'primary', NULL FROM ofac_rows r WHERE r.name IS NOT NULL
    UNION ALL
    -- weak a.k.a.s live in Remarks: a.k.a. 'NAME'
    SELECT vid, r.ent_num, m[1], 'weak_alias', 'weak'
    FROM ofac_rows r, regexp_matches(r.remarks, 'a\.k\.a\. ''([^'']+)''', 'g') m
    WHERE btrim(m[1]) <> '';

    IF alt IS NOT NULL THEN
        INSERT INTO @extschema@.list_names (version_id, entity_key, name, kind, quality)
        SELECT vid, f[1], f[4], CASE lower(f[3]) WHEN 'fka' THEN 'previous' ELSE 'alias' END, lower(f[3])
        FROM regexp_split_to_table(alt, E'\r?\n') line, LATERAL @extschema@.ofac_csv_fields(line) f
        WHERE line ~ '^[0-9]+,' AND f[4] IS NOT NULL
          AND EXISTS (SELECT FROM @extschema@.list_entities e WHERE e.version_id = vid AND e.entity_key = f[1]);
        GET DIAGNOSTICS orphans = ROW_COUNT;
        SELECT count(*) - orphans INTO orphans
        FROM regexp_split_to_table(alt, E'\r?\n') line WHERE line ~ '^[0-9]+,';
        IF orphans > 0 THEN
            RAISE WARNING '% aliases in alt name no entity of sdn and were not loaded', orphans;
        END IF;
    END IF;

    IF add IS NOT NULL THEN
        INSERT INTO @extschema@.list_addresses (version_id, entity_key, address, city, country, raw_country)
        SELECT vid, f[1], f[3], f[4], @extschema@.try_country_code(f[5]), f[5]
        FROM regexp_split_to_table(add, E'\r?\n') line, LATERAL @extschema@.ofac_csv_fields(line) f
        WHERE line ~ '^[0-9]+,'
          AND EXISTS (SELECT FROM @extschema@.list_entities e WHERE e.version_id = vid AND e.entity_key = f[1]);
    END IF;

    -- Remarks: DOB 10 Mar 1957; DOB circa 1960; DOB 1960 to 1962; nationality X; citizen X; Passport N (Country)
    INSERT INTO @extschema@.list_birth_dates (version_id, entity_key, birth_date, kind, raw)
    SELECT vid, r.ent_num, @extschema@.try_birth_date(m[1]),
           CASE WHEN @extschema@.try_birth_date(m[1]) IS NULL THEN 'unreadable'
                WHEN @extschema@.try_birth_date(m[1]) LIKE '~%' THEN 'approximate'
                WHEN @extschema@.try_birth_date(m[1]) LIKE '%/%' THEN 'between' ELSE 'exact' END,
           btrim(m[1])
    FROM ofac_rows r, regexp_matches(r.remarks, 'DOB ([^;]+?)\.?(?=;|$)', 'g') m
    WHERE r.type = 'individual';

    INSERT INTO @extschema@.list_nationalities (version_id, entity_key, country, raw)
    SELECT vid, r.ent_num, @extschema@.try_country_code(btrim(m[2])), btrim(m[2])
    FROM ofac_rows r, regexp_matches(r.remarks, '(nationality|citizen) ([^;]+?)\.?(?=;|$)', 'g') m
    WHERE r.type = 'individual';

    INSERT INTO @extschema@.list_documents (version_id, entity_key, number, normalized, document_type, country)
    SELECT vid, r.ent_num, btrim(m[2]), @extschema@.try_document_number(m[2]), m[1], @extschema@.try_country_code(m[3])
    FROM ofac_rows r,
         regexp_matches(r.remarks, '(Passport|National ID No\.|Cedula No\.|Identification Number|D\.N\.I\.) ([A-Za-z0-9][A-Za-z0-9 -]*?) \(([^)]+)\)', 'g') m;

    DROP TABLE ofac_rows;
    PERFORM @extschema@.list_rehash(vid);
    RETURN vid;
END
$$;
COMMENT ON FUNCTION @extschema@.load_ofac_sdn(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz) IS
'loads OFAC''s legacy CSV files (sdn.csv, alt.csv, add.csv, sdn_comments.csv; no header, -0- is null) as a new version of source ofac_sdn or ofac_cons: names, aliases (fka as previous names), weak a.k.a.s, birth dates, nationalities and passports from Remarks, addresses; returns the version id';

CREATE FUNCTION @extschema@.list_changes(source pg_catalog.text, from_version pg_catalog.int8 DEFAULT NULL,
    to_version pg_catalog.int8 DEFAULT NULL,
    OUT entity_key pg_catalog.text, OUT change pg_catalog.text, OUT primary_name pg_catalog.text)
RETURNS SETOF record
LANGUAGE sql STABLE
BEGIN ATOMIC
    WITH vto AS (
        SELECT COALESCE(to_version, (SELECT pg_catalog.max(v.version_id) FROM @extschema@.list_versions v
                                      WHERE v.source OPERATOR(pg_catalog.=) list_changes.source)) AS id
    ), vfrom AS (
        SELECT COALESCE(from_version, (SELECT pg_catalog.max(v.version_id) FROM @extschema@.list_versions v, vto
                                        WHERE v.source OPERATOR(pg_catalog.=) list_changes.source
                                          AND v.version_id OPERATOR(pg_catalog.<) vto.id)) AS id
    ), a AS (
        SELECT e.* FROM @extschema@.list_entities e, vfrom WHERE e.version_id OPERATOR(pg_catalog.=) vfrom.id
    ), b AS (
        SELECT e.* FROM @extschema@.list_entities e, vto WHERE e.version_id OPERATOR(pg_catalog.=) vto.id
    )
    SELECT COALESCE(b.entity_key, a.entity_key),
           CASE WHEN a.entity_key IS NULL THEN 'added' WHEN b.entity_key IS NULL THEN 'removed' ELSE 'changed' END,
           COALESCE(b.primary_name, a.primary_name)
    FROM a FULL JOIN b ON a.entity_key OPERATOR(pg_catalog.=) b.entity_key
    WHERE a.entity_key IS NULL OR b.entity_key IS NULL OR a.content_hash OPERATOR(pg_catalog.<>) b.content_hash
    ORDER BY 2, 1;
END;
COMMENT ON FUNCTION @extschema@.list_changes(pg_catalog.text, pg_catalog.int8, pg_catalog.int8) IS
'entities added, removed or changed (names, dates, nationalities, documents) between two versions of a source: by default the newest and the one before; screen again only these';

GRANT SELECT ON @extschema@.list_versions, @extschema@.list_entities, @extschema@.list_names, @extschema@.list_birth_dates,
    @extschema@.list_nationalities, @extschema@.list_documents, @extschema@.list_addresses,
    @extschema@.list_current, @extschema@.list_persons, @extschema@.list_persons_all TO screening_analyst, screening_admin;
GRANT EXECUTE ON FUNCTION @extschema@.ofac_csv_fields(pg_catalog.text),
    @extschema@.list_changes(pg_catalog.text, pg_catalog.int8, pg_catalog.int8) TO PUBLIC;
-- Loading lists writes the extension's tables: for their owner and screening_admin (granted with the workflow).
REVOKE ALL ON FUNCTION @extschema@.load_un_list(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.load_ofac_sdn(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.list_new_version(pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.list_rehash(pg_catalog.int8) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Passenger data (src/passenger_sql.c; src/core/sc_mrz.c ...)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.mrz_parse(mrz pg_catalog.text,
    OUT format pg_catalog.text, OUT document_code pg_catalog.text, OUT issuing_state pg_catalog.text,
    OUT surname pg_catalog.text, OUT given_names pg_catalog.text, OUT name_truncated pg_catalog.bool,
    OUT document_number pg_catalog.text, OUT nationality pg_catalog.text,
    OUT birth_date_raw pg_catalog.text, OUT birth_date pg_catalog.text, OUT sex pg_catalog.text,
    OUT expiry_date_raw pg_catalog.text, OUT expiry_date pg_catalog.text,
    OUT optional_data pg_catalog.text, OUT optional_data_2 pg_catalog.text,
    OUT checks_valid pg_catalog.bool, OUT checks pg_catalog.jsonb)
RETURNS record
AS 'MODULE_PATHNAME', 'screening_mrz_parse'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mrz_parse(pg_catalog.text) IS
'the fields of an ICAO 9303 MRZ (TD1, TD2, TD3, MRV-A, MRV-B, French ID), names split at <<, truncation noted, every check digit in checks (field, expected, computed, valid); birth date placed by the expiry date; 22P02 for a text that is no MRZ';
GRANT EXECUTE ON FUNCTION @extschema@.mrz_parse(pg_catalog.text) TO PUBLIC;

CREATE FUNCTION @extschema@.paxlst_passengers(message pg_catalog.text,
    OUT message_ref pg_catalog.text, OUT flight pg_catalog.text,
    OUT departure_port pg_catalog.text, OUT departure_time pg_catalog.text,
    OUT arrival_port pg_catalog.text, OUT arrival_time pg_catalog.text,
    OUT party_type pg_catalog.text, OUT surname pg_catalog.text, OUT given_names pg_catalog.text,
    OUT birth_date_raw pg_catalog.text, OUT birth_date pg_catalog.text, OUT gender pg_catalog.text,
    OUT nationality pg_catalog.text, OUT residence pg_catalog.text, OUT birth_place pg_catalog.text,
    OUT embarkation pg_catalog.text, OUT debarkation pg_catalog.text,
    OUT document_type pg_catalog.text, OUT document_number pg_catalog.text, OUT document_issuer pg_catalog.text,
    OUT document_expiry_raw pg_catalog.text, OUT document_expiry pg_catalog.text, OUT other_documents pg_catalog.int4,
    OUT reservation_ref pg_catalog.text, OUT passenger_ref pg_catalog.text,
    OUT segment pg_catalog.int4, OUT truncated pg_catalog.bool)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'screening_paxlst_passengers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    ROWS 50;
COMMENT ON FUNCTION @extschema@.paxlst_passengers(pg_catalog.text) IS
'one row per person of a UN/EDIFACT PAXLST interchange (UNA honoured, release character, Type-B header skipped, multi-part messages by access reference): flight, ports and times, party type, names as sent, birth date raw and placed by the message date, gender, nationality, residence, birth place, first document, references; 22P02 (naming the segment) for a malformed message; UNT/CNT mismatches are warnings';
GRANT EXECUTE ON FUNCTION @extschema@.paxlst_passengers(pg_catalog.text) TO PUBLIC;

CREATE FUNCTION @extschema@.pnrgov_travellers(message pg_catalog.text,
    OUT message_ref pg_catalog.text, OUT flight pg_catalog.text, OUT flight_date pg_catalog.text,
    OUT departure_port pg_catalog.text, OUT arrival_port pg_catalog.text, OUT booking_ref pg_catalog.text,
    OUT surname pg_catalog.text, OUT given_names_raw pg_catalog.text, OUT given_names pg_catalog.text,
    OUT title pg_catalog.text, OUT traveller_type pg_catalog.text, OUT traveller_ref pg_catalog.text,
    OUT document_type pg_catalog.text, OUT document_issuer pg_catalog.text, OUT document_number pg_catalog.text,
    OUT nationality pg_catalog.text, OUT birth_date_raw pg_catalog.text, OUT birth_date pg_catalog.text,
    OUT gender pg_catalog.text, OUT document_expiry_raw pg_catalog.text, OUT document_expiry pg_catalog.text,
    OUT docs_surname pg_catalog.text, OUT docs_given_names pg_catalog.text, OUT itinerary pg_catalog.text,
    OUT segment pg_catalog.int4, OUT truncated pg_catalog.bool)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'screening_pnrgov_travellers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    ROWS 20;
COMMENT ON FUNCTION @extschema@.pnrgov_travellers(pg_catalog.text) IS
'one row per traveller of a UN/EDIFACT PNRGOV push: the pushed flight, record locator, TIF names as sent and with the glued title split off, SSR DOCS document, birth date (DDMMMYY placed by the message date), gender and names as in the document, the itinerary; 22P02 naming the segment for a malformed message';
GRANT EXECUTE ON FUNCTION @extschema@.pnrgov_travellers(pg_catalog.text) TO PUBLIC;

CREATE FUNCTION @extschema@.profile_threshold(profile pg_catalog.text)
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'screening_profile_threshold'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.profile_threshold(pg_catalog.text) IS
'the person score at or above which a profile (high_recall, balanced, high_precision) matches';
GRANT EXECUTE ON FUNCTION @extschema@.profile_threshold(pg_catalog.text) TO PUBLIC;

-- Every listed name is searched through nameidx; loads keep it current.
CREATE INDEX list_names_name ON @extschema@.list_names USING nameidx (name);

-- ---------------------------------------------------------------------------
-- The screening workflow (design: doc/workflow-design.md): runs, the
-- passengers each screened, alerts, decisions, closures and an audit log.
-- All of it is evidence, so it is append-only for every role: status is
-- derived (alert_states) from the decisions and closures, never updated.
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.screening_runs (
    run_id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    finished_at pg_catalog.timestamptz,
    kind pg_catalog.text NOT NULL CHECK (kind IN ('screen', 'rescreen', 'one')),
    profile pg_catalog.text NOT NULL,
    agency pg_catalog.text,
    versions pg_catalog.int8[],
    passengers pg_catalog.int4,
    alerts pg_catalog.int4,
    closed pg_catalog.int4,
    run_by pg_catalog.name NOT NULL DEFAULT CURRENT_USER
);
COMMENT ON TABLE @extschema@.screening_runs IS
'one row per screening run: kind (screen, rescreen after a list reload, one passenger at check-in), profile, agency, list versions used, passengers read, alerts written, alerts closed; finished once, then frozen';

CREATE TABLE @extschema@.screened (
    run_id pg_catalog.int8 NOT NULL REFERENCES @extschema@.screening_runs,
    passenger_key pg_catalog.text NOT NULL,
    flight pg_catalog.text,
    traveller_fingerprint pg_catalog.text NOT NULL
);
COMMENT ON TABLE @extschema@.screened IS
'every passenger of every run (key, flight, identity fingerprint): the answer to "was this traveller screened, when, against which list versions"';
CREATE INDEX ON @extschema@.screened (run_id);
CREATE INDEX ON @extschema@.screened (flight);

CREATE TABLE @extschema@.alerts (
    alert_id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id pg_catalog.int8 NOT NULL REFERENCES @extschema@.screening_runs,
    passenger_key pg_catalog.text NOT NULL,
    flight pg_catalog.text,
    agency pg_catalog.text,
    traveller @extschema@.person NOT NULL,
    traveller_fingerprint pg_catalog.text NOT NULL,
    source pg_catalog.text NOT NULL,
    version_id pg_catalog.int8 NOT NULL,
    entity_key pg_catalog.text NOT NULL,
    entity_hash pg_catalog.text NOT NULL,
    listed_name pg_catalog.text,
    profile pg_catalog.text NOT NULL,
    score pg_catalog.float4 NOT NULL,
    explanation pg_catalog.jsonb NOT NULL,
    opened_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp()
);
COMMENT ON TABLE @extschema@.alerts IS
'a traveller who may be a listed person: unique per traveller identity (fingerprint: name, birth date, document), listed entry (its content hash), profile and agency, so re-runs add nothing and a changed identity or entry alerts again; status is in alert_states';
-- re-runs add nothing (ON CONFLICT DO NOTHING meets this index); each agency has its own alerts
CREATE UNIQUE INDEX alerts_once ON @extschema@.alerts (passenger_key, traveller_fingerprint, source, entity_key, entity_hash,
    profile, (COALESCE(agency, '')));
CREATE INDEX ON @extschema@.alerts (traveller_fingerprint, entity_key);
CREATE INDEX ON @extschema@.alerts (source, entity_key);
CREATE INDEX ON @extschema@.alerts (flight);

CREATE TABLE @extschema@.decisions (
    decision_id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id pg_catalog.int8 NOT NULL REFERENCES @extschema@.alerts,
    decision pg_catalog.text NOT NULL CHECK (decision IN ('cleared', 'confirmed', 'escalated')),
    reason pg_catalog.text NOT NULL CHECK (reason OPERATOR(pg_catalog.<>) ''),
    decided_by pg_catalog.name NOT NULL DEFAULT CURRENT_USER,
    decided_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp()
);
COMMENT ON TABLE @extschema@.decisions IS 'reviewer decisions on alerts, append-only: who, when, why; the newest decision on an alert is its status';
CREATE INDEX ON @extschema@.decisions (alert_id, decision_id);

CREATE TABLE @extschema@.alert_closures (
    alert_id pg_catalog.int8 PRIMARY KEY REFERENCES @extschema@.alerts,
    run_id pg_catalog.int8 REFERENCES @extschema@.screening_runs,
    reason pg_catalog.text NOT NULL CHECK (reason OPERATOR(pg_catalog.<>) ''),
    closed_by pg_catalog.name NOT NULL DEFAULT CURRENT_USER,
    closed_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp()
);
COMMENT ON TABLE @extschema@.alert_closures IS
'alerts closed without a decision, with the reason (the listed entry was removed or changed in a newer list version)';

CREATE TABLE @extschema@.audit_log (
    event_id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    by_role pg_catalog.name NOT NULL DEFAULT CURRENT_USER,
    event pg_catalog.text NOT NULL,
    details pg_catalog.jsonb
);
COMMENT ON TABLE @extschema@.audit_log IS 'list loads, screening runs, alerts, closures and decisions as they happened, append-only';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.screening_runs', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screened', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.alerts', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.decisions', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.alert_closures', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.audit_log', '');

-- Append-only, for every role: the rows are evidence.  (Retention, which
-- the law may require, is the owner's job: ALTER TABLE ... DISABLE TRIGGER.)
CREATE FUNCTION @extschema@.refuse_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Who and when come from the session, never from the row, so an entry can be
-- neither backdated nor signed for someone else.  The tables' owner is exempt:
-- pg_restore runs as it and must keep the recorded values.
CREATE FUNCTION @extschema@.stamp_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'MEMBER') THEN
        NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], current_user, TG_ARGV[1], clock_timestamp()));
    END IF;
    RETURN NEW;
END
$$;

-- A run is finished once (its counts and finishing time), then frozen.
CREATE FUNCTION @extschema@.finish_run_only()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.finished_at IS NULL
       AND (NEW.run_id, NEW.started_at, NEW.kind, NEW.profile, NEW.agency, NEW.versions, NEW.run_by)
           IS NOT DISTINCT FROM (OLD.run_id, OLD.started_at, OLD.kind, OLD.profile, OLD.agency, OLD.versions, OLD.run_by) THEN
        NEW.finished_at := clock_timestamp();
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'screening_runs is append-only: a run is finished once, then frozen'
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER runs_finish_only BEFORE UPDATE OR DELETE ON @extschema@.screening_runs
    FOR EACH ROW EXECUTE FUNCTION @extschema@.finish_run_only();
CREATE TRIGGER runs_stamp BEFORE INSERT ON @extschema@.screening_runs
    FOR EACH ROW EXECUTE FUNCTION @extschema@.stamp_row('run_by', 'started_at');
CREATE TRIGGER runs_no_truncate BEFORE TRUNCATE ON @extschema@.screening_runs
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.refuse_change();
CREATE TRIGGER screened_append_only BEFORE UPDATE OR DELETE ON @extschema@.screened
    FOR EACH ROW EXECUTE FUNCTION @extschema@.refuse_change();
CREATE TRIGGER screened_no_truncate BEFORE TRUNCATE ON @extschema@.screened
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.refuse_change();
CREATE TRIGGER alerts_append_only BEFORE UPDATE OR DELETE ON @extschema@.alerts
    FOR EACH ROW EXECUTE FUNCTION @extschema@.refuse_change();
CREATE TRIGGER alerts_no_truncate BEFORE TRUNCATE ON @extschema@.alerts
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.refuse_change();
CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON @extschema@.decisions
    FOR EACH ROW EXECUTE FUNCTION @extschema@.refuse_change();
CREATE TRIGGER decisions_stamp BEFORE INSERT ON @extschema@.decisions
    FOR EACH ROW EXECUTE FUNCTION @extschema@.stamp_row('decided_by', 'decided_at');
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON @extschema@.decisions
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.refuse_change();
CREATE TRIGGER closures_append_only BEFORE UPDATE OR DELETE ON @extschema@.alert_closures
    FOR EACH ROW EXECUTE FUNCTION @extschema@.refuse_change();
CREATE TRIGGER closures_stamp BEFORE INSERT ON @extschema@.alert_closures
    FOR EACH ROW EXECUTE FUNCTION @extschema@.stamp_row('closed_by', 'closed_at');
CREATE TRIGGER closures_no_truncate BEFORE TRUNCATE ON @extschema@.alert_closures
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.refuse_change();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON @extschema@.audit_log
    FOR EACH ROW EXECUTE FUNCTION @extschema@.refuse_change();
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON @extschema@.audit_log
    FOR EACH ROW EXECUTE FUNCTION @extschema@.stamp_row('by_role', 'at');
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON @extschema@.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.refuse_change();

-- Every list load is in the audit trail.
CREATE FUNCTION @extschema@.audit_list_load()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO @extschema@.audit_log (event, details)
    VALUES ('list_load', jsonb_build_object('source', NEW.source, 'version_id', NEW.version_id,
                                            'published', NEW.published, 'content_hash', NEW.content_hash));
    RETURN NULL;
END
$$;
CREATE TRIGGER list_versions_audit AFTER INSERT ON @extschema@.list_versions
    FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_list_load();

-- The state of every alert: closed, else its newest decision, else open.
CREATE VIEW @extschema@.alert_states AS
SELECT a.alert_id,
       CASE WHEN c.alert_id IS NOT NULL THEN 'closed' ELSE COALESCE(d.decision, 'open') END AS status,
       d.decision, d.reason AS decision_reason, d.decided_by, d.decided_at,
       c.reason AS close_reason, c.closed_at
FROM @extschema@.alerts a
LEFT JOIN LATERAL (SELECT x.decision, x.reason, x.decided_by, x.decided_at FROM @extschema@.decisions x
                   WHERE x.alert_id OPERATOR(pg_catalog.=) a.alert_id
                   ORDER BY x.decision_id DESC LIMIT 1) d ON true
LEFT JOIN @extschema@.alert_closures c ON c.alert_id OPERATOR(pg_catalog.=) a.alert_id;
COMMENT ON VIEW @extschema@.alert_states IS
'status of every alert (open, escalated, cleared, confirmed, closed) derived from the append-only decisions and closures';

-- The identity a decision is about: normalized name, birth date, document.
CREATE FUNCTION @extschema@.traveller_fingerprint(traveller @extschema@.person)
RETURNS pg_catalog.text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.md5(pg_catalog.concat_ws('|',
    @extschema@.name_normalize(COALESCE((traveller).names[1], '')),
    @extschema@.try_birth_date(COALESCE((traveller).birth_dates[1], '')),
    @extschema@.try_document_number(COALESCE((traveller).documents[1], ''))));
COMMENT ON FUNCTION @extschema@.traveller_fingerprint(@extschema@.person) IS
'md5 of the traveller''s normalized name, birth date and document: what a cleared decision is remembered by';

-- A passenger to screen: the key the caller knows them by, the flight, the person.
CREATE TYPE @extschema@.traveller AS (passenger_key pg_catalog.text, flight pg_catalog.text, person @extschema@.person);
COMMENT ON TYPE @extschema@.traveller IS 'a passenger to screen: passenger_key, flight, screening.person';

-- The documented passenger columns, from one row as jsonb: a table of our
-- own columns, or paxlst_passengers() / pnrgov_travellers() output as is.
CREATE FUNCTION @extschema@.traveller_from_row(r pg_catalog.jsonb)
RETURNS @extschema@.traveller
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ROW(
    COALESCE(r->>'passenger_key',
             -- PAXLST: flight, departure, name as sent, birth date, document (messages repeat document numbers)
             pg_catalog.concat_ws('/', r->>'flight', r->>'departure_time',
                                  pg_catalog.concat_ws(' ', r->>'surname', r->>'given_names'),
                                  r->>'birth_date', r->>'document_number')),
    r->>'flight',
    @extschema@.person(name => COALESCE(r->>'name', NULLIF(pg_catalog.concat_ws(' ', r->>'given_names', r->>'surname'), '')),
                       birth_date => r->>'birth_date', gender => r->>'gender', nationality => r->>'nationality',
                       document => COALESCE(r->>'document', r->>'document_number'),
                       document_country => COALESCE(r->>'document_country', r->>'document_issuer')))::@extschema@.traveller;
COMMENT ON FUNCTION @extschema@.traveller_from_row(pg_catalog.jsonb) IS
'a traveller from the documented columns of one passenger row (passenger_key, flight, name, birth_date, gender, nationality, document, document_country), or from paxlst_passengers() columns (surname, given_names, document_number, document_issuer; passenger_key made of flight, departure, name, birth date and document)';

-- Candidates of one screening: (traveller ordinal, source, version, entity),
-- from the list versions the run pinned when it started.  A full run takes
-- every listed name through nameidx; a re-run after a list reload only the
-- entities that changed, and the planner picks the side to drive from (few
-- changed names: compare them with every passenger).
CREATE FUNCTION @extschema@.screen_candidates(travellers @extschema@.traveller[], threshold pg_catalog.float4,
    versions pg_catalog.int8[], only_entities pg_catalog.text[],
    OUT ord pg_catalog.int8, OUT source pg_catalog.text, OUT version_id pg_catalog.int8, OUT entity_key pg_catalog.text)
RETURNS SETOF record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
-- its queries are short and many: compiling them (JIT, on by the planner's cost) costs more than it saves
SET jit = off
AS $$
BEGIN
    IF only_entities IS NULL THEN
        RETURN QUERY
        -- MATERIALIZED keeps name_query() out of the join clause: the clause is then a LEAKPROOF
        -- operator on plain columns, which nameidx serves even under row-level security
        WITH t AS MATERIALIZED (
            SELECT u.ord, @extschema@.name_query((u.person).names[1], threshold) AS q,
                   @extschema@.try_document_number((u.person).documents[1]) AS doc
            FROM unnest(travellers) WITH ORDINALITY u(passenger_key, flight, person, ord))
        SELECT t.ord, v.source, n.version_id, n.entity_key
        FROM t
        JOIN @extschema@.list_names n ON n.name OPERATOR(@extschema@.~%) t.q
        JOIN @extschema@.list_versions v ON v.version_id = n.version_id
        -- "+ 0": never drive from the version btree.  Right after a reload the statistics
        -- know no row of the new version, and a plan that reads all of it and scores every
        -- name against the passenger took 250 ms a passenger instead of 3
        WHERE n.version_id + 0 = ANY (versions)
        UNION
        -- the strong identifier: a listed document with the same number, whatever the name
        SELECT t.ord, v.source, d.version_id, d.entity_key
        FROM t
        JOIN @extschema@.list_documents d ON d.normalized = t.doc
        JOIN @extschema@.list_versions v ON v.version_id = d.version_id
        WHERE d.version_id = ANY (versions);
    ELSE
        RETURN QUERY
        WITH t AS MATERIALIZED (
            SELECT u.ord, @extschema@.name_query((u.person).names[1], threshold) AS q,
                   @extschema@.try_document_number((u.person).documents[1]) AS doc
            FROM unnest(travellers) WITH ORDINALITY u(passenger_key, flight, person, ord)),
        changed AS (
            SELECT v.source, v.version_id, k.entity_key
            FROM @extschema@.list_versions v, unnest(only_entities) k(entity_key)
            WHERE v.version_id = ANY (versions))
        SELECT t.ord, ch.source, n.version_id, n.entity_key
        FROM changed ch
        JOIN @extschema@.list_names n ON n.version_id = ch.version_id AND n.entity_key = ch.entity_key
        JOIN t ON n.name OPERATOR(@extschema@.~%) t.q
        UNION
        SELECT t.ord, ch.source, d.version_id, d.entity_key
        FROM changed ch
        JOIN @extschema@.list_documents d ON d.version_id = ch.version_id AND d.entity_key = ch.entity_key
        JOIN t ON d.normalized = t.doc;
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.screen_candidates(@extschema@.traveller[], pg_catalog.float4, pg_catalog.int8[], pg_catalog.text[]) IS
'the listed entities of the given list versions worth scoring for each traveller: names through nameidx at the threshold, and equal document numbers; only_entities restricts a re-screening to what changed';

-- The one screening path: screen(), screen_one(), screen_paxlst() and
-- rescreen_changes() all come here.  Writes the passengers screened and the
-- new alerts of run; returns the number of new alerts.
CREATE FUNCTION @extschema@.screen_travellers(run pg_catalog.int8, travellers @extschema@.traveller[],
    profile pg_catalog.text, agency pg_catalog.text,
    only_source pg_catalog.text DEFAULT NULL, only_entities pg_catalog.text[] DEFAULT NULL)
RETURNS pg_catalog.int4
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
-- its queries are short and many: compiling them (JIT, on by the planner's cost) costs more than it saves
SET jit = off
AS $$
DECLARE
    threshold float4 := @extschema@.profile_threshold(profile);
    nalerts int4;
    pinned int8[];
BEGIN
    -- the versions the run pinned at its start: each statement of a function sees a new snapshot, so
    -- reading list_current here could meet a reload committed since, and lose or double a candidate
    SELECT array_agg(v.version_id) INTO pinned
    FROM @extschema@.screening_runs r, unnest(r.versions) x(id) JOIN @extschema@.list_versions v ON v.version_id = x.id
    WHERE r.run_id = run AND (only_source IS NULL OR v.source = only_source);
    IF EXISTS (SELECT FROM unnest(travellers) t WHERE t.passenger_key IS NULL OR (t.person).names[1] IS NULL) THEN
        RAISE EXCEPTION 'every passenger needs a passenger_key and a name'
            USING ERRCODE = 'not_null_violation',
                  HINT = 'Columns read: passenger_key, flight, name, birth_date, gender, nationality, document, document_country (or the columns of paxlst_passengers()).';
    END IF;
    INSERT INTO @extschema@.screened (run_id, passenger_key, flight, traveller_fingerprint)
    SELECT run, t.passenger_key, t.flight, @extschema@.traveller_fingerprint(t.person) FROM unnest(travellers) t;

    WITH t AS (
        SELECT u.*, @extschema@.traveller_fingerprint(u.person) AS fingerprint
        FROM unnest(travellers) WITH ORDINALITY u(passenger_key, flight, person, ord)
    ), candidates AS (
        SELECT DISTINCT k.ord, k.source, k.version_id, k.entity_key
        FROM @extschema@.screen_candidates(travellers, threshold, COALESCE(pinned, '{}'), only_entities) k
    ), scored AS (
        SELECT t.passenger_key, t.flight, t.person AS traveller, t.fingerprint, k.source, k.version_id, k.entity_key,
               e.content_hash, @extschema@.explain_match(t.person, p.person, profile) AS x
        FROM candidates k
        JOIN t ON t.ord = k.ord
        JOIN @extschema@.list_entities e ON e.version_id = k.version_id AND e.entity_key = k.entity_key
        JOIN @extschema@.list_persons_all p ON p.version_id = k.version_id AND p.entity_key = k.entity_key
        WHERE e.kind = 'individual'     -- travellers are people: organisations, vessels, aircraft are not
          AND @extschema@.person_match(t.person, p.person, profile)
    ), fresh AS (
        INSERT INTO @extschema@.alerts (run_id, passenger_key, flight, agency, traveller, traveller_fingerprint, source,
                                        version_id, entity_key, entity_hash, listed_name, profile, score, explanation)
        SELECT run, s.passenger_key, s.flight, agency, s.traveller, s.fingerprint, s.source,
               s.version_id, s.entity_key, s.content_hash, s.x->'name'->>'listed', profile, (s.x->>'score')::float4, s.x
        FROM scored s
        -- a pair cleared before stays cleared while neither side changes
        WHERE NOT EXISTS (SELECT FROM @extschema@.alerts a JOIN @extschema@.alert_states st ON st.alert_id = a.alert_id
                          WHERE st.status = 'cleared' AND a.traveller_fingerprint = s.fingerprint
                            AND a.entity_key = s.entity_key AND a.source = s.source AND a.entity_hash = s.content_hash
                            AND a.agency IS NOT DISTINCT FROM screen_travellers.agency)
        ON CONFLICT DO NOTHING
        RETURNING alert_id, passenger_key, source, entity_key, score
    )
    INSERT INTO @extschema@.audit_log (event, details)
    SELECT 'alert', jsonb_build_object('run_id', run, 'alert_id', f.alert_id, 'passenger_key', f.passenger_key,
                                       'source', f.source, 'entity_key', f.entity_key, 'score', f.score)
    FROM fresh f;
    GET DIAGNOSTICS nalerts = ROW_COUNT;
    RETURN nalerts;
END
$$;
COMMENT ON FUNCTION @extschema@.screen_travellers(pg_catalog.int8, @extschema@.traveller[], pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text[]) IS
'the screening path every entry point shares: candidates, person_match under the profile, new alerts with their explanation (none for a pair cleared before), the passengers screened and the audit trail';

-- A run's bookkeeping (PL/pgSQL, not SQL: its statements' plans are cached
-- for the session, which matters at a thousand check-ins a second).
CREATE FUNCTION @extschema@.run_start(kind pg_catalog.text, profile pg_catalog.text, agency pg_catalog.text)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rid int8;
BEGIN
    INSERT INTO @extschema@.screening_runs (kind, profile, agency, versions)
    SELECT run_start.kind, run_start.profile, run_start.agency, array_agg(c.version_id ORDER BY c.version_id)
    FROM @extschema@.list_current c
    RETURNING run_id INTO rid;
    RETURN rid;
END
$$;

CREATE FUNCTION @extschema@.run_finish(run pg_catalog.int8, passengers pg_catalog.int4, alerts pg_catalog.int4,
    closed pg_catalog.int4)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r @extschema@.screening_runs;
BEGIN
    UPDATE @extschema@.screening_runs x SET passengers = run_finish.passengers, alerts = run_finish.alerts,
           closed = run_finish.closed
     WHERE x.run_id = run
    RETURNING x.* INTO r;
    INSERT INTO @extschema@.audit_log (event, details)
    VALUES ('run', jsonb_build_object('run_id', r.run_id, 'kind', r.kind, 'profile', r.profile, 'agency', r.agency,
                                      'versions', r.versions, 'passengers', r.passengers, 'alerts', r.alerts,
                                      'closed', r.closed));
END
$$;

-- Old versions of a list: kept for list_changes and audits, but every one
-- adds its names to the nameidx index that every screening reads.
CREATE FUNCTION @extschema@.list_prune(source pg_catalog.text, keep pg_catalog.int4 DEFAULT 2)
RETURNS pg_catalog.int4
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n int4;
BEGIN
    IF keep IS NULL OR keep < 1 THEN
        RAISE EXCEPTION 'list_prune keeps at least the newest version (keep %)', keep
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    WITH old AS (
        SELECT v.version_id FROM @extschema@.list_versions v WHERE v.source = list_prune.source
        ORDER BY v.version_id DESC OFFSET keep
    ), gone AS (
        DELETE FROM @extschema@.list_versions v USING old WHERE v.version_id = old.version_id
        RETURNING v.version_id, v.content_hash
    )
    INSERT INTO @extschema@.audit_log (event, details)
    SELECT 'list_prune', jsonb_build_object('source', list_prune.source, 'version_id', g.version_id,
                                            'content_hash', g.content_hash)
    FROM gone g;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.list_prune(pg_catalog.text, pg_catalog.int4) IS
'deletes the versions of source older than its newest keep (default 2: list_changes and runs in flight still find the previous one); alerts keep their explanation; returns how many; VACUUM afterwards';

-- A whole run over an array of travellers: start, screen, finish.
CREATE FUNCTION @extschema@.screen_run(kind pg_catalog.text, travellers @extschema@.traveller[],
    profile pg_catalog.text, agency pg_catalog.text)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rid int8;
BEGIN
    PERFORM @extschema@.profile_threshold(profile);     -- an unknown profile is an error before anything is written
    rid := @extschema@.run_start(kind, profile, agency);
    PERFORM @extschema@.run_finish(rid, COALESCE(cardinality(travellers), 0),
                                   @extschema@.screen_travellers(rid, COALESCE(travellers, '{}'), profile, agency), 0);
    RETURN rid;
END
$$;

CREATE FUNCTION @extschema@.screen(passengers pg_catalog.regclass, profile pg_catalog.text DEFAULT 'balanced',
    agency pg_catalog.text DEFAULT NULL)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    travellers @extschema@.traveller[];
BEGIN
    EXECUTE format('SELECT array_agg(@extschema@.traveller_from_row(to_jsonb(p))) FROM %s p', passengers) INTO travellers;  -- %s: passengers, a regclass
    RETURN @extschema@.screen_run('screen', travellers, profile, agency);
END
$$;
COMMENT ON FUNCTION @extschema@.screen(pg_catalog.regclass, pg_catalog.text, pg_catalog.text) IS
'screens a table or view of passengers (columns passenger_key, name, and optionally flight, birth_date, gender, nationality, document, document_country; or paxlst_passengers() columns) against the individuals of the newest version of every loaded list; writes new alerts with their explanation and the audit trail; idempotent; returns the run id';

CREATE FUNCTION @extschema@.screen_paxlst(message pg_catalog.text, profile pg_catalog.text DEFAULT 'balanced',
    agency pg_catalog.text DEFAULT NULL)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN @extschema@.screen_run('screen',
        ARRAY(SELECT @extschema@.traveller_from_row(to_jsonb(p)) FROM @extschema@.paxlst_passengers(message) p),
        profile, agency);
END
$$;
COMMENT ON FUNCTION @extschema@.screen_paxlst(pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
'screens every person of a PAXLST message (paxlst_passengers()) like screen(); returns the run id';

CREATE FUNCTION @extschema@.screen_one(passenger_key pg_catalog.text, name pg_catalog.text,
    birth_date pg_catalog.text DEFAULT NULL, gender pg_catalog.text DEFAULT NULL,
    nationality pg_catalog.text DEFAULT NULL, document pg_catalog.text DEFAULT NULL,
    document_country pg_catalog.text DEFAULT NULL, flight pg_catalog.text DEFAULT NULL,
    profile pg_catalog.text DEFAULT 'balanced', agency pg_catalog.text DEFAULT NULL,
    OUT alert_id pg_catalog.int8, OUT status pg_catalog.text, OUT source pg_catalog.text, OUT entity_key pg_catalog.text,
    OUT listed_name pg_catalog.text, OUT score pg_catalog.float4, OUT opened_at pg_catalog.timestamptz)
RETURNS SETOF record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t @extschema@.traveller;
BEGIN
    t := ROW(passenger_key, flight,
             @extschema@.person(name => name, birth_date => birth_date, gender => gender, nationality => nationality,
                                document => document, document_country => document_country))::@extschema@.traveller;
    PERFORM @extschema@.screen_run('one', ARRAY[t], profile, agency);
    -- the answer at check-in: this traveller's alerts still open, new or not
    RETURN QUERY
    SELECT a.alert_id, s.status, a.source, a.entity_key, a.listed_name, a.score, a.opened_at
    FROM @extschema@.alerts a JOIN @extschema@.alert_states s ON s.alert_id = a.alert_id
    WHERE a.passenger_key = t.passenger_key AND a.traveller_fingerprint = @extschema@.traveller_fingerprint(t.person)
      AND a.profile = screen_one.profile AND a.agency IS NOT DISTINCT FROM screen_one.agency
      AND s.status IN ('open', 'escalated', 'confirmed')
    ORDER BY a.score DESC, a.alert_id;
END
$$;
COMMENT ON FUNCTION @extschema@.screen_one(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
'screens one passenger at check-in by the same path as screen(); returns the traveller''s alerts that are open, escalated or confirmed (none: board)';

-- Open alerts whose listed entry is gone or changed in version (of source).
CREATE FUNCTION @extschema@.close_stale_alerts(source pg_catalog.text, version pg_catalog.int8, run pg_catalog.int8 DEFAULT NULL)
RETURNS pg_catalog.int4
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n int4;
BEGIN
    WITH cur AS (
        SELECT v.version_id FROM @extschema@.list_versions v
        WHERE v.version_id = close_stale_alerts.version AND v.source = close_stale_alerts.source
    ), stale AS (
        SELECT a.alert_id, a.entity_key, e.content_hash AS now_hash, cur.version_id
        FROM @extschema@.alerts a
        JOIN @extschema@.alert_states s ON s.alert_id = a.alert_id
        CROSS JOIN cur
        LEFT JOIN @extschema@.list_entities e ON e.version_id = cur.version_id AND e.entity_key = a.entity_key
        WHERE a.source = close_stale_alerts.source AND s.status IN ('open', 'escalated')
          AND (e.entity_key IS NULL OR e.content_hash IS DISTINCT FROM a.entity_hash)
    ), closed AS (
        INSERT INTO @extschema@.alert_closures (alert_id, run_id, reason)
        SELECT st.alert_id, run,
               format(CASE WHEN st.now_hash IS NULL THEN 'entity %s removed from %s in version %s'
                           ELSE 'entity %s changed in %s version %s: re-screened against the new entry' END,
                      st.entity_key, close_stale_alerts.source, st.version_id)
        FROM stale st
        ON CONFLICT DO NOTHING
        RETURNING alert_id, reason
    )
    INSERT INTO @extschema@.audit_log (event, details)
    SELECT 'closure', jsonb_build_object('run_id', run, 'alert_id', c.alert_id, 'reason', c.reason) FROM closed c;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.close_stale_alerts(pg_catalog.text, pg_catalog.int8, pg_catalog.int8) IS
'closes the open and escalated alerts of source whose listed entry is removed, or changed, in the given version, with the reason and the run; returns how many';

CREATE FUNCTION @extschema@.rescreen_changes(source pg_catalog.text, passengers pg_catalog.regclass,
    profile pg_catalog.text DEFAULT 'balanced', agency pg_catalog.text DEFAULT NULL,
    since_version pg_catalog.int8 DEFAULT NULL)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rid int8;
    travellers @extschema@.traveller[];
    changed text[];
    nclosed int4;
    pinned int8;
BEGIN
    PERFORM @extschema@.profile_threshold(profile);
    EXECUTE format('SELECT array_agg(@extschema@.traveller_from_row(to_jsonb(p))) FROM %s p', passengers) INTO travellers;  -- %s: passengers, a regclass
    rid := @extschema@.run_start('rescreen', profile, agency);
    SELECT v.version_id INTO pinned
    FROM @extschema@.screening_runs r, unnest(r.versions) x(id) JOIN @extschema@.list_versions v ON v.version_id = x.id
    WHERE r.run_id = rid AND v.source = rescreen_changes.source;
    IF pinned IS NULL THEN
        RAISE EXCEPTION 'no list of source % is loaded', rescreen_changes.source USING ERRCODE = 'no_data_found';
    END IF;
    SELECT COALESCE(array_agg(l.entity_key), '{}') INTO changed
    FROM @extschema@.list_changes(rescreen_changes.source, since_version, pinned) l WHERE l.change IN ('added', 'changed');
    nclosed := @extschema@.close_stale_alerts(rescreen_changes.source, pinned, rid);
    PERFORM @extschema@.run_finish(rid, COALESCE(cardinality(travellers), 0),
        @extschema@.screen_travellers(rid, COALESCE(travellers, '{}'), profile, agency, rescreen_changes.source, changed),
        nclosed);
    RETURN rid;
END
$$;
COMMENT ON FUNCTION @extschema@.rescreen_changes(pg_catalog.text, pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.int8) IS
'after a list reload: closes open alerts whose entry was removed or changed, and screens passengers (the upcoming ones) against only the entities added or changed since since_version (default: the version before the newest); returns the run id';

CREATE FUNCTION @extschema@.record_decision(alert pg_catalog.int8, decision pg_catalog.text, reason pg_catalog.text)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    did int8;
BEGIN
    INSERT INTO @extschema@.decisions (alert_id, decision, reason) VALUES (alert, decision, reason)
    RETURNING decision_id INTO did;
    INSERT INTO @extschema@.audit_log (event, details)
    VALUES ('decision', jsonb_build_object('decision_id', did, 'alert_id', alert, 'decision', decision, 'reason', reason));
    RETURN did;
END
$$;
COMMENT ON FUNCTION @extschema@.record_decision(pg_catalog.int8, pg_catalog.text, pg_catalog.text) IS
'an analyst''s decision on an alert (cleared, confirmed, escalated) with the reason; a cleared traveller identity is not alerted again for that listed entry until either changes';

-- ---- BI views: one row per thing an analyst counts ----

CREATE VIEW @extschema@.alert_queue AS
SELECT a.alert_id, s.status, a.opened_at, a.flight, a.passenger_key, a.agency,
       (a.traveller).names[1] AS traveller_name, (a.traveller).birth_dates[1] AS traveller_birth_date,
       (a.traveller).nationalities[1] AS traveller_nationality, (a.traveller).documents[1] AS traveller_document,
       a.source, a.entity_key, a.listed_name, a.explanation->'name'->>'listed_kind' AS listed_name_kind,
       a.score, a.profile, a.explanation->>'verdict' AS verdict,
       (a.explanation->'name'->>'evidence')::pg_catalog.float4 AS name_evidence,
       a.explanation->'birth_date'->>'relation' AS birth_date_relation,
       a.explanation->'birth_date'->>'listed' AS listed_birth_date,
       a.explanation->'nationality'->>'relation' AS nationality_relation,
       a.explanation->'nationality'->>'listed' AS listed_nationality,
       a.explanation->'document'->>'relation' AS document_relation,
       a.explanation->'gender'->>'relation' AS gender_relation,
       s.decision_reason AS escalation_reason
FROM @extschema@.alerts a
JOIN @extschema@.alert_states s ON s.alert_id OPERATOR(pg_catalog.=) a.alert_id
WHERE s.status IN ('open', 'escalated');
COMMENT ON VIEW @extschema@.alert_queue IS
'open and escalated alerts, one row each, the explanation flattened to columns for BI tools';

CREATE VIEW @extschema@.flight_summary AS
WITH p AS (
    SELECT s.flight, pg_catalog.count(DISTINCT s.passenger_key) AS passengers, pg_catalog.count(DISTINCT s.run_id) AS runs,
           pg_catalog.max(r.started_at) AS last_screened
    FROM @extschema@.screened s JOIN @extschema@.screening_runs r ON r.run_id OPERATOR(pg_catalog.=) s.run_id
    GROUP BY s.flight
), a AS (
    SELECT a.flight, pg_catalog.count(*) AS alerts,
           pg_catalog.count(DISTINCT a.passenger_key) AS passengers_alerted,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'open') AS open,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'escalated') AS escalated,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'cleared') AS cleared,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'confirmed') AS confirmed,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'closed') AS closed,
           pg_catalog.max(a.score) AS top_score
    FROM @extschema@.alerts a JOIN @extschema@.alert_states s ON s.alert_id OPERATOR(pg_catalog.=) a.alert_id
    GROUP BY a.flight
)
SELECT p.flight, p.passengers, p.runs, p.last_screened, COALESCE(a.alerts, 0) AS alerts,
       COALESCE(a.passengers_alerted, 0) AS passengers_alerted, COALESCE(a.open, 0) AS open,
       COALESCE(a.escalated, 0) AS escalated, COALESCE(a.cleared, 0) AS cleared, COALESCE(a.confirmed, 0) AS confirmed,
       COALESCE(a.closed, 0) AS closed, a.top_score
FROM p LEFT JOIN a ON a.flight IS NOT DISTINCT FROM p.flight;
COMMENT ON VIEW @extschema@.flight_summary IS
'per flight: passengers screened, runs, last screening, alerts by status, top score';

CREATE VIEW @extschema@.list_summary AS
WITH a AS (
    SELECT a.source, pg_catalog.count(*) AS alerts,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY (ARRAY['open', 'escalated'])) AS open,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'cleared') AS cleared,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'confirmed') AS confirmed,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'closed') AS closed,
           pg_catalog.count(DISTINCT a.entity_key) AS entities_alerted
    FROM @extschema@.alerts a JOIN @extschema@.alert_states s ON s.alert_id OPERATOR(pg_catalog.=) a.alert_id
    GROUP BY a.source
)
SELECT c.source, c.version_id AS current_version, c.published, c.loaded_at,
       (SELECT pg_catalog.count(*) FROM @extschema@.list_versions v WHERE v.source OPERATOR(pg_catalog.=) c.source) AS versions_loaded,
       v.entities,
       (SELECT pg_catalog.count(*) FROM @extschema@.list_entities e
         WHERE e.version_id OPERATOR(pg_catalog.=) c.version_id AND e.kind OPERATOR(pg_catalog.=) 'individual') AS individuals,
       (SELECT pg_catalog.count(*) FROM @extschema@.list_names n WHERE n.version_id OPERATOR(pg_catalog.=) c.version_id) AS names,
       COALESCE(a.alerts, 0) AS alerts, COALESCE(a.open, 0) AS open, COALESCE(a.cleared, 0) AS cleared,
       COALESCE(a.confirmed, 0) AS confirmed, COALESCE(a.closed, 0) AS closed, COALESCE(a.entities_alerted, 0) AS entities_alerted
FROM @extschema@.list_current c
JOIN @extschema@.list_versions v ON v.version_id OPERATOR(pg_catalog.=) c.version_id
LEFT JOIN a ON a.source OPERATOR(pg_catalog.=) c.source;
COMMENT ON VIEW @extschema@.list_summary IS
'per watchlist source: current version, publication and load times, versions loaded, entities, individuals, names, alerts by status';

CREATE VIEW @extschema@.decision_stats AS
SELECT a.source, a.profile, pg_catalog.count(*) AS alerts,
       pg_catalog.count(d.decision) AS decided,
       pg_catalog.count(*) FILTER (WHERE d.decision OPERATOR(pg_catalog.=) 'cleared') AS cleared,
       pg_catalog.count(*) FILTER (WHERE d.decision OPERATOR(pg_catalog.=) 'confirmed') AS confirmed,
       pg_catalog.count(*) FILTER (WHERE d.decision OPERATOR(pg_catalog.=) 'escalated') AS escalated,
       pg_catalog.round(pg_catalog.count(*) FILTER (WHERE d.decision OPERATOR(pg_catalog.=) 'cleared')::pg_catalog.numeric
             OPERATOR(pg_catalog./) NULLIF(pg_catalog.count(*) FILTER (WHERE d.decision OPERATOR(pg_catalog.=) ANY (ARRAY['cleared', 'confirmed'])), 0), 3)
           AS false_positive_rate,
       pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY pg_catalog.date_part('epoch', d.decided_at OPERATOR(pg_catalog.-) a.opened_at))
           AS median_seconds_to_decision
FROM @extschema@.alerts a
LEFT JOIN @extschema@.alert_states d ON d.alert_id OPERATOR(pg_catalog.=) a.alert_id
GROUP BY a.source, a.profile;
COMMENT ON VIEW @extschema@.decision_stats IS
'per list and profile: alerts, decided, cleared, confirmed, escalated, false-positive rate (cleared / (cleared + confirmed), the newest decision of each alert) and median time to a decision';

-- Views answer with the querying role's rights (PostgreSQL 15+), so
-- row-level security on alerts (README: several agencies) reaches through them.
DO $invoker$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::pg_catalog.int4 OPERATOR(pg_catalog.>=) 150000 THEN
        ALTER VIEW @extschema@.alert_states SET (security_invoker = true);
        ALTER VIEW @extschema@.alert_queue SET (security_invoker = true);
        ALTER VIEW @extschema@.flight_summary SET (security_invoker = true);
        ALTER VIEW @extschema@.list_summary SET (security_invoker = true);
        ALTER VIEW @extschema@.decision_stats SET (security_invoker = true);
        ALTER VIEW @extschema@.list_current SET (security_invoker = true);
        ALTER VIEW @extschema@.list_persons SET (security_invoker = true);
        ALTER VIEW @extschema@.list_persons_all SET (security_invoker = true);
    END IF;
END
$invoker$;

-- ---- Privileges: least privilege for the two roles, nothing for PUBLIC ----
-- screening_analyst reads alerts and records decisions; screening_admin loads
-- lists, screens, and changes the matching settings (equivalents, token
-- frequencies).  Neither can change or delete what is recorded.
REVOKE ALL ON @extschema@.screening_runs, @extschema@.screened, @extschema@.alerts, @extschema@.decisions,
    @extschema@.alert_closures, @extschema@.audit_log, @extschema@.alert_states, @extschema@.alert_queue,
    @extschema@.flight_summary, @extschema@.list_summary, @extschema@.decision_stats FROM PUBLIC;
GRANT SELECT ON @extschema@.screening_runs, @extschema@.screened, @extschema@.alerts, @extschema@.decisions,
    @extschema@.alert_closures, @extschema@.alert_states, @extschema@.alert_queue, @extschema@.flight_summary,
    @extschema@.list_summary, @extschema@.decision_stats TO screening_analyst, screening_admin;
GRANT SELECT ON @extschema@.audit_log TO screening_admin;
GRANT INSERT ON @extschema@.decisions, @extschema@.audit_log TO screening_analyst;
GRANT INSERT ON @extschema@.screening_runs, @extschema@.screened, @extschema@.alerts, @extschema@.alert_closures,
    @extschema@.audit_log TO screening_admin;
GRANT UPDATE (passengers, alerts, closed) ON @extschema@.screening_runs TO screening_admin;
GRANT INSERT ON @extschema@.list_versions, @extschema@.list_entities, @extschema@.list_names, @extschema@.list_birth_dates,
    @extschema@.list_nationalities, @extschema@.list_documents, @extschema@.list_addresses TO screening_admin;
GRANT UPDATE (content_hash) ON @extschema@.list_entities TO screening_admin;
GRANT UPDATE (entities) ON @extschema@.list_versions TO screening_admin;
GRANT DELETE ON @extschema@.list_versions TO screening_admin;
GRANT INSERT, UPDATE, DELETE ON @extschema@.name_equivalents, @extschema@.token_frequencies TO screening_admin;

REVOKE ALL ON FUNCTION @extschema@.screen(pg_catalog.regclass, pg_catalog.text, pg_catalog.text),
    @extschema@.screen_paxlst(pg_catalog.text, pg_catalog.text, pg_catalog.text),
    @extschema@.screen_one(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text,
                           pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text),
    @extschema@.rescreen_changes(pg_catalog.text, pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.int8),
    @extschema@.close_stale_alerts(pg_catalog.text, pg_catalog.int8, pg_catalog.int8),
    @extschema@.screen_travellers(pg_catalog.int8, @extschema@.traveller[], pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text[]),
    @extschema@.screen_candidates(@extschema@.traveller[], pg_catalog.float4, pg_catalog.int8[], pg_catalog.text[]),
    @extschema@.screen_run(pg_catalog.text, @extschema@.traveller[], pg_catalog.text, pg_catalog.text),
    @extschema@.run_start(pg_catalog.text, pg_catalog.text, pg_catalog.text),
    @extschema@.run_finish(pg_catalog.int8, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4),
    @extschema@.list_prune(pg_catalog.text, pg_catalog.int4),
    @extschema@.record_decision(pg_catalog.int8, pg_catalog.text, pg_catalog.text),
    @extschema@.refuse_change(), @extschema@.stamp_row(), @extschema@.finish_run_only(), @extschema@.audit_list_load()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.screen(pg_catalog.regclass, pg_catalog.text, pg_catalog.text),
    @extschema@.screen_paxlst(pg_catalog.text, pg_catalog.text, pg_catalog.text),
    @extschema@.screen_one(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text,
                           pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text),
    @extschema@.rescreen_changes(pg_catalog.text, pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.int8),
    @extschema@.close_stale_alerts(pg_catalog.text, pg_catalog.int8, pg_catalog.int8),
    @extschema@.screen_travellers(pg_catalog.int8, @extschema@.traveller[], pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text[]),
    @extschema@.screen_candidates(@extschema@.traveller[], pg_catalog.float4, pg_catalog.int8[], pg_catalog.text[]),
    @extschema@.screen_run(pg_catalog.text, @extschema@.traveller[], pg_catalog.text, pg_catalog.text),
    @extschema@.run_start(pg_catalog.text, pg_catalog.text, pg_catalog.text),
    @extschema@.run_finish(pg_catalog.int8, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4),
    @extschema@.list_prune(pg_catalog.text, pg_catalog.int4),
    @extschema@.load_un_list(pg_catalog.text),
    @extschema@.load_ofac_sdn(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz),
    @extschema@.list_new_version(pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz),
    @extschema@.list_rehash(pg_catalog.int8),
    @extschema@.analyze_token_frequencies(pg_catalog.regclass, pg_catalog.name)
    TO screening_admin;
GRANT EXECUTE ON FUNCTION @extschema@.record_decision(pg_catalog.int8, pg_catalog.text, pg_catalog.text) TO screening_analyst;
GRANT EXECUTE ON FUNCTION @extschema@.traveller_fingerprint(@extschema@.person),
    @extschema@.traveller_from_row(pg_catalog.jsonb) TO PUBLIC;
