/**
 * What of a container's network-namespace settings applies in the task's network mode, and a
 * warning for each that does not: DNS servers, search domains and hosts entries belong to the
 * namespace, which in awsvpc the task's containers share (ECS refuses them there), and links need
 * the bridge network mode. Pure; run's container specs and the compose file both read it.
 */
import type { ContainerDefinition, NetworkMode } from '../taskdef/types.js';

export interface NamespaceSettings {
  dnsServers?: string[];
  dnsSearchDomains?: string[];
  /** `hostname:address`, as Docker and compose take them. */
  extraHosts?: string[];
  /** Each link as the container name and the alias it is known by. */
  links?: { name: string; alias: string }[];
}

export function namespaceSettings(def: ContainerDefinition, networkMode: NetworkMode, warn: (field: string, text: string) => void): NamespaceSettings {
  const settings: NamespaceSettings = {};
  const fields = {
    dnsServers: () => [...(def.dnsServers ?? [])],
    dnsSearchDomains: () => [...(def.dnsSearchDomains ?? [])],
    extraHosts: () => (def.extraHosts ?? []).map((h) => `${h.hostname}:${h.ipAddress}`),
  } as const;
  for (const field of ['dnsServers', 'dnsSearchDomains', 'extraHosts'] as const) {
    const value = def[field];
    if (!Array.isArray(value) || value.length === 0) continue;
    if (networkMode === 'awsvpc') warn(field, 'not applied: ECS does not support it in awsvpc network mode');
    else settings[field] = fields[field]();
  }
  if (def.links !== undefined && def.links.length > 0) {
    // [DOC] links need the bridge network mode.
    if (networkMode !== 'bridge') warn('links', `not applied: links need the bridge network mode (the task uses ${networkMode})`);
    else
      settings.links = def.links.map((link) => {
        const [name = link, alias] = link.split(':');
        return { name, alias: alias ?? name };
      });
  }
  return settings;
}
