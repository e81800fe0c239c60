import type { components, operations } from '../../cli/api-types.ts';

/**
 * The console's client of the documented API (docs/openapi.json); its types are the CLI's, generated
 * from that document by `npm run openapi:types`. Every failure becomes an ApiFailure the page can
 * show as a sentence: the API's problem+json, API Gateway's own {message}, or no answer at all.
 */

export type Schemas = components['schemas'];
export type ClientSummary = Schemas['ClientSummary'];
export type ClientSettings = Schemas['ClientSettings'];
export type ClientSettingsInput = Schemas['ClientSettingsInput'];
export type FileEntry = Schemas['FileEntry'];
export type ReportVersion = Schemas['ReportVersion'];
export type ReportsResponse = Schemas['ReportsResponse'];
export type AuditEvent = Schemas['AuditEvent'];
export type Problem = Schemas['Problem'];

export type Failure =
  | { kind: 'problem'; status: number; problem: Problem }
  | { kind: 'gateway'; status: number }
  | { kind: 'network' };

export class ApiFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.kind === 'problem' ? failure.problem.detail : failure.kind === 'gateway' ? `HTTP ${failure.status}` : 'network');
    this.name = 'ApiFailure';
  }
  get status(): number | undefined {
    return this.failure.kind === 'network' ? undefined : this.failure.status;
  }
}

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && typeof (body as Problem).detail === 'string' && typeof (body as Problem).code === 'string';

export class Api {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    /** Called on a 401: the token expired or was refused. */
    private readonly onUnauthorized: () => void,
  ) {}

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiFailure({ kind: 'network' });
    }
    if (response.ok) return response;
    if (response.status === 401) this.onUnauthorized();
    const parsed: unknown = await response.json().catch(() => undefined);
    if (isProblem(parsed)) throw new ApiFailure({ kind: 'problem', status: response.status, problem: parsed });
    throw new ApiFailure({ kind: 'gateway', status: response.status });
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.send(method, path, body)).json()) as T;
  }

  clients = () => this.json<Schemas['ClientList']>('GET', '/v1/clients');
  client = (id: string) => this.json<ClientSettings>('GET', `/v1/clients/${enc(id)}`);
  saveClient = (id: string, settings: ClientSettingsInput) => this.json<ClientSettings>('PUT', `/v1/clients/${enc(id)}`, settings);
  /** Years with computed figures, newest first. */
  years = (id: string) => this.json<Schemas['YearList']>('GET', `/v1/clients/${enc(id)}/years`);
  files = (id: string, year: number) => this.json<Schemas['FileList']>('GET', `/v1/clients/${enc(id)}/years/${year}/files`);
  deleteFile = (id: string, year: number, name: string) =>
    this.json<Schemas['FileDeleted']>('DELETE', `/v1/clients/${enc(id)}/years/${year}/files/${enc(name)}`);
  uploadTicket = (id: string, year: number, filename: string) =>
    this.json<Schemas['UploadTicket']>('POST', `/v1/clients/${enc(id)}/uploads`, { year, filename } satisfies Schemas['UploadRequest']);
  reports = (id: string, year: number) => this.json<ReportsResponse>('GET', `/v1/clients/${enc(id)}/reports/${year}`);
  regenerate = (id: string, year: number) =>
    this.json<Schemas['JobResponse']>('POST', `/v1/clients/${enc(id)}/reports/${year}`, {} satisfies Schemas['RegenerateRequest']);
  /** Approve and send: e-mails the version to the client's recipients, once. */
  approve = (id: string, year: number, version: number) =>
    this.json<Schemas['SendResponse']>('POST', `/v1/clients/${enc(id)}/reports/${year}/${version}/send`);
  /** The PDF: the API answers 302 to a presigned URL, which fetch follows (without the bearer token). */
  async reportPdf(id: string, year: number, version: number): Promise<Blob> {
    const response = await this.send('GET', `/v1/clients/${enc(id)}/reports/${year}/${version}`);
    return response.blob();
  }
  commentary = async (id: string, year: number): Promise<Schemas['Commentary'] | undefined> => {
    try {
      return await this.json<Schemas['Commentary']>('GET', `/v1/clients/${enc(id)}/years/${year}/commentary`);
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 404) return undefined;
      throw error;
    }
  };
  saveCommentary = (id: string, year: number, markdown: string) =>
    this.json<operations['putCommentary']['responses'][202]['content']['application/json']>('PUT', `/v1/clients/${enc(id)}/years/${year}/commentary`, { markdown } satisfies Schemas['CommentaryInput']);
  audit = (id: string, limit: number) => this.json<Schemas['AuditList']>('GET', `/v1/audit?clientId=${enc(id)}&limit=${limit}`);
  erase = (id: string, respondent: string) =>
    this.json<Schemas['ErasureResult']>('POST', `/v1/clients/${enc(id)}/erasure`, { respondent } satisfies Schemas['ErasureRequest']);
}

const enc = encodeURIComponent;

/**
 * PUTs a file to a presigned URL with progress. XMLHttpRequest, because fetch reports no upload
 * progress. The URL is used as given (S3, a proxy in front of it, or the local emulator).
 */
export function putWithProgress(url: string, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`HTTP ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(file);
  });
}
