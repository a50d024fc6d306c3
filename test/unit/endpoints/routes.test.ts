import { expect } from 'chai';
import { routeOf } from '../../../src/endpoints/routes.js';

const q = (s = '') => new URLSearchParams(s);

describe('endpoints/routes', () => {
  it("matches the credentials routes as the agent's router does (an empty v2 id is still the route)", () => {
    expect(routeOf('/v2/credentials/abc', q())).to.deep.equal({ kind: 'credentials', version: 2, id: 'abc' });
    expect(routeOf('/v2/credentials/', q())).to.deep.equal({ kind: 'credentials', version: 2, id: '' });
    expect(routeOf('/v1/credentials', q('id=abc'))).to.deep.equal({ kind: 'credentials', version: 1, id: 'abc' });
    expect(routeOf('/v1/credentials', q())).to.deep.equal({ kind: 'credentials', version: 1, id: '' });
    expect(routeOf('/v2/credentials', q())).to.equal(undefined);
  });

  it('matches the v4 and v3 metadata routes', () => {
    expect(routeOf('/v4/id1', q())).to.deep.equal({ kind: 'container', version: 4, id: 'id1' });
    expect(routeOf('/v4/id1/task', q())).to.deep.equal({ kind: 'task', version: 4, id: 'id1' });
    expect(routeOf('/v4/id1/taskWithTags', q())).to.deep.equal({ kind: 'taskWithTags', version: 4, id: 'id1' });
    expect(routeOf('/v3/id1/stats', q())).to.deep.equal({ kind: 'containerStats', version: 3, id: 'id1' });
    expect(routeOf('/v3/id1/task/stats', q())).to.deep.equal({ kind: 'taskStats', version: 3, id: 'id1' });
    expect(routeOf('/v4/id1/other', q())).to.equal(undefined);
    expect(routeOf('/v5/id1', q())).to.equal(undefined);
  });
});
