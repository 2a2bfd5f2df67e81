"""``viktor.testing``: what an app's own unit tests use to call controller code without a platform.

The mocks patch the *classes* (``API``, ``Storage``, the external stand-ins), not module names, so
they hold however the app imported them (``vkt.api_v1.API`` or ``from viktor.api_v1 import API``).
View and ``@ParamsFromFile`` methods are plain methods in viktorlite already, so ``mock_View`` and
``mock_ParamsFromFile`` only mark the test. See viktor_api.md §9A and docs/compatibility.md.
"""

from __future__ import annotations

from ._storage import Storage as Storage
from ._testing_api import mock_API as mock_API
from ._testing_connections import ConnectionResults as ConnectionResults
from ._testing_connections import mock_AutoCADConnection as mock_AutoCADConnection
from ._testing_connections import mock_Civil3DConnection as mock_Civil3DConnection
from ._testing_connections import mock_ETABSConnection as mock_ETABSConnection
from ._testing_connections import mock_SAP2000Connection as mock_SAP2000Connection
from ._testing_controller import mock_ParamsFromFile as mock_ParamsFromFile
from ._testing_controller import mock_Storage as mock_Storage
from ._testing_controller import mock_View as mock_View
from ._testing_entities import MockedEntity as MockedEntity
from ._testing_entities import MockedEntityList as MockedEntityList
from ._testing_entities import MockedEntityRevision as MockedEntityRevision
from ._testing_entities import MockedEntityType as MockedEntityType
from ._testing_entities import MockedFileResource as MockedFileResource
from ._testing_entities import MockedUser as MockedUser
from ._testing_external import ANALYSIS_MOCKS as _ANALYSIS_MOCKS
from ._testing_external import mock_Excel as mock_Excel
from ._testing_params import mock_params as mock_params
from .api_v1 import Entity as Entity
from .api_v1 import EntityList as EntityList
from .api_v1 import EntityRevision as EntityRevision
from .api_v1 import EntityType as EntityType
from .api_v1 import FileResource as FileResource
from .api_v1 import User as User
from .core import File as File
from .core import ViktorController as ViktorController
from .errors import EntityCreateError as EntityCreateError
from .errors import EntityDeleteError as EntityDeleteError
from .errors import EntityNotFoundError as EntityNotFoundError
from .errors import EntityReviseError as EntityReviseError
from .geometry import GeoPoint as GeoPoint
from .geometry import GeoPolygon as GeoPolygon
from .geometry import GeoPolyline as GeoPolyline
from .parametrization import Parametrization as Parametrization
from .parametrization.schema import fields as fields
from .parametrization.schema import top_items as top_items

# The concepts live in private modules: _testing_entities (the Mocked* stand-ins), _testing_params
# (mock_params), _testing_controller (mock_View, mock_ParamsFromFile, mock_Storage), _testing_api
# (mock_API), _testing_external (mock_Excel, mock_<Program>Analysis), _testing_connections (the
# connection mocks) and _testing_patch (the patching machinery they share).

__all__ = [
    "MockedEntity",
    "MockedEntityList",
    "MockedEntityRevision",
    "MockedEntityType",
    "MockedFileResource",
    "MockedUser",
    "mock_API",
    "mock_AutoCADConnection",
    "mock_Civil3DConnection",
    "mock_ETABSConnection",
    "mock_Excel",
    "mock_ParamsFromFile",
    "mock_SAP2000Connection",
    "mock_Storage",
    "mock_View",
    "mock_params",
]

# mock_<Program>Analysis for each external analysis (built from a table, see _testing_external).
globals().update(_ANALYSIS_MOCKS)
__all__ += list(_ANALYSIS_MOCKS)
