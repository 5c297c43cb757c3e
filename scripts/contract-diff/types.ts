// What the contract diff reports: one Change per finding, at one of three levels.
//
//   breaking      a client written against the base breaks (fails the gate)
//   warning       it may break: review it (listed apart; fails the gate only with --strict)
//   non-breaking  additive, more permissive where the client sends, or documentation

export type Severity = 'breaking' | 'warning' | 'non-breaking';

export const SEVERITIES: readonly Severity[] = ['breaking', 'warning', 'non-breaking'];

export interface Change {
  severity: Severity;
  /**
   * Whom it affects: `DeletePullTask (DELETE /v1/{project_id}/pull/stream/task)`, `GET /items`
   * when the operation has no operationId, `webhook 'newPet' (POST)`, `all operations` for the
   * document's security and servers, `(document)` for the rest of the document.
   */
  operation: string;
  description: string;
  /** Set when the structural walk could not judge this part and a plain JSON comparison stands in. */
  fallback?: true;
}

/** The worst level among the changes, `none` when there are none. */
export function worst(changes: ReadonlyArray<{ severity: Severity }>): Severity | 'none' {
  for (const level of SEVERITIES) if (changes.some((change) => change.severity === level)) return level;
  return 'none';
}
