"""Container architecture diagrams from Compose files, read statically (no Docker needed).

Each file is normalised to the long syntax before merging, so short and long forms merge
alike; files then merge in order by the Compose specification's rules (mappings merge,
sequences append, `ports`/`volumes`/`secrets`/`configs` stay unique by their key, `command`,
`entrypoint` and `healthcheck.test` are replaced, `!reset` and `!override` are honoured).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import graphviz
import yaml

from mbtool.errors import UsageError

Model = dict[str, Any]
MAX_COMPOSE_BYTES = 1024 * 1024
MAX_VALUES = 1_000_000  # values after alias expansion: stops alias bombs before any traversal
_DEPENDS_DEFAULT = {"condition": "service_started", "required": True}
_VOLUME_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")  # anything else in a short volume is a path
_REPLACED = {("command",), ("entrypoint",), ("healthcheck", "test")}
_APPEND_UNIQUE = {
    "dns",
    "dns_opt",
    "dns_search",
    "env_file",
    "tmpfs",
    "extra_hosts",
    "cap_add",
    "cap_drop",
    "profiles",
    "links",
    "expose",
}


class _Tag:
    """A value tagged `!reset` (drop what earlier files set) or `!override` (replace, do not merge)."""

    def __init__(self, kind: str, value: Any) -> None:
        self.kind, self.value = kind, value


class _Loader(yaml.SafeLoader):
    """Safe loading with YAML 1.2 scalars, as Compose reads them: `22:22` is a port, not 1342."""


_YAML11 = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in _YAML11]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"),
    list("-+0123456789."),
)


def _construct_tag(loader: yaml.SafeLoader, node: yaml.Node) -> _Tag:
    plain = copy.copy(node)  # constructing `node` itself again would look like a recursive node
    resolve = cast(Callable[..., str], loader.resolve)  # PyYAML's stubs leave it untyped
    plain.tag = resolve(type(node), node.value, (True, False))  # the value as if untagged
    return _Tag(node.tag.lstrip("!"), loader.construct_object(plain, deep=True))


_Loader.add_constructor("!reset", _construct_tag)
_Loader.add_constructor("!override", _construct_tag)


def load_compose(paths: Sequence[Path]) -> Model:
    """Read Compose files and merge them in order, base first, the way `docker compose -f ...` does."""
    if not paths:
        raise UsageError("no compose file given: pass --compose docker-compose.yml")
    merged: Model = {}
    for path in paths:
        merged = _merge(merged, normalise(_read(path), str(path)), (), str(path))
    return merged


def _read(path: Path) -> Model:
    try:
        if path.stat().st_size > MAX_COMPOSE_BYTES:
            raise UsageError(f"{path} is larger than 1 MiB: pass a Compose file, not a data file")
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no Python objects
    except FileNotFoundError:
        raise UsageError(f"{path}: no such compose file, check the --compose path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it as UTF-8 text ({exc})") from None
    except yaml.MarkedYAMLError as exc:
        raise UsageError(f"{_yaml_problem(path, exc)}; fix the file and retry") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: invalid YAML ({exc}); fix the file and retry") from None
    except RecursionError:
        raise UsageError(f"{path}: YAML nests too deeply to be a compose file") from None
    if data is None:  # an empty override changes nothing
        return {}
    if not isinstance(data, dict):
        raise UsageError(
            f"{path}: a compose file must be a mapping with `services:`, not a {type(data).__name__}"
        )
    _check_expansion(data, path)
    return data


def _yaml_problem(path: Path, exc: yaml.MarkedYAMLError) -> str:
    """`file:line: invalid YAML: problem (context from line N)` on one line, as PyYAML marks it."""
    mark = exc.problem_mark or exc.context_mark
    where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
    context = ""
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        context = f" ({exc.context} from line {exc.context_mark.line + 1})"
    return f"{where}: invalid YAML: {exc.problem or exc.context}{context}"


def _check_expansion(data: Any, path: Path) -> None:
    """Bound every later traversal: aliases can make a small file expand to billions of values."""
    stack, seen = [data], 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise UsageError(
                f"{path}: YAML aliases expand to over {MAX_VALUES:,} values: remove the alias chain"
            )
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, _Tag):
            stack.append(item.value)


def normalise(model: Model, origin: str = "compose model") -> Model:
    """The model with every short syntax written long, so files merge and draw alike (idempotent)."""
    out = dict(model)
    for section in ("services", "networks", "volumes", "secrets", "configs"):
        if out.get(section) is not None:
            out[section] = _apply(_section, out[section], f"{origin}: {section}")
    return out


def _section(names: Any, where: str) -> dict[str, Any]:
    if not isinstance(names, dict):
        raise UsageError(f"{where} must be a mapping of names, not a {type(names).__name__}")
    entry = _service if where.endswith(": services") else _resource
    return {str(name): _apply(entry, value, f"{where}.{name}") for name, value in names.items()}


def _apply(rule: Callable[[Any, str], Any], value: Any, where: str) -> Any:
    if isinstance(value, _Tag):
        return _Tag(value.kind, rule(value.value, where)) if value.kind == "override" else value
    return rule(value, where)


def _service(value: Any, where: str) -> dict[str, Any]:
    service = _mapping(value, where)
    for key in sorted(service.keys() & _SERVICE_RULES.keys()):
        service[key] = _apply(_SERVICE_RULES[key], service[key], f"{where}.{key}")
    return service


def _resource(value: Any, where: str) -> dict[str, Any]:
    resource = _mapping(value, where)
    if "labels" in resource:
        resource["labels"] = _apply(_key_values, resource["labels"], f"{where}.labels")
    return resource


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise UsageError(f"{where} must be a mapping, not a {type(value).__name__}")
    return {str(key): item for key, item in value.items()}


def _sequence(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, int)):  # `tmpfs: /run` and friends: one item
        return [value]
    if not isinstance(value, list):
        raise UsageError(f"{where} must be a list, not a {type(value).__name__}")
    return list(value)


def _key_values(value: Any, where: str) -> dict[str, Any]:
    """`environment`/`labels` as a mapping; a list entry without `=` has no value."""
    if not isinstance(value, list):
        return _mapping(value, where)
    pairs = (str(item).partition("=") for item in value)
    return {key: text if sep else None for key, sep, text in pairs}


def _port(entry: Any, where: str) -> dict[str, Any]:
    if isinstance(entry, dict):
        if entry.get("target") is None:
            raise UsageError(f"{where}: a long-syntax port needs `target`")
        return {
            **entry,
            "target": str(entry["target"]),
            "published": _text_or_none(entry.get("published")),
            "host_ip": _text_or_none(entry.get("host_ip")),
            "protocol": str(entry.get("protocol") or "tcp"),
        }
    text, _, protocol = str(entry).partition("/")
    host_ip = None
    if text.startswith("["):  # an IPv6 host address: [::1]:8080:80
        host_ip, _, text = text[1:].partition("]:")
    parts = text.split(":")
    if host_ip is None and len(parts) == 3:
        host_ip = parts.pop(0)
    published = parts[-2] if len(parts) > 1 else None
    return {
        "target": parts[-1],
        "published": published or None,
        "host_ip": host_ip or None,
        "protocol": protocol or "tcp",
    }


def _volume(entry: Any, where: str) -> dict[str, Any]:
    if isinstance(entry, dict):
        if entry.get("target") is None:
            raise UsageError(f"{where}: a long-syntax volume needs `target`")
        return {
            **entry,
            "type": str(entry.get("type") or "volume"),
            "target": str(entry["target"]),
            "source": _text_or_none(entry.get("source")),
            "read_only": bool(entry.get("read_only")),
        }
    parts = str(entry).split(":")
    if len(parts) == 1:  # an anonymous volume
        return {"type": "volume", "source": None, "target": parts[0], "read_only": False}
    kind = "volume" if _VOLUME_NAME.match(parts[0]) else "bind"
    mode = parts[2].split(",") if len(parts) > 2 else []
    return {"type": kind, "source": parts[0], "target": parts[1], "read_only": "ro" in mode}


def _mount(entry: Any, where: str) -> dict[str, Any]:
    """A service's `secrets`/`configs` entry: `name` or `{source, target, ...}`."""
    if isinstance(entry, dict):
        if entry.get("source") is None:
            raise UsageError(f"{where}: a long-syntax entry needs `source`")
        return {**entry, "source": str(entry["source"])}
    return {"source": str(entry)}


