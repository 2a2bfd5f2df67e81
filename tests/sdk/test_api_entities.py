"""``viktor.api_v1.API`` and ``Entity`` on a real Redis, in a job context, and outside one."""

from __future__ import annotations

import pytest

import viktorlite.sdk as vkt
from viktorlite.jobs import context as job_context
from viktorlite.sdk.api_v1 import API, Entity, EntityList
from viktorlite.store.entities import EntityStore


@pytest.fixture
def job(enter_job, publish_app) -> job_context.JobContext:
    app = publish_app("project_floor").name
    return enter_job(app=app, job_id="job", entity_type="Project")


def test_outside_a_job_every_call_fails_as_the_platform_does():
    api = API()  # making the object is fine; using it is not
    with pytest.raises(OSError, match="Job token is not set"):
        api.get_entity(1)
    with pytest.raises(OSError, match="Job token is not set"):
        api.get_root_entities()
    with pytest.raises(OSError, match="Job token is not set"):
        Entity(1).children()


def test_lists_behave_like_lists_and_params_can_be_left_out(job):
    store = EntityStore(job.connection, job.app)
    project = store.create("Project", "P", {})
    for area in (10, 20, 30):
        store.create("Floor", f"F{area}", {"area": area}, parent_id=project.id)
    floors = API().get_entity(project.id).children(include_params=False)
    assert isinstance(floors, EntityList) and len(floors) == 3
    assert floors[-1].name == "F30" and [f.name for f in floors[:2]] == ["F10", "F20"]
    assert [f.last_saved_params.area for f in floors] == [10, 20, 30]  # read when asked
    assert API().get_root_entities(entity_type_names=["Floor"]) == EntityList([])
    assert floors[0].parent() == Entity(project.id)


def test_create_child_defaults_checks_and_stored_form(job):
    store = EntityStore(job.connection, job.app)
    project = Entity(store.create("Project", "P", {}).id)
    default = project.create_child("Floor", "  Default  ")
    assert default.name == "Default" and default.last_saved_params == {"area": 100}
    with pytest.raises(vkt.EntityCreateError, match="name must be a non-empty string"):
        project.create_child("Floor", " ")
    with pytest.raises(vkt.EntityCreateError, match="no entity type 'Nope'"):
        project.create_child("Nope", "x")
    with pytest.raises(vkt.EntityReviseError, match="area"):
        default.set_params({"area": [1, 2]})
    with pytest.raises(vkt.EntityReviseError, match="cannot be a param value"):
        default.set_params({"area": object()})
    assert default.last_saved_params == {"area": 100}  # the refused writes changed nothing
    assert [r.id for r in default.revisions()] == [1]


def test_the_current_user_is_the_one_the_job_runs_for(job):
    assert API().get_current_user().full_name == "Local User"
    job.user = "ada.lovelace@example.org"  # type: ignore[attr-defined]
    assert API().get_current_user().email == "ada.lovelace@example.org"


def test_the_workspaces_are_the_jobs_one_and_reach_its_entities(job):
    from viktorlite.sdk.api_v1 import App, Workspace, WorkspaceList

    store = EntityStore(job.connection, job.app)
    project = store.create("Project", "P", {})
    workspaces = API().get_workspaces()
    assert isinstance(workspaces, WorkspaceList) and len(workspaces) == 1
    workspace = workspaces[0]
    assert isinstance(workspace, Workspace) and workspace == API().get_workspace(job.workspace_id)
    assert (workspace.id, workspace.name, workspace.is_archived, workspace.labels) == (1, job.app, False, [])
    assert workspace.app == App(None, 1, job.app)
    assert [e.name for e in workspace.get_root_entities()] == ["P"]
    assert workspace.get_entity(project.id).name == "P"
    assert [t.name for t in workspace.get_entity_types()] == ["Project", "Floor"]
    assert workspace.get_entity_type(2).name == "Floor"
    assert len(API().get_workspaces(app_name="another app")) == 0
    with pytest.raises(vkt.ResourceNotFoundError, match="workspace 2"):
        API().get_workspace(2)


def test_entity_types_revisions_and_users_are_values_made_by_the_api(job):
    from viktorlite.sdk.api_v1 import EntityType, User

    first, again = API().get_entity_types()[0], API().get_entity_types()[0]
    assert first == again == EntityType(None, 1, "Project") and hash(first) == hash(again)
    assert first != EntityType(None, 2, "Project")
    user = API().get_current_user()
    assert user == User(None, id_=1, first_name="Local", last_name="User", email="local.user@localhost", job_title="")
    assert "first_name='Local'" in repr(user)


def test_what_needs_the_platform_says_so(job):
    store = EntityStore(job.connection, job.app)
    project = store.create("Project", "P", {})
    with pytest.raises(NotImplementedError, match="compute"):
        API().entity_compute(workspace_id=1, entity_id=project.id, method_name="view", params={})
    with pytest.raises(NotImplementedError, match="upload files in the editor"):
        API().generate_upload_url("Project")
    with pytest.raises(vkt.EntityNotFoundError):
        API().entity_compute(workspace_id=2, entity_id=project.id, method_name="view", params={})
