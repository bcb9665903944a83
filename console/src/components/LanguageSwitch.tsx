import { useTranslation } from 'react-i18next';

/** 中文 ⇄ English; the choice is kept in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'zh' : 'en';
  return (
    <button type="button" className="link-button" data-testid="language-switch" lang={other === 'en' ? 'en' : 'zh-CN'} aria-label={`${t('language')}: ${t('switchLanguage')}`} onClick={() => void i18n.changeLanguage(other)}>
      {t('switchLanguage')}
    </button>
  );
}