def _depends_on(value: Any, where: str) -> dict[str, Any]:
    if isinstance(value, list):
        return {str(name): dict(_DEPENDS_DEFAULT) for name in value}
    return {
        name: {**_DEPENDS_DEFAULT, **_mapping(rule, f"{where}.{name}")}
        for name, rule in _mapping(value, where).items()
    }


def _networks(value: Any, where: str) -> dict[str, Any]:
    if isinstance(value, list):
        return {str(name): None for name in value}
    return _mapping(value, where)


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


_SERVICE_RULES: dict[str, Callable[[Any, str], Any]] = {
    **dict.fromkeys(_APPEND_UNIQUE, _sequence),
    "expose": lambda value, where: [str(item) for item in _sequence(value, where)],
    "ports": lambda value, where: [_port(item, where) for item in _sequence(value, where)],
    "volumes": lambda value, where: [_volume(item, where) for item in _sequence(value, where)],
    "secrets": lambda value, where: [_mount(item, where) for item in _sequence(value, where)],
    "configs": lambda value, where: [_mount(item, where) for item in _sequence(value, where)],
    "depends_on": _depends_on,
    "networks": _networks,
    "build": lambda value, where: {"context": value} if isinstance(value, str) else _mapping(value, where),
    "deploy": _mapping,
    "healthcheck": _mapping,
    **dict.fromkeys(("environment", "labels", "annotations", "sysctls"), _key_values),
}
# Entries sharing a key are one entry: the later file's wins, in the earlier one's place.
_UNIQUE_KEYS: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys(_APPEND_UNIQUE, str),
    "ports": lambda port: (port.get("host_ip"), port.get("published"), port["target"], port.get("protocol")),
    "volumes": lambda volume: volume["target"],
    "secrets": lambda secret: secret.get("target") or f"/run/secrets/{secret['source']}",
    "configs": lambda config: config.get("target") or f"/{config['source']}",
}


