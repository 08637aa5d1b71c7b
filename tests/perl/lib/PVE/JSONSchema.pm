package PVE::JSONSchema;

# Test stand-in: only what the storage plugins under test call.

use strict;
use warnings;

use Exporter qw(import);
our @EXPORT_OK = qw(get_standard_option);

my %standard = (
    'pve-storage-id' => { type => 'string', format => 'pve-storage-id' },
    'pve-node-list' => { type => 'string', format => 'pve-node-list' },
    'bwlimit' => { type => 'string', format => 'pve-bwlimit', optional => 1 },
    'prune-backups' => { type => 'string', format => 'prune-backups', optional => 1 },
);

sub get_standard_option {
    my ($name, $base) = @_;
    my $opt = $standard{$name} or die "stand-in: no standard option '$name'\n";
    return { %$opt, %{ $base // {} } };
}

sub parse_boolean {
    my ($value) = @_;
    return 1 if $value =~ m/^(?:1|on|yes|true)$/i;
    return 0 if $value =~ m/^(?:0|off|no|false)$/i;
    return undef;
}

1;
