/**
 * Files that hold no task definition ecs-local can read, named for what they are with the command
 * that gives one (taskdef-forms.md §2, §6, §8): Copilot manifests, ecs-cli's `ecs-params.yml`,
 * Docker Compose files, ecspresso configs, GitHub Actions workflows, Kubernetes manifests, Jsonnet and
 * Terraform source. Pure: returns the one-line message.
 */
import type { Plain } from './yaml-read.js';

type Obj = { [k: string]: Plain };

const COPILOT_TYPES = ['Load Balanced Web Service', 'Backend Service', 'Worker Service', 'Scheduled Job', 'Request-Driven Web Service', 'Static Site'];
const CHECK_REVISION = 'or check the deployed revision: ecs-local check FAMILY:REVISION --aws';

/** What a parsed YAML (or JSON) document that is not a task definition is, as one line; undefined if unknown. */
export function nameDocument(value: Plain, file: string): string | undefined {
  if (!isObj(value)) return undefined;
  const type = value['type'];
  if (typeof value['name'] === 'string' && typeof type === 'string' && COPILOT_TYPES.includes(type)) {
    const name = value['name'];
    const job = type === 'Scheduled Job';
    return (
      `${file} is a Copilot manifest (${type} "${name}"), not a task definition: ` +
      `run \`copilot ${job ? 'job' : 'svc'} package -n ${name} -e ENV --output-dir out\` and check the CloudFormation template it writes ` +
      `(ecs-local check out/${name}-ENV.stack.yml --var-file out/${name}-ENV.params.json), ${CHECK_REVISION}`
    );
  }
  if (value['version'] !== undefined && isObj(value['task_definition'] ?? null)) {
    return (
      `${file} is an ecs-cli ecs-params.yml, not a task definition: ` +
      '`ecs-cli compose --project-name NAME create` registers one from it and docker-compose.yml (family ecscompose-NAME); ' +
      'then ecs-local check ecscompose-NAME:REVISION --aws, or save `aws ecs describe-task-definition --task-definition ecscompose-NAME` and check that'
    );
  }
  if (isObj(value['services'] ?? null) && !('Resources' in value)) {
    return (
      `${file} is a Docker Compose file, not an ECS task definition: ` +
      '`ecs-cli compose create` (with ecs-params.yml) or `docker compose` run it; ecs-local needs the task definition JSON ' +
      '(`aws ecs describe-task-definition --task-definition FAMILY > taskdef.json`)'
    );
  }
  if (typeof value['task_definition'] === 'string' && ('cluster' in value || 'service' in value || 'region' in value)) {
    return `${file} is an ecspresso config: its task definition is ${value['task_definition']}: run ecs-local check ${value['task_definition']} (ecspresso's {{ env }} and {{ must_env }} are read from the environment or --var)`;
  }
  if (isObj(value['jobs'] ?? null) && ('on' in value || 'true' in value)) {
    const paths = workflowTaskDefinitions(value);
    return (
      `${file} is a GitHub Actions workflow, not a task definition` +
      (paths.length > 0 ? `: its task definition is ${paths.join(', ')}: run ecs-local check ${paths[0]}` : ': give the file its `task-definition:` input names')
    );
  }
  if (typeof value['apiVersion'] === 'string' && typeof value['kind'] === 'string') {
    return `${file} is a Kubernetes ${value['kind']} manifest, not an ECS task definition`;
  }
  return undefined;
}

/** `with: task-definition:` of the aws-actions steps. */
function workflowTaskDefinitions(workflow: Obj): string[] {
  const out: string[] = [];
  for (const job of Object.values(workflow['jobs'] as Obj)) {
    if (!isObj(job) || !Array.isArray(job['steps'])) continue;
    for (const step of job['steps']) {
      if (!isObj(step) || typeof step['uses'] !== 'string' || !step['uses'].startsWith('aws-actions/amazon-ecs-')) continue;
      const td = isObj(step['with'] ?? null) ? (step['with'] as Obj)['task-definition'] : undefined;
      if (typeof td === 'string' && !td.includes('${{') && !out.includes(td)) out.push(td);
    }
  }
  return out;
}

/** Source files by name and content: Jsonnet and Terraform HCL. */
export function nameSource(text: string, file: string): string | undefined {
  if (/\.(jsonnet|libsonnet)$/i.test(file) || /std\.native\(\s*['"]/.test(text)) {
    return `${file} is Jsonnet: render it first (\`ecspresso render task-definition > taskdef.json\`, or \`jsonnet ${file} > taskdef.json\`)`;
  }
  if (/\.tf$/i.test(file) || /^\s*resource\s+"aws_ecs_task_definition"/m.test(text)) {
    return (
      `${file} is Terraform source (HCL): ecs-local reads what Terraform renders: ` +
      '`terraform plan -out tf.plan && terraform show -json tf.plan > plan.json` (or `terraform show -json > state.json` after apply), then ecs-local check plan.json'
    );
  }
  return undefined;
}

/** The keys of a document, for "found …" in messages. */
export function describeKeys(value: Plain): string {
  if (Array.isArray(value)) return 'a list';
  if (!isObj(value)) return value === null ? 'an empty document' : `a single ${typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty mapping';
  return `keys ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`;
}

function isObj(v: Plain | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
