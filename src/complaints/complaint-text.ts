/**
 * What the customer said and what they were told, in clear: only for people who work complaints,
 * only with a stated purpose, and never without an audit entry naming who, which complaint and
 * why. The entry commits before anything is decrypted; if it cannot be written, nothing is shown.
 */
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { PiiVault } from '../pii/pii-vault.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';

export interface ComplaintTexts {
  description: string;
  response: string | null;
  feedback: string | null;
}

export class ComplaintText {
  constructor(
    private readonly db: SqlClient,
    private readonly vault: Pick<PiiVault, 'decrypt'>,
    private readonly audit: AuditLog,
  ) {}

  async reveal(id: string, purpose: string, actor: AuditActor): Promise<ComplaintTexts> {
    const clean = typeof purpose === 'string' ? purpose.trim() : '';
    if (clean.length < 5) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'purpose', reason: 'required', message: { zh: '请说明查看目的(至少 5 个字符)', en: 'state the purpose (at least 5 characters)' } }] });
    const r = await this.db.query<{ description: string; response_text: string | null; feedback_text: string | null }>('SELECT description, response_text, feedback_text FROM complaints WHERE id = $1', [id]);
    const row = r.rows[0];
    if (!row) throw new FengkongError('NOT_FOUND');
    const fields = ['description', ...(row.response_text ? ['response'] : []), ...(row.feedback_text ? ['feedback'] : [])];
    await this.audit.record(actor, { action: 'complaint.unmask', target: { kind: 'complaint', id }, purpose: clean.slice(0, 500), detail: { fields } });
    const open = (sealed: string | null) => (sealed === null ? null : String(this.vault.decrypt(sealed)));
    return { description: open(row.description)!, response: open(row.response_text), feedback: open(row.feedback_text) };
  }
}
