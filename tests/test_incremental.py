"""Builds with a cache redo only what changed, and give exactly what a cold build gives."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from directory.build.pipeline import build

from .conftest import EXAMPLE, TODAY
from .test_build import tree


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """A copy of the example county that the test can change."""
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE, folder)
    return folder


def check_same_as_cold(
    county: Path, tmp_path: Path, today: dt.date = TODAY, templates: Path | None = None
):
    cached = build(county, tmp_path / "site", today, templates, cache_dir=tmp_path / "cache")
    assert cached.ok, cached.problems
    cold = build(county, tmp_path / "cold", today, templates)
    assert cold.ok
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
    shutil.rmtree(tmp_path / "cold")
    return cached


def counted_calls(monkeypatch, module, *names: str) -> list[str]:
    """Each call of the module's functions `names` from now on, by name, in order (the
    functions still run)."""
    calls: list[str] = []
    for name in names:
        real = getattr(module, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return calls


def changed_summary(county: Path, tmp_path: Path, words: str):
    """The first Preston service's summary begun with `words`, and a cached build in this
    process: (its file, the build's result)."""
    svc = sorted((county / "services" / "preston").glob("*.yaml"))[0]
    svc.write_text(svc.read_text().replace("summary: ", f"summary: {words} ", 1))
    return svc, build(county, tmp_path / "site", TODAY, cache_dir=tmp_path / "cache", jobs=1)


def test_incremental_builds_equal_cold_builds(county: Path, tmp_path: Path):
    first = check_same_as_cold(county, tmp_path)
    assert first.reused == 0 and first.rendered > 200
    assert first.site is not None and first.terms_computed == len(first.site.services)

    # Nothing changed: the site is left exactly as it is.
    before = tree(tmp_path / "site")
    again = build(county, tmp_path / "site", TODAY, cache_dir=tmp_path / "cache")
    assert again.ok and again.unchanged and again.pages == first.pages
    assert tree(tmp_path / "site") == before

    # One service changes: its page, its organisation, its lists and its shards are made.
    svc = sorted((county / "services" / "preston").glob("*.yaml"))[0]
    svc.write_text(svc.read_text().replace("summary: ", "summary: Now with cake. ", 1))
    one = check_same_as_cold(county, tmp_path)
    assert 0 < one.rendered < 40 and one.reused > 200
    # Only the changed service's search terms are worked out again; the rest come from the
    # cache.
    assert one.terms_computed == 1

    # A service is added, and another removed.
    shutil.copy(svc, county / "services" / "chorley" / "a-new-service.yaml")
    sorted((county / "services" / "wyre").glob("*.yaml"))[0].unlink()
    check_same_as_cold(county, tmp_path)

    # An organisation's name changes: every page that shows it.
    org = county / "organisations" / "preston-age-friendly-network.yaml"
    org.write_text(
        org.read_text().replace(
            "name: Preston Age Friendly Network", "name: Preston Age Friendly Network CIO"
        )
    )
    check_same_as_cold(county, tmp_path)

    # The taxonomy changes: everything.
    tax = county / "taxonomy.yaml"
    tax.write_text(tax.read_text().replace("Lunch clubs and community meals", "Lunch clubs"))
    everything = check_same_as_cold(county, tmp_path)
    # Only what does not show the taxonomy is kept: the assets, the 404 and My list pages,
    # static pages, near me's postcode files, the calendar, the shards' facets files, the
    # change file, the suggest form's languages and the change snapshot's index and
    # district parts (their entries and records name categories by id).
    assets = sum(1 for p in (tmp_path / "site" / "assets").rglob("*") if p.is_file())
    near = len(list((tmp_path / "site" / "near").iterdir()))
    assert near > 10
    pages = len(list((county / "pages").glob("*.md")))
    facets = len(list((tmp_path / "site" / "search").glob("*.facets.json")))
    parts = len(list((tmp_path / "site" / "changes" / "snapshot").glob("*.json")))
    assert parts == len(list((county / "services").iterdir()))
    assert everything.reused == assets + 2 + pages + near + 1 + facets + 1 + 1 + 1 + parts

    # A site template changes: everything.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}Gone{% endblock %}'
    )
    assert check_same_as_cold(county, tmp_path, templates=templates).reused == 0

    # The next day: review ages, pauses and list order move on.
    check_same_as_cold(county, tmp_path, TODAY + dt.timedelta(days=1), templates)


