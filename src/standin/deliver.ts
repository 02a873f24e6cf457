import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export interface DeliveryToSend {
  id: string;
  name: string;
  payload: unknown;
}

export interface SendResult {
  status: number;
  /** Wall-clock milliseconds from sending to the end of the answer. */
  ms: number;
  /** The answer's text, for diagnostics. */
  body: string;
}

export interface SendOptions {
  /** Sent as `X-GitHub-Hook-Installation-Target-ID` (the app id). */
  appId?: number;
  hookId?: number;
  /** Abort the request after this many milliseconds (the answer then has status 0). */
  timeoutMs?: number;
}

export function signature(secret: string, body: string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;
}

/** The headers GitHub sends with a webhook delivery of this exact body. */
export function deliveryHeaders(secret: string, delivery: DeliveryToSend, body: string, options: SendOptions = {}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/stand-in',
    'x-github-event': delivery.name,
    'x-github-delivery': delivery.id,
    'x-github-hook-id': String(options.hookId ?? 1),
    'x-github-hook-installation-target-type': 'integration',
    'x-github-hook-installation-target-id': String(options.appId ?? 1),
    'x-hub-signature': signature(secret, body, 'sha1'),
    'x-hub-signature-256': signature(secret, body),
  };
}

/**
 * POSTs a delivery to a webhook URL the way GitHub does: the payload as JSON, signed with the
 * secret. Network failures and timeouts answer status 0 rather than throwing, as GitHub records them.
 */
export async function signAndSend(url: string, secret: string, delivery: DeliveryToSend, options: SendOptions = {}): Promise<SendResult> {
  const body = JSON.stringify(delivery.payload);
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: deliveryHeaders(secret, delivery, body, options),
      body,
      ...(options.timeoutMs !== undefined ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
    });
    const text = await response.text();
    return { status: response.status, ms: performance.now() - started, body: text };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, body: error instanceof Error ? error.message : String(error) };
  }
}
