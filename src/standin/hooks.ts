/** The app's webhook delivery log, as `GET /app/hook/deliveries` lists it. */

export interface HookDeliveryInput {
  guid: string;
  event: string;
  action?: string | null;
  /** The app's HTTP answer; 0 when the request failed or timed out. */
  status_code: number;
  installationId?: number | null;
  repositoryId?: number | null;
  redelivery?: boolean;
  /** Seconds. */
  duration?: number;
}

export interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  throttled_at: null;
}

export interface RedeliveryRequest {
  deliveryId: number;
  guid: string;
  at: string;
}

export function deliveryStatus(code: number): string {
  if (code === 0) return 'Timed out';
  return code >= 200 && code < 300 ? 'OK' : `Invalid HTTP Response: ${code}`;
}

export function hookDelivery(id: number, at: string, input: HookDeliveryInput): HookDelivery {
  return {
    id,
    guid: input.guid,
    delivered_at: at,
    redelivery: input.redelivery ?? false,
    duration: input.duration ?? 0.05,
    status: deliveryStatus(input.status_code),
    status_code: input.status_code,
    event: input.event,
    action: input.action ?? null,
    installation_id: input.installationId ?? null,
    repository_id: input.repositoryId ?? null,
    throttled_at: null,
  };
}
