package PVE::Storage::DirPlugin;

# Test stand-in for the directory plugin: its properties and options as in
# pve-storage (PVE 8/9), its path check on create, and recorded activation.

use strict;
use warnings;

use PVE::JSONSchema qw(get_standard_option);
use PVE::Storage::Plugin;

use base qw(PVE::Storage::Plugin);

sub type { return 'dir' }

sub plugindata {
    return {
	content => [
	    { images => 1, rootdir => 1, vztmpl => 1, iso => 1, backup => 1, snippets => 1,
	      none => 1, import => 1 },
	    { images => 1, rootdir => 1 },
	],
	format => [ { raw => 1, qcow2 => 1, vmdk => 1, subvol => 1 }, 'raw' ],
    };
}

sub properties {
    return {
	path => { description => "File system path.", type => 'string' },
	mkdir => { type => 'boolean', default => 'yes' },
	'create-base-path' => { type => 'boolean', default => 'yes' },
	'create-subdirs' => { type => 'boolean', default => 'yes' },
	is_mountpoint => { type => 'string', default => 'no' },
	bwlimit => get_standard_option('bwlimit'),
    };
}

sub options {
    return {
	path => { fixed => 1 },
	'content-dirs' => { optional => 1 },
	nodes => { optional => 1 },
	shared => { optional => 1 },
	disable => { optional => 1 },
	maxfiles => { optional => 1 },
	'prune-backups' => { optional => 1 },
	'max-protected-backups' => { optional => 1 },
	content => { optional => 1 },
	format => { optional => 1 },
	mkdir => { optional => 1 },
	'create-base-path' => { optional => 1 },
	'create-subdirs' => { optional => 1 },
	is_mountpoint => { optional => 1 },
	bwlimit => { optional => 1 },
	preallocation => { optional => 1 },
    };
}

sub activate_storage {
    my ($class, $storeid, $scfg, $cache) = @_;
    push @PVE::Storage::Plugin::CALLS, ['DirPlugin::activate_storage', $storeid];
    return $class->SUPER::activate_storage($storeid, $scfg, $cache);
}

sub check_config {
    my ($self, $storeid, $config, $create, $skip) = @_;
    my $opts = $self->SUPER::check_config($storeid, $config, $create, $skip);
    return $opts if !$create;
    die "illegal path for directory storage: $opts->{path}\n"
	if $opts->{path} !~ m|^/[-/a-zA-Z0-9_.@]+$|;
    return $opts;
}

1;
