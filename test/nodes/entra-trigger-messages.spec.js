'use strict';
// What entra-trigger fetches with fetchResource: the path of the object a msg is about.
const should = require('should');
const { resourcePath } = require('../../dist/nodes/entra-trigger/change-messages');

describe('entra-trigger fetchResource path', function () {
  const user = (id) => ({
    topic: 'updated',
    payload: { changeType: 'updated', resourceData: { '@odata.type': '#Microsoft.Graph.User', id } },
  });

  it('puts the object id into exactly one encoded segment', function () {
    resourcePath(user('a/b?c')).should.equal('/users/a%2Fb%3Fc');
    resourcePath({ topic: 'memberAdded', payload: { member: { id: 'x#y', '@odata.type': '#microsoft.graph.group' } } }).should.equal(
      '/groups/x%23y',
    );
  });

  it('fetches nothing for an id that URL parsers would resolve (".", "..")', function () {
    should(resourcePath(user('..'))).be.undefined();
    should(resourcePath({ topic: 'memberAdded', payload: { member: { id: '.', '@odata.type': '#microsoft.graph.user' } } })).be.undefined();
  });
});
