/**
 * The shortlist beside the map: ranked sites with their score when added, a note per site,
 * "changed since" badges (the live site differs from what was sent), reorder with buttons
 * (keyboard-friendly: focus follows the moved site and the move is announced), removal with
 * undo, the comparison and the exports.
 */

import type { SiteStatus } from '@api/modules/sites/site.fields.ts';
import { useEffect, useId, useRef, useState } from 'react';
import {
  MAX_SHORTLIST_ITEMS,
  type Project,
  type ShortlistItem,
  type ShortlistItemInput,
} from '../../api/projects.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { StatusChip } from '../../ui/site-badges.tsx';
import { pick, scoreText } from '../match/match-text.ts';
import { describeChange } from './change-format.ts';
import { ExportButtons } from './export-buttons.tsx';
import {
  noteBody,
  optimisticOrder,
  removeBody,
  reorderBody,
  toShare,
  undoRemoveBody,
  visibleChanges,
} from './shortlist-logic.ts';

interface Props {
  project: Project;
  items: ShortlistItem[];
  saving: boolean;
  error: unknown;
  selected: string | null;
  onDismissError(): void;
  onSave(body: ShortlistItemInput[], preview?: ShortlistItem[]): Promise<boolean>;
  onSelect(siteId: string): void;
  onCompare(): void;
  onFindSites(): void;
  onAnnounce(text: string): void;
  /** A site selected on the map that is not in the list yet. */
  picked: { siteId: string; name: string } | null;
  onAddPicked(): void;
}

const nameOf = (i: ShortlistItem) => String(i.site?.facts.name ?? i.snapshot.site.name ?? i.siteId);

export function ShortlistPanel(props: Props) {
  const { project, items, saving, error, selected, onSave, onAnnounce } = props;
  const { t, tp } = useI18n();
  const listRef = useRef<HTMLOListElement>(null);
  const focusAfter = useRef<{ siteId: string; dir: 'up' | 'down' } | null>(null);
  const [removed, setRemoved] = useState<{ item: ShortlistItem; index: number } | null>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  // The removed card took the focus with it: hand it to "undo".
  useEffect(() => {
    if (removed) undoRef.current?.focus();
  }, [removed]);

  // After a move, focus goes back to the same button of the moved site (or its other arrow
  // when it reached an end), wherever React put its element.
  useEffect(() => {
    const f = focusAfter.current;
    if (!f || !listRef.current) return;
    const li = listRef.current.querySelector<HTMLElement>(`[data-site-id="${f.siteId}"]`);
    if (!li) return;
    focusAfter.current = null;
    const same = li.querySelector<HTMLButtonElement>(`button[data-move="${f.dir}"]`);
    const other = li.querySelector<HTMLButtonElement>(
      `button[data-move="${f.dir === 'up' ? 'down' : 'up'}"]`,
    );
    (same && !same.disabled ? same : other)?.focus();
  });

  const move = (index: number, delta: -1 | 1) => {
    const item = items[index];
    focusAfter.current = { siteId: item.siteId, dir: delta < 0 ? 'up' : 'down' };
    void onSave(reorderBody(items, index, delta), optimisticOrder(items, index, delta));
    onAnnounce(t('shortlist.moved', { name: nameOf(item), rank: index + 1 + delta }));
  };

  const remove = async (index: number) => {
    const item = items[index];
    const preview = items.filter((i) => i.siteId !== item.siteId).map((it, i) => ({ ...it, rank: i + 1 }));
    const ok = await onSave(removeBody(items, item.siteId), preview);
    if (ok) {
      setRemoved({ item, index });
      onAnnounce(t('shortlist.removed', { name: nameOf(item) }));
    }
  };

  const undo = async () => {
    if (!removed) return;
    const ok = await onSave(undoRemoveBody(items, removed.item, removed.index));
    if (ok) {
      onAnnounce(t('shortlist.restored', { name: nameOf(removed.item) }));
      setRemoved(null);
    }
  };

  return (
    <div className="shortlist">
      <div className="shortlist-toolbar">
        <div className="toolbar-row">
          <p className="counts">
            <strong>{tp('shortlist.count', items.length)}</strong>
            {saving && <span className="saving muted small"> · {t('shortlist.saving')}</span>}
          </p>
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={items.length < 2}
            title={items.length < 2 ? t('compare.needTwo') : undefined}
            onClick={props.onCompare}
          >
            {t('compare.open')}
          </button>
        </div>
        <ExportButtons projectId={project.id} disabled={items.length === 0} />
      </div>

      {error ? (
        <div className="shortlist-error">
          <ErrorNotice error={error} />
          <button type="button" className="btn btn-link small" onClick={props.onDismissError}>
            {t('action.dismiss')}
          </button>
        </div>
      ) : null}

      {removed && (
        <div className="notice undo-notice" role="status">
          <span>{t('shortlist.removed', { name: nameOf(removed.item) })}</span>
          <button ref={undoRef} type="button" className="btn btn-small" onClick={undo} disabled={saving}>
            {t('shortlist.undo')}
          </button>
        </div>
      )}

      {props.picked && (
        <div className="map-pick">
          <div>
            <p className="small muted">{t('shortlist.picked')}</p>
            <p className="map-pick-name">{props.picked.name}</p>
          </div>
          <button
            type="button"
            className="btn btn-small add-shortlist"
            disabled={saving || items.length >= MAX_SHORTLIST_ITEMS}
            aria-label={t('shortlist.addNamed', { name: props.picked.name })}
            onClick={props.onAddPicked}
          >
            <span aria-hidden="true">+ </span>
            {t('shortlist.add')}
          </button>
        </div>
      )}

      {items.length === 0 ? (
        <div className="empty">
          <p className="empty-text">{t('shortlist.empty')}</p>
          <button type="button" className="btn btn-primary" onClick={props.onFindSites}>
            {t('shortlist.findSites')}
          </button>
        </div>
      ) : (
        <ol className="shortlist-items" ref={listRef} aria-label={t('shortlist.listLabel')}>
          {items.map((item, index) => (
            <ShortlistCard
              key={item.siteId}
              item={item}
              index={index}
              last={index === items.length - 1}
              selected={selected === item.siteId}
              onSelect={props.onSelect}
              onMove={move}
              onRemove={remove}
              onNote={(note) => onSave(noteBody(items, item.siteId, note))}
            />
          ))}
        </ol>
      )}
      <p className="hint shortlist-hint">{t('shortlist.snapshotHint')}</p>
    </div>
  );
}

