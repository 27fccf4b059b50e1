'use strict';
// The request bodies the operation tables build are typed with Microsoft's v1.0 types
// (@microsoft/microsoft-graph-types) through graphBody<T> (src/lib/body.ts): a property Graph does not
// have is a compile error. Type-checks small programs against src/lib/body.ts with the TypeScript
// compiler, as the build does.
require('should');
const fs = require('fs');
const os = require('os');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..');

/** The type errors of each source (one program: one compile), compiled with the package's options. */
function typeErrors(sources) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-body-'));
  const body = path.join(root, 'src', 'lib', 'body').replace(/\\/g, '/');
  const files = Object.fromEntries(
    Object.entries(sources).map(([name, source]) => {
      const file = path.join(dir, `${name}.ts`).replace(/\\/g, '/');
      fs.writeFileSync(file, `import { graphBody, type MicrosoftGraph } from '${body}';\n${source}\n`);
      return [name, file];
    }),
  );
  try {
    const { config } = ts.readConfigFile(path.join(root, 'tsconfig.base.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    // Resolve @microsoft/microsoft-graph-types and @types/node from the package.
    options.typeRoots = [path.join(root, 'node_modules', '@types')];
    const program = ts.createProgram(Object.values(files), { ...options, noEmit: true });
    const all = ts.getPreEmitDiagnostics(program);
    return Object.fromEntries(
      Object.entries(files).map(([name, file]) => [
        name,
        all.filter((d) => d.file && d.file.fileName === file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      ]),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('request bodies typed with Microsoft Graph v1.0 types', function () {
  this.timeout(60000);

  let errors;
  before(function () {
    errors = typeErrors({
      good: `
        const v: Record<string, any> = {};
        export const g = graphBody<MicrosoftGraph.Group>({ displayName: v.displayName, mailNickname: 'ops', groupTypes: ['Unified'], visibility: undefined });
        export const u = graphBody<MicrosoftGraph.User>({ accountEnabled: true, passwordProfile: { password: 'x', forceChangePasswordNextSignIn: true } });
        export const s = graphBody<MicrosoftGraph.Subscription>({ changeType: 'updated', notificationUrl: 'https://h/n', resource: 'users' });
      `,
      misspelt: "export const g = graphBody<MicrosoftGraph.Group>({ displayName: 'Ops', mailNickName: 'ops' });",
      wrongType: "export const u = graphBody<MicrosoftGraph.User>({ accountEnabled: 'yes' });",
      appMisspelt: "export const a = graphBody<MicrosoftGraph.Application>({ signinAudience: 'AzureADMyOrg' });",
    });
  });

  it('compile when every property is one Graph has, with empty inputs as undefined', function () {
    errors.good.should.eql([]);
  });

  it('refuse a misspelt property and a value of the wrong type', function () {
    errors.misspelt.should.have.length(1);
    errors.misspelt[0].should.match(/'mailNickName' does not exist/);
    errors.wrongType.should.have.length(1);
    errors.wrongType[0].should.match(/'string' is not assignable/);
    errors.appMisspelt.should.have.length(1);
    errors.appMisspelt[0].should.match(/'signinAudience' does not exist/);
  });

  it('are used by the body builders of users, groups, applications, service principals and subscriptions', function () {
    const files = {
      'entra-user/user-operations.ts': ['MicrosoftGraph.User'],
      'entra-user/user-access.ts': ['MicrosoftGraph.User', 'MicrosoftGraph.TemporaryAccessPassAuthenticationMethod'],
      'entra-user/user-lifecycle.ts': ['MicrosoftGraph.Invitation'],
      'entra-group/group-operations.ts': ['MicrosoftGraph.Group'],
      'entra-app/app-operations.ts': ['MicrosoftGraph.Application'],
      'entra-app/app-secrets.ts': ['MicrosoftGraph.PasswordCredential'],
      'entra-app/federated-credentials.ts': ['MicrosoftGraph.FederatedIdentityCredential'],
      'entra-app/service-principals.ts': ['MicrosoftGraph.ServicePrincipal', 'MicrosoftGraph.AppRoleAssignment'],
      'entra-subscription/subscription-operations.ts': ['MicrosoftGraph.Subscription'],
      'entra-trigger/managed-subscription.ts': ['MicrosoftGraph.Subscription'],
    };
    for (const [file, types] of Object.entries(files)) {
      const text = fs.readFileSync(path.join(root, 'src', 'nodes', file), 'utf8');
      for (const t of types) text.should.containEql(`graphBody<${t}>(`, `${file} builds a ${t} body`);
    }
  });
});
