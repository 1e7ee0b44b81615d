# 019_preload.pl - screening in shared_preload_libraries: warm backends, the same answers.
#
# Preloaded, the library prepares one name of every script in the postmaster
# (sc_warm_up), so backends inherit ICU's transliterators and the core's
# tables instead of building them on their first names.  The server must
# start and log no warm-up failure, and every answer must be the one a node
# without preloading gives: 3,000 synthetic names in a dozen scripts
# normalized and keyed, 500 passengers screened against them through the
# index.  A new backend's first Han name, which opens ICU's Han-Latin
# transliterator when not preloaded (about 100 ms), is reported (not
# asserted: timings on a shared machine are for the benchmarks).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(time);
use NameidxTest;

my %node;
for my $preload (0, 1)
{
	my $node = PostgreSQL::Test::Cluster->new($preload ? 'preloaded' : 'plain');
	$node->init;
	$node->append_conf('postgresql.conf',
		"max_parallel_workers_per_gather = 0\njit = off\n" . ($preload ? "shared_preload_libraries = 'screening'\n" : ''));
	$node->start;
	$node->safe_psql('postgres', 'CREATE EXTENSION screening');
	load_list($node, 'postgres', 'watch', 3_000, 7);
	# the generator's names as written (load_list romanizes some, as lists do)
	my $file = NameidxTest::generate('list 3000 7', PostgreSQL::Test::Utils::tempdir() . '/raw.tsv');
	$node->safe_psql('postgres', "CREATE TABLE raw (id int, name text, romanize int); COPY raw FROM '$file'");
	load_passengers($node, 'postgres', 'pax', 500, 3_000, 7);
	$node->safe_psql('postgres', 'CREATE INDEX watch_name ON watch USING nameidx (name); ANALYZE');
	$node{$preload} = $node;
}

is($node{1}->safe_psql('postgres', "SHOW shared_preload_libraries"), 'screening', 'the library is preloaded');
unlike(slurp_file($node{1}->logfile), qr/could not prepare .* warm-up names/, 'the warm-up prepared every sample name');

# every function whose result preparation decides, over the whole list
my $digest = q{
	SELECT md5(string_agg(concat_ws('|', id, screening.name_normalize(name), screening.name_script(name),
	                                array_to_string(screening.name_variants(name), ',')), ';' ORDER BY id))
	FROM raw};
my $plain = $node{0}->safe_psql('postgres', $digest);
is($node{1}->safe_psql('postgres', $digest), $plain, 'normalization and variants of 3,000 names: the same digest');
cmp_ok($node{0}->safe_psql('postgres', "SELECT count(DISTINCT screening.name_script(name)) FROM raw"), '>=', 10,
	'those names are written in at least ten scripts');

my $screen = q{
	SET enable_seqscan = off;
	SELECT count(*) || ' ' || md5(string_agg(p.pid || ':' || w.id || ':' || round(screening.name_score(p.name, w.name)::numeric, 6),
	                                         ',' ORDER BY p.pid, w.id))
	FROM pax p JOIN watch w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.7)};
my $plain_pairs = $node{0}->safe_psql('postgres', $screen);
like($plain_pairs, qr/^[1-9]\d* /, "the plain node's screening finds pairs ($plain_pairs)");
is($node{1}->safe_psql('postgres', $screen), $plain_pairs, '500 passengers through nameidx: the same pairs and scores');

for my $preload (0, 1)
{
	my $t0 = time;
	$node{$preload}->safe_psql('postgres', "SELECT screening.name_normalize('毛泽东')");
	diag(sprintf('%s: a new backend normalizes its first Han name in %.0f ms (with connecting)',
		$preload ? 'preloaded' : 'not preloaded', 1000 * (time - $t0)));
}

$node{$_}->stop for (0, 1);
done_testing();
