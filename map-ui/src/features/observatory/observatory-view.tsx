/**
 * The relocation observatory, drawn over the map: headline figures, then charts (recharts)
 * of the projects by sector and outcome, by pipeline status, the outcomes, the reasons for
 * losses and the monthly flow (created, landed, lost), and a table by territory. Each chart
 * also has its figures as a table for screen readers. The CSV link downloads the same data.
 */
import '../projects/projects.css';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useId, useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Pie,
  PieChart,
  Rectangle,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { OBSERVATORY_CSV_URL, type ObservatorySummary, observatoryQuery } from '../../api/projects.ts';
import { territoryLabel, useTerritoryNames } from '../../api/territories.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { useDialogFocus } from '../../ui/use-dialog-focus.ts';
import { headline, lossRows, monthRows, sectorRows, statusRows } from './observatory-data.ts';

const COLORS = {
  open: '#0b5cad',
  landed: '#1a7f4b',
  lost: '#b42318',
  grid: '#e4e9ee',
  axis: '#66737f',
};
const STATUS_COLORS: Record<string, string> = {
  lead: '#9db7cf',
  qualified: '#6f98bd',
  sites_proposed: '#3f77a8',
  visit: '#1d5b91',
  decision: '#0f3d5e',
  landed: COLORS.landed,
  lost: COLORS.lost,
};
const LOCALES = { fr: 'fr-FR', en: 'en-GB' } as const;
const AXIS_TICK = { fontSize: 12, fill: COLORS.axis };

