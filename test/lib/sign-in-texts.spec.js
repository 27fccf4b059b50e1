'use strict';
// The connection's sign-in texts are message keys of its catalogue (issue 10): the device code
// session, the sign-in link refusals, the redirect URI check and the callback page read them in
// Node-RED's language (through the RED._ the connection module hands over), and the route answers
// carry the key and its substitutions so that the dialog shows them in the editor's language.
const path = require('path');
require('should');
const msal = require('@azure/msal-node');
const { repoRoot } = require('../support/node-red-path');
const { useRuntimeI18n } = require('../support/runtime-i18n');

const dist = path.join(repoRoot, 'dist');
const { DeviceCodeSession, deviceCodeOutcome } = require(path.join(dist, 'lib', 'auth', 'device-code-session.js'));
const { redirectUriProblem, redirectUriText } = require(path.join(dist, 'lib', 'auth', 'redirect-uri.js'));
const { REFUSALS } = require(path.join(dist, 'lib', 'auth', 'sign-in-state.js'));
const { render, errorAnswer, KeyedError } = require(path.join(dist, 'lib', 'auth', 'sign-in-messages.js'));
const { createTokenSource } = require(path.join(dist, 'lib', 'auth', 'index.js'));
const { pageLanguage, pageTexts } = require(path.join(dist, 'config', 'entra-connection', 'sign-in.js'));

/** A device code flow that shows a code at once, then ends when the test approves or fails it. */
function fakeSource() {
  const source = { closed: false, close: () => (source.closed = true) };
  source.deviceCode = (onCode) => {
    onCode({ userCode: 'ABCD12345', verificationUri: 'https://login.example/devicelogin', message: 'msal', expiresIn: 900 });
    return new Promise((approve, fail) => Object.assign(source, { approve, fail }));
  };
  return source;
}

