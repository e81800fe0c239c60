import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

/**
 * The local stand-in for API Gateway: real HTTP on loopback, each request translated into the
 * payload-v2 event API Gateway would send and handed to the production handler module.
 * It never adds authorizer claims, so the handler verifies the bearer token itself.
 */

export type ApiEventHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway's payload limit is 10 MB; settings with a logo stay well under this. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export const LOCAL_ISSUER = 'effekt-local';
export const LOCAL_AUDIENCE = 'effekt-api';
export const DEFAULT_SIGNING_KEY_FILE = '.effekt/api-signing-key.json';

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

const isTextual = (contentType: string | undefined) =>
  !contentType || /^(application\/(json|[\w.+-]*\+json|x-www-form-urlencoded)|text\/)/i.test(contentType);

export function toGatewayEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway joins repeated query parameters with commas.
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const textual = isTextual(headers['content-type']);
  const now = new Date();
  const host = headers.host ?? 'localhost';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie ? req.headers.cookie.split(/;\s*/) : undefined,
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.byteLength === 0 ? undefined : textual ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.byteLength > 0 && !textual,
  };
}

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  const body = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  res.writeHead(result.statusCode ?? 200, { ...headers, 'content-length': String(body.byteLength) });
  res.end(body);
}

/** What a gateway answers itself (no Lambda involved), in the API's own error shape. */
function gatewayError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code, message, requestId: randomUUID() } }),
  });
}

export interface ApiServer {
  url: string;
  server: Server;
  /** Requests before this is set are answered 503 (the pipeline is still starting). */
  setHandler(handler: ApiEventHandler): void;
  close(): Promise<void>;
}

export async function startApiServer(options: { port: number; host?: string }): Promise<ApiServer> {
  let handler: ApiEventHandler | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      if (!handler) return gatewayError(res, 503, 'unavailable', 'The local API is still starting; try again in a moment.');
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) return gatewayError(res, 413, 'payload-too-large', 'The request body is too large.');
        throw error;
      }
      send(res, await handler(toGatewayEvent(req, body)));
    })().catch(() => {
      if (!res.headersSent) gatewayError(res, 500, 'internal', 'Something went wrong on our side.');
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    server,
    setHandler(h) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

// ---- local signing key and tokens ------------------------------------------------------------

export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The ES256 key pair `effekt serve` trusts and `effekt token` signs with; created on first use. */
export async function loadOrCreateSigningKey(path = DEFAULT_SIGNING_KEY_FILE): Promise<SigningKey> {
  const absolute = resolve(path);
  if (existsSync(absolute)) return JSON.parse(await readFile(absolute, 'utf8')) as SigningKey;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const key: SigningKey = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), alg: 'ES256', kid },
    publicJwk: { ...(await exportJWK(publicKey)), alg: 'ES256', kid, use: 'sig' },
  };
  await mkdir(dirname(absolute), { recursive: true });
  await writeFile(absolute, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  return key;
}

export interface TokenClaims {
  sub: string;
  groups: string[];
  clients?: string[];
  /** As Cognito's `email` claim: drafts and rejections of this person's uploads go there. */
  email?: string;
  ttlSeconds?: number;
  /** Override issue time (tests make expired tokens). */
  issuedAt?: number;
}

/** A token shaped like a Cognito ID token: `cognito:groups` plus a `clients` list. */
export async function mintToken(key: SigningKey, claims: TokenClaims): Promise<string> {
  const iat = claims.issuedAt ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, string | string[]> = { 'cognito:groups': claims.groups, token_use: 'id' };
  if (claims.clients) payload.clients = claims.clients;
  if (claims.email) payload.email = claims.email;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (claims.ttlSeconds ?? 3600))
    .sign(await importJWK(key.privateJwk, 'ES256'));
}

/** The environment that makes the API handler trust tokens signed with this key. */
export function apiAuthEnvironment(key: SigningKey): Record<string, string> {
  return { API_JWT_PUBLIC_KEY: JSON.stringify(key.publicJwk), API_JWT_ISSUER: LOCAL_ISSUER, API_JWT_AUDIENCE: LOCAL_AUDIENCE };
}
