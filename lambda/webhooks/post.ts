/**
 * One POST to a checked receiver. It connects to the address the guard
 * checked (never resolving the name again), follows no redirect (a 3xx is an
 * answer like any other), reads at most MAX_ANSWER_BYTES of the answer before
 * dropping the connection, and gives up when the whole attempt (connection,
 * TLS, answer) takes longer than its deadline.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { CheckedReceiver } from './receiver-guard';

/** A receiver's answer matters only for its status; nothing past this much of it is read. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** Resolves with the answer's status; rejects when the receiver cannot be reached in time. */
export function postToReceiver(receiver: CheckedReceiver, headers: Record<string, string>, body: string, deadline: number): Promise<number> {
  const { url, address, family } = receiver;
  const secure = url.protocol === 'https:';
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)({
      host: address,
      family,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
      agent: false, // a fresh connection to the checked address, never a pooled one to another
      // TLS checks the certificate against the URL's name (SNI carries names only, not IP literals).
      ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
    });
    const timer = setTimeout(() => request.destroy(new Error('the receiver did not answer in time')), Math.max(0, deadline - Date.now()));
    const finish = (status: number) => {
      clearTimeout(timer);
      request.destroy();
      resolve(status);
    };
    request.on('response', (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_ANSWER_BYTES) finish(response.statusCode ?? 0);
      });
      // The status is known once the answer starts: a cut-off body changes nothing.
      response.on('end', () => finish(response.statusCode ?? 0));
      response.on('error', () => finish(response.statusCode ?? 0));
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}
