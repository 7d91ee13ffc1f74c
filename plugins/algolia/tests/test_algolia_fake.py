"""The fake must be strict, or the plugin's tests prove nothing: it refuses what Algolia does."""

from __future__ import annotations

import pytest
import requests
from algoliasearch.http.exceptions import RequestException
from algoliasearch.http.hosts import Host, HostsCollection
from algoliasearch.search.client import SearchClientSync
from algoliasearch.search.config import SearchConfig


def client_for(fake, api_key=None, app_id=None) -> SearchClientSync:
    config = SearchConfig(app_id or fake.app_id, api_key or fake.admin_key)
    config.hosts = HostsCollection([Host(url="127.0.0.1", scheme="http", port=fake.port)])
    config.max_rate_limit_retries = 0
    return SearchClientSync.create_with_config(config=config)


def raw(fake, method, path, body=None, key=None, app_id=None):
    headers = {"x-algolia-application-id": app_id or fake.app_id,
               "x-algolia-api-key": key or fake.admin_key}
    return requests.request(method, fake.url + path, json=body, headers=headers, timeout=5)


@pytest.fixture
def client(fake):
    return client_for(fake)


def add(client, index, *records):
    response = client.batch(index_name=index, batch_write_params={
        "requests": [{"action": "addObject", "body": r} for r in records]})
    client.wait_for_task(index_name=index, task_id=response.task_id)
    return response


def test_wrong_api_key_is_refused_with_algolias_body(fake):
    for key, app_id in (("not-the-key", None), (None, "OTHERAPP")):
        response = raw(fake, "POST", "/1/indexes/i/query", {"query": ""}, key=key, app_id=app_id)
        assert response.status_code == 403
        assert response.json() == {"message": "Invalid Application-ID or API key", "status": 403}
    missing = requests.post(fake.url + "/1/indexes/i/query", json={}, timeout=5)
    assert missing.status_code == 403


def test_the_official_client_sees_a_wrong_key_as_a_request_error(fake):
    client = client_for(fake, api_key="wrong")
    with pytest.raises(RequestException) as info:
        client.search_single_index(index_name="i", search_params={"query": "x"})
    assert info.value.status_code == 403
    assert "Invalid Application-ID or API key" in str(info.value)


def test_search_only_key_cannot_write(fake):
    response = raw(fake, "POST", "/1/indexes/i/batch",
                   {"requests": [{"action": "addObject", "body": {"objectID": "1"}}]},
                   key=fake.search_key)
    assert response.status_code == 403
    assert response.json()["message"] == "Method not allowed with this API key"


@pytest.mark.parametrize("body, message", [
    ({"requests": [{"action": "upsertObject", "body": {"objectID": "1"}}]}, "invalid action"),
    ({"requests": [{"action": "deleteObject", "body": {}}]}, "missing objectID"),
    ({"requests": [{"action": "partialUpdateObject", "body": {"name": "x"}}]},
     "missing objectID"),
    ({"requests": [{"action": "addObject", "body": {"objectID": "1"}, "extra": 1}]},
     "unknown attribute"),
    ({"objects": []}, "expected"),
    ([], "expected"),
])
def test_malformed_batches_are_refused(fake, body, message):
    response = raw(fake, "POST", "/1/indexes/i/batch", body)
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert fake.index("i") is None  # nothing applied


def test_a_record_over_the_limit_fails_the_whole_batch(fake, client):
    big = {"objectID": "big", "text": "x" * fake.max_record_bytes}
    with pytest.raises(RequestException) as info:
        client.batch(index_name="i", batch_write_params={"requests": [
            {"action": "addObject", "body": {"objectID": "small"}},
            {"action": "addObject", "body": big}]})
    assert info.value.status_code == 400
    assert "objectID=big is too big" in str(info.value)
    fake.settle()
    assert fake.index("i") is None


def test_partial_update_size_counts_the_existing_record(fake, client):
    add(client, "i", {"objectID": "a", "text": "x" * (fake.max_record_bytes - 100)})
    response = raw(fake, "POST", "/1/indexes/i/batch", {"requests": [
        {"action": "partialUpdateObject", "body": {"objectID": "a", "more": "y" * 200}}]})
    assert response.status_code == 400
    assert "too big" in response.json()["message"]


def test_writes_are_visible_only_once_their_task_is_published(fake, client):
    add(client, "i", {"objectID": "a", "name": "Ada"})
    response = client.batch(index_name="i", batch_write_params={
        "requests": [{"action": "addObject", "body": {"objectID": "b", "name": "Bob"}}]})
    before = client.search_single_index(index_name="i", search_params={"query": ""})
    assert before.nb_hits == 1
    first = client.get_task(index_name="i", task_id=response.task_id)
    assert first.status == "notPublished"
    client.wait_for_task(index_name="i", task_id=response.task_id)
    assert client.search_single_index(index_name="i", search_params={}).nb_hits == 2


