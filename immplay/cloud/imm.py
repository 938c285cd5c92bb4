"""IMM 2020-09-30: every catalog operation authorized; projects, datasets and tasks emulated.

All 105 operations of ``immplay.catalog.operations()`` are routed (``ROUTES``). Each checks its required
parameters (``Missing<Param>``, 400), validates ProjectName/DatasetName (``InvalidArgument``, 400),
and is authorized as ``imm:<Operation>`` on the ARN ``catalog.imm_request`` builds for the call's
region. What happens next:

- Projects (Create/Get/List/Update/Delete) and datasets (Create/Get/List/Update/Delete) have state:
  ``ResourceAlreadyExists`` / ``ResourceNotFound`` (400) with IMM's messages; 100 projects per
  region (``LimitExceededError``). DeleteProject also deletes the project's datasets and tasks (an
  emulator choice: the real precondition is not documented in the reference).
- CreateOfficeConversionTask, CreateFigureClusteringTask, CreateFigureClustersMergingTask record a
  task and answer ``{TaskId, EventId}``; IndexFileMeta answers ``{EventId}`` and counts the file in
  the dataset. Tasks complete at once: GetTask/ListTasks report ``Status`` "Succeeded" with a
  ``Message`` saying no media was processed.
- Every other operation, once authorized, answers ``OperationNotEmulated`` (HTTP 400, so the new SDK
  raises ``ClientException`` rather than the retry-suggesting ``ServerException``): the caller IS
  allowed to call it, the emulator just produces no result.

An authorization failure is HTTP 403 with the message IMM documents, "User not authorized to operate
on the specified APIs."; the accompanying Code is not confirmed (reference §10): the emulator
answers ``IMM_DENIED_CODE`` = ``Forbidden.RAM`` (an assumption).

Lists are plain JSON arrays (``{"Projects": [...]}``) with ``NextToken``; times are RFC 3339 with
nanoseconds at +08:00 from the emulated clock (``2026-01-01T08:00:00.000000000+08:00``).
"""

from __future__ import annotations

import json
from functools import lru_cache

from immplay import catalog
from immplay.catalog.imm_arns import IMM_NAME_RULE, is_imm_name
from immplay.catalog.operations import InvalidImmName
from immplay.cloud.clock import imm_time
from immplay.cloud.errors import CloudError
from immplay.cloud.routing import ApiRoute, IdentityPolicies, Invocation
from immplay.cloud.state import Dataset, Project, Task

IMM_DENIED_CODE = "Forbidden.RAM"
IMM_DENIED_MESSAGE = "User not authorized to operate on the specified APIs."
MAX_PROJECTS_PER_REGION = 100
_LIMIT_PARAMS = ("ProjectMaxDatasetCount", "DatasetMaxBindCount", "DatasetMaxFileCount", "DatasetMaxEntityCount",
                 "DatasetMaxRelationCount", "DatasetMaxTotalFileSize")
_TASK_MESSAGE = "Emulated by immplay: the task was recorded; no media was processed."


def _not_found(kind: str) -> CloudError:
    return CloudError("ResourceNotFound", f"The specified resource {kind} is not found.", 400)


_NAME_PARAMS = {"project": "ProjectName", "dataset": "DatasetName"}


def _invalid_name(param: str, value: object) -> CloudError:
    return CloudError("InvalidArgument", f"The parameter {param} is invalid: {value!r} must be {IMM_NAME_RULE}.", 400)


def _resource_builder(op):
    needs = {"*": (), "dataset": ("ProjectName", "DatasetName")}.get(op.resource_type, ("ProjectName",))

    def resource(inv: Invocation) -> str:
        # A few operations (the Binding ones, DetectMediaMeta, GetDRMLicense) do not mark the names
        # their ARN needs as required in the SDK; without them there is nothing to authorize on.
        for param in needs:
            if not inv.params.get(param):
                raise CloudError(f"Missing{param}", f"{param} is mandatory for this action: {op.action} is "
                                 f"authorized on a {op.resource_type} ARN that names it.", 400)
        project = inv.params.get("ProjectName") or None
        if op.resource_type == "*":
            # authorized on "*": the ARN does not name the project, so its name is checked here
            if project is not None and not is_imm_name(project):
                raise _invalid_name("ProjectName", project)
            return "*"
        dataset = (inv.params.get("DatasetName") or None) if op.resource_type == "dataset" else None
        return _arn(op, inv.region, inv.cloud.account_id, project, dataset)
    return resource


