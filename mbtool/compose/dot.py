"""Drawing a merged Compose model as Graphviz DOT text (rendering to SVG is `render`'s job).

Services sit in one cluster per network, shaped by role (a one-shot job others wait for, a
service built here, a published image); named volumes, secrets and configs are nodes of their
own; `depends_on` edges show start order, styled by what they wait for. Every collection is
drawn sorted and every user string escaped, so one model always gives the same bytes: the
committed architecture SVG and the golden DOT test depend on that.
"""

from __future__ import annotations

import graphviz

from mbtool.compose.load import Model, untag
from mbtool.compose.merge import normalise

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
    raw = untag(model.get("services")) or {}
    services: dict[str, Model] = {name: svc or {} for name, svc in raw.items()}
    dot = _digraph(title)
    roles = _roles(services)
    homes = {name: _service_networks(svc) for name, svc in services.items()}
    _draw_networks(dot, model, services, homes, roles)
    for name in sorted(name for name, networks in homes.items() if not networks):
        _service_node(dot, name, services[name], roles[name])
    for section, prefix, shape, fill, default in _RESOURCES:
        _draw_resources(dot, model, services, (section, prefix, shape, fill, default))
    _draw_dependencies(dot, services)
    return str(dot.source)


def _digraph(title: str) -> graphviz.Digraph:
    """An empty graph with the house style: left to right, Helvetica, compound edges to clusters."""
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
    return dot


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
                label=_label(*_network_lines(network, untag(declared.get(network)) or {})),
                style="rounded,dashed",
                color="#9ca3af",
                fontname="Helvetica",
                fontsize="11",
            )
            # An invisible anchor: edges from services on several networks end at the cluster's border.
            cluster.node(_text(f"network_{network}"), label="", shape="point", style="invis", width="0.01")
            for name in sorted(name for name, networks in homes.items() if networks[:1] == [network]):
                _service_node(cluster, name, services[name], roles[name])
    _draw_other_networks(dot, homes)


def _draw_other_networks(dot: graphviz.Digraph, homes: dict[str, list[str]]) -> None:
    """A dashed line from a service to each further network it joins, ending at the cluster border."""
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
    declared = {name: untag(spec) or {} for name, spec in (model.get(section) or {}).items()}
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
        _mount_edge(
            dot, section, f"{prefix}_{resource}", name, mount.get("target") or f"{default}{resource}", mount
        )


def _mount_edge(dot: graphviz.Digraph, section: str, node: str, name: str, target: str, mount: Model) -> None:
    """One mount as an edge: a secret or config flows into the service (dashed); a volume's
    data flows both ways, so its edge starts at the service, which owns the mount.
    """
    label = target + (" (ro)" if mount.get("read_only") else "")
    if section == "volumes":
        dot.edge(_text(f"service_{name}"), _text(node), label=_text(label), arrowhead="none")
    else:
        dot.edge(_text(node), _text(f"service_{name}"), label=_text(label), style="dashed")


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
