#!/usr/bin/perl
# Behaviour of PVE/Storage/Custom/SMBGatewayPlugin.pm against stand-ins of the PVE
# base classes (tests/perl/lib) and a fake agent (tests/perl/fake-bin) that records
# what it was given. Run: prove -I tests/perl/lib -I . tests/perl/plugin.t

use strict;
use warnings;

use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use JSON::PP;
use Test::More;
use Time::HiRes qw(time);
no warnings "once";

use PVE::Storage;

my $here = dirname(__FILE__);
my $PLUGIN = 'PVE::Storage::Custom::SMBGatewayPlugin';
my $FILE = 'PVE/Storage/Custom/SMBGatewayPlugin.pm';

# -- loading: every storage API release of PVE 8 and 9 --------------------------------
# (APIVER, APIAGE) by pve-storage release: 8.0-8.3, 8.4, 9.0, 9.1.0, 9.1.3, 9.1.6.
for my $rel ([10, 1], [11, 2], [12, 3], [13, 4], [14, 5], [15, 6]) {
    local $ENV{PVE_STANDIN_APIVER} = $rel->[0];
    local $ENV{PVE_STANDIN_APIAGE} = $rel->[1];
    @PVE::Storage::WARNINGS = ();
    my $err = PVE::Storage::load_custom($PLUGIN, $FILE);
    is($err, '', "loads with APIVER $rel->[0] / APIAGE $rel->[1]");
    is_deeply(\@PVE::Storage::WARNINGS, [], "no 'older storage API' warning on APIVER $rel->[0]");
    is($PLUGIN->api(), $rel->[0], "claims the running APIVER $rel->[0]");
}
{
    local $ENV{PVE_STANDIN_APIVER} = 17;
    local $ENV{PVE_STANDIN_APIAGE} = 8;
    is($PLUGIN->api(), 15, 'a newer PVE than checked: claims 15, still loadable');
    is(PVE::Storage::load_custom($PLUGIN, $FILE), '', 'loads on APIVER 17 (with a warning)');
}
eval { PVE::Storage::Plugin->init() };
is($@, '', 'every option names a defined property (SectionConfig init)');

# -- schema ------------------------------------------------------------------------------
is($PLUGIN->type(), 'smbgateway', 'type');
ok($PLUGIN->isa('PVE::Storage::DirPlugin'), 'derived from the directory plugin');
my $content = $PLUGIN->plugindata()->{content};
ok(!$content->[0]->{images} && !$content->[0]->{rootdir}, 'no VM or container disks');
ok($content->[0]->{iso} && $content->[0]->{backup}, 'ISOs and backups allowed');
is_deeply(PVE::Storage::Plugin::sensitive_properties('smbgateway'), ['password'],
    'password is the one sensitive property');