function ShortlistCard({
  item,
  index,
  last,
  selected,
  onSelect,
  onMove,
  onRemove,
  onNote,
}: {
  item: ShortlistItem;
  index: number;
  last: boolean;
  selected: boolean;
  onSelect(id: string): void;
  onMove(index: number, delta: -1 | 1): void;
  onRemove(index: number): void;
  onNote(note: string): Promise<boolean>;
}) {
  const i18n = useI18n();
  const { t, tp, fmt, lang } = i18n;
  const name = nameOf(item);
  const facts = item.site?.facts ?? item.snapshot.site;
  const changes = visibleChanges(item.changedSince);
  const place = [
    facts.communeName ? `${facts.communeName}${facts.department ? ` (${facts.department})` : ''}` : null,
    typeof facts.availableAreaHa === 'number' ? fmt.hectares(facts.availableAreaHa) : null,
    typeof facts.powerAvailableMw === 'number' ? fmt.megawatts(facts.powerAvailableMw) : null,
  ].filter(Boolean);
  const status = typeof facts.status === 'string' ? facts.status : null;

  return (
    <li className={`shortlist-item ${selected ? 'selected' : ''}`} data-site-id={item.siteId}>
      <div className="result-head">
        <span className="rank" aria-hidden="true">
          {item.rank}
        </span>
        <div className="result-title">
          <button type="button" className="link-button" onClick={() => onSelect(item.siteId)}>
            <span className="sr-only">{t('match.rank', { rank: item.rank })} </span>
            {name}
          </button>
          {place.length > 0 && <span className="small muted block">{place.join(' · ')}</span>}
        </div>
        {item.score !== null && (
          <div className="score" title={t('shortlist.scoreHelp')}>
            <span className="score-value">
              {scoreText(toShare(item.score), item.snapshot.scoreKind ?? 'weighted_sum', fmt)}
            </span>
            <span className="score-label">{t(`scoreKind.${item.snapshot.scoreKind ?? 'weighted_sum'}`)}</span>
          </div>
        )}
      </div>

      <div className="item-tags">
        {status && <StatusChip status={status as SiteStatus} />}
        <span className="small muted">{t('shortlist.addedOn', { date: fmt.date(item.addedAt) })}</span>
        {item.siteDeleted && <span className="badge-warn">{t('shortlist.deleted')}</span>}
      </div>

      {changes.length > 0 && (
        <details className="changed">
          <summary>
            <span className="badge-changed">{tp('shortlist.changed', changes.length)}</span>
          </summary>
          <ul>
            {changes.map((c) => (
              <li key={c.field}>{describeChange(c, i18n)}</li>
            ))}
          </ul>
        </details>
      )}

      {(item.snapshot.flags ?? []).length > 0 && (
        <ul className="result-flags" aria-label={t('match.flags')}>
          {(item.snapshot.flags ?? []).map((f) => (
            <li key={`${f.code}-${f.text_fr}`} className={`flag flag-${f.code}`}>
              <span aria-hidden="true">⚑ </span>
              {pick(lang, f, 'text')}
            </li>
          ))}
        </ul>
      )}

      {item.snapshot.failed.length > 0 && (
        <div className="to-confirm">
          <p className="small">
            <strong>{t('shortlist.toConfirm')}</strong>
          </p>
          <ul className="failed">
            {item.snapshot.failed.map((f) => (
              <li key={f.key}>
                <span aria-hidden="true">! </span>
                {pick(lang, f, 'reason') || f.reason || f.key}
              </li>
            ))}
          </ul>
        </div>
      )}

      <NoteEditor name={name} note={item.note} onSave={onNote} />

      <div className="item-actions">
        <div className="move-buttons">
          <button
            type="button"
            className="btn btn-small icon-btn"
            data-move="up"
            disabled={index === 0}
            aria-label={t('shortlist.moveUp', { name })}
            title={t('shortlist.moveUpShort')}
            onClick={() => onMove(index, -1)}
          >
            <span aria-hidden="true">↑</span>
          </button>
          <button
            type="button"
            className="btn btn-small icon-btn"
            data-move="down"
            disabled={last}
            aria-label={t('shortlist.moveDown', { name })}
            title={t('shortlist.moveDownShort')}
            onClick={() => onMove(index, 1)}
          >
            <span aria-hidden="true">↓</span>
          </button>
        </div>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => onSelect(item.siteId)}>
          {t('shortlist.showSite')}
        </button>
        <button
          type="button"
          className="btn btn-small btn-ghost danger"
          aria-label={t('shortlist.removeNamed', { name })}
          onClick={() => onRemove(index)}
        >
          {t('shortlist.remove')}
        </button>
      </div>
    </li>
  );
}

