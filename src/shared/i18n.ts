/** Language negotiation: every user-facing text exists in 简体中文 (default) and English. */

export type Lang = 'zh-CN' | 'en';

/** A text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Picks zh-CN or en from an Accept-Language header, honouring q-values; zh-CN when undecided. */
export function negotiateLang(header: string | undefined | null): Lang {
  if (!header) return 'zh-CN';
  let best: Lang = 'zh-CN';
  let bestQ = -1;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    const lang: Lang | null = tag.startsWith('zh') ? 'zh-CN' : tag.startsWith('en') ? 'en' : null;
    if (lang && q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best;
}

/** The text of a bilingual message in one language. */
export function pick(text: Bilingual, lang: Lang): string {
  return lang === 'en' ? text.en : text.zh;
}

/** Both languages on one line, for consoles and logs read by mixed teams. */
export function both(text: Bilingual): string {
  return `${text.zh} / ${text.en}`;
}