my $props = $PLUGIN->properties();
is_deeply([grep { !/^smbgw-/ } sort keys %$props], [], 'defines only smbgw-* properties');
my $opts = $PLUGIN->options();
ok($opts->{path}->{fixed} && !$opts->{path}->{optional}, 'path: required and fixed');
for my $k (qw(smbgw-share smbgw-mode smbgw-dedicated)) {
    ok($opts->{$k}->{fixed} && $opts->{$k}->{optional}, "$k: optional, fixed");
}
for my $k (qw(smbgw-quota smbgw-comment smbgw-read-only smbgw-valid-users smbgw-browseable
	      smbgw-snapshots content nodes disable password)) {
    ok($opts->{$k}->{optional} && !$opts->{$k}->{fixed}, "$k: optional, changeable");
}
eval { $PLUGIN->check_config('s1', { 'smbgw-mode' => 'lxc' }, 0, 1) };
like($@, qr/can't change value of fixed parameter 'smbgw-mode'/, 'mode cannot change');
eval { $PLUGIN->check_config('s1', { 'smbgw-quota' => '2G' }, 0, 1) };
is($@, '', 'quota can change');
eval { $PLUGIN->check_config('s1', { 'smbgw-quota' => '2G' }, 1, 1) };
like($@, qr/missing value for required option 'path'/, 'path is required on create');
eval { $PLUGIN->check_config('s1', { path => '/srv/a b' }, 1, 1) };
like($@, qr/illegal path/, "the directory plugin's path check applies");

# -- hooks against the fake agent ----------------------------------------------------
my $dir = tempdir(CLEANUP => 1);
$ENV{FAKE_AGENT_DIR} = $dir;
$PVE::Storage::Custom::SMBGatewayPlugin::PATH = "$here/fake-bin:/usr/bin:/bin";
sub answer {
    my ($reply, $exit) = @_;
    open(my $fh, '>', "$dir/reply") or die;
    print $fh (ref($reply) ? encode_json($reply) : $reply);
    close($fh);
    open($fh, '>', "$dir/exit") or die;
    print $fh ($exit // 0);
    close($fh);
}
sub slurp { my ($f) = @_; open(my $fh, '<', $f) or return ''; local $/; return <$fh> }
sub request { return decode_json(slurp("$dir/stdin")) }

my $secret = 'S3cret-do-not-leak';
my $scfg = { type => 'smbgateway', path => '/srv/smb1', content => { iso => 1, backup => 1 },
	     nodes => { pve1 => 1 }, 'smbgw-quota' => '10G', shared => 0 };
answer({ version => 1, ok => JSON::PP::true, share => { name => 's1' } });
{
    local $ENV{PATH} = '/nonexistent';   # the daemon's PATH must not matter
    $PLUGIN->on_add_hook('s1', $scfg, password => $secret);
}
my $req = request();
is($req->{version}, 1, 'contract version');
is($req->{hook}, 'add', 'hook in the request');
is($req->{storeid}, 's1', 'storage id');
is_deeply($req->{scfg}, { type => 'smbgateway', path => '/srv/smb1', content => 'backup,iso',
			  nodes => 'pve1', 'smbgw-quota' => '10G', shared => '0' },
    'storage properties as plain JSON');
is($req->{sensitive}->{password}, $secret, 'the password travels on stdin');
is(slurp("$dir/argv"), "$here/fake-bin/pve-smbgateway\nplugin\nadd\n", 'argv: plugin add');
unlike(slurp("$dir/argv") . slurp("$dir/env"), qr/\Q$secret\E/, 'no password in argv or env');
like(slurp("$dir/env"), qr{^PATH=\Q$here\E/fake-bin:/usr/bin:/bin$}m, 'fixed PATH');

answer({ version => 1, ok => JSON::PP::false, error => 'smbgw-quota: not a size', field => 'smbgw-quota' }, 2);
eval { $PLUGIN->on_add_hook('s1', $scfg) };
is($@, "smbgateway: smbgw-quota: not a size\n", "the agent's one-line error is the hook's");

answer('Traceback (most recent call last):', 1);
eval { $PLUGIN->on_delete_hook('s1', $scfg) };
is($@, "smbgateway: pve-smbgateway plugin delete gave no reply (exit 1)\n", 'no JSON: clear error');

# status: total/avail/used/active in PVE's order
answer({ version => 1, ok => JSON::PP::true, active => JSON::PP::true, total => 10737418240,
	 used => 1048576, avail => 10736369664 });
is_deeply([$PLUGIN->status('s1', $scfg, {})], [10737418240, 10736369664, 1048576, 1],
    'status from the agent');
is(request()->{hook}, 'status', 'status hook');
ok(!exists request()->{sensitive}, 'nothing sensitive in a status request');
answer({ version => 1, ok => JSON::PP::true, active => JSON::PP::false, reason => 'gone' });
is_deeply([$PLUGIN->status('s1', $scfg, {})], [0, 0, 0, 0], 'inactive share: inactive storage');

# activate: the agent first, then the directory plugin (content sub-directories)
@PVE::Storage::Plugin::CALLS = ();
answer({ version => 1, ok => JSON::PP::true, share => 's1', path => '/srv/smb1' });
$PLUGIN->activate_storage('s1', $scfg, {});
is(request()->{hook}, 'activate', 'activate hook');
is_deeply([map { $_->[0] } @PVE::Storage::Plugin::CALLS],
    ['DirPlugin::activate_storage', 'Plugin::activate_storage'], 'then the directory plugin');
@PVE::Storage::Plugin::CALLS = ();
answer({ version => 1, ok => JSON::PP::false, error => 'no share s1 in the pvesmbgw registry' }, 1);
eval { $PLUGIN->activate_storage('s1', $scfg, {}) };
like($@, qr/no share s1/, 'a missing share fails activation');
is_deeply(\@PVE::Storage::Plugin::CALLS, [], 'and no directory is created');

# update, old form (API < 13): the current config is read from storage.cfg
$PVE::Storage::CONFIG->{ids}->{s1} = { %$scfg, 'smbgw-share' => 'Data' };
answer({ version => 1, ok => JSON::PP::true, changed => JSON::PP::true });
$PLUGIN->on_update_hook('s1', { 'smbgw-quota' => '20G' });
$req = request();
is($req->{hook}, 'update', 'update hook');
is($req->{scfg}->{'smbgw-share'}, 'Data', 'current config included (share name)');
is_deeply($req->{update}, { 'smbgw-quota' => '20G' }, 'the change');
# update, full form (API >= 13): deletions too
$PLUGIN->on_update_hook_full('s1', $scfg, { 'smbgw-comment' => 'x' }, ['smbgw-snapshots'],
    { password => $secret });
$req = request();
is_deeply($req->{delete}, ['smbgw-snapshots'], 'deletions passed on');
is($req->{sensitive}->{password}, $secret, 'sensitive values passed on stdin');

# a hung agent is killed after the hook's timeout
answer({ version => 1, ok => JSON::PP::true, active => JSON::PP::true, total => 1, used => 0, avail => 1 });
open(my $fh, '>', "$dir/sleep") or die; print $fh "30"; close($fh);
unlink("$dir/pids");
{
    local $PVE::Storage::Custom::SMBGatewayPlugin::TIMEOUT{status} = 1;
    my $start = time();
    eval { $PLUGIN->status('s1', $scfg, {}) };
    like($@, qr/did not answer within 1s/, 'timeout error');
    ok(time() - $start < 5, 'returned after the timeout');
}
chomp(my $pid = slurp("$dir/pids"));
chomp(my $sleeper = slurp("$dir/sleeper"));
# Alive means: exists and is not a zombie (an orphan waits for PID 1 to reap it).
sub alive {
    my ($p) = @_;
    for (1 .. 20) {
	my $stat = slurp("/proc/$p/stat");
	return 0 if !$stat || $stat =~ /\)\s+Z\s/;
	select(undef, undef, undef, 0.05);
    }
    return 1;
}
ok(!alive($pid), 'the hung agent was killed');
ok($sleeper && !alive($sleeper), 'and what it ran (its process group)');
unlink("$dir/sleep");

# PVE's cfs lock deadline (an outer alarm) is kept: not exceeded, re-armed afterwards
{
    my $fired = 0;
    local $SIG{ALRM} = sub { $fired++ };
    open(my $fh, '>', "$dir/sleep") or die; print $fh "30"; close($fh);
    alarm(2);
    my $start = time();
    eval { $PLUGIN->status('s1', $scfg, {}) };
    like($@, qr/did not answer within 2s/, "the outer deadline bounds the agent's time");
    ok(time() - $start < 4, 'returned at the outer deadline');
    unlink("$dir/sleep");
    select(undef, undef, undef, 1.5);
    ok($fired, "and the caller's alarm still fires");
    alarm(0);
    alarm(20);
    $PLUGIN->status('s1', $scfg, {});
    my $left = alarm(0);
    ok($left >= 15 && $left <= 20, "the caller's alarm is re-armed after a quick call ($left s)");
}

# no agent installed
{
    local $PVE::Storage::Custom::SMBGatewayPlugin::PATH = '/nonexistent';
    eval { $PLUGIN->status('s1', $scfg, {}) };
    like($@, qr/cannot run pve-smbgateway|no reply/, 'agent missing: clear error');
}

done_testing();
