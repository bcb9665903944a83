/**
 * Loads the demo data set into an empty installation on first start, with its labels: events a
 * decision point takes (registration, login, payment, withdrawal, loan application, repayment)
 * through the decision path, in time order and recorded as decided when they happened, so the
 * console opens on decisions, alerts and cases; everything else through the normal ingestion path
 * (validation, encryption, data-quality counts either way). Runs after the server listens, so
 * /healthz answers at once; /readyz reports progress.
 */
import { decisionPointOf } from '../decisions/domain/decision-points.js';
import { demoRecords } from '../demo/demo-records.js';
import { LabelRepository, type Label } from '../labels/label-repository.js';
import type { Logger } from '../ops/logger.js';
import type { Platform } from './platform.js';

export type DemoState = { state: 'disabled' | 'pending' | 'loading' | 'loaded' | 'skipped' | 'failed'; records?: number };

const STATE_KEY = 'demo_loaded';
const CHUNK = 2_000;

/** Maps a demo ground-truth line to a label row. */
export function toLabel(raw: Record<string, unknown>, fallbackAt: string): Label | null {
  const at = typeof raw.occurredAt === 'string' ? raw.occurredAt : fallbackAt;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  switch (raw.kind) {
    case 'fraud':
      return str(raw.eventId) ? { kind: 'fraud', subjectId: raw.eventId as string, eventId: raw.eventId as string, customerId: str(raw.customerId), value: 'fraud', pattern: str(raw.pattern), source: 'demo', labelledAt: at } : null;
    case 'credit':
      return str(raw.applicationId)
        ? { kind: 'credit', subjectId: raw.applicationId as string, eventId: str(raw.eventId), customerId: str(raw.customerId), value: raw.defaulted ? 'defaulted' : 'performing', pattern: null, source: 'demo', labelledAt: at, data: { loanId: raw.loanId ?? null } }
        : null;
    case 'custody': {
      const subject = str(raw.bankTxnRef) ?? str(raw.eventId);
      return subject ? { kind: 'custody', subjectId: subject, eventId: str(raw.eventId), customerId: str(raw.customerId), value: String(raw.issue), pattern: null, source: 'demo', labelledAt: at } : null;
    }
    default:
      return null;
  }
}

export interface DemoSettings {
  customers: number;
  days: number;
  seed: number;
}

/** Loads the demo set unless this installation already has one (or any data). */
export async function loadDemoOnFirstStart(platform: Platform, settings: DemoSettings, logger: Logger, report: (s: DemoState) => void, signal?: AbortSignal): Promise<void> {
  try {
    const seen = await platform.db.query("SELECT 1 FROM platform_state WHERE key = $1 UNION ALL SELECT 1 FROM (SELECT 1 FROM events LIMIT 1) e", [STATE_KEY]);
    if (seen.rowCount > 0) {
      report({ state: 'skipped' });
      return;
    }
    report({ state: 'loading', records: 0 });
    // The window ends today, so dashboards show recent activity.
    const end = new Date(platform.clock.now());
    const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate() - settings.days)).toISOString().slice(0, 10);
    const windowEnd = new Date(Date.parse(start) + settings.days * 86_400_000).toISOString();
    logger.info({ ...settings, start }, 'loading demo data / 正在加载演示数据');

    const labels = new LabelRepository(platform.db);
    let batch: unknown[] = [];
    let labelBatch: Label[] = [];
    const engine = await platform.decisions();
    let records = 0;
    // Decisions are started in stream order, so features see events in time order (entities come
    // first in the stream); the group commit writes them together. Each chunk settles before the next.
    let deciding: Array<Promise<unknown>> = []; // each settles to null or its error
    const flush = async () => {
      const failed = (await Promise.all(deciding)).find((e) => e !== null);
      if (failed !== undefined) throw failed;
      if (batch.length > 0) await platform.ingest.ingest(batch, { source: 'demo' });
      if (labelBatch.length > 0) await labels.upsert(labelBatch);
      records += batch.length + deciding.length;
      batch = [];
      deciding = [];
      labelBatch = [];
      report({ state: 'loading', records });
    };
    for (const { file, record } of demoRecords({ ...settings, start })) {
      if (signal?.aborted) return;
      if (file === 'labels') {
        const l = toLabel(record, windowEnd);
        if (l) labelBatch.push(l);
      } else if (file === 'events' && decisionPointOf(String(record.type) as never)) {
        // Handled at once: a failed decision fails the load (reported), never the process.
        deciding.push(engine.service.decide(record, 'demo', { replay: true }).then(() => null, (err: unknown) => err));
      } else batch.push(record);
      if (batch.length + deciding.length >= CHUNK || labelBatch.length >= CHUNK) await flush();
    }
    await flush();
    await platform.db.query('INSERT INTO platform_state (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING', [STATE_KEY, JSON.stringify({ ...settings, start, records })]);
    report({ state: 'loaded', records });
    logger.info({ records }, 'demo data loaded / 演示数据已加载');
  } catch (err) {
    report({ state: 'failed' });
    logger.error({ err }, 'demo data failed to load / 演示数据加载失败');
  }
}
