/**
 * The task-level `cpu` and `memory` strings of a task definition as numbers. ECS takes them as CPU
 * units or vCPU (`"256"`, `"0.25 vCPU"`) and MiB or GB (`"512"`, `"1 GB"`) [DOC]. Pure.
 */

/** `task.cpu` in vCPU (`"256"` → 0.25, `"1 vCPU"` → 1); undefined when absent or unreadable. */
export function taskCpuVcpu(cpu: string | undefined): number | undefined {
  if (cpu === undefined) return undefined;
  const vcpu = /^\s*(\d+(?:\.\d+)?)\s*vcpu\s*$/i.exec(cpu);
  if (vcpu) return Number(vcpu[1]);
  const units = /^\s*(\d+)\s*$/.exec(cpu);
  return units ? Number(units[1]) / 1024 : undefined;
}

/** `task.memory` in MiB (`"512"` → 512, `"1 GB"` → 1024); undefined when absent or unreadable. */
export function taskMemoryMib(memory: string | undefined): number | undefined {
  if (memory === undefined) return undefined;
  const gb = /^\s*(\d+(?:\.\d+)?)\s*gb\s*$/i.exec(memory);
  if (gb) return Math.round(Number(gb[1]) * 1024);
  const mib = /^\s*(\d+)\s*(?:mib|mb)?\s*$/i.exec(memory);
  return mib ? Number(mib[1]) : undefined;
}
