/**
 * Docker image references, the one parser for the whole tool: Docker's grammar, its normalisation
 * (`busybox` is `docker.io/library/busybox:latest`) and its error texts, so that ecs-local refuses
 * what the engine would refuse before any engine call, with the engine's words. Pure.
 *
 * [SRC] distribution/reference @ 0965666a: regexp.go (the grammar), reference.go (Parse and its
 * errors), normalize.go (splitDockerDomain, ParseNormalizedNamed, the lower-case check).
 */
import { DockerReference as ReferenceErrors } from '../messages.js';

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainNameComponent}(?:\\.${domainNameComponent})*|\\[(?:[a-fA-F0-9:]+)\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const name = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const REFERENCE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const ANCHORED_IDENTIFIER = /^[a-f0-9]{64}$/;
/** The path, domain excluded (RepositoryNameTotalLengthMax). */
const MAX_PATH_LENGTH = 255;

export const DOCKER_HUB = 'docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';

export interface ImageReference {
  /** The name as written, without tag or digest (what `docker tag` calls the repository). */
  repository: string;
  /** The registry host (`docker.io` for Docker Hub), with its port if any. */
  domain: string;
  /** The path on that registry, `library/` added for Docker Hub's official images. */
  path: string;
  tag?: string;
  digest?: string;
}

export type ParsedReference = { ok: true; reference: ImageReference } | { ok: false; error: string };

/**
 * Parses an image reference as the Docker client does before it sends a pull or create
 * (ParseNormalizedNamed): the error is Docker's own text.
 */
export function parseImageReference(ref: string): ParsedReference {
  if (ANCHORED_IDENTIFIER.test(ref)) return { ok: false, error: ReferenceErrors.identifier(ref) };
  const { domain, remainder } = splitDockerDomain(ref);
  const tagSep = remainder.indexOf(':');
  const remoteName = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remoteName.toLowerCase() !== remoteName) return { ok: false, error: ReferenceErrors.nameNotLowercase(remoteName) };
  const m = REFERENCE.exec(`${domain}/${remainder}`);
  if (m === null) {
    if (ref === '') return { ok: false, error: ReferenceErrors.nameEmpty };
    return { ok: false, error: ReferenceErrors.invalidFormat };
  }
  const path = (m[1] ?? '').slice(domain.length + 1);
  if (path.length > MAX_PATH_LENGTH) return { ok: false, error: ReferenceErrors.nameTooLong };
  const asWritten = REFERENCE.exec(ref);
  return {
    ok: true,
    reference: {
      repository: asWritten?.[1] ?? (m[1] ?? ''),
      domain,
      path,
      ...(m[2] !== undefined ? { tag: m[2] } : {}),
      ...(m[3] !== undefined ? { digest: m[3] } : {}),
    },
  };
}

/**
 * The registry of a reference and the rest, as Docker splits them: the first component is a
 * registry only if it has a `.` or `:`, is `localhost`, or has upper case. [SRC] splitDockerDomain.
 */
export function splitDockerDomain(ref: string): { domain: string; remainder: string } {
  const i = ref.indexOf('/');
  const first = ref.slice(0, i);
  let domain: string;
  let remainder: string;
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DOCKER_HUB;
    remainder = ref;
  } else {
    domain = first;
    remainder = ref.slice(i + 1);
  }
  if (domain === LEGACY_DOCKER_HUB) domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !remainder.includes('/')) remainder = `library/${remainder}`;
  return { domain, remainder };
}

/**
 * Repository and tag for the engine's tag and import calls (`docker tag SRC REPO:TAG`): the tag
 * defaults to `latest`, as Docker's does. A reference that does not parse is passed on whole, for
 * the engine to refuse in its own words.
 */
export function repositoryAndTag(ref: string): { repository: string; tag: string } {
  const m = REFERENCE.exec(ref);
  if (m === null) return { repository: ref, tag: 'latest' };
  return { repository: m[1] ?? ref, tag: m[2] ?? 'latest' };
}

/**
 * The short form Docker shows (`docker ps`, FamiliarString): `docker.io/` and Docker Hub's
 * `library/` dropped. Podman reports every image fully qualified; ecs-local shows the same names on
 * every engine. [SRC] distribution/reference normalize.go FamiliarName.
 */
export function familiarName(ref: string): string {
  const { domain, remainder } = splitDockerDomain(ref);
  if (domain !== DOCKER_HUB) return ref;
  return remainder.startsWith('library/') && !remainder.slice('library/'.length).includes('/')
    ? remainder.slice('library/'.length)
    : remainder;
}
