-- un_labelled_persons.sql - the labelled UN positives and the negatives as travellers, with the UN individuals.
--
-- Loads un_persons (un_persons.sql), then TEMP TABLE pos(r, ref, listed,
-- traveller, name_only): each positive variant as a traveller with its birth
-- date, gender and nationality, and as its name alone, beside its listed
-- person (the individual whose primary name is orig_full_name after
-- normalization; where names repeat, the one carrying its birth date); and
-- TEMP TABLE neg(id, traveller, name_only) for the labelled negatives.
-- Included with \ir by test/pgtap/060_person.sql and
-- test/bench/person_sql.sql; needs the psql variable data_dir.
\ir un_persons.sql

CREATE TEMP TABLE positives(r text, orig_full_name text, orig_first_name text, orig_middle_name text,
    orig_last_name text, orig_gender text, orig_date_of_birth text, orig_place_of_birth text,
    orig_nationality text, variant_full_name text, variant_first_name text, variant_middle_name text,
    variant_last_name text, variant_gender text, variant_date_of_birth text, variant_place_of_birth text,
    variant_nationality text);
\set f :data_dir '/labelled/un_positives_dev.csv'
COPY positives FROM :'f' WITH (FORMAT csv, HEADER true);
CREATE TEMP TABLE negatives(full_name text, first_name text, middle_name text, last_name text, gender text,
    date_of_birth text, place_of_birth text, nationality text);
\set f :data_dir '/labelled/negatives_global_dev.csv'
COPY negatives FROM :'f' WITH (FORMAT csv, HEADER true);
\set f :data_dir '/labelled/negatives_us_dev.csv'
COPY negatives FROM :'f' WITH (FORMAT csv, HEADER true);

CREATE TEMP TABLE pos AS
SELECT DISTINCT ON (p.r) p.r, u.ref, u.listed,
       screening.person(name => p.variant_full_name, birth_date => nullif(p.variant_date_of_birth, ''),
                        gender => nullif(p.variant_gender, ''), nationality => nullif(p.variant_nationality, '')) AS traveller,
       screening.person(name => p.variant_full_name) AS name_only
FROM positives p JOIN un_persons u ON screening.name_normalize(u.primary_name) = screening.name_normalize(p.orig_full_name)
ORDER BY p.r, (p.orig_date_of_birth = ANY ((u.listed).birth_dates)) DESC, u.ref;

CREATE TEMP TABLE neg AS
SELECT row_number() OVER () AS id,
       screening.person(name => full_name, birth_date => nullif(date_of_birth, ''), gender => nullif(gender, ''),
                        nationality => nullif(nationality, '')) AS traveller,
       screening.person(name => full_name) AS name_only
FROM negatives;
