export interface ReminderRecord {
  readonly reminderId: string;
  readonly userId: string;
  readonly taskId: string;
  readonly title: string;
  readonly dueAt: string;
  readonly state: 'scheduled' | 'claimed' | 'delivered';
  readonly claimUntil?: string;
  readonly deliveredAt?: string;
}

export interface ReminderStore {
  /** Idempotent: the same reminder id twice stores it once. */
  schedule(reminder: Omit<ReminderRecord, 'state'>): Promise<void>;
  /** Undelivered reminders due at or before `now`, oldest first. */
  due(now: string, limit: number): Promise<ReminderRecord[]>;
  /**
   * Takes a due reminder for delivery (a conditional write): false when another replica has it,
   * unless that replica's claim ran out (it died mid-delivery).
   */
  claim(reminderId: string, claimUntil: string, now: string): Promise<boolean>;
  delivered(reminderId: string, at: string): Promise<void>;
}
