"""The built web app as the API serves it: caching, compression and pages of the app."""

from __future__ import annotations

from pathlib import Path

import httpx

from ecosystem.app import create_app
from ecosystem.settings import Settings


async def test_assets_cached_pages_fall_back_and_answers_compressed(
    settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>希望生态</title>", "utf-8")
    script = "console.log('hope');\n" * 400
    (tmp_path / "assets" / "index-3f2a.js").write_text(script, "utf-8")
    app = create_app(settings.model_copy(update={"frontend_dist": tmp_path}))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            home = await http.get("/")
            asset = await http.get("/assets/index-3f2a.js", headers={"Accept-Encoding": "gzip"})
            page = await http.get("/needs/42")
            missing = await http.get("/assets/gone.js")
            api = await http.post("/graphql", json={"query": "{ __typename }"})
    finally:
        await app.state.scheduler.stop()
        await app.state.redis.aclose()
        await app.state.db.dispose()

    assert home.status_code == 200 and "希望生态" in home.text
    assert home.headers["cache-control"] == "no-cache"
    assert asset.status_code == 200 and asset.text == script
    assert asset.headers["content-encoding"] == "gzip"
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert page.status_code == 200 and "希望生态" in page.text
    assert missing.status_code == 404
    assert api.json() == {"data": {"__typename": "Query"}}
    # Pages and assets may not be framed by another site, nor load anything from elsewhere.
    for answer in (home, asset, page):
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
        assert "script-src 'self';" in policy
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert f"connect-src 'self' ws://{settings.public_url.split('://')[1]}" in policy
