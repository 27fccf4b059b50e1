// entra-raw's own error reasons: the `entra-raw.errors` section of its message catalogue (generated
// from the NodeSpec's `errors`; the Japanese is entra-raw.ja.json), read in Node-RED's language
// through rawError(key, subs). Placeholders: __name__.
import { nodeErrors } from '../../lib/i18n';

export const RAW_ERRORS = {
  bothBodies: 'give either data or formData/fileData (a multipart upload), not both',
  apiVersion: 'must be v1.0 or beta, got __value__',
  method: 'must be one of __values__, got __value__',
  responseType: 'must be json, text or binary, got __value__',
  authorization: 'Authorization is set by the connection and cannot be given',
  headerName: '__name__ is not a valid header name',
  headerValue: 'the value of __name__ contains a line break or NUL',
  noBody: 'a __method__ request has no body: leave it empty or choose another method',
  fileData: 'must be an object of part name → Buffer or text',
  fileDataFileNames: 'must be an object of part name → file name',
  filePart: '"__name__" must be a Buffer or text, got __type__',
  filePartArray: '"__name__" must be a Buffer or text, got an array',
  maxRetryCount: 'must be 0 or more, got __value__',
  timeout: 'must be a positive number of milliseconds, got __value__',
};

export const rawError = nodeErrors('entra-raw', RAW_ERRORS);
