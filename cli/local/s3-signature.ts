import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * AWS Signature Version 4 check for the local S3 (s3rver checks only the old V2 signatures and lets
 * unsigned requests through). With it the local stack refuses what S3 refuses: a request without a
 * signature, a signature by another key, a changed method, key, query or signed header, and a presigned
 * URL used for another key or after it expired. So a test can show that a presigned URL opens only
 * its own key. CORS preflights (OPTIONS) carry no signature in S3 either and pass.
 *
 * What S3 checks beyond this is left out: the payload hash is taken as the request declares it (the
 * body is not hashed again), and clock skew on header-signed requests is not checked.
 */

export interface SignatureRequest {
  method: string;
  /** The request target as received: path and query, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
}

export type SignatureVerdict = { ok: true } | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId'; message: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';

export function checkSignature(request: SignatureRequest, credentials: { accessKeyId: string; secretAccessKey: string }, now: Date): SignatureVerdict {
  if (request.method === 'OPTIONS') return { ok: true };
  const queryAt = request.url.indexOf('?');
  const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const query = [...new URLSearchParams(queryAt === -1 ? '' : request.url.slice(queryAt + 1))];
  const param = (name: string) => query.find(([k]) => k === name)?.[1];
  const authorization = header(request.headers, 'authorization');
  const presigned = param('X-Amz-Algorithm') !== undefined;
  if (authorization === undefined && !presigned) return { ok: false, code: 'AccessDenied', message: 'Access Denied: the request is not signed (Signature Version 4).' };

  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  let amzDate: string | undefined;
  let payloadHash: string;
  if (presigned) {
    if (param('X-Amz-Algorithm') !== ALGORITHM) return mismatch('only AWS4-HMAC-SHA256 presigned URLs are accepted.');
    credential = param('X-Amz-Credential');
    signedHeaders = param('X-Amz-SignedHeaders');
    signature = param('X-Amz-Signature');
    amzDate = param('X-Amz-Date');
    payloadHash = param('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
    const expires = Number(param('X-Amz-Expires'));
    const signedAt = amzDate === undefined ? Number.NaN : Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`);
    if (!Number.isFinite(expires) || !Number.isFinite(signedAt)) return mismatch('the presigned URL has no valid X-Amz-Date and X-Amz-Expires.');
    if (now.getTime() > signedAt + expires * 1000) return { ok: false, code: 'AccessDenied', message: 'Request has expired.' };
  } else {
    const match = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/.exec(authorization ?? '');
    if (match === null) return mismatch('only AWS4-HMAC-SHA256 Authorization headers are accepted.');
    [, credential, signedHeaders, signature] = match;
    amzDate = header(request.headers, 'x-amz-date');
    payloadHash = header(request.headers, 'x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD';
  }
  if (credential === undefined || signedHeaders === undefined || signature === undefined || amzDate === undefined) return mismatch('the signature is incomplete.');
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) return { ok: false, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  if (date === undefined || region === undefined || service === undefined || terminator !== 'aws4_request' || !amzDate.startsWith(date)) return mismatch('the credential scope is malformed.');

  const headerNames = signedHeaders.split(';');
  if (!headerNames.includes('host')) return mismatch('the host header must be signed.');
  const canonicalHeaders = headerNames.map((name) => `${name}:${(header(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalQuery = query
    .filter(([k]) => !(presigned && k === 'X-Amz-Signature'))
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [request.method, path, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign).digest('hex'));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return mismatch('The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
  return { ok: true };
}

/** The S3 error document for a refused request. */
export function signatureErrorXml(verdict: Extract<SignatureVerdict, { ok: false }>): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${verdict.code}</Code><Message>${escape(verdict.message)}</Message></Error>`;
}

function mismatch(message: string): SignatureVerdict {
  return { ok: false, code: 'SignatureDoesNotMatch', message };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

/** SigV4's URI encoding: every byte but A–Z a–z 0–9 - _ . ~ percent-encoded. */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
