# 012_nameidx_standby.pl - a streaming standby's nameidx gives the primary's answers.
#
# The primary logs every index change through generic WAL with
# wal_consistency_checking = 'generic', so the standby compares each page it
# replays with the primary's image.  The primary builds an index, then
# changes the table (inserts that merge the pending list, updates, deletes,
# VACUUM, REINDEX CONCURRENTLY); after each stage the standby, once caught up,
# must answer every passenger exactly as the primary does and as its own
# sequential scan does.  Finally the standby is promoted and checked with
# nameidx_check.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use NameidxTest;

my $primary = PostgreSQL::Test::Cluster->new('primary');
$primary->init(allows_streaming => 1);
$primary->append_conf('postgresql.conf', "wal_consistency_checking = 'generic'\n");
$primary->start;
$primary->safe_psql('postgres', 'CREATE EXTENSION screening');
load_list($primary, 'postgres', 'pool', 20_000, 7);
load_passengers($primary, 'postgres', 'pax', 40, 20_000, 7);
$primary->safe_psql('postgres', q{
	CREATE TABLE w (id serial PRIMARY KEY, name text);
	INSERT INTO w (name) SELECT name FROM pool WHERE id <= 10000;
	CREATE INDEX w_name ON w USING nameidx (name) WITH (pending_pages = 16);
});

$primary->backup('base');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($primary, 'base', has_streaming => 1);
$standby->start;

# The passengers' answers through the index, as one sorted text.
sub answers
{
	my ($node, $way) = @_;
	my $settings = $way eq 'index'
	  ? 'SET enable_seqscan = off; SET enable_bitmapscan = off;'
	  : 'SET enable_indexscan = off; SET enable_bitmapscan = off;';
	return $node->safe_psql('postgres', qq{
		$settings
		SELECT string_agg(p.pid || ':' || w.id, ',' ORDER BY p.pid, w.id)
		FROM pax p JOIN w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.6);
	});
}

sub compare
{
	my ($stage) = @_;
	$primary->wait_for_catchup($standby, 'replay', $primary->lsn('insert'));
	my $want = answers($primary, 'index');
	isnt($want, '', "$stage: the primary finds matches");
	is(answers($standby, 'index'), $want, "$stage: the standby's index gives the primary's answers");
	is(answers($standby, 'seq'), $want, "$stage: and they are the standby's sequential-scan answers");
}

compare('after CREATE INDEX');

$primary->safe_psql('postgres', 'INSERT INTO w (name) SELECT name FROM pool WHERE id > 10000');
cmp_ok($primary->safe_psql('postgres', "SELECT generation FROM screening.nameidx_stats('w_name')"), '>', 5,
	'the inserts merged the pending list several times');
compare('after inserts with merges');

$primary->safe_psql('postgres', q{
	UPDATE w SET name = name || ' JR' WHERE id % 9 = 0;
	DELETE FROM w WHERE id % 4 = 0;
	VACUUM w;
});
compare('after updates, deletes and VACUUM');

$primary->safe_psql('postgres', 'REINDEX INDEX CONCURRENTLY w_name');
compare('after REINDEX CONCURRENTLY');

my ($ret, $stdout, $stderr) = $standby->psql('postgres', "SELECT screening.nameidx_check('w_name')");
like($stderr, qr/can only be checked on a primary/, 'nameidx_check refuses to run on a standby, clearly');

$standby->promote;
$standby->poll_query_until('postgres', 'SELECT NOT pg_is_in_recovery()');
is($standby->safe_psql('postgres', "SELECT screening.nameidx_check('w_name', true)"), '',
	'the promoted standby\'s index passes nameidx_check with heapallindexed');
$standby->safe_psql('postgres', "INSERT INTO w (name) VALUES ('ALEKSANDR IVANOV')");
is($standby->safe_psql('postgres', q{
	SET enable_seqscan = off;
	SELECT count(*) FROM w WHERE name OPERATOR(screening.~%) screening.name_query('ALEXANDER IVANOV', 0.8)}),
	$standby->safe_psql('postgres', q{
	SET enable_indexscan = off; SET enable_bitmapscan = off;
	SELECT count(*) FROM w WHERE name OPERATOR(screening.~%) screening.name_query('ALEXANDER IVANOV', 0.8)}),
	'and takes new rows after promotion');

for my $node ($primary, $standby)
{
	my $log = slurp_file($node->logfile);
	unlike($log, qr/inconsistent page found/, $node->name . ': replay found no inconsistent page');
}

$standby->stop;
$primary->stop;
done_testing();
