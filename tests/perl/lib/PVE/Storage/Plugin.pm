package PVE::Storage::Plugin;

# Test stand-in for pve-storage's base class and the SectionConfig rules a plugin
# must satisfy when it registers (PVE::SectionConfig, "unified" property mode):
#  - a property may be defined by one plugin only ("duplicate property");
#  - every option a plugin lists must be a defined property;
#  - `fixed` options cannot change on update, required ones must be given on create.
# The property list starts with what PVE's built-in plugins define (other than the
# directory plugin, whose stand-in defines its own), so redefining, say, `password`
# fails here as it would on a real node.

use strict;
use warnings;

use PVE::JSONSchema qw(get_standard_option);

our @CALLS;    # [ method, storeid ] of the base-class methods reached

my $builtin = [qw(
    type storage nodes content disable maxfiles prune-backups max-protected-backups
    shared subdir format preallocation content-dirs options port
    password username domain share smbversion server server2 export datastore
    fingerprint encryption-key master-pubkey keyring monhost pool krbd fs-name
    namespace vgname thinpool blocksize sparse mountpoint base saferemove
    saferemove_throughput tagged_only portal target iscsiprovider comstar_hg
    comstar_tg lio_tpg nowritecache fuse nocow authsupported data-pool
    skip-cert-verification transport zfs-base-path snapshot-as-volume-chain
)];

my $defaultData = {
    propertyList => { map { $_ => { type => 'string', optional => 1 } } @$builtin },
    plugindata => {},
    options => {},
    plugins => {},
};

sub private { return $defaultData }

sub register {
    my ($class) = @_;
    my $type = $class->type();
    die "duplicate plugin type '$type'\n" if $defaultData->{plugins}->{$type};
    my $props = $class->properties();
    for my $p (sort keys %$props) {
	die "duplicate property '$p'\n" if exists $defaultData->{propertyList}->{$p};
	$defaultData->{propertyList}->{$p} = $props->{$p};
    }
    $defaultData->{plugindata}->{$type} = $class->plugindata();
    $defaultData->{options}->{$type} = $class->options();
    $defaultData->{plugins}->{$type} = $class;
    return;
}

sub init {
    for my $type (sort keys %{ $defaultData->{options} }) {
	for my $p (sort keys %{ $defaultData->{options}->{$type} }) {
	    die "undefined property '$p' in options of '$type'\n"
		if !exists $defaultData->{propertyList}->{$p};
	}
    }
    return;
}

sub lookup {
    my ($class, $type) = @_;
    return $defaultData->{plugins}->{$type} // die "unknown section type '$type'\n";
}

sub sensitive_properties {
    my ($type) = @_;
    my $data = $defaultData->{plugindata}->{$type};
    if (my $sensitive = $data->{'sensitive-properties'}) {
	return [sort keys %$sensitive];
    }
    return [qw(encryption-key keyring master-pubkey password)];
}

# SectionConfig::check_config, reduced to the option rules.
sub check_config {
    my ($class, $storeid, $param, $create, $skip_schema) = @_;
    my $type = $class->type();
    my $options = $defaultData->{options}->{$type};
    for my $k (sort keys %$param) {
	next if $k eq 'type' || $k eq 'storage' || $k eq 'digest' || $k eq 'delete';
	my $opt = $options->{$k} // die "unexpected property '$k'\n";
	die "can't change value of fixed parameter '$k'\n" if !$create && $opt->{fixed};
    }
    if ($create) {
	for my $k (sort keys %$options) {
	    die "missing value for required option '$k'\n"
		if !$options->{$k}->{optional} && !defined($param->{$k});
	}
    }
    return { %$param };
}

sub on_add_hook { return undef }
sub on_update_hook { return undef }
sub on_delete_hook { return undef }

sub activate_storage {
    my ($class, $storeid, $scfg, $cache) = @_;
    push @CALLS, ['Plugin::activate_storage', $storeid];
    return 1;
}

sub status {
    my ($class, $storeid, $scfg, $cache) = @_;
    push @CALLS, ['Plugin::status', $storeid];
    return (100, 60, 40, 1);
}

1;
