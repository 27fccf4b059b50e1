'use strict';
const should = require('should');
const { encodePathSegment, fillPath, resolveGraphUrl, withApiVersion } = require('../../dist/lib/url-guard');

describe('url-guard', function () {
  it('encodes an id into exactly one path segment', function () {
    fillPath('/users/{userId}', { userId: '../groups' }).should.equal('/users/..%2Fgroups');
    fillPath('/users/{userId}', { userId: 'a?b#c' }).should.equal('/users/a%3Fb%23c');
    fillPath('/users/{userId}', { userId: 'adele@contoso.com' }).should.equal('/users/adele%40contoso.com');
    fillPath('/groups/{groupId}/members/{memberId}/$ref', { groupId: 'g/1', memberId: 'm' }).should.equal('/groups/g%2F1/members/m/$ref');
  });

  it('refuses "." and ".." which URL parsers would resolve', function () {
    (() => encodePathSegment('userId', '..')).should.throw(/userId: ".." is not a valid id/);
    (() => encodePathSegment('userId', '.')).should.throw(/not a valid id/);
  });

  it('refuses ids Graph would read as a function, a cast or a reserved segment', function () {
    for (const id of [
      'delta',
      'Delta',
      'delta()',
      'microsoft.graph.delta()',
      'microsoft.graph.user',
      '$count',
      '$ref',
      '$value',
      'getByIds',
      "x(appId='1')",
      'a)b',
    ]) {
      (() => encodePathSegment('userId', id)).should.throw(/userId: .* is not a valid id: Graph would read it as/, id);
    }
    // Ordinary ids, user principal names (also with an apostrophe) and names stay ids.
    for (const id of [
      '0a6f2c1e-4b8d-4e2a-9f3c-7d5e6b4a3c21',
      "o'neil@contoso.com",
      'deltaforce@contoso.com',
      'github-production',
      'my.delta',
    ]) {
      encodePathSegment('userId', id).should.equal(encodeURIComponent(id));
    }
  });

  it('names a missing id', function () {
    (() => fillPath('/users/{userId}', {})).should.throw('userId: is required');
  });

  it('an encoded traversal stays under the path it was put in', function () {
    const url = resolveGraphUrl('https://graph.microsoft.com/v1.0', fillPath('/users/{userId}', { userId: '../../beta/groups' }));
    url.pathname.should.equal('/v1.0/users/..%2F..%2Fbeta%2Fgroups');
  });

  it('joins relative paths to the base and keeps absolute ones on its origin only', function () {
    resolveGraphUrl('https://graph.microsoft.com/v1.0/', 'users').href.should.equal('https://graph.microsoft.com/v1.0/users');
    resolveGraphUrl('https://graph.microsoft.com/v1.0', 'https://graph.microsoft.com/beta/users').href.should.equal(
      'https://graph.microsoft.com/beta/users',
    );
    (() => resolveGraphUrl('https://graph.microsoft.com/v1.0', 'https://graph.microsoft.com.evil.example/v1.0/users')).should.throw(
      /Refused/,
    );
    (() => resolveGraphUrl('https://graph.microsoft.com/v1.0', 'http://graph.microsoft.com/v1.0/users')).should.throw(/Refused/);
    (() => resolveGraphUrl('https://graph.microsoft.com/v1.0', '//evil.example/x')).should.throw(/Refused/);
  });

  it('keeps paths under the Graph root of a base URL behind a gateway, dot segments resolved first', function () {
    const base = 'https://gw.example/graph/v1.0';
    resolveGraphUrl(base, '/users').href.should.equal('https://gw.example/graph/v1.0/users');
    resolveGraphUrl(base, 'https://gw.example/graph/beta/users?$skiptoken=x').pathname.should.equal('/graph/beta/users');
    (() => resolveGraphUrl(base, '/../../admin/keys')).should.throw(
      /Refused to send the access token to https:\/\/gw.example\/admin\/keys/,
    );
    (() => resolveGraphUrl(base, '/users/%2e%2e/%2E%2e/%2e%2e/admin')).should.throw(/Refused/);
    (() => resolveGraphUrl(base, '/users\\..\\..\\..\\admin')).should.throw(/Refused/);
    (() => resolveGraphUrl(base, 'https://gw.example/other-service/users')).should.throw(/Refused/);
    (() => resolveGraphUrl(base, 'https://gw.example/graphx/v1.0/users')).should.throw(/Refused/);
    // Microsoft's hosts serve nothing but Graph: every path on them stays allowed.
    resolveGraphUrl('https://graph.microsoft.com/v1.0', '/../beta/users').href.should.equal('https://graph.microsoft.com/beta/users');
  });

  it('switches the API version segment', function () {
    withApiVersion('https://graph.microsoft.com/v1.0', 'beta').should.equal('https://graph.microsoft.com/beta');
    withApiVersion('https://localhost:8443/v1.0/', 'v1.0').should.equal('https://localhost:8443/v1.0');
    should(withApiVersion('https://x/v1.0', undefined)).equal('https://x/v1.0');
  });
});
