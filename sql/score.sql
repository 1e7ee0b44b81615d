--
-- score: the name scorer and match operators over a gallery of pairs.
-- Scores are rounded to three places; the design is in src/core/sc_score.c.
--
SET client_min_messages = warning;
SET extra_float_digits = 0;
SET search_path = public, screening;

-- The SQL surface of the scorer: operators and their functions.
SELECT o.oprname, o.oprleft::regtype, o.oprright::regtype, o.oprresult::regtype,
       o.oprcode::regproc AS function, c.oprname AS commutator
FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
LEFT JOIN pg_operator c ON c.oid = o.oprcom
WHERE n.nspname = 'screening'
ORDER BY o.oprname COLLATE "C", o.oprleft::regtype::text COLLATE "C";

-- passenger (query) against listed name (candidate), every kind of evidence
SELECT passenger, listed, round(name_score(passenger, listed)::numeric, 3) AS score,
       passenger %~ listed AS "matches at 0.8"
FROM (VALUES
    ('JOHN SMITH', 'John Smith'),
    ('SMITH/JOHN MR', 'John Smith'),
    ('JOHN SMYTH', 'John Smith'),
    ('J SMITH', 'John Smith'),
    ('JOHN PAUL SMITH', 'John Smith'),
    ('JOHN SMITH', 'John Paul Smith'),
    ('BILL GATES', 'William Gates'),
    ('MOHAMED ALI', 'Muhammad Ali'),
    ('MUHAMMAD HUSAYN', 'محمد حسين'),
    ('ABDULRAHMAN ALHASHIMI', 'Abdul Rahman al-Hashimi'),
    ('ALIAKSANDR LUKASHENKA', 'Аляксандр Лукашэнка'),
    ('ALEKSANDR KOVALENKO', 'Аляксандр Каваленка'),
    ('XI JINPING', '习近平'),
    ('KIM JONG UN', '김정은'),
    ('JUERGEN MUELLER', 'Jürgen Müller'),
    ('OSAMA BIN LADEN', 'Usama bin Laden'),
    ('ABDULLAH BIN OMAR', 'Omar bin Abdullah'),
    ('OLGA BARANOVA', 'Oleg Baranov'),
    ('MUHAMMAD ALI', 'Muhammad Hassan'),
    ('JOHN SMITH', 'Mary Jones'),
    ('', 'John Smith')
) AS g(passenger, listed)
ORDER BY score DESC, passenger COLLATE "C";

-- ORDER BY distance: the closest listed names first
SELECT listed, round((listed <~%> 'MOHAMMED YOUSSEF')::numeric, 3) AS distance
FROM (VALUES ('Muhammad Yusuf'), ('Mohammed Yousef Ali'), ('Yusuf Islam'), ('Ahmad Yusuf'), ('John Smith')) AS l(listed)
ORDER BY listed <~%> 'MOHAMMED YOUSSEF', listed COLLATE "C";

-- The IMMUTABLE forms and their threshold checks
SELECT name_match('OSAMA BIN LADEN', 'Usama bin Laden', 0.9) AS at_09,
       'Usama bin Laden' ~% name_query('OSAMA BIN LADEN', 0.99) AS at_099;
SELECT name_match('a', 'b', 1.5);
SELECT name_query('a', -1);
