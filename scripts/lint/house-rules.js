// Redocly plugin with the house rules that configurable rules cannot express.
// Plain ESM JavaScript because Redocly loads plugins without a TypeScript loader.

const ERROR_SCHEMA_REF = /(^|\/)common\/schemas\.yaml#\/ErrorResponse$/;
const GATEWAY_ERROR_REF = /(^|\/)common\/responses\.yaml#\/GatewayError$/;
const CLIENT_ERROR_CODE = /^4(\d\d|XX)$/;
const IAM_ACTION = /^[a-z][a-z0-9-]*:[a-zA-Z0-9]+:[a-zA-Z0-9]+$/;
const ACCESS_LEVELS = ['Read', 'List', 'Write', 'Permission management', 'Tagging'];

function refersToErrorSchema(schema) {
  if (!schema || typeof schema !== 'object') return false;
  if (typeof schema.$ref === 'string') return ERROR_SCHEMA_REF.test(schema.$ref);
  const alternatives = schema.anyOf ?? schema.oneOf ?? [];
  return alternatives.some((alternative) => refersToErrorSchema(alternative));
}

/** Every operation answers at least one 4xx with the shared ErrorResponse schema. */
function ErrorResponseSchema() {
  return {
    Operation(operation, ctx) {
      const responses = operation.responses ?? {};
      const clientErrors = Object.keys(responses).filter((code) => CLIENT_ERROR_CODE.test(code));
      const usesSharedSchema = clientErrors.some((code) => {
        if (typeof responses[code]?.$ref === 'string' && GATEWAY_ERROR_REF.test(responses[code].$ref)) return true;
        const { node: response } = ctx.resolve(responses[code]);
        const schema = response?.content?.['application/json']?.schema;
        return refersToErrorSchema(schema);
      });
      if (!usesSharedSchema) {
        ctx.report({
          message:
            'Operation needs a 4xx response whose application/json schema is (or offers) ' +
            '$ref common/schemas.yaml#/ErrorResponse; add one, e.g. 4XX: { $ref: ../common/responses.yaml#/GatewayError }.',
          location: ctx.location.child(['responses']).key(),
        });
      }
    },
  };
}

/** `x-iam` states the page's IAM action and access level, or says the page lists none. */
function IamExtension() {
  return {
    Operation(operation, ctx) {
      const iam = operation['x-iam'];
      const where = ctx.location.child(['x-iam']);
      if (iam === undefined) {
        ctx.report({
          message:
            'Operation lacks x-iam: add { action: <service:resource:verb>, accessLevel: <level> } from the page, ' +
            'or { action: null, note: ... } when the page lists none.',
          location: ctx.location.child(['operationId']).key(),
        });
        return;
      }
      if (iam === null || typeof iam !== 'object') {
        ctx.report({ message: 'x-iam must be an object with `action`.', location: where });
        return;
      }
      if (iam.action === null) {
        if (typeof iam.note !== 'string' || iam.note.trim() === '') {
          ctx.report({ message: 'x-iam with action: null needs a `note` saying why.', location: where });
        }
        return;
      }
      if (typeof iam.action !== 'string' || !IAM_ACTION.test(iam.action)) {
        ctx.report({
          message: `x-iam.action must look like service:resource:verb (e.g. live:stream:deletePullTask), got ${JSON.stringify(iam.action)}.`,
          location: where.child(['action']),
        });
      }
      if (!ACCESS_LEVELS.includes(iam.accessLevel)) {
        ctx.report({
          message: `x-iam.accessLevel must be one of ${ACCESS_LEVELS.join(', ')}; got ${JSON.stringify(iam.accessLevel)}.`,
          location: where.child(['accessLevel']),
        });
      }
    },
  };
}

// Phrases that belong to how a contract was researched, not to what the API does. Readers of the
// docs and of the generated doc comments never saw "the page" or its "stored copy"; that record
// lives in `x-sources` (an operation's or a schema's), which nothing renders.
const PROCESS_NOTES = [
  [/\bstored cop(?:y|ies)\b/i, 'a stored copy'],
  [/\b(?:[Ww]e|[Oo]ur)\b|(?<![-\w])us\b/, 'first person (we, our, us)'],
  [/\bseed (?:pages?|docs?|documents?)\b/i, 'seed pages'],
  [/\beditions?\b/i, 'page editions'],
  [/\bwritten from the\b|\bmodell?ed (?:from|on)\b|\bSDK'?s? models?\b/i, 'where the facts came from'],
  [/\bSources?:/, 'where the facts came from'],
  [/\b(?:the|that|its) (?:vendor(?:'s)? |reference |API reference )?pages?\b(?!\s+(?:of|to|in|with|after|before|size|token|number|marker|limit|index)\b)|\bthis page (?:does|says|gives|lists|documents|shows)\b|\bpage's\b|\bpages'\b/i, 'the vendor page'],
  [/`\w+Client\.\w+`|`\w*(?:Req|Request|Response)`/, 'an SDK class name'],
];
const USER_TEXT_FIELDS = ['description', 'summary', 'title'];

function findProcessNote(text) {
  for (const [pattern, what] of PROCESS_NOTES) {
    const match = pattern.exec(text);
    if (match) return { what, found: match[0] };
  }
  return undefined;
}

/** Text the docs and doc comments show speaks to users: no process notes (they go in `x-sources`). */
function UserFacingText() {
  const check = (fields) => (node, ctx) => {
    if (!node || typeof node !== 'object') return;
    for (const field of fields) {
      const text = field === 'x-iam.note' ? node['x-iam']?.note : node[field];
      if (typeof text !== 'string') continue;
      const note = findProcessNote(text);
      if (note) {
        ctx.report({
          message:
            `${field} holds a process note (${note.what}: "${note.found}"). Say what the API does in user terms ` +
            `("Huawei Cloud's API reference does not document …"); move how the contract was written to x-sources.`,
          location: field === 'x-iam.note' ? ctx.location.child(['x-iam', 'note']) : ctx.location.child([field]),
        });
      }
    }
  };
  const plain = check(USER_TEXT_FIELDS);
  return {
    Info: plain,
    Tag: plain,
    Operation: check([...USER_TEXT_FIELDS, 'x-iam.note']),
    Parameter: plain,
    RequestBody: plain,
    Response: plain,
    Header: plain,
    Schema: plain,
    Example: plain,
  };
}

export default function houseRules() {
  return {
    id: 'house',
    rules: {
      oas3: {
        'error-response-schema': ErrorResponseSchema,
        'iam-extension': IamExtension,
        'user-facing-text': UserFacingText,
      },
    },
  };
}
