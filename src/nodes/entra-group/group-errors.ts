// entra-group's own error reasons: the `entra-group.errors` section of its message catalogue (generated
// from the NodeSpec's `errors`; the Japanese is entra-group.ja.json), read in Node-RED's language
// through groupError(key, subs). Placeholders: __name__.
import { nodeErrors } from '../../lib/i18n';

export const GROUP_ERRORS = {
  groupTypes: 'must be a list of names, e.g. ["Unified"] or "Unified,DynamicMembership"',
  noGroup: 'Not found: no group with id __id__',
  noGroupUnique: "Not found: no group with uniqueName '__name__'",
  noGroupUniqueOff: "Not found: no group with uniqueName '__name__' (Use as upsert is off, so none was created)",
  noMember: 'Not found: the member does not exist (no directory object with that id)',
};

export const groupError = nodeErrors('entra-group', GROUP_ERRORS);
