'use strict';
// A minimal Node-RED context store backed by Redis, for the tests only (no Redis context store
// plugin is installable from the registry these tests use). settings.js:
//   contextStorage: { shared: { module: require('<this file>'), config: { port: 6379, prefix: 'nr' } } }
// Each scope (a node id, a flow id, "global") is a Redis hash; each context key a field holding the
// value as JSON. Top-level keys only: that is all the package under test writes. Every get reads
// Redis, so another process's writes are seen at once.
const { RedisClient } = require('./redis');

class RedisContextStore {
  constructor(config = {}) {
    this.port = Number(config.port) || 6379;
    this.host = config.host || '127.0.0.1';
    this.prefix = config.prefix || 'nodered';
  }

  hash(scope) {
    return `${this.prefix}:${scope}`;
  }

  async open() {
    this.client = new RedisClient(this.port, this.host);
    await this.client.ready;
  }

  async close() {
    if (this.client) this.client.close();
    this.client = undefined;
  }

  get(scope, key, callback) {
    if (typeof callback !== 'function') throw new Error('this context store needs a callback (asynchronous)');
    const keys = Array.isArray(key) ? key : [key];
    const bad = keys.find((k) => /[.[\]]/.test(k));
    if (bad) return callback(new Error(`redis-context-store: nested key "${bad}" is not supported`));
    Promise.all(keys.map((k) => this.client.command('HGET', this.hash(scope), k)))
      .then((values) => {
        const parsed = values.map((v) => (v === null ? undefined : JSON.parse(v)));
        if (Array.isArray(key)) callback(null, ...parsed);
        else callback(null, parsed[0]);
      })
      .catch((err) => callback(err));
  }

  set(scope, key, value, callback) {
    const keys = Array.isArray(key) ? key : [key];
    const values = Array.isArray(key) ? (Array.isArray(value) ? value : [value]) : [value];
    const bad = keys.find((k) => /[.[\]]/.test(k));
    const done = typeof callback === 'function' ? callback : () => undefined;
    if (bad) return done(new Error(`redis-context-store: nested key "${bad}" is not supported`));
    Promise.all(
      keys.map((k, i) => {
        const v = values[i];
        return v === undefined || v === null
          ? this.client.command('HDEL', this.hash(scope), k)
          : this.client.command('HSET', this.hash(scope), k, JSON.stringify(v));
      }),
    )
      .then(() => done(null))
      .catch((err) => done(err));
  }

  keys(scope, callback) {
    this.client
      .command('HKEYS', this.hash(scope))
      .then((keys) => callback(null, keys))
      .catch((err) => callback(err));
  }

  async delete(scope) {
    await this.client.command('DEL', this.hash(scope));
  }

  async clean() {
    // Another Node-RED shares these scopes: nothing is cleaned on this process's behalf.
  }
}

module.exports = function (config) {
  return new RedisContextStore(config);
};
module.exports.toString = () => 'test/support/redis-context-store';
