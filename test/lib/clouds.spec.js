'use strict';
require('should');
const { resolveEndpoints } = require('../../dist/lib/clouds');

describe('clouds', function () {
  it('knows the sign-in and Graph hosts of each national cloud [DEPLOY]', function () {
    resolveEndpoints('global').should.eql({
      authorityHost: 'https://login.microsoftonline.com',
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      defaultScope: 'https://graph.microsoft.com/.default',
      custom: false,
    });
    resolveEndpoints('usGov').graphBaseUrl.should.equal('https://graph.microsoft.us/v1.0');
    resolveEndpoints('usGov').authorityHost.should.equal('https://login.microsoftonline.us');
    resolveEndpoints('usGovDoD').graphBaseUrl.should.equal('https://dod-graph.microsoft.us/v1.0');
    resolveEndpoints('usGovDoD').defaultScope.should.equal('https://dod-graph.microsoft.us/.default');
    resolveEndpoints('china').authorityHost.should.equal('https://login.chinacloudapi.cn');
    resolveEndpoints('china').graphBaseUrl.should.equal('https://microsoftgraph.chinacloudapi.cn/v1.0');
    resolveEndpoints(undefined).authorityHost.should.equal('https://login.microsoftonline.com');
  });

  it('takes custom hosts as given, https only', function () {
    resolveEndpoints('custom', 'https://localhost:8443/', 'https://localhost:8443/v1.0').should.eql({
      authorityHost: 'https://localhost:8443',
      graphBaseUrl: 'https://localhost:8443/v1.0',
      defaultScope: 'https://localhost:8443/.default',
      custom: true,
    });
    (() => resolveEndpoints('custom', 'http://localhost:8443', 'https://localhost:8443/v1.0')).should.throw(
      /authorityHost must be an https/,
    );
    (() => resolveEndpoints('custom', 'https://localhost:8443', '')).should.throw(/graphBaseUrl is required/);
    (() => resolveEndpoints('mars')).should.throw(/unknown cloud/);
  });
});