export function ObservatoryView({ onClose }: { onClose(): void }) {
  const { t, tx, fmt, lang } = useI18n();
  const id = useId();
  const headingRef = useDialogFocus<HTMLHeadingElement>(onClose);
  const observatory = useQuery(observatoryQuery);
  const data = observatory.data ?? null;
  const error = observatory.error;

  const charts = useMemo(() => {
    if (!data) return null;
    const label = (key: string, fallback: string) => tx(key, fallback);
    return {
      head: headline(data),
      sectors: sectorRows(data, label),
      statuses: statusRows(data, label),
      losses: lossRows(data, label),
      months: monthRows(data, LOCALES[lang]),
      outcomes: [
        { key: 'open', label: t('observatory.openProjects'), value: data.outcomes.open, fill: COLORS.open },
        { key: 'landed', label: t('observatory.landed'), value: data.outcomes.landed, fill: COLORS.landed },
        { key: 'lost', label: t('observatory.lost'), value: data.outcomes.lost, fill: COLORS.lost },
      ].filter((o) => o.value > 0),
    };
  }, [data, lang, t, tx]);

  const series = {
    open: t('observatory.openProjects'),
    landed: t('observatory.landed'),
    lost: t('observatory.lost'),
    created: t('observatory.created'),
  };

  return (
    <section
      className="stage-panel observatory"
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
    >
      <header className="stage-head">
        <div>
          <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
            {t('observatory.title')}
          </h2>
          <p className="muted small">{t('observatory.help')}</p>
        </div>
        <div className="stage-head-actions">
          <a className="btn btn-small" href={OBSERVATORY_CSV_URL} download>
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
              <path
                d="M8 1v9m0 0L4.5 6.5M8 10l3.5-3.5M2 12v2h12v-2"
                stroke="currentColor"
                strokeWidth="1.6"
                fill="none"
              />
            </svg>
            {t('observatory.csv')}
          </a>
          <button type="button" className="panel-close" onClick={onClose} aria-label={t('observatory.close')}>
            ×
          </button>
        </div>
      </header>

      <div className="observatory-body">
        {error ? (
          <ErrorNotice error={error} onRetry={() => void observatory.refetch()} />
        ) : !charts ? (
          <Spinner label={t('state.loading')} />
        ) : charts.head.total === 0 ? (
          <div className="empty">
            <p>{t('observatory.empty')}</p>
          </div>
        ) : (
          <>
            <dl className="kpis">
              <Kpi label={t('observatory.total')} value={fmt.number(charts.head.total, 0)} />
              <Kpi
                label={t('observatory.openProjects')}
                value={fmt.number(charts.head.open, 0)}
                tone="open"
              />
              <Kpi label={t('observatory.landed')} value={fmt.number(charts.head.landed, 0)} tone="landed" />
              <Kpi label={t('observatory.lost')} value={fmt.number(charts.head.lost, 0)} tone="lost" />
              <Kpi
                label={t('observatory.successRate')}
                value={charts.head.successRate === null ? '—' : fmt.percent(charts.head.successRate)}
                hint={t('observatory.successRateHint')}
              />
            </dl>

            <div className="chart-grid">
              <ChartCard
                title={t('observatory.bySector')}
                wide
                table={{
                  head: [t('projectForm.sector'), series.open, series.landed, series.lost],
                  rows: charts.sectors.map((r) => [r.label, r.open, r.landed, r.lost]),
                }}
              >
                <BarChart
                  responsive
                  accessibilityLayer={false}
                  style={{ width: '100%', height: Math.max(140, 44 * charts.sectors.length + 50) }}
                  data={charts.sectors}
                  layout="vertical"
                  margin={{ top: 4, right: 16, bottom: 4, left: 8 }}
                >
                  <CartesianGrid stroke={COLORS.grid} horizontal={false} />
                  <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
                  <YAxis type="category" dataKey="label" width={150} tick={AXIS_TICK} />
                  <Tooltip cursor={{ fill: 'rgba(15,61,94,0.06)' }} />
                  <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
                  <Bar
                    dataKey="open"
                    name={series.open}
                    stackId="s"
                    maxBarSize={28}
                    fill={COLORS.open}
                    isAnimationActive={false}
                  />
                  <Bar
                    dataKey="landed"
                    name={series.landed}
                    stackId="s"
                    maxBarSize={28}
                    fill={COLORS.landed}
                    isAnimationActive={false}
                  />
                  <Bar
                    dataKey="lost"
                    name={series.lost}
                    stackId="s"
                    maxBarSize={28}
                    fill={COLORS.lost}
                    isAnimationActive={false}
                  />
                </BarChart>
              </ChartCard>

              <ChartCard
                title={t('observatory.byStatus')}
                table={{
                  head: [t('projects.filterStatus'), t('observatory.projects')],
                  rows: charts.statuses.map((r) => [r.label, r.count]),
                }}
              >
                <BarChart
                  responsive
                  accessibilityLayer={false}
                  style={{ width: '100%', height: 230 }}
                  data={charts.statuses}
                  margin={{ top: 8, right: 8, bottom: 4, left: -16 }}
                >
                  <CartesianGrid stroke={COLORS.grid} vertical={false} />
                  <XAxis
                    dataKey="label"
                    tick={{ ...AXIS_TICK, fontSize: 10.5 }}
                    interval={0}
                    height={60}
                    angle={-30}
                    textAnchor="end"
                  />
                  <YAxis allowDecimals={false} tick={AXIS_TICK} />
                  <Tooltip cursor={{ fill: 'rgba(15,61,94,0.06)' }} />
                  <Bar
                    dataKey="count"
                    name={t('observatory.projects')}
                    maxBarSize={44}
                    isAnimationActive={false}
                    shape={(p: unknown) => {
                      const props = p as { payload?: { status: string } } & Record<string, unknown>;
                      return (
                        <Rectangle
                          {...props}
                          fill={STATUS_COLORS[props.payload?.status ?? ''] ?? COLORS.open}
                        />
                      );
                    }}
                  />
                </BarChart>
              </ChartCard>

              <ChartCard
                title={t('observatory.outcomes')}
                table={{
                  head: [t('observatory.outcome'), t('observatory.projects')],
                  rows: charts.outcomes.map((o) => [o.label, o.value]),
                }}
              >
                <PieChart responsive accessibilityLayer={false} style={{ width: '100%', height: 230 }}>
                  <Pie
                    data={charts.outcomes}
                    dataKey="value"
                    nameKey="label"
                    innerRadius="52%"
                    outerRadius="80%"
                    paddingAngle={2}
                    isAnimationActive={false}
                    label={({ value }: { value?: number }) => (value ? fmt.number(value, 0) : '')}
                  />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
                </PieChart>
              </ChartCard>

              <ChartCard
                title={t('observatory.lossReasons')}
                table={{
                  head: [t('statusChange.lossReason'), t('observatory.projects')],
                  rows: charts.losses.map((r) => [r.label, r.count]),
                }}
              >
                {charts.losses.length === 0 ? (
                  <p className="chart-empty muted">{t('observatory.noLosses')}</p>
                ) : (
                  <BarChart
                    responsive
                    accessibilityLayer={false}
                    style={{ width: '100%', height: Math.max(120, 38 * charts.losses.length + 30) }}
                    data={charts.losses}
                    layout="vertical"
                    margin={{ top: 4, right: 16, bottom: 4, left: 8 }}
                  >
                    <CartesianGrid stroke={COLORS.grid} horizontal={false} />
                    <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
                    <YAxis type="category" dataKey="label" width={110} tick={AXIS_TICK} />
                    <Tooltip cursor={{ fill: 'rgba(180,35,24,0.06)' }} />
                    <Bar
                      dataKey="count"
                      name={t('observatory.projects')}
                      maxBarSize={24}
                      fill={COLORS.lost}
                      isAnimationActive={false}
                    />
                  </BarChart>
                )}
              </ChartCard>

              <ChartCard
                title={t('observatory.overTime')}
                wide
                table={{
                  head: [t('observatory.month'), series.created, series.landed, series.lost],
                  rows: charts.months.map((m) => [m.label, m.created, m.landed, m.lost]),
                }}
              >
                <BarChart
                  responsive
                  accessibilityLayer={false}
                  style={{ width: '100%', height: 240 }}
                  data={charts.months}
                  margin={{ top: 8, right: 16, bottom: 4, left: -16 }}
                  barGap={2}
                >
                  <CartesianGrid stroke={COLORS.grid} vertical={false} />
                  <XAxis dataKey="label" tick={AXIS_TICK} />
                  <YAxis allowDecimals={false} tick={AXIS_TICK} />
                  <Tooltip cursor={{ fill: 'rgba(15,61,94,0.06)' }} />
                  <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
                  <Bar
                    dataKey="created"
                    name={series.created}
                    fill={COLORS.open}
                    maxBarSize={14}
                    isAnimationActive={false}
                  />
                  <Bar
                    dataKey="landed"
                    name={series.landed}
                    fill={COLORS.landed}
                    maxBarSize={14}
                    isAnimationActive={false}
                  />
                  <Bar
                    dataKey="lost"
                    name={series.lost}
                    fill={COLORS.lost}
                    maxBarSize={14}
                    isAnimationActive={false}
                  />
                </BarChart>
              </ChartCard>

              <TerritoryTable rows={data!.byTerritory} landed={series.landed} lost={series.lost} />
            </div>
            <p className="small muted">{t('observatory.generated', { date: fmt.date(data!.generatedAt) })}</p>
          </>
        )}
      </div>
    </section>
  );
}