describe('sign-in texts of the connection', function () {
  this.timeout(20000);
  const runtime = useRuntimeI18n();
  const japanese = () => runtime.speak('entra-connection', 'ja');

  it('the device code session speaks Japanese when Node-RED runs in Japanese, and its view carries the key for the editor', async function () {
    const RED = await japanese();
    const source = fakeSource();
    const session = new DeviceCodeSession(source);
    const view = session.view();
    view.status.should.equal('pending');
    view.message.should.equal(
      'サインインするには、https://login.example/devicelogin を開いてコード ABCD12345 を入力してください (サインインを待っています)。',
    );
    view.messageKey.should.equal('entra-connection.signIn.enterCode');
    view.messageArgs.should.eql({ uri: 'https://login.example/devicelogin', code: 'ABCD12345' });
    // What the dialog does with it (RED._ of the editor reads the same catalogue).
    RED._(view.messageKey, view.messageArgs).should.equal(view.message);
    source.fail(
      new msal.ServerError('invalid_grant', undefined, 'AADSTS50126: Error validating credentials due to invalid username or password.'),
    );
    await session.done;
    session.status.should.equal('failed');
    // The identity platform's own reason stays as it is, inside the Japanese sentence.
    session
      .describe()
      .should.equal('サインインに失敗しました: AADSTS50126: Error validating credentials due to invalid username or password.');
    session.view().messageKey.should.equal('entra-connection.signIn.failed');
    source.closed.should.be.true();
  });

  it('device code outcomes, link refusals, redirect URI problems and errors in Japanese', async function () {
    await japanese();
    deviceCodeOutcome(new msal.AuthError('post_request_failed', undefined, 'authorization_declined')).should.match({
      status: 'declined',
      message: '確認ページでサインインが拒否されました。新しいコードを取得するには [サインイン] をクリックしてください。',
    });
    deviceCodeOutcome(new msal.ClientAuthError('device_code_expired')).message.should.match(/^だれもサインインしないうちに/);
    render(REFUSALS.used).should.equal(
      'このサインインリンクは既に使用されています。接続のダイアログでもう一度 [認証] をクリックしてください。',
    );
    redirectUriProblem('not a url').should.equal('redirectUri: 有効な URL ではありません');
    redirectUriProblem('http://192.168.1.20:1880/entra-connection/auth/callback').should.containEql('http://192.168.1.20:1880 から提供');
    redirectUriText('https://x.example/elsewhere').should.eql({
      key: 'entra-connection.signIn.redirectPath',
      args: { path: 'entra-connection/auth/callback' },
    });
    const err = (() => {
      try {
        createTokenSource({ authType: 'deviceCode', tenantId: 't', clientId: 'c' });
      } catch (e) {
        return e;
      }
    })();
    err.should.be.instanceOf(KeyedError);
    err.message.should.equal('deviceCode にはトークンキャッシュが必要です');
    errorAnswer(err).should.eql({
      message: 'deviceCode にはトークンキャッシュが必要です',
      messageKey: 'entra-connection.signIn.needsTokenCache',
      messageArgs: { authType: 'deviceCode' },
    });
    errorAnswer(new Error('AADSTS90002: tenant not found')).should.eql({ message: 'AADSTS90002: tenant not found' });
  });

  it('Test connection: how the connection signs in, and its lines, in Japanese (the dialog renders the keys as render() does)', async function () {
    const RED = await japanese();
    const { resolveEndpoints } = require(path.join(dist, 'lib', 'clouds.js'));
    const source = createTokenSource({
      nodeId: 'n1',
      authType: 'clientCredentials',
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's',
      scopes: [],
      endpoints: resolveEndpoints('global'),
    });
    source.describe().should.equal('クライアント資格情報 (クライアントシークレット)');
    const line = {
      key: 'entra-connection.test.signedIn',
      args: { source: source.describeText(), scope: 'https://graph.microsoft.com/.default' },
    };
    render(line).should.equal(
      'サインイン: クライアント資格情報 (クライアントシークレット)、https://graph.microsoft.com/.default のトークン',
    );
    // The dialog's keyedText(): nested keys first, then RED._ (the editor reads the same catalogue).
    const keyedText = (m) =>
      RED._(m.key, Object.fromEntries(Object.entries(m.args || {}).map(([k, v]) => [k, v && typeof v === 'object' ? keyedText(v) : v])));
    keyedText(line).should.equal(render(line));
    await source.close();
  });

  it('the English of the code, unchanged, without a catalogue (the English the e2e tests read)', function () {
    const session = new DeviceCodeSession(fakeSource());
    session
      .describe()
      .should.equal('To sign in, open https://login.example/devicelogin and enter the code ABCD12345 (waiting for the sign-in).');
    deviceCodeOutcome(new msal.AuthError('post_request_failed', undefined, 'expired_token')).message.should.equal(
      'The code expired before anyone signed in with it. Click Sign in to get a new code.',
    );
    render(REFUSALS.unknown).should.match(/^This sign-in link is not known/);
    session.cancel();
  });

  it("the callback page follows the browser's Accept-Language, not the runtime's language", async function () {
    pageLanguage('ja').should.equal('ja');
    pageLanguage('ja-JP,ja;q=0.9,en;q=0.8').should.equal('ja');
    pageLanguage('en-US,ja;q=0.9').should.equal('en-US');
    pageLanguage('fr-FR,ja;q=0.5').should.equal('ja');
    pageLanguage('fr-FR,de;q=0.5').should.equal('en-US');
    pageLanguage('ja;q=0, en').should.equal('en-US');
    pageLanguage(undefined).should.equal('en-US');
    const ja = pageTexts('ja-JP,ja;q=0.9');
    ja.lang.should.equal('ja');
    ja('refused').should.equal('サインインが拒否されました');
    ja({ key: 'entra-connection.signInPage.signedInAs', args: { account: { key: 'entra-connection.signInPage.theUser' } } }).should.equal(
      'ユーザー としてサインインしました。このウィンドウは閉じてかまいません。',
    );
    ja(REFUSALS.expired).should.match(/^このサインインリンクは有効期限が切れています/);
    // Node-RED in Japanese, the browser in English: English.
    await japanese();
    const en = pageTexts('en-US');
    en('failed').should.equal('Sign-in failed');
    en({ key: 'entra-connection.signInPage.platformAnswered', args: { reason: 'AADSTS65004: declined' } }).should.equal(
      'The identity platform answered: AADSTS65004: declined',
    );
  });
});
