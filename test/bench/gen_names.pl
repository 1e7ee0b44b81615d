#!/usr/bin/perl
# gen_names.pl - a synthetic multilingual watchlist, and passengers to screen against it.
#
#   gen_names.pl list N [SEED]            N listed names:  id <TAB> name <TAB> romanize
#   gen_names.pl passengers M N [SEED]    M passengers for that list: id <TAB> name <TAB> romanize <TAB> listed_id
#
# Why synthetic: the benchmarks need lists of 100,000 and 1,000,000 names,
# and the real lists hold 25,000.  What makes a list hard for an index is
# its token distribution, so the generator imitates a real one:
#   - people from 49 naming cultures (the faker name lists in the shared
#     data), weighted toward the cultures sanctions lists are heavy in
#     (Arabic, Persian, Russian, Ukrainian, Chinese, Korean ...), in their
#     own script or romanized (the loader romanizes rows marked 1 with
#     screening.name_normalize, so romanized rows carry our spelling);
#   - name structures of those cultures: father's names and AL/BIN/ABU
#     particles, patronymics, family name first, double surnames;
#   - a long tail of family names, as a real million-name list has: half
#     the family names drawn are spliced from two real ones at a vowel
#     (KOVAL + ENKO), and all draws are Zipf-skewed, so a few names are
#     very common (the MUHAMMAD ALI problem) and most are rare;
#   - entities (a family name or word with a trade word and a legal form)
#     and aliases (a second row for the same person: reordered, a typo, or
#     another given name).
# Passengers are people (a manifest carries no companies): 30% perturbed
# listed people (a typo, a dropped middle name, swapped order, romanized)
# and 70% new people, so most screenings find nothing, as in life.  Perl's rand is seeded, so output is the same on
# every machine for the same arguments.  Reads SCREENING_DATA_DIR (default
# ../shared/data beside the project).
use strict;
use warnings;
use utf8;
use FindBin;

binmode(STDOUT, ':encoding(UTF-8)');

my ($mode, @args) = @ARGV;
die "usage: $0 list N [SEED] | passengers M N [SEED]\n"
  unless $mode && ($mode eq 'list' && @args >= 1 || $mode eq 'passengers' && @args >= 2);

my $data = $ENV{SCREENING_DATA_DIR} || "$FindBin::Bin/../../../shared/data";
my $faker = "$data/names/faker/faker_person_names.csv";
my $census = "$data/names/census_1990";
-r $faker or die "!!! SHARED DATA NOT FOUND: $faker (set SCREENING_DATA_DIR)\n";

# ---- pools ----------------------------------------------------------------
my (%first, %last);
open(my $fh, '<:encoding(UTF-8)', $faker) or die "$faker: $!\n";
<$fh>;
while (my $line = <$fh>) {
    chomp $line;
    $line =~ s/\r$//;
    my ($locale, $kind, $gender, $attr, $name) = split /,/, $line, 5;
    next unless defined $name && $name =~ /\w/;
    $name =~ s/^"|"$//g;
    if ($kind eq 'first') { push @{$first{$locale}}, $name; }
    elsif ($kind eq 'last') { push @{$last{$locale}}, $name; }
}
close $fh;

# screening-relevant cultures weigh more; every culture with both pools appears
my %weight = (
    ar_AA => 14, ar_SA => 3, ar_PS => 3, fa_IR => 6, ru_RU => 9, uk_UA => 4, bg_BG => 2,
    zh_CN => 6, zh_TW => 2, ko_KR => 3, ja_JP => 2, he_IL => 2, tr_TR => 4, hi_IN => 3,
    es_ES => 4, es_MX => 4, pt_BR => 2, pt_PT => 1, fr_FR => 3, de_DE => 3, en_US => 6,
    en_GB => 3, en => 3, it_IT => 2, pl_PL => 2, el_GR => 2, ka_GE => 1, id_ID => 2,
);
my @locales = sort grep { $first{$_} && $last{$_} } keys %first;
my ($total, @cumulative) = (0);
for my $l (@locales) {
    $total += $weight{$l} // 1;
    push @cumulative, [$total, $l];
}

