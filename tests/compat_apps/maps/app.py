import viktor as vkt


class Parametrization(vkt.Parametrization):
    location = vkt.GeoPointField("Location", default=vkt.GeoPoint(52.0, 4.36))
    radius = vkt.NumberField("Radius", default=250, suffix="m")


class Controller(vkt.Controller):
    parametrization = Parametrization

    @vkt.MapView("Map")
    def map(self, params, **kwargs):
        point = params.location or vkt.GeoPoint(52.0, 4.36)
        features = [
            vkt.MapPoint.from_geo_point(point, title="Site", identifier="site"),
            vkt.MapCircle(vkt.MapPoint(point.lat, point.lon), params.radius, color=vkt.Color.red()),
        ]
        return vkt.MapResult(features, legend=vkt.MapLegend([(vkt.Color.red(), "Zone")]))

    @vkt.GeoJSONView("GeoJSON")
    def geojson(self, params, **kwargs):
        point = {"type": "Point", "coordinates": [4.36, 52.0]}
        feature = {"type": "Feature", "properties": {"title": "pt"}, "geometry": point}
        return vkt.GeoJSONResult({"type": "FeatureCollection", "features": [feature]})
