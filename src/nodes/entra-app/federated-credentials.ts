// Federated identity credentials: let a workload outside Azure (a GitHub Actions job, a Kubernetes
// service account) sign in as the application with its own token instead of a secret.
//   list    GET    /applications/{id}/federatedIdentityCredentials
//   add     POST   /applications/{id}/federatedIdentityCredentials {name, issuer, subject, audiences}
//   remove  DELETE /applications/{id}/federatedIdentityCredentials/{id or name}
// https://learn.microsoft.com/graph/api/resources/federatedidentitycredential: name ≤120 URL-friendly
// characters, unique per application; issuer + subject unique; one audience; at most 20.
// The GitHub Actions preset fills issuer and subject the way GitHub's OIDC tokens carry them
// (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust,
// https://docs.github.com/actions/reference/security/oidc): `repo:<owner>/<repo>:environment:<name>`,
// `…:ref:refs/heads/<branch>`, `…:ref:refs/tags/<tag>`, `…:pull_request`.
import { graphBody, mergeAdditional, type MicrosoftGraph } from '../../lib/body';
import { inputError } from '../../lib/errors';
import { t } from '../../lib/i18n';
import type { Values } from '../../lib/inputs';
import type { OperationTable } from '../../lib/runner';
import { fillPath } from '../../lib/url-guard';
import { APPLICATION_ID_INPUTS, applicationKey, applicationNotFound, applicationPath, checkIdType } from './app-ids';
import { appError } from './app-errors';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
/** "should be set to api://AzureADTokenExchange for Microsoft Entra ID" (federatedIdentityCredential resource). */
export const ENTRA_AUDIENCE = 'api://AzureADTokenExchange';
const PRESETS = ['custom', 'githubActions'];
const GITHUB_ENTITY_TYPES = ['environment', 'branch', 'tag', 'pullRequest'];

const notFound = (v: Values) => applicationNotFound(v);

/** GitHub's OIDC subject for a repository and an entity (branch, tag, environment, pull request). */
export function githubSubject(repository: string, entityType: string, value?: string): string {
  const repo = `repo:${repository}`;
  switch (entityType) {
    case 'environment':
      return `${repo}:environment:${value}`;
    case 'branch':
      return `${repo}:ref:refs/heads/${value}`;
    case 'tag':
      return `${repo}:ref:refs/tags/${value}`;
    default:
      return `${repo}:pull_request`;
  }
}

