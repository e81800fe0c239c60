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

/** API Gateway's payload limit (HTTP APIs): a larger body never reaches the function. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

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

/**
 * What API Gateway (HTTP API) answers by itself, without calling the function: its own JSON
 * `{"message": ...}` bodies, not the API's problem+json. The local server answers these exactly so.
 */
export const GATEWAY_MESSAGES = {
  401: 'Unauthorized',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
} as const;

function gatewayError(res: ServerResponse, status: keyof typeof GATEWAY_MESSAGES, headers: Record<string, string> = {}): void {
  send(res, {
    statusCode: status,
    headers: { 'content-type': 'application/json', 'apigw-requestid': randomUUID(), ...headers },
    body: JSON.stringify({ message: GATEWAY_MESSAGES[status] }),
  });
}

/** What the gateway checks before the function runs, as the deployed stage is configured (infra/constructs/api.ts). */
export interface GatewayRules {
  /** Route templates (`/v1/clients/{clientId}`): every method on them reaches the function (ANY routes), others are 404. */
  paths: readonly string[];
  /** The JWT authorizer: resolves when the bearer token is valid, rejects with a reason otherwise. */
  authorize(authorization: string | undefined): Promise<void>;
  /** Stage throttling: steady requests per second and burst. */
  throttle: { rateLimit: number; burstLimit: number };
}

function matchesTemplate(path: string, templates: readonly string[]): boolean {
  const segments = path.split('/');
  return templates.some((t) => {
    const parts = t.split('/');
    return parts.length === segments.length && parts.every((p, i) => (p.startsWith('{') ? segments[i] !== '' : p === segments[i]));
  });
}

/** A token bucket, as API Gateway's stage throttling is. */
function tokenBucket({ rateLimit, burstLimit }: GatewayRules['throttle']): () => boolean {
  let tokens = burstLimit;
  let last = Date.now();
  return () => {
    const now = Date.now();
    tokens = Math.min(burstLimit, tokens + ((now - last) / 1000) * rateLimit);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/** Static files served beside the API (the console): every path outside /v1, as CloudFront serves them in AWS. */
export interface StaticSite {
  files: ReadonlyMap<string, { body: Uint8Array; contentType: string }>;
  /** Sent with every file (security headers). */
  headers: Record<string, string>;
}

export interface ApiServer {
  url: string;
  server: Server;
  /** Requests before this is set are answered 503 (the pipeline is still starting). */
  setHandler(handler: ApiEventHandler, gateway?: GatewayRules): void;
  setSite(site: StaticSite): void;
  close(): Promise<void>;
}

const isApiPath = (path: string) => path === '/v1' || path.startsWith('/v1/');

function serveStatic(req: IncomingMessage, res: ServerResponse, site: StaticSite, path: string): void {
  const file = site.files.get(path === '/' ? '/index.html' : path);
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(file ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8', ...site.headers });
    res.end(file ? 'Method Not Allowed' : 'Not Found');
    return;
  }
  res.writeHead(200, { ...site.headers, 'content-type': file.contentType, 'content-length': String(file.body.byteLength), 'cache-control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

export async function startApiServer(options: { port: number; host?: string }): Promise<ApiServer> {
  let handler: ApiEventHandler | undefined;
  let gateway: GatewayRules | undefined;
  let take: () => boolean = () => true;
  let site: StaticSite | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (site && !isApiPath(path)) return serveStatic(req, res, site, path);
      if (!handler) return gatewayError(res, 503);
      if (!take()) return gatewayError(res, 429);
      if (gateway && !matchesTemplate(path, gateway.paths)) return gatewayError(res, 404);
      if (gateway) {
        try {
          await gateway.authorize(req.headers.authorization);
        } catch (error) {
          const reason = (error as Error).message.replace(/"/g, "'");
          return gatewayError(res, 401, {
            'www-authenticate': req.headers.authorization ? `Bearer scope="" error="invalid_token" error_description="${reason}"` : 'Bearer',
          });
        }
      }
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) return gatewayError(res, 413);
        throw error;
      }
      send(res, await handler(toGatewayEvent(req, body)));
    })().catch(() => {
      // The function failed (threw or timed out): the gateway answers for it.
      if (!res.headersSent) gatewayError(res, 500);
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
    setHandler(h, rules) {
      handler = h;
      gateway = rules;
      if (rules) take = tokenBucket(rules.throttle);
    },
    setSite(s) {
      site = s;
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
