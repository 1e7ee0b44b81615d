# 011_nameidx_crash.pl - nameidx survives an immediate shutdown in the middle of concurrent writes.
#
# pgbench clients insert listed names, delete rows and VACUUM an indexed
# table whose pending list is only 8 pages, so merges (a new run, a metapage
# switch, old pages freed) happen all the time; the server is stopped with
# "immediate" (no checkpoint: recovery replays the WAL) part-way through.
# After recovery, nameidx_check (heapallindexed) must pass and the index must
# give the sequential scan's answers; then the index must keep working, and
# VACUUM must reclaim what an interrupted merge left.  Twice.  The cluster
# runs with wal_consistency_checking = 'generic', so every replayed index
# record is also compared with the page image the primary logged.
use strict;
use warnings;
use IPC::Run;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use NameidxTest;

my $node = PostgreSQL::Test::Cluster->new('nameidx_crash');
$node->init;
$node->append_conf('postgresql.conf', "wal_consistency_checking = 'generic'\nautovacuum = off\n");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION screening');

load_list($node, 'postgres', 'pool', 20_000);
load_passengers($node, 'postgres', 'pax', 30, 20_000);
$node->safe_psql('postgres', q{
	CREATE TABLE w (id serial PRIMARY KEY, name text);
	INSERT INTO w (name) SELECT name FROM pool WHERE id <= 5000;
	CREATE INDEX w_name ON w USING nameidx (name) WITH (pending_pages = 8);
});

my $dir = PostgreSQL::Test::Utils::tempdir();
append_to_file("$dir/insert.sql", "\\set r random(1, 20000)\nINSERT INTO w (name) SELECT name FROM pool WHERE id = :r;\n");
append_to_file("$dir/delete.sql", "\\set r random(1, 60000)\nDELETE FROM w WHERE id = :r;\n");
append_to_file("$dir/vacuum.sql", "VACUUM w;\n");

for my $round (1, 2)
{
	my $before = $node->safe_psql('postgres', "SELECT generation FROM screening.nameidx_stats('w_name')");
	my ($out, $err) = ('', '');
	my $pgbench = IPC::Run::start(
		[ 'pgbench', '-n', '-c', '4', '-j', '2', '-T', '60', '-f', "$dir/insert.sql\@20",
		  '-f', "$dir/delete.sql\@4", '-f', "$dir/vacuum.sql\@1", $node->connstr('postgres') ],
		'>', \$out, '2>', \$err);
	# let the clients write until several merges have happened
	$node->poll_query_until('postgres',
		"SELECT generation >= $before + 5 FROM screening.nameidx_stats('w_name')")
	  or diag('few merges before the crash');
	$node->stop('immediate');
	$pgbench->finish;
	$node->start;

	is($node->safe_psql('postgres', "SELECT screening.nameidx_check('w_name', true)"), '',
		"round $round: after the crash, nameidx_check with heapallindexed passes");
	$node->safe_psql('postgres', 'DROP TABLE IF EXISTS oracle_w_50, oracle_w_80');
	is(oracle_differences($node, 'postgres', 'w', 'pax', 0.5, 'bitmap'), '0',
		"round $round: after the crash, bitmap scans give the sequential scan's answer");
	is(oracle_differences($node, 'postgres', 'w', 'pax', 0.8, 'index'), '0',
		"round $round: after the crash, index scans give the sequential scan's answer");

	# it keeps working: more inserts (merging), then VACUUM reclaims leftovers
	$node->safe_psql('postgres', 'INSERT INTO w (name) SELECT name FROM pool WHERE id % 7 = 0; VACUUM w');
	my ($ret, $stdout, $stderr) = $node->psql('postgres', "SELECT screening.nameidx_check('w_name', true)");
	is($ret, 0, "round $round: after more inserts and VACUUM, nameidx_check passes");
	unlike($stderr, qr/pages no structure uses/, "round $round: VACUUM reclaimed every page a crash left");
	$node->safe_psql('postgres', 'DROP TABLE IF EXISTS oracle_w_50, oracle_w_80');
	is(oracle_differences($node, 'postgres', 'w', 'pax', 0.5, 'index'), '0',
		"round $round: and index scans still give the sequential scan's answer");
}

# The check beside a merge: a merge in progress when nameidx_check opens the
# index ends while the check waits for the maintenance lock, with its new run
# past the index's old end (the check measured the index before taking the
# lock, and called such an index corrupt).  VACUUM's merge of a fresh
# 100,000-row index with a pending list holds the lock for a second or two.
{
	$node->safe_psql('postgres', q{
		CREATE TABLE w2 AS SELECT p.name FROM pool p, generate_series(1, 5);
		CREATE INDEX w2_name ON w2 USING nameidx (name);
		INSERT INTO w2 SELECT name FROM pool WHERE id <= 300;
	});
	my $blocks = $node->safe_psql('postgres', "SELECT pages FROM screening.nameidx_stats('w2_name')");
	my ($vout, $verr) = ('', '');
	my $vacuum = IPC::Run::start([ 'psql', '-X', '-q', '-c', 'VACUUM w2', $node->connstr('postgres') ],
		'>', \$vout, '2>', \$verr);
	ok($node->poll_query_until('postgres', q{
			SELECT EXISTS (SELECT FROM pg_locks WHERE locktype = 'page' AND relation = 'w2_name'::regclass
			               AND page = 0 AND granted AND pid <> pg_backend_pid())}),
		'VACUUM merges w2_name (holds its maintenance lock)');
	my ($ret, $stdout, $stderr) = $node->psql('postgres', "SELECT screening.nameidx_check('w2_name')");
	$vacuum->finish;
	is($ret, 0, 'nameidx_check started during a merge reports no corruption') or diag($stderr);
	cmp_ok($node->safe_psql('postgres', "SELECT pages FROM screening.nameidx_stats('w2_name')"), '>', $blocks,
		'the merge grew the index (the old check had measured it before waiting for the lock)');
}

my $log = slurp_file($node->logfile);
unlike($log, qr/inconsistent page found/, 'wal_consistency_checking found no page that replay got wrong');
unlike($log, qr/PANIC/, 'no PANIC in the server log');

$node->stop;
done_testing();
