'use strict';
require('should');
const { redactHeaders, redactBody, redactUrl, redactText } = require('../../dist/lib/redact');

describe('redact', function () {
  it('hides the Authorization header and cookies', function () {
    redactHeaders({ Authorization: 'Bearer abc', 'Content-Type': 'application/json', Cookie: 'x' }).should.eql({ Authorization: 'Bearer [redacted]', 'Content-Type': 'application/json', Cookie: '[redacted]' });
  });
  it('hides passwords, secrets and tokens at any depth of a body', function () {
    redactBody({ displayName: 'A', passwordProfile: { password: 'pw', forceChangePasswordNextSignIn: true }, passwordCredentials: [{ secretText: 's' }] }).should.eql({
      displayName: 'A', passwordProfile: { password: '[redacted]', forceChangePasswordNextSignIn: true }, passwordCredentials: [{ secretText: '[redacted]' }],
    });
  });
  it('hides secrets in a form-encoded body', function () {
    redactBody('grant_type=client_credentials&client_id=abc&client_secret=xyz&scope=s').should.equal('grant_type=client_credentials&client_id=abc&client_secret=[redacted]&scope=s');
  });
  it('hides secret query parameters', function () {
    redactUrl('https://x/cb?code=abc&state=1').should.equal('https://x/cb?code=%5Bredacted%5D&state=1');
  });
  it('hides JWTs and bearer tokens in free text', function () {
    redactText('failed with Bearer abc.def and eyJhbGciOiJI.eyJzdWIiOiJ4In0.sig').should.equal('failed with Bearer [redacted] and [redacted-jwt]');
  });
});
