// Request body reading with a size limit, and parsing of JSON / form bodies.
import type { IncomingMessage } from 'http';

export class BodyTooLarge extends Error {}

/** The body's bytes (multipart uploads and binary streams need them unaltered). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) {
        failed = true;
        reject(e);
      }
    });
  });
}

export class InvalidJson extends Error {}

/** JSON bodies are parsed (throws InvalidJson), form bodies become an object, anything else stays text. */
export function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  if (ct.includes('json')) {
    try {
      return JSON.parse(raw);
    } catch {
      throw new InvalidJson();
    }
  }
  return raw;
}
