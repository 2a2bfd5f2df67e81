"""``viktor.geo``: GEF/CPT files, their classification into soil layouts, and the soil values themselves.

The soil values (soils, layers, 1D and 2D layouts, piezo lines) are implemented in
:mod:`._soil_layouts`. Parsing a GEF file and classifying CPT data are services of the VIKTOR platform
(the SDK sends them there), as are the plots drawn from them here: those calls raise
:class:`UnavailableOffline`, naming what is missing. Everything else (the data holders and the
classification methods' parameters) works as in the SDK.
"""

from __future__ import annotations

import os
from typing import Any

from munch import Munch as Munch

from ._geometry_3d import Group as Group
from ._geometry_3d import TransformableObject as TransformableObject
from ._geometry_curves import Line as Line
from ._geometry_extrusions import CircularExtrusion as CircularExtrusion
from ._geometry_materials import Material as Material
from ._geometry_maths import ISCLOSE_ATOL as ISCLOSE_ATOL
from ._geometry_maths import ISCLOSE_RTOL as ISCLOSE_RTOL
from ._geometry_points import Point as Point
from ._geometry_polygons import Polygon as Polygon
from ._geometry_polyline import Polyline as Polyline
from ._offline import UnavailableOffline
from ._soil_layouts import (
    PiezoLine,
    PositionalSoilLayout,
    Soil,
    SoilLayer,
    SoilLayer2D,
    SoilLayout,
    SoilLayout2D,
    UndefinedSoil,
)
from ._views_geometry import Label as Label
from .core import Color as Color
from .core import File
from .errors import GEFClassificationError as GEFClassificationError
from .errors import GEFParsingError

__all__ = [
    "GEFData",
    "GEFFile",
    "NormalizedSoilBehaviourTypeIndexMethod",
    "PiezoLine",
    "PositionalSoilLayout",
    "RobertsonMethod",
    "Soil",
    "SoilLayer",
    "SoilLayer2D",
    "SoilLayout",
    "SoilLayout2D",
    "TableMethod",
    "UndefinedSoil",
    "gef_visualization",
]

GEFParsingException = GEFParsingError

_PLATFORM = "the VIKTOR platform's GEF service"
_ROBERTSON_ZONES = ("Robertson zone unknown", *(f"Robertson zone {zone}" for zone in range(1, 10)))


def _unavailable(what: str, needs: str = _PLATFORM) -> UnavailableOffline:
    return UnavailableOffline(what, needs, "The soil values of viktor.geo (Soil, SoilLayout, ...) work offline.")


# -- classification methods ------------------------------------------------------------------------


class _ClassificationMethod:
    """The parameters of a classification, sent along with the CPT data."""

    def get_method_params(self) -> dict:
        raise NotImplementedError


class RobertsonMethod(_ClassificationMethod):
    """Robertson's soil behaviour type zones; ``soil_properties`` holds a row per zone (by ``name``)."""

    def __init__(self, soil_properties: list[dict]) -> None:
        for soil in soil_properties:
            if "name" not in soil:
                raise GEFParsingError(
                    'Error: Missing "name" key in soil_properties dict. Every soil must have at least a "name" key!'
                )
            if soil["name"] not in _ROBERTSON_ZONES:
                raise GEFParsingError(
                    f'Error: "name":{soil["name"]} provided in soil_properties does not match with Robertson zone names'
                )
        self.soil_properties = soil_properties

    def get_method_params(self) -> dict:
        return {"soil_properties": self.soil_properties}


class TableMethod(_ClassificationMethod):
    """Classification by a qualification table (qc, qc_norm, Rf and gamma bounds per soil)."""

    def __init__(self, qualification_table: list[dict], ground_water_level: float) -> None:
        self.qualification_table = qualification_table
        self.ground_water_level = ground_water_level

    def get_qualification_table_plot(self, fileformat: str) -> Any:
        raise _unavailable("TableMethod.get_qualification_table_plot()", "the SDK's GEF plotting")

    def get_method_params(self) -> dict:
        return {"qualification_table": self.qualification_table, "ground_water_level": self.ground_water_level}


class NormalizedSoilBehaviourTypeIndexMethod(_ClassificationMethod):
    """Classification by the normalized soil behaviour type index (Ic) ranges of ``ic_table``."""

    def __init__(
        self,
        ic_table: list[dict],
        ground_water_level: float,
        specific_weight_soil: float,
        resolution: float | None = None,
    ) -> None:
        self.ic_table = ic_table
        self.ground_water_level = ground_water_level
        self.specific_weight_soil = specific_weight_soil
        self.resolution = resolution

    def get_method_params(self) -> dict:
        return {
            "ic_table": self.ic_table,
            "ground_water_level": self.ground_water_level,
            "specific_weight_soil": self.specific_weight_soil,
            "resolution": self.resolution,
        }


# -- GEF -------------------------------------------------------------------------------------------


class GEFData:
    """Parsed GEF data (``{'headers': ..., 'measurement_data': ...}``); every header and column is an attribute."""

    def __init__(self, gef_dict: dict | Munch) -> None:
        headers, measurements = gef_dict["headers"], gef_dict["measurement_data"]
        self.classification_data = gef_dict
        self.name = headers["name"]
        self.Rf = measurements["Rf"]
        self.qc = measurements["qc"]
        self.elevation = measurements["elevation"]
        self.num_of_measurements = len(self.qc)
        self.max_measurement_depth_wrt_reference = headers.get("max_measurement_depth_wrt_reference")
        self.ground_level_wrt_reference = headers["ground_level_wrt_reference"]
        self.height_system = headers.get("height_system")
        for source in (headers, measurements):
            for key, value in source.items():
                if not hasattr(self, key):
                    setattr(self, key, value)

    def classify(self, method: _ClassificationMethod, return_soil_layout_obj: bool = True) -> dict | SoilLayout:
        raise _unavailable("GEFData.classify()")

    def serialize(self) -> dict | Munch:
        return self.classification_data

    def get_cone_visualization(self, axes: Any) -> None:
        raise _unavailable("GEFData.get_cone_visualization()", "the SDK's GEF plotting")

    def get_resistance_visualization(self, axes: Any) -> None:
        raise _unavailable("GEFData.get_resistance_visualization()", "the SDK's GEF plotting")

    def get_plotted_denotation_large_qc_values(self, axes: Any, x_loc_text: float) -> None:
        raise _unavailable("GEFData.get_plotted_denotation_large_qc_values()", "the SDK's GEF plotting")


class GEFFile:
    """The text of a GEF file; :meth:`parse` is done by the VIKTOR platform."""

    def __init__(self, file_content: str) -> None:
        self.file_content = file_content

    @classmethod
    def from_file(cls, file_path: str | bytes | os.PathLike, encoding: str = "ISO-8859-1") -> GEFFile:
        with open(file_path, encoding=encoding) as handle:
            return cls(handle.read())

    def parse(
        self, additional_columns: list[str] | None = None, verbose: bool = True, return_gef_data_obj: bool = True
    ) -> dict | GEFData:
        raise _unavailable("GEFFile.parse()")


def gef_visualization(
    gef_data: GEFData, soil_layout_original: SoilLayout, soil_layout_user: SoilLayout, *, as_file: bool = False
) -> str | File:
    """The SDK's standard GEF plot (an SVG)."""
    raise _unavailable("gef_visualization()", "the SDK's GEF plotting")