def test_a_touched_but_unchanged_file_is_not_read_again(county: Path, tmp_path: Path):
    check_same_as_cold(county, tmp_path)
    svc = sorted((county / "services" / "preston").glob("*.yaml"))[0]
    svc.write_bytes(svc.read_bytes())  # a new modification time, the same bytes
    again = build(county, tmp_path / "site", TODAY, cache_dir=tmp_path / "cache")
    assert again.ok and not again.unchanged
    assert again.rendered == 0
    assert again.state_rows_written == 1  # its new modification time
    again = build(county, tmp_path / "site", TODAY, cache_dir=tmp_path / "cache")
    assert again.unchanged


def test_a_site_changed_by_hand_is_rebuilt_in_full(county: Path, tmp_path: Path):
    check_same_as_cold(county, tmp_path)
    (tmp_path / "site").unlink()  # rm -rf site: the link to the published copy
    result = build(county, tmp_path / "site", TODAY, cache_dir=tmp_path / "cache")
    assert result.ok and result.reused == 0


def test_a_failed_build_keeps_the_last_site_and_the_cache_stays_truthful(county, tmp_path):
    check_same_as_cold(county, tmp_path)
    before = tree(tmp_path / "site")
    svc = sorted((county / "services" / "preston").glob("*.yaml"))[0]
    good = svc.read_text()
    svc.write_text(good.replace("reviewed:", "reviewed: tomorrow\nold_reviewed:", 1))
    failed = build(county, tmp_path / "site", TODAY, cache_dir=tmp_path / "cache")
    assert not failed.ok
    assert tree(tmp_path / "site") == before
    svc.write_text(good.replace("summary: ", "summary: Fixed. ", 1))
    check_same_as_cold(county, tmp_path)


def test_a_small_change_updates_the_standby_copy_of_the_site_in_place(county, tmp_path):
    """With a cache, the site is a link to one of two copies; a build updates the other copy
    and points the link at it. Files are neither linked nor copied one by one: only the
    outputs that changed since that copy was published are touched."""
    first = check_same_as_cold(county, tmp_path)
    site = tmp_path / "site"
    published = site.resolve()
    assert site.is_symlink() and published.name == ".site.copy-1"
    svc = sorted((county / "services" / "preston").glob("*.yaml"))[0]  # in one district
    for n in range(3):
        svc.write_text(svc.read_text().replace("summary: ", f"summary: Change {n}. ", 1))
        one = check_same_as_cold(county, tmp_path)
        assert site.resolve() != published  # the other copy is published now
        published = site.resolve()
        assert one.rendered < 40
        # Only the outputs the previous build changed are brought over from the published
        # copy: tens of files, not the hundreds of the whole site.
        assert one.linked < 40 < first.files
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == [
        ".site.copy-1",
        ".site.copy-2",
    ]


def test_a_build_failing_part_way_leaves_the_published_copy_as_it_was(
    county, tmp_path, monkeypatch
):
    from directory.outputs import render

    check_same_as_cold(county, tmp_path)
    svc = sorted((county / "services" / "preston").glob("*.yaml"))[0]
    svc.write_text(svc.read_text().replace("summary: ", "summary: Changed. ", 1))
    check_same_as_cold(county, tmp_path)
    before = tree(tmp_path / "site")

    def explode(self, sv):  # the disk fills, the job is killed...
        raise OSError("No space left on device")

    svc.write_text(svc.read_text().replace("summary: ", "summary: Again. ", 1))
    with monkeypatch.context() as m:
        m.setattr(render.Renderer, "service", explode)
        with pytest.raises(OSError):
            build(county, tmp_path / "site", TODAY, cache_dir=tmp_path / "cache", jobs=1)
    assert tree(tmp_path / "site") == before
    check_same_as_cold(county, tmp_path)


