import { expect } from 'chai';
import { formatPath } from '../../../src/json/parse.js';
import type { JsonPath } from '../../../src/json/parse.js';
import { parsePath } from '../../../src/taskdef/path.js';

describe('taskdef/path', () => {
  const paths: JsonPath[] = [
    [],
    ['family'],
    ['containerDefinitions', 0, 'secrets', 1, 'valueFrom'],
    ['containerDefinitions', 12, 'logConfiguration', 'options', 'awslogs-group'],
    ['containerDefinitions', 0, 'dockerLabels', 'com.example.team'],
    ['x', 'with "quotes" and ] bracket'],
    [0, 'name'],
  ];
  for (const p of paths) {
    it(`reads back ${formatPath(p)}`, () => {
      expect(parsePath(formatPath(p))).to.deep.equal(p);
    });
  }

  it('refuses strings formatPath cannot produce', () => {
    for (const bad of ['.family', 'a..b', 'a[x]', 'a[0', 'a["x]', 'a b']) {
      expect(parsePath(bad), bad).to.equal(undefined);
    }
  });
});
