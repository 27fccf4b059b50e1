'use strict';
require('should');
const { graphErrorFromResponse, withErrorContext, batchFailure } = require('../../dist/lib/graph-errors');
const { shortReason } = require('../../dist/lib/status');
const { toSafeError, inputError } = require('../../dist/lib/errors');

const body = (code, message) => ({ error: { code, message, innerError: { 'request-id': 'req-1' } } });

describe('graph-errors: friendly reasons', function () {
  it("prefixes Graph's message with a short reason and keeps code, status and request id", function () {
    const e = graphErrorFromResponse(404, {}, body('Request_ResourceNotFound', "Resource 'x' does not exist."));
    e.message.should.equal("Not found: Resource 'x' does not exist.");
    e.code.should.equal('Request_ResourceNotFound');
    e.statusCode.should.equal(404);
    e.requestId.should.equal('req-1');
    shortReason(e).should.equal('404 not found');
  });

  it("gives the same status text for the same Graph answer, whatever the resource's error code", function () {
    shortReason(graphErrorFromResponse(404, {}, body('Request_ResourceNotFound', 'x'))).should.equal('404 not found');
    shortReason(graphErrorFromResponse(404, {}, body('ResourceNotFound', 'x'))).should.equal('404 not found');
    shortReason(
      withErrorContext(graphErrorFromResponse(404, {}, body('ResourceNotFound', 'x')), { notFound: 'Not found: no application with id y' }),
    ).should.equal('404 not found');
    shortReason(graphErrorFromResponse(401, {}, body('InvalidAuthenticationToken', 'x'))).should.equal('401 not authenticated');
  });

  it('reads as the reason alone in msg.error.message (err.toString()), the kind only in the name', function () {
    const e = graphErrorFromResponse(404, {}, body('Request_ResourceNotFound', "Resource 'x' does not exist."));
    String(e).should.equal("Not found: Resource 'x' does not exist.");
    e.name.should.equal('GraphError');
  });

  it('names the permission the operation needs on a 403, in the message and the status', function () {
    const raw = graphErrorFromResponse(403, {}, body('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'));
    raw.message.should.match(/^Insufficient privileges: the app registration lacks/);
    const e = withErrorContext(raw, { permission: 'GroupMember.ReadWrite.All' });
    e.message.should.equal(
      'Insufficient privileges: the app registration needs the GroupMember.ReadWrite.All application permission (with admin consent): Insufficient privileges to complete the operation.',
    );
    e.code.should.equal('Authorization_RequestDenied');
    e.requestId.should.equal('req-1');
    shortReason(e).should.equal('403 needs GroupMember.ReadWrite.All');
  });

  it('tells "already a member", "already exists", "invalid id" and "throttled" apart', function () {
    const cases = [
      [
        400,
        'Request_BadRequest',
        "One or more added object references already exist for the following modified properties: 'members'.",
        'Already a member',
        '400 already a member',
      ],
      [
        400,
        'Request_BadRequest',
        'Another object with the same value for property userPrincipalName already exists.',
        'Already exists',
        '400 already exists',
      ],
      [400, 'Request_BadRequest', "Invalid object identifier 'Sales'.", 'Invalid id (an object id is a GUID)', '400 invalid id'],
      [429, 'TooManyRequests', 'Please retry again later.', 'Throttled by Microsoft Graph: retries exhausted', '429 throttled'],
      [400, 'Request_BadRequest', 'Something else.', 'Bad request', '400 bad request'],
    ];
    for (const [status, code, message, reason, short] of cases) {
      const e = graphErrorFromResponse(status, {}, body(code, message));
      e.message.should.equal(`${reason}: ${message}`);
      shortReason(e).should.equal(short);
    }
  });

  it('lets an operation say what its 404 means', function () {
    const e = withErrorContext(graphErrorFromResponse(404, {}, body('Request_ResourceNotFound', "Resource 'm' does not exist.")), {
      notFound: 'Not a member',
    });
    e.message.should.equal("Not a member: Resource 'm' does not exist.");
    shortReason(e).should.equal('404 not a member');
  });

  it('leaves errors that did not come from a Graph response alone', function () {
    const plain = new Error('boom');
    withErrorContext(plain, { permission: 'X' }).should.equal(plain);
  });

  it('words a $batch answer the same way as a direct response', function () {
    batchFailure(404, body('Request_ResourceNotFound', "Resource 'm' does not exist.")).should.eql({
      code: 'Request_ResourceNotFound',
      message: "Not found: Resource 'm' does not exist.",
      statusCode: 404,
    });
  });
});

describe('errors: msg.error.message is the reason alone', function () {
  // Node-RED sets msg.error.message to err.toString(): never "GraphError: …", "InputError: …" or "Error: …".
  it('for every kind of error, and for an unexpected one', function () {
    String(graphErrorFromResponse(404, {}, body('Request_ResourceNotFound', 'x'))).should.equal('Not found: x');
    String(inputError('userId', 'is required')).should.equal('userId: is required');
    const unexpected = toSafeError(
      Object.assign(new TypeError('cannot read x'), { code: 'E1', config: { headers: { Authorization: 'Bearer t' } } }),
    );
    String(unexpected).should.equal('cannot read x');
    unexpected.code.should.equal('E1');
    unexpected.should.not.have.property('config');
    String(toSafeError('plain')).should.equal('plain');
  });
});