@lru_cache(maxsize=4096)  # the same few ARNs are authorized over and over
def _arn(op, region: str, account: str, project: str | None, dataset: str | None) -> str:
    """The operation's ARN; the catalog checks the names (the one IMM name rule), answered as IMM does."""
    try:
        return op.resource_arn(region=region, account=account, project=project, dataset=dataset)
    except InvalidImmName as error:
        raise _invalid_name(_NAME_PARAMS[error.field], error.value) from None
    except ValueError as error:
        raise CloudError("InvalidArgument", str(error), 400) from None


def _json_param(params: dict[str, str], param: str, default):
    raw = params.get(param)
    if raw is None or raw == "":
        return default
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        raise CloudError("InvalidJSON", f"JSON parsing error, {param}: not valid JSON.", 400) from None


def _workflow_parameters(params: dict[str, str]) -> list[dict]:
    value = _json_param(params, "WorkflowParameters", [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise CloudError("InvalidArgument", "The parameter WorkflowParameters must be a JSON list of "
                         "{Name, Value} objects.", 400)
    return value


def _int_param(params: dict[str, str], param: str) -> int | None:
    raw = params.get(param)
    if raw is None or raw == "":
        return None
    if not raw.lstrip("-").isdigit():
        raise CloudError(f"Invalid{param}", f"The parameter {param} must be an integer.", 400)
    return int(raw)


def _tags(params: dict[str, str], param: str) -> dict[str, str]:
    tags = _json_param(params, param, [])
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    if not isinstance(tags, list) or not all(isinstance(t, dict) for t in tags):
        raise CloudError("InvalidArgument", f"The parameter {param} must be a JSON list of {{Key, Value}}.", 400)
    return {str(t.get("Key", t.get("TagKey", ""))): str(t.get("Value", t.get("TagValue", ""))) for t in tags}


def _page(params: dict[str, str], items: list, key, default: int = 100) -> tuple[list, str]:
    size = _int_param(params, "MaxResults") or default
    if not 1 <= size <= 1000:
        raise CloudError("InvalidArgument", "The parameter MaxResults must be between 1 and 1000.", 400)
    token = params.get("NextToken") or ""
    remaining = [item for item in items if key(item) >= token] if token else items
    chunk = remaining[:size]
    next_token = key(remaining[size]) if len(remaining) > size else ""
    return chunk, next_token


# --- projects ------------------------------------------------------------------------------------

def _projects(inv: Invocation) -> dict[str, Project]:
    return inv.state.projects.setdefault(inv.region, {})


def find_project(inv: Invocation) -> Project:
    project = _projects(inv).get(inv.params["ProjectName"])
    if project is None:
        raise _not_found("project")
    return project


def project_view(project: Project) -> dict:
    view = {"ProjectName": project.name, "ServiceRole": project.service_role, "TemplateId": project.template_id,
            "Description": project.description, "CreateTime": imm_time(project.create_time),
            "UpdateTime": imm_time(project.update_time), "ProjectQueriesPerSecond": 100, "EngineConcurrency": 10,
            "DatasetCount": len(project.datasets),
            "FileCount": sum(d.file_count for d in project.datasets.values()),
            "TotalFileSize": sum(d.total_file_size for d in project.datasets.values()),
            "Tags": [{"TagKey": k, "TagValue": v} for k, v in project.tags.items()]}
    view.update(project.limits)
    return view


def _limits(params: dict[str, str]) -> dict[str, int]:
    return {p: v for p in _LIMIT_PARAMS if (v := _int_param(params, p)) is not None}


def create_project(inv: Invocation) -> dict:
    projects, params = _projects(inv), inv.params
    if params["ProjectName"] in projects:
        raise CloudError("ResourceAlreadyExists", "The specified resource project already exists.", 400)
    if len(projects) >= MAX_PROJECTS_PER_REGION:
        raise CloudError("LimitExceededError", "resource count exceeds the limit "
                         f"({MAX_PROJECTS_PER_REGION} projects per region).", 400)
    project = Project(params["ProjectName"], inv.region, inv.now, inv.now,
                      params.get("ServiceRole") or "AliyunIMMDefaultRole", params.get("Description", ""),
                      params.get("TemplateId", ""), _limits(params), _tags(params, "Tag"))
    projects[project.name] = project
    return {"Project": project_view(project)}


def get_project(inv: Invocation) -> dict:
    return {"Project": project_view(find_project(inv))}


def list_projects(inv: Invocation) -> dict:
    prefix = inv.params.get("Prefix", "")
    wanted = _tags(inv.params, "Tag")
    projects = sorted((p for p in _projects(inv).values() if p.name.startswith(prefix)
                       and all(p.tags.get(k) == v for k, v in wanted.items())), key=lambda p: p.name)
    chunk, token = _page(inv.params, projects, lambda p: p.name)
    body = {"Projects": [project_view(p) for p in chunk]}
    if token:
        body["NextToken"] = token
    return body


def update_project(inv: Invocation) -> dict:
    project, params = find_project(inv), inv.params
    for param, attr in (("ServiceRole", "service_role"), ("Description", "description"), ("TemplateId", "template_id")):
        if param in params:
            setattr(project, attr, params[param])
    project.limits.update(_limits(params))
    if params.get("Tag"):
        project.tags = _tags(params, "Tag")
    project.update_time = inv.now
    return {"Project": project_view(project)}


def delete_project(inv: Invocation) -> dict:
    project = find_project(inv)
    del _projects(inv)[project.name]
    return {}


# --- datasets ------------------------------------------------------------------------------------

def find_dataset(inv: Invocation) -> tuple[Project, Dataset]:
    project = find_project(inv)
    dataset = project.datasets.get(inv.params["DatasetName"])
    if dataset is None:
        raise _not_found("dataset")
    return project, dataset


def dataset_view(project: Project, dataset: Dataset) -> dict:
    view = {"ProjectName": project.name, "DatasetName": dataset.name, "Description": dataset.description,
            "TemplateId": dataset.template_id, "CreateTime": imm_time(dataset.create_time),
            "UpdateTime": imm_time(dataset.update_time), "FileCount": dataset.file_count,
            "TotalFileSize": dataset.total_file_size, "BindCount": 0,
            "WorkflowParameters": list(dataset.workflow_parameters)}
    view.update(dataset.limits)
    return view


def create_dataset(inv: Invocation) -> dict:
    project, params = find_project(inv), inv.params
    if params["DatasetName"] in project.datasets:
        raise CloudError("ResourceAlreadyExists", "The specified resource dataset already exists.", 400)
    maximum = project.limits.get("ProjectMaxDatasetCount")
    if maximum is not None and len(project.datasets) >= maximum:
        raise CloudError("LimitExceededError", "resource count exceeds the limit (ProjectMaxDatasetCount).", 400)
    limits = {k: v for k, v in _limits(params).items() if k != "ProjectMaxDatasetCount"}
    dataset = Dataset(params["DatasetName"], inv.now, inv.now, params.get("Description", ""),
                      params.get("TemplateId", ""), limits=limits,
                      workflow_parameters=_workflow_parameters(params))
    project.datasets[dataset.name] = dataset
    return {"Dataset": dataset_view(project, dataset)}


def get_dataset(inv: Invocation) -> dict:
    return {"Dataset": dataset_view(*find_dataset(inv))}


def list_datasets(inv: Invocation) -> dict:
    project = find_project(inv)
    prefix = inv.params.get("Prefix", "")
    datasets = sorted((d for d in project.datasets.values() if d.name.startswith(prefix)), key=lambda d: d.name)
    chunk, token = _page(inv.params, datasets, lambda d: d.name)
    body = {"Datasets": [dataset_view(project, d) for d in chunk]}
    if token:
        body["NextToken"] = token
    return body


def update_dataset(inv: Invocation) -> dict:
    project, dataset = find_dataset(inv)
    for param, attr in (("Description", "description"), ("TemplateId", "template_id")):
        if param in inv.params:
            setattr(dataset, attr, inv.params[param])
    if inv.params.get("WorkflowParameters"):
        dataset.workflow_parameters = _workflow_parameters(inv.params)
    dataset.limits.update({k: v for k, v in _limits(inv.params).items() if k != "ProjectMaxDatasetCount"})
    dataset.update_time = inv.now
    return {"Dataset": dataset_view(project, dataset)}


def delete_dataset(inv: Invocation) -> dict:
    project, dataset = find_dataset(inv)
    del project.datasets[dataset.name]
    return {}


# --- tasks ---------------------------------------------------------------------------------------

def _record_task(inv: Invocation, project: Project, task_type: str) -> dict:
    ids = inv.cloud.ids
    tags = _json_param(inv.params, "Tags", {})
    task = Task(ids.task_id(task_type), task_type, ids.event_id(), inv.now, inv.now, dict(inv.params),
                user_data=inv.params.get("UserData", ""),
                tags={str(k): str(v) for k, v in tags.items()} if isinstance(tags, dict) else {})
    project.tasks[task.task_id] = task
    return {"TaskId": task.task_id, "EventId": task.event_id}


def create_office_conversion_task(inv: Invocation) -> dict:
    project = find_project(inv)
    if not inv.params.get("SourceURI") and not inv.params.get("Sources"):
        raise CloudError("MissingSourceURI", "SourceURI (or Sources) is mandatory for this action.", 400)
    return _record_task(inv, project, "OfficeConversion")


def create_figure_clustering_task(inv: Invocation) -> dict:
    project, _ = find_dataset(inv)
    return _record_task(inv, project, "FigureClustering")


def create_figure_clusters_merging_task(inv: Invocation) -> dict:
    project, _ = find_dataset(inv)
    if not inv.params.get("From") and not inv.params.get("Froms"):
        raise CloudError("MissingFrom", "From (or Froms) is mandatory for this action.", 400)
    return _record_task(inv, project, "FigureClustersMerging")


def index_file_meta(inv: Invocation) -> dict:
    _, dataset = find_dataset(inv)
    file = _json_param(inv.params, "File", None)
    if not isinstance(file, dict) or not file.get("URI"):
        raise CloudError("InvalidArgument", "The parameter File must be a JSON object with a URI.", 400)
    dataset.file_count += 1
    dataset.total_file_size += int(file.get("Size", 0) or 0)
    dataset.update_time = inv.now
    return {"EventId": inv.cloud.ids.event_id()}


def task_view(project: Project, task: Task, with_request: bool, detail: bool) -> dict:
    view = {"TaskId": task.task_id, "TaskType": task.task_type, "Status": task.status, "Code": "",
            "Message": _TASK_MESSAGE, "StartTime": imm_time(task.start_time), "EndTime": imm_time(task.end_time),
            "Progress": 100, "UserData": task.user_data, "Tags": dict(task.tags)}
    if with_request:
        view["TaskRequestDefinition"] = json.dumps(task.request, sort_keys=True)
    if detail:
        view["ProjectName"] = project.name
        view["EventId"] = task.event_id
    return view


def get_task(inv: Invocation) -> dict:
    project, params = find_project(inv), inv.params
    task = project.tasks.get(params["TaskId"])
    if task is None or task.task_type != params["TaskType"]:
        raise _not_found("task")
    return task_view(project, task, params.get("RequestDefinition", "").lower() == "true", detail=True)


def list_tasks(inv: Invocation) -> dict:
    project, params = find_project(inv), inv.params
    types = _json_param(params, "TaskTypes", [])
    if isinstance(types, str):
        types = [types]
    status = params.get("Status")
    tasks = [t for t in project.tasks.values()
             if (not types or t.task_type in types) and (not status or t.status == status)]
    if params.get("Order", "").upper() == "DESC":
        tasks.reverse()
    position = {t.task_id: f"{i:08d}" for i, t in enumerate(tasks)}
    chunk, token = _page(params, tasks, lambda t: position[t.task_id])
    with_request = params.get("RequestDefinition", "").lower() == "true"
    body = {"ProjectName": project.name, "Tasks": [task_view(project, t, with_request, False) for t in chunk],
            "MaxResults": str(len(chunk))}
    if token:
        body["NextToken"] = token
    return body


# --- routing -------------------------------------------------------------------------------------

def not_emulated(inv: Invocation) -> dict:
    raise CloudError("OperationNotEmulated",
                     f"{inv.call.action} is authorized (the caller may call it) but immplay does not emulate it "
                     "beyond authorization: no IMM state or result is produced.", 400)


HANDLERS = {
    "CreateProject": create_project, "GetProject": get_project, "ListProjects": list_projects,
    "UpdateProject": update_project, "DeleteProject": delete_project,
    "CreateDataset": create_dataset, "GetDataset": get_dataset, "ListDatasets": list_datasets,
    "UpdateDataset": update_dataset, "DeleteDataset": delete_dataset,
    "CreateOfficeConversionTask": create_office_conversion_task,
    "CreateFigureClusteringTask": create_figure_clustering_task,
    "CreateFigureClustersMergingTask": create_figure_clusters_merging_task,
    "IndexFileMeta": index_file_meta, "GetTask": get_task, "ListTasks": list_tasks,
}


def _route(op: catalog.Operation) -> ApiRoute:
    return ApiRoute(HANDLERS.get(op.name, not_emulated),
                    IdentityPolicies(op.action, _resource_builder(op), (IMM_DENIED_CODE, IMM_DENIED_MESSAGE)),
                    required=tuple(op.required_params))


# One route per catalog operation; unemulated ones share ``not_emulated``.
ROUTES: dict[str, ApiRoute] = {op.name: _route(op) for op in catalog.operations()}
