import { expect } from 'chai';
import { didYouMean, editDistance } from '../../../src/text/did-you-mean.js';

const containerFields = ['name', 'image', 'environment', 'environmentFiles', 'secrets', 'essential', 'user', 'links', 'command'];

describe('taskdef/suggest', () => {
  it('matches a field written in another case', () => {
    expect(didYouMean('valuefrom', ['name', 'valueFrom'])).to.equal('valueFrom');
    expect(didYouMean('Image', containerFields)).to.equal('image');
  });

  it('matches a near miss', () => {
    expect(didYouMean('enviroment', containerFields)).to.equal('environment');
    expect(didYouMean('secret', containerFields)).to.equal('secrets');
    expect(didYouMean('comand', containerFields)).to.equal('command');
    expect(didYouMean('environmentFile', containerFields)).to.equal('environmentFiles');
  });

  it('answers at once for a huge value (a 1 MB string where an enum was expected)', function () {
    // Compared letter by letter, this took 36 s; mocha's timeout fails it long before.
    this.timeout(2_000);
    expect(didYouMean('${A}'.repeat(300_000), ['core', 'cpu', 'nofile'])).to.equal(undefined);
  });

  it('suggests nothing for a word that is not close', () => {
    expect(didYouMean('foo', containerFields)).to.equal(undefined);
    expect(didYouMean('deploymentStrategy', containerFields)).to.equal(undefined);
    expect(didYouMean('x', ['name'])).to.equal(undefined);
  });

  it('counts a swap of two letters as one edit', () => {
    expect(editDistance('secrets', 'secerts')).to.equal(1);
    expect(editDistance('', 'abc')).to.equal(3);
    expect(editDistance('kitten', 'sitting')).to.equal(3);
  });
});
