/** What webhook subscriptions and deliveries are given to work with, in AWS and locally. */
import type { ReceiverPolicy } from './receiver-guard';
import type { SecretSealer } from './secret-sealer';

export interface WebhookSetup {
  /** Which receivers are taken, and how their names are resolved. */
  receivers: ReceiverPolicy;
  /** Seals secrets (the API) and opens them (deliveries). */
  secrets: SecretSealer;
  /** How long one delivery attempt may take, name resolution, connection and answer included. */
  attemptTimeoutMs: number;
}

/** One attempt's limit: far below the delivery function's timeout (lib/catalogue-stack.ts), so a batch always finishes. */
export const ATTEMPT_TIMEOUT_MS = 5000;
