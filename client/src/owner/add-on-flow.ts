import { t } from '../i18n/i18n';
import type { Hash } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import type { AddOn, OwnerTwin } from '../../../protocol/src/twin-api';
import type { TransactionPhase } from '../wallet/send-and-confirm';
import { explainTransactionError, hasAddOn } from './owner-journey';

/** Where an add-on's transaction is, for the status line: in the wallet, being mined, waiting for the server's index. */
export type AddOnStep = TransactionPhase | 'indexing';

/** What the garage shows of the flow now; a new object at each change. */
export interface AddOnFlowSnapshot {
  /** The add-on under way, and its step. */
  applying?: { addOn: AddOn; step: AddOnStep };
  /** How the last one ended, in words for the owner. */
  result?: { ok: boolean; text: string };
}

/** Options of {@link AddOnFlow}. */
export interface AddOnFlowOptions {
  /** Sends the transaction from the owner's wallet and resolves once it is mined (`applyAddOnOnChain`). */
  send: (tokenId: string, addOnId: string, onPhase: (phase: TransactionPhase) => void) => Promise<Hash>;
  /** Loads the owner's twins again; resolves with the server's answer. */
  refreshTwins: () => Promise<OwnerTwin[]>;
  /** Called once the server shows the add-on on the twin (the garage drops its preview). */
  onApplied?: () => void;
  /** How long to wait for the server to see a mined add-on before saying so, ms. */
  indexWaitMs?: number;
  /** How often to ask the server meanwhile, ms. */
  pollMs?: number;
}

/**
 * Applying an add-on to an owner's twin, start to end, with no React: the transaction from the
 * owner's wallet (confirm, mining), then the server's index asked every half second until the
 * twin shows the add-on — for at most a minute, after which the owner is told the transaction
 * went through but the garage has not seen it yet. One add-on at a time; a refusal or a failure
 * ends with the reason in words (`explainTransactionError`).
 */
export class AddOnFlow {
  private snapshot: AddOnFlowSnapshot = {};
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: AddOnFlowOptions) {}

  /** The step under way and the last result. */
  getSnapshot = (): AddOnFlowSnapshot => this.snapshot;

  /** Calls `listener` at each change of {@link getSnapshot}; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Applies `addOn` to `twin`; resolves when the flow has ended, either way (the result says how). */
  async apply(addOn: AddOn, twin: OwnerTwin): Promise<void> {
    if (this.snapshot.applying) return;
    const { send, refreshTwins, onApplied, indexWaitMs = 60_000, pollMs = 500 } = this.options;
    const step = (next: AddOnStep) => this.set({ applying: { addOn, step: next } });
    step('wallet');
    try {
      const hash = await send(twin.tokenId, addOn.id, step);
      step('indexing');
      const deadline = Date.now() + indexWaitMs;
      for (;;) {
        const twins = await refreshTwins().catch(() => undefined);
        const updated = twins?.find((t) => t.tokenId === twin.tokenId);
        if (updated && hasAddOn(updated, addOn.id)) break;
        if (Date.now() > deadline) {
          throw new MarqueError('garage', `The transaction went through (${hash.slice(0, 10)}…), but the garage has not seen it yet; look again in a minute.`, {
            reason: 'not-indexed',
          });
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
      onApplied?.();
      this.set({ result: { ok: true, text: t('owner.addOn.applied', { addOn: addOn.name, model: twin.modelName }) } });
    } catch (error) {
      this.set({ result: { ok: false, text: t('owner.addOn.notApplied', { addOn: addOn.name, reason: explainTransactionError(error) }) } });
    }
  }

  private set(next: AddOnFlowSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
