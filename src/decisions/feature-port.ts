/** What the decision path needs from a feature store (in-process or Redis): one call per event. */
export interface FeatureEventInput {
  id: string;
  type: string;
  occurredAtMs: number;
  fields: Record<string, unknown>;
}

export interface FeaturePort {
  /** Values as of the event (history only, not the event itself), then the event is counted; `read` limits the answer. */
  evaluateAndRecord(event: FeatureEventInput, read?: readonly string[]): Promise<Record<string, number | null>>;
  /** The same, answered synchronously, when the state is in this process (no timeout applies). */
  evaluateAndRecordSync?(event: FeatureEventInput, read?: readonly string[]): Record<string, number | null>;
  /** Counts an event without evaluating (rebuilding state from recorded decisions). */
  record(event: FeatureEventInput): Promise<void>;
}
