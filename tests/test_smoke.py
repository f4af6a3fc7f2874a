from tests.helpers import Api


async def test_healthz(api: Api) -> None:
    r = await api.client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "up"}