def _merge(base: Any, over: Any, path: tuple[str, ...], origin: str) -> Any:
    """`over` (from `origin`) merged onto `base` at `path`, by the Compose merge rules."""
    if isinstance(over, _Tag):
        return _untag(over.value) if over.kind == "override" else None
    if over is None:
        return base
    if base is None or (path[:1] == ("services",) and path[2:] in _REPLACED):
        return _untag(over)
    if isinstance(base, dict) and isinstance(over, dict):
        return _merge_mappings(base, over, path, origin)
    if isinstance(base, list) and isinstance(over, list):
        merged = base + _untag(over)
        key = _UNIQUE_KEYS.get(path[2]) if len(path) == 3 and path[0] == "services" else None
        return _unique(merged, key) if key else merged
    if isinstance(base, (dict, list)) or isinstance(over, (dict, list)):
        raise UsageError(
            f"{origin}: `{'.'.join(path)}` cannot merge a {type(over).__name__} "
            f"over a {type(base).__name__}: use the same form as the base file"
        )
    return over


def _merge_mappings(base: dict[str, Any], over: dict[str, Any], path: tuple[str, ...], origin: str) -> Model:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, _Tag) and value.kind == "reset":
            out.pop(key, None)
        elif key not in out or str(key).startswith("x-"):  # extension fields are replaced whole
            out[key] = _untag(value)
        else:
            out[key] = _merge(out[key], value, (*path, str(key)), origin)
    return out


