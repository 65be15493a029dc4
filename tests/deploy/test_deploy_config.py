"""deploy/ is valid as written: every deployment's entrypoint loads to the article-etl Flow, every
cron parses (Prefect's own CronSchedule) in Asia/Shanghai, every parameter set validates against
the flow's signature and names only sources the sources config knows; each source group has one
deployment with the group's schedule; the (name, cron, parameters) snapshot below changes only
on purpose; compose.yaml parses, has its services, and refers only to variables .env.example sets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from prefect.client.schemas.schedules import CronSchedule
from prefect.flows import Flow, load_flow_from_entrypoint

from tasks.sources import load_sources_config, resolve_sources

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PREFECT_FILE = DEPLOY / "prefect.yaml"

# Review a change here like a change to a crontab.
SNAPSHOT = [
    ("drop-folder", "*/15 * * * *", {"sources": ["drop-folder"]}),
    ("jiangsu", "30 7 * * *", {"sources": ["jiangsu"]}),
    ("national", "0 8 * * 1-5", {"sources": ["national"]}),
    ("backfill-dask", None, {"sources": ["jiangsu", "national"], "task_runner": "dask"}),
]


@pytest.fixture(scope="module")
def prefect_file() -> dict:
    return yaml.safe_load(PREFECT_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def deployments(prefect_file) -> list[dict]:
    return prefect_file["deployments"]


@pytest.fixture(scope="module")
def sources_config():
    return load_sources_config(DEPLOY / "sources.yaml")


def load_flow(entrypoint: str) -> Flow:
    path, _, name = entrypoint.partition(":")
    return load_flow_from_entrypoint(f"{ROOT / path}:{name}")


def test_the_snapshot_of_deployments_and_schedules(deployments):
    actual = [
        (d["name"], d["schedules"][0]["cron"] if d["schedules"] else None, d["parameters"])
        for d in deployments
    ]
    assert actual == SNAPSHOT


def test_every_entrypoint_loads_to_the_flow(deployments):
    for deployment in deployments:
        flow = load_flow(deployment["entrypoint"])
        assert isinstance(flow, Flow) and flow.name == "article-etl", deployment["name"]


def test_every_schedule_is_a_valid_cron_in_shanghai_time(deployments):
    schedules = [s for d in deployments for s in d["schedules"]]
    assert schedules
    for schedule in schedules:
        assert schedule["timezone"] == "Asia/Shanghai"
        assert schedule["active"] is True
        CronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])  # raises on a bad cron


def test_a_bad_cron_would_be_caught():
    with pytest.raises(ValueError):
        CronSchedule(cron="61 * * * *", timezone="Asia/Shanghai")


def test_every_parameter_set_validates_against_the_flow_signature(deployments):
    for deployment in deployments:
        flow = load_flow(deployment["entrypoint"])
        validated = flow.validate_parameters(deployment["parameters"])
        assert set(deployment["parameters"]) <= set(validated), deployment["name"]


def test_a_parameter_set_with_a_typo_would_be_caught(deployments):
    flow = load_flow(deployments[0]["entrypoint"])
    with pytest.raises(Exception, match="sourcez|task_runner"):
        flow.validate_parameters({"sourcez": ["jiangsu"]})
    with pytest.raises(Exception, match="task_runner"):
        flow.validate_parameters({"sources": ["jiangsu"], "task_runner": "spark"})


def test_every_deployment_names_sources_the_config_knows(deployments, sources_config):
    for deployment in deployments:
        specs = resolve_sources(
            deployment["parameters"]["sources"], sources_config, ROOT / "seeds" / "articles"
        )
        assert specs and all(sources_config.source(spec.name) == spec for spec in specs), deployment["name"]


def test_each_group_has_one_deployment_on_its_schedule(deployments, sources_config):
    scheduled = {d["name"]: d for d in deployments if d["schedules"]}
    assert set(scheduled) == {g.name for g in sources_config.groups}
    for group in sources_config.groups:
        deployment = scheduled[group.name]
        assert deployment["parameters"]["sources"] == [group.name]
        assert [(s["cron"], s["timezone"]) for s in deployment["schedules"]] == [
            (group.schedule, group.timezone)
        ]


def test_every_deployment_runs_on_the_process_pool_with_one_run_at_a_time(prefect_file, deployments):
    pools = {d["work_pool"]["name"] for d in deployments}
    assert pools == {prefect_file["definitions"]["work_pool"]["name"]} == {"zhaoshang-process"}
    assert all(d["concurrency_limit"] == 1 for d in deployments)


def test_compose_parses_and_uses_only_variables_the_example_env_sets():
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    compose = yaml.safe_load(text)
    assert {"postgres", "prefect-server", "worker"} <= set(compose["services"])
    worker = compose["services"]["worker"]
    assert "zhaoshang-process" in worker["command"]
    assert worker["environment"]["PREFECT_API_URL"] == "http://prefect-server:4200/api"
    assert compose["services"]["prefect-server"]["environment"]["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    example = dict(
        line.split("=", 1)
        for line in (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    used = set(re.findall(r"\$\{(\w+)\}", text))
    assert used and used <= set(example), used - set(example)
    assert (DEPLOY / ".gitignore").read_text(encoding="utf-8").split() == [".env"]


def test_the_dockerfile_copies_what_the_pipeline_reads():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    for folder in ("flows", "tasks", "seeds", "expectations", "deploy"):
        assert f"COPY {folder} {folder}" in dockerfile
        assert (ROOT / folder).is_dir()
