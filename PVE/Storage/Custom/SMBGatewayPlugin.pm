package PVE::Storage::Custom::SMBGatewayPlugin;

# A PVE storage of type "smbgateway" is a directory storage whose directory is also
# an SMB share served by pvesmbgw. Everything about files, volumes and content is
# inherited from the directory plugin; the hooks below only hand the storage's
# properties to the agent, `pve-smbgateway plugin HOOK`, as one JSON object on stdin
# and read one JSON object back (contract: pvesmbgw/smb/plugin/contract.py). Secrets
# travel on stdin only, never in argv or the environment, and are never written to
# storage.cfg (PVE keeps "sensitive" properties out of it).

use strict;
use warnings;

use JSON::PP;
use POSIX ();

use PVE::Storage::DirPlugin;

use base qw(PVE::Storage::DirPlugin);

# Fixed, so that no PATH of the calling daemon decides what runs; tests override it.
our $PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
our $AGENT = 'pve-smbgateway';
# status and activate are polled by pvestatd; add may build a gateway container.
our %TIMEOUT = (status => 30, activate => 60, add => 900, update => 600, delete => 600);

use constant CONTRACT_VERSION => 1;
# Storage API versions this plugin is written for. 10 is what PVE 8.0-8.3 run; every
# later release still accepts 10 (APIVER - APIAGE <= 10), but warns on each load
# when a plugin claims less than the running APIVER. So the plugin claims the running
# version up to the newest one it was checked against: nothing it overrides changed
# meaning up to 15, except the update hook, of which both forms are implemented.
use constant MIN_API => 10;
use constant MAX_API => 15;

sub api {
    my $running = PVE::Storage->can('APIVER') ? PVE::Storage::APIVER() : MIN_API;
    return MIN_API if $running < MIN_API;
    return MAX_API if $running > MAX_API;
    return $running;
}

sub type {
    return 'smbgateway';
}

sub plugindata {
    return {
	# What belongs on a file share; no VM or container disks.
	content => [
	    { iso => 1, vztmpl => 1, backup => 1, snippets => 1, none => 1 },
	    { iso => 1, backup => 1 },
	],
	# The Active Directory join password (PVE 8.0-8.3 treat 'password' as sensitive
	# without being told).
	'sensitive-properties' => { password => 1 },
    };
}

# Only properties no other plugin defines; shared ones (path, nodes, content,
# password, ...) are listed in options() below, never redefined.
sub properties {
    return {
	'smbgw-share' => {
	    description => "SMB share name (default: the storage ID).",
	    type => 'string', maxLength => 80,
	},
	'smbgw-mode' => {
	    description => "Where Samba runs: on this host (native), in a gateway container (lxc)"
		. " or in a gateway VM (vm, PVE 8.4+).",
	    type => 'string', enum => ['native', 'lxc', 'vm'], default => 'native',
	},
	'smbgw-dedicated' => {
	    description => "lxc and vm mode: give the share a gateway of its own.",
	    type => 'boolean', default => 0,
	},
	'smbgw-quota' => {
	    description => "Size limit enforced by the backing storage, e.g. 500M, 10G, 2T.",
	    # [0-9], not \d: Perl's \d also takes other scripts' digits, which the agent refuses.
	    type => 'string', pattern => '[0-9]+(?:\.[0-9]+)?\s*[KMGTPkmgtp]?(?:i?[Bb])?',
	    maxLength => 32,
	},
	'smbgw-comment' => {
	    description => "Share description shown to SMB clients.",
	    type => 'string', maxLength => 256,
	},
	'smbgw-read-only' => {
	    description => "Export the share read-only.",
	    type => 'boolean', default => 0,
	},
	'smbgw-valid-users' => {
	    description => "Comma list of users and \@groups allowed to connect (default: any Samba user).",
	    type => 'string', maxLength => 4096,
	},
	'smbgw-browseable' => {
	    description => "List the share in browse lists.",
	    type => 'boolean', default => 1,
	},
	'smbgw-snapshots' => {
	    description => "Snapshot schedule and retention, e.g. hourly=24,daily=7,weekly=4.",
	    type => 'string', maxLength => 128,
	},
	'smbgw-ad-domain' => {
	    description => "Active Directory domain to join (the join password is 'password').",
	    type => 'string', maxLength => 255,
	},
	'smbgw-ad-user' => {
	    description => "Active Directory account that joins the gateway to the domain.",
	    type => 'string', maxLength => 256,
	},
	'smbgw-ha' => {
	    description => "Serve the share from a CTDB cluster with a floating address.",
	    type => 'boolean', default => 0,
	},
    };
}

sub options {
    return {
	path => { fixed => 1 },
	nodes => { optional => 1 },
	shared => { optional => 1 },
	disable => { optional => 1 },
	content => { optional => 1 },
	'content-dirs' => { optional => 1 },
	'prune-backups' => { optional => 1 },
	'max-protected-backups' => { optional => 1 },
	bwlimit => { optional => 1 },
	password => { optional => 1 },
	'smbgw-share' => { fixed => 1, optional => 1 },
	'smbgw-mode' => { fixed => 1, optional => 1 },
	'smbgw-dedicated' => { fixed => 1, optional => 1 },
	'smbgw-quota' => { optional => 1 },
	'smbgw-comment' => { optional => 1 },
	'smbgw-read-only' => { optional => 1 },
	'smbgw-valid-users' => { optional => 1 },
	'smbgw-browseable' => { optional => 1 },
	'smbgw-snapshots' => { optional => 1 },
	'smbgw-ad-domain' => { optional => 1 },
	'smbgw-ad-user' => { optional => 1 },
	'smbgw-ha' => { optional => 1 },
    };
}

