package PVE::Storage;

# Test stand-in for pve-storage's loader of custom plugins and the little of its API
# the plugin under test calls. APIVER and APIAGE come from the environment so that
# one test can play every release (PVE 8.0-8.3: 10/1 ... 9.1.6: 15/6).

use strict;
use warnings;

use PVE::Storage::Plugin;
use PVE::Storage::DirPlugin;

sub APIVER { return $ENV{PVE_STANDIN_APIVER} // 10 }
sub APIAGE { return $ENV{PVE_STANDIN_APIAGE} // 1 }

our $CONFIG = { ids => {} };    # what storage.cfg holds
our @WARNINGS;

PVE::Storage::DirPlugin->register();

# The checks PVE::Storage does for each file in PVE/Storage/Custom/ (src/PVE/Storage.pm).
sub load_custom {
    my ($modname, $file) = @_;
    eval {
	require $file;
	die "not derived from PVE::Storage::Plugin\n" if !$modname->isa('PVE::Storage::Plugin');
	die "does not provide an api() method\n" if !$modname->can('api');
	my $version = $modname->api();
	die "implements an API version newer than current ($version > " . APIVER() . ")\n"
	    if $version > APIVER();
	my $min_version = APIVER() - APIAGE();
	die "API version too old, please update the plugin ($version < $min_version)\n"
	    if $version < $min_version;
	$modname->register() if !$PVE::Storage::Plugin::REGISTERED{$modname}++;
	push @WARNINGS, "Plugin \"$modname\" is implementing an older storage API, an upgrade is recommended\n"
	    if $version != APIVER();
    };
    return $@;
}

sub config { return $CONFIG }

sub storage_config {
    my ($cfg, $storeid, $noerr) = @_;
    my $scfg = $cfg->{ids}->{$storeid};
    die "storage '$storeid' does not exist\n" if !$scfg && !$noerr;
    return $scfg;
}

1;
