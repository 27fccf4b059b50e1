// National clouds have their own sign-in and Graph hosts, and tokens are not interchangeable
// between them (https://learn.microsoft.com/graph/deployments).
import { t } from './i18n';

export type CloudName = 'global' | 'usGov' | 'usGovDoD' | 'china' | 'custom';

export const CLOUDS: Record<Exclude<CloudName, 'custom'>, { authorityHost: string; graphBaseUrl: string }> = {
  global: { authorityHost: 'https://login.microsoftonline.com', graphBaseUrl: 'https://graph.microsoft.com/v1.0' },
  usGov: { authorityHost: 'https://login.microsoftonline.us', graphBaseUrl: 'https://graph.microsoft.us/v1.0' },
  usGovDoD: { authorityHost: 'https://login.microsoftonline.us', graphBaseUrl: 'https://dod-graph.microsoft.us/v1.0' },
  china: { authorityHost: 'https://login.chinacloudapi.cn', graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn/v1.0' },
};

export interface Endpoints {
  authorityHost: string;
  graphBaseUrl: string;
  /** `<graph root>/.default`: app-only tokens ask for every permission granted to the app. */
  defaultScope: string;
  /** True for `custom`: the authority is trusted as given (no instance discovery). */
  custom: boolean;
}

export function resolveEndpoints(cloud: string | undefined, authorityHost?: string, graphBaseUrl?: string): Endpoints {
  const name = (cloud || 'global') as CloudName;
  if (name === 'custom') {
    const authority = requireHttps('authorityHost', authorityHost);
    const graph = requireHttps('graphBaseUrl', graphBaseUrl);
    return { authorityHost: authority, graphBaseUrl: graph, defaultScope: `${new URL(graph).origin}/.default`, custom: true };
  }
  const known = CLOUDS[name as keyof typeof CLOUDS];
  // Error texts name the field, never its value: a `${ENV}` value may be a server's secret or path.
  if (!known) throw new Error(t('errors.cloud.unknown'));
  return { ...known, defaultScope: `${new URL(known.graphBaseUrl).origin}/.default`, custom: false };
}

function requireHttps(name: string, value: string | undefined): string {
  const text = (value || '').trim().replace(/\/+$/, '');
  if (!text) throw new Error(t('errors.cloud.required', { name }));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(t('errors.cloud.notUrl', { name }));
  }
  if (url.protocol !== 'https:') throw new Error(t('errors.cloud.notHttps', { name }));
  return text;
}
