'use strict';
require('should');
const { redactHeaders, redactBody, redactUrl, redactText } = require('../../dist/lib/redact');

describe('redact', function () {
  it('hides the Authorization header and cookies', function () {
    redactHeaders({ Authorization: 'Bearer abc', 'Content-Type': 'application/json', Cookie: 'x' }).should.eql({
      Authorization: 'Bearer [redacted]',
      'Content-Type': 'application/json',
      Cookie: '[redacted]',
    });
  });
  it('hides passwords, secrets and tokens at any depth of a body', function () {
    redactBody({
      displayName: 'A',
      passwordProfile: { password: 'pw', forceChangePasswordNextSignIn: true },
      passwordCredentials: [{ secretText: 's' }],
    }).should.eql({
      displayName: 'A',
      passwordProfile: { password: '[redacted]', forceChangePasswordNextSignIn: true },
      passwordCredentials: [{ secretText: '[redacted]' }],
    });
  });
  it('hides secrets in a form-encoded body', function () {
    redactBody('grant_type=client_credentials&client_id=abc&client_secret=xyz&scope=s').should.equal(
      'grant_type=client_credentials&client_id=abc&client_secret=[redacted]&scope=s',
    );
  });
  it('hides secret query parameters', function () {
    redactUrl('https://x/cb?code=abc&state=1').should.equal('https://x/cb?code=%5Bredacted%5D&state=1');
  });
  it('hides JWTs and bearer tokens in free text', function () {
    redactText('failed with Bearer abc.def and eyJhbGciOiJI.eyJzdWIiOiJ4In0.sig').should.equal(
      'failed with Bearer [redacted] and [redacted-jwt]',
    );
  });
  it('hides apiKey, pwd and credential values, the X-Api-Key header and apikey query parameters', function () {
    redactBody({ apiKey: 'k1', pwd: 'p1', credential: 'c1', nested: { apikey: 'k2' } }).should.eql({
      apiKey: '[redacted]',
      pwd: '[redacted]',
      credential: '[redacted]',
      nested: { apikey: '[redacted]' },
    });
    redactHeaders({ 'X-Api-Key': 'k3' }).should.eql({ 'X-Api-Key': '[redacted]' });
    redactUrl('https://x/a?apikey=k4&api_key=k5&top=1').should.not.match(/k4|k5/);
    redactUrl('https://x/a?apikey=k4&top=1').should.match(/top=1/);
  });
  it("keeps Graph's error code readable while an authorization code stays hidden", function () {
    redactBody({ error: { code: 'Request_ResourceNotFound', message: 'm', innerError: { code: 'inner' } } }).should.eql({
      error: { code: 'Request_ResourceNotFound', message: 'm', innerError: { code: 'inner' } },
    });
    redactBody({ code: 'auth-code' }).should.eql({ code: '[redacted]' });
  });
  it('cuts a logged URL to a few KB', function () {
    redactUrl(`https://x/users/${'a'.repeat(1e6)}`).length.should.be.below(5000);
  });
});
