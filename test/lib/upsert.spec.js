'use strict';
require('should');
const { alternateKey } = require('../../dist/lib/upsert');

describe('upsert: alternate keys', function () {
  it('doubles quotes (OData string literal) and percent-encodes the value into the key segment', function () {
    alternateKey('uniqueName', 'uniqueName', 'ops-team').should.equal("(uniqueName='ops-team')");
    alternateKey('uniqueName', 'uniqueName', "it's").should.equal("(uniqueName='it''s')");
    alternateKey('uniqueName', 'uniqueName', 'a/b?c#d e').should.equal("(uniqueName='a%2Fb%3Fc%23d%20e')");
  });

  it('refuses an empty value, naming the input', function () {
    (() => alternateKey('uniqueName', 'uniqueName', '')).should.throw('uniqueName: is required');
    (() => alternateKey('applicationObjectId', 'appId', undefined)).should.throw('applicationObjectId: is required');
  });
});
