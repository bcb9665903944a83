/**
 * Working one case: claim, start, escalate (with why), close with a disposition and a note, add
 * notes. Each button shows only when the role may press it and the case's status allows it (the
 * server decides in the end; its refusal is shown as it words it). `onChange` reloads the case.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../../api';
import { useSession } from '../../session';
import { DISPOSITIONS } from './labels';
import type { CaseSummary } from './types';

type Form = 'escalate' | 'close' | null;

export function CaseWork({ c, onChange }: { c: CaseSummary; onChange: () => void }) {
  const { t } = useTranslation('alerts');
  const { me, can } = useSession();
  const [open, setOpen] = useState<Form>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const works = can('cases:work');
  // A lead may work any case; an investigator their own.
  const mine = works && (c.assignee === me?.username || can('cases:assign'));
  const closed = c.status === 'closed';

  async function act(path: string, body: unknown, what: string) {
    setBusy(true);
    setMessage(null);
    try {
      await post(`/v1/cases/${encodeURIComponent(c.id)}/${path}`, body);
      setMessage({ ok: true, text: t('done', { what }) });
      setOpen(null);
      onChange();
      return true;
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  const read = (e: FormEvent<HTMLFormElement>, name: string) => String(new FormData(e.currentTarget).get(name) ?? '');

  if (!works) return null;
  return (
    <section className="panel case-work" aria-labelledby="work-title">
      <h2 id="work-title">{t('work')}</h2>
      {!closed && (
        <div className="toolbar">
          {c.status === 'new' && !c.assignee && (
            <button type="button" disabled={busy} onClick={() => void act('claim', {}, t('claim'))} data-testid="case-claim">
              {t('claim')}
            </button>
          )}
          {mine && (c.status === 'assigned' || c.status === 'escalated') && (
            <button type="button" disabled={busy} onClick={() => void act('start', {}, t('start'))} data-testid="case-start">
              {t('start')}
            </button>
          )}
          {mine && (c.status === 'assigned' || c.status === 'investigating') && (
            <button type="button" className="secondary" aria-expanded={open === 'escalate'} onClick={() => setOpen(open === 'escalate' ? null : 'escalate')} data-testid="case-escalate">
              {t('escalate')}
            </button>
          )}
          {mine && c.status !== 'new' && (
            <button type="button" className="danger" aria-expanded={open === 'close'} onClick={() => setOpen(open === 'close' ? null : 'close')} data-testid="case-close">
              {t('close')}
            </button>
          )}
        </div>
      )}

      {open === 'escalate' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act('escalate', { note: read(e, 'note') }, t('escalate'));
          }}
        >
          <label>
            {t('escalateNote')}
            <textarea name="note" required minLength={3} maxLength={4000} rows={3} />
          </label>
          <Buttons busy={busy} onCancel={() => setOpen(null)}>
            {t('escalate')}
          </Buttons>
        </form>
      )}

      {open === 'close' && (
        <form
          data-testid="close-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act('close', { disposition: read(e, 'disposition'), note: read(e, 'note') }, t('close'));
          }}
        >
          <label>
            {t('disposition')}
            <select name="disposition" required defaultValue="">
              <option value="" disabled>
                —
              </option>
              {DISPOSITIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`dispositions.${d}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('closeNote')}
            <textarea name="note" required minLength={3} maxLength={4000} rows={3} />
          </label>
          <Buttons busy={busy} onCancel={() => setOpen(null)}>
            {t('closeCase')}
          </Buttons>
        </form>
      )}

      <NoteForm caseId={c.id} onAdded={onChange} />

      {message && (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}

function Buttons({ busy, onCancel, children }: { busy: boolean; onCancel: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="toolbar">
      <button type="submit" disabled={busy}>
        {children}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}

/** Notes go on closed cases too: findings come late. */
function NoteForm({ caseId, onAdded }: { caseId: string; onAdded: () => void }) {
  const { t } = useTranslation('alerts');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const text = String(new FormData(form).get('text') ?? '');
    setBusy(true);
    setMessage(null);
    try {
      await post(`/v1/cases/${encodeURIComponent(caseId)}/notes`, { text });
      form.reset();
      setMessage({ ok: true, text: t('noteAdded') });
      onAdded();
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="note-form">
      <label>
        {t('noteText')}
        <textarea name="text" required maxLength={8000} rows={3} />
      </label>
      <div className="toolbar">
        <button type="submit" disabled={busy}>
          {t('addNote')}
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
