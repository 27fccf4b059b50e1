// Managed identity (authType managedIdentity): Node-RED on Azure asks the host's local token
// endpoint, no secret involved. msal-node's ManagedIdentityApplication picks the source from the
// environment: App Service / Functions / Container Apps (IDENTITY_ENDPOINT + IDENTITY_HEADER),
// Service Fabric, Machine Learning, Cloud Shell, Azure Arc, else IMDS (VMs, scale sets, AKS;
// AZURE_POD_IDENTITY_AUTHORITY_HOST moves it off 169.254.169.254). msal-node decides the source once
// per process and caches tokens per identity, which fits: the environment is the process's.
import { ManagedIdentityApplication, ManagedIdentityConfiguration } from '@azure/msal-node';
import { inputError } from '../errors';
import { t } from '../i18n';
import { Keyed, keyed } from './sign-in-messages';
import { AuthSettings, identityError, SharedTokenSource } from './token-source';

export const MANAGED_IDENTITY_ID_TYPES = ['system', 'clientId', 'resourceId', 'objectId'] as const;

/** msal-node's source names (ManagedIdentitySourceNames) in the words of the Azure docs. */
const SOURCE_LABELS: Record<string, Keyed> = {
  AppService: keyed('test', 'managedAppService'),
  AzureArc: keyed('test', 'managedAzureArc'),
  CloudShell: keyed('test', 'managedCloudShell'),
  MachineLearning: keyed('test', 'managedMachineLearning'),
  ServiceFabric: keyed('test', 'managedServiceFabric'),
  Imds: keyed('test', 'managedImds'),
  DefaultToImds: keyed('test', 'managedImds'),
};

export class ManagedIdentityTokenSource extends SharedTokenSource {
  private readonly app: ManagedIdentityApplication;
  private readonly resource: string;
  private readonly idLabel: Keyed;

  constructor(settings: AuthSettings) {
    super();
    const type = settings.managedIdentityIdType || 'system';
    const id = (settings.managedIdentityId ?? '').trim();
    const config: ManagedIdentityConfiguration = {};
    if (type === 'clientId') config.managedIdentityIdParams = { userAssignedClientId: required(id) };
    else if (type === 'resourceId') config.managedIdentityIdParams = { userAssignedResourceId: required(id) };
    else if (type === 'objectId') config.managedIdentityIdParams = { userAssignedObjectId: required(id) };
    else if (type !== 'system')
      throw inputError(
        'managedIdentityIdType',
        t('errors.auth.managedIdentityIdType', { value: type, values: MANAGED_IDENTITY_ID_TYPES.join(', ') }),
      );
    this.idLabel = type === 'system' ? keyed('test', 'identitySystem') : keyed('test', 'identityUser', { type, id });
    this.app = new ManagedIdentityApplication(config);
    // The Graph root of the connection's cloud: `<root>/.default` (msal-node strips `/.default`).
    this.resource = settings.endpoints.defaultScope;
  }

  protected async acquire(forceRefresh: boolean): Promise<string> {
    try {
      const result = await this.app.acquireToken({ resource: this.resource, forceRefresh });
      if (!result?.accessToken) throw new Error(t('errors.noToken.managed'));
      this.remember(result.accessToken, result.expiresOn);
      return result.accessToken;
    } catch (err) {
      throw identityError(err);
    }
  }

  override describeText(): Keyed {
    const source = this.app.getManagedIdentitySource();
    return keyed('test', 'sourceManaged', {
      source: SOURCE_LABELS[source] ?? keyed('test', 'managedOther', { source }),
      identity: this.idLabel,
    });
  }
}

function required(id: string): string {
  if (!id) throw inputError('managedIdentityId', t('errors.auth.managedIdentityId'));
  return id;
}
