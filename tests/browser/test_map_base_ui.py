"""Maps have a base map offline (issue 17, item 6): the vendored world layer under every map, and a
local PMTiles archive (VIKTORLITE_MAP_TILES=/path/file.pmtiles) that the web process serves by HTTP
range requests and the browser draws as tiles."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Page, expect
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from support import start_web

APP = Path(__file__).resolve().parents[1] / "apps" / "editor_views"


def solid_png(size: int, rgb: tuple[int, int, int]) -> bytes:
    """A one-colour PNG, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def write_pmtiles(path: Path) -> None:
    """A tiny raster archive: the whole world as one red tile at zoom 0, one blue tile at zoom 1."""
    with path.open("wb") as f:
        writer = Writer(f)
        writer.write_tile(zxy_to_tileid(0, 0, 0), solid_png(256, (230, 40, 40)))
        writer.write_tile(zxy_to_tileid(1, 1, 0), solid_png(256, (40, 40, 230)))
        header = {
            "tile_type": TileType.PNG,
            "tile_compression": Compression.NONE,
            "min_lon_e7": -1800000000,
            "min_lat_e7": -850000000,
            "max_lon_e7": 1800000000,
            "max_lat_e7": 850000000,
            "center_zoom": 0,
            "center_lon_e7": 0,
            "center_lat_e7": 0,
        }
        writer.finalize(header, {"name": "test tiles"})


@pytest.fixture
def tiles_web(tmp_path: Path, start_module_app) -> Iterator[tuple[str, int, Path]]:
    running = start_module_app(APP)
    archive = tmp_path / "region.pmtiles"
    write_pmtiles(archive)
    web, url = start_web(running.directory, running.redis_url, env={"VIKTORLITE_MAP_TILES": str(archive)})
    try:
        entity = httpx2.post(url + "/api/entities", json={"entity_type": "Views", "name": "Tiles"})
        assert entity.status_code == 201, entity.text
        yield url, entity.json()["id"], archive
    finally:
        web.stop()


def test_every_map_draws_the_world_base_layer(page: Page, start_module_app, start_module_web):
    url = start_module_web(start_module_app(APP))
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Views", "name": "World"}).json()
    page.goto(f"{url}/entities/{entity['id']}")
    view = page.locator('[data-view="map"]')
    expect(view).to_have_attribute("data-state", "ready")
    map_view = view.locator(".map-view")
    expect(map_view).to_have_attribute("data-base-map", "world")
    expect(map_view).to_have_attribute("data-tiles", "off")
    canvas = view.locator(".leaflet-basemap-pane canvas")
    expect(canvas).to_have_count(1)
    # land is drawn: the canvas holds land-coloured pixels (the default view is over the Netherlands)
    land = canvas.evaluate(
        """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
                  for (let i = 0; i < d.length; i += 4) if (d[i+3] > 0) n++; return n / (d.length / 4); }"""
    )
    assert land > 0.2, land


def test_a_local_pmtiles_archive_is_served_by_range_and_drawn(page: Page, tiles_web):
    url, entity_id, archive = tiles_web
    whole = archive.read_bytes()
    ranged = httpx2.get(url + "/map-tiles/local.pmtiles", headers={"Range": "bytes=0-126"})
    assert ranged.status_code == 206
    assert ranged.content == whole[:127] and ranged.content.startswith(b"PMTiles\x03")
    assert ranged.headers["content-range"] == f"bytes 0-126/{len(whole)}"

    page.goto(f"{url}/entities/{entity_id}")
    view = page.locator('[data-view="map"]')
    expect(view).to_have_attribute("data-state", "ready")
    expect(view.locator(".map-view")).to_have_attribute("data-tiles", "pmtiles")
    tile = view.locator(".pmtiles-layer img.leaflet-tile-loaded[data-tile]").first
    expect(tile).to_be_visible()
    # the tile the browser drew is the archive's: the blue zoom-1 tile over Europe (x 1, y 0)
    expect(tile).to_have_attribute("data-tile", "1/1/0")
    colour = tile.evaluate(
        """img => { const c = document.createElement('canvas'); c.width = c.height = 1;
                    const g = c.getContext('2d'); g.drawImage(img, 0, 0, 1, 1);
                    return Array.from(g.getImageData(0, 0, 1, 1).data.slice(0, 3)); }"""
    )
    assert colour == [40, 40, 230]


def test_without_a_local_archive_the_tiles_route_says_how_to_set_one(start_module_app, start_module_web):
    url = start_module_web(start_module_app(APP))
    answer = httpx2.get(url + "/map-tiles/local.pmtiles")
    assert answer.status_code == 404
    assert "VIKTORLITE_MAP_TILES" in answer.json()["error"]