def test_each_service_s_open_referral_object_is_made_once_and_kept(county, tmp_path, monkeypatch):
    """The API's files are put together from each published service's part (api.Fragment):
    a cold build makes each service's ORUK object once, for every file it is in; a change to
    one record makes that service's only, and remakes only the files that hold it."""
    from directory.openreferral import api, oruk

    made: list[str] = []
    real = oruk.service_object

    def counted(sv, ctx):
        made.append(sv.id)
        return real(sv, ctx)

    monkeypatch.setattr(oruk, "service_object", counted)
    cache = tmp_path / "cache"
    first = build(county, tmp_path / "site", TODAY, cache_dir=cache, jobs=1)
    assert first.ok and first.site is not None
    published = [sv.id for sv in api.published(first.site)]
    assert sorted(made) == sorted(published)  # each once
    assert first.parts_computed["api"] == len(published)

    made.clear()
    svc = sorted((county / "services" / "preston").glob("*.yaml"))[0]
    svc.write_text(svc.read_text().replace("summary: ", "summary: Now with cake. ", 1))
    one = build(county, tmp_path / "site", TODAY, cache_dir=cache, jobs=1)
    assert one.ok and one.site is not None
    changed = next(sv.id for sv in one.site.services if sv.file.endswith(svc.name))
    assert made == [changed]
    assert one.parts_computed == {"words": 1, "api": 1}
    # The build state is read whole and written in proportion to the change: the changed
    # record's row and its service's two parts (search words, API fragment).
    assert one.state_rows_read == first.state_rows_written > 2 * len(published)
    assert one.state_rows_written == 3
    # Its own files, its organisation's and the collections of services; not the list of
    # organisations, which shows none of its fields.
    api_kinds = {k for k in one.work if k.startswith("api")}
    assert api_kinds == {
        "api-service",
        "api-organization",
        "api-services",
        "api-service-at-locations",
        "api-ndjson",
        "api-tabular",
    }
    cold = build(county, tmp_path / "cold", TODAY, jobs=1)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
    assert cold.ok


def test_a_folder_where_a_file_now_goes_is_replaced(county: Path, tmp_path: Path):
    """The copy a build brings up to date may come from a version that made a folder where
    a file now goes (the API's objects were `<id>/index.html` once): the build replaces it,
    and the site is the cold build's."""
    import json

    from directory.build.publish import copies, published_copy

    cache = tmp_path / "cache"
    assert build(county, tmp_path / "site", TODAY, cache_dir=cache, jobs=1).ok
    standby = next(c for c in copies(tmp_path / "site") if c != published_copy(tmp_path / "site"))
    svc = county / "services/preston/tuesday-lunch-club.yaml"
    name = "Tuesday Lunch Club"
    sid = next(
        o["id"]
        for o in map(json.loads, (standby / "api/services.ndjson").open())
        if o["name"] == name
    )
    old = standby / "api/services" / sid
    old.unlink()
    old.mkdir()
    (old / "index.html").write_bytes(b"{}")
    svc.write_text(svc.read_text().replace("summary: ", "summary: Now with cake. ", 1))
    assert build(county, tmp_path / "site", TODAY, cache_dir=cache, jobs=1).ok
    assert published_copy(tmp_path / "site") == standby
    assert (standby / "api/services" / sid).is_file()
    check_same_as_cold(county, tmp_path)


def test_a_small_change_is_rendered_without_forking_workers(county, tmp_path, monkeypatch):
    """Forking a worker costs more than rendering a few hundred outputs: a build with little
    to render does it in this process (no worker), a bigger one in workers; the two give
    the same files as a cold build."""
    from directory.build import pipeline

    with monkeypatch.context() as m:
        m.setattr(pipeline, "INLINE_COST", 0)  # the example county is small: force workers
        first = check_same_as_cold(county, tmp_path)
        two = build(county, tmp_path / "two", TODAY, jobs=2)
    assert first.render_workers == 1 and two.render_workers == 1
    assert tree(tmp_path / "two") == tree(tmp_path / "site")

    svc = sorted((county / "services" / "preston").glob("*.yaml"))[0]
    svc.write_text(svc.read_text().replace("summary: ", "summary: Now with cake. ", 1))
    one = build(county, tmp_path / "site", TODAY, cache_dir=tmp_path / "cache", jobs=2)
    assert one.ok and 0 < one.rendered < 40
    assert one.render_workers == 0
    assert build(county, tmp_path / "cold", TODAY, jobs=2).ok
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")


