/**
 * The value `ecs-local vault init` writes where a real secret belongs, so that `check` passes on a
 * starter vault at once and can still say which values are not real yet. Pure.
 */
export const PLACEHOLDER = '<placeholder: set it with ecs-local vault put>';

/** Whether a value (a whole secret, or one JSON key of it) still holds the placeholder. */
export function isPlaceholder(value: string): boolean {
  return value.includes(PLACEHOLDER);
}
