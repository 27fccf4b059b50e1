// Node-RED's httpNode app parses no bodies for a node's own routes, and the admin app's parser
// is not guaranteed either: read the body ourselves, with a size limit.
import type { IncomingMessage } from 'http';

export class BodyTooLargeError extends Error {
  readonly statusCode = 413;
}

export function readRawBody(req: IncomingMessage & { body?: unknown }, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new BodyTooLargeError(`request body larger than ${limitBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The JSON body of a request: already parsed by an upstream parser, or read here. */
export async function readJsonBody<T = unknown>(
  req: IncomingMessage & { body?: unknown },
  limitBytes = 1024 * 1024,
): Promise<T | undefined> {
  if (req.body !== undefined && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) return req.body as T;
  if ((req as { readableEnded?: boolean }).readableEnded) return undefined;
  const raw = await readRawBody(req, limitBytes);
  if (raw.length === 0) return undefined;
  return JSON.parse(raw.toString('utf8')) as T;
}