def test_workers_render_no_output_that_reads_the_parts(county, tmp_path, monkeypatch):
    """The kinds that read the services' parts (search words, API fragments) are rendered
    in the build's own process only, so the forked workers never touch (and copy) the
    parts; the workers render the pages, and the site is the same as a cold one."""
    from directory.build import pipeline
    from directory.outputs.kinds import kind_by_name

    with monkeypatch.context() as m:
        m.setattr(pipeline, "INLINE_COST", 0)  # the example county is small: force workers
        first = check_same_as_cold(county, tmp_path)
    assert first.render_workers == 1
    in_workers = first.rendered_in_workers
    assert in_workers.get("service", 0) > 0  # the workers did render
    reading_parts = {name for name, kind in kind_by_name().items() if kind.parts}
    assert {"search-piece", "api-service", "api-services"} <= reading_parts
    assert not reading_parts & set(in_workers)
    assert sum(in_workers.values()) < first.rendered  # and this process rendered the rest


def test_planning_joins_each_list_of_records_once(county, tmp_path, monkeypatch):
    """The fingerprints of a district's search files, councillor page and digest share one
    join of its services' record fingerprints; a search piece's is made from the shard's
    fingerprints by ref, without a join of its own through Build.records_of."""
    from directory.outputs import kinds
    from directory.site.lists import make_lists

    joined: list[list] = []
    real = kinds.Build.records_of

    def counted(self, items):
        items = list(items)
        joined.append(items)
        return real(self, items)

    monkeypatch.setattr(kinds.Build, "records_of", counted)
    result = build(county, tmp_path / "site", TODAY, jobs=1)
    assert result.ok and result.site is not None
    lists = make_lists(result.site)
    for d in result.site.config.districts:
        ids = [sv.id for sv in lists.serving(d.slug)]
        assert sum(1 for j in joined if [x.id for x in j] == ids) == 1, d.slug
    # The county's services once (its search files), the published ones once (the API's
    # collections), the organisations in the API once, a district's services once each,
    # and what oversight joins of its own: no join per search piece.
    assert len(joined) <= 3 + 2 * len(result.site.config.districts)


def test_saving_the_build_state_walks_only_the_rows_it_writes(county, tmp_path, monkeypatch):
    """After writing, the state knows what its sqlite file holds from the rows it wrote, not
    by walking every row again: saving twice writes the changed row once."""
    from directory.build import cache

    folder = tmp_path / "cache"
    assert build(county, tmp_path / "site", TODAY, cache_dir=folder, jobs=1).ok
    walks: list[int] = []
    real = cache._snapshot

    def counted(state):
        walks.append(1)
        return real(state)

    monkeypatch.setattr(cache, "_snapshot", counted)
    state = cache.load(folder)
    cache.load_big(folder, state)
    assert walks == [1] and state.rows_read > 100
    sid, (key, value) = next(iter(state.parts["words"].items()))
    state.parts["words"][sid] = (key + "x", value)
    path = next(iter(state.records))
    del state.records[path]
    cache.save(folder, state)
    assert state.rows_written == 1 and walks == [1]
    assert state.loaded == real(state)
    cache.save(folder, state)
    assert state.rows_written == 0 and walks == [1]
    again = cache.load(folder)
    cache.load_big(folder, again)
    assert again.parts["words"][sid][0] == key + "x" and path not in again.records
    assert again.rows_read == state.rows_read - 1


def test_a_changed_service_s_search_pieces_are_patched_not_made_again(
    county, tmp_path, monkeypatch
):
    """A piece holding a changed service's words is the previous build's piece with that
    service's old postings taken out and its new ones put in (search.patch_piece), not made
    again from every service in it; when the shard's services change (a service added), the
    pieces are made afresh. Either way the files are those of a cold build."""
    from directory.outputs import kinds

    made = counted_calls(monkeypatch, kinds, "shard_piece")
    first = check_same_as_cold(county, tmp_path)
    assert first.pieces_patched == 0 and made

    made.clear()
    svc, one = changed_summary(county, tmp_path, "Now with cake crumbs.")
    assert one.ok and one.work.get("search-piece", 0) > 0
    assert one.pieces_patched > 0 and made == []
    assert build(county, tmp_path / "cold", TODAY, jobs=1).ok
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
    shutil.rmtree(tmp_path / "cold")

    # The same service again (its words then are the patched piece's), then a new service.
    svc.write_text(svc.read_text().replace("cake crumbs", "tea and scones", 1))
    again = check_same_as_cold(county, tmp_path)
    assert again.pieces_patched > 0
    shutil.copy(svc, county / "services" / "chorley" / "a-new-service.yaml")
    made.clear()
    added = check_same_as_cold(county, tmp_path)
    assert added.pieces_patched == 0 and made