my $seed = $mode eq 'list' ? ($args[1] // 42) : ($args[2] // 42);
srand($seed);

# shuffle each pool once, so that the Zipf head is not the alphabet's start
# (in sorted order: Perl's hash order changes from run to run)
for my $pool (map({ $first{$_} } sort keys %first), map({ $last{$_} } sort keys %last)) {
    for (my $i = @$pool - 1; $i > 0; $i--) {
        my $j = int(rand($i + 1));
        @$pool[$i, $j] = @$pool[$j, $i];
    }
}

sub zipf { my ($n) = @_; return int($n * rand() ** 3); }
sub pick { my ($pool) = @_; return $pool->[zipf(scalar @$pool)]; }

sub pick_locale {
    my $r = rand($total);
    for my $c (@cumulative) { return $c->[1] if $r < $c->[0]; }
    return $cumulative[-1][1];
}

sub is_han { return $_[0] =~ /\p{Han}|\p{Hangul}|\p{Hiragana}|\p{Katakana}/; }

# a family name from the long tail: half spliced from two names of the culture
sub family {
    my ($locale) = @_;
    my $a = pick($last{$locale});
    return $a if is_han($a) || rand() < 0.5;
    my $b = $last{$locale}[int(rand(scalar @{$last{$locale}}))];
    my @ca = split //, $a;
    my @cb = split //, $b;
    return $a if @ca < 4 || @cb < 4;
    my $cut = 2 + int(rand(@ca - 3));
    my $from = 1 + int(rand(@cb - 2));
    return join('', @ca[0 .. $cut]) . lc(join('', @cb[$from .. $#cb]));
}

my @trade = qw(TRADING HOLDINGS SHIPPING GROUP INTERNATIONAL INDUSTRIES ENTERPRISES LOGISTICS PETROLEUM
               EXCHANGE INVESTMENT CONSTRUCTION TECHNOLOGY MARINE AVIATION);
my @legal = ('LLC', 'LTD', 'CO', 'GMBH', 'SA', 'FZE', 'JSC', 'OOO', 'CO LTD', 'LIMITED', 'INC');

sub person {
    my ($locale) = @_;
    my $given = pick($first{$locale});
    my $fam = family($locale);
    my @parts;
    if ($locale =~ /^(ar|fa)/) {
        @parts = ($given);
        push @parts, pick($first{$locale}) if rand() < 0.5;
        my $r = rand();
        my $arabic = $fam =~ /\p{Arabic}/;
        my ($al, $bin, $abu) = $arabic ? ('ال', 'بن ', 'أبو ') : ('AL ', 'BIN ', 'ABU ');
        push @parts, $r < 0.15 && $fam !~ /^(ال|AL)/i ? $al . $fam : $r < 0.25 ? $bin . $fam : $r < 0.3 ? $abu . $fam : $fam;
    } elsif ($locale =~ /^(zh|ko|ja)/) {
        @parts = is_han($fam . $given) ? ($fam . $given) : ($fam, $given);
    } elsif ($locale =~ /^(es|pt)/) {
        @parts = ($given);
        push @parts, pick($first{$locale}) if rand() < 0.3;
        push @parts, $fam;
        push @parts, family($locale) if rand() < 0.4;
    } else {
        @parts = ($given);
        push @parts, pick($first{$locale}) if rand() < 0.25;
        push @parts, $fam;
        @parts = reverse @parts if rand() < 0.15;
    }
    return join(' ', @parts);
}

sub entity {
    my $locale = pick_locale();
    my $word = rand() < 0.7 ? family($locale) : pick($first{$locale});
    my $name = $word . ' ' . $trade[zipf(scalar @trade)];
    $name .= ' ' . $trade[int(rand(@trade))] if rand() < 0.3;
    return $name . ' ' . $legal[int(rand(@legal))];
}

sub typo {
    my ($s) = @_;
    my @c = split //, $s;
    my @letters = grep { $c[$_] =~ /\w/ } 0 .. $#c;
    return $s unless @letters > 3;
    my $i = $letters[1 + int(rand(@letters - 1))];
    # a letter of the same name, so that the typo stays in its script
    my $other = $c[$letters[int(rand(@letters))]];
    my $r = rand();
    if ($r < 0.4) { $c[$i] = $other; }
    elsif ($r < 0.7) { splice(@c, $i, 1); }
    else { splice(@c, $i, 0, $other); }
    return join('', @c);
}

# The list, as a generator: calls $emit->(name, romanize) for each row.
sub generate_list {
    my ($n, $emit) = @_;
    my $rows = 0;
    while ($rows < $n) {
        if (rand() < 0.12) {
            $emit->(entity(), 0, 1);
            $rows++;
            next;
        }
        my $locale = pick_locale();
        my $name = person($locale);
        my $romanize = ($name =~ /[^\x00-\x7F]/ && rand() < 0.5) ? 1 : 0;
        $emit->($name, $romanize, 0);
        $rows++;
        if ($rows < $n && rand() < 0.2) {
            my @t = split / /, $name;
            my $r = rand();
            my $alias = $r < 0.35 && @t > 1 ? join(' ', reverse @t)
                      : $r < 0.7 ? typo($name)
                      : person($locale);
            $emit->($alias, $romanize, 0);
            $rows++;
        }
    }
}

my @census_first;
my @census_last;
sub load_census {
    for my $f (['us_census1990_male_firstnames.csv', \@census_first], ['us_census1990_female_firstnames.csv', \@census_first],
               ['us_census1990_surnames.csv', \@census_last]) {
        open(my $c, '<', "$census/$f->[0]") or die "$census/$f->[0]: $!\n";
        <$c>;
        while (<$c>) { push @{$f->[1]}, (split /,/)[0]; }
        close $c;
    }
}

if ($mode eq 'list') {
    my $id = 0;
    generate_list($args[0], sub { $id++; print "$id\t$_[0]\t$_[1]\n"; });
    exit 0;
}

# passengers: regenerate the list (same seed, so the same rows) and keep
# every k-th row; no rand() here, or the regenerated list would differ
my ($m, $n) = @args;
my @sample;
my $want = int($m * 0.3);
my $step = $want > 0 ? int($n * 0.85 / $want) || 1 : $n + 1;	# about 88 % of rows are people
my $id = 0;
my $persons = 0;
generate_list($n, sub {
    $id++;
    return if $_[2];    # passengers are people: entities stay on the list only
    $persons++;
    push @sample, [$id, @_[0, 1]] if $persons % $step == 0 && @sample < $want;
});
load_census();
srand($seed + 1);
my $pid = 0;
for my $s (@sample) {
    my ($lid, $name, $romanize) = @$s;
    my @t = split / /, $name;
    my $r = rand();
    my $p = $r < 0.3 ? typo($name)
          : $r < 0.5 && @t > 2 ? join(' ', @t[0, 2 .. $#t])
          : $r < 0.7 && @t > 1 ? join(' ', reverse @t)
          : $name;
    $pid++;
    print "$pid\t$p\t", ($p =~ /[^\x00-\x7F]/ ? 1 : $romanize), "\t$lid\n";
}
while ($pid < $m) {
    my $r = rand();
    my $name = $r < 0.5
        ? $census_first[zipf(scalar @census_first)] . ' ' . $census_last[zipf(scalar @census_last)]
        : person(pick_locale());
    $pid++;
    print "$pid\t$name\t", ($name =~ /[^\x00-\x7F]/ ? 1 : 0), "\t\\N\n";
}
