/**
 * The site panel's public actions (issue 13 items 9 and 10): "Je suis intéressé" opens the
 * request form (published sites only), and the one-page PDF sheet downloads in the UI's language.
 */
import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { LeadFormDialog } from './lead-form.tsx';
import { siteSheetUrl } from './leads-api.ts';

export function SiteLeadActions({ site }: { site: SiteDetail }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const p = site.properties;
  if (p.published === false) return null;
  const id = String(site.id);
  return (
    <>
      <a
        className="btn btn-small btn-ghost"
        href={siteSheetUrl(id, lang)}
        download
        data-testid="site-sheet-link"
        title={t('siteSheet.title')}
      >
        {t('siteSheet.download')}
      </a>
      <button
        type="button"
        className="btn btn-small btn-primary"
        data-testid="lead-open"
        onClick={() => setOpen(true)}
      >
        {t('lead.open')}
      </button>
      {open && (
        <LeadFormDialog
          site={{
            id,
            name: p.name ?? '',
            territoryName: typeof p.territoryName === 'string' ? p.territoryName : null,
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
