'use strict';
// Runtime status texts and error reasons are message keys of the nodes' catalogues, read through
// Node-RED's own runtime i18n (@node-red/util i18n, as the runtime gives each node module RED._
// with its namespace): Japanese when Node-RED runs in Japanese, and the English of
// src/lib/messages.ts, unchanged, when it runs in English or has no catalogue (the test helper).
const path = require('path');
require('should');
const { repoRoot } = require('../support/node-red-path');
const { moduleRed, useRuntimeI18n } = require('../support/runtime-i18n');

const dist = path.join(repoRoot, 'dist');
const i18nLib = require(path.join(dist, 'lib', 'i18n.js'));
const { RequestStatus, pacingNote, shortReason } = require(path.join(dist, 'lib', 'status.js'));
const { graphErrorFromResponse, invalidResponse } = require(path.join(dist, 'lib', 'graph-errors.js'));
const { coerce } = require(path.join(dist, 'lib', 'inputs.js'));

function fakeNode() {
  const shown = [];
  return { shown, status: (s) => shown.push(s) };
}

describe('runtime texts come from the message catalogues', function () {
  this.timeout(20000);
  const runtime = useRuntimeI18n();

  for (const type of ['entra-user', 'entra-trigger', 'entra-connection']) {
    it(`${type}: Node-RED in Japanese shows the shared status texts and error reasons in Japanese`, async function () {
      await runtime.speak(type, 'ja');
      const node = fakeNode();
      const status = new RequestStatus(node);
      status.begin();
      node.shown.pop().text.should.equal('リクエスト中');
      status.fail(graphErrorFromResponse(404, {}, { error: { code: 'Request_ResourceNotFound', message: "Resource 'x' does not exist" } }));
      node.shown.pop().text.should.equal('404 見つかりません');
      const denied = graphErrorFromResponse(
        403,
        {},
        { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } },
      );
      denied.message.should.equal(
        '権限不足: アプリ登録にこの操作に必要な Graph のアクセス許可 (または管理者の同意) がありません: Insufficient privileges to complete the operation.',
      );
      pacingNote({ state: 'throttled', resumeAt: 5000 }, 1000).should.equal('スロットリング中、4 秒後に再試行');
      (() => coerce('top', 'number', 'ten')).should.throw('top: は数値でなければなりません (値: string "ten")');
      // An invalid 2xx answer and its status.
      const invalid = invalidResponse(200, { 'content-type': 'text/html' }, '<html>', i18nLib.t('errors.invalid.html'));
      invalid.message.should.equal(
        'Microsoft Graph からの不正な応答: JSON リクエストに HTML ページが返されました (HTTP 200, text/html; 先頭バイト: "<html>")',
      );
      shortReason(invalid).should.equal('200 不正な応答');
    });
  }

  it('the trigger reads its own status texts from its catalogue (RED._("entra-trigger.status.…"))', async function () {
    const RED = await runtime.speak('entra-trigger', 'ja');
    i18nLib
      .nodeText(RED, 'entra-trigger.status.polling', 'polling every __seconds__ s', { seconds: 60 })
      .should.equal('60 秒ごとにポーリング');
    // Its settings' error reasons too (read at deploy).
    const { readTriggerSettings } = require(path.join(dist, 'nodes', 'entra-trigger', 'trigger-settings.js'));
    const { TRIGGER_TEXTS } = require(path.join(dist, 'nodes', 'entra-trigger', 'trigger-messages.js'));
    const text = (key, subs) => i18nLib.nodeText(RED, `entra-trigger.errors.${key}`, TRIGGER_TEXTS.errors[key], subs);
    (() => readTriggerSettings({ id: 'n1', resource: 'users', delivery: 'polling', pollIntervalSeconds: 'x' }, text)).should.throw(
      'pollIntervalSeconds: は 0 より大きい秒数でなければなりません (値: "x")',
    );
    (() => readTriggerSettings({ id: 'n1', resource: 'users', delivery: 'polling', pollIntervalSeconds: 'x' })).should.throw(
      'pollIntervalSeconds: must be a number of seconds above 0, got "x"',
    );
    await runtime.i18n.i.changeLanguage('en-US');
    i18nLib.nodeText(RED, 'entra-trigger.status.polling', 'unused', { seconds: 60 }).should.equal('polling every 60 s');
  });

  it('Node-RED in English shows the same English texts as without a catalogue', async function () {
    // Not handed to the module yet: the first texts are the fallback's.
    const RED = await moduleRed(runtime.i18n, 'entra-group');
    await runtime.i18n.i.changeLanguage('en-US');
    const texts = () => {
      const node = fakeNode();
      const status = new RequestStatus(node);
      status.begin();
      status.fail(
        graphErrorFromResponse(
          400,
          {},
          {
            error: {
              code: 'Request_BadRequest',
              message: "One or more added object references already exist for the following modified properties: 'members'.",
            },
          },
        ),
      );
      return [
        ...node.shown.map((s) => s.text),
        graphErrorFromResponse(403, {}, { error: { code: 'Authorization_RequestDenied', message: 'x' } }).message,
        shortReason(new Error('plain')),
      ];
    };
    const fallback = texts();
    fallback.should.eql([
      'requesting',
      '400 already a member',
      'Insufficient privileges: the app registration lacks the Graph permission this operation needs (or admin consent): x',
      'plain',
    ]);
    i18nLib.useRuntimeMessages(RED);
    texts().should.eql(fallback);
  });

  it('a runtime without the catalogue (RED._ answers the key) falls back to English', function () {
    i18nLib.useRuntimeMessages({ _: (key) => key });
    i18nLib.t('status.page', { page: 2, items: '1,000' }).should.equal('page 2 · 1,000 items');
    i18nLib.useRuntimeMessages({ _: (key) => `ns/x:${key}` });
    i18nLib.t('errors.required').should.equal('is required');
  });
});
