/**
 * `portMappings` → published ports, with the defaults ECS applies per network mode [DOC]
 * (API_PortMapping): protocol tcp; in bridge mode an absent `hostPort` is a dynamic host port; in
 * awsvpc and host mode the host port is the container port. `containerPortRange` is expanded.
 */
import type { NetworkMode, PortMapping } from '../taskdef/types.js';
import type { PortSpec } from './spec.js';
import { containerPath, fieldWarning } from './warning.js';

export type PortBindings = Record<string, { HostIp?: string; HostPort: string }[]>;

export interface MappedPorts {
  ports: PortSpec[];
  /** Docker `ExposedPorts` keys (`<port>/<protocol>`). */
  exposed: Record<string, Record<string, never>>;
  /** Docker `HostConfig.PortBindings`; empty in host mode, where Docker publishes nothing. */
  bindings: PortBindings;
  warnings: string[];
}

/** `"8000-8010"` → [8000, …, 8010]; undefined when the text is not a valid ascending range. */
export function parsePortRange(range: string): number[] | undefined {
  const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(range);
  if (match === null) return undefined;
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from < 1 || to > 65535 || from > to) return undefined;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function mapPorts(
  mappings: readonly PortMapping[] | undefined,
  networkMode: NetworkMode,
  index: number,
  container: string,
): MappedPorts {
  const result: MappedPorts = { ports: [], exposed: {}, bindings: {}, warnings: [] };
  if (mappings === undefined || mappings.length === 0) return result;
  if (networkMode === 'none') {
    result.warnings.push(
      fieldWarning(containerPath(index, 'portMappings'), container, 'not published: the task uses network mode "none"'),
    );
    return result;
  }
  mappings.forEach((mapping, i) => {
    const protocol = mapping.protocol ?? 'tcp';
    const where = containerPath(index, `portMappings[${i}]`);
    let containerPorts: number[];
    if (mapping.containerPort !== undefined) {
      containerPorts = [mapping.containerPort];
    } else if (mapping.containerPortRange !== undefined) {
      const range = parsePortRange(mapping.containerPortRange);
      if (range === undefined) {
        result.warnings.push(
          fieldWarning(`${where}.containerPortRange`, container, `"${mapping.containerPortRange}" is not a port range; ignored`),
        );
        return;
      }
      containerPorts = range;
    } else {
      return;
    }
    for (const containerPort of containerPorts) {
      const hostPort = hostPortFor(mapping, containerPort, networkMode);
      if (networkMode === 'awsvpc' && mapping.hostPort !== undefined && mapping.hostPort !== containerPort) {
        result.warnings.push(
          fieldWarning(`${where}.hostPort`, container, `awsvpc publishes the container port; using ${containerPort}`),
        );
      }
      result.ports.push(hostPort === undefined ? { containerPort, protocol } : { containerPort, hostPort, protocol });
      const key = `${containerPort}/${protocol}`;
      result.exposed[key] = {};
      // Docker discards published ports in host mode; the container's ports are the host's.
      if (networkMode === 'host') continue;
      (result.bindings[key] ??= []).push({ HostPort: hostPort === undefined ? '' : String(hostPort) });
    }
  });
  return result;
}

function hostPortFor(mapping: PortMapping, containerPort: number, networkMode: NetworkMode): number | undefined {
  if (networkMode === 'awsvpc' || networkMode === 'host') return containerPort;
  // bridge: a range always gets dynamic host ports; a single port keeps its hostPort (0 = dynamic).
  if (mapping.containerPort === undefined) return undefined;
  return mapping.hostPort === undefined || mapping.hostPort === 0 ? undefined : mapping.hostPort;
}
