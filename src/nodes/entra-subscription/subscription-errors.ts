// entra-subscription's own error reasons: the `entra-subscription.errors` section of its message catalogue (generated
// from the NodeSpec's `errors`; the Japanese is entra-subscription.ja.json), read in Node-RED's language
// through subscriptionError(key, subs). Placeholders: __name__.
import { nodeErrors } from '../../lib/i18n';

export const SUBSCRIPTION_ERRORS = {
  notificationUrl: 'must be an https:// URL (Graph refuses others)',
  nothingToUpdate: 'nothing to update: set expirationDateTime and/or notificationUrl',
  webhookBaseUrl: 'is empty in the connection: deleteInstanced deletes only subscriptions under it, so it refuses to guess',
  noneDeleted: 'deleteInstanced: none of __count__ subscriptions could be deleted (__reason__)',
};

export const subscriptionError = nodeErrors('entra-subscription', SUBSCRIPTION_ERRORS);