def _untag(value: Any) -> Any:
    """A copy without `!reset`/`!override` markers (they only mean something in a merge)."""
    if isinstance(value, _Tag):
        return _untag(value.value) if value.kind == "override" else None
    if isinstance(value, dict):
        return {key: _untag(item) for key, item in value.items() if not _is_reset(item)}
    if isinstance(value, list):
        return [_untag(item) for item in value if not _is_reset(item)]
    return value


def _is_reset(value: Any) -> bool:
    return isinstance(value, _Tag) and value.kind == "reset"


def _unique(items: list[Any], key: Callable[[Any], Any]) -> list[Any]:
    out: list[Any] = []
    index: dict[Any, int] = {}
    for item in items:
        found = index.setdefault(key(item), len(out))
        if found == len(out):
            out.append(item)
        else:
            out[found] = item
    return out


# ---- drawing --------------------------------------------------------------------------------

_ROLE_STYLE = {  # role → (shape, fill)
    "job": ("cds", "#fef3c7"),  # a one-shot task others wait for (service_completed_successfully)
    "built": ("box3d", "#dbeafe"),  # built from source in this project
    "image": ("box", "#e0f2fe"),  # runs a published image
}
_CONDITION_STYLE = {
    "service_healthy": {"color": "#15803d", "penwidth": "1.6"},
    "service_started": {"color": "#4b5563"},
    "service_completed_successfully": {"color": "#b45309", "style": "dashed"},
}
_RESOURCES = (  # section → (node id prefix, shape, fill, where a mount lands by default)
    ("volumes", "volume", "cylinder", "#ede9fe", ""),
    ("secrets", "secret", "note", "#fee2e2", "/run/secrets/"),
    ("configs", "config", "note", "#f3f4f6", "/"),
)


def compose_to_dot(model: Model, title: str = "Container architecture") -> str:
    """The architecture as DOT: services in network clusters, volumes, secrets, configs, start order.

    A raw single-file model is accepted too (it is normalised first). Every collection is
    drawn sorted, so the same model always gives the same bytes.
    """
    model = normalise(model)
    raw = _untag(model.get("services")) or {}
    services: dict[str, Model] = {name: svc or {} for name, svc in raw.items()}
    dot = graphviz.Digraph("compose", strict=False)
    dot.attr(
        rankdir="LR",
        compound="true",
        label=_text(title),
        labelloc="t",
        fontname="Helvetica",
        fontsize="14",
        nodesep="0.35",
        ranksep="0.8",
        newrank="true",
    )
    dot.attr("node", fontname="Helvetica", fontsize="10", style="filled")
    dot.attr("edge", fontname="Helvetica", fontsize="9", color="#6b7280", arrowsize="0.7")
    roles = _roles(services)
    homes = {name: _service_networks(svc) for name, svc in services.items()}
    _draw_networks(dot, model, services, homes, roles)
    for name in sorted(name for name, networks in homes.items() if not networks):
        _service_node(dot, name, services[name], roles[name])
    for section, prefix, shape, fill, default in _RESOURCES:
        _draw_resources(dot, model, services, (section, prefix, shape, fill, default))
    _draw_dependencies(dot, services)
    return str(dot.source)


def _roles(services: dict[str, Model]) -> dict[str, str]:
    awaited = {
        target
        for svc in services.values()
        for target, rule in (svc.get("depends_on") or {}).items()
        if rule.get("condition") == "service_completed_successfully"
    }
    return {
        name: "job" if name in awaited else "built" if svc.get("build") else "image"
        for name, svc in services.items()
    }