function NoteEditor({
  name,
  note,
  onSave,
}: {
  name: string;
  note: string | null;
  onSave(note: string): Promise<boolean>;
}) {
  const { t } = useI18n();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note ?? '');
  const [busy, setBusy] = useState(false);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (editing) areaRef.current?.focus();
  }, [editing]);

  const stop = () => {
    setEditing(false);
    requestAnimationFrame(() => openRef.current?.focus());
  };

  if (!editing) {
    return (
      <div className="note">
        {note && <p className="note-text">{note}</p>}
        <button
          ref={openRef}
          type="button"
          className="btn btn-link small"
          aria-label={note ? t('shortlist.editNoteNamed', { name }) : t('shortlist.addNoteNamed', { name })}
          onClick={() => {
            setText(note ?? '');
            setEditing(true);
          }}
        >
          {note ? t('shortlist.editNote') : t('shortlist.addNote')}
        </button>
      </div>
    );
  }
  return (
    <form
      className="note-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const ok = await onSave(text);
        setBusy(false);
        if (ok) stop();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          stop();
        }
      }}
    >
      <label htmlFor={`${id}-note`} className="small">
        {t('shortlist.noteLabel', { name })}
      </label>
      <textarea
        id={`${id}-note`}
        ref={areaRef}
        rows={3}
        maxLength={2000}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="note-actions">
        <button type="button" className="btn btn-small btn-ghost" onClick={stop}>
          {t('action.cancel')}
        </button>
        <button type="submit" className="btn btn-small btn-primary" disabled={busy}>
          {t('shortlist.saveNote')}
        </button>
      </div>
    </form>
  );
}
