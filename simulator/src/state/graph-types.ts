// The simulator's entities typed with Microsoft's v1.0 types (`@microsoft/microsoft-graph-types`): a
// property Graph does not have is a compile error where objects are built (seed, creates). The Store
// keeps them as plain records (Obj); `asObj` is the one place they cross over.
import type * as MicrosoftGraph from '@microsoft/microsoft-graph-types';
import type { Obj } from './store';

export type { MicrosoftGraph };
export type GraphUser = MicrosoftGraph.User & { id: string };
/** resourceProvisioningOptions / resourceBehaviorOptions: documented group properties the types lack [group-get]. */
export type GraphGroup = MicrosoftGraph.Group & { id: string; resourceProvisioningOptions?: string[]; resourceBehaviorOptions?: string[] };
export type GraphApplication = MicrosoftGraph.Application & { id: string };
export type GraphServicePrincipal = MicrosoftGraph.ServicePrincipal & { id: string };

export function asObj<T extends { id: string }>(o: T): Obj {
  return o as unknown as Obj;
}
