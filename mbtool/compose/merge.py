"""Normalising Compose models to the long syntax and merging them in order, by the Compose spec.

Each file is normalised before merging, so short and long forms merge alike (`"8080:80"` and
`{target: 80, published: 8080}` are one port). The merge then follows the specification:
mappings merge, sequences append, `ports`/`volumes`/`secrets`/`configs` and the
append-unique lists stay unique by their key (the later file's entry wins, in the earlier
one's place), `command`, `entrypoint` and `healthcheck.test` are replaced, `x-` extension
fields are replaced whole, and `!reset`/`!override` are honoured.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mbtool.compose.load import Model, Tag, untag
from mbtool.errors import UsageError

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
    if isinstance(value, Tag):
        return Tag(value.kind, rule(value.value, where)) if value.kind == "override" else value
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


def merge(base: Any, over: Any, path: tuple[str, ...], origin: str) -> Any:
    """`over` (from `origin`) merged onto `base` at `path`, by the Compose merge rules."""
    if isinstance(over, Tag):
        return untag(over.value) if over.kind == "override" else None
    if over is None:
        return base
    if base is None or (path[:1] == ("services",) and path[2:] in _REPLACED):
        return untag(over)
    if isinstance(base, dict) and isinstance(over, dict):
        return _merge_mappings(base, over, path, origin)
    if isinstance(base, list) and isinstance(over, list):
        merged = base + untag(over)
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
        if isinstance(value, Tag) and value.kind == "reset":
            out.pop(key, None)
        elif key not in out or str(key).startswith("x-"):  # extension fields are replaced whole
            out[key] = untag(value)
        else:
            out[key] = merge(out[key], value, (*path, str(key)), origin)
    return out


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
