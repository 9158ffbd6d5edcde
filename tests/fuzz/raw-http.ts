/** A bare HTTP/1.1 client over a socket: sends bytes as they are and reads what comes back. */
import { connect } from 'node:net';

/** What the server answered: its status and body, or nothing (the connection closed, or time ran out). */
export interface RawResponse {
  status: number | null;
  body: string;
  /** The socket error, if one ended the exchange (an answer may still have come first). */
  error?: string;
  /** True when no answer came within the time bound. */
  timedOut: boolean;
  ms: number;
}

/** The body of a chunked response. */
function unchunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  while (pos < body.length) {
    const eol = body.indexOf('\r\n', pos);
    if (eol === -1) break;
    const size = parseInt(body.subarray(pos, eol).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Sends `bytes` to 127.0.0.1:`port` and reads until the server closes (requests say
 * `Connection: close`) or `timeoutMs` passes. `halfClose` ends our side after sending.
 */
export function sendRaw(
  port: number,
  bytes: Buffer,
  options: { halfClose?: boolean; headFirst?: boolean; timeoutMs: number },
): Promise<RawResponse> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let settled = false;
    const socket = connect({ port, host: '127.0.0.1' });
    const finish = (timedOut: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(chunks);
      const headEnd = data.indexOf('\r\n\r\n');
      const head = data.subarray(0, headEnd === -1 ? data.length : headEnd).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      let body: Buffer = headEnd === -1 ? Buffer.alloc(0) : data.subarray(headEnd + 4);
      if (/\r\ntransfer-encoding: *chunked/i.test(head)) body = unchunk(body);
      resolve({
        status: m ? Number(m[1]) : null,
        body: body.toString('utf8'),
        error,
        timedOut: timedOut && !m,
        ms: performance.now() - t0,
      });
    };
    const timer = setTimeout(() => finish(true), options.timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
      // The server may answer (413) and close while a large body is still being written.
      if (chunks.length > 0) finish(false);
    });
    const send = (part: Buffer, last: boolean): void => {
      socket.write(part, () => {
        if (last && options.halfClose) socket.end();
      });
    };
    socket.on('connect', () => {
      const headEnd = bytes.indexOf('\r\n\r\n');
      if (!options.headFirst || headEnd === -1) return send(bytes, true);
      // As a client sending a large body would: the head, then the body unless an answer came first
      // (a 413 for a Content-Length over the limit), so that the answer is not lost to a reset
      // connection while the body is still being written.
      send(bytes.subarray(0, headEnd + 4), false);
      setTimeout(() => {
        if (chunks.length === 0 && !settled) send(bytes.subarray(headEnd + 4), true);
      }, 2000);
    });
  });
}
