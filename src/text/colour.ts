/**
 * One colour decision for everything ecs-local prints (warnings, container log prefixes), and the
 * escape codes from node's util.styleText.
 *
 * The decision is ours, not styleText's own stream check: that one reads process.env and only exists
 * from Node 22.13, while ours takes the environment it is given (a test's, `main(argv, io)`'s) and
 * runs the same on Node 20 and 24. The rules are Node's own (tty getColorDepth, which styleText and
 * console use), with NO_COLOR as https://no-color.org writes it:
 * - FORCE_COLOR decides when set: `0` or `false` turn colour off, any other value turns it on.
 * - Else NO_COLOR (any non-empty value), NODE_DISABLE_COLORS or TERM=dumb turn it off.
 * - Else colour on a terminal only.
 * [INF] FORCE_COLOR wins over NO_COLOR, as in Node and chalk; an empty NO_COLOR counts as unset, as
 * no-color.org says (Node counts it as set).
 */
import { styleText } from 'node:util';

export type Env = Readonly<Record<string, string | undefined>>;

export function colourFor(stream: { isTTY?: boolean }, env: Env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if ((env.NO_COLOR ?? '') !== '' || env.NODE_DISABLE_COLORS !== undefined || env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export type Colour = 'cyan' | 'yellow' | 'green' | 'magenta' | 'blue' | 'cyanBright' | 'yellowBright' | 'greenBright' | 'magentaBright' | 'blueBright';

/** `text` in `colour` when `on`, else as it is. */
export function paint(on: boolean, colour: Colour, text: string): string {
  // validateStream: false: the decision above is made already (Node 20 ignores the option).
  return on ? styleText(colour, text, { validateStream: false }) : text;
}
