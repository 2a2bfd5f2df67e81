"""The app's own unit test, written for the SDK's viktor.testing; run by viktorlite's suite."""

import unittest

from app import Controller, Parametrization
from viktor import File
from viktor.testing import MockedEntity, MockedFileResource, MockedUser, mock_API, mock_params, mock_View


class TestInfo(unittest.TestCase):
    @mock_View(Controller)
    @mock_API(get_current_user=MockedUser(first_name="Ada", last_name="L"))
    def test_info(self):
        params = mock_params(
            {"start": "2024-03-01", "drawing": 7, "other": 3},
            Parametrization,
            file_resources={7: MockedFileResource(File.from_data("plan"), "plan.txt")},
            entities={3: MockedEntity(entity_id=3, name="Beam 3")},
        )
        result = Controller().info(params=params)
        values = [item.value for item in result.data.values()] if isinstance(result.data, dict) else []
        self.assertEqual(values, ["2024-03-01", "plan", "Beam 3", "Ada L"])
