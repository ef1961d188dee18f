import type { ApiClient } from './api-client.ts';
import { NetworkError, parseRetryAfter, problemFromBody } from './api-errors.ts';

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Field name of the multipart body. */
  field?: string;
  path?: string;
  altcha?: string;
  idempotencyKey?: string;
}

/**
 * Multipart upload (`POST /v1/uploads`, field `file`) through XMLHttpRequest,
 * because fetch has no upload progress. A function beside the client, not a
 * method, so the always-loaded entry does not carry it.
 */
export function upload<T>(client: ApiClient, file: File | Blob, options: UploadOptions = {}): Promise<T> {
  const url = client.url(options.path ?? '/v1/uploads');
  const form = new FormData();
  form.append(options.field ?? 'file', file);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('authorization', `Bearer ${client.apiKey}`);
    if (options.idempotencyKey) xhr.setRequestHeader('idempotency-key', options.idempotencyKey);
    if (options.altcha) xhr.setRequestHeader('x-altcha', options.altcha);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = /json/i.test(xhr.getResponseHeader('content-type') ?? '') ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1);
        resolve(body as T);
      } else {
        const retryAfter = parseRetryAfter(xhr.getResponseHeader('retry-after'));
        reject(problemFromBody(xhr.status, (body ?? {}) as Record<string, unknown>, retryAfter, xhr.statusText));
      }
    };
    xhr.onerror = () => reject(new NetworkError('Upload failed: no response from the server'));
    xhr.onabort = () => reject(options.signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
