/** Amazon ECR registry hosts. Pure. */

/**
 * The account and region of an Amazon ECR registry host, `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`
 * (also the dual-stack `…on.aws` form), or of an image reference that starts with one. [DOC] ECR
 * registry endpoints. An ECR host always has dots, so Docker takes it as the registry of a reference.
 */
export function ecrRegistry(hostOrImage: string): { accountId: string; region: string } | undefined {
  const host = hostOrImage.split('/')[0] ?? '';
  const m = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:amazonaws\.com(?:\.cn)?|on\.aws)(?::\d+)?$/.exec(host);
  return m ? { accountId: m[1] ?? '', region: m[2] ?? '' } : undefined;
}
