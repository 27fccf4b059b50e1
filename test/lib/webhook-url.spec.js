'use strict';
require('should');
const { endpointUrl, isUnderBaseUrl } = require('../../dist/lib/webhook-url');
const { lifetimeMinutes, maxExpirationMinutes } = require('../../dist/lib/subscription-lifetime');

describe('webhook-url', function () {
  it('joins webhookBaseUrl, httpNodeRoot and the path with single slashes', function () {
    endpointUrl('https://nr.example.com/', '/', '/entra-trigger/abc').should.equal('https://nr.example.com/entra-trigger/abc');
    endpointUrl('https://nr.example.com/base', '/red/', 'hook').should.equal('https://nr.example.com/base/red/hook');
    endpointUrl('https://nr.example.com', undefined, '/hook').should.equal('https://nr.example.com/hook');
  });

  it('matches a notificationUrl under webhookBaseUrl only on a URL boundary (deleteInstanced)', function () {
    isUnderBaseUrl('https://a.example/hook', 'https://a.example').should.be.true();
    isUnderBaseUrl('https://a.example', 'https://a.example/').should.be.true();
    isUnderBaseUrl('https://A.EXAMPLE/x?y=1', 'https://a.example').should.be.true();
    isUnderBaseUrl('https://a.example/nr/hook', 'https://a.example/nr').should.be.true();
    isUnderBaseUrl('https://a.example.evil/', 'https://a.example').should.be.false();
    isUnderBaseUrl('https://a.example:8443/hook', 'https://a.example').should.be.false();
    isUnderBaseUrl('https://a.example/nrx/hook', 'https://a.example/nr').should.be.false();
    isUnderBaseUrl('http://a.example/hook', 'https://a.example').should.be.false();
    isUnderBaseUrl('not a url', 'https://a.example').should.be.false();
  });
});

describe('subscription-lifetime', function () {
  it('allows users and groups 41,760 minutes [LIFETIME]', function () {
    maxExpirationMinutes('/users').should.equal(41760);
    maxExpirationMinutes('groups/abc/members').should.equal(41760);
  });

  it('reads empty as the longest allowed, a number as minutes (capped), an ISO date as until then', function () {
    const now = Date.parse('2026-01-01T00:00:00Z');
    lifetimeMinutes('', '/users', now).should.equal(41760);
    lifetimeMinutes('0.1', '/users', now).should.equal(0.1);
    lifetimeMinutes(99999, '/users', now).should.equal(41760);
    lifetimeMinutes('2026-01-01T02:00:00Z', '/users', now).should.equal(120);
    (() => lifetimeMinutes('2025-01-01T00:00:00Z', '/users', now)).should.throw(/in the past/);
    (() => lifetimeMinutes('soon', '/users', now)).should.throw(/neither an ISO date-time nor a number/);
  });
});
