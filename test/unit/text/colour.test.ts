import { expect } from 'chai';
import { colourFor, paint } from '../../../src/text/colour.js';

const tty = { isTTY: true };
const pipe = {};

describe('text/colour: one decision for warnings and container logs', () => {
  it('colours a terminal, not a pipe or a file', () => {
    expect(colourFor(tty, {})).to.equal(true);
    expect(colourFor(pipe, {})).to.equal(false);
  });

  it('turns colour off with NO_COLOR set to something, NODE_DISABLE_COLORS or TERM=dumb', () => {
    expect(colourFor(tty, { NO_COLOR: '1' })).to.equal(false);
    expect(colourFor(tty, { NODE_DISABLE_COLORS: '1' })).to.equal(false);
    expect(colourFor(tty, { TERM: 'dumb' })).to.equal(false);
    // no-color.org: an empty NO_COLOR is not set.
    expect(colourFor(tty, { NO_COLOR: '' })).to.equal(true);
  });

  it('lets FORCE_COLOR decide when set, over NO_COLOR, on a pipe too; 0 and false turn colour off', () => {
    for (const on of ['1', '2', '3', 'true', '']) expect(colourFor(pipe, { FORCE_COLOR: on, NO_COLOR: '1' }), on).to.equal(true);
    for (const off of ['0', 'false']) expect(colourFor(tty, { FORCE_COLOR: off }), off).to.equal(false);
  });

  it('paints with ANSI codes only when on', () => {
    expect(paint(true, 'yellow', 'warning:')).to.equal('\x1b[33mwarning:\x1b[39m');
    expect(paint(false, 'yellow', 'warning:')).to.equal('warning:');
  });
});
