import { expect } from 'chai';
import { readYaml } from '../../../../src/taskdef/forms/yaml-read.js';
import { thrownMessage } from '../../../support/thrown.js';

describe('taskdef/forms yaml-read', () => {
  it('refuses aliases that expand exponentially (a "billion laughs" file) with one line, instead of hanging', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 7; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(',')}]`);
    levels.push('containerDefinitions: *l6');
    const started = Date.now();
    expect(thrownMessage(() => readYaml(levels.join('\n'), 'bomb.yaml'))).to.equal(
      "bomb.yaml: YAML aliases expand to more than 1000000 values: no task definition or template is this large (check the file's & anchors and * aliases)",
    );
    // Bounded work: the expansion (10^7 values) is cut off long before it completes.
    expect(Date.now() - started).to.be.below(20_000);
  });

  it('reads aliases a real template uses (a shared block of environment variables)', () => {
    const text = ['common: &env [{Name: A, Value: "1"}]', 'containerDefinitions:', '  - name: a', '    environment: *env', '  - name: b', '    environment: *env'].join('\n');
    const out = readYaml(text, 'td.yaml').value as { containerDefinitions: { environment: unknown }[] };
    expect(out.containerDefinitions.map((c) => c.environment)).to.deep.equal([[{ Name: 'A', Value: '1' }], [{ Name: 'A', Value: '1' }]]);
  });

  it('a file nested deeper than the parser can go is one line, not a stack trace', () => {
    const deep = 'a:\n' + Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i + 1)}- \n`).join('');
    expect(thrownMessage(() => readYaml(deep, 'deep.yaml'))).to.match(/^deep\.yaml(:\d+:\d+)?: (invalid YAML: nested too deep to read|YAML nested more than 200 levels deep)/);
  });
});