def test_a_changed_service_s_rows_in_the_search_docs_and_facets_are_patched(
    county, tmp_path, monkeypatch
):
    """A shard's docs and facets files holding a changed service are the previous build's
    with that service's rows made again (search.patch_docs, patch_facets), not made from
    every service in the shard; on another date (every row may change) they are made
    afresh. Either way the files are those of a cold build."""
    from directory.outputs import kinds
    from directory.site.lists import make_lists

    made = counted_calls(monkeypatch, kinds, "shard_docs", "shard_facets")
    first = check_same_as_cold(county, tmp_path)
    assert first.search_files_patched == 0 and made

    made.clear()
    svc, one = changed_summary(county, tmp_path, "Now with jam.")
    assert one.ok and one.site is not None and made == []
    lists = make_lists(one.site)
    changed = next(sv for sv in one.site.services if sv.file.endswith(svc.name))
    shards = 1 + sum(changed in lists.serving(d.slug) for d in one.site.config.districts)
    assert one.search_files_patched == 2 * shards  # its docs and facets in each
    assert build(county, tmp_path / "cold", TODAY, jobs=1).ok
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
    shutil.rmtree(tmp_path / "cold")

    svc.write_text(svc.read_text().replace("with jam", "with marmalade", 1))
    made.clear()
    later = check_same_as_cold(county, tmp_path, TODAY + dt.timedelta(days=1))
    assert later.search_files_patched == 0 and made


def test_a_changed_service_s_refs_are_moved_in_the_previous_pieces_refs(
    county, tmp_path, monkeypatch
):
    """Planning the search pieces after a one-record change takes each shard's refs by
    piece from the build state, with the changed service's moved to the pieces of its new
    words, instead of finding them from every service's words (search.piece_refs); a new
    service finds them afresh. Either way the files are those of a cold build."""
    from directory.outputs import kinds

    found = counted_calls(monkeypatch, kinds, "piece_refs")
    first = check_same_as_cold(county, tmp_path)
    assert first.site is not None
    shards = 1 + len(first.site.config.districts)
    assert first.search_refs_made == shards and len(found) == 2 * shards  # and the cold one

    svc = sorted((county / "services" / "preston").glob("*.yaml"))[0]
    text = svc.read_text()
    # New words, so that the service's refs move between pieces.
    svc.write_text(text.replace("summary: ", "summary: Quizzical zebras juggle. ", 1))
    found.clear()
    one = build(county, tmp_path / "site", TODAY, cache_dir=tmp_path / "cache", jobs=1)
    assert one.ok and one.search_refs_made == 0 and found == []
    assert one.pieces_patched > 0
    assert build(county, tmp_path / "cold", TODAY, jobs=1).ok
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
    shutil.rmtree(tmp_path / "cold")

    svc.write_text(text)  # its words as before: moved back
    assert check_same_as_cold(county, tmp_path).search_refs_made == 0
    shutil.copy(svc, county / "services" / "chorley" / "a-new-service.yaml")
    assert check_same_as_cold(county, tmp_path).search_refs_made > 0


def test_the_change_record_compares_only_the_changed_services(county, tmp_path):
    """After a one-record change on the same date, the change record is made from the
    changed service's snapshot record and the previous build's parts (oversight.watch's
    `changed`), not by making and comparing every service's; on another date, or with a
    service added, every record is made. Either way the files are those of a cold build
    comparing with the same previous site."""
    site, previous = tmp_path / "site", tmp_path / "previous"

    def built(today: dt.date = TODAY, every: bool = False) -> list[str]:
        if site.exists():
            shutil.rmtree(previous, ignore_errors=True)
            shutil.copytree(site, previous)
        made = build(county, site, today, cache_dir=tmp_path / "cache", jobs=1, previous=site)
        assert made.ok and made.site is not None and made.watch is not None
        assert made.watch.records_made == (len(made.site.services) if every else 1)
        if previous.exists():
            cold = build(county, tmp_path / "cold", today, jobs=1, previous=previous)
            assert cold.watch is not None and cold.watch.found == made.watch.found
            assert tree(site) == tree(tmp_path / "cold")
            shutil.rmtree(tmp_path / "cold")
        return [c.kind for c in made.watch.found]

    assert built(every=True) == []
    svc = sorted((county / "services" / "preston").glob("*.yaml"))[0]
    svc.write_text(svc.read_text().replace("summary: ", "summary: Now with biscuits. ", 1))
    assert built() == ["changed"]
    svc.write_text(svc.read_text().replace("with biscuits", "with crumpets", 1))
    assert built() == ["changed"]
    svc.write_text(svc.read_text().replace("with crumpets", "with scones", 1))
    assert built(TODAY + dt.timedelta(days=1), every=True) == ["changed"]
    shutil.copy(svc, county / "services" / "chorley" / "a-new-service.yaml")
    assert built(TODAY + dt.timedelta(days=1), every=True) == ["added"]