def test_missing_index_and_unknown_task_are_404(fake, client):
    with pytest.raises(RequestException) as info:
        client.search_single_index(index_name="nope", search_params={"query": ""})
    assert info.value.status_code == 404
    assert raw(fake, "GET", "/1/indexes/nope/task/42").status_code == 404


def test_unknown_and_unimplemented_search_parameters_are_refused(fake, client):
    add(client, "i", {"objectID": "a"})
    assert raw(fake, "POST", "/1/indexes/i/query", {"qeury": "x"}).json()["message"] == \
        "Unknown parameter: qeury"
    unimplemented = raw(fake, "POST", "/1/indexes/i/query", {"filters": "a:b"})
    assert unimplemented.status_code == 400
    assert "not implemented" in unimplemented.json()["message"]


def test_settings_are_checked(fake, client):
    bad = raw(fake, "PUT", "/1/indexes/i/settings", {"searchableAttribute": ["name"]})
    assert bad.status_code == 400 and "Invalid object attributes" in bad.json()["message"]
    assert raw(fake, "PUT", "/1/indexes/i/settings",
               {"customRanking": ["down(x)"]}).status_code == 400
    task = client.set_settings(index_name="i", index_settings={"customRanking": ["desc(n)"]})
    client.wait_for_task(index_name="i", task_id=task.task_id)
    assert client.get_settings(index_name="i").custom_ranking == ["desc(n)"]


def test_matching_prefix_synonyms_facets_and_highlights(fake, client):
    client.set_settings(index_name="i", index_settings={
        "searchableAttributes": ["name", "skills"], "attributesForFaceting": ["skills"]})
    add(client, "i", {"objectID": "1", "name": "Ada Lovelace", "skills": ["Python", "Maths"]},
        {"objectID": "2", "name": "Grace Hopper", "skills": ["COBOL"]},
        {"objectID": "3", "name": "Pythagoras", "skills": ["Maths"]})
    ids = lambda r: sorted(h.object_id for h in r.hits)  # noqa: E731
    search = lambda **p: client.search_single_index(index_name="i", search_params=p)  # noqa: E731
    assert ids(search(query="pyth")) == ["1", "3"]  # prefix on the last word
    assert ids(search(query="maths pyth")) == ["1", "3"]
    assert ids(search(query="pyth maths")) == []  # prefixLast: only the last word is a prefix
    assert ids(search(query="pyth cobol")) == []  # every word must match
    assert ids(search(query="", facetFilters=[["skills:maths"], ["skills:-python"]])) == ["3"]
    assert ids(search(query="", facetFilters=[["skills:COBOL", "skills:Python"]])) == ["1", "2"]
    result = search(query="", facets=["skills"])
    assert result.facets["skills"] == {"Maths": 2, "COBOL": 1, "Python": 1}
    hit = search(query="lovel").hits[0].to_dict()
    assert hit["_highlightResult"]["name"]["value"] == "Ada <em>Lovel</em>ace"
    assert hit["_highlightResult"]["name"]["matchLevel"] == "full"
    client.save_synonyms(index_name="i", synonym_hit=[
        {"objectID": "s", "type": "onewaysynonym", "input": "mainframe", "synonyms": ["cobol"]}],
        replace_existing_synonyms=True)
    fake.settle()
    assert ids(search(query="mainframe")) == ["2"]
    assert ids(search(query="cobol")) == ["2"]


def test_synonym_batch_replaces_only_when_asked(fake, client):
    def save(synonyms, replace):
        task = client.save_synonyms(index_name="i", synonym_hit=synonyms,
                                    replace_existing_synonyms=replace)
        client.wait_for_task(index_name="i", task_id=task.task_id)

    save([{"objectID": "a", "type": "synonym", "synonyms": ["x", "y"]}], False)
    save([{"objectID": "b", "type": "synonym", "synonyms": ["p", "q"]}], False)
    assert sorted(fake.index("i").synonyms) == ["a", "b"]
    save([{"objectID": "c", "type": "synonym", "synonyms": ["m", "n"]}], True)
    assert sorted(fake.index("i").synonyms) == ["c"]
    bad = raw(fake, "POST", "/1/indexes/i/synonyms/batch",
              [{"objectID": "d", "type": "onewaysynonym", "synonyms": ["z"]}])
    assert bad.status_code == 400 and "input is required" in bad.json()["message"]