def _service_networks(service: Model) -> list[str]:
    """Sorted networks; a service without any joins `default`, unless `network_mode` says otherwise."""
    if service.get("network_mode"):
        return []
    return sorted(service.get("networks") or {}) or ["default"]


def _draw_networks(
    dot: graphviz.Digraph,
    model: Model,
    services: dict[str, Model],
    homes: dict[str, list[str]],
    roles: dict[str, str],
) -> None:
    """One cluster per network; a service sits in its first network and points at the others."""
    declared = {name: spec or {} for name, spec in (model.get("networks") or {}).items()}
    names = sorted(set(declared) | {network for networks in homes.values() for network in networks})
    for network in names:
        with dot.subgraph(name=f"cluster_network_{network}") as cluster:
            cluster.attr(
                label=_label(*_network_lines(network, _untag(declared.get(network)) or {})),
                style="rounded,dashed",
                color="#9ca3af",
                fontname="Helvetica",
                fontsize="11",
            )
            # An invisible anchor: edges from services on several networks end at the cluster's border.
            cluster.node(_text(f"network_{network}"), label="", shape="point", style="invis", width="0.01")
            for name in sorted(name for name, networks in homes.items() if networks[:1] == [network]):
                _service_node(cluster, name, services[name], roles[name])
    for name in sorted(homes):
        for network in homes[name][1:]:
            dot.edge(
                _text(f"service_{name}"),
                _text(f"network_{network}"),
                lhead=_text(f"cluster_network_{network}"),
                style="dashed",
                arrowhead="none",
                color="#9ca3af",
                tooltip=_text(f"{name} is also on {network}"),
            )


def _network_lines(name: str, spec: Model) -> list[str]:
    flags = [flag for flag in ("external", "internal") if spec.get(flag)]
    driver = f"driver: {spec['driver']}" if spec.get("driver") else ""
    head = f"network {name}" + (f" ({', '.join(flags)})" if flags else "")
    return [head, *([driver] if driver else []), *_pairs(spec.get("labels") or {})]


def _service_node(dot: graphviz.Digraph, name: str, service: Model, role: str) -> None:
    shape, fill = _ROLE_STYLE[role]
    published = any(port.get("published") for port in service.get("ports") or [])
    dot.node(
        _text(f"service_{name}"),
        label=_label(*_service_lines(name, service)),
        shape=shape,
        fillcolor=fill,
        style="rounded,filled" if shape == "box" else "filled",
        peripheries="2" if published else "1",
        tooltip=_text(f"service {name} ({role})"),
    )


def _service_lines(name: str, service: Model) -> list[str]:
    volumes = service.get("volumes") or []
    replicas = (service.get("deploy") or {}).get("replicas", service.get("scale"))
    tmpfs = [*(service.get("tmpfs") or []), *(v["target"] for v in volumes if v["type"] == "tmpfs")]
    lines = [name]
    if service.get("image"):
        lines.append(f"image: {service['image']}")
    if service.get("build"):
        build = service["build"]
        dockerfile = f" ({build['dockerfile']})" if build.get("dockerfile") else ""
        lines.append(f"build: {build.get('context', '.')}{dockerfile}")
    lines += [f"port {_port_text(port)}" for port in service.get("ports") or []]
    lines += [f"expose {port}" for port in service.get("expose") or []]
    if replicas is not None:
        lines.append(f"replicas: {replicas}")
    if tmpfs:
        lines.append(f"tmpfs: {', '.join(map(str, tmpfs))}")
    # Named volumes are nodes of their own; every other mount is noted in the label.
    lines += [
        _mount_text(v)
        for v in volumes
        if v["type"] != "tmpfs" and not (v["type"] == "volume" and v["source"])
    ]
    return lines + _flags(service)


def _mount_text(volume: Model) -> str:
    if not volume["source"]:
        return f"{volume['type']}: {volume['target']} (anonymous)"
    return f"{volume['type']}: {volume['source']}:{volume['target']}" + (":ro" if volume["read_only"] else "")


