/**
 * One line per field ecs-local does not apply as ECS would, naming the field by its path in the
 * task definition and the container it belongs to, then what happens instead.
 */
export function fieldWarning(path: string, container: string | undefined, text: string): string {
  return container === undefined ? `${path}: ${text}` : `${path} (container "${container}"): ${text}`;
}

/** `containerDefinitions[<i>].<field>` */
export function containerPath(index: number, field: string): string {
  return `containerDefinitions[${index}].${field}`;
}
