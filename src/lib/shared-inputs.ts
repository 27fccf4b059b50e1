// Inputs many operations share, written once: the list options, select, additionalProperties,
// the upsert key and the plain settings every request node has. A table takes them as they are
// (`...LIST_INPUTS`, `select: SELECT`) or with an override (`{ ...DISPLAY_NAME, required: true }`).
import type { InputSpec, InputSpecs } from './inputs';

export const SELECT: InputSpec = {
  kind: 'stringOrList',
  label: 'Select',
  placeholder: 'id,displayName',
  help: 'The properties to return, comma-separated or an array; Graph returns only its default properties otherwise.',
};

export const DISPLAY_NAME: InputSpec = { kind: 'string', label: 'Display name', help: 'The name shown in the admin center and in lists.' };

export const ADDITIONAL_PROPERTIES: InputSpec = {
  kind: 'object',
  label: 'Additional properties',
  placeholder: '{"description": "…"}',
  help: 'Any other Graph property of the object, as a JSON object merged on top of the inputs above.',
};

export const UNIQUE_NAME: InputSpec = {
  kind: 'string',
  required: true,
  label: 'Unique name',
  placeholder: 'ops-team',
  help: "Your own immutable key for the object (Graph's uniqueName alternate key): the same name always addresses the same object.",
};

export const USE_AS_UPSERT: InputSpec = {
  kind: 'boolean',
  default: true,
  label: 'Use as upsert',
  help: 'true: create the object when no object has this unique name; false: only update an existing one.',
};

/** A collection's paging setting: every list operation has it. */
export const PAGE_OUTPUT: InputSpec = {
  kind: 'string',
  plain: true,
  default: 'array',
  label: 'Output',
  choices: { array: 'all items in one message', perPage: 'one message per page (msg.parts)' },
  help: 'All items in one message, or one message per page with msg.parts so memory stays flat (a Join node in automatic mode rebuilds the array).',
};

/** The list options of a directory collection (users, groups, applications, members). */
export const LIST_INPUTS = {
  count: { kind: 'boolean', label: 'Count', help: 'Sets msg.count to the total number of matches (sends ConsistencyLevel: eventual).' },
  expand: { kind: 'string', label: 'Expand', placeholder: 'manager', help: 'OData $expand: a relationship to return with each item.' },
  filter: { kind: 'string', label: 'Filter', placeholder: "startswith(displayName,'A')", help: 'An OData $filter expression.' },
  orderBy: {
    kind: 'string',
    label: 'Order by',
    placeholder: 'displayName',
    help: 'OData $orderby: the property to sort by (add desc to reverse).',
  },
  search: {
    kind: 'string',
    label: 'Search',
    placeholder: 'displayName:adele',
    help: 'OData $search such as displayName:adele, wrapped in double quotes as Graph requires (sends ConsistencyLevel: eventual).',
  },
  select: SELECT,
  top: {
    kind: 'number',
    label: 'Top (page size)',
    placeholder: '100 (999 with Get all)',
    help: "The page size (1–999); empty: Graph's default of 100, or 999 with Get all pages.",
  },
  getAll: { kind: 'boolean', label: 'Get all pages', help: 'Follow @odata.nextLink to the last page; the status shows the progress.' },
  consistencyLevel: {
    kind: 'boolean',
    // 0.1.0 took the header's text: "eventual" still means true.
    aliases: { eventual: true },
    label: 'Eventual consistency',
    help: 'true sends ConsistencyLevel: eventual, for advanced queries (ne, endsWith, a filter with order by); Count and Search send it by themselves.',
  },
  pageOutput: PAGE_OUTPUT,
} satisfies InputSpecs;

/** Always shown on every request node: logs the request and response with secrets redacted. */
export const DEBUG_REQUEST: InputSpec = {
  kind: 'boolean',
  plain: true,
  default: false,
  label: 'Debug',
  placeholder: 'log requests (secrets redacted)',
  help: 'Logs each request and response to the Node-RED log, with the token and secrets redacted.',
};

/** The shared inputs by their usual name: their Japanese texts are src/lib/locales/ja.json's `inputs`. */
export const SHARED_INPUTS: InputSpecs = {
  ...LIST_INPUTS,
  displayName: DISPLAY_NAME,
  additionalProperties: ADDITIONAL_PROPERTIES,
  uniqueName: UNIQUE_NAME,
  useAsUpsert: USE_AS_UPSERT,
  debugRequest: DEBUG_REQUEST,
};
