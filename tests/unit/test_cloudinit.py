from __future__ import annotations

import yaml

from pvesmbgw.pve.cloudinit import gateway_user_data, service_user_data


def test_user_data_is_valid_cloud_config_with_what_a_gateway_needs() -> None:
    text = gateway_user_data()
    assert text.startswith("#cloud-config\n")
    data = yaml.safe_load(text)
    assert set(data["packages"]) >= {"samba", "samba-vfs-modules", "winbind",
                                     "qemu-guest-agent"}
    files = {f["path"]: f for f in data["write_files"]}
    assert "PasswordAuthentication no" in files["/etc/ssh/sshd_config.d/50-pvesmbgw.conf"]["content"]
    assert files["/etc/samba/smb.conf"]["permissions"] == "0644"
    assert ["systemctl", "enable", "--now", "qemu-guest-agent"] in data["runcmd"]
    # No secret of any kind is baked into the template.
    assert "password:" not in text.lower() and "passwd" not in text.lower()


def test_an_apt_proxy_goes_to_cloud_inits_apt_module() -> None:
    assert "apt" not in yaml.safe_load(gateway_user_data())
    data = yaml.safe_load(gateway_user_data("http://198.51.100.254:3142"))
    assert data["apt"] == {"proxy": "http://198.51.100.254:3142"}


def test_service_user_data_names_the_host_proxy_and_packages() -> None:
    text = service_user_data("svc-web", ["nginx", "qemu-guest-agent"],
                             "http://198.51.100.254:3142")
    assert text.startswith("#cloud-config\n")
    data = yaml.safe_load(text)
    assert (data["hostname"], data["fqdn"]) == ("svc-web", "svc-web")
    assert data["apt"] == {"proxy": "http://198.51.100.254:3142"}
    assert data["packages"] == ["qemu-guest-agent", "nginx"]  # once, agent first
    assert ["systemctl", "enable", "--now", "qemu-guest-agent"] in data["runcmd"]
    assert "apt" not in yaml.safe_load(service_user_data("h", []))


def test_service_user_data_quotes_what_yaml_would_misread() -> None:
    # A package name is checked by the schema; the YAML library still keeps any text a
    # string (no string pasting: "yes" or "1.0" stay strings).
    data = yaml.safe_load(service_user_data("h", ["yes", "1.0", "a: b"]))
    assert data["packages"] == ["qemu-guest-agent", "yes", "1.0", "a: b"]
