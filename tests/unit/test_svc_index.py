"""svc/index (the index format, `index build`), svc/repos (names, URLs, the repository
list) and svc/catalog (which repository an id names, files checked against their
index) without git or gpgv: verified trees are written by hand here."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pvesmbgw.core.config import Config, from_mapping
from pvesmbgw.core.errors import EXIT_BAD_INPUT, NotFoundError, ValidationError
from pvesmbgw.svc import catalog, index, repos
from pvesmbgw.svc.repocache import Current, RepoCache

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "tests" / "data" / "svc" / "demo.yml"
NOW = 1796650000.0  # 2026-12-07T13:26:40Z
PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)


def repo_tree(top: Path, *ids: str) -> Path:
    """TOP/templates/<id>.yml for each id: the demo template under that id."""
    (top / "templates").mkdir(parents=True, exist_ok=True)
    for tid in ids:
        (top / "templates" / f"{tid}.yml").write_text(
            DEMO.read_text().replace("id: demo", f"id: {tid}"))
    return top


def test_the_index_is_the_summaries_with_hashes_sorted_and_deterministic(
        tmp_path: Path) -> None:
    top = repo_tree(tmp_path / "r", "zeta", "alpha")
    (top / "templates" / "alpha.png").write_bytes(PNG)
    built, problems = index.build(top, 7, NOW)
    assert problems == [] and built is not None
    data = json.loads(built.dumps())
    assert (data["format"], data["serial"], data["generated"]) == (1, 7, "2026-12-07T13:26:40Z")
    assert list(data["templates"]) == ["alpha", "zeta"]
    alpha = data["templates"]["alpha"]
    assert alpha["sha256"] == index.sha256(top / "templates" / "alpha.yml")
    assert alpha["icon"] == {"type": "png", "sha256": index.sha256(top / "templates/alpha.png")}
    assert (alpha["type"], alpha["ha"], alpha["memory"], alpha["legacy"]) == \
        ("lxc", "optional", 256, False)
    assert alpha["volumes"] == [{"name": "data", "size": None, "size_from": "quota"}]
    assert "icon" not in data["templates"]["zeta"]
    again, _ = index.build(top, 7, NOW)
    assert again is not None and again.dumps() == built.dumps()
    assert index.loads(built.dumps(), "x") == built
    assert index.changed(top, built) == []
    (top / "templates" / "zeta.yml").write_text("changed")
    (top / "templates" / "alpha.png").unlink()
    assert index.changed(top, built) == ["templates/alpha.png: listed in the index, but missing",
                                         "templates/zeta.yml: differs from its sha256 in "
                                         "the signed index"]


def test_a_build_lists_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    top = repo_tree(tmp_path / "r", "good", "bad")
    bad = top / "templates" / "bad.yml"
    bad.write_text(bad.read_text().replace("apiVersion: pvesvc/v1", "apiVersion: pvesvc/v9"))
    (top / "templates" / "good.png").write_bytes(b"GIF89a")
    built, problems = index.build(top, 1, NOW)
    assert built is None
    assert [(Path(p.file).name, p.field) for p in problems] == \
        [("bad.yml", "apiVersion"), ("good.png", "icon")]
    (top / "templates" / "good.png").write_bytes(PNG)
    (top / "templates" / "good.svg").write_text("<svg/>")
    assert "both .png and .svg" in index.build(top, 1, NOW)[1][-1].message
    assert index.build(tmp_path / "empty", 1, NOW)[1][0].field == "templates"


def test_the_serial_only_grows() -> None:
    assert index.next_serial(None, NOW) == 20261207132640
    assert index.next_serial(20261207132640, NOW) == 20261207132641  # same second
    assert index.next_serial(99991231000000, NOW) == 99991231000001  # a clock set back
    assert index.choose_serial(5, 4, NOW) == 5
    for given, previous in ((4, 4), (3, 4), (0, None), (index.MAX_SERIAL + 1, None)):
        with pytest.raises(ValidationError, match="serial") as err:
            index.choose_serial(given, previous, NOW)
        assert err.value.exit_code == EXIT_BAD_INPUT


def test_build_for_takes_the_serial_of_the_index_it_replaces(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW)))
    top = repo_tree(tmp_path / "r", "demo")
    first, _ = index.build_for(top, top / "index.json", None)
    assert first is not None and first.serial == 20261207132640
    (top / "index.json").write_bytes(first.dumps())
    second, _ = index.build_for(top, top / "index.json", None)
    assert second is not None and second.serial == first.serial + 1
    with pytest.raises(ValidationError, match="above the previous"):
        index.build_for(top, top / "index.json", 3)


def _entry(**change: object) -> bytes:
    built, _ = index.build(repo_tree(Path("r"), "demo"), 3, NOW)
    assert built is not None
    data = json.loads(built.dumps())
    data["templates"]["demo"].update(change)
    return json.dumps(data).encode()


@pytest.mark.parametrize("data, match", [
    (b"{", "not JSON"),
    (b'{"format": 2}', "format 1"),
    (b'{"format": 1, "serial": "7", "generated": "", "templates": {}}', "serial"),
    (b'{"format": 1, "serial": true, "generated": "", "templates": {}}', "serial"),
    (b'{"format": 1, "serial": 1}', "templates"),
])
def test_a_bad_index_is_refused(data: bytes, match: str) -> None:
    with pytest.raises(ValidationError, match=match) as err:
        index.loads(data, "commit x")
    assert err.value.field == "index.json"


@pytest.mark.parametrize("change, match", [
    ({"sha256": "AB" * 32}, "sha256"),
    ({"name": "two\nlines"}, "name must be one line"),
    ({"name": "\x1b[31mred"}, "name must be one line"),
    ({"type": "docker"}, "type must be one of"),
    ({"cores": True}, "cores"),
    ({"id": "other"}, "not an entry"),
    ({"volumes": [{"name": 1}]}, "volumes"),
    ({"icon": {"type": "exe", "sha256": "a" * 64}}, "icon"),
])
def test_a_bad_index_entry_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      change: dict[str, object], match: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValidationError, match=match):
        index.loads(_entry(**change), "commit x")


# -- names and URLs -------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://git.example.org/templates.git",
                                 "file:///srv/templates.git", "/srv/templates"])
def test_the_urls_git_may_fetch(url: str) -> None:
    assert repos.check_url(url) == url


@pytest.mark.parametrize("url, match", [
    ("http://example.org/t.git", "must be https://, file://"),
    ("ssh://git@example.org/t.git", "must be https://"),
    ("git://example.org/t.git", "must be https://"),
    ("git@example.org:t.git", "must be https://"),
    ("ext::sh -c id", "white space"),
    ("--upload-pack=id", "must be https://"),
    ("templates", "must be https://"),
    ("file://host/srv/t", "absolute path"),
    ("https://user:secret@example.org/t.git", "user or password"),
    ("https:///t.git", "no host"),
    ("/srv/../etc", "'..'"),
    ("/srv/t\n", "white space"),
])
def test_other_urls_are_refused(url: str, match: str) -> None:
    with pytest.raises(ValidationError, match=match) as err:
        repos.check_url(url)
    assert err.value.field == "url"


@pytest.mark.parametrize("name", ["builtin", "a", "Upper", "x_y", "-x", "a" * 33, "x/y"])
def test_bad_repository_names(name: str) -> None:
    with pytest.raises(ValidationError) as err:
        repos.check_name(name)
    assert err.value.field == "name"


def test_the_repository_list_round_trips() -> None:
    pin = repos.Pin("c" * 40, 9, "F" * 40, 100, "pve1")
    doc = repos.Repositories().with_repo(repos.Repository("b", "/srv/b", 1)) \
        .with_repo(repos.Repository("a", "https://x/a", 2, pin))
    assert repos.loads(doc.dumps(), "x") == doc
    assert list(json.loads(doc.dumps())["repositories"]) == ["a", "b"]
    assert "b" not in doc.without_repo("b").repos


# -- the catalogue ----------------------------------------------------------------------


@pytest.fixture
def cfg(tmp_path: Path) -> Config:
    builtin = repo_tree(tmp_path / "pkg", "demo", "web") / "templates"
    return from_mapping({"state_dir": str(tmp_path / "state"),
                         "pve_root": str(tmp_path / "pve"),
                         "svc_templates_dir": str(builtin),
                         "svc_repo_cache": str(tmp_path / "cache")})


def verified(cfg: Config, name: str, *ids: str) -> Path:
    """Repository NAME with IDS, as `repo update` leaves it (no git, no gpgv here)."""
    top = repo_tree(cfg.store.root.parent / f"src-{name}", *ids)
    built, _ = index.build(top, 5, NOW)
    assert built is not None
    (top / "index.json").write_bytes(built.dumps())
    cache = RepoCache(cfg.svc.repo_cache, name)
    tree = cache.stage()
    shutil.copytree(top, tree, dirs_exist_ok=True)
    cache.pointer.write_bytes(cache.pointer_bytes(Current(
        tree.name, "c" * 40, 5, "F" * 40, 0, index.sha256(tree / "index.json"), len(ids),
        cache.stamp(tree))))
    doc = repos.load(cfg).with_repo(repos.Repository(name, f"/srv/{name}"))
    repos.path(cfg).parent.mkdir(parents=True, exist_ok=True)
    repos.path(cfg).write_bytes(doc.dumps())
    return tree


def test_ids_name_the_builtin_template_first_else_the_one_repository(cfg: Config) -> None:
    verified(cfg, "one", "demo", "only", "both")
    verified(cfg, "two", "both")
    rows = catalog.search(cfg)
    assert [(r["id"], r["repo"]) for r in rows] == [
        ("both", "one"), ("both", "two"), ("demo", "builtin"), ("demo", "one"),
        ("only", "one"), ("web", "builtin")]
    assert "sha256" not in rows[0]
    assert [r["repo"] for r in catalog.search(cfg, "ONLY")] == ["one"]
    assert (catalog.get(cfg, "demo").repo, catalog.get(cfg, "demo").ref) == ("", "demo")
    assert catalog.get(cfg, "one/demo").ref == "one/demo"
    assert catalog.get(cfg, "builtin/demo").repo == ""
    assert catalog.get(cfg, "only").ref == "one/only"
    with pytest.raises(ValidationError, match="several repositories: say which "
                       r"\(one/both, two/both\)"):
        catalog.get(cfg, "both")
    assert catalog.get(cfg, "two/both").ref == "two/both"
    for ref, match in (("nothere", "no service template 'nothere'"),
                       ("three/demo", "no template repository 'three'"),
                       ("two/demo", "no service template 'demo' in repository two")):
        with pytest.raises(NotFoundError, match=match):
            catalog.get(cfg, ref)


def test_a_template_changed_on_disk_is_refused(cfg: Config) -> None:
    tree = verified(cfg, "one", "only")
    (tree / "templates" / "only.yml").write_text(DEMO.read_text().replace("id: demo",
                                                                           "id: only") + "#\n")
    with pytest.raises(ValidationError, match="differs from its sha256 .*repo update one"):
        catalog.get(cfg, "only")
    (tree / "index.json").write_text("{}")  # the index itself: the repository is skipped
    assert [r["repo"] for r in catalog.search(cfg)] == ["builtin", "builtin"]


def test_the_builtin_index_is_read_instead_of_the_yaml(cfg: Config) -> None:
    folder = cfg.svc.templates_dir
    built, _ = index.build(folder.parent, 1, NOW)
    assert built is not None
    (folder / "index.json").write_bytes(built.dumps())
    (folder / "web.yml").write_text("broken: [")
    assert [r["id"] for r in catalog.search(cfg)] == ["demo", "web"]  # from the index
    with pytest.raises(ValidationError, match="rebuild it with `pve-svc index build`"):
        catalog.get(cfg, "web")


def test_the_index_refuses_what_breaks_lines_finds() -> None:
    from pvesmbgw.core.text import breaks_lines
    for code in list(range(0x3000)) + [0xFEFF, 0x10FFFF]:
        char = chr(code)
        assert bool(index._BREAKS.search(char)) == breaks_lines(char), hex(code)


def test_the_stamp_of_a_tree_changes_with_any_file(tmp_path: Path) -> None:
    tree = repo_tree(tmp_path / "t", "a", "b")
    (tree / "index.json").write_text("{}")
    first = RepoCache.stamp(tree)
    assert RepoCache.stamp(tree) == first
    os.utime(tree / "templates" / "a.yml", ns=(1, 1))
    assert RepoCache.stamp(tree) != first
    second = RepoCache.stamp(tree)
    (tree / "templates" / "b.yml").unlink()
    assert RepoCache.stamp(tree) != second
