"""collectstatic compresses each file once: the hashed copy the pages link,
not the original name as well (issue 15.3)."""

from django.core.management import call_command


def test_only_the_hashed_copies_are_compressed(tmp_path, settings):
    source = tmp_path / "src"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text(
        "body { background: url('../img/dot.svg'); }\n" + "p { margin: 0 }\n" * 200
    )
    (source / "img").mkdir()
    (source / "img" / "dot.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>" * 20)
    root = tmp_path / "root"
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "core.staticfiles.CompressedOnceManifestStaticFilesStorage"},
    }

    call_command("collectstatic", "--noinput", "-v0")

    css = sorted(p.name for p in (root / "css").iterdir())
    hashed = [name for name in css if name.startswith("site.") and name.endswith(".css")]
    hashed.remove("site.css")
    (hashed_name,) = hashed
    assert f"{hashed_name}.gz" in css and f"{hashed_name}.br" in css
    assert "site.css" in css, "the original name is still served"
    assert "site.css.gz" not in css and "site.css.br" not in css
    # The manifest rewrote the reference to the image's hashed name.
    assert "dot.svg" not in (root / "css" / hashed_name).read_text()


def test_static_compress_off_makes_no_compressed_copies(tmp_path, settings):
    source = tmp_path / "src"
    source.mkdir()
    (source / "site.css").write_text("p { margin: 0 }\n" * 200)
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "root"
    settings.STATIC_COMPRESS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "core.staticfiles.CompressedOnceManifestStaticFilesStorage"},
    }

    call_command("collectstatic", "--noinput", "-v0")

    names = {p.name for p in (tmp_path / "root").iterdir()}
    assert not {n for n in names if n.endswith((".gz", ".br"))}
    assert len([n for n in names if n.startswith("site.") and n.endswith(".css")]) == 2
