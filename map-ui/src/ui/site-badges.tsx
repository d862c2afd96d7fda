/** Small, reused pieces of site display: status chip, label chips, data quality tag. */
import { shownQuality } from '@api/modules/sites/quality-badge.ts';
import type { DataQuality, SiteStatus } from '@api/modules/sites/site.fields.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { LABEL_COLORS, OTHER_LABEL_COLOR, STATUS_COLORS, UNKNOWN_STATUS_COLOR } from '../map/colors.ts';

export function StatusChip({ status }: { status?: SiteStatus | null }) {
  const { tx, t } = useI18n();
  const color = status ? STATUS_COLORS[status] : UNKNOWN_STATUS_COLOR;
  return (
    <span className="chip chip-status">
      <span className="dot" style={{ background: color }} aria-hidden="true" />
      {status ? tx(`status.${status}`, status) : t('status.unknown')}
    </span>
  );
}

export function labelColor(label: string): string {
  return LABEL_COLORS.find(([l]) => l === label)?.[1] ?? OTHER_LABEL_COLOR;
}

export function LabelChips({ labels }: { labels?: string[] | null }) {
  const { tx } = useI18n();
  if (!labels?.length) return null;
  return (
    <span className="chips">
      {labels.map((l) => (
        <span
          key={l}
          className="chip chip-label"
          style={{ borderColor: labelColor(l), color: labelColor(l) }}
        >
          {tx(`label.${l}`, l.replace(/_/g, ' '))}
        </span>
      ))}
    </span>
  );
}

/**
 * The site's data-quality badge, following its illustrative field tags (sites/quality-badge.ts):
 * "sourced" with illustrative fields reads "partly illustrative".
 */
export function QualityTag({
  quality,
  illustrativeFields = 0,
}: {
  quality?: DataQuality | null;
  illustrativeFields?: number;
}) {
  const { tx, t } = useI18n();
  const shown = shownQuality(quality, illustrativeFields);
  if (!shown) return null;
  const tone = shown === 'partly_illustrative' ? 'illustrative' : shown;
  return (
    <span
      className={`tag tag-quality tag-${tone}`}
      title={tx(`quality.${shown}.help`, '')}
      data-testid="quality-badge"
    >
      {t('quality.prefix')} {tx(`quality.${shown}`, shown)}
    </span>
  );
}
