# 010_nameidx_100k.pl - nameidx answers exactly as a sequential scan on a 100,000-name synthetic list.
#
# The list and 60 passengers (a third of them perturbed listed names) come
# from test/bench/gen_names.pl.  The oracle is a sequential scan with the
# same operator; the index must agree pair for pair at the floor (0.5) and at
# 0.8 through plain and bitmap scans, give the same ten smallest distances,
# and pass nameidx_check with heapallindexed.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use NameidxTest;

my $node = PostgreSQL::Test::Cluster->new('nameidx_100k');
$node->init;
$node->append_conf('postgresql.conf', "shared_buffers = 256MB\nmaintenance_work_mem = 256MB\n");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION screening');

load_list($node, 'postgres', 'list100k', 100_000);
load_passengers($node, 'postgres', 'pax', 60, 100_000);
is($node->safe_psql('postgres', 'SELECT count(*) FROM list100k'), '100000', '100,000 listed names loaded');

$node->safe_psql('postgres', 'CREATE INDEX list100k_name ON list100k USING nameidx (name); ANALYZE list100k');
is($node->safe_psql('postgres', "SELECT screening.nameidx_check('list100k_name', true)"), '',
	'nameidx_check with heapallindexed passes');

for my $t (0.5, 0.8)
{
	for my $way ('bitmap', 'index')
	{
		is(oracle_differences($node, 'postgres', 'list100k', 'pax', $t, $way), '0',
			"threshold $t, $way scan: every pair the sequential scan finds, and no other");
	}
}
cmp_ok($node->safe_psql('postgres', 'SELECT count(DISTINCT pid) FROM oracle_list100k_80'), '>=', 15,
	'the perturbed listed names are found at 0.8');

is(topk_differences($node, 'postgres', 'list100k', 'pax', 10, 'pid % 6 = 0'), '0',
	'ORDER BY distance LIMIT 10: the same distances as a full sort');

$node->stop;
done_testing();