def _flags(service: Model) -> list[str]:
    healthcheck = service.get("healthcheck")
    flags = ["read-only root"] if service.get("read_only") else []
    if healthcheck and not healthcheck.get("disable"):
        flags.append("healthcheck")
    if service.get("network_mode"):
        flags.append(f"network_mode: {service['network_mode']}")
    return flags


def _port_text(port: Model) -> str:
    """Compose's own notation: [host_ip:]published:target/protocol."""
    host = f"{port['host_ip']}:" if port.get("host_ip") else ""
    published = f"{port['published']}:" if port.get("published") else ""
    return f"{host}{published}{port['target']}/{port.get('protocol') or 'tcp'}"


def _draw_resources(
    dot: graphviz.Digraph, model: Model, services: dict[str, Model], kind: tuple[str, str, str, str, str]
) -> None:
    """Named volumes, secrets or configs as nodes, with an edge per service that mounts one."""
    section, prefix, shape, fill, default = kind
    declared = {name: _untag(spec) or {} for name, spec in (model.get(section) or {}).items()}
    # Only named volumes become nodes (bind mounts are in the label); secrets and configs have no type.
    uses = sorted(
        (str(mount["source"]), name, mount)
        for name, svc in services.items()
        for mount in svc.get(section) or []
        if mount.get("source") and mount.get("type", "volume") == "volume"
    )
    for resource in sorted(set(declared) | {source for source, _, _ in uses}):
        dot.node(
            _text(f"{prefix}_{resource}"),
            label=_label(resource, *_resource_lines(declared.get(resource, {}))),
            shape=shape,
            fillcolor=fill,
            tooltip=_text(f"{prefix} {resource}"),
        )
    for resource, name, mount in uses:
        target = mount.get("target") or f"{default}{resource}"
        label = target + (" (ro)" if mount.get("read_only") else "")
        if section == "volumes":  # data flows both ways; draw from the service, which owns the mount
            dot.edge(
                _text(f"service_{name}"), _text(f"{prefix}_{resource}"), label=_text(label), arrowhead="none"
            )
        else:
            dot.edge(
                _text(f"{prefix}_{resource}"), _text(f"service_{name}"), label=_text(label), style="dashed"
            )


def _resource_lines(spec: Model) -> list[str]:
    lines = ["external"] if spec.get("external") else []
    lines += [f"{key}: {spec[key]}" for key in ("driver", "name", "file", "environment") if spec.get(key)]
    return lines + _pairs(spec.get("labels") or {})


def _draw_dependencies(dot: graphviz.Digraph, services: dict[str, Model]) -> None:
    """`depends_on` edges: A → B means A starts after B, labelled with what A waits for."""
    for name in sorted(services):
        for target, rule in sorted((services[name].get("depends_on") or {}).items()):
            condition = str(rule.get("condition") or "service_started")
            attrs = dict(_CONDITION_STYLE.get(condition, {}))
            label = condition + ("" if rule.get("required", True) else " (optional)")
            if not rule.get("required", True):
                attrs["style"] = "dotted"
            dot.edge(
                _text(f"service_{name}"),
                _text(f"service_{target}"),
                label=_text(label),
                tooltip=_text(f"{name} waits for {target}: {condition}"),
                **attrs,
            )


def _pairs(labels: Model) -> list[str]:
    return [key if value is None else f"{key}={value}" for key, value in sorted(labels.items())]


def _text(value: str) -> str:
    """A user string for DOT: never HTML-like, backslashes literal (no `\\N`, `\\G` expansion)."""
    return str(graphviz.nohtml(value.replace("\\", "\\\\")))


def _label(*lines: str) -> str:
    """Several escaped lines joined by DOT's own line break."""
    return str(graphviz.nohtml("\\n".join(line.replace("\\", "\\\\") for line in lines)))