function Kpi({ label, value, tone, hint }: { label: string; value: string; tone?: string; hint?: string }) {
  return (
    <div className={`kpi ${tone ? `kpi-${tone}` : ''}`} title={hint}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** A chart with its title; its figures are repeated as a table for screen readers. */
function ChartCard({
  title,
  wide,
  table,
  children,
}: {
  title: string;
  wide?: boolean;
  table: { head: string[]; rows: Array<Array<string | number>> };
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className={`chart-card ${wide ? 'wide' : ''}`} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <div className="chart" aria-hidden="true">
        {children}
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            {table.head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={String(r[0])}>
              {r.map((c, i) =>
                i === 0 ? (
                  <th key={table.head[i]} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={table.head[i]}>{c}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Projects by territory, each named (EPCI/EPT names from their SIREN) rather than a bare code. */
function TerritoryTable({
  rows,
  landed,
  lost,
}: {
  rows: ObservatorySummary['byTerritory'];
  landed: string;
  lost: string;
}) {
  const { t, fmt } = useI18n();
  const names = useTerritoryNames(rows.map((r) => r.territory));
  return (
    <section className="chart-card wide">
      <h3>{t('observatory.byTerritory')}</h3>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('observatory.territory')}</th>
            <th scope="col">{t('observatory.projects')}</th>
            <th scope="col">{landed}</th>
            <th scope="col">{lost}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.territory ?? 'none'}>
              <th scope="row">
                {r.territory ? territoryLabel(r.territory, names) : t('observatory.noTerritory')}
              </th>
              <td>{fmt.number(r.count, 0)}</td>
              <td>{fmt.number(r.landed, 0)}</td>
              <td>{fmt.number(r.lost, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