# storage.cfg values as plain JSON: content and nodes are hashes in memory.
sub _plain {
    my ($scfg) = @_;
    my $out = {};
    for my $key (keys %{ $scfg // {} }) {
	my $value = $scfg->{$key};
	next if !defined($value);
	if (ref($value) eq 'HASH') {
	    $value = join(',', sort grep { $value->{$_} } keys %$value);
	} elsif (ref($value)) {
	    next;
	}
	$out->{$key} = "$value";
    }
    return $out;
}

# Run `pve-smbgateway plugin HOOK` with REQUEST on stdin; return the decoded reply, or
# die with the agent's one-line error. Exactly one process is spawned.
sub agent_call {
    my ($hook, $request) = @_;

    my $input = JSON::PP->new->canonical->encode({
	%$request, version => CONTRACT_VERSION, hook => $hook,
    });
    my $timeout = $TIMEOUT{$hook} // 60;
    # PVE runs the add/update/delete hooks under its storage.cfg lock, which aborts
    # the command with alarm(60) (pmxcfs drops cfs locks after 120 s). Keep that
    # deadline: never wait past it, and re-arm it afterwards. An agent killed here
    # is rolled back by its transaction journal on its next run.
    my $outer = alarm(0);
    my $started = time();
    $timeout = $outer if $outer && $outer < $timeout;

    local $SIG{PIPE} = 'IGNORE';
    pipe(my $child_in, my $to_child) or die "smbgateway: pipe: $!\n";
    pipe(my $from_child, my $child_out) or die "smbgateway: pipe: $!\n";
    my $pid = fork() // die "smbgateway: fork: $!\n";
    if (!$pid) {
	# Own process group, so that a timeout kills the agent and whatever it runs.
	# stderr stays the caller's (task log, journal) for progress and diagnostics.
	eval {
	    POSIX::setpgid(0, 0);
	    close($to_child);
	    close($from_child);
	    open(STDIN, '<&', $child_in) or die "stdin: $!\n";
	    open(STDOUT, '>&', $child_out) or die "stdout: $!\n";
	    $ENV{PATH} = $PATH;
	    exec { $AGENT } $AGENT, 'plugin', $hook or die "cannot run $AGENT: $!\n";
	};
	print STDERR "smbgateway: $@";
	POSIX::_exit(127);
    }
    POSIX::setpgid($pid, $pid);    # also here: no race with the kill below
    close($child_in);
    close($child_out);

    my $output = '';
    my $timed_out = 0;
    eval {
	local $SIG{ALRM} = sub { $timed_out = 1; die "timeout\n" };
	alarm($timeout);
	print {$to_child} $input;
	close($to_child);
	local $/;
	$output = <$from_child> // '';
	alarm(0);
    };
    alarm(0);
    close($from_child);
    if ($timed_out) {
	kill('KILL', -$pid);
	waitpid($pid, 0);
    }
    if ($outer) {
	my $left = $outer - (time() - $started);
	alarm($left > 0 ? $left : 1);
    }
    die "smbgateway: $AGENT plugin $hook did not answer within ${timeout}s\n" if $timed_out;
    waitpid($pid, 0);
    my $status = $?;

    my $reply = eval { JSON::PP->new->decode($output) };
    if (ref($reply) ne 'HASH') {
	my $code = $status >> 8;
	die "smbgateway: $AGENT plugin $hook gave no reply (exit $code)\n";
    }
    if (!$reply->{ok}) {
	my $msg = $reply->{error} // 'failed';
	$msg =~ s/[\r\n].*//s;
	die "smbgateway: $msg\n";
    }
    return $reply;
}

sub on_add_hook {
    my ($class, $storeid, $scfg, %sensitive) = @_;
    agent_call('add', { storeid => $storeid, scfg => _plain($scfg), sensitive => {%sensitive} });
    return undef;
}

# PVE before 9.1 (storage API < 13): UPDATE holds the changed properties only.
sub on_update_hook {
    my ($class, $storeid, $update, %sensitive) = @_;
    my $scfg = eval { PVE::Storage::storage_config(PVE::Storage::config(), $storeid) } // {};
    agent_call('update', {
	storeid => $storeid, scfg => _plain($scfg), update => _plain($update),
	sensitive => {%sensitive},
    });
    return undef;
}

# PVE 9.1 and later (storage API >= 13): the current config and the deletions too.
sub on_update_hook_full {
    my ($class, $storeid, $scfg, $update, $delete, $sensitive) = @_;
    agent_call('update', {
	storeid => $storeid, scfg => _plain($scfg), update => _plain($update),
	delete => [ @{ $delete // [] } ], sensitive => { %{ $sensitive // {} } },
    });
    return undef;
}

# Removing the storage stops serving the share; its data stays, as with every PVE
# storage.
sub on_delete_hook {
    my ($class, $storeid, $scfg) = @_;
    agent_call('delete', { storeid => $storeid, scfg => _plain($scfg) });
    return undef;
}

sub activate_storage {
    my ($class, $storeid, $scfg, $cache) = @_;
    agent_call('activate', { storeid => $storeid, scfg => _plain($scfg) });
    return $class->SUPER::activate_storage($storeid, $scfg, $cache);
}

# ($total, $avail, $used, $active) from the backend's quota: polled by pvestatd
# every 10 s, so one process and no lock.
sub status {
    my ($class, $storeid, $scfg, $cache) = @_;
    my $reply = agent_call('status', { storeid => $storeid, scfg => _plain($scfg) });
    return (0, 0, 0, 0) if !$reply->{active};
    return ($reply->{total} + 0, $reply->{avail} + 0, $reply->{used} + 0, 1);
}

1;
