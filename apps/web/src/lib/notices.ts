import { Store } from './store.js';

export interface Notice {
  readonly id: string;
  readonly kind: 'reminder' | 'success' | 'info' | 'error';
  readonly title: string;
  readonly body?: string;
}

/** Toasts: reminders that come due, plan changes, errors that belong to no form. */
export class Notices {
  readonly store = new Store<readonly Notice[]>([]);

  show(notice: Omit<Notice, 'id'> & { id?: string }, autoDismissMs?: number): void {
    const id = notice.id ?? crypto.randomUUID();
    if (this.store.value.some((n) => n.id === id)) return;
    this.store.update((all) => [...all, { ...notice, id }].slice(-5));
    if (autoDismissMs) window.setTimeout(() => this.dismiss(id), autoDismissMs);
  }

  dismiss(id: string): void {
    this.store.update((all) => all.filter((n) => n.id !== id));
  }
}
