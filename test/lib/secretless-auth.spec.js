'use strict';
// Token sources that need no secret: which federated token file is used, how a managed identity
// is chosen, and what each source calls itself in Test connection.
require('should');
const { federatedTokenFilePath } = require('../../dist/lib/auth/client-credentials');
const { createTokenSource } = require('../../dist/lib/auth');
const { resolveEndpoints } = require('../../dist/lib/clouds');

const base = { nodeId: 'n1', tenantId: 't', clientId: 'c', scopes: [], endpoints: resolveEndpoints('global') };

describe('secretless token sources', function () {
  it('takes the federated token file given, else ${AZURE_FEDERATED_TOKEN_FILE} from the environment', function () {
    const env = { AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token' };
    federatedTokenFilePath('/tmp/token', env).should.equal('/tmp/token');
    federatedTokenFilePath('', env).should.equal(env.AZURE_FEDERATED_TOKEN_FILE);
    // The dialog's default text, unresolved (the variable was not set when the flow was deployed).
    federatedTokenFilePath('${AZURE_FEDERATED_TOKEN_FILE}', env).should.equal(env.AZURE_FEDERATED_TOKEN_FILE);
    (federatedTokenFilePath('', {}) === undefined).should.be.true();
  });

  it('prefers a certificate or secret to the token file, and names the credential', function () {
    createTokenSource({ ...base, authType: 'clientCredentials', clientSecret: 's', federatedTokenFile: '/tmp/x' })
      .describe()
      .should.equal('client credentials (client secret)');
    createTokenSource({ ...base, authType: 'clientCredentials', federatedTokenFile: '/tmp/x' })
      .describe()
      .should.equal('client credentials (federated token file /tmp/x)');
  });

  it('refuses client credentials with no secret, certificate or token file', function () {
    const saved = process.env.AZURE_FEDERATED_TOKEN_FILE;
    delete process.env.AZURE_FEDERATED_TOKEN_FILE;
    try {
      (() => createTokenSource({ ...base, authType: 'clientCredentials' })).should.throw(
        /a client secret, a certificate or a federated token file is required/,
      );
    } finally {
      if (saved !== undefined) process.env.AZURE_FEDERATED_TOKEN_FILE = saved;
    }
  });

  it('managed identity: needs no tenant or client id; a user-assigned one needs its id; unknown id types are refused', function () {
    const mi = { nodeId: 'n1', authType: 'managedIdentity', tenantId: '', clientId: '', scopes: [], endpoints: resolveEndpoints('global') };
    createTokenSource({ ...mi, managedIdentityIdType: 'system' }).should.be.ok();
    (() => createTokenSource({ ...mi, managedIdentityIdType: 'clientId' })).should.throw(/managedIdentityId: is required/);
    (() => createTokenSource({ ...mi, managedIdentityIdType: 'name', managedIdentityId: 'x' })).should.throw(
      /managedIdentityIdType: "name" is not one of system, clientId, resourceId, objectId/,
    );
  });
});
