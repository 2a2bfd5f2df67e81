"""``viktor.parametrization``: the editor's input fields, how they are laid out and constrained.

Apps declare items as class attributes of a :class:`Parametrization` subclass. The runtime reads a
declaration only through :func:`schema_of`, :func:`default_params` and :func:`build_params`
(and the callback runner through :mod:`.schema`'s ``walk``).
"""

from __future__ import annotations

from .._deprecated import removed_names, user_exception

# Names the SDK's parametrization module exposes too (``from viktor.parametrization import UserError``).
from ..api_v1 import API as API
from ..api_v1 import ChatConversation as ChatConversation
from ..api_v1 import Entity as Entity
from ..api_v1 import FileResource as FileResource
from ..core import ISCLOSE_ATOL as ISCLOSE_ATOL
from ..core import Color as Color
from ..errors import UserError as UserError
from ..external.autodesk import AutodeskFile as AutodeskFile
from ..geometry import GeoPoint as GeoPoint
from ..geometry import GeoPolygon as GeoPolygon
from ..geometry import GeoPolyline as GeoPolyline
from .arrays import *  # noqa: F403
from .arrays import __all__ as _arrays
from .buttons import *  # noqa: F403
from .buttons import __all__ as _buttons
from .constraints import *  # noqa: F403
from .constraints import __all__ as _constraints
from .display import *  # noqa: F403
from .display import __all__ as _display
from .fields import *  # noqa: F403
from .fields import __all__ as _fields
from .files import *  # noqa: F403
from .files import __all__ as _files
from .layout import *  # noqa: F403
from .layout import __all__ as _layout
from .options import *  # noqa: F403
from .options import __all__ as _options
from .schema import ParametrizationLike, build_params, default_params, schema_of  # noqa: F401 - runtime API

# The SDK's names only: schema_of, default_params and build_params are viktorlite's, not the SDK's.
__all__ = sorted([*_arrays, *_buttons, *_constraints, *_display, *_fields, *_files, *_layout, *_options])

__getattr__ = removed_names(__name__, user_exception())
