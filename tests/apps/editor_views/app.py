"""Drawing geo fields on a map view and picking objects in a 3D view (tests/browser/test_map_drawing_ui.py,
test_geometry_picking_ui.py, test_geometry_camera_ui.py)."""

import viktor as vkt

#: The boxes of the 3D view: name -> x of its centre. Spread along x so each is clicked on its own.
BOXES = {"north": -4.5, "east": -1.5, "south": 1.5, "west": 4.5}


class Parametrization(vkt.Parametrization):
    geo = vkt.Page("Map", views=["map"])
    geo.site = vkt.GeoPointField("Site")
    geo.route = vkt.GeoPolylineField("Route")
    geo.plot = vkt.GeoPolygonField("Plot")
    model = vkt.Page("Model", views=["geometry", "data"])
    model.height = vkt.NumberField("Height", default=2, min=0.5, max=6)
    model.one = vkt.GeometrySelectField("One box")
    model.some = vkt.GeometryMultiSelectField("Some boxes", min_select=2, max_select=3)


class Views(vkt.ViktorController):
    label = "Views"
    parametrization = Parametrization(width=35)

    @vkt.MapView("Map")
    def map(self, params, **kwargs):
        features = []
        if params.geo.site:
            features.append(vkt.MapPoint.from_geo_point(params.geo.site, title="Site", identifier="site"))
        if params.geo.route:
            features.append(vkt.MapPolyline.from_geo_polyline(params.geo.route, title="Route", identifier="route"))
        if params.geo.plot:
            features.append(vkt.MapPolygon.from_geo_polygon(params.geo.plot, title="Plot", identifier="plot"))
        return vkt.MapResult(features)

    @vkt.GeometryView("3D")
    def geometry(self, params, **kwargs):
        picked = {params.model.one, *(params.model.some or [])}
        height = params.model.height or 2
        boxes = []
        for name, x in BOXES.items():
            color = vkt.Color(220, 60, 40) if name in picked else vkt.Color(150, 160, 175)
            box = vkt.SquareBeam(2, 2, height, identifier=name, material=vkt.Material(color=color))
            boxes.append(box.translate((x, 0, height / 2)))
        return vkt.GeometryResult(boxes)

    @vkt.DataView("Picked")
    def data(self, params, **kwargs):
        return vkt.DataResult(
            vkt.DataGroup(
                one=vkt.DataItem("One", params.model.one or "-"),
                some=vkt.DataItem("Some", ", ".join(params.model.some or []) or "-"),
            )
        )
