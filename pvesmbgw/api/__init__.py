"""The App Store daemon (pvesmbgw-appstore): PVE-authenticated HTTPS in front of pve-svc."""
