# 016_memory.pl - a backend's own memory stays within work_mem / maintenance_work_mem.
#
# The backend's private memory (RssAnon in /proc/PID/status: heap and
# anonymous mappings, not the shared buffers it touches) is sampled every
# 10 ms while a statement runs, and the peak above the backend's level
# before the statement is compared with the budget the statement is given:
# a nameidx build over 100,000 names under maintenance_work_mem, a join of
# 2,000 passengers through the index and a sequential join under work_mem
# (plus the prepared-name cache, screening.prepared_name_cache), and a 16 MB
# PAXLST message (its documented bound, about 1.7 kB per traveller).  The
# slack (24 MB) covers the executor, catalogue caches and ICU's data.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(usleep);
use NameidxTest;

my $src = $ENV{SCREENING_SRC};
my $node = indexed_node('memory', 100_000, 2_000, 5);
my $pax = "$src/test/fixtures/demo_flight.paxlst";
my $slack_mb = 24;

sub rss_anon_kb
{
	my ($pid) = @_;
	open my $fh, '<', "/proc/$pid/status" or return undef;
	while (<$fh>) { return $1 if /^RssAnon:\s+(\d+) kB/; }
	return undef;
}

# peak_mb(settings, statement): the statement's peak private memory above the level before it, in MB
sub peak_mb
{
	my ($settings, $sql) = @_;
	my ($stdin, $stdout, $stderr) = ('', '', '');
	my $h = IPC::Run::start(['psql', '-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('postgres')],
		'<', \$stdin, '>', \$stdout, '2>', \$stderr);
	# warm the backend first (catalogue, ICU, the extension loaded), then measure
	$stdin .= "$settings\nSELECT screening.name_score('IVAN', 'IVAN') IS NOT NULL;\nSELECT pg_backend_pid();\n";
	$h->pump until $stdout =~ /^(\d+)$/m;
	my $pid = $1;
	my $before = rss_anon_kb($pid);
	my $peak = $before;
	$stdin .= "$sql;\nSELECT 'done';\n";
	while ($stdout !~ /done/ && $stderr !~ /ERROR|FATAL/)
	{
		$h->pump_nb;
		my $now = rss_anon_kb($pid);
		$peak = $now if defined $now && $now > $peak;
		usleep(10_000);
	}
	$stdin .= "\\q\n";
	$h->finish;
	diag("statement failed: $stderr") if $stderr =~ /ERROR|FATAL/;
	return int(($peak - $before) / 1024 + 0.5);
}

my $mb = peak_mb("SET maintenance_work_mem = '16MB';", 'CREATE INDEX copy_name ON copy_of_watch USING nameidx (name)');
cmp_ok($mb, '<=', 16 + $slack_mb, "a nameidx build over 100,000 names stays within maintenance_work_mem 16 MB (+$mb MB)");
my $big = peak_mb("SET maintenance_work_mem = '512MB';", 'CREATE INDEX copy_name2 ON copy_of_watch USING nameidx (name)');
cmp_ok($big, '>', $mb, "and uses more when given more: $big MB under 512 MB (the budget is what bounds it)");

$mb = peak_mb("SET work_mem = '4MB'; SET screening.prepared_name_cache = '8MB'; SET enable_seqscan = off; SET enable_bitmapscan = off;",
	q{SELECT count(*) FROM pax p JOIN watch w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.8)});
cmp_ok($mb, '<=', 4 + 8 + $slack_mb, "a nameidx join of 2,000 passengers stays within work_mem 4 MB + the 8 MB cache (+$mb MB)");

$mb = peak_mb("SET work_mem = '4MB'; SET screening.prepared_name_cache = '8MB'; SET enable_indexscan = off; SET enable_bitmapscan = off;",
	q{SELECT count(*) FROM (SELECT * FROM pax LIMIT 20) p JOIN watch w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.8)});
cmp_ok($mb, '<=', 4 + 8 + $slack_mb, "a sequential join (20 x 100,000 pairs) stays within work_mem 4 MB + the 8 MB cache (+$mb MB)");

$mb = peak_mb("SET work_mem = '4MB';",
	qq{SELECT count(*) FROM screening.paxlst_passengers(repeat(pg_read_file('$pax'), 7900))});
cmp_ok($mb, '<=', 2 * 16 + 170 + $slack_mb,
	"a 16 MB PAXLST message (94,800 travellers) stays within its documented bound: the text twice and 1.7 kB a traveller (+$mb MB)");

$node->stop;
done_testing();
