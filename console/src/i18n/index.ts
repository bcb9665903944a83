/**
 * Two languages: 简体中文 (default) and English. Each page keeps its texts in its own namespace
 * file beside the others here, both languages side by side so neither is forgotten.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import common from './common';
import overview from './overview';
import alerts from './alerts';
import strategies from './strategies';
import models from './models';
import admin from './admin';

export type Texts = { zh: Record<string, unknown>; en: Record<string, unknown> };
const NAMESPACES: Record<string, Texts> = { common, overview, alerts, strategies, models, admin };

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'fengkong.language';

function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const resources: Record<Language, Record<string, Record<string, unknown>>> = { zh: {}, en: {} };
for (const [ns, texts] of Object.entries(NAMESPACES)) {
  resources.zh[ns] = texts.zh;
  resources.en[ns] = texts.en;
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'zh',
  ns: Object.keys(NAMESPACES),
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

function applyLanguage(lng: string): void {
  document.documentElement.lang = lng === 'en' ? 'en' : 'zh-CN';
}
applyLanguage(i18n.language);
i18n.on('languageChanged', (lng) => {
  applyLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
});

/** Picks the text of a bilingual value the server sent ({ zh, en } or a plain string). */
export function pick(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    const v = value as { zh?: string; en?: string };
    return (i18n.language === 'en' ? (v.en ?? v.zh) : (v.zh ?? v.en)) ?? JSON.stringify(value);
  }
  return String(value);
}

export default i18n;