/** A name Graph accepts (URL friendly, ≤120 characters) made from the GitHub fields. */
export function githubCredentialName(repository: string, entityType: string, value?: string): string {
  const raw = ['github', repository.replace('/', '-'), entityType === 'pullRequest' ? 'pull-request' : `${entityType}-${value}`].join('-');
  return raw
    .replace(/[^A-Za-z0-9._~-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 120);
}

/** issuer, subject and name after the preset: explicit inputs win over what the preset derives. */
export function federatedCredentialFields(v: Values): { name?: string; issuer?: string; subject?: string } {
  if (v.preset !== 'githubActions') return { name: v.credentialName, issuer: v.issuer, subject: v.subject };
  const repository = v.githubRepository;
  if (typeof repository !== 'string' || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw inputError('githubRepository', appError('githubRepository', { value: JSON.stringify(repository ?? '') }));
  }
  const type = v.githubEntityType;
  if (!GITHUB_ENTITY_TYPES.includes(type))
    throw inputError(
      'githubEntityType',
      appError('githubEntityType', { values: GITHUB_ENTITY_TYPES.join(', '), value: String(JSON.stringify(type)) }),
    );
  if (type !== 'pullRequest' && !v.githubEntityValue) throw inputError('githubEntityValue', appError('githubEntityValue', { type }));
  return {
    name: v.credentialName ?? githubCredentialName(repository, type, v.githubEntityValue),
    issuer: v.issuer ?? GITHUB_ISSUER,
    subject: v.subject ?? githubSubject(repository, type, v.githubEntityValue),
  };
}

function checkFederatedCredential(v: Values): void {
  checkIdType(v);
  if (!PRESETS.includes(v.preset)) throw inputError('preset', appError('preset', { value: String(JSON.stringify(v.preset)) }));
  const f = federatedCredentialFields(v);
  for (const [field, input] of [
    ['name', 'credentialName'],
    ['issuer', 'issuer'],
    ['subject', 'subject'],
  ] as const)
    if (!f[field]) throw inputError(input, t('errors.required'));
  if (!Array.isArray(v.audiences) || v.audiences.length !== 1)
    throw inputError('audiences', appError('audiences', { value: String(JSON.stringify(v.audiences)) }));
}

export const federatedCredentialOperations: OperationTable = {
  listFederatedCredentials: {
    label: 'List federated credentials',
    summary: 'Lists the federated identity credentials through which outside workloads sign in as the application.',
    method: 'GET',
    path: '/applications/{id}/federatedIdentityCredentials',
    permissions: { application: 'Application.Read.All', delegated: 'Application.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-list-federatedidentitycredentials',
    output: 'The array of federated credentials ({ id, name, issuer, subject, audiences, description }).',
    inputs: APPLICATION_ID_INPUTS,
    validate: checkIdType,
    notFound,
    list: true,
    request: (v) => ({ method: 'GET', url: `${applicationPath(v)}/federatedIdentityCredentials` }),
  },
  addFederatedCredential: {
    label: 'Add federated credential',
    summary:
      'Lets a workload outside Azure (a GitHub Actions job, a Kubernetes service account) sign in as the application with its own token instead of a secret.',
    method: 'POST',
    path: '/applications/{id}/federatedIdentityCredentials',
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-post-federatedidentitycredentials',
    output: 'The new federated credential (201).',
    details: 'At most 20 per application; the name is unique per application, and so is issuer + subject.',
    inputs: {
      ...APPLICATION_ID_INPUTS,
      preset: {
        kind: 'string',
        default: 'custom',
        label: 'Preset',
        choices: { custom: 'custom (issuer and subject as given)', githubActions: 'GitHub Actions' },
        help: 'custom: give issuer and subject; GitHub Actions: they follow from the repository and the branch, tag, environment or pull request.',
      },
      // CONTRACT.md calls it `name`, which is the node's own name: `credentialName` in the dialog, and a flow written with `name`/`nameType` (e.g. msg.name) still works.
      credentialName: {
        kind: 'string',
        contractName: 'name',
        label: 'Credential name',
        placeholder: 'github-contoso-web-branch-main',
        help: 'Unique per application, URL-friendly, at most 120 characters (the preset derives one); sent as the name. A flow written by hand may give it as name (with nameType, e.g. msg).',
      },
      issuer: {
        kind: 'string',
        label: 'Issuer',
        placeholder: 'https://token.actions.githubusercontent.com',
        help: "The URL of the workload's token issuer.",
      },
      subject: {
        kind: 'string',
        label: 'Subject',
        placeholder: 'repo:contoso/web:ref:refs/heads/main',
        help: "The workload's identity as its tokens name it (the sub claim).",
      },
      audiences: {
        kind: 'list',
        default: [ENTRA_AUDIENCE],
        label: 'Audiences',
        placeholder: ENTRA_AUDIENCE,
        help: 'The one audience the tokens carry; Microsoft Entra ID expects api://AzureADTokenExchange.',
      },
      description: { kind: 'string', label: 'Description', help: 'A description of the credential.' },
      githubRepository: {
        kind: 'string',
        label: 'GitHub repository',
        placeholder: 'contoso/web',
        help: 'With the GitHub Actions preset: owner/repository.',
      },
      githubEntityType: {
        kind: 'string',
        default: 'branch',
        label: 'GitHub entity',
        choices: { branch: 'branch', tag: 'tag', environment: 'environment', pullRequest: 'pull request' },
        help: 'With the GitHub Actions preset: which jobs may sign in.',
      },
      githubEntityValue: {
        kind: 'string',
        label: 'Branch, tag or environment',
        placeholder: 'main',
        help: 'With the GitHub Actions preset: the branch, tag or environment name (not for pull requests).',
      },
    },
    validate: checkFederatedCredential,
    notFound,
    request: (v) => {
      const f = federatedCredentialFields(v);
      return {
        method: 'POST',
        url: `${applicationPath(v)}/federatedIdentityCredentials`,
        body: mergeAdditional(
          graphBody<MicrosoftGraph.FederatedIdentityCredential>({
            name: f.name,
            issuer: f.issuer,
            subject: f.subject,
            audiences: v.audiences,
            description: v.description,
          }),
        ),
      };
    },
  },
  removeFederatedCredential: {
    label: 'Remove federated credential',
    summary: 'Removes a federated credential by its id or name.',
    method: 'DELETE',
    path: '/applications/{id}/federatedIdentityCredentials/{id or name}',
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/federatedidentitycredential-delete',
    output: '{ id, federatedCredentialId, removed: true }.',
    inputs: {
      ...APPLICATION_ID_INPUTS,
      federatedCredentialId: {
        kind: 'string',
        required: true,
        label: 'Federated credential',
        placeholder: 'id or name',
        help: 'The id or the name of the federated credential.',
      },
    },
    validate: checkIdType,
    notFound: (v, err) =>
      err.graphMessage?.includes(v.federatedCredentialId) && !err.graphMessage.includes(v.applicationObjectId)
        ? appError('noFederatedCredential', { id: String(v.federatedCredentialId) })
        : notFound(v),
    request: (v) => ({
      method: 'DELETE',
      url: `${applicationPath(v)}/federatedIdentityCredentials/${fillPath('{federatedCredentialId}', v)}`,
    }),
    noContent: (v) => ({ ...applicationKey(v), federatedCredentialId: v.federatedCredentialId, removed: true }),
  },
};