def test_browse_walks_every_record_with_a_cursor(fake, client):
    add(client, "i", *[{"objectID": str(n)} for n in range(25)])
    seen = []
    client.browse_objects(index_name="i", aggregator=lambda r: seen.extend(
        h.object_id for h in r.hits), browse_params={"hitsPerPage": 10})
    assert sorted(seen, key=int) == [str(n) for n in range(25)]


def test_move_and_copy(fake, client):
    add(client, "src", {"objectID": "1"})
    add(client, "live", {"objectID": "old"})
    client.set_settings(index_name="src", index_settings={"customRanking": ["desc(n)"]})
    task = client.operation_index(index_name="src", operation_index_params={
        "operation": "copy", "destination": "copy", "scope": ["settings"]})
    client.wait_for_task(index_name="copy", task_id=task.task_id)
    assert fake.index("copy").settings == {"customRanking": ["desc(n)"]}
    assert fake.index("copy").records == {}
    task = client.operation_index(index_name="src", operation_index_params={
        "operation": "move", "destination": "live"})
    client.wait_for_task(index_name="live", task_id=task.task_id)
    assert list(fake.index("live").records) == ["1"]
    assert fake.index("src") is None
    names = [item.name for item in client.list_indices().items]
    assert names == ["copy", "live"]


def test_multiple_queries_endpoint(fake, client):
    add(client, "i", {"objectID": "1", "name": "Ada"})
    response = client.search(search_method_params={"requests": [
        {"indexName": "i", "query": "ada"}, {"indexName": "i", "query": "bob"}]})
    counts = [result.actual_instance.nb_hits for result in response.results]
    assert counts == [1, 0]


def test_scenario_controls(fake, client):
    fake.fail_next(1, 429)
    with pytest.raises(RequestException) as info:
        client.list_indices()
    assert info.value.status_code == 429
    client.list_indices()
    assert [r.status for r in fake.logged("GET")] == [429, 200]


def test_single_synonym_endpoints_and_clear(fake, client):
    task = client.save_synonym(index_name="i", object_id="s1", synonym_hit={
        "objectID": "s1", "type": "synonym", "synonyms": ["js", "javascript"]})
    client.wait_for_task(index_name="i", task_id=task.task_id)
    found = client.search_synonyms(index_name="i", search_synonyms_params={"query": "java"})
    assert found.nb_hits == 1 and found.hits[0].object_id == "s1"
    mismatch = raw(fake, "PUT", "/1/indexes/i/synonyms/other",
                   {"objectID": "s1", "type": "synonym", "synonyms": ["a", "b"]})
    assert mismatch.status_code == 400
    task = client.clear_synonyms(index_name="i")
    client.wait_for_task(index_name="i", task_id=task.task_id)
    assert fake.index("i").synonyms == {}


def test_clear_objects_keeps_settings_and_delete_index_drops_all(fake, client):
    add(client, "i", {"objectID": "1"})
    task = client.set_settings(index_name="i", index_settings={"hitsPerPage": 5})
    client.wait_for_task(index_name="i", task_id=task.task_id)
    task = client.clear_objects(index_name="i")
    client.wait_for_task(index_name="i", task_id=task.task_id)
    assert fake.index("i").records == {} and fake.index("i").settings == {"hitsPerPage": 5}
    task = client.delete_index(index_name="i")
    client.wait_for_task(index_name="i", task_id=task.task_id)
    assert fake.index("i") is None


def test_legacy_params_string_is_understood(fake, client):
    add(client, "i", {"objectID": "1", "name": "Ada"}, {"objectID": "2", "name": "Bob"})
    body = raw(fake, "POST", "/1/indexes/i/query",
               {"params": "query=ada&hitsPerPage=1&facets=%5B%22name%22%5D"}).json()
    assert body["nbHits"] == 1 and body["hitsPerPage"] == 1


def test_a_secured_key_from_another_parent_is_refused(fake, client):
    add(client, "i", {"objectID": "1"})
    forged = client.generate_secured_api_key("not-the-search-key", {"restrictIndices": ["i"]})
    assert raw(fake, "POST", "/1/indexes/i/query", {}, key=forged).status_code == 403
    genuine = client.generate_secured_api_key(fake.search_key, {"restrictIndices": ["i"]})
    assert raw(fake, "POST", "/1/indexes/i/query", {}, key=genuine).status_code == 200


def test_an_outage_answers_503_or_refuses_connections(fake, client):
    fake.down()
    assert raw(fake, "GET", "/1/indexes").status_code == 503
    fake.up()
    fake.down(refuse=True)
    try:
        with pytest.raises(requests.ConnectionError):
            requests.get(fake.url + "/1/indexes", timeout=5)
    finally:
        fake.up()
    assert raw(fake, "GET", "/1/indexes").status_code == 200
