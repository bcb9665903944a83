/**
 * Seeing personal data in clear: only for roles with `pii:unmask`, only with a stated purpose, and
 * never without a line in the audit log naming who, what, which fields and why. The audit entry
 * commits before anything is decrypted; if it cannot be written, nothing is shown.
 */
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { EntityType } from '../ingest/domain/record-schemas.js';
import { ENTITY_TABLES } from '../ingest/ingest-repository.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import type { PiiVault } from './pii-vault.js';

export type UnmaskTarget = { kind: 'event'; id: string } | { kind: EntityType; id: string };

export class PersonalDataAccess {
  constructor(
    private readonly db: SqlClient,
    private readonly vault: PiiVault,
    private readonly audit: AuditLog,
  ) {}

  async unmask(target: UnmaskTarget, fields: readonly string[] | null, purpose: string, actor: AuditActor): Promise<Record<string, unknown>> {
    const clean = purpose.trim();
    if (clean.length < 5) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'purpose', reason: 'required', message: { zh: '请说明查看目的(至少 5 个字符)', en: 'state the purpose (at least 5 characters)' } }] });
    const table = target.kind === 'event' ? 'events' : ENTITY_TABLES[target.kind];
    const r = await this.db.query<{ pii: Record<string, { c: string }> }>(`SELECT pii FROM ${table} WHERE id = $1`, [target.id]);
    const pii = r.rows[0]?.pii;
    if (!pii) throw new FengkongError('NOT_FOUND');
    const wanted = fields ?? Object.keys(pii);
    const unknown = wanted.filter((f) => !Object.hasOwn(pii, f));
    if (unknown.length) throw new FengkongError('REQUEST_INVALID', { details: unknown.map((f) => ({ field: `fields.${f}`, reason: 'value', message: { zh: '该记录没有此个人信息字段', en: 'the record holds no such personal field' } })) });
    await this.audit.record(actor, { action: 'pii.unmask', target: { kind: target.kind, id: target.id }, purpose: clean.slice(0, 500), detail: { fields: [...wanted].sort() } });
    const out: Record<string, unknown> = {};
    for (const f of wanted) out[f] = this.vault.decrypt(pii[f]!.c);
    return out;
  }
}