def test_the_build_state_is_read_without_garbage_collections(county, tmp_path, monkeypatch):
    """Reading the build state's rows pauses the cyclic garbage collector, and leaves what
    it read out of later collections (gc.freeze), so that no full collection walks every
    row's objects; the collector runs again afterwards."""
    import gc
    import pickle

    from directory.build import cache

    folder = tmp_path / "cache"
    assert build(county, tmp_path / "site", TODAY, cache_dir=folder, jobs=1).ok
    enabled: list[bool] = []
    real = pickle.loads

    def counted(data, *args, **kwargs):
        enabled.append(gc.isenabled())
        return real(data, *args, **kwargs)

    monkeypatch.setattr(cache.pickle, "loads", counted)
    gc.unfreeze()
    try:
        state = cache.load(folder)
        cache.load_big(folder, state)
        assert len(enabled) == state.rows_read > 100 and not any(enabled)
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_build_state_is_written_a_row_at_a_time(county: Path, tmp_path: Path):
    """Saving the state pickles each row as sqlite takes it: writing every row (as after a
    cold build) holds a small fraction of their bytes at once, and writes them all."""
    import pickle
    import tracemalloc

    from directory.build import cache as state_cache

    folder = tmp_path / "cache"
    assert build(county, tmp_path / "site", TODAY, cache_dir=folder, jobs=1).ok
    state = state_cache.load(folder)
    state_cache.load_big(folder, state)
    rows = state.rows_read
    pickled = sum(
        len(pickle.dumps(v, pickle.HIGHEST_PROTOCOL))
        for values in state.parts.values()
        for _key, v in values.values()
    ) + sum(len(pickle.dumps(e.result, pickle.HIGHEST_PROTOCOL)) for e in state.records.values())
    state.loaded = {}  # as if nothing had been read: every row is written again
    tracemalloc.start()
    state_cache.save(folder, state)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert state.rows_written == rows > 100
    assert pickled > 1_000_000 and peak < pickled / 4, (peak, pickled)
    again = state_cache.load(folder)
    state_cache.load_big(folder, again)
    assert again.rows_read == rows


def test_a_site_of_the_api_s_earlier_layout_is_brought_up_to_date(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A site and build state made by a version that wrote each API object as a folder
    (`api/services/<id>/index.html`): the next build, with the files' new names, replaces
    every such folder with its file in the copy it updates, and the site is the cold build's."""
    from directory.build import cache as state_cache
    from directory.build.publish import copies, published_copy
    from directory.openreferral import api

    site, cache = tmp_path / "site", tmp_path / "cache"
    with monkeypatch.context() as m:
        m.setattr(api, "_object", lambda c, oid, data: (f"api/{c}/{oid}/index.html", data))
        m.setattr(state_cache, "code_fingerprint", lambda templates: "the earlier version")
        assert build(county, site, TODAY, cache_dir=cache, jobs=1).ok
    standby = next(c for c in copies(site) if c != published_copy(site))
    folders = [p for p in (standby / "api/services").iterdir() if p.is_dir()]
    assert len(folders) > 30
    assert build(county, site, TODAY, cache_dir=cache, jobs=1).ok
    assert published_copy(site) == standby
    assert not [
        p
        for p in (standby / "api").rglob("*")
        if p.name == "index.html" and p.parent.parent.name in ("services", "organizations")
    ]
    check_same_as_cold(county, tmp_path)
