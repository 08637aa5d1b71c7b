"""The service launcher room (pve-svc): service templates, their parameters and the
engine that installs a service into an unprivileged container or a VM of this host."""
