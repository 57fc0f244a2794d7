def test_home_and_ideas_render(client, factory):
    idea = factory.idea(title="Longer library hours")
    assert client.get("/").status_code == 200
    page = client.get("/ideas")
    assert page.status_code == 200
    assert "Longer library hours" in page.get_data(as_text=True)
    assert client.get(f"/ideas/{idea.id}").status_code == 200
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/api/v1/ideas").status_code == 200
